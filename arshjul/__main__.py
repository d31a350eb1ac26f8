from arshjul.cli import main

main()
