"""Application wiring and the command line."""

import os

# Opt in to python-telegram-bot's coming behaviour: time periods (such as RetryAfter's
# retry_after) are timedeltas. Without this PTB 22 warns on every flood-control error.
os.environ.setdefault("PTB_TIMEDELTA", "true")
