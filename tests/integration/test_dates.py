"""Dates: one form, YYYY-MM-DD, in and out; anything else is BAD_USER_INPUT in our own words."""

from __future__ import annotations

import pytest

from schema.scalars import InvalidDate, parse_date
from tests.conftest import query

MESSAGE = "dateOfBirth must be a date in the form YYYY-MM-DD"


@pytest.mark.parametrize("value", ["1990-13-01", "2024-02-30", "17/05/1980", "19800517", "1980-05-17T00:00", "", 1980])
def test_only_yyyy_mm_dd_parses(value):
    with pytest.raises(InvalidDate):
        parse_date(value)


def test_a_date_parses():
    assert parse_date("1980-05-17").isoformat() == "1980-05-17"


@pytest.mark.parametrize("root", ["persons", "prisoners"])
async def test_a_bad_date_in_a_variable(graph, root):
    document = f'query Search($dob: Date) {{ {root}(dateOfBirth: $dob, lastName: "Smith") {{ items {{ hmppsId }} }} }}'
    answer = await query(graph, document, dob="17/05/1980")
    assert answer["data"] is None
    [error] = answer["errors"]
    assert error["message"] == MESSAGE
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "dateOfBirth"}


async def test_a_bad_date_written_in_the_query(graph):
    answer = await query(graph, '{ persons(dateOfBirth: "1990-13-01") { items { hmppsId } } }')
    [error] = answer["errors"]
    assert error["message"] == MESSAGE and error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "isoformat" not in str(answer)


async def test_dates_are_answered_in_the_same_form(graph):
    answer = await query(graph, '{ person(hmppsId: "A1234BC") { dateOfBirth } }')
    parse_date(answer["data"]["person"]["dateOfBirth"])
