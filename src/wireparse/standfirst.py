"""Stage 5, the standfirst: the dek or summary printed under the headline, above the story.

The decoder has no state for it: a standfirst is labelled boilerplate of the header (``hboil``)
when furniture (a byline, a date, a share bar) stands between it and the body, or the first body
paragraph when it sits right above the story. Once the whole page is labelled, :func:`find` picks
the one unit between the headline and the body that is a standfirst, by cues that carry to any site
and language:

- its shape: prose, :data:`MIN_WORDS` to :data:`MAX_WORDS` words (:data:`DECLARED_MAX_WORDS`
  when declared), ending as a sentence ends when nothing but its place speaks for it;
- its place: under the headline (and the byline, the date lines), before the body's first
  paragraph or the dateline;
- the page's own metadata: a summary it declares (``og:description``, ``meta description``,
  JSON-LD ``description``) that the line prints, word for word or nearly (:data:`NEAR`);
- the markup: a class or id that names a standfirst (``dek``, ``standfirst``, ``summary``,
  ``subtitle``, ``intro``…, the ``cls_dek`` hint of ``tables/markup.toml``).

A caption (``<figure>``, a caption class, a photo credit), a timestamp, a byline, a link, a share
bar or a navigation line is never a standfirst, and nor is a line the markup hides or sets as a
heading (:data:`_HEADING`: a second headline) unless a dek class names it. A first body
paragraph is one only on firm evidence (the dateline opens the paragraph under it, the metadata
declares it and header furniture parts it from the story, or its markup names it), so that a
story's lede stays in the body; a subhead inside the story stays a body paragraph.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import regex

from wireparse.features import SENT_END, Feature
from wireparse.lines import Unit

MIN_WORDS = 8
"""The fewest words of a standfirst."""
MAX_WORDS = 60
"""The most words of a standfirst found by its shape and place alone."""
DECLARED_MAX_WORDS = 90
"""The most words of a standfirst the page's metadata declares."""
NEAR = 0.8
"""How much of a line and a declared summary must be the same words (the shared words over the
longer of the two) for the line to print it."""
LOOK_AHEAD = 12
"""How many units under the headline are searched."""

