"""Fuzz target for ``wireparse.parse``: never crash, never lose text, and layout noise changes nothing.

Two modes (see ``fuzz/README.md``)::

    python fuzz/fuzz_parse.py -atheris_runs=1000000        # coverage-guided, needs the `fuzz` extra (atheris)
    python fuzz/fuzz_parse.py --random 1000000 --jobs 2    # no atheris: seeded random pages from fragments

Every input is checked for:

``crash``      ``parse`` raises nothing for ``str``/``bytes``, and only ``TypeError`` for other types;
``cover``      the parts cover every non-blank character of ``Dispatch.source`` exactly once, in order;
``source``     for ``str`` input, ``source`` is the input with its newlines normalised (and one leading
               BOM dropped): no text is lost or rewritten;
``roundtrip``  ``Dispatch.from_dict(d.to_dict()) == d``;
``reparse``    parsing ``d.source`` again reads the same fields;
``crlf``       ``\\r\\n`` (and ``\\r``) line ends give the very same record;
``nbsp``       every space turned into U+00A0 gives the same fields;
``trailing``   trailing spaces and tabs on every line give the same fields;
``blank``      every blank line doubled gives the same fields.

"Fields" are what a reader sees without offsets: site, headline, byline, published, the dateline, the
paragraph texts, the boilerplate kinds and lines, the rights holder and year, and the sequence of part
kinds. ``--checks`` picks which of the last five run (all by default).
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import wireparse
from wireparse import Dispatch

METAMORPHIC = ("reparse", "crlf", "nbsp", "trailing", "blank")
NEWLINES = ("\r\n", "\r", "\u2028", "\u2029", "\u0085", "\x0b", "\x0c")
"""Newline conventions ``parse`` turns into ``\\n`` (docs: CRLF, CR, NEL, LS, PS, VT, FF)."""
SLOW_SECONDS = 5.0
"""A generated page (a few KB) that takes longer than this to parse is reported as ``slow``."""


class InvariantError(AssertionError):
    """One invariant broken for one input; ``kind`` names it."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"[{kind}] {detail}")
        self.kind = kind
        self.detail = detail


# --- the invariants ------------------------------------------------------------------------------


def coverage_error(d: Dispatch) -> str | None:
    """Why the parts do not cover ``d.source`` (:meth:`Dispatch.check`), or None."""
    try:
        d.check()
    except ValueError as e:
        return str(e)
    return None


def normalised(text: str) -> str:
    """What ``Dispatch.source`` must be for ``str`` input: leading BOMs dropped, newlines as ``\\n``."""
    text = text.lstrip("\ufeff")
    text = text.replace("\r\n", "\n")
    for nl in NEWLINES[1:]:
        text = text.replace(nl, "\n")
    return text


def fields(d: Dispatch) -> tuple[object, ...]:
    """What a reader sees, without source offsets."""
    dl = d.dateline
    return (
        d.site,
        d.headline,
        d.byline,
        d.published,
        None if dl is None else (dl.text, dl.city, dl.region, dl.date, tuple(a.code for a in dl.agencies)),
        tuple(p.text for p in d.paragraphs),
        tuple((b.kind, b.heading, b.lines) for b in d.boilerplate),
        None if d.rights is None else (d.rights.holder, d.rights.year),
        tuple(p.kind for p in d.parts),
    )


def first_difference(a: tuple[object, ...], b: tuple[object, ...]) -> str:
    names = ("site", "headline", "byline", "published", "dateline", "paragraphs", "boilerplate", "rights")
    for name, x, y in zip((*names, "part kinds"), a, b, strict=True):
        if x != y:
            return f"{name}: {str(x)[:300]} != {str(y)[:300]}"
    return "no difference"


def with_trailing_whitespace(text: str) -> str:
    return "\n".join(line + " \t " for line in text.split("\n"))


def with_doubled_blank_lines(text: str) -> str:
    out: list[str] = []
    for line in text.split("\n"):
        out.append(line)
        if not line.strip():
            out.append(line)
    return "\n".join(out)


VARIANTS: dict[str, Callable[[str], str]] = {
    "nbsp": lambda s: s.replace(" ", "\u00a0"),
    "trailing": with_trailing_whitespace,
    "blank": with_doubled_blank_lines,
}


