"""The database's folder and files, readable by their owner only.

The database holds every customer's words. SQLite creates its file with the process's
default mode (usually world-readable, 0644) and gives the -wal and -shm files the mode of the
database file, so a database file created 0600 keeps all three private; the made-sends file
and the queue note's place beside them are made 0600 too. Folders Frontdesk creates are
0700; a folder that already exists (a Docker volume, a home folder) is the operator's choice
and is left as it is.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600
SIDE_FILES = ("-wal", "-shm", "-sent", "-note")


def prepare(database: Path) -> None:
    """Create the missing folders and, for a new database, its files, for the owner only.
    Raises OSError if a folder cannot be made; a file that cannot be made is left to SQLite
    to complain about when it opens it."""
    make_folders(database.parent)
    if _create(database):
        for suffix in SIDE_FILES:
            _create(database.with_name(database.name + suffix))


def make_folders(folder: Path) -> None:
    """Create `folder` and any missing parents, each 0700."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for created in reversed(missing):
        with contextlib.suppress(FileExistsError):
            created.mkdir(mode=FOLDER_MODE)
            created.chmod(FOLDER_MODE)  # the umask may have taken bits from mkdir's mode


def _create(path: Path) -> bool:
    """Create an empty file only its owner may read; False if it exists or cannot be made."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except OSError:
        return False
    os.close(descriptor)
    return True
