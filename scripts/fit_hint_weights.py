"""Fit the body/boilerplate weights of the HTML markup hints (``[hints.*]`` in tables/weights.toml).

    python scripts/fit_hint_weights.py ../shared/corpus/aeb-html            # print the fitted tables
    python scripts/fit_hint_weights.py ../shared/corpus/aeb-html --cv 5     # and a 5-fold estimate
    python scripts/fit_hint_weights.py ../shared/corpus/aeb-html --write    # rewrite [hints.body]

The corpus holds HTML pages (``NAME.html`` or ``NAME.html.gz``) with a label ``NAME.json`` that has
a gold ``body_text``. Each unit of a page's derived text is constrained by the gold: *body* when its
words (three or more) appear in the gold body in order, *not body* when they do not appear at all,
free otherwise (a one-word line may occur anywhere). An averaged structured perceptron then learns
the ``[hints.body]`` weight of every hint name: the decoder is run with the plain-text weights
(``[emit.*]``, never changed here) plus the hint weights, and each unit the decoder puts on the
wrong side of body/not-body moves the body weights of its hints. Only the body column is learned,
so what the gold cannot tell (headline or boilerplate?) stays with the hand-set groups
(``[hints.headline]``, ``[hints.byline]``, ``[hints.boilerplate]``), kept as they are. Weights are
rounded to steps of 0.5.

With ``--cv K`` the pages are split into K folds; each fold is scored (bag-of-words F1 of dateline +
body against the gold, as ``../shared/eval/score.py`` computes ``body.text f1``) with weights fitted
on the other folds: an estimate for pages the weights were not fitted on.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import wireparse
from wireparse import label as label_mod
from wireparse.agencies import default_registry
from wireparse.html import read_html
from wireparse.lines import units
from wireparse.read import read
from wireparse.tables import load

LABELS = label_mod.LABELS
K = len(LABELS)
NEG = float("-inf")
BODY = {LABELS.index("body"), LABELS.index("dateline")}
WORD = re.compile(r"\w+")
LEARNED = ("body",)


def norm(text: str) -> str:
    return " ".join(WORD.findall(text.casefold()))


def load_pages(folder: Path) -> list[tuple[str, bytes, dict[str, Any]]]:
    pages = []
    for path in sorted(folder.iterdir()):
        name = path.name
        if not name.endswith((".html", ".html.gz")):
            continue
        stem = name.removesuffix(".gz").removesuffix(".html")
        label_path = path.with_name(stem + ".json")
        if not label_path.exists():
            continue
        label = json.loads(label_path.read_text(encoding="utf-8"))
        if "body_text" not in label:
            continue
        data = path.read_bytes()
        pages.append((stem, gzip.decompress(data) if name.endswith(".gz") else data, label))
    return pages


def prepare(pages: list[tuple[str, bytes, dict[str, Any]]]) -> list[dict[str, Any]]:
    reg = default_registry()
    out = []
    for stem, data, label in pages:
        doc = read(data, html=True)
        page = read_html(doc.text)
        us = units(page.text)
        hints = page.span_hints((u.start, u.end) for u in us)
        feats = label_mod.features(us, page.text, reg, hints)
        gold = " " + norm(label["body_text"]) + " "
        allowed = []
        for u in us:
            key = norm(u.text)
            inside = bool(key) and f" {key} " in gold
            if inside and len(key.split()) >= 3:
                allowed.append(BODY)
            elif inside:
                allowed.append(set(range(K)))
            else:
                allowed.append(set(range(K)) - BODY)
        out.append(
            {"stem": stem, "data": data, "label": label, "feats": feats, "hints": hints, "allowed": allowed}
        )
    return out


def emit_weights(include_hints: dict[str, dict[str, float]]) -> dict[str, list[float]]:
    """Feature → per-label weights: the plain-text [emit.*] tables plus the given hint groups."""
    table = load("weights")
    per: dict[str, list[float]] = {}
    shared = table["emit"].get("boilerplate", {})
    for li, lab in enumerate(LABELS):
        own = table["emit"].get(lab, {})
        base = shared if lab in label_mod.BOILERPLATE_STATES else {}
        for f in {*base, *own}:
            per.setdefault(f, [0.0] * K)[li] += float(base.get(f, 0.0)) + float(own.get(f, 0.0))
    for group, weights in include_hints.items():
        for li, lab in enumerate(LABELS):
            if lab == group or (group == "boilerplate" and lab in label_mod.BOILERPLATE_STATES):
                for f, w in weights.items():
                    per.setdefault(f, [0.0] * K)[li] += w
    return per


def viterbi(em: list[list[float]], allowed: list[set[int]] | None) -> list[int] | None:
    _, trans, start, end = label_mod._weights()
    n = len(em)
    score = [start[j] + em[0][j] if allowed is None or j in allowed[0] else NEG for j in range(K)]
    back = []
    for t in range(1, n):
        new, ptr = [NEG] * K, [0] * K
        for j in range(K):
            if allowed is not None and j not in allowed[t]:
                continue
            best, arg = NEG, 0
            for i in range(K):
                if trans[i][j] != NEG and score[i] != NEG and score[i] + trans[i][j] > best:
                    best, arg = score[i] + trans[i][j], i
            new[j], ptr[j] = best + em[t][j], arg
        back.append(ptr)
        score = new
    final = [score[j] + end[j] for j in range(K)]
    state = max(range(K), key=final.__getitem__)
    if final[state] == NEG:
        return None
    path = [state]
    for ptr in reversed(back):
        state = ptr[state]
        path.append(state)
    return path[::-1]


def emissions(feats: list[Any], per: dict[str, list[float]]) -> list[list[float]]:
    required = label_mod._required()
    rows = []
    for f in feats:
        row = [0.0] * K
        for name in f.names:
            w = per.get(name)
            if w is not None:
                for j in range(K):
                    row[j] += w[j]
        for j, need in required:
            if need not in f.names:
                row[j] = NEG
        rows.append(row)
    return rows


def fixed_hints() -> dict[str, dict[str, float]]:
    """The hand-set hint groups of the table (all but the learned ones)."""
    table = load("weights").get("hints", {})
    return {g: {k: float(v) for k, v in w.items()} for g, w in table.items() if g not in LEARNED}


def fit(items: list[dict[str, Any]], epochs: int, rate: float, seed: int = 0) -> dict[str, float]:
    """The body-minus-boilerplate weight of each hint (averaged perceptron)."""
    names = sorted({h for it in items for hs in it["hints"] for h in hs})
    w = dict.fromkeys(names, 0.0)
    total = dict.fromkeys(names, 0.0)
    steps = 0
    order = list(range(len(items)))
    rnd = random.Random(seed)
    fixed = fixed_hints()
    for _ in range(epochs):
        rnd.shuffle(order)
        for idx in order:
            it = items[idx]
            if not it["feats"]:
                continue
            per = emit_weights({**fixed, "body": dict(w)})
            em = emissions(it["feats"], per)
            gold, pred = viterbi(em, it["allowed"]), viterbi(em, None)
            if gold is None or pred is None:
                continue
            for t, (g, p) in enumerate(zip(gold, pred, strict=True)):
                if (g in BODY) != (p in BODY):
                    sign = rate if g in BODY else -rate
                    for h in it["hints"][t]:
                        w[h] += sign
            steps += 1
            for k in names:
                total[k] += w[k]
    return {k: round(total[k] / max(steps, 1) / 0.5) * 0.5 for k in names}


def install(weights: dict[str, float]) -> None:
    """Make the decoder use these hint weights (for --cv scoring in this process only)."""
    per = emit_weights({**fixed_hints(), "body": dict(weights)})
    _, trans, start, end = label_mod._weights()
    label_mod._weights = lambda: (per, trans, start, end)  # type: ignore[assignment]


def body_f1(d: wireparse.Dispatch, gold: str) -> float:
    got = WORD.findall(
        " ".join(
            filter(None, [d.dateline.text if d.dateline else None, *[p.text for p in d.paragraphs]])
        ).casefold()
    )
    want = WORD.findall(gold.casefold())
    g, w = Counter(got), Counter(want)
    hit = sum((g & w).values())
    if not got and not want:
        return 1.0
    if not hit:
        return 0.0
    precision, recall = hit / len(got), hit / len(want)
    return 2 * precision * recall / (precision + recall)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--rate", type=float, default=0.25)
    ap.add_argument("--cv", type=int, default=0, help="K-fold estimate of body.text F1")
    ap.add_argument("--write", action="store_true", help="rewrite [hints.body] in tables/weights.toml")
    args = ap.parse_args(argv)
    items = prepare(load_pages(args.corpus))
    if not items:
        print(f"no labelled HTML pages in {args.corpus}", file=sys.stderr)
        return 2
    original = label_mod._weights
    if args.cv:
        scores = []
        for k in range(args.cv):
            train = [it for i, it in enumerate(items) if i % args.cv != k]
            test = [it for i, it in enumerate(items) if i % args.cv == k]
            install(fit(train, args.epochs, args.rate))
            scores.append(
                sum(body_f1(wireparse.parse(it["data"]), it["label"]["body_text"]) for it in test) / len(test)
            )
            label_mod._weights = original  # type: ignore[assignment]
        folds = ", ".join(f"{s:.3f}" for s in scores)
        print(f"# {args.cv}-fold body.text F1: {sum(scores) / len(scores):.3f} ({folds})")
    weights = fit(items, args.epochs, args.rate)
    print(f"# fitted on {len(items)} pages of {args.corpus.name}: {args.epochs} epochs, rate {args.rate}")
    table = "[hints.body]\n" + "".join(
        f"{name} = {value:.1f}\n"
        for name, value in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
        if value
    )
    print("\n" + table, end="")
    if args.write:
        path = Path(label_mod.__file__).parent / "tables" / "weights.toml"
        text = path.read_text(encoding="utf-8")
        start = text.index("\n[hints.body]\n") + 1
        end = text.find("\n[", start)
        text = text[:start] + table + (text[end:] if end >= 0 else "")
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
