"""Reasons Frontdesk cannot run at all, each a one-line message for the command line."""


class FatalError(Exception):
    """Frontdesk cannot go on (bad token, database in use, another poller); says why."""
