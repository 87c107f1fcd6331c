"""Rights notices: holder, agency and year (``wireparse.rights``)."""

from __future__ import annotations

import pytest

from wireparse import rights
from wireparse.agencies import default_registry


@pytest.mark.parametrize(
    ("line", "holder", "agency", "year"),
    [
        ("(c) Copyright Thomson Reuters 1987.", "Thomson Reuters", "Reuters", 1987),
        ("Copyright 1987 Reuters. All rights reserved.", "Reuters", "Reuters", 1987),
        # a company suffix belongs to the holder; the agency is still found under it
        ("Copyright 1987 Reuters Limited. All rights reserved.", "Reuters Limited", "Reuters", 1987),
        ("© 2019 Hearst Communications, Inc.", "Hearst Communications, Inc.", None, 2019),
        # the name stops where "All rights reserved" starts, even after an abbreviation's stop
        ("Copyright © 2024 Acme News Ltd. All rights reserved.", "Acme News Ltd.", None, 2024),
        ("© 1987 Morning Ledger Media. All Rights Reserved.", "Morning Ledger Media", None, 1987),
        ("Copyright 2020 Cox Media Group. All rights reserved.", "Cox Media Group", None, 2020),
    ],
)
def test_notice_holders(line: str, holder: str, agency: str | None, year: int) -> None:
    notice = rights.read_notice(line, default_registry())
    assert notice is not None
    assert notice.holder == holder
    assert (notice.agency.code if notice.agency else None) == agency
    assert notice.year == year


def test_a_line_with_no_marker_is_no_notice() -> None:
    assert rights.read_notice("Reuters Limited said on Monday it would cut 200 jobs.") is None
