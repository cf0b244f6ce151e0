"""Questions in the terminal, answered without blocking the event loop.

Lines are read from standard input as they become readable, so Ctrl-C (which cancels the
running coroutine) stops a question as promptly as a call to Telegram. Standard input may be
a terminal or a pipe; a secret is typed with echo off when it is a terminal.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import termios
from collections.abc import Iterator
from typing import TextIO


class Terminal:
    """Prints to stdout, reads whole lines from stdin."""

    def __init__(self, fd: int = 0, out: TextIO = sys.stdout) -> None:
        self._fd = fd
        self._out = out
        self._buffer = b""
        self._ended = False

    def say(self, text: str = "") -> None:
        """Print a line (or several)."""
        print(text, file=self._out, flush=True)

    async def line(self, prompt: str) -> str:
        """The next line typed, without its newline; EOFError when input ended."""
        self._out.write(prompt)
        self._out.flush()
        while b"\n" not in self._buffer and not self._ended:
            chunk = await self._read()
            if chunk:
                self._buffer += chunk
            else:
                self._ended = True
        if not self._buffer:
            raise EOFError
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line.decode("utf-8", errors="replace").rstrip("\r")

    async def secret(self, prompt: str) -> str:
        """A line typed with echo off (when stdin is a terminal)."""
        with self._no_echo() as hidden:
            answer = await self.line(prompt)
        if hidden:
            self.say()  # the newline the user typed was not echoed either
        return answer

    async def ask(self, prompt: str, default: str | None = None) -> str:
        """An answer, or the default for an empty line."""
        shown = f"{prompt} [{default}]: " if default else f"{prompt}: "
        answer = (await self.line(shown)).strip()
        return answer or (default or "")

    async def yes(self, prompt: str, default: bool = True) -> bool:
        """Yes or no (Enter: the default)."""
        choices = "[Y/n]" if default else "[y/N]"
        while True:
            answer = (await self.line(f"{prompt} {choices} ")).strip().lower()
            if not answer:
                return default
            if answer in ("y", "yes"):
                return True
            if answer in ("n", "no"):
                return False
            self.say("Please answer y or n.")

    async def _read(self) -> bytes:
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = loop.create_future()

        def wake() -> None:
            if not ready.done():
                ready.set_result(None)

        try:
            loop.add_reader(self._fd, wake)
        except (OSError, ValueError):
            # A regular file (stdin redirected from one) cannot be watched, and never blocks.
            return os.read(self._fd, 4096)
        try:
            await ready
        finally:
            loop.remove_reader(self._fd)
        return os.read(self._fd, 4096)

    @contextlib.contextmanager
    def _no_echo(self) -> Iterator[bool]:
        if not os.isatty(self._fd):
            yield False
            return
        before = termios.tcgetattr(self._fd)
        quiet = list(before)
        quiet[3] &= ~termios.ECHO
        termios.tcsetattr(self._fd, termios.TCSANOW, quiet)
        try:
            yield True
        finally:
            termios.tcsetattr(self._fd, termios.TCSANOW, before)
