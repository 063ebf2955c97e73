#!/usr/bin/env bash
# Build the one-folder application with PyInstaller, then smoke-test the built program with no
# Python on its path: `station --version` and the offscreen window self-test.
#
#   bash packaging/build.sh            # needs the project's venv (bash packaging/bootstrap.sh test)
#
# The bundle is built from the versions in requirements.lock: they are installed into the venv
# exactly (PyInstaller among them), whatever else the venv holds, before PyInstaller runs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${STATION_VENV:-$here/.venv}"
cd "$here/packaging"
"$venv/bin/python" -m pip install -q -r "$here/requirements.lock"
"$venv/bin/python" -m pip install -q --no-deps -e "$here"
rm -rf build dist
"$venv/bin/pyinstaller" --noconfirm --log-level WARN station.spec
bash "$here/packaging/smoke" "$here/packaging/dist/station/station"
