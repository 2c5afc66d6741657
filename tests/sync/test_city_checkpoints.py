"""The city database's log is checkpointed beside a batch of imports, bounded, and emptied."""

import os
import sqlite3
from pathlib import Path

from sqlalchemy import text

from app.city.importer import import_packages
from db.city.checkpoints import AUTOCHECKPOINT, Checkpoints
from db.city.database import CityDatabase
from tests.sync.helpers import FakeBranch, record

ROW = "x" * 3000  # about a page a row


def log_size(path: Path) -> int:
    log = Path(f"{path}-wal")
    return log.stat().st_size if log.exists() else 0


def writer(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE IF NOT EXISTS t (n INTEGER PRIMARY KEY, body TEXT)")
    return connection


def commit_rows(connection: sqlite3.Connection, start: int, count: int) -> None:
    connection.execute("BEGIN")
    connection.executemany("INSERT INTO t VALUES (?, ?)",
                           [(n, ROW) for n in range(start, start + count)])
    connection.execute("COMMIT")


def test_the_log_starts_again_once_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "city.db"
    connection = writer(path)
    commit_rows(connection, 0, 100)
    one_commit = log_size(path)  # SQLite's own checkpoint has not run yet: 100 pages
    checkpoints = Checkpoints(str(path), connection, limit=one_commit // 2)
    assert connection.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
    assert connection.execute("PRAGMA journal_size_limit").fetchone()[0] == one_commit // 2
    sizes = []
    for start in range(100, 2100, 100):
        commit_rows(connection, start, 100)
        checkpoints.after_commit()
        sizes.append(log_size(path))
    checkpoints.close()
    assert max(sizes) <= 3 * one_commit, sizes  # not growing with the 20 commits
    assert log_size(path) == 0
    assert connection.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == AUTOCHECKPOINT
    assert connection.execute("PRAGMA journal_size_limit").fetchone()[0] == -1
    connection.close()
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert check.execute("SELECT count(*) FROM t").fetchone()[0] == 2100


def test_the_import_connection_makes_no_checkpoint_of_its_own(tmp_path: Path) -> None:
    """Without `after_commit` nothing copies the log into the file during the batch: the
    pages of every commit stay in the log until the batch's end empties it."""
    path = tmp_path / "city.db"
    connection = writer(path)
    checkpoints = Checkpoints(str(path), connection)
    sizes = []
    for start in range(0, 1500, 500):  # each commit over SQLite's own 1000-page threshold
        commit_rows(connection, start, 500)
        sizes.append(log_size(path))
    assert sizes[0] < sizes[1] < sizes[2]
    before = os.stat(path).st_size
    checkpoints.close()
    assert log_size(path) == 0 and os.stat(path).st_size > before
    connection.close()


def test_a_batch_of_imports_leaves_an_empty_log(city: CityDatabase, tmp_path: Path) -> None:
    branches = [FakeBranch(city, f"A-0{n}") for n in range(1, 4)]
    paths = [branch.write(tmp_path, 1, {"member": [record(f"00000000-0000-4000-8000-00000000000{n}",
                                                          1)]})
             for n, branch in enumerate(branches, start=1)]
    assert all(r.ok for r in import_packages(city, paths))
    assert log_size(Path(city.target)) == 0
    with city.engine.connect() as conn:
        assert conn.execute(text("PRAGMA wal_autocheckpoint")).scalar() == AUTOCHECKPOINT
        assert conn.execute(text("SELECT count(*) FROM city_record")).scalar() == 3
