"""Stage 5, the page's header after labelling: which line is the headline, which the byline.

The decoder labels each line by its own features and its neighbours'; a few facts about the header
are clearer once the whole labelling is known, and :func:`settle` applies them:

- on an HTML page, a line above the body that prints a title the page declares (JSON-LD, Open
  Graph, ``<title>``) is the headline when the decoder's headline agrees with none of them;
- a line the decoder took for the headline that is a credit (``Jane Doe, Reuters``, ``Via AP news
  wire``, a name over an agency's line), a timestamp or a date gives way to the headline-shaped
  line above it (and becomes the byline when it is a credit);
- between the headline and the body, a credit line is the byline (``The Associated Press``,
  ``Reuters | Dec 1, 2021``, ``By`` over the names on the next line, a name over an agency's line,
  a name the markup or the metadata calls the author), and a line labelled byline that names no one
  (``Updated 10:31 AM``, ``před 2 hodinami``) is not;
- with no byline above the body, a ``By Name`` line right under it is the byline.

:func:`credits` then reads the byline lines, and :func:`story_agencies` collects every agency the
page credits for the story: the dateline's, the byline's, and a sign-off at the end of the body
(``— Reuters``, ``-AFP``, ``(Prensa Latina)``).
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from wireparse.agencies import Registry
from wireparse.byline import Credit, has_lead, is_role, person_shaped, read_credit, sign_off
from wireparse.label import Feature
from wireparse.lines import Unit
from wireparse.records import Agency

LOOK_UP = 8
"""How many lines above a credit taken for the headline are searched for the real headline."""
TAIL_LINES = 3
"""How many lines under the body are searched for a byline or an agency's sign-off."""
_HEADER_STATES = frozenset(("hboil", "byline"))
_ABOVE_STATES = frozenset(("pre", "hboil", "site"))


def _credit(u: Unit, f: Feature, registry: Registry) -> Credit | None:
    names = f.names
    if f.phrase_kind is not None or any(n in names for n in ("sentence", "link", "cls_caption", "in_figure")):
        return None  # prose, a link, a photo credit ("Andrew Harnik / AP" under "Foto:")
    c = read_credit(u.text, registry)
    if (
        c is not None
        and not c.people
        and c.agencies
        and "link_dense" in f.names
        and all(registry.is_ambiguous(a.code) for a in c.agencies)
    ):
        return None  # "PA" as a link: an avatar's initials, not the Press Association
    return c


def _strong(c: Credit | None) -> bool:
    """A credit by its own words: ``By …``, or an agency with nothing but names beside it."""
    if c is None or (c.byline is None and not c.lead):
        return False
    if c.agencies:
        return all(person_shaped(p) for p in c.people)
    if c.lead:  # "By Jane Doe", "by Staff Writers"; not "DI Giorgio Corp <dig> Qtly Dividend"
        return all(person_shaped(p) for p in c.people)
    return False


def _bare(c: Credit | None) -> bool:
    """A ``By`` label alone, the names on the next line."""
    return c is not None and c.lead and c.byline is None and not c.agencies


def _named(c: Credit | None, u: Unit, f: Feature, people: Sequence[str]) -> bool:
    """A line that is only a person's name, which the markup (``cls_byline``) or the metadata's
    authors call the author, or a name beside a date (``Sehernur Karsu | 05.04.2025``)."""
    if c is None or not c.people or c.agencies:
        return False
    if c.dated and "|" in u.text and all(_one_name(p) for p in c.people):
        return True
    if not person_shaped(u.text):
        return False
    if "cls_byline" in f.names:
        return True
    low = " ".join(u.text.split()).casefold()
    return any(" ".join(p.split()).casefold() in low for p in people)


def _dated_only(u: Unit, f: Feature, registry: Registry) -> bool:
    """A timestamp or a date that names no one (``Updated 10:31 AM``, ``Dec 1, 2021``)."""
    dated = "timestamp" in f.names or "date_line" in f.names or "dated" in f.names
    return dated and read_credit(u.text, registry) is None


def _chrome(u: Unit, f: Feature) -> bool:
    """Page furniture the decoder took for the headline: a phrase-table hit (``Short Url``,
    ``Close photo mode``) or a line with fewer than two words of letters (``|``)."""
    words = sum(1 for w in u.text.split() if any(c.isalpha() for c in w))
    return f.phrase_kind is not None or (words < 2 and not any(not c.isascii() for c in u.text))


