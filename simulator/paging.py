"""The upstreams' paged answer shapes (their pages are 0-based)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request

Render = Callable[[Any], dict]


def _same(item: Any) -> Any:
    return item


def page_params(request: Request, default_size: int = 10) -> tuple[int, int]:
    try:
        page = max(0, int(request.query_params.get("page", 0)))
        size = max(1, min(int(request.query_params.get("size", default_size)), 3000))
    except ValueError:
        page, size = 0, default_size
    return page, size


def spring_page(items: list, page: int, size: int, render: Render = _same) -> dict:
    """Spring Data `Page`: prisoner search, alerts, visits. Renders only the page's items."""
    total = len(items)
    content = [render(item) for item in items[page * size : (page + 1) * size]]
    total_pages = -(-total // size) if size else 0
    return {
        "content": content,
        "totalElements": total,
        "totalPages": total_pages,
        "size": size,
        "number": page,
        "numberOfElements": len(content),
        "first": page == 0,
        "last": page >= total_pages - 1,
        "empty": not content,
        "sort": {"empty": True, "sorted": False, "unsorted": True},
        "pageable": {
            "pageNumber": page,
            "pageSize": size,
            "offset": page * size,
            "paged": True,
            "unpaged": False,
            "sort": {"empty": True, "sorted": False, "unsorted": True},
        },
    }


def paged_model(items: list, page: int, size: int, render: Render = _same) -> dict:
    """Spring `PagedModel`: personal relationships."""
    total = len(items)
    return {
        "content": [render(item) for item in items[page * size : (page + 1) * size]],
        "page": {"size": size, "number": page, "totalElements": total, "totalPages": -(-total // size)},
    }
