"""Logging set up so that no secret and no customer's words reach a log line."""

from __future__ import annotations

import logging
import sys

# Secrets learnt after logging was set up (the webhook secret, made at start if unset).
_LATE_SECRETS: list[str] = []


def mask_in_logs(secret: str) -> None:
    """From now on, log lines show `secret` as ****."""
    if secret and secret not in _LATE_SECRETS:
        _LATE_SECRETS.append(secret)


class RedactingFormatter(logging.Formatter):
    """Formats records, then replaces every secret with a masked form."""

    def __init__(self, fmt: str, secrets: list[str]) -> None:
        super().__init__(fmt)
        self._secrets = [secret for secret in secrets if secret]

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        for secret in self._secrets + _LATE_SECRETS:
            text = text.replace(secret, "****")
        return text


def setup_logging(level: str, token: str | None = None) -> None:
    """Log to stderr at `level`, with the chatty libraries at WARNING."""
    secrets = []
    if token:
        secrets = [token, token.partition(":")[2]]
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets)
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx and httpcore log request URLs, which contain the token; apscheduler chats about
    # every job run at INFO.
    for noisy in ("httpx", "httpcore", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # Below INFO, PTB logs every Bot API call's parameters and answer (telegram.Bot:
    # getUpdates returns what customers wrote and their names; cards and topic names carry
    # them too) and every update it processes (telegram.ext.Application). Our own DEBUG
    # lines name ids only, so DEBUG stays useful without spilling customers' words.
    logging.getLogger("telegram").setLevel(max(root.level, logging.INFO))
    # aiohttp's access log names request paths; it is off, and stays quiet if turned on.
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
