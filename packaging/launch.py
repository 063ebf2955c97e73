# SPDX-License-Identifier: Apache-2.0
"""Entry point of the bundled application (PyInstaller runs this file)."""

import sys

from station.cli import main

if __name__ == "__main__":
    sys.exit(main())
