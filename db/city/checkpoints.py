"""Checkpoints of a SQLite city database's write-ahead log beside a batch of imports.

A checkpoint copies the pages a commit wrote into the database file and syncs it. In a city
of hundreds of branches a package changes pages all over the key index of the records, and
that sync took longer than the commit itself. During a batch the import's own connection
makes none (`wal_autocheckpoint=0`); a connection of this class makes them in a thread of its
own while the next package is applied. So that the log does not grow without end, a commit
that leaves it larger than `limit` is followed by a checkpoint that lets it start again from
its beginning (RESTART); the batch ends with one that empties it (TRUNCATE).
"""

import contextlib
import sqlite3
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from base.log import get_logger

#: The log's size at which the next commit waits for it to start again: about five of a
#: full package's commits in a city of 300 branches.
LIMIT = 512 * 1024 * 1024
#: SQLite's own default, given back to the import's connection after the batch.
AUTOCHECKPOINT = 1000


class Checkpoints:
    """Checkpoints for a batch of imports into the SQLite file `database` through the
    driver's connection `importing`: call `after_commit` when a commit is done and that
    connection is idle, `close` at the end of the batch."""

    def __init__(self, database: str, importing: sqlite3.Connection, limit: int = LIMIT) -> None:
        self.importing, self.limit = importing, limit
        self.log = Path(database + "-wal")
        self._own = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
        self._own.execute("PRAGMA busy_timeout=5000")
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="city-checkpoint")
        self._pending: Future[None] | None = None
        # Started again, the log is cut back to the limit: beyond it, it holds that much.
        self._set(0, limit)

    def _set(self, automatic: int, log_limit: int) -> None:
        with contextlib.suppress(sqlite3.ProgrammingError):  # closed: nothing to give back
            self.importing.execute(f"PRAGMA wal_autocheckpoint={automatic}")
            self.importing.execute(f"PRAGMA journal_size_limit={log_limit}")

    def _checkpoint(self, mode: str) -> None:
        """A checkpoint that fails loses nothing (the log keeps the pages): noted, and the
        next one tries again."""
        try:
            self._own.execute(f"PRAGMA wal_checkpoint({mode})").fetchall()
        except sqlite3.Error as exc:
            get_logger("city").warning("工委数据库检查点未完成：%s", exc)

    def _wait(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()

    def after_commit(self) -> None:
        """Start a checkpoint beside the next package, or, once the log is over the limit,
        make one that lets it start again (the import's connection must then be idle)."""
        if self.log.exists() and self.log.stat().st_size > self.limit:
            self._wait()
            self._checkpoint("RESTART")
        elif self._pending is None or self._pending.done():
            self._wait()
            self._pending = self._worker.submit(self._checkpoint, "PASSIVE")

    def close(self) -> None:
        """After the batch, its transactions ended: the log emptied, the import's connection
        given back SQLite's own checkpoints."""
        try:
            self._set(AUTOCHECKPOINT, -1)
            self._wait()
            self._checkpoint("TRUNCATE")
        finally:
            self._worker.shutdown()
            self._own.close()
