# SPDX-License-Identifier: Apache-2.0
"""Warehouse scanning station."""

__version__ = "0.1.0"
