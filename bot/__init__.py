"""Runtime: settings, Application factory, persistence, CLI, sandbox, demo."""

import os

# Opt in to python-telegram-bot's timedelta durations now (PTB 22.2+), so its own
# internals (e.g. RetryAfter on a 429) do not emit deprecation warnings at run time.
os.environ.setdefault("PTB_TIMEDELTA", "true")
