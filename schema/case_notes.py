from __future__ import annotations

from datetime import datetime

import strawberry


@strawberry.type(
    description="Text added to a case note after it was written (the Integration API's CaseNoteAmendment)."
)
class CaseNoteAmendment:
    caseNoteAmendmentId: str | None = strawberry.field(
        description="The Case Notes API's id of the amendment, a UUID (the Integration API's is NOMIS's number)."
    )
    creationDateTime: datetime | None = strawberry.field(description="When the amendment was added.")
    additionalNoteText: str | None = strawberry.field(
        description="The added text; **REDACTED** for a limited-access person."
    )


@strawberry.type(
    description="A prison case note from the Case Notes API (DPS and NOMIS): a record of an event or an "
    "interaction with the person (the Integration API's CaseNote)."
)
class CaseNote:
    caseNoteId: str = strawberry.field(description="The case note's id, a UUID.")
    offenderIdentifier: str = strawberry.field(description="The person's NOMIS prisoner number, e.g. A1234AA.")
    type: str = strawberry.field(description="Case-note type code, e.g. KA (key worker) or ALERT.")
    typeDescription: str | None = strawberry.field(description="What the type means, e.g. Key Worker Activity.")
    subType: str | None = strawberry.field(description="Sub-type code within the type, e.g. KS.")
    subTypeDescription: str | None = strawberry.field(description="What the sub-type means, e.g. Key Worker Session.")
    creationDateTime: datetime | None = strawberry.field(description="When the note was written.")
    occurrenceDateTime: datetime | None = strawberry.field(
        description="When the event it records happened (shown as 'Happened' in DPS); notes are sorted by it."
    )
    text: str | None = strawberry.field(description="The note's text; **REDACTED** for a limited-access person.")
    locationId: str | None = strawberry.field(
        description="The prison the person was in when the note was written (or OUT, TRN), e.g. MDI."
    )
    sensitive: bool | None = strawberry.field(description="Whether the note is marked sensitive.")
    amendments: list[CaseNoteAmendment] = strawberry.field(description="Text added later, oldest first.")
