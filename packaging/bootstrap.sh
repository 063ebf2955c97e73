#!/usr/bin/env bash
# Set up the station on a fresh machine, then run it or its tests.
#
#   bash packaging/bootstrap.sh run --demo     # set up, then open the demo station
#   bash packaging/bootstrap.sh test           # set up, then run the test suite
#
# It installs the system libraries the station uses (Debian/Ubuntu, via apt-get when it may),
# creates .venv beside the project, installs the project with its extras (`dev`, which brings
# `test` and `bench`) at the versions of requirements.lock into it, and then runs
# `station ARGS...` or the tests. The set-up runs only when something changed: a stamp in the
# venv records pyproject.toml, requirements.lock, this script and the Python version, so a
# start with nothing changed costs what starting the installed station costs. Safe to run
# again; STATION_VENV moves the venv, PYTHON picks the interpreter that makes it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
venv="${STATION_VENV:-$here/.venv}"
python="${PYTHON:-python3}"
stamp_file="$venv/.bootstrap-stamp"
stamp="$({ "$python" -VV; cat pyproject.toml requirements.lock packaging/bootstrap.sh; } | sha256sum)"

# Install the system packages, make the venv and install the locked project into it.
set_up() {
  # zbar (pyzbar), the xcb libraries Qt needs on X11, a TrueType CJK font (labels), poppler (PDF
  # checks), xvfb (a virtual screen for screenshots), strace (the power-loss test).
  debs="strace libzbar0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0 fonts-wqy-zenhei poppler-utils xvfb xauth libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3"
  if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    missing=""
    for p in $debs; do
      dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
    done
    if [ -n "$missing" ]; then
      sudo=""
      [ "$(id -u)" = 0 ] || sudo="sudo"
      echo "bootstrap: installing system packages:$missing" >&2
      $sudo apt-get update -qq || true
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null \
        || echo "bootstrap: could not install$missing; the station will say what it misses" >&2
    fi
  fi

  # A venv made by another Python (the system's was upgraded) is made anew.
  if [ -x "$venv/bin/python" ] && [ "$("$venv/bin/python" -VV)" != "$("$python" -VV)" ]; then
    echo "bootstrap: $venv was made by another Python; making it anew" >&2
    rm -rf "$venv"
  fi
  if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
  fi
  rm -f "$stamp_file"
  "$venv/bin/python" -m pip install -q --upgrade pip >/dev/null 2>&1 || true
  "$venv/bin/python" -m pip install -q -c requirements.lock -e ".[dev]"
  echo "$stamp" >"$stamp_file"
}

if [ ! -x "$venv/bin/station" ] || [ "$(cat "$stamp_file" 2>/dev/null)" != "$stamp" ]; then
  set_up
fi

cmd="${1:-run}"
shift || true
case "$cmd" in
  test)
    # The web view's browser tests drive Debian's headless Chromium through its WebDriver;
    # only the tests need them, so only the tests install them.
    if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
      if command -v apt-get >/dev/null 2>&1; then
        sudo=""
        [ "$(id -u)" = 0 ] || sudo="sudo"
        echo "bootstrap: installing chromium and chromium-driver for the browser tests" >&2
        $sudo apt-get update -qq || true
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver \
          >/dev/null || echo "bootstrap: could not install chromium; the browser tests fail" >&2
      fi
    fi
    export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
    exec "$venv/bin/python" -m pytest "$@"
    ;;
  run)
    exec "$venv/bin/station" run "$@"
    ;;
  *)
    exec "$venv/bin/station" "$cmd" "$@"
    ;;
esac
