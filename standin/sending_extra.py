"""More Bot API send methods: contacts, venues and dice (business_connection_id works as
for the others)."""

from __future__ import annotations

import random
from typing import Any

from .records import bad_request
from .registry import Call, handles
from .sending import deliver, destination
from .world import public

# Dice emoji and the values each can show.
DICE = {"🎲": 6, "🎯": 6, "🎳": 6, "🏀": 5, "⚽": 5, "🎰": 64}


@handles("sendContact")
async def send_contact(call: Call) -> Any:
    """sendContact."""
    state = destination(call)
    contact = {k: call.params[k] for k in ("phone_number", "first_name", "last_name", "vcard")
               if k in call.params}  # fmt: skip
    return public(deliver(call, state, {"contact": contact}))


@handles("sendVenue")
async def send_venue(call: Call) -> Any:
    """sendVenue: the message has the venue and its location."""
    state = destination(call)
    p = call.params
    point = {"latitude": p["latitude"], "longitude": p["longitude"]}
    venue: dict[str, Any] = {"location": point, "title": p["title"], "address": p["address"]}
    for key in ("foursquare_id", "foursquare_type", "google_place_id", "google_place_type"):
        if key in p:
            venue[key] = p[key]
    return public(deliver(call, state, {"venue": venue, "location": dict(point)}))


@handles("sendDice")
async def send_dice(call: Call) -> Any:
    """sendDice: a random value for the emoji (🎲 unless another is given)."""
    emoji = call.params.get("emoji", "🎲")
    if emoji not in DICE:
        raise bad_request("DICE_EMOJI_INVALID")
    state = destination(call)
    dice = {"emoji": emoji, "value": random.randint(1, DICE[emoji])}
    return public(deliver(call, state, {"dice": dice}))
