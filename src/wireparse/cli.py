"""The ``wireparse`` command: ``parse``, ``batch``, ``demo``, ``check``, ``show`` and ``schema``.

Exit codes: 0 success, 1 a difference (``check``) or a page that could not be read, 2 usage errors;
``batch``: 3 when some pages failed (their error records are in the output), 130 on Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from wireparse import batch, render
from wireparse.compress import MAX_PAGE_BYTES, PageReadError, decompress, kind, read_page
from wireparse.parse import html_hint, parse
from wireparse.records import Dispatch, json_schema, upgrade_dict

DEMO = "samples/demo.txt"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text!r}") from err


def _read_page(path: str) -> tuple[bytes, str | None]:
    """The page's bytes (decompressed) and its compression (``gzip``…, or None)."""
    if path == "-":
        data = sys.stdin.buffer.read(MAX_PAGE_BYTES + 1)
        if len(data) > MAX_PAGE_BYTES:
            raise PageReadError(f"-: larger than {MAX_PAGE_BYTES} bytes")
        return decompress(data), kind(data)
    return read_page(path)


def _cmd_parse(args: argparse.Namespace) -> int:
    status = 0
    for path in args.pages:
        try:
            data, compression = _read_page(path)
        except (OSError, PageReadError) as err:
            print(f"wireparse: {_unreadable(path, err)}", file=sys.stderr)
            status = 1
            continue
        d = parse(data, reference_date=args.reference_date, url=args.url, html=html_hint(path))
        # the same keys as a line of ``wireparse batch``: the page's id, where it came from, the record;
        # a file name that is not UTF-8 written as batch writes it (``\xNN``)
        shown = batch.printable(path)
        where = batch.Provenance(input=None if path == "-" else shown, compression=compression)
        record = {"id": shown, "provenance": where.to_dict(), **d.to_dict(source=not args.no_source)}
        # one page: an indented JSON document; more than one (or --jsonl): one record per line
        indent = None if args.jsonl or len(args.pages) > 1 else 2
        try:
            print(json_text(record, indent=indent))
        except OSError as err:  # stdout cannot be written (a full disk, a closed pipe is below)
            if isinstance(err, BrokenPipeError):
                raise
            print(f"wireparse parse: cannot write the output: {err.strerror or err}", file=sys.stderr)
            return 1
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as err:
        print(f"wireparse parse: cannot write the output: {err.strerror or err}", file=sys.stderr)
        return 1
    return status


def _unreadable(path: str, err: OSError | PageReadError) -> str:
    r"""``cannot read PATH: REASON``, as text that any terminal takes (a name that is not UTF-8 as
    ``\xNN``, a page's control characters inert)."""
    why = f"{path}: {err.strerror or err}" if isinstance(err, OSError) else str(err)
    return render.inert(batch.printable(f"cannot read {why}"))


_JSON_CONTROLS = {c: f"\\u{c:04x}" for c in range(0x7F, 0xA0)}
"""DEL and the C1 controls, which ``json.dumps(ensure_ascii=False)`` leaves raw (``U+009B`` is a
terminal's CSI): escaped like the C0 controls are."""


def json_text(record: dict[str, Any], *, indent: int | None = None) -> str:
    """The record as JSON text with every control character escaped (C0 by ``json``, DEL and C1 here).

    >>> json_text({"a": "x\x9by"})
    '{"a": "x\\\\u009by"}'
    """
    return json.dumps(record, ensure_ascii=False, indent=indent).translate(_JSON_CONTROLS)


def _cmd_batch(args: argparse.Namespace) -> int:
    config = batch.BatchConfig(
        inputs=tuple(args.inputs),
        output=args.output,
        format=args.format,
        errors=args.errors,
        jobs=args.jobs,
        chunk_size=args.chunk_size,
        glob=args.glob,
        follow_symlinks=args.follow_symlinks,
        all_files=args.all_files,
        text_field=args.text_field,
        id_field=args.id_field,
        url_field=args.url_field or None,
        reference_date=args.reference_date,
        with_source=args.with_source,
        resume=args.resume,
        overwrite=args.overwrite,
        progress="none" if args.quiet else args.progress,
        csv_raw=args.csv_raw,
        geo=args.geo,
    )
    with contextlib.ExitStack() as stack:
        if args.verbose:
            stack.enter_context(_logging_to_stderr())
        return _run(config)


