"""`person-graph`: serve the graph, run the upstream simulator, print the schema."""

from __future__ import annotations

import argparse
import logging
import os
import sys


def _configure_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(), format="%(asctime)s %(levelname)s %(name)s %(message)s", stream=sys.stderr)
    # httpx logs every request URL at INFO, and URLs carry people's identifiers.
    logging.getLogger("httpx").setLevel(logging.WARNING)


def serve(args: argparse.Namespace) -> None:
    import uvicorn

    from settings import Settings

    settings = Settings.from_env()
    mode = "embedded simulator (no upstream URLs configured)" if settings.embedded else "configured upstreams"
    print(f"HMPPS Person Graph on http://{args.host}:{args.port}/graphql against {mode}", file=sys.stderr)
    uvicorn.run(
        "server:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        loop="uvloop",
        http="httptools",
        log_level=args.log_level,
        access_log=args.access_log,
        # No `server: uvicorn` header: nothing to tell a scanner which server and version answer.
        server_header=False,
        # Idle keep-alive connections close after KEEP_ALIVE_SECONDS. uvicorn has no timeout for
        # reading a request's headers, nor a header count limit: the ingress in front provides
        # those (docs/errors.md, "Limits"). With `--http h11` an unfinished request line and
        # headers are bounded to 16 KiB; httptools (used here) bounds them itself.
        timeout_keep_alive=int(os.environ.get("KEEP_ALIVE_SECONDS", "5")),
        h11_max_incomplete_event_size=16 * 1024,
        # Above this many connections and requests in flight per worker, new ones get 503 at once
        # instead of queueing without bound.
        limit_concurrency=int(os.environ.get("MAX_CONNECTIONS", "1000")),
        # Worker restarts after this many requests (0: never); a safety net, off by default.
        limit_max_requests=int(os.environ.get("MAX_REQUESTS_PER_WORKER", "0")) or None,
    )


def simulator(args: argparse.Namespace) -> None:
    import uvicorn

    from simulator.app import create_simulator

    os.environ.setdefault("SIMULATOR_SIZE", str(args.size))
    sim = create_simulator(size=args.size, seed=args.seed)
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
    p.add_argument("--access-log", action="store_true")
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
    args.run(args)


if __name__ == "__main__":
    main()
