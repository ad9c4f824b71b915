"""Legal dates are Kuwaiti calendar days: deadlines, listing periods, days of notice."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

# Kuwait keeps UTC+3 all year.
KUWAIT = timezone(timedelta(hours=3), "Asia/Kuwait")


def local_date(now: datetime) -> date:
    """The Kuwaiti calendar day of an instant."""
    return now.astimezone(KUWAIT).date()