@contextlib.contextmanager
def _logging_to_stderr() -> Iterator[None]:
    """Log the ``wireparse`` loggers' INFO records (each input as it is taken, each failed page) to
    standard error for the run (``batch -v``)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("wireparse batch: %(message)s"))
    logger = logging.getLogger("wireparse")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def _run(config: batch.BatchConfig) -> int:
    try:
        report = batch.run_batch(config)
    except batch.UsageError as err:
        print(f"wireparse batch: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        raise
    except OSError as err:  # the output cannot be written (disk full, permissions…)
        print(f"wireparse batch: {err}", file=sys.stderr)
        return 1
    return report.exit_code


def demo_page() -> str:
    """The sample page that ships with the package (our own writing)."""
    return resources.files("wireparse").joinpath(DEMO).read_text(encoding="utf-8")


def _cmd_demo(args: argparse.Namespace) -> int:
    d = parse(demo_page())
    if args.json:
        print(d.to_json(indent=2, source=False))
    else:
        print(render.to_text(d, colour=_auto_colour()))
    return 0


def _auto_colour() -> bool:
    """Colour on a terminal, unless ``NO_COLOR`` is set to anything but the empty string
    (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _cmd_show(args: argparse.Namespace) -> int:
    colour = _auto_colour() if args.colour == "auto" else args.colour == "always"
    status = 0
    several = len(args.pages) > 1
    for n, path in enumerate(args.pages):
        try:
            data, _ = _read_page(path)
        except (OSError, PageReadError) as err:
            print(f"wireparse: {_unreadable(path, err)}", file=sys.stderr)
            status = 1
            continue
        d = parse(data, reference_date=args.reference_date, url=args.url, html=html_hint(path))
        if several:  # each page under a rule that names it
            print(("\n" if n else "") + render.inert(f"==> {batch.printable(path)} <=="))
        print(render.to_text(d, colour=colour, only=args.only))
    return status


# --- check: golden fixtures -------------------------------------------------------------------------

OPTION_KEYS = ("reference_date", "url")
"""Parse options a golden file may carry beside the record (``options``)."""


FIXTURE_SUFFIXES = ("*.txt", "*.html")
"""Fixture pages: plain text, and HTML pages (read as bytes, as a crawler saved them)."""


def fixture_pages(root: Path) -> Iterator[Path]:
    """Every ``NAME.txt`` and ``NAME.html`` page under ``root`` (or ``root`` itself), in sorted order."""
    if root.is_file():
        yield root
        return
    yield from sorted(p for suffix in FIXTURE_SUFFIXES for p in root.rglob(suffix) if p.is_file())


def fixture_options(page: Path) -> dict[str, Any]:
    """Parse options for a fixture: from its golden ``options``, else its ``.label.json``."""
    golden = page.with_suffix(".json")
    label = page.with_name(page.stem + ".label.json")
    for path in (golden, label):
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            opts = data.get("options", data) if path == golden else data
            found = {k: opts[k] for k in OPTION_KEYS if opts.get(k) is not None}
            if path == golden and "options" in data:
                return found
            if found:
                return found
    return {}


def parse_fixture(page: Path) -> tuple[Dispatch, dict[str, Any]]:
    """Parse a fixture page with its options; return the record and the options."""
    opts = fixture_options(page)
    ref = opts.get("reference_date")
    d = parse(
        page.read_bytes(),
        reference_date=dt.date.fromisoformat(ref) if ref else None,
        url=opts.get("url"),
    )
    return d, opts


def golden_form(d: Dispatch, opts: dict[str, Any]) -> dict[str, Any]:
    """What a golden ``NAME.json`` holds: the record without its source, plus the parse options."""
    out = d.to_dict(source=False)
    out["options"] = opts
    return out


def _flatten(value: Any, path: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            out.update(_flatten(v, f"{path}.{k}" if path else str(k)))
        return out or {path: {}}
    if isinstance(value, list):
        out = {}
        for i, v in enumerate(value):
            out.update(_flatten(v, f"{path}[{i}]"))
        return out or {path: []}
    return {path: value}


def diff(want: dict[str, Any], got: dict[str, Any]) -> list[str]:
    """Field-by-field differences, one readable line each."""
    fw, fg = _flatten(want), _flatten(got)
    lines = []
    for key in sorted(set(fw) | set(fg)):
        if fw.get(key, "<absent>") != fg.get(key, "<absent>"):
            lines.append(
                f"  {key}:\n    want {fw.get(key, '<absent>')!r}\n    got  {fg.get(key, '<absent>')!r}"
            )
    return lines


GOLDEN_KEYS = ("schema_version", "parts", "options")
"""Keys every golden file that ``check`` writes has (a label file, in the scorer's form, has not)."""


def golden_target(golden: Path, root: Path) -> tuple[Path | None, str | None]:
    """Where ``check --update`` may write the golden file ``golden`` of a page under ``root``, or why
    it must not: the file itself, or the file a symbolic link names when that lies under ``root``
    (the link is kept); nothing for a link out of ``root`` or to nothing, a file that is not a
    golden record of ``check``'s own form (:data:`GOLDEN_KEYS`; e.g. a hand-written label file), or
    a file that is not JSON.
    """
    target = golden
    if golden.is_symlink():
        target = golden.resolve()
        base = (root if root.is_dir() else root.parent).resolve()
        if not target.is_relative_to(base):
            return None, f"{golden} is a symbolic link to {target}, outside {base}: not written"
        if not target.exists():
            return None, f"{golden} is a symbolic link to nothing ({target}): not written"
    if not target.exists():
        return target, None
    if not target.is_file():
        return None, f"{golden} is not a regular file: not written"
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, ValueError) as err:
        return None, f"{golden} is not a golden file of wireparse check (not JSON: {err}): not written"
    missing = [k for k in GOLDEN_KEYS if not isinstance(data, dict) or k not in data]
    if missing:
        return None, (
            f"{golden} is not a golden file of wireparse check (no {', '.join(missing)}; a label "
            "file?): not written; move it away or delete it to write a golden file there"
        )
    return target, None


def _write_golden(target: Path, record: dict[str, Any]) -> None:
    """Write a golden file whole or not at all (a temporary file beside it, then a rename)."""
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, target)


