"""Dates of events: explicit dates kept, relative ones resolved against publication.

"On Wednesday", "yesterday", "last month" and "on March 3" mean a day only
relative to when the article was written. An event that happened (asserted,
reported, negated) lies on or before the publication date; a planned one on or
after it. Coarse references ("last month", "in March") resolve to the first
day of the month. Without a publication date only explicit dates are known.

Examples:
    >>> event_date("Putin arrived in Pyongyang on Wednesday.", "2024-06-19")  # a Wednesday
    '2024-06-19'
    >>> event_date("The ministers met on Monday.", "2024-06-19")
    '2024-06-17'
    >>> event_date("They will meet on Monday.", "2024-06-19", planned=True)
    '2024-06-24'
    >>> event_date("Sanctions were imposed last month.", "2024-06-19")
    '2024-05-01'
    >>> event_date("The talks opened on 3 March 2022 in Antalya.", "2024-06-19")
    '2022-03-03'
    >>> event_date("They met on Monday.", None) is None
    True
"""

from __future__ import annotations

import re
from datetime import date, timedelta

__all__ = ["MONTHS", "event_date", "explicit_date"]

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MDY = re.compile(_MONTH + r" (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b")
_DMY = re.compile(r"\b(\d{1,2}) " + _MONTH + r",? (\d{4})\b")
_MD = re.compile(r"\b" + _MONTH + r" (\d{1,2})(?:st|nd|rd|th)?\b(?!,? \d{4})")
_DM = re.compile(r"\b(\d{1,2}) " + _MONTH + r"\b(?!,? \d{4})")
_WEEKDAY = re.compile(
    r"\b(?:on |last |this |next |)(" + "|".join(w.title() for w in _WEEKDAYS) + r")\b"
)
_RELATIVE = re.compile(
    r"\b(today|yesterday|tomorrow|last week|next week|last month|next month|earlier this month|"
    r"later this month)\b",
    re.IGNORECASE,
)
_IN_MONTH = re.compile(r"\b(?:in|since|until|by|from|last|next|early|late|mid-) ?" + _MONTH + r"\b")


def _month(name: str) -> int:
    return _ABBR[name.lower().rstrip(".")[:3]]


def explicit_date(text: str) -> str | None:
    """The first date in ``text`` that names its year, as ISO 8601."""
    for pat, order in ((_ISO, "ymd"), (_MDY, "mdy"), (_DMY, "dmy")):
        for m in pat.finditer(text):
            try:
                if order == "ymd":
                    d = date(int(m[1]), int(m[2]), int(m[3]))
                elif order == "mdy":
                    d = date(int(m[3]), _month(m[1]), int(m[2]))
                else:
                    d = date(int(m[3]), _month(m[2]), int(m[1]))
            except (ValueError, KeyError):
                continue
            return d.isoformat()
    return None


def _near(candidates: list[date], pub: date, planned: bool) -> date:
    """The candidate on the right side of ``pub`` and closest to it."""
    if planned:
        after = [c for c in candidates if c >= pub]
        return min(after) if after else max(candidates)
    before = [c for c in candidates if c <= pub]
    return max(before) if before else min(candidates)


def _first_of_month(d: date, months: int) -> date:
    m = d.month - 1 + months
    return date(d.year + m // 12, m % 12 + 1, 1)


def event_date(text: str, published: str | None, *, planned: bool = False) -> str | None:
    """The date of an event stated in ``text`` (a sentence), or the publication date.

    Returns None when neither the text nor ``published`` gives one.
    """
    found = explicit_date(text)
    if found:
        return found
    try:
        pub = date.fromisoformat(published) if published else None
    except ValueError:
        pub = None
    if pub is None:
        return None
    for pat, order in ((_MD, "md"), (_DM, "dm")):
        m = pat.search(text)
        if m:
            try:
                mo, day = (_month(m[1]), int(m[2])) if order == "md" else (_month(m[2]), int(m[1]))
                cands = [date(pub.year + k, mo, day) for k in (-1, 0, 1)]
            except (ValueError, KeyError):
                continue
            return _near(cands, pub, planned).isoformat()
    m = _WEEKDAY.search(text)
    if m:
        wd = _WEEKDAYS.index(m[1].lower())
        prefix = m[0].split()[0].lower() if " " in m[0] else ""
        delta = (wd - pub.weekday()) % 7
        if planned or prefix == "next":
            d = pub + timedelta(days=delta or (7 if prefix == "next" else 0))
        else:
            back = (pub.weekday() - wd) % 7
            d = pub - timedelta(days=back or (7 if prefix == "last" else 0))
        return d.isoformat()
    m = _RELATIVE.search(text)
    if m:
        word = m[1].lower()
        shifted = {
            "today": pub,
            "yesterday": pub - timedelta(days=1),
            "tomorrow": pub + timedelta(days=1),
            "last week": pub - timedelta(days=7),
            "next week": pub + timedelta(days=7),
            "last month": _first_of_month(pub, -1),
            "next month": _first_of_month(pub, 1),
            "earlier this month": _first_of_month(pub, 0),
            "later this month": _first_of_month(pub, 0),
        }[word]
        return shifted.isoformat()
    m = _IN_MONTH.search(text)
    if m:
        mo = _month(m[1])
        cands = [date(pub.year + k, mo, 1) for k in (-1, 0, 1)]
        return _near(cands, pub, planned or m[0].lower().startswith("next")).isoformat()
    return pub.isoformat()
