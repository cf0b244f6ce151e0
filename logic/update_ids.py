"""Whether an update id is one Telegram could plausibly send next."""

from __future__ import annotations

# Telegram's update ids fit in 32 bits (the Bot API marks the ids that may not, and
# update_id is not one of them).
MAX_UPDATE_ID = 2**31 - 1
# Ids go up by one per update. A small shop's bot sees thousands a day, so ten million is
# years of them: a real id is never that far from the newest one recorded. Below it counts
# too (a redelivery, or an id Telegram picked lower), so only the distance is bounded.
PLAUSIBLE_DISTANCE = 10_000_000
# "If there are no new updates for at least a week, then identifier of the next update will
# be chosen randomly instead of sequentially" (Bot API, Update): after that, any id goes.
QUIET_SECONDS = 7 * 24 * 3600


def plausible_update_id(update_id: int, newest: int | None, quiet_for: float) -> bool:
    """True if `update_id` may be Telegram's, given the newest id recorded and how long
    ago (seconds) the last update arrived; one forged far ahead would otherwise make every
    real update after it look old and silence the bot."""
    if not 0 < update_id <= MAX_UPDATE_ID:
        return False
    if newest is None or quiet_for >= QUIET_SECONDS:
        return True
    return abs(update_id - newest) <= PLAUSIBLE_DISTANCE