def parse_checked(page: str | bytes, kind: str = "crash") -> Dispatch:
    try:
        d = wireparse.parse(page)
    except Exception as err:
        raise InvariantError(kind, f"parse raised {type(err).__name__}: {err}") from err
    if not isinstance(d, Dispatch):
        raise InvariantError(kind, f"parse returned {type(d).__name__}")
    return d


def check(page: str | bytes, checks: Iterable[str] = METAMORPHIC) -> Dispatch:
    """Run every invariant on one page; raise :class:`InvariantError` on the first one broken."""
    checks = frozenset(checks)
    d = parse_checked(page)
    problem = coverage_error(d)
    if problem is not None:
        raise InvariantError("cover", problem)
    if isinstance(page, str) and d.source != normalised(page):
        raise InvariantError("source", "Dispatch.source is not the input with newlines normalised")
    if isinstance(page, bytes) and any("\ud800" <= c <= "\udfff" for c in d.source):
        raise InvariantError("source", "Dispatch.source decoded from bytes holds a lone surrogate")
    try:
        back = Dispatch.from_dict(d.to_dict())
    except Exception as err:
        problem = f"from_dict(to_dict(d)) raised {type(err).__name__}: {err}"
        raise InvariantError("roundtrip", problem) from err
    if back != d:
        raise InvariantError("roundtrip", "from_dict(to_dict(d)) != d")
    if not checks:
        return d
    source = d.source
    # a str page that needed no normalising is its own source: parsing it again is parsing it again
    base = d if isinstance(page, str) and page == source else parse_checked(source, "reparse")
    view = fields(base)
    if "reparse" in checks and view != fields(d):
        raise InvariantError("reparse", first_difference(fields(d), view))
    if "crlf" in checks:
        for nl in ("\r\n", "\r"):
            other = parse_checked(source.replace("\n", nl), "crlf")
            if other != base:
                raise InvariantError("crlf", f"{nl!r} line ends: {first_difference(view, fields(other))}")
    for name, variant in VARIANTS.items():
        if name in checks:
            other = parse_checked(variant(source), name)
            problem = coverage_error(other)
            if problem is not None:
                raise InvariantError("cover", f"({name} variant) {problem}")
            got = fields(other)
            if got != view:
                raise InvariantError(name, first_difference(view, got))
    return d


NOT_PAGES: tuple[object, ...] = (None, 0, 1.5, ["page"], {"page": "x"}, ("x",), object(), {b"x"})


def check_type_error(value: object) -> None:
    """Anything but str and bytes (bytearray and memoryview are bytes too) raises TypeError, nothing else."""
    try:
        wireparse.parse(value)  # type: ignore[arg-type]
    except TypeError:
        return
    except Exception as err:
        raise InvariantError("crash", f"parse({value!r}) raised {type(err).__name__}, not TypeError") from err
    raise InvariantError("crash", f"parse({value!r}) returned instead of raising TypeError")


# --- random pages from realistic fragments ---------------------------------------------------------