def _headline_like(u: Unit, f: Feature, registry: Registry) -> bool:
    names = f.names
    return (
        f.phrase_kind is None
        and "headline_shape" in names
        and f.dateline is None
        and not any(
            n in names for n in ("timestamp", "date_line", "agency_only", "byline", "title_run", "pipes")
        )
        and not _strong(_credit(u, f, registry))
        and not person_shaped(u.text)
    )


def settle(
    units: Sequence[Unit],
    feats: Sequence[Feature],
    labels: Sequence[str],
    registry: Registry,
    people: Sequence[str] = (),
    declared: Sequence[str] = (),
) -> list[str]:
    """The labels with the header's facts applied (see the module docstring). ``people`` are the
    authors the page's metadata names; ``declared`` the titles it declares (HTML): a line above
    the body that prints one of them is the headline when the decoder's headline agrees with none."""
    out = list(labels)
    n = len(out)
    body = next((i for i, lab in enumerate(out) if lab in ("body", "dateline")), n)
    head = next((i for i, lab in enumerate(out[:body]) if lab == "headline"), -1)
    if declared:
        head = _declared_line(units, out, head, body, declared)

    # a credit, timestamp or date taken for the headline gives way to the headline-shaped line above
    if head >= 0:
        u, f = units[head], feats[head]
        c = _credit(u, f, registry)
        bare_above = False
        credit = _strong(c) or _named(c, u, f, people)
        if not credit and c is not None and c.byline is not None and person_shaped(u.text):
            bare_above = head > 0 and _bare(_credit(units[head - 1], feats[head - 1], registry))
            credit = bare_above or _next_agency_line(units, feats, out, head, body, registry)
        if credit or _dated_only(u, f, registry) or _chrome(u, f):
            alt = next(
                (
                    j
                    for j in range(head - 1, max(-1, head - 1 - LOOK_UP), -1)
                    if out[j] in _ABOVE_STATES and _headline_like(units[j], feats[j], registry)
                ),
                -1,
            )
            if alt >= 0:
                out[alt] = "headline"
                for j in range(alt + 1, head):
                    if out[j] in ("pre", "site"):
                        out[j] = "hboil"
                out[head] = "byline" if credit else "hboil"
                if credit and bare_above:
                    out[head - 1] = "byline"

    # the header: credits between the headline and the body
    start = next((i for i, lab in enumerate(out[:body]) if lab == "headline"), -1) + 1
    have = False
    for i in range(start, body):
        if out[i] not in _HEADER_STATES:
            continue
        u, f = units[i], feats[i]
        c = _credit(u, f, registry)
        bare = _bare(c)
        if bare and i + 1 < body and out[i + 1] in _HEADER_STATES:
            following = _credit(units[i + 1], feats[i + 1], registry)
            if following is not None and following.byline is not None:
                out[i] = out[i + 1] = "byline"  # "By" over the names
                have = True
                continue
        if _strong(c) or _named(c, u, f, people):
            out[i] = "byline"
            have = True
        elif (
            c is not None
            and c.people
            and not c.agencies
            and person_shaped(u.text)
            and _next_agency_line(units, feats, out, i, body, registry)
        ):
            out[i] = "byline"  # the author, and the agency on the next line
            have = True
        elif (
            i == start
            and c is not None
            and c.people
            and not c.agencies
            and all(_one_name(p) for p in c.people)
            and person_shaped(u.text)
            and i + 1 < body
            and _dated_only(units[i + 1], feats[i + 1], registry)
        ):
            out[i] = "byline"  # a name right under the headline, over the date
            have = True
        elif out[i] == "byline" and (c is None or (c.byline is None and not (bare and have))):
            out[i] = "hboil"  # a timestamp or a date the decoder took for the byline
        elif out[i] == "byline":
            have = True

    # a byline under the body when there is none above it
    if not have and "byline" not in out:
        last = max((i for i, lab in enumerate(out) if lab == "body"), default=-1)
        if last >= 0:
            for i in range(last, min(n, last + 1 + TAIL_LINES)):
                u, f = units[i], feats[i]
                if not has_lead(u.text):
                    continue
                c = _credit(u, f, registry)
                if c is not None and c.lead and c.people and all(person_shaped(p) for p in c.people):
                    if out[i] == "body" and sum(1 for lab in out if lab == "body") < 2:
                        break  # the story's only paragraph stays the story
                    out[i] = "byline"
                    break
    return out


DECLARED_MATCH = 0.8
"""A line prints a declared title when this share of their words (Jaccard) are shared."""


