"""The progress of a run: a bar on a terminal, log lines elsewhere."""

from __future__ import annotations

import time
from typing import Any, TextIO

from wireparse._extras import available, require


def _count(n: int, noun: str) -> str:
    """``3 errors``, ``1 error``."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


class Progress:
    """Pages done, pages/s and errors: a tqdm bar on a terminal (the ``progress`` extra), plain log
    lines every ``every`` seconds otherwise, nothing when ``mode`` is ``none``."""

    def __init__(self, mode: str, stream: TextIO, every: float = 10.0) -> None:
        self.stream = stream
        self.every = every
        self.start = time.monotonic()
        self.last = self.start
        self.done = 0
        self.errors = 0
        self._bar: Any = None
        if mode == "auto":
            tty = bool(getattr(stream, "isatty", lambda: False)())
            mode = "bar" if tty and available("tqdm") else "log"
        self.mode = mode
        if mode == "bar":
            tqdm: Any = require("tqdm", "progress", "a progress bar")
            self._bar = tqdm.tqdm(file=stream, unit=" pages", dynamic_ncols=True, smoothing=0.05)

    def update(self, pages: int, errors: int) -> None:
        self.done += pages
        self.errors += errors
        if self._bar is not None:
            self._bar.set_postfix_str(_count(self.errors, "error"), refresh=False)
            self._bar.update(pages)
        elif self.mode == "log":
            now = time.monotonic()
            if now - self.last >= self.every:
                self.last = now
                self.log(self.line(now))

    def line(self, now: float | None = None) -> str:
        elapsed = max((now or time.monotonic()) - self.start, 1e-9)
        return (
            f"{_count(self.done, 'page')}, {self.done / elapsed:,.1f} pages/s, {_count(self.errors, 'error')}"
        )

    def log(self, text: str) -> None:
        if self.mode != "none":
            print(f"wireparse batch: {text}", file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
