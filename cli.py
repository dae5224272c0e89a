"""`person-graph`: serve the graph, run the upstream simulator, print the schema."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

from web.log_format import TEXT_FORMAT, formatter_config, log_format

if TYPE_CHECKING:
    from settings import Settings


def _configure_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(), format=TEXT_FORMAT, stream=sys.stderr)
    # httpx logs every request URL at INFO, and URLs carry people's identifiers.
    logging.getLogger("httpx").setLevel(logging.WARNING)


def _server_logging(level: str, fmt: str = "text") -> dict:
    """uvicorn's logging config plus ours: applied in every worker process, not only this one.

    In JSON (`fmt`), uvicorn's own lines are JSON too: one format for the log collector to read.
    """
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["formatters"]["person_graph"] = formatter_config(fmt)
    if fmt == "json":
        config["handlers"]["default"]["formatter"] = "person_graph"
        config["handlers"]["access"]["formatter"] = "person_graph"
    config["handlers"]["person_graph"] = {
        "class": "logging.StreamHandler",
        "formatter": "person_graph",
        "stream": "ext://sys.stderr",
    }
    config["root"] = {"handlers": ["person_graph"], "level": level.upper()}
    config["loggers"]["httpx"] = {"level": "WARNING"}
    return config


def serve(args: argparse.Namespace) -> None:

    from settings import UPSTREAM_BASE_URL, Settings

    if args.against_simulator:
        from simulator.auth import ISSUER

        # Set in the environment, so that every worker process builds the same settings.
        os.environ[UPSTREAM_BASE_URL] = args.against_simulator
        os.environ.setdefault("HMPPS_AUTH_ISSUER", ISSUER)  # the simulator's tokens carry a fixed issuer
    settings = Settings.from_env()
    if settings.embedded:
        mode = "embedded simulator (no upstream URLs configured)"
    elif args.against_simulator:
        mode = f"the simulator at {args.against_simulator}"
    else:
        mode = "configured upstreams"
    print(f"HMPPS Person Graph on http://{args.host}:{args.port}/graphql against {mode}", file=sys.stderr)
    fmt = log_format(os.environ.get("LOG_FORMAT"), settings.embedded)
    with metrics_directory():
        if settings.metrics_port is not None:
            serve_metrics(args.host, settings.metrics_port)
        _run_uvicorn(args, settings, fmt)


def _run_uvicorn(args: argparse.Namespace, settings: Settings, fmt: str) -> None:
    import asyncio
    import functools

    import uvicorn

    from web.http_guard import GuardedHttpToolsProtocol

    http = settings.http
    uvicorn.run(
        "server:create_served_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        loop="uvloop",
        # httptools with the head and body timeouts, head size and header count limits uvicorn lacks
        # (web/http_guard.py). A partial of a module-level class: it pickles into every worker.
        # (uvicorn only calls it as it would the class: its type says class.)
        http=cast("type[asyncio.Protocol]", functools.partial(GuardedHttpToolsProtocol, limits=http)),
        log_level=args.log_level,
        log_config=_server_logging(args.log_level, fmt),
        access_log=False,  # the graph logs one line per request itself (web/access_log.py)
        # No `server: uvicorn` header: nothing to tell a scanner which server and version answer.
        server_header=False,
        timeout_keep_alive=http.keep_alive_seconds,
        # Above this many connections and requests in flight per worker, new requests get 503 at once
        # (in JSON, from the guard) instead of queueing without bound.
        limit_concurrency=http.max_connections,
        # Worker restarts after this many requests (0: never); a safety net, off by default.
        limit_max_requests=int(os.environ.get("MAX_REQUESTS_PER_WORKER", "0")) or None,
        # On SIGTERM (after SHUTDOWN_DRAIN_SECONDS reporting not ready: web/lifecycle.py) requests in
        # flight get this long to finish before they are cancelled.
        timeout_graceful_shutdown=settings.shutdown_grace_seconds,
    )


@contextlib.contextmanager
def metrics_directory() -> Iterator[None]:
    """PROMETHEUS_MULTIPROC_DIR for the workers' metric files: a fresh directory, removed at exit.

    Set before anything imports prometheus-client (it reads it once, at import: so not telemetry.metrics
    here), and fresh, because files left by an earlier run would be counted again. A directory given in
    the environment is used as it is.
    """
    from telemetry import MULTIPROC_DIR

    if os.environ.get(MULTIPROC_DIR):
        yield
        return
    directory = tempfile.mkdtemp(prefix="person-graph-metrics-")
    os.environ[MULTIPROC_DIR] = directory
    # uvicorn ends a SIGTERM'd run by raising the signal again under the handler it found: make that
    # an exit that runs the clean-up below, rather than the default handler's immediate death.
    previous = signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(directory, ignore_errors=True)
        del os.environ[MULTIPROC_DIR]


def _exit_on_signal(sig: int, frame: object) -> None:
    raise SystemExit(128 + sig)


def serve_metrics(host: str, port: int) -> None:
    """/metrics on its own port, from this (the supervising) process: every worker's files, summed."""
    from prometheus_client import start_http_server
    from prometheus_client.multiprocess import MultiProcessCollector
    from prometheus_client.registry import CollectorRegistry

    registry = CollectorRegistry()
    MultiProcessCollector(registry)
    start_http_server(port, addr=host, registry=registry)
    print(f"Metrics on http://{host}:{port}/metrics", file=sys.stderr)


