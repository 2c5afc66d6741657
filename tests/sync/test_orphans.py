"""No orphan packages: an export killed at any step leaves no package the branch has not
recorded, and no number is ever used twice (the city never sees 分叉)."""

import datetime as dt
import hashlib
import itertools
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select

from app.city.importer import import_packages
from app.members.service import MemberInput
from app.members.service import add_member as add
from app.profile import ProfileInput, save_profile
from app.sync.export import export_package
from app.sync.pending import FOLDER, resolve_interrupted
from db.city.database import CityDatabase
from db.database import Database
from db.models import SyncExport
from tests.roster_sheets import make_id
from tests.sync.conftest import always, connect

#: Where the export is killed (os._exit, like kill -9: no clean-up runs), as code run in the
#: child before the export starts.
STEPS = {
    "before write": "import app.sync.export as m; m.write_safely = die",
    # The intent note is written the same way, beside the database: only the stick counts.
    "after fsync": textwrap.dedent("""\
        import app.files as m
        replace = m.os.replace
        m.os.replace = lambda a, b: die() if Path(b).parent.name == "stick" else replace(a, b)
        """),
    "after rename": textwrap.dedent("""\
        import app.files as m
        sync = m.fsync_folder
        m.fsync_folder = lambda folder: die() if folder.name == "stick" else sync(folder)
        """),
    "before commit": textwrap.dedent("""\
        import app.sync.export as m
        remember = m.remember_versions
        def last_step(*args):
            remember(*args)
            die()
        m.remember_versions = last_step"""),
}
CHILD = """\
import os, sys
from pathlib import Path
def die(*_args, **_kwargs):
    os._exit(9)
{inject}
from app.sync.export import export_package
from db.database import Database
database = Database.open(Path(sys.argv[1]), create=False)
export_package(database, Path(sys.argv[2]))
"""


def add_member(database: Database, seq: int) -> None:
    with database.session() as session:
        add(session, MemberInput(name=f"党员{seq}", id_number=make_id("19800101", f"{seq:03d}"),
                                 category="预备党员", join_date=dt.date(2026, 7, 1)))


def killed_export(path: Path, stick: Path, step: str) -> None:
    child = CHILD.format(inject=STEPS[step])
    result = subprocess.run([sys.executable, "-c", child, str(path), str(stick)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 9, result.stderr


def check_stick(database: Database, stick: Path) -> list[SyncExport]:
    """Every package on the stick is recorded with its hash; numbers unique and chained."""
    with database.session() as session:
        rows = list(session.scalars(select(SyncExport).order_by(SyncExport.seq)))
    files = sorted(stick.glob("*.bdsync"))
    by_name = {row.file_name: row for row in rows}
    for file in files:
        assert file.name in by_name, f"{file.name} 未记录"
        assert hashlib.sha256(file.read_bytes()).hexdigest() == by_name[file.name].sha256
    assert [row.seq for row in rows] == list(range(1, len(rows) + 1))
    for before, after in itertools.pairwise(rows):
        assert after.previous_sha256 == before.sha256
    assert list(stick.glob("*.part")) == []
    return rows


@pytest.fixture
def branch(tmp_path: Path, city: CityDatabase) -> Path:
    path = tmp_path / "branch.db"
    with Database.open(path) as database:
        database.actor = "测试"
        with database.session() as session:
            save_profile(session, ProfileInput(name="中共测试单位T-01党支部", code="T-01"))
        connect(database, city)
        add_member(database, 1)
        export_package(database, tmp_path / "stick")  # number 1 went out normally
        add_member(database, 2)
    return path


@pytest.mark.parametrize("step", list(STEPS))
def test_killed_export_leaves_no_orphan_and_no_reused_number(
        branch: Path, tmp_path: Path, city: CityDatabase, step: str) -> None:
    stick = tmp_path / "stick"
    killed_export(branch, stick, step)
    renamed = step in ("after rename", "before commit")
    assert (stick / "T-01-000002.bdsync").exists() == renamed
    with Database.open(branch, create=False) as database:
        recorded = resolve_interrupted(database)  # what the next start does
        assert [i.seq for i in recorded] == ([2] if renamed else [])
        check_stick(database, stick)
        add_member(database, 3)
        result = export_package(database, stick)
        assert result.seq == (3 if renamed else 2)
        rows = check_stick(database, stick)
    assert not any((branch.parent / FOLDER).glob("*.json"))
    assert len(rows) == len(list(stick.glob("*.bdsync")))
    outcomes = import_packages(city, sorted(stick.glob("*.bdsync")), confirm_key=always)
    assert [r.chain for r in outcomes] == ["首个", "正常"] + (["正常"] if renamed else [])


def test_the_next_export_settles_a_kill_without_a_start(branch: Path, tmp_path: Path,
                                                        city: CityDatabase) -> None:
    stick = tmp_path / "stick"
    killed_export(branch, stick, "after rename")
    with Database.open(branch, create=False) as database:
        add_member(database, 3)
        assert export_package(database, stick).seq == 3
        check_stick(database, stick)
    outcomes = import_packages(city, sorted(stick.glob("*.bdsync")), confirm_key=always)
    assert [r.chain for r in outcomes] == ["首个", "正常", "正常"]


def test_a_file_that_does_not_match_its_note_is_removed(branch: Path, tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    killed_export(branch, stick, "after rename")
    orphan = stick / "T-01-000002.bdsync"
    orphan.write_bytes(orphan.read_bytes()[:100])  # cut short on the way
    with Database.open(branch, create=False) as database:
        assert resolve_interrupted(database) == []
        assert not orphan.exists()
        assert export_package(database, stick).seq == 2
        check_stick(database, stick)


def test_unreachable_target_waits_at_start_and_is_recorded_at_export(
        branch: Path, tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    killed_export(branch, stick, "after rename")
    moved = tmp_path / "stick-elsewhere"
    stick.rename(moved)  # the stick was pulled out
    with Database.open(branch, create=False) as database:
        assert resolve_interrupted(database) == []
        assert list((branch.parent / FOLDER).glob("*.json"))  # still waiting
        other = tmp_path / "other-stick"
        add_member(database, 3)
        assert export_package(database, other).seq == 3  # number 2 is never given again
    assert not list((branch.parent / FOLDER).glob("*.json"))
