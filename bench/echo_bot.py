"""A bare python-telegram-bot echo bot: copies each private message to the staff chat.

The baseline Frontdesk is measured against. Configured by the same FRONTDESK_* variables;
run with `python -m bench.echo_bot`.
"""

from __future__ import annotations

import logging
import os

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters


async def copy_to_staff(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Copy the customer's message into the staff chat, nothing else."""
    message = update.effective_message
    if message is None:
        return
    await context.bot.copy_message(
        chat_id=int(os.environ["FRONTDESK_STAFF_CHAT_ID"]),
        from_chat_id=message.chat_id,
        message_id=message.message_id,
    )


def main() -> None:
    """Poll until SIGINT/SIGTERM."""
    logging.basicConfig(level=os.environ.get("FRONTDESK_LOG_LEVEL", "WARNING"))
    logging.getLogger("httpx").setLevel(logging.WARNING)
    app = (
        ApplicationBuilder()
        .token(os.environ["FRONTDESK_BOT_TOKEN"])
        .base_url(os.environ["FRONTDESK_API_BASE_URL"])
        .base_file_url(os.environ["FRONTDESK_API_BASE_FILE_URL"])
        .build()
    )
    app.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE, copy_to_staff)
    )
    app.run_polling()


if __name__ == "__main__":
    main()