def simulator(args: argparse.Namespace) -> None:
    import uvicorn

    from settings import Settings
    from simulator.app import create_simulator
    from web.gc_policy import settle_heap

    os.environ.setdefault("SIMULATOR_SIZE", str(args.size))
    sim = create_simulator(size=args.size, seed=args.seed)
    # The population is built and never changes: out of the garbage collector's reach (web/gc_policy.py).
    settle_heap(Settings().gc_young_threshold)
    print(
        f"Upstream simulator ({args.size} people, seed {args.seed}) on http://{args.host}:{args.port}; "
        f"services under /<service>, admin under /__admin",
        file=sys.stderr,
    )
    uvicorn.run(
        sim.app,
        host=args.host,
        port=args.port,
        loop="uvloop",
        http="httptools",
        log_level=args.log_level,
        access_log=False,
    )


def dev_token(args: argparse.Namespace) -> None:
    from access.consumers import ConsumersFileError, load_consumers
    from settings import Settings
    from simulator.auth import AuthServer

    settings = Settings.from_env()
    if not settings.embedded:
        raise SystemExit("dev-token works in embedded mode only: real upstreams trust HMPPS Auth's tokens, not ours")
    try:
        consumers = load_consumers(settings.consumers_file)
    except ConsumersFileError as exc:
        raise SystemExit(str(exc)) from exc
    if args.consumer not in consumers.specs:
        raise SystemExit(
            f"no consumer {args.consumer!r} in {settings.consumers_file}; known: {', '.join(sorted(consumers.specs))}"
        )
    print(AuthServer().issue(args.consumer, authorities=[], seconds=int(args.hours * 3600)))


def export_schema(args: argparse.Namespace) -> None:
    from schema.build import build_schema

    print(build_schema().as_str())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="person-graph", description="HMPPS Person Graph")
    parser.add_argument("--log-level", default=os.environ.get("LOG_LEVEL", "info"))
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser("serve", help="serve the graph (embedded simulator unless upstream URLs are configured)")
    p.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    p.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "1")))
    p.add_argument(
        "--against-simulator",
        metavar="URL",
        help="use the standalone simulator at URL (`person-graph simulator`) for every upstream and HMPPS Auth",
    )
    p.set_defaults(run=serve)

    p = commands.add_parser("simulator", help="run the upstream simulator as a standalone HTTP server")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=9090)
    p.add_argument("--size", type=int, default=4000, help="number of people")
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(run=simulator)

    p = commands.add_parser("dev-token", help="print a bearer token for a consumer (embedded mode only)")
    p.add_argument("consumer", help="a consumer named in the consumers file")
    p.add_argument("--hours", type=float, default=8.0)
    p.set_defaults(run=dev_token)

    p = commands.add_parser("export-schema", help="print the GraphQL SDL")
    p.set_defaults(run=export_schema)

    args = parser.parse_args(argv)
    _configure_logging(args.log_level)
    try:
        args.run(args)
        sys.stdout.flush()  # here, not at exit, so that a closed pipe is caught below
    except BrokenPipeError:
        # The reader went away (`person-graph export-schema | head`): stop quietly, as other tools do.
        # Python would flush stdout again at exit and report the same error: point it at /dev/null.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


if __name__ == "__main__":
    main()
