"""The regional finance cooperation's plan for 2023 (a regional council's published plan),
typed in as a plan workbook laid out like the plan's own tables.

`python tests/data/make_regional_plan.py` writes regional-finance-plan-2023.xlsx beside this
file; the tests read that file and check it still matches what this script makes.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
WORKBOOK = HERE / "regional-finance-plan-2023.xlsx"

#: Section 3: (nr, goal, [(horizon, focus, indicator, target, better, unit)]).
GOALS = [
    (
        "3.1",
        "Säkerställd betalningskapacitet",
        [
            (
                "Kort sikt",
                "Likviditetshantering",
                "Betryggande betalningsberedskap vid varje tillfälle",
                None,
                None,
                None,
            ),
            (
                "Lång sikt",
                "Hantera pensionsförpliktelse",
                "Skuldtäckningsgrad enligt mål",
                None,
                None,
                None,
            ),
            (
                "Lång sikt",
                "Hantera pensionsförpliktelse",
                "Lägre nettobelastning på resultaträkningen från pensioner",
                None,
                None,
                None,
            ),
        ],
    ),
    (
        "3.2",
        "Robust organisation",
        [
            (
                None,
                None,
                "Finansorganisation med tydlig rollfördelning inklusive hanterad back-up",
                None,
                None,
                None,
            )
        ],
    ),
    (
        "3.3",
        "God portföljutveckling",
        [
            (
                None,
                None,
                "Bättre sharpekvot än normalportföljen i respektive pensionsportfölj",
                None,
                None,
                None,
            )
        ],
    ),
    (
        "3.4",
        "Effektiv riskhantering",
        [
            (
                None,
                None,
                "Inga väsentliga avvikelser i finansförvaltningen",
                0,
                "Lägre",
                "avvikelser",
            )
        ],
    ),
    (
        "3.5",
        "Hållbara/ansvarsfulla investeringar",
        [
            (None, None, "Minskande klimatbelastning från portföljinnehav", None, None, None),
            (
                None,
                None,
                "Anlitade kapitalförvaltare driver ett effektivt hållbarhetsarbete",
                None,
                None,
                None,
            ),
        ],
    ),
    ("3.6", "Aktiviteter av löpande karaktär", []),
]

#: The goals' tables: (goal, heading, two years?, [(nr, activity, responsible, quarters, done by)]).
#: A quarter is (year, 1–4).
MEASURES = [
    (
        1,
        "Övergripande mål: säkerställd betalningskapacitet",
        False,
        [
            ("1a", "Upphandling finansiell leasing", "FO", [(2023, 1)], "2023-03-31"),
            (
                "1b",
                "Förarbete (arbetsgrupper) inför bankupphandling 2025",
                "FO",
                [(2023, 4)],
                "2023-12-31",
            ),
        ],
    ),
    (
        2,
        "Övergripande mål: Robust organisation",
        False,
        [
            (
                "2a",
                "Ta fram internkontrollplan och genomföra riskanalys",
                "MO",
                [(2023, 1)],
                "2023-03-31",
            ),
            ("2b", "Revidering finanspolicy och riktlinjer", "FO", [(2023, 2)], "2023-06-30"),
            (
                "2c",
                "Implementera åtgärder identifierade i sårbarhetsanalysen (finanschefer)",
                "FO",
                [(2023, 2)],
                "2023-06-30",
            ),
            ("2d", "Utred Back office för skuldportföljen", "FO", [(2023, 3)], "2023-09-30"),
            ("2e", "Studiebesök hos extern förvaltare", "FO", [(2023, 4)], "2023-12-31"),
            (
                "2f",
                "Gemensam information för politiken i resp. region med finanscheferna",
                "FO",
                [(2023, 2)],
                "2023-06-30",
            ),
        ],
    ),
    (
        3,
        "Övergripande mål: God portföljutveckling",
        False,
        [
            (
                "3a",
                "Formulera regionspecifik investeringsstrategi för att höja den riskjusterade avkastningen",
                "FO",
                [(2023, 4)],
                "2023-12-31",
            ),
            (
                "3b",
                "Ta fram modell för detaljerad analys av alternativa investeringar",
                "FO",
                [(2023, 4)],
                "2023-12-31",
            ),
            (
                "3c",
                "Ta fram modell för att analysera avvikelser mot index",
                "MO",
                [(2023, 4)],
                "2023-12-31",
            ),
        ],
    ),
    (
        4,
        "Övergripande mål: Effektiv riskhantering",
        False,
        [
            (
                "4a",
                "Automatiserad bokföring (Sörmland & Västmanland)",
                "MO",
                [(2023, 4)],
                "2023-12-31",
            ),
            (
                "4b",
                "Framtagande av modell/beräkning av borgensavgifter",
                "FO",
                [(2023, 1)],
                "2023-03-31",
            ),
            ("4c", "Utred byte av finanssystem", "MO", [(2023, 2)], "2023-06-30"),
            (
                "4d",
                "Utvärdera befintliga riskmått. Syfte och mål med respektive riskmått",
                "MO",
                [(2023, 2)],
                "2023-06-30",
            ),
            (
                "4e",
                "Utred möjlighet att göra avrop av juridisk kompetens för avtalsgranskning",
                "FO",
                [(2023, 3)],
                "2023-09-30",
            ),
        ],
    ),
    (
        5,
        "Övergripande mål: Hållbara/ansvarsfulla investeringar",
        True,
        [
            (
                "5a",
                "Enkät till förvaltare angående ansvarsfulla investeringar",
                "FO",
                [(2024, 4)],
                "2024-12-31",
            ),
            ("5b", "Implementera taxonomin i portföljarbetet", "FO", [(2024, 4)], "2024-12-31"),
            (
                "5c",
                "Revidera hållbarhetsavsnitt i finanshandboken",
                "MO",
                [(2023, 2)],
                "2023-06-30",
            ),
        ],
    ),
]

#: 3.6, of a running kind: (nr, activity, responsible).
RUNNING = [
    ("6a", "Kompetensutveckling FO, MO, BO", "FO"),
    ("6b", "Systemutveckling finanssystem", "MO"),
    ("6c", "Dialog med förvaltare om ansvarsfulla investeringar", "FO"),
    ("6d", "CO2- screening (årligen)", "MO"),
]

_DUALITY = (
    "Betalningar bör ske av personer inom finansgruppen som har insyn i affärsflödet och "
    "motparter. MO ska upprätta ett betalningsregister med aktuella motparter och "
    "betalningsuppgifter. Info ska komma direkt från respektive motpart."
)
_FRAUD = (
    "Stora belopp kan attrahera intresse från personer {who} med ont uppsåt och ökar risken "
    "för bedrägerier vilket slår mot portföljvärdet som direkt påverkar anseendet och indirekt "
    "kan ge en motreaktion med överreglering som skadar avkastningen."
)
_ABSENCE = (
    "Risken för att ev. {how} frånvaro gällande finanschefen påverkar möjligheterna att "
    "genomföra erforderliga affärer. En oplanerad frånvaro kan medföra att viktiga betalningar "
    "uteblir eller att regionen hamnar i kortsiktig likviditetsbrist, vilket kan leda till "
    "negativ finansiell påverkan och minskat förtroende hos motparten."
)

#: Section 4: (nr, risk, responsible, action level, probability, consequence, action, done by).
#: The seed prints the level (their product) and the matrix the cell; these are the cells.
RISKS = [
    (
        1,
        _FRAUD.format(who="internt"),
        "MO",
        1,
        2,
        4,
        f"Inför och stärker dualitet i roller. {_DUALITY}",
        "2023-06-30",
    ),
    (
        2,
        _FRAUD.format(who="externt"),
        "MO",
        1,
        2,
        4,
        f"Stärker dualitet i betalningar. {_DUALITY}",
        "2023-06-30",
    ),
    (
        3,
        _ABSENCE.format(how="kort"),
        "FO",
        1,
        2,
        2,
        "Handlingsplan upprättas enligt framtagen sårbarhetsanalys.",
        "2023-06-30",
    ),
    (
        4,
        _ABSENCE.format(how="lång"),
        "FO",
        1,
        3,
        2,
        "Handlingsplan upprättas enligt framtagen sårbarhetsanalys.",
        "2023-06-30",
    ),
    (
        5,
        "Bristande kompetens gör att risken i det finansiella instrumentet inte är förstådd vilket kan leda till en bristande skuld/placeringshantering.",
        "FO",
        2,
        2,
        2,
        "Löpande kompetensutveckling, se aktivitet i verksamhetsplan.",
        "Löpande",
    ),
    (
        6,
        "Fel person anställs vilket leder till att sannolikheten för felaktiga beslut ökar.",
        "Alla",
        3,
        2,
        3,
        "Vid behov, bidra med input till rollbeskrivning.",
        "Vid behov",
    ),
    (
        7,
        "En av regionens placeringar figurerar ofördelaktigt i media vilket kan leda till mediadrev som tar tid och energi och ger ett försämrat anseende och indirekt leder till en motreaktion i form av överreglering som följd.",
        "FO",
        3,
        2,
        3,
        "Kontinuerlig dialog med såväl förvaltare som politik, samt bevaka nyhetsflöde. Uppdatera ekonomihandboken med process för adhoc-frågor inom hållbarhet.",
        "Löpande",
    ),
    (
        8,
        "Avtal tecknas som till fullo inte har förståtts vilket kan leda till ekonomiska skador för regionen och juridisk process som följd.",
        "FO",
        2,
        3,
        2,
        "Utred möjlighet att avropa juridisk hjälp, se aktivitet i verksamhetsplan.",
        "2023-09-30",
    ),
    (
        9,
        "Handlingar lämnas ut i strid med sekretessklausul i avtal vilket leder till avtalsbrott och ev. motpartsskada.",
        "FO",
        3,
        2,
        2,
        "Gå igenom avtal för alternativa placeringar för att kontrollera att det är klassade enligt OSL.",
        "2023-12-31",
    ),
    (
        10,
        "Tjänsteperson erbjuds och tar emot något som kan ge personlig vinning, som kan tolkas som/är muta, vilket skulle kunna leda till beslut som ej är baserade på fakta, vilket skulle kunna skada förtroendet för regionen.",
        "FO",
        1,
        2,
        2,
        "Gå igenom regionernas övergripande riktlinje om mutor. Ta fram en egen riktlinje kopplat till mutor i finansförvaltningen.",
        "2023-12-31",
    ),
    (
        11,
        "Felaktig redovisning i systemet vilket påverkar regionens resultat och ställning och kan leda till att felaktiga beslut kan fattas.",
        "MO",
        3,
        2,
        1,
        "Fortsatt arbete med harmonisering av gemensamma bokföringsregler.",
        "2023-12-31",
    ),
]


def build(path: Path = WORKBOOK) -> Path:
    """Write the workbook: the goals, the goals' tables as the seed prints them, the risks."""
    book = Workbook()
    goals = book.active
    assert goals is not None
    goals.title = "Mål"
    goals.append(["3 Övergripande mål och indikatorer"])
    goals.append(["Nr", "Mål", "Sikt", "Inriktning", "Indikator", "Målvärde", "Bättre", "Enhet"])
    for nr, title, indicators in GOALS:
        if not indicators:
            goals.append([nr, title])
        for n, (horizon, focus, name, target, better, unit) in enumerate(indicators):
            goals.append(
                [nr, title if n == 0 else None, horizon, focus, name, target, better, unit]
            )

    sheet = book.create_sheet("Aktiviteter")
    sheet.append(["Verksamhetsplan, inkl. internkontrollplan 2023"])
    for goal, heading, two_years, rows in MEASURES:
        years = (2023, 2024) if two_years else (2023,)
        sheet.append([])
        sheet.append(
            [
                None,
                None,
                None,
                *(y for year in years for y in (f"Uppföljning {year}", None, None, None)),
            ]
        )
        sheet.append(
            [
                "Nr",
                "Aktivitet",
                "Ansvar",
                *("Q1", "Q2", "Q3", "Q4") * len(years),
                "Beräknat klart",
                "Ej påbörjat",
                "Pågående",
                "Klart",
            ]
        )
        sheet.append([goal, heading])
        for nr, title, responsible, quarters, due in rows:
            marks = ["X" if (year, q) in quarters else None for year in years for q in range(1, 5)]
            sheet.append([nr, title, responsible, *marks, due])
    sheet.append([])
    sheet.append(["Nr", "Aktivitet", "Ansvar"])
    sheet.append([6, "Aktiviteter av löpande karaktär"])
    for nr, title, responsible in RUNNING:
        sheet.append([nr, title, responsible])

    risks = book.create_sheet("Internkontrollplan")
    risks.append(["4 Internkontrollplan"])
    risks.append(
        [
            "Nr",
            "Risk",
            "Ansvar",
            "Åtgärds-nivå",
            "Sannolikhet",
            "Konsekvens",
            "Risk-nivå",
            "Åtgärd",
            "Genomförd senast",
        ]
    )
    for number, text, responsible, level, probability, consequence, action, by in RISKS:
        risks.append(
            [
                number,
                text,
                responsible,
                level,
                probability,
                consequence,
                probability * consequence,
                action,
                by,
            ]
        )
    book.save(path)
    return path


if __name__ == "__main__":
    print(build())
