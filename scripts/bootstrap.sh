#!/usr/bin/env bash
# Creates .venv from the lock file; re-installs only when the lock or pyproject changes.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3.11}
command -v "$python" >/dev/null || python=python3
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
stamp=.venv/.installed-$(cat requirements.lock pyproject.toml | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
  # compat mode: the repository root goes on sys.path, so the top-level packages import as they are.
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e . --config-settings editable_mode=compat
  rm -f .venv/.installed-*
  touch "$stamp"
fi
