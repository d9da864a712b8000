"""Dates feedparser could not read, and dates written in article URLs (issue 16, point 5).

feedparser reads RFC 822, ISO 8601 and a few other shapes; real feeds also write the offset
glued to the time (``10:00:00+0900``), localized day and month names (Portuguese
``Seg, 24 Set 2018``, French ``Mer, 05 Déc 2018``, German ``Mi, 03 Jan 2018``) and ``Sept``.
``parse_date_text`` reads those with one tolerant rule: a four-digit year, a month name from a
table of common languages (or ISO digits), a day, an optional time and an optional offset or
zone name. It never guesses between day and month written as numbers (``03/01/2017``): an
unreadable date is no evidence, and the item is marked undated instead of misdated.

``date_from_url`` reads ``/2017/01/03/`` (or ``/2017-01-03``) in an article's path: news sites
put the publication day there, and it is better evidence than the time we first saw the item.
Pure and stdlib-only, like everything in ``bot.core``.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import urlsplit

EARLIEST_YEAR = 1990  # a year before the web's feeds is a typo, not evidence
URL_DAY_HOUR = 12  # a day from a URL is placed at noon UTC: at most 12 h off in any zone

# Month names and abbreviations (casefolded, accents removed) in English, Portuguese, Spanish,
# French, German, Italian and Dutch, as real feeds write them.
_MONTH_WORDS: dict[int, tuple[str, ...]] = {
    1: ("jan", "january", "janeiro", "ene", "enero", "janv", "janvier", "januar", "gen",
        "gennaio", "januari", "jaen"),
    2: ("feb", "february", "fev", "fevereiro", "febrero", "fevr", "fevrier", "februar",
        "febbraio", "februari"),
    3: ("mar", "march", "marco", "marzo", "mars", "marz", "mrz", "maart", "mrt"),
    4: ("apr", "april", "abr", "abril", "avr", "avril", "aprile"),
    5: ("may", "mai", "maio", "mayo", "mag", "maggio", "mei"),
    6: ("jun", "june", "junho", "junio", "juin", "juni", "giu", "giugno"),
    7: ("jul", "july", "julho", "julio", "juil", "juillet", "juli", "lug", "luglio"),
    8: ("aug", "august", "ago", "agosto", "aout", "augustus"),
    9: ("sep", "sept", "september", "set", "setembro", "septiembre", "septembre", "settembre"),
    10: ("oct", "october", "out", "outubro", "octubre", "octobre", "okt", "oktober", "ott",
         "ottobre"),
    11: ("nov", "november", "novembro", "noviembre", "novembre"),
    12: ("dec", "december", "dez", "dezembro", "dic", "diciembre", "decembre", "dezember",
         "dicembre"),
}  # fmt: skip
MONTHS = {word: month for month, words in _MONTH_WORDS.items() for word in words}
# Zone names feeds write instead of an offset (RFC 822's, and a few common in news feeds).
ZONES = {
    "gmt": 0, "ut": 0, "utc": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5,
    "mst": -7, "mdt": -6, "pst": -8, "pdt": -7, "jst": 9, "kst": 9, "cet": 1, "cest": 2,
    "met": 1, "mest": 2, "bst": 1, "ist": 5.5, "hkt": 8, "sgt": 8, "aest": 10, "aedt": 11,
}  # fmt: skip

_WORD = re.compile(r"[^\W\d_]+")
_YEAR = re.compile(r"(?<![\d+-])((?:19|20)\d{2})(?!\d)")
_TIME = re.compile(
    r"(?<![\d:])(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*"
    r"(?:([+-])(\d{2}):?(\d{2})(?!\d)|([A-Za-z]{1,5})\b)?"
)
_DAY = re.compile(r"(?<![\d:+-])(\d{1,2})(?![\d:])")
_ISO_DAY = re.compile(r"(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)")
_URL_DAY = re.compile(
    r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?=$|[/_.-])"
)


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).rstrip(".")


def _iso(text: str) -> datetime | None:
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _offset(match: re.Match[str]) -> timezone | None:
    sign, hours, minutes, name = match.group(4), match.group(5), match.group(6), match.group(7)
    if sign:
        delta = timedelta(hours=int(hours), minutes=int(minutes))
        if delta >= timedelta(hours=24):
            return None
        return timezone(-delta if sign == "-" else delta)
    if name:
        hours_off = ZONES.get(name.casefold())
        return UTC if hours_off is None else timezone(timedelta(hours=hours_off))
    return UTC


def parse_date_text(text: str | None) -> datetime | None:
    """An aware UTC datetime from a date string feedparser could not read, or None."""
    if not text or len(text) > 200:
        return None
    text = " ".join(text.split())
    iso = _iso(text)
    if iso is not None:
        return _in_range(iso.astimezone(UTC))
    years = _YEAR.findall(text)
    if len(years) != 1:
        return None
    year = int(years[0])
    rest = text.replace(years[0], " ", 1)
    clock = _TIME.search(rest)
    hour = minute = second = 0
    zone: timezone | None = UTC
    if clock is not None:
        hour, minute = int(clock.group(1)), int(clock.group(2))
        second = int(clock.group(3) or 0)
        zone = _offset(clock)
        rest = rest[: clock.start()] + " " + rest[clock.end() :]
    if zone is None:
        return None
    iso_day = _ISO_DAY.search(text)
    if iso_day is not None:
        month, day = int(iso_day.group(3)), int(iso_day.group(4))
    else:
        months = [MONTHS[w] for w in map(_fold, _WORD.findall(rest)) if w in MONTHS]
        days = _DAY.findall(rest)
        if len(set(months)) != 1 or len(days) != 1:
            return None
        month, day = months[0], int(days[0])
    try:
        when = datetime(year, month, day, hour, minute, second, tzinfo=zone)
    except ValueError:
        return None
    return _in_range(when.astimezone(UTC))


def _in_range(when: datetime) -> datetime | None:
    return when if when.year >= EARLIEST_YEAR else None


def date_from_url(url: str | None) -> datetime | None:
    """Noon UTC of a ``/YYYY/MM/DD/`` (or ``/YYYY-MM-DD``) day in a URL's path, or None."""
    if not url:
        return None
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    match = _URL_DAY.search(path)
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    try:
        return _in_range(datetime(year, month, day, URL_DAY_HOUR, tzinfo=UTC))
    except ValueError:  # 31 February
        return None
