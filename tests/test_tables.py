"""Integrity of the data tables shipped in ``wireparse/tables``."""

from __future__ import annotations

from collections import Counter

import pytest

from wireparse import boilerplate
from wireparse.agencies import default_registry
from wireparse.records import BOILERPLATE_KINDS
from wireparse.tables import TABLES, load


@pytest.mark.parametrize("name", TABLES)
def test_every_table_loads_and_is_not_empty(name: str) -> None:
    assert load(name)


def test_agency_codes_are_unique_and_no_alias_is_claimed_twice() -> None:
    rows = load("agencies")["agency"]
    codes = Counter(r["code"] for r in rows)
    assert [c for c, n in codes.items() if n > 1] == []
    owner: dict[str, str] = {}
    clashes = []
    for r in rows:
        for name in {r["code"], r["name"], *r.get("aliases", ())}:
            key = " ".join(name.split()).casefold()
            if key in owner and owner[key] != r["code"]:
                clashes.append((name, owner[key], r["code"]))
            owner.setdefault(key, r["code"])
    assert clashes == []


def test_registry_has_the_required_agencies_and_codes() -> None:
    reg = default_registry()
    assert len(reg) >= 80
    for code in ["AP", "AFP", "Reuters", "UPI", "Xinhua", "dpa", "EFE", "ANSA", "SPX", "CNN", "Kyodo", "PTI"]:
        agency = reg.lookup(code)
        assert agency is not None and agency.code == code
    for alias, code in [
        ("Agence France Presse", "AFP"),
        ("The Associated Press", "AP"),
        ("dpa-AFX", "dpa"),
        ("Xinhua News Agency", "Xinhua"),
        ("CNN Business", "CNN"),
        ("Thomson Reuters", "Reuters"),
    ]:
        agency = reg.lookup(alias)
        assert agency is not None and agency.code == code, alias
    assert reg.lookup("SPX").kind == "site-wire"  # type: ignore[union-attr]


def test_boilerplate_kinds_are_the_closed_vocabulary() -> None:
    assert set(load("boilerplate")) <= set(BOILERPLATE_KINDS)


def test_month_tokens_map_to_one_month_per_language() -> None:
    table = load("months")
    for lang in ("en", "fr", "es", "de", "it", "pt"):
        assert set(table[lang].values()) == set(range(1, 13)), lang


def test_weights_name_only_known_labels() -> None:
    from wireparse.label import LABELS  # noqa: PLC0415

    table = load("weights")
    assert set(table["emit"]) <= {*LABELS, "boilerplate"}
    assert set(table["transitions"]) <= set(LABELS)
    for row in table["transitions"].values():
        assert set(row) <= set(LABELS)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Martha on June 3, 2021 at 10:02 am said:", "comments"),  # a comment's header
        ("14 comments", "comments"),
        ("Advertisement", "advertisement"),
        ("4 min", "other"),  # a reading time
        ("Reading time: 12 minutes", "other"),
        ("4 min ago", None),
        # a newsletter form's confirmation
        ("A link was sent to you. Please activate your subscription by clicking it.", "newsletter"),
        ("Thank you for subscribing!", "newsletter"),
        # an author's bio under the story, and a sentence about someone who is no author
        ("Jane Roe is a freelance writer based in Oslo.", "other"),
        ("Ola Nordmann is a Staff Writer at Example Weekly covering energy and mining.", "other"),
        ("The minister is a former reporter who entered politics in 2010.", None),
        # a WordPress comment form, translated
        ("Lascia un commento Annulla risposta", "comments"),
        ("Vous devez être connecté pour publier un commentaire.", "comments"),
        # quoted speech that ends "… said." is a paragraph, however the words between fall
        ('"Stocks held at 40 pct on the day," the broker at the desk in 2019 said.', None),
        ("“Rates stay on hold at 4 pct until 2027,” the governor said.", None),
        # a layout's line under every story (issue 19): closed comments, in any of their wordings
        ("Comments are closed for this story.", "comments"),
        ("Comments on this article are closed", "comments"),
        ("Commenting has been disabled.", "comments"),
        ("The comments section is closed.", "comments"),
        ("Comments are closed, the chair said on Monday after a heated debate.", None),
        # tails of a story (issue 19 item 8): a blog's entry footer, a translation note, a paywall
        ("This entry was posted in Politics and tagged vote. Bookmark the permalink.", "navigation"),
        ("Posted in World News | Leave a comment", "navigation"),
        ("Posted in a hurry, the letter said the vote would be delayed.", None),
        ("This article has been translated from Spanish.", "other"),
        ("The views expressed in this article are those of the author.", "other"),
        ("This content is for subscribers only.", "newsletter"),
        ("Already a subscriber? Log in", "newsletter"),
        ("Report an error", "other"),
        # an embed's consent prompt inside the story (issue 19 item 7): other, not a legal line
        ("Empfohlener redaktioneller Inhalt", "other"),
        ("Ich bin damit einverstanden, dass mir externe Inhalte angezeigt werden.", "other"),
        ("We need your consent to load this YouTube video.", "other"),
        # headings and chrome of layouts not in the dev corpora (issue 19)
        ("Read this next", "related"),
        ("In other news", "related"),
        ("In other news, the council met on Monday.", None),
        ("hide caption", "caption"),
        ("Manage preferences", "legal"),
    ],
)
def test_phrase_table_kinds(line: str, kind: str | None) -> None:
    found = boilerplate.classify(line)
    assert (found.kind if found else None) == kind
