"""The getUpdates request keeps Telegram's own JSON of each update for the inbox."""

import json

from bot.api_calls import RawUpdatesRequest


def test_updates_are_kept_as_telegram_sent_them() -> None:
    request = RawUpdatesRequest()
    update = {"update_id": 7, "message": {"text": "Grüße ‮ '; DROP TABLE", "future_field": 1}}
    request._last = json.dumps({"ok": True, "result": [update, {"no_id": True}]}).encode()
    raw = request.take_raw()
    assert list(raw) == [7]
    assert json.loads(raw[7]) == update
    assert request.take_raw() == {}  # each answer is taken once


def test_an_unreadable_answer_gives_nothing() -> None:
    request = RawUpdatesRequest()
    request._last = b"<html>bad gateway</html>"
    assert request.take_raw() == {}
