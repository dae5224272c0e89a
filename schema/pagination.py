from __future__ import annotations

from typing import Annotated, Generic, TypeVar

import strawberry

T = TypeVar("T")

# The paging arguments every list field takes, described once.
PageNumber = Annotated[int, strawberry.argument(description="Which page to return, from 1.")]
PerPage = Annotated[int, strawberry.argument(description="How many items a page holds, 1 to 100.")]


@strawberry.type(description="As the Integration API's pagination: pages start at 1.")
class Pagination:
    isLastPage: bool = strawberry.field(description="True when this is the last page (or there are no results).")
    count: int = strawberry.field(description="How many items this page holds.")
    page: int = strawberry.field(description="This page's number, from 1.")
    perPage: int = strawberry.field(description="The page size asked for.")
    totalCount: int = strawberry.field(description="How many items there are across all pages.")
    totalPages: int = strawberry.field(description="How many pages of perPage items there are.")


@strawberry.type(description="One page of a list, with the Integration API's pagination (pages start at 1).")
class Page(Generic[T]):
    items: list[T] = strawberry.field(description="The items on this page, in the list's documented order.")
    pagination: Pagination = strawberry.field(description="Where this page sits in the whole list.")
