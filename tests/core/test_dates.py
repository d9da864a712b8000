"""Date shapes real feeds write that feedparser misses, and days in article URLs (issue 16)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.dates import date_from_url, parse_date_text


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0):
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


TEXT_CASES = [
    # the offset glued to the time (acn-newswire capture; feedparser reads nothing)
    ("glued-offset", "Tue, 27 Dec 2005 13:30:33+0900", utc(2005, 12, 27, 4, 30, 33)),
    ("portuguese", "Seg, 24 Set 2018 19:22:00 -0300", utc(2018, 9, 24, 22, 22)),
    ("portuguese-fev", "Qua, 26 Fev 2020 10:00:00 -0300", utc(2020, 2, 26, 13, 0)),
    ("portuguese-long", "sábado, 5 de maio de 2018 08:00", utc(2018, 5, 5, 8, 0)),
    ("french-accent", "Mer, 05 Déc 2018 10:00:00 +0100", utc(2018, 12, 5, 9, 0)),
    ("german", "Mi, 03 Jan 2018 10:00:00 +0100", utc(2018, 1, 3, 9, 0)),
    ("spanish", "Lun, 08 Oct 2018 10:00:00 +0200", utc(2018, 10, 8, 8, 0)),
    ("sept", "Mon, 04 Sept 2017 10:00:00 GMT", utc(2017, 9, 4, 10, 0)),
    ("zone-name", "Sun, 11 Mar 2012 09:30:00 EST", utc(2012, 3, 11, 14, 30)),
    ("english-long", "Tuesday, January 3, 2017 - 10:00", utc(2017, 1, 3, 10, 0)),
    ("iso-basic-offset", "2017-01-03T10:00:00+0900", utc(2017, 1, 3, 1, 0)),
    ("iso-naive-is-utc", "2017-01-03 10:00", utc(2017, 1, 3, 10, 0)),
    ("slashes-year-first", "2017/01/03 10:00", utc(2017, 1, 3, 10, 0)),
    ("day-only", "1 Janvier 2019", utc(2019, 1, 1)),
    ("ambiguous-digits", "03/01/2017", None),
    ("no-day", "January 2017", None),
    ("impossible-day", "Sat, 31 Feb 2019 10:00 GMT", None),
    ("impossible-hour", "Sat, 03 Jan 2017 25:00 GMT", None),
    ("impossible-offset", "Mon, 1 Jan 2018 10:00:00 +2500", None),
    ("two-months", "Jan Feb 3 2017", None),
    ("too-old", "Mon, 01 Jan 1900 00:00:00 GMT", None),
    ("garbage", "soon", None),
    ("empty", "", None),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in TEXT_CASES], ids=[c[0] for c in TEXT_CASES]
)
def test_parse_date_text(text: str, expected: datetime | None) -> None:
    assert parse_date_text(text) == expected


URL_CASES = [
    ("nytimes", "https://www.nytimes.com/2017/01/03/world/asia/x.html", utc(2017, 1, 3, 12)),
    ("japan-times", "http://www.japantimes.co.jp/news/2017/01/07/business/x/", utc(2017, 1, 7, 12)),
    ("dashes", "https://e.com/news/2019-05-07-title", utc(2019, 5, 7, 12)),
    ("no-day", "https://e.com/2017/01/x", None),
    ("impossible", "https://e.com/2017-02-30/x", None),
    ("in-query-only", "https://e.com/x?d=/2017/01/03/", None),
    ("none", None, None),
    ("bad-url", "http://[::1/2017/01/03/", None),
]


@pytest.mark.parametrize(
    ("url", "expected"), [c[1:] for c in URL_CASES], ids=[c[0] for c in URL_CASES]
)
def test_date_from_url(url: str | None, expected: datetime | None) -> None:
    assert date_from_url(url) == expected


@given(st.text(max_size=80))
def test_parse_date_text_never_raises_and_is_aware(text: str) -> None:
    when = parse_date_text(text)
    assert when is None or when.tzinfo is UTC
