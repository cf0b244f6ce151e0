"""A bot under test as a subprocess: start, stop politely, kill -9, read its peak memory."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from pathlib import Path

FRONTDESK_ARGV = ("-m", "bot", "run")
ECHO_ARGV = ("-m", "bench.echo_bot")


class BotProcess:
    """One bot subprocess at a time; output appended to `log_path`; restartable."""

    def __init__(
        self, argv: tuple[str, ...], env: dict[str, str], workdir: Path, log_path: Path
    ) -> None:
        self._argv = argv
        self._env = env
        self._workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self._log_path = log_path
        self._process: asyncio.subprocess.Process | None = None
        self.starts = 0

    @property
    def pid(self) -> int | None:
        """The running process's id."""
        return self._process.pid if self._process is not None else None

    @property
    def running(self) -> bool:
        """Whether the process was started and has not exited."""
        return self._process is not None and self._process.returncode is None

    @property
    def exit_code(self) -> int | None:
        """The exit code of the last process (negative: killed by that signal)."""
        return self._process.returncode if self._process is not None else None

    async def start(self) -> None:
        """Spawn the bot (the working directory is private, so no stray .env is read)."""
        with self._log_path.open("ab") as log:
            self._process = await asyncio.create_subprocess_exec(
                sys.executable,
                *self._argv,
                cwd=self._workdir,
                env=self._env,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )
        self.starts += 1

    def peak_memory_mb(self) -> float | None:
        """Peak resident memory (VmHWM) of the running process, in MiB."""
        if not self.running or self.pid is None:
            return None
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return None

    def cpu_seconds(self) -> float | None:
        """User plus system CPU time the running process (all its threads) has used so far."""
        if not self.running or self.pid is None:
            return None
        try:
            stat = Path(f"/proc/{self.pid}/stat").read_text()
        except OSError:
            return None
        # Fields after the parenthesised command name; utime and stime are the 14th and 15th.
        fields = stat.rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    async def stop(self, grace: float = 20.0) -> int | None:
        """SIGTERM and wait (SIGKILL after `grace` seconds); returns the exit code."""
        if self._process is not None and self._process.returncode is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self._process.wait(), grace)
            except TimeoutError:
                await self.kill()
        return self.exit_code

    async def kill(self) -> None:
        """kill -9, as a crash or the OOM killer would, and reap the process."""
        if self._process is not None and self._process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self._process.kill()
            await self._process.wait()

    def log_tail(self, count: int = 25) -> str:
        """The last lines the bot wrote."""
        if not self._log_path.exists():
            return ""
        return "\n".join(self._log_path.read_text(errors="replace").splitlines()[-count:])

    def log_problems(self) -> list[str]:
        """Lines of the bot's output that report errors or tracebacks."""
        if not self._log_path.exists():
            return []
        lines = self._log_path.read_text(errors="replace").splitlines()
        marks = (" ERROR ", " CRITICAL ", "Traceback")
        return [line for line in lines if any(mark in line for mark in marks)]
