"""Log lines as text (development) or JSON objects, one a line (deployed: LOG_FORMAT=json).

A JSON line has time, level, logger and message, plus the record's `fields` when it has them (the
access log's: web/access_log.py) and a formatted traceback for an exception. Whatever a record
carries is already free of personal data: formatting adds nothing from the request.
"""

from __future__ import annotations

import datetime
import logging

import orjson

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
FORMATS = ("json", "text")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line.update(fields)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(line, default=str).decode()


def log_format(configured: str | None, embedded: bool) -> str:
    """LOG_FORMAT, or JSON unless the graph runs on its embedded simulator (a developer's terminal)."""
    if configured:
        if configured not in FORMATS:
            raise SystemExit(f"LOG_FORMAT must be one of {', '.join(FORMATS)}, not {configured!r}")
        return configured
    return "text" if embedded else "json"


def formatter_config(fmt: str) -> dict[str, object]:
    """A logging.config formatter entry for `fmt`."""
    if fmt == "json":
        return {"()": "web.log_format.JsonFormatter"}
    return {"format": TEXT_FORMAT}
