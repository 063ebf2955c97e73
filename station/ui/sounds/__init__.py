# SPDX-License-Identifier: Apache-2.0
"""The station's sound files (made by packaging/make_sounds.py)."""
