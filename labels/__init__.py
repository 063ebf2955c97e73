# SPDX-License-Identifier: Apache-2.0
"""Label templates and renderers (PDF, ZPL)."""
