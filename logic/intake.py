"""Which way a customer's message goes when no conversation of theirs is open."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from logic.small_talk import is_small_talk

# A message this soon after rating is the customer's comment, not a new request.
COMMENT_WINDOW_SECONDS = 3600.0


class Branch(Enum):
    COMMENT = "their words after rating: a comment on the closed conversation"
    REOPEN = "an answer to “did that solve it?”: the same conversation again"
    GREET = "a bare hello: greeted, kept, and sent on with the first real message"
    OPEN = "a new conversation, handed to a person"


@dataclass(frozen=True)
class LastConversation:
    """What matters about the customer's latest (closed) conversation."""

    comment_requested_at: float | None
    followup_sent_at: float | None


def branch_for(last: LastConversation | None, text: str | None, now: float) -> Branch:
    """The way a message goes when the customer has no open conversation."""
    if last is not None:
        requested = last.comment_requested_at
        if requested is not None and now - requested <= COMMENT_WINDOW_SECONDS:
            return Branch.COMMENT
        if last.followup_sent_at is not None:
            return Branch.REOPEN
    if is_small_talk(text):
        return Branch.GREET
    return Branch.OPEN
