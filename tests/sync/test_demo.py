"""The demo's sync history with the demo city, and `branchdesk demo --city`."""

import datetime as dt
import random
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.city.fund import applications, balance
from app.city.overview import branch_rows
from app.city.report import year_report
from app.city.summaries import RULES_VERSION, refresh, stale
from app.cli import main
from app.demo import STEPS, meetings
from app.demo.city import BRANCHES, build_city_demo
from app.demo.sync import demo_city_keys, export_days
from app.progress import Progress
from app.sync.export import export_package
from app.sync.records import synced_tables
from app.sync.status import history, sync_status
from base.errors import UserError
from db.city.database import CityDatabase
from db.city.models import CityPackage, CitySummary
from db.database import Database
from db.models import Meeting, SyncInbox
from tests.conftest import TODAY
from tests.sync.helpers import reference_report, report_json


def test_demo_branch_has_synced_every_quarter(demo_database: Database,
                                              tmp_path: Path) -> None:
    with demo_database.session() as session:
        status = sync_status(session)
        exports = history(session)[::-1]
        total = sum(session.scalar(select(func.count()).select_from(t)) for t in synced_tables())
        notices = session.scalars(select(SyncInbox)).all()
        recent = session.scalar(select(func.count()).select_from(Meeting).where(
            Meeting.date > exports[-1].created_at.date()))
    schedule = export_days(random.Random(0), TODAY)
    assert [e.seq for e in exports] == list(range(1, len(schedule) + 1))
    assert [e.created_at.date().month for e in exports] == [d.month for d in schedule]
    assert status["city"]["fingerprint"] == demo_city_keys().public.fingerprint
    assert status["unacknowledged"] == [exports[-1].seq]
    assert all(e.acknowledged_at > e.created_at for e in exports[:-1])
    # Every record went out exactly once, quarter by quarter; what came since waits.
    assert exports[0].record_count > 5 * exports[1].record_count > 0
    pending = status["pending_changes"]
    assert sum(e.record_count for e in exports) + sum(pending.values()) == total
    assert pending["meeting"] == recent > 0
    assert notices and all(n.status == "已处理" and n.read_at for n in notices)
    following = export_package(demo_database, tmp_path)
    assert following.seq == exports[-1].seq + 1
    assert following.record_count == sum(pending.values())


@pytest.fixture(scope="module")
def city_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two demo branches (without their ten years of meetings, to keep the test fast)."""
    path = tmp_path_factory.mktemp("city") / "city.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("app.demo.city.STEPS", QUICK_STEPS)
        with CityDatabase.open(path) as city:
            build_city_demo(city, 2, today=TODAY, seed=7)
    return path


QUICK_STEPS = tuple(s for s in STEPS if s[1] is not meetings.populate)


def _rows(path: Path) -> list[dict]:
    with CityDatabase.open(path) as city, city.session() as session:
        return branch_rows(session)


def test_city_demo_imports_its_branches(city_demo: Path) -> None:
    rows = _rows(city_demo)
    quarters = len(export_days(random.Random(0), TODAY))
    codes = sorted(b.code for b in BRANCHES[:2])
    assert [r["code"] for r in rows] == codes
    assert all(r["last_seq"] == r["packages"] == quarters and not r["missing"]
               and r["records"] > 1000 for r in rows)
    with CityDatabase.open(city_demo) as city, city.session() as session:
        report = year_report(session, TODAY.year - 1, today=TODAY)
        assert sorted(b["code"] for b in report["branches"]) == codes
        assert all(b["dues"]["collected"] > 0 for b in report["branches"])
        assert balance(session) > 0
        waiting = applications(session, waiting_only=True)  # sent up, not yet decided
        assert sorted(a.branch_code for a in waiting) == codes
        first = session.scalar(select(func.min(CityPackage.imported_at)))
        assert first.date() < dt.date(TODAY.year - 2, 2, 1)
        with pytest.raises(UserError, match="已有数据"):
            build_city_demo(city, 2, today=TODAY)


def test_city_demo_cli(city_demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("app.demo.city.STEPS", QUICK_STEPS)
    target = tmp_path / "city.db"
    assert main(["--db", str(target), "demo", "--city", "--branches", "1", "--today",
                 TODAY.isoformat()]) == 0
    out = capsys.readouterr().out
    assert f"支部 1/1（{BRANCHES[0].name}）：三年与工委同步" in out and "1 个支部" in out
    same = [r for r in _rows(city_demo) if r["code"] == BRANCHES[0].code]
    assert _rows(target) == same  # the same branch for the same seed
    assert main(["--db", str(target), "demo", "--city"]) == 1
    assert "已有数据" in capsys.readouterr().err
    assert main(["--db", str(tmp_path / "x.db"), "demo", "--city", "--branches", "99"]) == 1
    assert "1 到 8 个" in capsys.readouterr().err
    assert main(["--db", str(tmp_path / "y.db"), "demo", "--branches", "2"]) == 1
    assert "--city" in capsys.readouterr().err


def test_kept_summaries_give_the_report_of_the_branch_rules(city_demo: Path) -> None:
    with CityDatabase.open(city_demo) as city, city.session() as session:
        kept = session.scalars(select(CitySummary)).all()
        assert {s.year for s in kept} >= {TODAY.year - 1, TODAY.year}  # computed at import
        for year, today in ((TODAY.year - 1, TODAY), (TODAY.year, TODAY),
                            (TODAY.year, TODAY.replace(day=1))):
            assert not [b for b in stale(session, year, today) if year < TODAY.year]
            assert report_json(year_report(session, year, today)) == report_json(
                reference_report(session, year, today))


def test_a_lost_store_is_rebuilt_and_a_new_rules_version_recomputes(
        city_demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "city.db"
    shutil.copyfile(city_demo, copy)
    year = TODAY.year - 1
    with CityDatabase.open(copy) as city, city.session() as session:
        expected = report_json(reference_report(session, year, TODAY))
        assert not stale(session, year, TODAY)
        monkeypatch.setattr("app.city.summaries.RULES_VERSION", RULES_VERSION + 1)
        assert len(stale(session, year, TODAY)) == 2
        steps: list[int] = []
        assert refresh(session, year, TODAY, Progress(lambda d, _t, _l: steps.append(d))) == 2
        assert steps == [0, 1, 2] and not stale(session, year, TODAY)
        assert report_json(year_report(session, year, TODAY)) == expected
    with CityDatabase.open(copy) as city, city.session() as session:
        monkeypatch.setattr("app.city.summaries.RULES_VERSION", RULES_VERSION + 2)
        shutil.rmtree(tmp_path / "city-branches")  # the stores are rebuilt from the JSON
        assert report_json(year_report(session, year, TODAY)) == expected
        assert (tmp_path / "city-branches").is_dir()