def _declared_line(
    units: Sequence[Unit], out: list[str], head: int, body: int, declared: Sequence[str]
) -> int:
    """Relabel the line above the body that prints a declared title as the headline, when the
    decoder's headline agrees with no declared title (it took a caption, a teaser, a kicker).
    Returns the headline's index."""
    if head >= 0 and any(_overlap(units[head].text, d) >= AGREEMENT for d in declared):
        return head
    site = max((i for i in range(body) if out[i] == "site"), default=-1)
    for j in range(site + 1, body):
        if j == head or out[j] not in ("pre", "hboil") or len(units[j].text) > 300:
            continue
        if any(_overlap(units[j].text, d) >= DECLARED_MATCH for d in declared):
            if head >= 0:
                out[head] = "hboil" if head > j else "pre"
            for k in range(j + 1, body):
                if out[k] == "pre":
                    out[k] = "hboil"
            out[j] = "headline"
            return j
    return head


def _next_agency_line(
    units: Sequence[Unit],
    feats: Sequence[Feature],
    labels: Sequence[str],
    i: int,
    body: int,
    registry: Registry,
) -> bool:
    """Is the line after ``i`` (above the body) an agency's name alone (``Reuters``)?"""
    j = i + 1
    if j >= body or j >= len(units):
        return False
    c = _credit(units[j], feats[j], registry)
    return c is not None and bool(c.agencies) and not c.people


def credits(texts: Sequence[str], registry: Registry) -> tuple[str | None, tuple[Agency, ...]]:
    """The byline of the byline lines, and the agencies they credit. The first credit by its own
    words (``By …`` with the names on its line or the next, an agency) wins over a line that is
    only a name (``Deal Professor`` above ``By STEVEN DAVIDOFF SOLOMON``), which wins over other
    text; lines that are only names under the chosen one are more authors of a list."""
    best: tuple[int, int, Credit] | None = None
    found: list[Credit | None] = []
    agencies: list[Agency] = []
    bare = False
    for k, text in enumerate(texts):
        c = read_credit(text, registry)
        found.append(c)
        if c is None:
            bare = False
            continue
        prev = found[k - 1] if k else None
        if (
            c.agencies
            and not c.people
            and prev is not None
            and prev.people
            and not prev.agencies
            and person_shaped(texts[k - 1])
            and (best is None or best[0] < 2 or best[1] == k - 1)
        ):
            best = (2, k - 1, prev)  # the author, and the agency on the next line
        elif c.byline is not None:
            rank = 2 if (c.lead or bare or c.agencies) else 1 if person_shaped(text) else 0
            if best is None or rank > best[0]:
                best = (rank, k, c)
        bare = _bare(c)
        for a in c.agencies:
            if a not in agencies:
                agencies.append(a)
    if best is None:
        return None, tuple(agencies)
    rank, at, chosen = best
    names = list(chosen.people) if chosen.people else []
    if not names:
        return chosen.byline, tuple(agencies)
    for k in range(at + 1, len(texts)):
        c = found[k]
        if c is None or c.lead or c.agencies or not c.people or not all(_one_name(p) for p in c.people):
            continue
        names.extend(p for p in c.people if p not in names)
    return ", ".join(names) if len(names) > len(chosen.people) else chosen.byline, tuple(agencies)


def _one_name(text: str) -> bool:
    """A person's name alone: two words or more, no job title's or desk's word (``WCB News``)."""
    words = text.split()
    return len(words) >= 2 and person_shaped(text) and not any(is_role(w) for w in words)


def story_agencies(
    *groups: Sequence[Agency],
) -> tuple[Agency, ...]:
    """Every agency of the groups, in order, each once."""
    out: list[Agency] = []
    for group in groups:
        for a in group:
            if a not in out:
                out.append(a)
    return tuple(out)


def signed_off(
    units: Sequence[Unit], feats: Sequence[Feature], labels: Sequence[str], registry: Registry
) -> tuple[Agency, ...]:
    """The agencies that sign the story off: at the end of its last paragraph (``…said. —
    Reuters``), or on a line of their own right under it (``(Prensa Latina)``)."""
    last = max((i for i, lab in enumerate(labels) if lab == "body"), default=-1)
    if last < 0:
        return ()
    out: list[Agency] = []
    found = sign_off(units[last].text, registry)
    if found is not None:
        out.append(found)
    for i in range(last + 1, min(len(units), last + 1 + TAIL_LINES)):
        if labels[i] == "rights":
            break
        if "agency_only" in feats[i].names:
            found = sign_off(units[i].text, registry)
            if found is not None and found not in out:
                out.append(found)
    return tuple(out)


