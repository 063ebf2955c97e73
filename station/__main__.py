# SPDX-License-Identifier: Apache-2.0
import sys

from station.cli import main

sys.exit(main())
