"""The Case Notes API (hmpps-offender-case-notes): a prisoner's case notes, searched by type and date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from upstream.base import UpstreamClient, UpstreamModel, path_segment


class CaseNoteAmendment(UpstreamModel):
    id: str | None = None
    creationDateTime: datetime | None = None
    additionalNoteText: str
    authorName: str | None = None


class CaseNote(UpstreamModel):
    caseNoteId: str
    offenderIdentifier: str
    type: str
    typeDescription: str | None = None
    subType: str | None = None
    subTypeDescription: str | None = None
    creationDateTime: datetime | None = None
    occurrenceDateTime: datetime | None = None
    text: str | None = None
    locationId: str | None = None
    sensitive: bool | None = None
    amendments: list[CaseNoteAmendment] = []


class PageMeta(UpstreamModel):
    totalElements: int
    page: int
    size: int


class SearchNotesResponse(UpstreamModel):
    content: list[CaseNote]
    metadata: PageMeta
    hasCaseNotes: bool | None = None


@dataclass(frozen=True)
class CaseNoteSearch:
    """One search: a loader key, so equal searches in a request are made once.

    `types`: case-note type -> sub-types (empty: all of the type's sub-types); None: every type.
    `page` is 1-based, as the service's.
    """

    prisoner_number: str
    types: tuple[tuple[str, tuple[str, ...]], ...] | None
    occurred_from: datetime | None
    occurred_to: datetime | None
    page: int
    size: int


class CaseNotesClient(UpstreamClient):
    async def search_case_notes(self, search: CaseNoteSearch) -> SearchNotesResponse | None:
        """Newest first (occurrence), sensitive notes included as the Integration API includes them."""
        body: dict[str, object] = {
            "includeSensitive": True,
            "page": search.page,
            "size": search.size,
            "sort": "occurrenceDateTime,desc",
        }
        if search.types is not None:
            body["typeSubTypes"] = [{"type": t, "subTypes": list(subs)} for t, subs in search.types]
        if search.occurred_from is not None:
            body["occurredFrom"] = search.occurred_from.isoformat()
        if search.occurred_to is not None:
            body["occurredTo"] = search.occurred_to.isoformat()
        # A search: it only reads, so it may be retried like a GET.
        return await self.post(
            f"/search/case-notes/{path_segment(search.prisoner_number)}", body, SearchNotesResponse, idempotent=True
        )
