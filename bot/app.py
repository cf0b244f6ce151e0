"""Wiring: the only place that builds the Application and registers handlers."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from telegram.ext import (
    ApplicationBuilder,
    BusinessConnectionHandler,
    BusinessMessagesDeletedHandler,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.api_calls import RAW_UPDATES_KEY, BotApiRequest, RawUpdatesRequest
from bot.first_look import learn_staff_chat
from config.settings import Settings
from desk import outcomes
from desk.context import DESK_KEY, Ctx, FrontdeskApp
from desk.desk import Desk
from desk.outcomes import Outcome
from desk.staff_chat import StaffChat, StaffChatFilter
from handlers import (
    abuse,
    business,
    customer_intake,
    follow_through,
    language,
    membership,
    opening_sweep,
    owner_commands,
    owner_reports,
    privacy,
    ratings,
    saved_answer_sending,
    saved_answers,
    search,
    staff_commands,
    staff_relay,
    swarm,
    team,
)
from handlers.errors import report_error
from relay.sender import RelaySender
from storage.db import Database

log = logging.getLogger(__name__)


SWEEP_SECONDS = 30.0
SENDER_KEY = "relay_sender"


def build_application(
    settings: Settings,
    db: Database,
    clock: Callable[[], float] = time.time,
    sweep_seconds: float = SWEEP_SECONDS,
) -> FrontdeskApp:
    """The Frontdesk Application on an open database, with every handler registered."""

    staff_chat = StaffChat(settings.staff_chat_id)

    async def open_desk(app: FrontdeskApp) -> None:
        await staff_chat.load(db)
        desk: Desk

        async def report(outcome: Outcome) -> None:
            await outcomes.record(desk, outcome)

        def alarm(when: float) -> None:
            # One job per due time (named after it), run when the clock reaches it; the
            # sweep below stays as a safety net.
            assert app.job_queue is not None
            name = f"deadline {when:.3f}"
            if not app.job_queue.get_jobs_by_name(name):
                delay = max(0.0, when - clock())
                app.job_queue.run_once(follow_through.chase_waits, delay, name=name)

        sender = RelaySender(app.bot, db, settings, staff_chat, report)
        desk = Desk(
            settings=settings, db=db, staff_chat=staff_chat, clock=clock, queue=sender, alarm=alarm
        )
        app.bot_data[DESK_KEY] = desk
        app.bot_data[SENDER_KEY] = sender
        await learn_staff_chat(app, desk)
        await sender.start()

    async def close_desk(app: FrontdeskApp) -> None:
        sender = app.bot_data.pop(SENDER_KEY, None)
        if isinstance(sender, RelaySender):
            await sender.stop()

    raw_updates = RawUpdatesRequest()
    app: FrontdeskApp = (
        ApplicationBuilder()
        .token(settings.bot_token.get_secret_value())
        .base_url(settings.api_base_url)
        .base_file_url(settings.api_base_file_url)
        .request(BotApiRequest())
        .get_updates_request(raw_updates)
        .context_types(ContextTypes(context=Ctx))
        .updater(None)  # bot.poller.DurablePoller records updates before confirming them
        .post_init(open_desk)
        .post_shutdown(close_desk)
        .build()
    )
    app.bot_data[RAW_UPDATES_KEY] = raw_updates
    staff = StaffChatFilter(staff_chat)
    private = filters.ChatType.PRIVATE
    new_message = filters.UpdateType.MESSAGE
    edited = filters.UpdateType.EDITED_MESSAGE

    # Group 0 — where the bot is and who is on the team. Runs before everything else.
    app.add_handler(
        ChatMemberHandler(membership.track_bot_membership, ChatMemberHandler.MY_CHAT_MEMBER),
        group=0,
    )
    app.add_handler(
        ChatMemberHandler(team.follow_team_change, ChatMemberHandler.CHAT_MEMBER), group=0
    )
    app.add_handler(
        MessageHandler(staff & filters.StatusUpdate.MIGRATE, membership.follow_migration),
        group=0,
    )
    app.add_handler(
        MessageHandler(filters.ChatType.GROUPS & ~staff, membership.leave_unknown_group),
        group=0,
    )
    app.add_handler(
        MessageHandler(staff & filters.StatusUpdate.LEFT_CHAT_MEMBER, team.follow_member_leaving),
        group=0,
    )
    # Anyone who writes in the staff chat is on the team (a service message is nobody writing).
    app.add_handler(
        MessageHandler(
            staff & new_message & ~filters.StatusUpdate.ALL, staff_relay.track_team_member
        ),
        group=0,
    )

    # Group 1 — private chats. Plain messages (most updates) are matched first; of commands,
    # owner commands are refused politely for anyone else, /start greets, and everything
    # else (any kind, other commands too) is part of a conversation.
    customer_words = private & new_message & ~filters.StatusUpdate.ALL
    app.add_handler(
        MessageHandler(customer_words & ~filters.COMMAND, customer_intake.relay_customer_message),
        group=1,
    )
    for command, action in owner_commands.OWNER_COMMANDS.items():
        callback = owner_commands.owners_only(command, action)
        app.add_handler(CommandHandler(command, callback, private & new_message), group=1)
        app.add_handler(CommandHandler(command, callback, staff & new_message), group=2)
    # Owner reports (refused politely for anyone else), in private and in the staff chat.
    for command, report in (
        ("stats", owner_reports.show_stats),
        ("export", owner_reports.export_conversations),
    ):
        app.add_handler(CommandHandler(command, report, private & new_message), group=1)
        app.add_handler(CommandHandler(command, report, staff & new_message), group=2)
    app.add_handler(CommandHandler("start", customer_intake.greet, private & new_message), group=1)
    app.add_handler(
        CommandHandler("forgetme", privacy.ask_to_forget, private & new_message), group=1
    )
    app.add_handler(
        CommandHandler("language", language.choose_language, private & new_message), group=1
    )
    app.add_handler(
        MessageHandler(customer_words, customer_intake.relay_customer_message), group=1
    )
    app.add_handler(
        MessageHandler(private & edited, customer_intake.mirror_customer_edit), group=1
    )

    # Group 2 — staff in the staff chat: owner commands (registered above), staff commands,
    # then replies relayed to customers.
    staff_only = staff & new_message
    for command, callback in (
        ("name", staff_commands.set_name),
        ("on", staff_commands.go_on_duty),
        ("off", staff_commands.go_off_duty),
        ("note", staff_commands.add_note),
        ("claim", staff_commands.claim),
        ("assign", staff_commands.assign),
        ("close", staff_commands.close),
        # The toolkit: saved answers, search, the shield against abuse.
        ("save", saved_answers.save_answer),
        ("r", saved_answer_sending.send_answer),
        ("replies", saved_answers.list_answers),
        ("unsave", saved_answers.remove_answer),
        ("find", search.find_conversations),
        ("ban", abuse.ban),
        ("unban", abuse.unban),
        ("unmute", abuse.unmute),
    ):
        app.add_handler(CommandHandler(command, callback, staff_only), group=2)
    app.add_handler(
        MessageHandler(
            staff_only & ~filters.COMMAND & ~filters.StatusUpdate.ALL,
            staff_relay.relay_staff_reply,
        ),
        group=2,
    )
    app.add_handler(MessageHandler(staff & edited, staff_relay.mirror_staff_edit), group=2)

    # Group 2 too — the shop's own Telegram account (Telegram Business): connections, and
    # the chats of the account (PTB's message filters match these too; the UpdateType
    # filters above keep them out of the bot's own flows).
    app.add_handler(BusinessConnectionHandler(business.follow_connection), group=2)
    app.add_handler(
        MessageHandler(filters.UpdateType.BUSINESS_MESSAGE, business.take_message), group=2
    )
    app.add_handler(
        MessageHandler(filters.UpdateType.EDITED_BUSINESS_MESSAGE, business.mirror_edit),
        group=2,
    )
    app.add_handler(BusinessMessagesDeletedHandler(business.note_deletion), group=2)

    # Group 3 — buttons: ratings, and a polite answer for anything stale or unknown.
    app.add_handler(
        CallbackQueryHandler(ratings.record_rating, pattern=ratings.RATING_PATTERN), group=3
    )
    app.add_handler(
        CallbackQueryHandler(privacy.answer_forget, pattern=r"^forget:(yes|no)$"), group=3
    )
    app.add_handler(
        CallbackQueryHandler(language.answer_language, pattern=language.LANGUAGE_PATTERN),
        group=3,
    )
    app.add_handler(
        CallbackQueryHandler(
            saved_answer_sending.press_answer, pattern=saved_answer_sending.ANSWER_PATTERN
        ),
        group=3,
    )
    app.add_handler(
        CallbackQueryHandler(swarm.press_swarm_button, pattern=swarm.SWARM_PATTERN), group=3
    )
    app.add_handler(CallbackQueryHandler(ratings.answer_unknown_button), group=3)

    # Every few seconds: has the shop just opened with conversations waiting?
    assert app.job_queue is not None
    app.job_queue.run_repeating(
        opening_sweep.announce_opening,
        interval=sweep_seconds,
        first=sweep_seconds,
        name="opening sweep",
    )
    # …and are customers waiting past their deadline, or is a follow-up due?
    app.job_queue.run_repeating(
        follow_through.chase_waits,
        interval=sweep_seconds,
        first=sweep_seconds,
        name="follow-through",
    )

    # …and has a flood guard's mute run its ten minutes?
    app.job_queue.run_repeating(
        abuse.release_mutes, interval=sweep_seconds, first=sweep_seconds, name="flood mutes"
    )

    app.add_error_handler(report_error)
    return app
