"""The in-memory mirror of the outbox: lanes in the order sends were owed."""

from desk.sends import PendingSend, Text, ToChat
from relay.lanes import OwedSends


def _send(send_id: int, lane: str) -> PendingSend:
    return PendingSend(id=send_id, lane=lane, send=Text(ToChat(1), f"n{send_id}"))


def test_each_lane_keeps_the_order_sends_were_owed_in() -> None:
    owed = OwedSends()
    lanes = owed.add([_send(3, "a"), _send(1, "a"), _send(2, "b"), _send(1, "a")])
    assert lanes == {"a", "b"}
    assert [send.id for send in owed.head("a", 10)] == [1, 3]
    assert len(owed) == 3


def test_done_sends_leave_and_empty_lanes_go() -> None:
    owed = OwedSends()
    owed.add([_send(1, "a"), _send(2, "a"), _send(3, "b")])
    owed.done([_send(2, "a"), _send(3, "b")])
    assert [send.id for send in owed.head("a", 10)] == [1]
    assert owed.lanes() == ["a"]


def test_replacing_from_the_outbox_forgets_what_was_there() -> None:
    owed = OwedSends()
    owed.add([_send(1, "a"), _send(2, "b")])
    owed.replace([_send(2, "b"), _send(5, "c")])
    assert sorted(owed.lanes()) == ["b", "c"]
    owed.drop_lane("b")
    assert owed.lanes() == ["c"]


def test_merge_sizes_are_counted_as_telegram_counts_them() -> None:
    from relay.batches import telegram_length

    assert telegram_length("cake") == 4
    assert telegram_length("🎂" * 10) == 20  # each outside the BMP: two UTF-16 code units