def _cmd_check(args: argparse.Namespace) -> int:
    root = Path(args.fixtures)
    if not root.exists():
        print(f"wireparse: no such fixtures folder: {root}", file=sys.stderr)
        return 2
    pages = list(fixture_pages(root))
    if not pages:
        print(f"wireparse: no NAME.txt or NAME.html pages under {root}", file=sys.stderr)
        return 2
    targets: dict[Path, Path] = {}
    if args.update:  # every golden file is checked before any is written
        problems = []
        for page in pages:
            target, problem = golden_target(page.with_suffix(".json"), root)
            if problem is not None:
                problems.append(problem)
            elif target is not None:
                targets[page] = target
        if problems:
            for problem in problems:
                print(f"wireparse check: {problem}", file=sys.stderr)
            print("wireparse check: --update wrote nothing", file=sys.stderr)
            return 2
    failed = 0
    for page in pages:
        d, opts = parse_fixture(page)
        got = golden_form(d, opts)
        golden = page.with_suffix(".json")
        if args.update:
            _write_golden(targets[page], got)
            continue
        if not golden.exists():
            print(f"MISSING {page}: no {golden.name} (run with --update to write it)")
            failed += 1
            continue
        want = upgrade_dict(json.loads(golden.read_text(encoding="utf-8")))
        lines = diff(want, got)
        if lines:
            failed += 1
            print(f"DIFF {page}")
            print("\n".join(lines[: args.max_lines]))
            if len(lines) > args.max_lines:
                print(f"  … and {len(lines) - args.max_lines} more")
    if args.update:
        print(f"wrote {len(pages)} golden files")
        return 0
    print(f"{len(pages) - failed} passed, {failed} failed")
    return 1 if failed else 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="wireparse", description="Split scraped news pages into typed records.")
    ap.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="parse pages and print their records as JSON")
    p.add_argument(
        "pages", nargs="+", metavar="PAGE", help="page files; - reads one page from standard input"
    )
    p.add_argument(
        "--jsonl",
        action="store_true",
        help="one record per line (always so for more than one page; one page alone prints indented JSON)",
    )
    p.add_argument("--no-source", action="store_true", help="leave the page text out of the records")
    p.add_argument(
        "--reference-date", type=_date, help="crawl date (YYYY-MM-DD) for datelines without a year"
    )
    p.add_argument("--url", help="the page's URL (names the site when no banner does)")
    p.set_defaults(func=_cmd_parse)

    p = sub.add_parser(
        "batch",
        help="parse many pages (files, folders, JSONL, WARC/WET) in parallel into JSONL, CSV or Parquet",
        description="Parse many pages in parallel into one output; see docs/crawl.md. In a folder, "
        "the page files are taken: .txt/.html pages (also .gz, .bz2, .xz, .zst), JSONL inputs, "
        "WARC/WET archives, and files of other names whose first 4 KiB read as text or HTML; .json "
        "files (labels, goldens), tables (.csv, .parquet), outputs of earlier runs (JSONL records "
        "and error records), .lock/.partial/.tmp files and binary files are passed over and counted "
        "in the summary (--all-files takes them all). A file named as INPUT is always read. Exit "
        "codes: 0 every page parsed, 3 some pages failed (error records), 2 usage errors, "
        "130 interrupted.",
    )
    p.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="page files, folders, JSONL files (.jsonl, also .gz/.bz2/.xz/.zst), .warc/.warc.gz/.wet.gz "
        "archives; - reads paths from stdin, one a line",
    )
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="output file; - for stdout")
    p.add_argument("--format", choices=batch.FORMATS, help="default: from OUT's suffix, else jsonl")
    p.add_argument("--errors", metavar="FILE", help="write error records to this JSONL file instead")
    p.add_argument("-j", "--jobs", type=int, help="worker processes (default: the machine's cores)")
    p.add_argument("--chunk-size", type=int, default=batch.DEFAULT_CHUNK, help="pages per worker task")
    p.add_argument(
        "--glob", default="*", help="files to take from folders (default: *), among their page files"
    )
    p.add_argument(
        "--all-files",
        action="store_true",
        help="folders: take every regular file, not only page files (by default .json labels and "
        "goldens, .csv/.parquet tables, wireparse outputs, .lock and .partial files and binary files "
        "are passed over)",
    )
    p.add_argument(
        "--follow-symlinks", action="store_true", help="folders: follow symbolic links (default: pass over)"
    )
    p.add_argument("--text-field", default="text", help="JSONL inputs: the page text's field")
    p.add_argument("--id-field", help="JSONL inputs: the id's field (default: PATH:LINE)")
    p.add_argument("--url-field", default="url", help="JSONL inputs: the URL's field ('' for none)")
    p.add_argument("--reference-date", type=_date, help="crawl date (YYYY-MM-DD) for pages without one")
    p.add_argument("--with-source", action="store_true", help="keep the page text in the records")
    p.add_argument(
        "--csv-raw",
        action="store_true",
        help="CSV: write cells as they are (by default a cell starting = + - @ tab or CR gets a ' in front)",
    )
    p.add_argument(
        "--geo",
        action="store_true",
        help="CSV and Parquet: add the place_* columns (the dateline's GeoNames place: id, name, country, "
        "admin1, latitude, longitude, kind, confidence); JSONL records always carry dateline.place",
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="finish an interrupted run into the same OUT (JSONL, CSV or Parquet; not -)",
    )
    p.add_argument("--overwrite", action="store_true", help="replace OUT (and --errors) if they exist")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress and no summary")
    p.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="log to stderr each input file, JSONL input and archive as it is taken, each file a folder "
        "walk passes over and why, and each page that fails as its error record is written (by "
        "default: only progress and the summary)",
    )
    p.add_argument(
        "--progress",
        choices=["auto", "bar", "log"],
        default="auto",
        help="a bar (needs the progress extra) or log lines; default: a bar on a terminal",
    )
    p.set_defaults(func=_cmd_batch)

    p = sub.add_parser("demo", help="parse the sample page that ships with wireparse and print it")
    p.add_argument("--json", action="store_true", help="print the record as JSON instead")
    p.set_defaults(func=_cmd_demo)

    p = sub.add_parser(
        "check", help="compare fixture pages (NAME.txt, NAME.html) with their golden NAME.json"
    )
    p.add_argument(
        "fixtures", metavar="FIXTURES", help="a folder of NAME.txt/NAME.html + NAME.json, or one page"
    )
    p.add_argument(
        "--update",
        action="store_true",
        help="rewrite the golden files from the parser (refused, exit 2, for a NAME.json that is not a "
        "golden file of check, e.g. a label file, or a link out of FIXTURES)",
    )
    p.add_argument("--max-lines", type=int, default=30, help="differences shown per page")
    p.set_defaults(func=_cmd_check)

    p = sub.add_parser(
        "show",
        help="print pages with each part marked",
        description="Print each page's field summary, then its parts in page order, each with its kind "
        "and text; with several pages, each under a line ==> PAGE <==. A page that cannot be read is a "
        "message (exit code 1) and the next page is shown.",
    )
    p.add_argument(
        "pages", nargs="+", metavar="PAGE", help="page files; - reads one page from standard input"
    )
    p.add_argument(
        "--only",
        action="append",
        choices=["body", "boilerplate", "headline", "standfirst", "dateline", "rights", "site", "byline"],
        help="show only these parts (repeat for several; body means the paragraphs); the field summary "
        "is always printed",
    )
    p.add_argument(
        "--colour",
        "--color",
        choices=["auto", "always", "never"],
        default="auto",
        help="colour the parts: auto (default) on a terminal unless NO_COLOR is set",
    )
    p.add_argument(
        "--reference-date", type=_date, help="crawl date (YYYY-MM-DD) for datelines without a year"
    )
    p.add_argument("--url", help="the page's URL (names the site when no banner does)")
    p.set_defaults(func=_cmd_show)

    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of the record (parse output, batch JSONL lines, Dispatch.to_dict())",
        description="Print the JSON Schema (draft 2020-12) of a record: Dispatch.to_dict(), and the record "
        "lines of wireparse parse and wireparse batch (which add id and provenance).",
    )
    p.set_defaults(func=_cmd_schema)
    return ap


def _cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return 0


def _version() -> str:
    from wireparse import __version__  # noqa: PLC0415

    return __version__


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
