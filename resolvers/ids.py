"""Every identifier a consumer can send, checked in one place before any upstream call.

One strict ASCII pattern per identifier, matched with `re.fullmatch` (no `$`, which matches before
a trailing newline, and `[0-9]`, never `\\d`, which matches other scripts' digits such as `١`).
Identifiers are case-insensitive: each is normalised to its canonical case (upper case, except
visit references, which the visits service spells in lower case) and then checked. Surrounding
white space is not trimmed: `"MDI\\n"` is not a prison code.

A malformed identifier is BAD_USER_INPUT naming the argument; the message never repeats the value
(it may be 10,000 characters, or carry control characters into logs and terminals).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from typing import Literal

from resolvers.errors import BadUserInput

# Longer than any identifier here; checked first so no pattern ever runs over a huge string.
MAX_ID_LENGTH = 64

NOMIS_NUMBER = re.compile(r"[A-Z][0-9]{4}[A-Z]{2}", re.ASCII)  # A1234BC
CRN = re.compile(r"[A-Z][0-9]{6}", re.ASCII)  # X123456
PNC = re.compile(r"[0-9]{2}(?:[0-9]{2})?/[0-9]{1,7}[A-Z]", re.ASCII)  # 2008/0545166T or 08/545166T
PRISON_ID = re.compile(r"[A-Z]{3}", re.ASCII)  # MDI
VISIT_REFERENCE = re.compile(r"[a-z]{2}-[a-z]{2}-[a-z]{2}-[a-z]{2}", re.ASCII)  # ab-cd-ef-gh
NUMERIC_ID = re.compile(r"[0-9]{1,18}", re.ASCII)  # contact and booking ids: positive, fits in 64 bits
# A NOMIS image id as the graph writes it in an image's url (2461788): no sign, no leading zero, fits in 64 bits.
IMAGE_ID = re.compile(r"[1-9][0-9]{0,17}", re.ASCII)
# Locations Inside Prison keys: a prison code and up to five levels, e.g. MDI-A-1-001.
LOCATION_KEY = re.compile(r"[A-Z]{3}(?:-[A-Z0-9_]{1,12}){0,5}", re.ASCII)
# A client's own reference for a transaction (Prison API's client_unique_ref): case-sensitive.
CLIENT_UNIQUE_REF = re.compile(r"[A-Za-z0-9_-]{1,64}", re.ASCII)
JOB_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.ASCII)  # a UUID

HMPPS_ID_CHARS = re.compile(r"[A-Z0-9/]+", re.ASCII)

IdKind = Literal["nomis", "crn", "pnc"]

HMPPS_ID_HELP = (
    "Invalid HMPPS ID: expected a CRN (X123456), a NOMIS prisoner number (A1234BC) or a PNC number (2008/0545166T)"
)


def _checked(
    value: object, pattern: re.Pattern[str], argument: str, message: str, *, lower: bool = False, exact: bool = False
) -> str:
    """`exact`: the identifier is case-sensitive and kept as sent."""
    if not isinstance(value, str) or not value.isascii() or not 0 < len(value) <= MAX_ID_LENGTH:
        raise BadUserInput(message, argument=argument)
    canonical = value if exact else value.lower() if lower else value.upper()
    if pattern.fullmatch(canonical) is None:
        raise BadUserInput(message, argument=argument)
    return canonical


def matches(value: object, pattern: re.Pattern[str]) -> bool:
    """Whether `value`, in canonical upper case, is an ASCII identifier of this pattern."""
    return (
        isinstance(value, str)
        and value.isascii()
        and 0 < len(value) <= MAX_ID_LENGTH
        and pattern.fullmatch(value.upper()) is not None
    )


def hmpps_id(value: object, argument: str = "hmppsId") -> tuple[IdKind, str]:
    """The kind of identifier and its canonical (upper-case) form."""
    canonical = _checked(value, HMPPS_ID_CHARS, argument, HMPPS_ID_HELP)
    if NOMIS_NUMBER.fullmatch(canonical):
        return "nomis", canonical
    if CRN.fullmatch(canonical):
        return "crn", canonical
    if PNC.fullmatch(canonical):
        return "pnc", canonical
    raise BadUserInput(HMPPS_ID_HELP, argument=argument)


def nomis_number(value: object, argument: str = "prisonerNumber") -> str:
    return _checked(value, NOMIS_NUMBER, argument, f"{argument} must be a NOMIS prisoner number such as A1234BC")


def crn(value: object, argument: str = "crn") -> str:
    return _checked(value, CRN, argument, f"{argument} must be a CRN such as X123456")


def pnc(value: object, argument: str = "pncNumber") -> str:
    return _checked(value, PNC, argument, f"{argument} must be a PNC number such as 2008/0545166T")


def prison_id(value: object, argument: str = "prisonId") -> str:
    return _checked(value, PRISON_ID, argument, f"{argument} must be a three-letter prison code such as MDI")


def visit_reference(value: object, argument: str = "reference") -> str:
    return _checked(
        value, VISIT_REFERENCE, argument, f"{argument} must be a visit reference such as ab-cd-ef-gh", lower=True
    )


def contact_id(value: object, argument: str = "contactId") -> int:
    return int(_checked(value, NUMERIC_ID, argument, f"{argument} must be a number of at most 18 digits"))


def booking_id(value: object, argument: str = "bookingId") -> int:
    return int(_checked(str(value), NUMERIC_ID, argument, f"{argument} must be a number of at most 18 digits"))


def image_id(value: object, argument: str = "imageId") -> int:
    return int(_checked(value, IMAGE_ID, argument, f"{argument} must be a NOMIS image id such as 2461788", exact=True))


def location_key(value: object, argument: str = "key") -> str:
    return _checked(value, LOCATION_KEY, argument, f"{argument} must be a location key such as MDI-A-1-001")


def client_unique_ref(value: object, argument: str = "clientUniqueRef") -> str:
    return _checked(
        value,
        CLIENT_UNIQUE_REF,
        argument,
        f"{argument} must be 1 to 64 letters, digits, '-' and '_' (case-sensitive)",
        exact=True,
    )


def job_id(value: object, argument: str = "jobId") -> str:
    return _checked(value, JOB_ID, argument, f"{argument} must be a job id (a UUID)", lower=True)


MAX_SEARCH_TEXT = 100


def search_text(value: str | None, argument: str) -> str | None:
    """A free-text search term (a name): any script, but printable and at most 100 characters."""
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > MAX_SEARCH_TEXT or not value.isprintable():
        raise BadUserInput(
            f"{argument} must be printable text of at most {MAX_SEARCH_TEXT} characters", argument=argument
        )
    return value


def optional_pnc(value: str | None, argument: str = "pncNumber") -> str | None:
    return None if value is None or value == "" else pnc(value, argument)


# Global object ids (the `Node` interface): base64 of "Type:key", opaque to clients. Each type's key
# is checked by its own identifier rule above before anything is looked up.
NODE_KEYS: dict[str, Callable[[str], str]] = {
    "Person": lambda key: hmpps_id(key, "id")[1],
    "Prison": lambda key: prison_id(key, "id"),
    "Location": lambda key: location_key(key, "id"),
    "Visit": lambda key: visit_reference(key, "id"),
    "ContactRecord": lambda key: str(contact_id(key, "id")),
}
# "Location:" and a 64-character key, in base64, with room to spare.
MAX_NODE_ID_LENGTH = 120
NODE_ID_HELP = "id must be an object id the graph returned (the `id` field of Person, Location, Visit ...)"


def global_id(type_name: str, key: str) -> str:
    return base64.b64encode(f"{type_name}:{key}".encode("ascii")).decode("ascii")


def node_id(value: object, argument: str = "id") -> tuple[str, str]:
    """The type name and its canonical key from a global id; BAD_USER_INPUT if it is not one of ours."""
    if not isinstance(value, str) or not value.isascii() or not 0 < len(value) <= MAX_NODE_ID_LENGTH:
        raise BadUserInput(NODE_ID_HELP, argument=argument)
    try:
        type_name, _, key = base64.b64decode(value, validate=True).decode("ascii").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        raise BadUserInput(NODE_ID_HELP, argument=argument) from None
    check = NODE_KEYS.get(type_name)
    if check is None:
        raise BadUserInput(NODE_ID_HELP, argument=argument)
    try:
        return type_name, check(key)
    except BadUserInput:
        raise BadUserInput(NODE_ID_HELP, argument=argument) from None
