"""The shield against abuse: when a customer floods, and when new customers swarm."""

from __future__ import annotations

from dataclasses import dataclass

MINUTE = 60.0
MUTE_SECONDS = 600.0
# A swarm: more than this many customers never seen before arriving within SWARM_WINDOW.
# A busy hour is real: a newsletter or a post can bring dozens of genuine newcomers in a
# minute (the busy-hour benchmark has 30 at once), and each deserves a topic. A hundred
# accounts never seen before within one minute is beyond any small shop and is what a bot
# swarm looks like (hundreds in minutes) — README, "Swarm guard".
SWARM_ARRIVALS = 100
SWARM_WINDOW = 60.0
# The guard stays up until this long after the rate was last exceeded.
SWARM_CALM = 600.0


@dataclass(frozen=True)
class FloodState:
    recent: tuple[float, ...] = ()  # times of the latest messages, oldest first
    muted_until: float | None = None


@dataclass(frozen=True)
class FloodStep:
    state: FloodState
    muted_now: bool  # this message started a mute
    held: bool  # this message is held back (the sender is muted)


def flood_step(state: FloodState, now: float, limit: int) -> FloodStep:
    """Count a customer's message: more than `limit` within a minute mutes them for ten
    minutes (0 turns the guard off). A mute that has run out is lifted first."""
    if limit <= 0:
        return FloodStep(FloodState(), muted_now=False, held=False)
    if state.muted_until is not None and now < state.muted_until:
        return FloodStep(state, muted_now=False, held=True)
    recent = (*[t for t in state.recent if now - t < MINUTE][-limit:], now)
    if len(recent) > limit:
        return FloodStep(FloodState((), now + MUTE_SECONDS), muted_now=True, held=True)
    return FloodStep(FloodState(recent, None), muted_now=False, held=False)


def mute_over(state: FloodState, now: float) -> bool:
    """Whether a mute has run its ten minutes."""
    return state.muted_until is not None and now >= state.muted_until


@dataclass(frozen=True)
class SwarmStep:
    until: float | None  # the guard is up until then
    started: bool  # this arrival raised it


def swarm_step(arrivals_in_window: int, until: float | None, now: float) -> SwarmStep:
    """After a new customer arrived: is the swarm guard up? `arrivals_in_window` counts
    newcomers of the last SWARM_WINDOW seconds, this one included."""
    active = until is not None and now < until
    if arrivals_in_window > SWARM_ARRIVALS:
        return SwarmStep(now + SWARM_CALM, started=not active)
    return SwarmStep(until if active else None, started=False)