BANNERS = (
    "SpaceWar.com - Your World At War",
    "TerraWire.com - Planet Earth, One Dispatch At A Time",
    "XINHUANET | English",
    "The Hindu",
    "www.example-news.com",
    "NEWS | WORLD | BUSINESS",
)
HEADLINES = (
    "Glacier survey finds faster spring melt in the northern Alps",
    "NATO ministers meet in Riga as tensions rise",
    "Harbor deepening plan wins federal backing",
    "ECONOMIC SPOTLIGHT - HUNGARY",
    "Talks to resume on Monday, minister says",
    "Brown-Forman board approves stock split",
    "UN: aid convoys reach besieged city",
    "Stocks rally; oil slips",
)
BYLINES = (
    "by Staff Writers",
    "By Jane Doe, Associated Press",
    "By CLAIRE BOWEN=",
    "Associated Press Writer=",
    "By Lena Vogt, dpa =",
    "Par Marie Dupont",
    "By IANS",
)
DATELINES = (
    "PARIS, Dec 1 (AFP) -",
    "Riga, Dec 1 (AFP) Dec 01, 2021",
    "LOUISVILLE, Ky., Feb 26 (Reuters) -",
    "(ANSA) - ROMA, 16 APR -",
    "New Delhi, Sep 20 (PTI)",
    "SAVANNAH, Ga. (AP) _",
    "Beijing, Dec. 1 (Xinhua) --",
    "BERLIN (dpa) -",
    "WASHINGTON, Dec 1 (UPI) --",
    "(Reuters) -",
    "MOSCOW, Dec 1 /TASS/.",
    "Sydney | AAP |",
    "KABUL/PESHAWAR, Dec 1 (Reuters) -",
    "Maribo (Denmark) (AFP) –",
    "(CNN)",
    "UNITED NATIONS (AP) —",
    "HANOI, Vietnam (AP) --",
    "PARIS, Dec 1 (",
    "Innsbruck, Apr 3 (HawaiiNewsNow) -",
    "ROME 16 APR -",
)
SENTENCES = (
    "The minister said on Monday that talks would go on.",
    "NATO ministers met in Riga on Wednesday to discuss the crisis.",
    "The council voted on Tuesday to approve the budget for the coming year.",
    '"The volume is one story, the timing is another," she told reporters.',
    "Shares rose 3.2 percent to $41.50 in early trading on the New York Stock Exchange.",
    "The survey will be extended to the southern side of the range next year.",
    "Officials, who spoke on condition of anonymity, said the deal was close.",
    "It was not immediately clear how many people were affected and",
    "the government did not comment on the report, which was published late on",
    "Gasoline for April delivery gained 6 cents to $2.71 a gallon on the",
    "(Editing by John Smith)",
    "Le gouvernement a approuvé le décret mardi, a indiqué le ministre.",
    "Die Regierung hat am Dienstag den Haushalt beschlossen.",
)
BOILERPLATE = (
    "ADVERTISEMENT",
    "Advertisement",
    "Most Read",
    "Share this article",
    "Home | World | Business",
    "Related Links",
    "Subscribe to our newsletter",
    "Comments",
    "Photo: AFP",
    "(Image: © NASA)",
    "Read more:",
    "Follow us on Twitter",
    "More Earth Science News from TerraWire.com",
    "TerraWire.com | About | Privacy | Contact",
    "Tell a friend",
    "Print this page",
    "Click here to subscribe",
    "Loading...",
    "Cookies help us deliver our services. OK",
)
NOTICES = (
    "Copyright 2023 The Associated Press. All rights reserved.",
    "All rights reserved. Copyright Agence France-Presse.",
    "(c) Copyright Thomson Reuters 1987.",
    "Copyright © 2000-2023 XINHUANET.com All rights reserved.",
    "© 2021 AFP",
    "Copyright 2021 United Press International, Inc.",
    "This material may not be published, broadcast, rewritten or redistributed.",
)
TIMESTAMPS = (
    "Published: 01 Dec 2021 10:30 GMT",
    "Updated 3h ago",
    "12/01/2021",
    "Wednesday, December 1, 2021",
    "Dec 01, 2021",
    "2021-12-01",
    "1er déc. 2021",
)
JUNK = (
    "\u202e",
    "\u202c",
    "\u200f",
    "\u0301",
    "\u0327\u0301\u0308",
    "\u200b",
    "\ufeff",
    "\x00",
    "\x1b[31m",
    "\x7f",
    "\x1c",
    "â€”",
    "â€™",
    "Ã©",
    "\ufffd",
    "\U0001f600",
    "القاهرة، ١ ديسمبر",
    "שלום",
    "漢字",
    "\u00a0",
    "\u3000",
    "\u2002",
    "\t",
    "(((",
    "----",
    "||||",
    "«»",
    "„“",
    " - ",
    "(",
    ")",
    "\ud800",
)
PIECES: tuple[tuple[str, ...], ...] = (
    BANNERS,
    HEADLINES,
    BYLINES,
    DATELINES,
    SENTENCES,
    BOILERPLATE,
    NOTICES,
    TIMESTAMPS,
    JUNK,
)


def _paragraph(rng: random.Random) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 4)))


