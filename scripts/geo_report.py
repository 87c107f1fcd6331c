"""How well a corpus's datelines resolve to places (``docs/geo.md``).

    python scripts/geo_report.py ../shared/corpus/reuters-pages
    python scripts/geo_report.py FOLDER --show 10      # also the most frequent unresolved places

Parses every page of the folders (``NAME.txt`` as text, ``NAME.html`` / ``NAME.html.gz`` as bytes,
with the ``reference_date`` of a ``NAME.json`` label beside it when there is one) and prints:

* the share of datelines that name a place (a credit-only ``(Reuters) -`` names none) whose place
  resolved, and how (``basis``);
* of the resolved datelines that print a region (``LOUISVILLE, Ky.``, ``Nairobi (Kenya)``), the share
  whose resolved country agrees with the country the printed region names (a state or province
  names its country). A region the gazetteer does not know (``Kashmir``) is counted apart.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import wireparse  # noqa: E402
from wireparse import geo  # noqa: E402
from wireparse.records import Dateline  # noqa: E402


def pages(folders: list[Path]) -> list[tuple[Path, str | bytes, dt.date | None]]:
    out: list[tuple[Path, str | bytes, dt.date | None]] = []
    for folder in folders:
        for p in sorted(folder.rglob("*")):
            if p.name.endswith(".txt"):
                page: str | bytes = p.read_text(encoding="utf-8", errors="replace")
            elif p.name.endswith(".html"):
                page = p.read_bytes()
            elif p.name.endswith(".html.gz"):
                page = gzip.decompress(p.read_bytes())
            else:
                continue
            label = p.with_name(p.name.split(".", 1)[0] + ".json")
            ref = None
            if label.exists():
                try:
                    value = json.loads(label.read_text(encoding="utf-8")).get("reference_date")
                    ref = dt.date.fromisoformat(value) if value else None
                except (ValueError, AttributeError):
                    ref = None
            out.append((p, page, ref))
    return out


def region_countries(region: str) -> set[str]:
    """The countries a printed region names (a state or province: its country)."""
    found: set[str] = set()
    for ccs, admins, _ in geo._region_parts(geo.gazetteer(), region):
        found |= set(ccs) | {cc for cc, _ in admins}
    return found


def report(datelines: list[Dateline], show: int = 0) -> list[str]:
    named = [d for d in datelines if d.city]
    resolved = [d for d in named if d.place is not None]
    with_region = [d for d in resolved if d.region]
    known_region = [d for d in with_region if region_countries(d.region or "")]
    agree = [
        d for d in known_region if d.place is not None and d.place.country in region_countries(d.region or "")
    ]
    lines = [
        f"datelines: {len(datelines)}, naming a place: {len(named)}",
        f"resolved: {len(resolved)} of {len(named)} = {len(resolved) / max(len(named), 1):.3f}",
    ]
    bases = Counter(d.place.basis for d in resolved if d.place is not None)
    lines.append("  by basis: " + ", ".join(f"{k} {v}" for k, v in bases.most_common()))
    kinds = Counter(d.place.kind for d in resolved if d.place is not None)
    lines.append("  by kind: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    lines.append(
        f"resolved with a printed region: {len(with_region)}; the region known to the gazetteer: "
        f"{len(known_region)}; country agrees: {len(agree)} of {len(known_region)} = "
        f"{len(agree) / max(len(known_region), 1):.3f}"
    )
    alone = [
        d
        for d in known_region
        if (p := geo.resolve(d.city)) is not None and p.country in region_countries(d.region or "")
    ]
    lines.append(
        f"  the city alone (region ignored) gives the same country: {len(alone)} of {len(known_region)} = "
        f"{len(alone) / max(len(known_region), 1):.3f}"
    )
    if show:
        guesses = Counter(
            f"{d.city} -> {d.place.name} {d.place.country} {d.place.confidence}"
            for d in resolved
            if d.place is not None and d.place.basis == "population"
        )
        lines.append(f"chosen by population: {guesses.most_common(show)}")
        missing = Counter(
            f"{d.city}" + (f", {d.region}" if d.region else "") for d in named if d.place is None
        )
        lines.append(f"unresolved, most frequent first: {missing.most_common(show)}")
        odd = Counter(
            f"{d.city}, {d.region} -> {d.place.name} {d.place.country}"
            for d in known_region
            if d not in agree and d.place is not None
        )
        lines.append(f"country disagrees: {odd.most_common(show)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("--show", type=int, default=0, metavar="N", help="list the N most frequent misses")
    args = ap.parse_args(argv)
    found = pages(args.folders)
    datelines = []
    for _path, page, ref in found:
        d = wireparse.parse(page, reference_date=ref)
        if d.dateline is not None:
            datelines.append(d.dateline)
    print(f"pages: {len(found)}")
    print("\n".join(report(datelines, args.show)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
