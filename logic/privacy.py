"""What Telegram lets a bot remove from a group, and when."""

from __future__ import annotations

# "A message can only be deleted if it was sent less than 48 hours ago" (deleteMessage).
# A few minutes' margin, so a message at the edge is blanked instead of refused.
BOT_DELETE_WINDOW_SECONDS = 48 * 3600 - 600


def bot_may_delete(posted_at: float | None, now: float) -> bool:
    """Whether a message posted then is still young enough to delete (unknown: try)."""
    return posted_at is None or now - posted_at < BOT_DELETE_WINDOW_SECONDS