def _article(rng: random.Random) -> list[str]:
    """Lines of a plausible page: banner, headline, byline, dateline and body, furniture, notice."""
    lines: list[str] = []
    if rng.random() < 0.5:
        lines += [rng.choice(BOILERPLATE) for _ in range(rng.randint(0, 3))]
    if rng.random() < 0.6:
        lines.append(rng.choice(BANNERS))
    if rng.random() < 0.8:
        lines.append(rng.choice(HEADLINES))
    if rng.random() < 0.5:
        lines.append(rng.choice(BYLINES))
    if rng.random() < 0.3:
        lines.append(rng.choice(TIMESTAMPS))
    dateline = rng.choice(DATELINES)
    if rng.random() < 0.5:
        lines.append(dateline)
        lines.append(_paragraph(rng))
    else:
        lines.append(f"{dateline} {_paragraph(rng)}")
    for _ in range(rng.randint(0, 8)):
        lines.append("")
        r = rng.random()
        if r < 0.6:
            lines.append(_paragraph(rng))
        elif r < 0.8:
            lines.append(rng.choice(BOILERPLATE))
        else:
            lines += [rng.choice(HEADLINES) for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.7:
        lines += ["", "", rng.choice(NOTICES)]
    if rng.random() < 0.5:
        lines.append(rng.choice(BOILERPLATE))
    return lines


def _hard_wrap(lines: list[str], rng: random.Random) -> list[str]:
    width = rng.randint(30, 90)
    out: list[str] = []
    for line in lines:
        rest = line
        while len(rest) > width:
            cut = rest.rfind(" ", 0, width)
            if cut <= 0:
                break
            out.append(rest[:cut])
            rest = rest[cut + 1 :]
        out.append(rest)
    return out


def _mutate(text: str, rng: random.Random) -> str:
    """Sprinkle junk, glue or split lines, swap newline conventions, cut the page short."""
    chars = list(text)
    for _ in range(rng.choice((0, 0, 1, 3, 10))):
        at = rng.randint(0, len(chars))
        r = rng.random()
        if r < 0.5:
            chars.insert(at, rng.choice(JUNK))
        elif r < 0.7 and chars:
            del chars[min(at, len(chars) - 1)]
        elif r < 0.85:
            chars.insert(at, rng.choice(("\n", "\n\n", " ", rng.choice(NEWLINES))))
        else:
            chars.insert(at, rng.choice(rng.choice(PIECES)))
    text = "".join(chars)
    if rng.random() < 0.2:
        text = text.replace("\n", rng.choice(NEWLINES))
    if rng.random() < 0.1:
        text = "".join(rng.choice(NEWLINES) if ch == "\n" else ch for ch in text)
    if rng.random() < 0.1:
        text = text[: rng.randint(0, len(text))]
    if rng.random() < 0.05:
        text = "\ufeff" + text
    return text


# codec names that are no text encodings (they raised LookupError / UnicodeError from parse, or put
# lone surrogates into `source`)
NOT_TEXT = ("hex", "base64", "rot13", "zlib", "bz2", "uu", "quopri", "idna", "undefined", "unicode_escape")


def _to_bytes(text: str, rng: random.Random) -> bytes:
    """The page as bytes: UTF-8 (sometimes damaged), UTF-16/32 with a BOM, Latin-1, Windows-1252."""
    encoding = rng.choice(("utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-32", "latin-1", "cp1252"))
    data = bytearray(text.encode(encoding, "replace"))
    for _ in range(rng.choice((0, 0, 1, 4))):
        at = rng.randint(0, len(data))
        data[at:at] = bytes([rng.choice((0x80, 0xC3, 0xE2, 0xF0, 0xFF, 0xFE, 0x00, 0x9D, 0x81))])
    if rng.random() < 0.05:
        data[0:0] = rng.choice((b'<meta charset="utf-8">', b'<meta charset="windows-1252">'))
    elif rng.random() < 0.03:
        # a codec Python knows that is no text encoding: read as if nothing were declared
        data[0:0] = b'<meta charset="%s">' % rng.choice(NOT_TEXT).encode()
    return bytes(data)


def random_page(rng: random.Random) -> str | bytes:
    """One page, generated from ``rng`` alone."""
    r = rng.random()
    if r < 0.6:
        lines = _article(rng)
    elif r < 0.85:
        lines = [rng.choice(rng.choice(PIECES)) for _ in range(rng.randint(0, 30))]
        lines = [line if rng.random() < 0.8 else "" for line in lines]
    else:
        # a run of one fragment: repeated datelines, boilerplate, brackets, dashes
        unit = rng.choice(rng.choice(PIECES))
        sep = rng.choice(("", " ", "\n", "\n\n"))
        lines = [sep.join([unit] * rng.randint(1, 200))]
    joiner = "\n"
    if rng.random() < 0.3:
        lines = _hard_wrap(lines, rng)
        if rng.random() < 0.3:
            joiner = "\n\n"  # a dump with a blank line after every line (lines.DOUBLE_SPACED_RUN)
    text = _mutate(joiner.join(lines), rng)
    if rng.random() < 0.25:
        return _to_bytes(text, rng)
    return text


FRAGMENTS: tuple[str, ...] = (
    *(piece for pieces in PIECES for piece in pieces),
    *NEWLINES,
    "\n",
    "\n\n",
    " ",
)


def fragment_page(data: bytes) -> str:
    """A page spelled by ``data``, one fragment per byte (lets atheris mutate at the fragment level)."""
    return "".join(FRAGMENTS[b % len(FRAGMENTS)] + ("\n" if b >= 128 else "") for b in data)


def rng_for(seed: int, index: int) -> random.Random:
    """Input ``index`` of a run depends on (seed, index) alone, so any input can be replayed."""
    return random.Random(seed * 1_000_003 + index)


def run_one(seed: int, index: int, checks: frozenset[str]) -> tuple[str, str] | None:
    """Check input ``index``; (kind, detail) when an invariant breaks, else None."""
    rng = rng_for(seed, index)
    page = random_page(rng)
    start = time.process_time()  # CPU time: a busy shared machine makes no page "slow"
    try:
        check(page, checks)
        if isinstance(page, bytes):
            check(page.decode("utf-8", "replace"), checks)
        if index % 97 == 0:
            check_type_error(rng.choice(NOT_PAGES))
    except InvariantError as err:
        return err.kind, err.detail
    except Exception as err:  # a bug in the harness itself
        return "harness", f"{type(err).__name__}: {err}"
    elapsed = time.process_time() - start
    if elapsed > SLOW_SECONDS:
        return "slow", f"{elapsed:.1f}s for {len(page)} characters"
    return None


def _work(args: tuple[int, int, int, frozenset[str]]) -> tuple[int, list[tuple[int, str, str]]]:
    seed, start, stop, checks = args
    failures = []
    for index in range(start, stop):
        found = run_one(seed, index, checks)
        if found is not None:
            failures.append((index, *found))
    return stop - start, failures


# --- shrinking a failure to a small reproducer ------------------------------------------------------


def _fails(page: str | bytes, kind: str, checks: frozenset[str]) -> bool:
    try:
        check(page, checks)
        if isinstance(page, bytes):
            check(page.decode("utf-8", "replace"), checks)
    except InvariantError as err:
        return err.kind == kind
    except Exception:
        return False
    return False


def shrink(
    page: str | bytes, kind: str, checks: frozenset[str], budget: float = 20.0
) -> str | bytes:  # pragma: no cover - a debugging aid
    """Greedily drop lines, then characters, while the same invariant still breaks."""
    deadline = time.monotonic() + budget

    def pieces(p: Sequence[Any], size: int) -> Iterable[tuple[int, int]]:
        for at in range(0, len(p), size):
            yield at, min(len(p), at + size)

    nl: Any = b"\n" if isinstance(page, bytes) else "\n"
    empty: Any = b"" if isinstance(page, bytes) else ""
    best = page
    for by_lines in (True, False):
        units: list[Any] = list(best.split(nl)) if by_lines else [best[i : i + 1] for i in range(len(best))]
        join = nl if by_lines else empty
        size = max(1, len(units) // 2)
        while size >= 1 and time.monotonic() < deadline:
            changed = False
            for at, end in list(pieces(units, size))[::-1]:
                trial = units[:at] + units[end:]
                if _fails(join.join(trial), kind, checks):
                    units = trial
                    changed = True
                if time.monotonic() > deadline:
                    break
            if not changed:
                size //= 2
        best = join.join(units)
    return best


# --- entry points ---------------------------------------------------------------------------------


def random_mode(
    n: int, seed: int, jobs: int, checks: frozenset[str], show: int, seconds: float | None
) -> int:
    """Check inputs 0..n-1 (in chunks, over ``jobs`` processes), stopping early after ``seconds``."""
    chunk = 200
    tasks = [(seed, at, min(n, at + chunk), checks) for at in range(0, n, chunk)]
    done = 0
    failures: list[tuple[int, str, str]] = []
    start = time.perf_counter()
    last_report = start
    with multiprocessing.Pool(jobs) as pool:
        for count, found in pool.imap(_work, tasks):
            done += count
            failures += found
            now = time.perf_counter()
            timed_out = seconds is not None and now - start > seconds
            if now - last_report > 30 or done == n or timed_out:
                last_report = now
                kinds = Counter(kind for _, kind, _ in failures)
                print(
                    f"{done:,}/{n:,} inputs, {now - start:,.0f}s, {done / (now - start):,.0f}/s, "
                    f"failures: {dict(kinds) or 0}",
                    flush=True,
                )
            if timed_out:
                pool.terminate()
                break
    elapsed = time.perf_counter() - start
    kinds = Counter(kind for _, kind, _ in failures)
    print(
        f"\ninputs 0..{done - 1:,} (seed {seed}) checked in {elapsed:,.0f}s; failures by check: {dict(kinds)}"
    )
    shown: Counter[str] = Counter()
    for index, kind, detail in sorted(failures):
        if shown[kind] >= show:
            continue
        shown[kind] += 1
        page = random_page(rng_for(seed, index))
        small = shrink(page, kind, checks)
        print(f"\n[{kind}] input {index} (replay: --replay {index} --seed {seed}): {detail}")
        print(f"  shrunk reproducer: wireparse.parse({small!r})")
    return 1 if failures else 0


def replay(index: int, seed: int, checks: frozenset[str]) -> int:
    page = random_page(rng_for(seed, index))
    print(f"input {index} (seed {seed}): {page!r}")
    found = run_one(seed, index, checks)
    print("ok" if found is None else f"[{found[0]}] {found[1]}")
    return 0 if found is None else 1


def atheris_mode(argv: list[str], checks: frozenset[str]) -> None:  # pragma: no cover - needs atheris
    import atheris  # noqa: PLC0415 - optional extra

    # wireparse is imported already (at the top), so instrument the loaded code for coverage feedback
    atheris.instrument_all()

    def test_one_input(data: bytes) -> None:
        check(data, checks)
        check(data.decode("utf-8", "replace"), checks)
        check(data.decode("latin-1"), checks)
        check(fragment_page(data), checks)
        if data[:1] == b"\x00":
            check_type_error(NOT_PAGES[len(data) % len(NOT_PAGES)])

    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


def main(argv: Sequence[str] | None = None) -> int:
    args_in = list(sys.argv[1:] if argv is None else argv)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--random", type=int, metavar="N", help="check N seeded random pages (no atheris)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the random pages (default 0)")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes for --random (default 1)")
    ap.add_argument("--seconds", type=float, help="stop --random after this many seconds")
    ap.add_argument("--replay", type=int, metavar="I", help="generate and check random input I only")
    ap.add_argument("--show", type=int, default=2, help="shrunk reproducers printed per failing check")
    ap.add_argument(
        "--checks",
        default=",".join(METAMORPHIC),
        help=f"metamorphic checks to run, comma-separated (default: {','.join(METAMORPHIC)}; '' for none)",
    )
    args, rest = ap.parse_known_args(args_in)
    checks = frozenset(c for c in args.checks.split(",") if c)
    unknown = checks - set(METAMORPHIC)
    if unknown:
        ap.error(f"unknown checks: {sorted(unknown)}")
    if args.replay is not None:
        return replay(args.replay, args.seed, checks)
    if args.random is not None:
        return random_mode(args.random, args.seed, args.jobs, checks, args.show, args.seconds)
    atheris_mode([sys.argv[0], *rest], checks)
    return 0


if __name__ == "__main__":
    sys.exit(main())
