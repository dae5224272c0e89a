"""Our own Date and DateTime scalars: one documented format each (Date: YYYY-MM-DD), our own messages.

Strawberry's built-in Date takes whatever `date.fromisoformat` takes and answers Python's "Invalid
isoformat string" otherwise. This one raises InvalidDate, which schema/errors.py turns into a
BAD_USER_INPUT naming the argument: "dateOfBirth must be a date in the form YYYY-MM-DD".
"""

from __future__ import annotations

import datetime
import re

import strawberry
from strawberry.types.scalar import ScalarDefinition, ScalarWrapper

DATE_FORM = "YYYY-MM-DD"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


class InvalidDate(ValueError):
    def __init__(self) -> None:
        super().__init__(f"must be a date in the form {DATE_FORM}")


def parse_date(value: object) -> datetime.date:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise InvalidDate
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:  # 2024-02-30
        raise InvalidDate from None


Date = strawberry.scalar(
    name="Date",
    description=f"A calendar date, {DATE_FORM} (ISO 8601), e.g. 1980-05-17.",
    serialize=datetime.date.isoformat,
    parse_value=parse_date,
)

DATE_TIME_FORM = "YYYY-MM-DDTHH:MM:SS"
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})?", re.ASCII)


def parse_date_time(value: object) -> datetime.datetime:
    if not isinstance(value, str) or not _DATE_TIME.fullmatch(value):
        raise ValueError(f"must be a date and time in the form {DATE_TIME_FORM}")
    return datetime.datetime.fromisoformat(value)


# The services the timestamps come from (visits) record UK local time without an offset, and the
# graph passes them on as they are rather than guess one.
DateTime = strawberry.scalar(
    name="DateTime",
    description=f"A date and time, {DATE_TIME_FORM} (ISO 8601), e.g. 2024-05-17T14:30:00: UK local time as the "
    "service recorded it, with no offset unless the service gave one (then +01:00 or Z follows).",
    serialize=datetime.datetime.isoformat,
    parse_value=parse_date_time,
)

SCALAR_OVERRIDES: dict[object, type | ScalarWrapper | ScalarDefinition] = {
    datetime.date: Date,
    datetime.datetime: DateTime,
}
