"""The README's web page section is a promise that runs: after the demo, its commands serve the
page, and its command finds the sign-in link in the demo's mail folder."""

from __future__ import annotations

import http.cookiejar
import os
import re
import shlex
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

from tests.e2e.conftest import inprocess_runner
from tests.web.conftest import Served

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
TOKEN = re.compile(r'name="csrf" value="([^"]+)"')


def blocks() -> list[list[str]]:
    section = README.split("## The web page", 1)[1].split("\n## ", 1)[0]
    return [
        [line for line in block.splitlines() if line.strip()]
        for block in re.findall(r"```sh\n(.*?)```", section, re.S)
    ]


def _as_the_shell_runs(
    env: dict[str, str], export: str, start: str, folder: Path
) -> tuple[dict[str, str], list[str]]:
    """The environment and the command the two lines give a shell in `folder` (on a free port)."""
    name, _, value = export.removeprefix("export ").partition("=")
    words = shlex.split(start)
    settings = dict(word.split("=", 1) for word in words if "=" in word)
    command = [word for word in words if "=" not in word]
    return env | {name: value.replace("$PWD", str(folder))} | settings, [*command, "--port", "0"]


def test_the_readme_serves_the_demo_and_finds_the_link_in_its_mail(tmp_path: Path) -> None:
    """The demo, then the README's two commands (on a free port), then its grep: the link it
    finds signs the association's preparedness lead in, to the association's items."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARSHJUL_")}
    env |= {"XDG_DATA_HOME": str(tmp_path / "data"), "PYTHONIOENCODING": "utf-8"}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    inprocess_runner(env)("demo", "--dir", str(tmp_path / "arshjul-demo"))
    (export, start), (find,) = blocks()
    assert export.startswith("export ARSHJUL_DB=") and start.endswith("arshjul serve")
    served_env, command = _as_the_shell_runs(env, export, start, tmp_path)
    served = Served(served_env, command=command, cwd=tmp_path)
    try:
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

        def post(url: str, fields: dict[str, str]) -> str:
            page = opener.open(url, timeout=30).read().decode()
            data = urllib.parse.urlencode(fields | {"csrf": TOKEN.findall(page)[0]}).encode()
            return opener.open(url, data=data, timeout=30).read().decode()

        assert "Titta i din inkorg" in post(
            served.url + "/signin", {"address": "beredskap@svenskabankforeningen.example"}
        )
        link = ""
        for _ in range(200):  # the server's courier delivers it in its own time
            found = subprocess.run(
                ["bash", "-c", find], cwd=tmp_path, capture_output=True, text=True
            )
            link = found.stdout.strip()
            if link.startswith(served.url):
                break
            subprocess.run(["sleep", "0.1"], check=True)
        assert link.startswith(served.url + "/signin/"), link
        home = post(link, {})
        assert "Beredskapschef Svenska Bankföreningen" in home
        assert "Sektorsövning: betalningar vid långvarigt elavbrott" in home
    finally:
        code, said = served.stop()
    assert code == 0, said
