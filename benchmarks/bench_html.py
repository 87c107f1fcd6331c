"""Throughput on HTML pages — run on demand, prints pages/s on ``../shared/corpus/aeb-html``.

    python benchmarks/bench_html.py                  # everything
    python benchmarks/bench_html.py --only parse     # one section: parse, readers, parsers, stages

Sections (each figure the median of several timed rounds over the whole corpus, on one core; time
is this process's CPU time, so that other work on a shared machine disturbs the figures less):

* ``parse``: ``wireparse.parse(page_bytes)`` pages/s, the way ``../shared/eval/score.py`` calls it,
  with each HTML backend (``selectolax`` when installed, and the standard library's
  ``html.parser``); when ``trafilatura`` happens to be installed, ``trafilatura.extract`` on the same
  bytes, for scale.
* ``readers``: ``wireparse.html.read_html`` alone (markup → lines with hints) per backend, and the
  same reader fed by lxml (a walker written here, not shipped), to compare the engines behind the
  same line builder.
* ``parsers``: building the tree alone: lexbor (selectolax), lxml, and the standard library's
  tokenizer.
* ``stages``: where a parse's time goes, in ms a page, stage by stage (decoding, the markup reader,
  lines, features, the decoder, the records), and the floor of any reader written in Python over
  the lexbor tree: building the tree, then a bare walk that only touches each node's tag,
  attributes and text, with no line built.
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import statistics
import time
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from _build import build

import wireparse
from wireparse import html as html_mod
from wireparse.read import read

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "aeb-html"


def load_pages() -> list[bytes]:
    pages = []
    for path in sorted(CORPUS.glob("*.html*")):
        data = path.read_bytes()
        pages.append(gzip.decompress(data) if path.name.endswith(".gz") else data)
    return pages


def median_rate(work: Callable[[], object], items: int, rounds: int = 5) -> float:
    """Median items per CPU second over ``rounds`` rounds of ``work`` (one pass over the corpus each)."""
    work()  # warm caches (tables, compiled patterns)
    rates = []
    for _ in range(rounds):
        start = time.process_time()
        work()
        rates.append(items / (time.process_time() - start))
    return statistics.median(rates)


def installed(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def bench_parse(pages: list[bytes], rounds: int) -> None:
    backends = [b for b in html_mod.BACKENDS if b != "selectolax" or installed("selectolax")]
    original = html_mod.default_backend
    try:
        for backend in backends:
            html_mod.default_backend = lambda backend=backend: backend  # type: ignore[misc]

            def run() -> None:
                for page in pages:
                    wireparse.parse(page)

            rate = median_rate(run, len(pages), rounds)
            print(f"parse, {backend:<10}: {rate:7.1f} pages/s  ({1000 / rate:5.1f} ms/page)")
    finally:
        html_mod.default_backend = original  # type: ignore[misc]
    if installed("trafilatura"):
        import trafilatura  # noqa: PLC0415

        def run_trafilatura() -> None:
            for page in pages:
                trafilatura.extract(page)

        rate = median_rate(run_trafilatura, len(pages), max(rounds // 2, 1))
        print(f"trafilatura.extract : {rate:7.1f} pages/s  ({1000 / rate:5.1f} ms/page), for scale")


def _read_lxml(text: str, builder: Any) -> None:
    """The reader's line builder fed by lxml (for the comparison only)."""
    import lxml.html  # noqa: PLC0415

    root = lxml.html.fromstring(text.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    head = root.find("head")
    if head is not None:
        for el in head:
            if el.tag in ("meta", "title", "script"):
                _walk_lxml(el, builder)
    body = root.find("body")
    if body is not None:
        _walk_lxml(body, builder)


def _walk_lxml(top: Any, builder: Any) -> None:
    stack: list[Any] = [top]
    while stack:
        el = stack.pop()
        if isinstance(el, str):
            builder.text(el)
            continue
        if el is None:
            builder.end()
            continue
        # a comment or processing instruction has a non-str tag: only its tail (pushed below) counts
        if isinstance(el.tag, str) and builder.start(el.tag, dict(el.attrib)):
            stack.append(None)
            for child in reversed(list(el)):
                if child.tail:
                    stack.append(child.tail)
                stack.append(child)
            if el.text:
                stack.append(el.text)


def bench_readers(pages: list[bytes], rounds: int) -> None:
    texts = [read(page, html=True).text for page in pages]
    readers: list[tuple[str, Callable[[str], object]]] = []
    if installed("selectolax"):
        readers.append(("selectolax", lambda t: html_mod.read_html(t, backend="selectolax")))
    readers.append(("stdlib", lambda t: html_mod.read_html(t, backend="stdlib")))
    if installed("lxml"):

        def read_lxml(text: str) -> object:
            builder = html_mod._Builder()
            _read_lxml(text, builder)
            return builder.finish("lxml")

        readers.append(("lxml", read_lxml))
    for name, reader in readers:

        def run(reader: Callable[[str], object] = reader) -> None:
            for text in texts:
                reader(text)

        rate = median_rate(run, len(texts), rounds)
        print(f"read_html, {name:<10}: {rate:7.1f} pages/s  ({1000 / rate:5.2f} ms/page)")


class _Tokens(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)


def bench_parsers(pages: list[bytes], rounds: int) -> None:
    texts = [read(page, html=True).text for page in pages]
    parsers: list[tuple[str, Callable[[str], object]]] = []
    if installed("selectolax"):
        from selectolax.lexbor import LexborHTMLParser  # noqa: PLC0415

        parsers.append(("lexbor (selectolax)", LexborHTMLParser))
    if installed("lxml"):
        import lxml.html  # noqa: PLC0415

        def parse_lxml(text: str) -> object:
            return lxml.html.fromstring(text.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))

        parsers.append(("lxml", parse_lxml))

    def tokenize(text: str) -> object:
        tokens = _Tokens()
        tokens.feed(text)
        tokens.close()
        return tokens

    parsers.append(("html.parser (tokens)", tokenize))
    for name, parser in parsers:

        def run(parser: Callable[[str], object] = parser) -> None:
            for text in texts:
                parser(text)

        rate = median_rate(run, len(texts), rounds)
        print(f"tree only, {name:<20}: {rate:7.1f} pages/s  ({1000 / rate:5.2f} ms/page)")


