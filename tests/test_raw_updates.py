"""The getUpdates request keeps Telegram's own JSON of each update for the inbox."""

import json

from bot.api_calls import RawUpdatesRequest


def test_updates_are_kept_as_telegram_sent_them() -> None:
    request = RawUpdatesRequest()
    update = {"update_id": 7, "message": {"text": "Grüße ‮ '; DROP TABLE", "future_field": 1}}
    payload = json.dumps({"ok": True, "result": [update, {"no_id": True}]}).encode()
    assert request.parse_json_payload(payload)["result"][0] == update  # PTB gets it all
    raw = request.take_raw()
    assert list(raw) == [7]
    assert json.loads(raw[7]) == update
    assert request.take_raw() == {}  # each answer is taken once


def test_an_answer_without_updates_gives_nothing() -> None:
    request = RawUpdatesRequest()
    request.parse_json_payload(b'{"ok": false, "error_code": 502, "description": "Bad"}')
    assert request.take_raw() == {}
