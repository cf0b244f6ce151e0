"""Try Frontdesk without Telegram: a local Bot API stand-in, the real bot and a web page."""