def bench_stages(pages: list[bytes], rounds: int) -> None:
    from wireparse import label as label_mod  # noqa: PLC0415

    parse_mod = importlib.import_module("wireparse.parse")  # the module: the package exports the function
    from wireparse.agencies import default_registry  # noqa: PLC0415
    from wireparse.lines import units  # noqa: PLC0415

    registry = default_registry()
    names = ("read", "read_html", "lines", "features", "label", "records")
    runs: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(rounds + 1):  # the first round warms caches and is dropped
        spent = dict.fromkeys(names, 0.0)
        for page in pages:
            t0 = time.process_time()
            doc = read(page, html=True)
            t1 = time.process_time()
            markup = html_mod.read_html(doc.text)
            t2 = time.process_time()
            us = units(markup.text)
            hints = markup.span_hints((u.start, u.end) for u in us)
            t3 = time.process_time()
            feats = label_mod.features(us, markup.text, registry, hints)
            t4 = time.process_time()
            labels = label_mod.label(feats)
            t5 = time.process_time()
            parse_mod._build(markup.text, us, feats, labels, None, None, [], markup.meta)
            t6 = time.process_time()
            for name, a, b in zip(names, (t0, t1, t2, t3, t4, t5), (t1, t2, t3, t4, t5, t6), strict=True):
                spent[name] += b - a
        for name in names:
            runs[name].append(spent[name] * 1000 / len(pages))
    total = 0.0
    for name in names:
        ms = statistics.median(runs[name][1:])
        total += ms
        print(f"stage {name:<10}: {ms:6.2f} ms/page")
    print(f"stages, sum      : {total:6.2f} ms/page  ({1000 / total:5.1f} pages/s)")
    if not installed("selectolax"):
        return
    from selectolax.lexbor import LexborHTMLParser  # noqa: PLC0415

    texts = [read(page, html=True).text for page in pages]

    def walk() -> None:
        for text in texts:
            stack: list[Any] = [LexborHTMLParser(text).body]
            while stack:
                node = stack.pop()
                if node is None:
                    continue
                tag = node.tag
                if tag == "-text":
                    node.text_content  # noqa: B018 - touched, as a reader must
                elif tag[0] != "-":
                    node.attributes  # noqa: B018
                    child = node.last_child
                    while child is not None:
                        stack.append(child)
                        child = child.prev

    rate = median_rate(walk, len(texts), rounds)
    print(f"floor: lexbor tree + bare walk: {1000 / rate:5.2f} ms/page  ({rate:6.1f} pages/s)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--only", choices=["parse", "readers", "parsers", "stages"])
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    print(f"wireparse build: {build()}")
    if not CORPUS.exists():
        print(f"{CORPUS} is absent: nothing to measure")
        return
    pages = load_pages()
    size = sum(len(p) for p in pages)
    print(f"aeb-html: {len(pages)} pages, {size / 1e6:.1f} MB ({size / len(pages) / 1e3:.0f} KB a page)")
    if args.only in (None, "parse"):
        bench_parse(pages, args.rounds)
    if args.only in (None, "readers"):
        bench_readers(pages, args.rounds)
    if args.only in (None, "parsers"):
        bench_parsers(pages, args.rounds)
    if args.only in (None, "stages"):
        bench_stages(pages, args.rounds)


if __name__ == "__main__":
    main()
