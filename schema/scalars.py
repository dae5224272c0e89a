"""Our own Date scalar: one documented format, YYYY-MM-DD, and our own message for anything else.

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
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


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

SCALAR_OVERRIDES: dict[object, type | ScalarWrapper | ScalarDefinition] = {datetime.date: Date}
