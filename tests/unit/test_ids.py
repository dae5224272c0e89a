"""resolvers/ids.py: one strict ASCII pattern per identifier, case-insensitive, whole-string."""

from __future__ import annotations

import pytest

from resolvers import ids
from resolvers.errors import BadUserInput
from upstream.base import UnsafePathSegment, path_segment

# Values no identifier may take: traversal, encodings, separators, control characters, other
# scripts' digits and letters, lookalikes, a trailing newline, huge strings.
HOSTILE = [
    "",
    ".",
    "..",
    "../..",
    "%2e%2e",
    "%2E%2E%2F",
    "/",
    "A1234BC/..",
    "A1234BC\n",
    "MDI\n",
    "\nMDI",
    " MDI",
    "MDI ",
    "M\x00DI",
    "A1234BC\x00",
    "\u202eMDI",
    "A١١٩١NU",  # Arabic-Indic digits
    "A１２３４BC",  # full-width digits
    "Ａ1234BC",  # full-width letter
    "А1234ВС",  # Cyrillic lookalikes
    "²",
    "1²",
    "x" * 10_000,
    "9" * 5_000,
    "ab-cd-ef-gh\n",
    "ab-cd-ef-gh/..",
    "ß",
]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(
    "check",
    [
        ids.hmpps_id,
        ids.nomis_number,
        ids.crn,
        ids.pnc,
        ids.prison_id,
        ids.visit_reference,
        ids.contact_id,
        ids.image_id,
    ],
)
def test_hostile_values_are_bad_user_input(check, value):
    with pytest.raises(BadUserInput) as raised:
        check(value)
    assert len(value) <= 4 or value not in str(raised.value)  # the message never echoes the value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("A1234BC", ("nomis", "A1234BC")),
        ("a1234bc", ("nomis", "A1234BC")),
        ("X123456", ("crn", "X123456")),
        ("x123456", ("crn", "X123456")),
        ("2008/0545166T", ("pnc", "2008/0545166T")),
        ("08/545166t", ("pnc", "08/545166T")),
    ],
)
def test_hmpps_ids_are_case_insensitive(value, expected):
    assert ids.hmpps_id(value) == expected


def test_canonical_forms():
    assert ids.prison_id("mdi") == "MDI"
    assert ids.visit_reference("AB-CD-EF-GH") == "ab-cd-ef-gh"
    assert ids.contact_id("0012") == 12
    assert ids.booking_id(1234) == 1234
    assert ids.image_id("2461788") == 2461788


@pytest.mark.parametrize("value", ["0", "02461788", "-1", "+1", "1e3", "1_000", "1234567890123456789"])
def test_an_image_id_has_one_spelling(value):
    # The graph writes an image's url with the id as Python writes an int: nothing else names it.
    with pytest.raises(BadUserInput):
        ids.image_id(value)


def test_search_text_allows_names_in_any_script_but_not_control_characters():
    assert ids.search_text("Zoë", "firstName") == "Zoë"
    assert ids.search_text(None, "firstName") is None
    for bad in ("a\nb", "x" * 101, "\x00"):
        with pytest.raises(BadUserInput):
            ids.search_text(bad, "firstName")


@pytest.mark.parametrize("value", ["", ".", "..", "a\nb"])
def test_path_segment_refuses_what_would_change_the_path(value):
    with pytest.raises(UnsafePathSegment):
        path_segment(value)


def test_path_segment_percent_encodes_everything_but_unreserved():
    assert path_segment("a/b?c#d%2e") == "a%2Fb%3Fc%23d%252e"
    assert path_segment("...") == "..."
    assert path_segment(12) == "12"
