#!/usr/bin/env bash
# requirements.lock: the exact versions the station is set up, tested and bundled with.
#
#   bash packaging/lock.sh            # write requirements.lock from pyproject.toml (keeps pins that still fit)
#   bash packaging/lock.sh --check    # fail when requirements.lock does not agree with pyproject.toml
#   bash packaging/lock.sh --upgrade  # take the newest versions pyproject.toml allows
#
# uv's `pip compile` resolves the `dev` extra (it brings `test` and `bench`) for every platform
# and Python the project supports (`--universal`), so one file serves Linux, Windows and macOS.
# bootstrap.sh installs with it as constraints; build.sh installs it exactly before bundling.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
venv="${STATION_VENV:-$here/.venv}"
uv="$venv/bin/uv"
[ -x "$uv" ] || uv="uv"
compile=("$uv" pip compile pyproject.toml --universal --python-version 3.11 --extra dev --no-header --quiet)
case "${1:-}" in
  --check)
    out="$(mktemp)"
    trap 'rm -f "$out"' EXIT
    cp requirements.lock "$out"
    "${compile[@]}" -o "$out"
    if ! diff -u requirements.lock "$out"; then
      echo "lock: requirements.lock does not agree with pyproject.toml; run bash packaging/lock.sh" >&2
      exit 1
    fi
    echo "lock: requirements.lock agrees with pyproject.toml"
    ;;
  --upgrade) "${compile[@]}" --upgrade -o requirements.lock ;;
  "") "${compile[@]}" -o requirements.lock ;;
  *) echo "usage: bash packaging/lock.sh [--check|--upgrade]" >&2; exit 2 ;;
esac
