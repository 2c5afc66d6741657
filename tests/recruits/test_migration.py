"""The 发展党员 tables come with the upgrade of the previous release's demo database, and a
track can be kept at once on the upgraded data."""

import datetime as dt
import lzma
from pathlib import Path

from sqlalchemy import inspect

from app.recruits.checks import check_tracks
from app.recruits.service import RecruitInput, add_recruit
from app.recruits.track import load_tracks
from db.database import Database
from db.migrate import BRANCH
from tests.recruits.conftest import person_id

OLD = Path(__file__).parent.parent / "data" / "previous_release_demo.db.xz"


def test_the_previous_release_upgrades_with_the_recruit_tables(tmp_path: Path) -> None:
    path = tmp_path / "branch.db"
    path.write_bytes(lzma.decompress(OLD.read_bytes()))
    with Database.open(path, lock=False) as database:
        assert BRANCH.current_heads(database.engine) == BRANCH.target_heads()
        tables = set(inspect(database.engine).get_table_names())
        assert {"recruit", "recruit_step", "recruit_person", "recruit_paper"} <= tables
        with database.session() as session:
            assert load_tracks(session) == [] and check_tracks(session) == []
            add_recruit(session, RecruitInput("林新苗", person_id(1), dt.date(2026, 3, 1)),
                        today=dt.date(2026, 11, 25))
        with database.session() as session:
            (track,) = load_tracks(session)
            assert track.next_step().code == "talk"