_WORD = regex.compile(r"\w+")
_TRUNCATED = ("...", "…", "[…]", "[...]")
_NEVER = frozenset(
    (
        "in_figure",
        "cls_caption",
        "tag_figcaption",
        "bp_caption",
        "cls_byline",
        "cls_date",
        "has_time",
        "timestamp",
        "date_line",
        "byline",
        "byline_role",
        "agency_only",
        "link",
        "link_dense",
        "pipes",
        "in_nav",
        "in_footer",
        "in_aside",
        "in_form",
        "cls_nav",
        "cls_share",
        "cls_ad",
        "cls_comment",
        "cls_newsletter",
        "cls_cookie",
        "cls_tags",
        "tag_li",
        "tag_button",
        "tag_blockquote",
        "in_quote",
        "title_run",
        "enumerated",
    )
)
"""Features of lines that are never a standfirst: captions, credits, dates, links and chrome."""
_HEADING = frozenset(("tag_h1", "tag_h2", "tag_h3", "tag_h4", "cls_headline", "cls_hidden"))
"""Markup of a second headline: a subtitle set as a heading (``<h2>`` to ``<h6>``) or in an element
whose class calls it a headline or title is a kicker or an alternative title, which extraction
benchmarks keep out of the text, not a standfirst (unless a dek class names the heading and no
headline class does: ``<h2 class="dek">``); nor is a line the markup hides."""
_CREDIT = regex.compile(
    r"(?i)(?:\A|[\s(\[|])(?:photo|foto|image|bild|picture|credit|source|quelle|©|\(c\))\b\s*[:/]"
    r"|©|\b(?:getty images|afp/|/afp|reuters/|/reuters|ap photo|/ap\b|dpa/|/dpa\b|epa/|shutterstock)"
)
"""A photo credit inside a line: the line is a caption."""
_HEADER = frozenset(("hboil", "byline"))
_FURNITURE = frozenset(("hboil", "byline", "bboil", "pre", "dateline"))


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def declares(text: str, descriptions: Sequence[str], *, truncated: bool = True) -> bool:
    """Whether ``text`` prints one of the page's declared summaries: nearly the same words
    (:data:`NEAR`), or, with ``truncated``, the opening of a summary cut short (``…``) that it
    continues.

    >>> declares("Berlin. Two pylons burn and thousands are without power.",
    ...          ["Two pylons burn and thousands are without power."])
    True
    >>> declares("The minister resigned on Monday after a week of protests.", ["Read the latest news."])
    False
    """
    got = _words(text)
    if not got:
        return False
    have = Counter(got)
    for desc in descriptions:
        want = _words(desc)
        if len(want) < MIN_WORDS // 2:
            continue
        cut = desc.rstrip().endswith(_TRUNCATED)
        if cut:
            want = want[:-1]  # the word the cut fell in
            if not truncated or len(want) < MIN_WORDS:
                continue
        shared = sum((have & Counter(want)).values())
        if shared >= NEAR * max(len(got), len(want)):
            return True
        if cut and shared >= 0.9 * len(want) and got[: len(want) // 2] == want[: len(want) // 2]:
            return True
    return False


def _prose(u: Unit, f: Feature, max_words: int, *, placed: bool = False) -> bool:
    """A sentence or a few: the standfirst's shape, with nothing of a caption or chrome. With
    ``placed``, it may open with a place (``Berlin. Two pylons burn…``): a line of the header the
    metadata declares, whose dateline is not the story's."""
    if not (MIN_WORDS <= f.words <= max_words):
        return False
    names = f.names
    if f.phrase_kind is not None or (f.dateline is not None and not placed) or f.notice is not None:
        return False
    if any(n in _NEVER for n in names) or _heading(names):
        return False
    return not _CREDIT.search(u.text)


def _heading(names: Sequence[str]) -> bool:
    """Markup of a second headline (:data:`_HEADING`), unless a dek class names the heading and no
    headline class does (``<h2 class="dek">``)."""
    if not any(n in _HEADING for n in names):
        return False
    return "cls_dek" not in names or any(n in names for n in ("cls_headline", "cls_hidden", "tag_h1"))


def _ends(u: Unit, f: Feature) -> bool:
    """The unit ends a sentence: the ``sentence`` feature, or (a short line) a sentence-ending mark
    in any script (:data:`wireparse.features.SENT_END`)."""
    return "sentence" in f.names or u.text.rstrip()[-1:] in SENT_END


def find(
    units: Sequence[Unit],
    feats: Sequence[Feature],
    labels: Sequence[str],
    descriptions: Sequence[str] = (),
    dateline_unit: int = -1,
    *,
    html: bool = False,
) -> int:
    """The index of the unit that is the page's standfirst, or -1 (see the module's docstring).
    ``descriptions`` are the summaries the page's metadata declares (:attr:`HtmlMeta.descriptions
    <wireparse.html.HtmlMeta.descriptions>`), ``dateline_unit`` the unit holding the dateline;
    ``html`` for a page read from HTML, where a line the metadata does not declare needs its markup
    to say so when the page declares a summary."""
    return why(units, feats, labels, descriptions, dateline_unit, html=html)[0]


def why(
    units: Sequence[Unit],
    feats: Sequence[Feature],
    labels: Sequence[str],
    descriptions: Sequence[str] = (),
    dateline_unit: int = -1,
    *,
    html: bool = False,
) -> tuple[int, str]:
    """:func:`find`, and the evidence that chose the unit: ``declared`` (the metadata declares
    it), ``markup`` (its class or id names it), ``place`` (its shape and place alone),
    ``dateline`` (a first paragraph above the dateline's paragraph); ``""`` with -1."""
    try:
        head = list(labels).index("headline")
    except ValueError:
        return -1, ""
    end = min(len(units), head + 1 + LOOK_AHEAD)
    furniture_only = True  # nothing but bylines and date lines between the headline and here
    for i in range(head + 1, end):
        u, f, label = units[i], feats[i], labels[i]
        if label == "body":
            reason = _lead_standfirst(units, feats, labels, i, descriptions, dateline_unit)
            return (i, reason) if reason else (-1, "")
        if label == "dateline" or label not in _HEADER:
            return -1, ""
        names = f.names
        if (
            label == "hboil"
            and descriptions
            and _prose(u, f, DECLARED_MAX_WORDS, placed=True)
            and declares(u.text, descriptions)
        ):
            return i, "declared"
        if label == "hboil" and _prose(u, f, MAX_WORDS):
            if "cls_dek" in names:
                return i, "markup"
            if (
                _ends(u, f)
                and furniture_only
                and _body_follows(feats, labels, i)
                and not (html and descriptions)
            ):
                return i, "place"
        if not _furniture(f, label):
            furniture_only = False
    return -1, ""


def _furniture(f: Feature, label: str) -> bool:
    """A byline or a date line: what may stand between a headline and its standfirst."""
    names = f.names
    return label == "byline" or any(n in names for n in ("timestamp", "date_line", "dated", "cls_date"))


def _body_follows(feats: Sequence[Feature], labels: Sequence[str], i: int) -> bool:
    """Whether the body (or the dateline) comes under unit ``i`` with only bylines and date lines
    between."""
    for j in range(i + 1, min(len(labels), i + 1 + LOOK_AHEAD)):
        if labels[j] in ("body", "dateline"):
            return True
        if not _furniture(feats[j], labels[j]):
            return False
    return False


def _lead_standfirst(
    units: Sequence[Unit],
    feats: Sequence[Feature],
    labels: Sequence[str],
    i: int,
    descriptions: Sequence[str],
    dateline_unit: int,
) -> str:
    """Why the first body paragraph ``i`` is the standfirst (``""``: it is not): prose, with more
    body below it, and either the dateline opening the next paragraph, or the markup naming it (and
    not every paragraph), or the metadata declaring it while a byline or a date line parts it from
    the story."""
    u, f = units[i], feats[i]
    if not _prose(u, f, DECLARED_MAX_WORDS):
        return ""
    nxt = next((j for j in range(i + 1, len(labels)) if labels[j] in ("body", "dateline")), -1)
    if nxt < 0:
        return ""  # the only paragraph is the story
    if dateline_unit == nxt and labels[nxt] == "body" and f.words <= MAX_WORDS and _ends(u, f):
        return "dateline"
    if "cls_dek" in f.names and "cls_dek" not in feats[nxt].names and f.words <= MAX_WORDS and _ends(u, f):
        return "markup"  # its class names it, and not every paragraph's does
    parted = any(labels[j] in _FURNITURE and _furniture(feats[j], "hboil") for j in range(i + 1, nxt))
    if parted and descriptions and declares(u.text, descriptions, truncated=False):
        return "declared"
    return ""
