from __future__ import annotations

from typing import Generic, TypeVar

import strawberry

T = TypeVar("T")


@strawberry.type(description="As the Integration API's pagination: pages start at 1.")
class Pagination:
    isLastPage: bool
    count: int
    page: int
    perPage: int
    totalCount: int
    totalPages: int


@strawberry.type
class Page(Generic[T]):
    items: list[T]
    pagination: Pagination
