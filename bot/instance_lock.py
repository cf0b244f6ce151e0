"""One Frontdesk per database: a second `frontdesk run` refuses instead of fighting the first."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from bot.fatal import FatalError
from storage import private_files


class InstanceLock:
    """An exclusive advisory lock on `<database>.lock`, released when the process ends."""

    def __init__(self, db_path: Path) -> None:
        self._path = Path(f"{db_path}.lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        private_files.make_folders(self._path.parent)  # 0700, like the database's
        fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise FatalError(
                f"another Frontdesk is already running on FRONTDESK_DB_PATH={self._path.parent}"
                f"/{self._path.name.removesuffix('.lock')}; stop it first"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
