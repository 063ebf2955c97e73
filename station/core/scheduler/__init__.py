# SPDX-License-Identifier: Apache-2.0
"""The scheduler owns running the station's timed jobs and keeping each one's last run.

It runs them on the store's writer thread (``runner``) and keeps each one's last run and result
in the store (``tables``). The jobs come from the features (``<feature>/jobs.py``); the
scheduler names none of them. ``sync_setting`` holds the interval of the host's sync job."""
