"""Date and time types for what happened: from 1990 on, not in the future, instants with their zone.

One rule for the API's inputs and the rows of intake files (registry/services/intake_rows.py): a date
outside it is a slip (0001, 2099) that would count in risk scores and statistics as if it were real.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from pydantic import AfterValidator

from registry.services.legal_time import KUWAIT, local_date

EARLIEST_DAY = date(1990, 1, 1)
EARLIEST_INSTANT = datetime(EARLIEST_DAY.year, EARLIEST_DAY.month, EARLIEST_DAY.day, tzinfo=KUWAIT)
# A day ahead of Kuwait's today: a sender a few time zones east, or a file written just after midnight.
DAYS_AHEAD = timedelta(days=1)
# An instant a little ahead of this server's clock: the sender's clock may run fast.
CLOCK_SKEW = timedelta(minutes=5)


def kuwait_today() -> date:
    """Today's date in Kuwait."""
    return local_date(datetime.now(UTC))


def day_problem(value: date, today: date) -> str | None:
    """Why VALUE cannot be the day something happened, as of TODAY in Kuwait; None if it can.

    The reason never quotes VALUE: file rejections are read by people who may not see the row.
    """
    if value < EARLIEST_DAY:
        return f"is before {EARLIEST_DAY}; the registry holds nothing older"
    if value > today + DAYS_AHEAD:
        return "is in the future (after today, Kuwait time)"
    return None


def _past_day(value: date) -> date:
    problem = day_problem(value, kuwait_today())
    if problem:
        raise ValueError(problem)
    return value


def _past_instant(value: datetime) -> datetime:
    # A naive time is refused rather than guessed: UTC and Kuwait time are three hours apart.
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("has no time zone; add one, such as Z or +03:00")
    # Compared before any conversion: 0001-01-01T01:00+14:00 or 9999-12-31T23:00-05:00 have no UTC
    # equivalent, and converting them raises OverflowError.
    if value < EARLIEST_INSTANT:
        raise ValueError(f"is before {EARLIEST_DAY}; the registry holds nothing older")
    if value > datetime.now(UTC) + CLOCK_SKEW:
        raise ValueError("is in the future")
    return value.astimezone(UTC)


# The day something happened (an inspection): from 1990-01-01 to tomorrow in Kuwait.
PastDay = Annotated[date, AfterValidator(_past_day)]
# The instant something happened (a complaint received): with its zone, from 1990, stored in UTC.
PastInstant = Annotated[datetime, AfterValidator(_past_instant)]