_INVISIBLE = regex.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
"""Soft hyphens, zero-width spaces and joiners, word joiners: kept in ``source``, not in a field."""
_WORD = regex.compile(r"\w+")
_PREFIX_SEP = regex.compile(r"[ ]+[-–—|/][ ]+|[ ]+:[ ]+|(?<=\w):[ ]+")
"""Where a kicker or a section's name ends in front of the headline: ``Kultur : …``,
``Minderheit in Syrien - …``, ``Silicon Valley Bank: …``."""
_TAIL_SEP = "-–—|:·•ㅣ/"
PREFIX_WORDS = 6
"""A kicker or section prefix in front of a headline has at most this many words."""
AGREEMENT = 0.5
"""A printed headline stands when at least this share of its and one declared title's words
(Jaccard) are shared; below it with every declared title, the decoder most likely took another
line (a caption, a kicker, a teaser, a test page's ``Lorem``) and the declared title is the answer."""


def _letters(text: str) -> str:
    """The text's words run together, case kept: equal for ``Demo Der`` and ``DemoDer``, for
    ``Kohberger’s`` and ``Kohberger's``, for ``A : B`` and ``A: B``."""
    return "".join(_WORD.findall(text))


def _overlap(a: str, b: str) -> float:
    wa, wb = set(_WORD.findall(a.casefold())), set(_WORD.findall(b.casefold()))
    return len(wa & wb) / max(1, len(wa | wb))


def clean_headline(
    printed: str | None,
    declared: Sequence[str] = (),
    sites: Sequence[str | None] = (),
) -> str | None:
    """The headline field from the printed headline and the titles the page declares
    (``declared``: JSON-LD ``headline``, ``og:title``, ``<title>``…, best first).

    - soft hyphens and zero-width characters are dropped (the record's ``source`` keeps them);
    - a printed headline with the same words as a declared title takes that title's punctuation
      and spacing, which the markup lost (``Nationale DemoDer 9. Juli`` → ``Nationale Demo / Der 9.
      Juli``, ``A : B`` → ``A: B``);
    - a kicker or section prefix that no declared title has is dropped (``Kultur : Was lesen …``
      → ``Was lesen …`` when the page declares ``Was lesen …``);
    - a printed headline that shares under :data:`AGREEMENT` of its words with every declared
      title gives way to the first declared title; with none printed, that title is the headline;
    - the site's name as a tail (``… - Die Neue Zeitung``, ``sites``) is cut off.

    >>> clean_headline("Kultur : Was lesen die Philippinen?", ["Was lesen die Philippinen?"])
    'Was lesen die Philippinen?'
    >>> clean_headline("Wind\u00adfarm opens", [])
    'Windfarm opens'
    """
    forms = [f for f in (" ".join(_INVISIBLE.sub("", d).split()) for d in declared) if f]
    head = " ".join(_INVISIBLE.sub("", printed).split()) if printed else None
    if not head:
        return _cut_site(forms[0], sites) if forms else None
    if forms:
        head = _with_declared(head, forms)
    return _cut_site(head, sites) or head


def _with_declared(head: str, forms: Sequence[str]) -> str:
    letters = _letters(head)
    same = next((f for f in forms if _letters(f) == letters), None)
    if same is not None:
        return same
    # a kicker or section in front that the declared titles do not have
    for m in _PREFIX_SEP.finditer(head):
        prefix, rest = head[: m.start()], head[m.end() :]
        if len(prefix.split()) > PREFIX_WORDS:
            break
        rest_letters, prefix_letters = _letters(rest), _letters(prefix)
        if len(rest.split()) < 2 or not rest_letters:
            continue
        for f in forms:
            fl = _letters(f)
            if fl.endswith(rest_letters) and prefix_letters not in fl:
                return f if fl == rest_letters else rest
    if all(_overlap(head, f) < AGREEMENT for f in forms):
        return forms[0]
    return head


def _cut_site(head: str, sites: Sequence[str | None]) -> str:
    """The headline without a site's name at its end (``… - Die Neue Zeitung``)."""
    low = head.casefold()
    for site in sites:
        if not site or len(site) < 3:
            continue
        name = site.casefold()
        if low.endswith(name) and len(low) > len(name):
            cut = head[: len(head) - len(site)].rstrip()
            if cut and cut[-1] in _TAIL_SEP:
                rest = cut.rstrip(_TAIL_SEP + " ")
                if len(rest.split()) >= 2:
                    return rest
    return head
