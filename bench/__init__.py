"""The benchmark suite: `bench/run` or `.venv/bin/python -m bench` (see bench/README.md)."""
