"""Write ``docs/formats.md`` from the data tables, so the page never drifts from them.

    python scripts/gen_formats.py           # rewrite docs/formats.md
    python scripts/gen_formats.py --check   # exit 1 when docs/formats.md is stale

Everything on the page is read from ``src/wireparse/tables/*.toml`` (through the installed
``wireparse``) except the list of dateline shapes, which is written here by hand in ``SHAPES``.
Each shape's example is run through ``wireparse.parse_dateline`` while the page is built; the
fields shown are what the parser returns, and the build stops when an example no longer gives the
city and agencies written beside it. The output is deterministic: no dates, no clock, stable order.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import wireparse
from wireparse.records import BOILERPLATE_KINDS
from wireparse.tables import load

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "formats.md"

# (shape, example, expected city, expected agency codes): the examples are invented lines in the
# formats of tests/data/datelines.toml. The build checks city and agencies against parse_dateline.
SHAPES: tuple[tuple[str, str, str | None, tuple[str, ...]], ...] = (
    (
        "AP web: `CITY, Region (AP) —`, no date",
        "TULSA, Okla. (AP) — City councilors voted late Tuesday to extend a curfew.",
        "TULSA",
        ("AP",),
    ),
    (
        "AP wire (ANPA): `CITY (AP) _`",
        "ATLANTA (AP) _ Freddie Coleman drove in three runs.",
        "ATLANTA",
        ("AP",),
    ),
    (
        "Reuters: `CITY, Mon D (Reuters) -`",
        "FRANKFURT, Oct 3 (Reuters) - Germany's largest lender said on Monday it would close branches.",
        "FRANKFURT",
        ("Reuters",),
    ),
    (
        "City, region and date",
        "AUSTIN, Texas, Sept 14 (Reuters) - A Texas appeals court on Thursday reinstated a lawsuit.",
        "AUSTIN",
        ("Reuters",),
    ),
    (
        "Joint city with `/`",
        "KABUL/PESHAWAR, March 6 (Reuters) - Border crossings between the two countries reopened.",
        "KABUL/PESHAWAR",
        ("Reuters",),
    ),
    (
        "No place, date and credit",
        "Oct 3 (Reuters) - Oil prices rose on Monday.",
        None,
        ("Reuters",),
    ),
    (
        "Credit only",
        "(Reuters) - Harlow Foods Inc said on Tuesday it would buy a regional bakery chain.",
        None,
        ("Reuters",),
    ),
    (
        "No credit: a capitalised place and a date",
        "BANGUI, Dec 28 Residents of the capital said armed men had set up roadblocks overnight.",
        "BANGUI",
        (),
    ),
    (
        "No credit: a place in capitals and a separator",
        "WASHINGTON - The Senate voted on Tuesday to extend the program.",
        "WASHINGTON",
        (),
    ),
    (
        "No credit: house style with a colon",
        "NEW DELHI: It was a statement the opposition had waited weeks for.",
        "NEW DELHI",
        (),
    ),
    (
        "Date with its year",
        "STOCKHOLM, Aug 29, 2014 (AFP) - Sweden's opposition widened its lead in a poll.",
        "STOCKHOLM",
        ("AFP",),
    ),
    (
        "Region in parentheses before the credit",
        "Maribo (Denmark) (AFP) – Farmers on the island began harvesting.",
        "Maribo",
        ("AFP",),
    ),
    (
        "Credit between pipes",
        "Kisumu, Kenya | AFP | Fishermen on the lake say their catch has halved.",
        "Kisumu",
        ("AFP",),
    ),
    (
        "SpaceDaily own line: dispatch date, credit, page date",
        "Riga, Dec 1 (AFP) Dec 01, 2021",
        "Riga",
        ("AFP",),
    ),
    (
        "SpaceDaily own line: postal state, credit, page date only",
        "Cape Canaveral FL (SPX) Apr 11, 2023",
        "Cape Canaveral",
        ("SPX",),
    ),
    (
        "UPI: `CITY, ST., Mon. D (UPI) --`",
        "BISMARCK, N.D., Nov. 2 (UPI) -- North Dakota's oil output set another monthly record.",
        "BISMARCK",
        ("UPI",),
    ),
    (
        "Xinhua with the city lost",
        "Jan. 10 (Xinhua) -- Global shipping rates eased for a second straight week.",
        None,
        ("Xinhua",),
    ),
    (
        "Two agencies in one credit",
        "MANILA, Dec. 29 (PNA/Xinhua) -- The Philippine weather bureau raised storm warnings.",
        "MANILA",
        ("PNA", "Xinhua"),
    ),
    (
        "Two agency codes side by side",
        "Paris (ats afp) Les violences ont repris dans la nuit.",
        "Paris",
        ("Keystone-SDA", "AFP"),
    ),
    (
        "Credit after a comma: `CITY, AAP -`",
        "SYDNEY, AAP - Two men have been charged over a break-in.",
        "SYDNEY",
        ("AAP",),
    ),
    (
        "Bare credit: `AAP -`",
        "AAP - Queensland police have closed a highway north of Cairns.",
        None,
        ("AAP",),
    ),
    (
        "PTI: no separator before the body",
        "New Delhi, Sep 20 (PTI) The government on Friday notified new rules.",
        "New Delhi",
        ("PTI",),
    ),
    (
        "ANI: region in brackets, colon",
        "New Delhi [India], Sept 24 (ANI): The opposition on Tuesday demanded a discussion.",
        "New Delhi",
        ("ANI",),
    ),
    (
        "TASS: `CITY, Month D. /TASS/.`",
        "MOSCOW, January 21. /TASS/. The Russian Foreign Ministry has summoned the ambassador.",
        "MOSCOW",
        ("TASS",),
    ),
    (
        "Credit glued to the body",
        "(CNN)The mayor of the coastal city declared a state of emergency.",
        None,
        ("CNN",),
    ),
    (
        "ANSA: credit first, day and month in capitals",
        "(ANSA) - ROMA, 16 APR - Il Consiglio dei ministri ha approvato oggi il decreto.",
        "ROMA",
        ("ANSA",),
    ),
    (
        "AFP French: ordinal day",
        "Paris, 1er déc (AFP) - Les prix de l'électricité augmenteront.",
        "Paris",
        ("AFP",),
    ),
    (
        "EFE: `(EFE).-`",
        "Bogotá, 9 mar (EFE).- El Gobierno colombiano anunció este miércoles un plan.",
        "Bogotá",
        ("EFE",),
    ),
    (
        "dpa German: no date",
        "Berlin (dpa) - Die Bundesregierung will die Förderung neu ordnen.",
        "Berlin",
        ("dpa",),
    ),
    (
        "Lusa Portuguese",
        "Lisboa, 07 mar (Lusa) - O Governo aprovou hoje o novo regime.",
        "Lisboa",
        ("Lusa",),
    ),
    (
        "Aggregator credit line: `By AGENCY, City :`",
        "By IANS, Pokhara : Rescue teams reached the flooded villages on Tuesday.",
        "Pokhara",
        ("IANS",),
    ),
    (
        "Wire feed prefix before the dateline: `Associated Press= CITY (AP) —`",
        "Associated Press= KIGALI, Rwanda (AP) — The parliament approved the bus plan.",
        "KIGALI",
        ("AP",),
    ),
    (
        "Numeric date, day first (month first only when day first makes no date)",
        "Rabat, 04/03/2023 (MAP) - Le gouvernement a adopté le projet de loi.",
        "Rabat",
        ("MAP",),
    ),
    (
        "Country after a hyphen glued to the city: `City- Country (CREDIT) --`",
        "Syrte- Libye (PANA) -- Les autorités ont rouvert l'aéroport.",
        "Syrte",
        ("PANA",),
    ),
    (
        "City, state or province, then the country: `City, Region, Country:`",
        "Houston, Texas, United States: A launch planned for the weekend has slipped a week.",
        "Houston",
        (),
    ),
    (
        "A credit the registry does not know (an unknown `Agency` and a defect)",
        "HONOLULU (HawaiiNewsNow) - Lifeguards closed three beaches on Tuesday.",
        "HONOLULU",
        ("HawaiiNewsNow",),
    ),
    (
        "A lower-case credit the registry does not know, before a dash",
        "Hamburg (dts) - Die Zahl der Baugenehmigungen ist im März gesunken.",
        "Hamburg",
        ("dts",),
    ),
    ("The city in brackets: `(City) –`", "(Paris) – Les ministres ont arrêté le budget lundi.", "Paris", ()),
    (
        "A double hyphen glued to the city: `CITY--`",
        "CHICAGO--The council approved a transit levy.",
        "CHICAGO",
        (),
    ),
    (
        "A pipe after a known place: `CITY |`",
        "NAIROBI | The assembly passed a water bill on Wednesday.",
        "NAIROBI",
        (),
    ),
    (
        "A middle dot after a known place: `City ·`",
        "Neuss · Der Stadtrat hat einen Haushalt beschlossen.",
        "Neuss",
        (),
    ),
    (
        "A full stop after a known place: `City.`",
        "Berlin. Die Feuerwehr hat einen Brand gelöscht.",
        "Berlin",
        (),
    ),
    (
        "The date first: `Date, City:`, `DD.MM.YYYY, City (CREDIT) –`",
        "12.12.2018, Warszawa (PAP) – Sejm przyjął w środę nowelizację ustawy.",
        "Warszawa",
        ("PAP",),
    ),
    (
        "The source first: `Agency, City, Date –`",
        "Xinhua, United Nations, May 5 – The council extended the mission by a year.",
        "United Nations",
        ("Xinhua",),
    ),
    (
        "A timestamp first: `(MM-DD) HH:MM TZ CITY --`",
        "(07-17) 13:09 PDT BERKELEY -- Police closed two streets near the campus.",
        "BERKELEY",
        (),
    ),
    (
        "A dash as a character reference in plain text (`&#151;`, `&#8212;`, `&mdash;`)",
        "BOGOTA &#151; Heavy rain closed the main road to the airport.",
        "BOGOTA",
        (),
    ),
    (
        "An update note, date stamp, image name or photo credit before the dateline (its own part)",
        "(Adds comment from the port authority) ROTTERDAM (Reuters) - Dock workers ended a strike.",
        "ROTTERDAM",
        ("Reuters",),
    ),
    (
        "Arabic script: `City (CREDIT) -`",
        "القاهرة (رويترز) - قالت الوزارة إن القطار سيعمل قريبا.",
        "القاهرة",
        ("Reuters",),
    ),
    (
        "Cyrillic, with Russian or Ukrainian month names",
        "МОСКВА, 5 мая (Рейтер) - Центральный банк сохранил ставку.",
        "МОСКВА",
        ("Reuters",),
    ),
    (
        "Chinese: `新华社City月日电`, `【City月日新华社电】`",
        "新华社北京5月5日电 国务院今天召开常务会议。",
        "北京",
        ("Xinhua",),
    ),
    (
        "Japanese and Korean: `【City共同】`, `(City=연합뉴스)`",
        "(서울=연합뉴스) 정부는 새 주택 계획을 발표했다.",
        "서울",
        ("Yonhap",),
    ),
)

KIND_ORDER = ("agency", "site-wire", "press-office", "broadcaster", "publisher", "pool")
"""The kinds in the order of the agencies.toml header; any other kind follows, sorted."""
NOT_MONTHS = ("weekdays", "ordinal_suffixes")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    for char in ("\\", "|", "*", "_", "`", "<", ">", "[", "]"):
        text = text.replace(char, "\\" + char)
    return text


def code(text: str) -> str:
    """An inline code span (the examples hold no backticks)."""
    return f"`{text}`"


def shapes_section() -> list[str]:
    out = [
        "## Dateline shapes",
        "",
        "Each example below was run through `wireparse.parse_dateline` when this page was written; the",
        "fields are what it returned. `date` needs a year: a dateline that prints none gets it from the",
        "page's own full date, or from `reference_date` when `parse` is given one (see",
        "[Getting started](index.md)). With `parse_dateline` alone only the SpaceDaily page date can",
        "supply it.",
        "",
    ]
    failures = []
    for n, (shape, example, city, agencies) in enumerate(SHAPES, 1):
        d = wireparse.parse_dateline(example)
        if d is None:
            failures.append(f"{example!r}: no dateline")
            continue
        got = tuple(a.code for a in d.agencies)
        if d.city != city or got != agencies:
            failures.append(f"{example!r}: city {d.city!r}, agencies {got}; expected {city!r}, {agencies}")
        fields = [
            f"city {code(d.city) if d.city else '—'}",
            f"region {code(d.region) if d.region else '—'}",
            f"date as printed {code(d.date_text) if d.date_text else '—'}",
            f"date {code(d.date.isoformat()) if d.date else '—'}",
            "agencies "
            + (", ".join(code(a.code) + ("" if a.known else " (unknown)") for a in d.agencies) or "—"),
        ]
        out += [
            f"{n}. **{shape}**",
            "",
            f"    {code(example)}",
            "",
            f"    dateline {code(d.text)}; " + "; ".join(fields),
            "",
        ]
    if failures:
        raise SystemExit(
            "gen_formats: dateline examples no longer parse as written:\n  " + "\n  ".join(failures)
        )
    return out


def agencies_section() -> list[str]:
    registry = wireparse.default_registry()
    country = {row["code"]: row.get("country", "") for row in load("agencies")["agency"]}
    scripts = {row["code"]: row.get("scripts", ()) for row in load("agencies")["agency"]}
    by_kind: dict[str, list[wireparse.Agency]] = defaultdict(list)
    for agency in registry:
        by_kind[agency.kind].append(agency)
    kinds = [k for k in KIND_ORDER if k in by_kind] + sorted(set(by_kind) - set(KIND_ORDER))
    out = [
        "## Agencies",
        "",
        f"The registry (`wireparse.default_registry()`, from `tables/agencies.toml`) holds {len(registry)}",
        "entries. A credit matches an entry by its code, its name or any alias, ignoring case, runs of",
        "spaces and full stops at either end. Aliases below leave out the code itself. Spellings in",
        "other scripts (the table's `scripts`: `رويترز`, `ロイター`) match the same way but are not",
        "listed among a record's `Agency.aliases`; they follow the aliases here.",
        "",
        "| kind | entries |",
        "| --- | ---: |",
    ]
    out += [f"| {k} | {len(by_kind[k])} |" for k in kinds]
    out.append("")
    for kind in kinds:
        out += [f"### {kind}", "", "| code | name | country | aliases |", "| --- | --- | --- | --- |"]
        for a in sorted(by_kind[kind], key=lambda a: (a.code.casefold(), a.code)):
            aliases = ", ".join(cell(x) for x in a.aliases) or "—"
            if scripts.get(a.code):
                aliases += "; other scripts: " + ", ".join(cell(x) for x in scripts[a.code])
            out.append(
                f"| {cell(a.code)} | {cell(a.name)} | {cell(country.get(a.code) or '—')} | {aliases} |"
            )
        out.append("")
    return out


def months_section() -> list[str]:
    table = load("months")
    languages = [k for k in table if k not in NOT_MONTHS]
    months_of: dict[str, set[int]] = defaultdict(set)
    for lang in languages:
        for token, month in table[lang].items():
            if isinstance(month, int):
                months_of[token.casefold()].add(month)
    clashes = sorted(t for t, ms in months_of.items() if len(ms) > 1)
    out = [
        "## Month tokens",
        "",
        "Month names and abbreviations that the date reader accepts, per language section of",
        "`tables/months.toml` (every section except `weekdays` and `ordinal_suffixes` is read for months).",
        "Matching ignores case; a token is taken for a month only in a date slot, next to a day number.",
        (
            "Tokens that name different months in different sections: " + ", ".join(clashes) + "."
            if clashes
            else "No token names different months in different sections."
        ),
        "",
    ]
    for lang in languages:
        months: dict[int, list[str]] = defaultdict(list)
        for token, month in table[lang].items():
            if isinstance(month, int):
                months[month].append(token)
        out += [f"### `{lang}`", "", "| month | tokens |", "| --- | --- |"]
        for m in sorted(months):
            out.append(f"| {MONTH_NAMES[m - 1]} | {', '.join(cell(t) for t in months[m])} |")
        out.append("")
    return out


def places_section() -> list[str]:
    places = load("places")
    standalone = places.get("standalone", {})
    out = [
        "## Standalone dateline cities",
        "",
        "A place from these lists is a known place: with a dash or colon separator it makes a dateline",
        "even with no credit and no date. The dateline grammar reads the `us` and `world` lists of",
        "`[standalone]` and the `names` of `[cities]` in `tables/places.toml`; case is ignored.",
        "",
    ]
    lists = (
        ("United States, printed with no state", standalone.get("us", [])),
        ("World, printed with no country", standalone.get("world", [])),
        ("Other known cities", places.get("cities", {}).get("names", [])),
    )
    for title, names in lists:
        out += [f"### {title} ({len(names)})", "", ", ".join(cell(n) for n in names), ""]
    states: dict[str, list[str]] = defaultdict(list)
    for token, name in places.get("us_states", {}).items():
        states[name].append(token)
    out += [
        "## State abbreviations",
        "",
        "Tokens that name a US state after the city (`LOUISVILLE, Ky.`, `Houston TX`), from",
        "`[us_states]` in `tables/places.toml`; matching ignores case. A two-letter postal code may follow",
        "the city without a comma. A region from this list, or from the "
        f"{len(places.get('countries', {}).get('names', []))}",
        "country names of `[countries]`, makes the place a known one.",
        "",
        "| state | tokens |",
        "| --- | --- |",
    ]
    for name in sorted(states):
        out.append(f"| {cell(name)} | {', '.join(cell(t) for t in states[name])} |")
    out.append("")
    return out


def boilerplate_section() -> list[str]:
    table = load("boilerplate")
    keys = ("lines", "starts", "contains", "headings", "patterns")
    out = [
        "## Boilerplate kinds",
        "",
        "Phrases per kind in `tables/boilerplate.toml` (what each key means: [Extending](extending.md)).",
        "A line that matches no phrase can still be labelled boilerplate by its shape and place on the",
        "page; its kind is then `navigation`, `sidebar` or `other`.",
        "",
        "| kind | " + " | ".join(keys) + " | total |",
        "| --- | " + " | ".join("---:" for _ in keys) + " | ---: |",
    ]
    for kind in BOILERPLATE_KINDS:
        entry = table.get(kind, {})
        counts = [len(entry.get(k, ())) for k in keys]
        out.append(f"| `{kind}` | " + " | ".join(str(c) for c in counts) + f" | {sum(counts)} |")
    out.append("")
    return out


def render() -> str:
    """The whole page."""
    lines = [
        "<!-- Generated by scripts/gen_formats.py from src/wireparse/tables. Do not edit by hand: -->",
        "<!-- run `python scripts/gen_formats.py` to rewrite this page. -->",
        "",
        "# Formats",
        "",
        "What wireparse recognises: the dateline shapes, the agency registry, month names, standalone",
        "dateline cities, US state abbreviations and the boilerplate phrase tables.",
        "",
        *shapes_section(),
        *agencies_section(),
        *months_section(),
        *places_section(),
        *boilerplate_section(),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write docs/formats.md from the data tables.")
    ap.add_argument("--check", action="store_true", help="exit 1 when docs/formats.md is stale")
    args = ap.parse_args(argv)
    text = render()
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT.relative_to(ROOT)} is stale: run python scripts/gen_formats.py", file=sys.stderr)
            return 1
        print(f"{OUT.relative_to(ROOT)} is current")
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
