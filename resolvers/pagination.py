"""Integration API pagination: 1-based `page`, `perPage`; upstream pages are 0-based."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from resolvers.errors import BadUserInput
from schema.pagination import Page, Pagination

T = TypeVar("T")
MAX_PER_PAGE = 100


def check_page(page: int, per_page: int, max_per_page: int = MAX_PER_PAGE) -> None:
    if page < 1:
        raise BadUserInput("page must be 1 or more", argument="page")
    if not 1 <= per_page <= max_per_page:
        raise BadUserInput(f"perPage must be between 1 and {max_per_page}", argument="perPage")


def pagination(page: int, per_page: int, count: int, total: int) -> Pagination:
    total_pages = -(-total // per_page)
    return Pagination(
        isLastPage=page >= total_pages,
        count=count,
        page=page,
        perPage=per_page,
        totalCount=total,
        totalPages=total_pages,
    )


def paginate(items: Sequence[T], page: int, per_page: int) -> Page[T]:
    """A page of a list the graph holds whole (alerts, sentences, scores ...)."""
    check_page(page, per_page)
    chunk = list(items[(page - 1) * per_page : page * per_page])
    return Page(items=chunk, pagination=pagination(page, per_page, len(chunk), len(items)))


def upstream_page(items: list[T], page: int, per_page: int, total: int) -> Page[T]:
    """A page the upstream cut (contacts, prison lists, searches)."""
    return Page(items=items, pagination=pagination(page, per_page, len(items), total))
