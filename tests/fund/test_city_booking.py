"""Branch remittances are booked into the city fund by the import, in its transaction: once,
also when a package comes again, with the branch's later reversal, never by a dry run; a
city upgraded from before books what it holds once, then reads no branch records again."""

import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from app.city import fund as city_fund
from app.city.fund import CityEntryKind
from app.city.importer import PackageResult, import_packages
from app.city.keys import init_city
from app.city.summaries import summary
from app.demo.city import build_city_demo
from app.fund import corrections, ledger, reports
from app.fund.kinds import EntryKind
from app.progress import Cancelled, Progress
from app.sync.export import export_package
from db.audit import default_actor
from db.city.database import CityDatabase
from db.city.fund import CityFundEntry, CityFundSetting
from db.city.migrate import CITY
from db.city.models import CityBranch
from db.database import Database
from db.models import FundEntry
from tests.conftest import TODAY as DEMO_TODAY
from tests.fund.helpers import TODAY, yuan
from tests.fund.test_round_trip import submitted_application
from tests.sync.conftest import always, connect, make_branch
from tests.sync.test_demo import QUICK_STEPS

ACTOR = "工委会计"


def send(branch: Database, city: CityDatabase, stick: Path, dry_run: bool = False
         ) -> PackageResult:
    (result,) = import_packages(city, [export_package(branch, stick).path], dry_run=dry_run,
                                confirm_key=always)
    assert result.ok, result.error
    return result


def entries(city: CityDatabase) -> list[tuple]:
    with city.session() as session:
        return [(e.seq, e.kind, e.direction, e.amount, e.branch_code, e.summary) for e in
                session.scalars(select(CityFundEntry).order_by(CityFundEntry.seq))]


def remittance(branch: Database) -> FundEntry:
    with branch.session() as session:
        (found,) = session.scalars(select(FundEntry).where(
            FundEntry.kind == EntryKind.REMITTANCE))
        session.expunge(found)
    return found


@pytest.fixture
def branch(tmp_path: Path, city: CityDatabase):
    database = make_branch(tmp_path / "b.db", "FGW-01", city)
    with database.session() as session:
        submitted_application(session)  # with a remittance of 500 on 2026-07-10
    yield database
    database.close()


def test_import_books_the_remittance_once(branch: Database, city: CityDatabase,
                                          tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    first = export_package(branch, stick).path
    (result,) = import_packages(city, [first], confirm_key=always)
    booked = [(1, CityEntryKind.BRANCH_REMITTANCE, "收", yuan("500.00"), "FGW-01",
               "FGW-01上缴捐款（支部凭证第 3 号）")]
    assert entries(city) == booked
    assert not [w for w in result.warnings if "互助基金" in w]
    with city.session() as session:
        entry = session.scalars(select(CityFundEntry)).one()
        assert (entry.date, entry.source_id, entry.reference, entry.entered_by) == (
            dt.date(2026, 7, 10), remittance(branch).id, "汇款凭证 0710", default_actor())

    (again,) = import_packages(city, [first], confirm_key=always)  # the same stick again
    assert again.chain == "重复" and entries(city) == booked
    with branch.session() as session:  # the 复核 changes the remittance's version
        ledger.confirm(session, remittance(branch).id, "出纳")
    later = send(branch, city, stick)
    assert later.tables["fund_entry"]["updated"] == 1 and entries(city) == booked
    with city.session() as session:
        assert city_fund.book_remittances(session, ACTOR, TODAY) == []
    assert entries(city) == booked


def test_dry_run_books_nothing(branch: Database, city: CityDatabase, tmp_path: Path) -> None:
    result = send(branch, city, tmp_path / "stick", dry_run=True)
    assert result.tables["fund_entry"]["new"] > 0
    assert entries(city) == []
    with city.session() as session:
        assert session.scalars(select(CityFundSetting)).all() == []


def test_a_reversal_in_a_later_package_is_booked_against_the_remittance(
        branch: Database, city: CityDatabase, tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    send(branch, city, stick)
    with branch.session() as session:
        corrections.reverse(session, remittance(branch).id, TODAY, "汇款退回", TODAY)
    send(branch, city, stick)
    assert entries(city)[1:] == [(2, CityEntryKind.REVERSAL, "支", yuan("500.00"), "FGW-01",
                                  "FGW-01冲销上缴（城市凭证第 1 号）")]
    with city.session() as session:
        assert city_fund.balance(session) == 0
        lines = city_fund.ledger_lines(session, 2026)
    assert [line.note for line in lines] == ["已由第 2 号冲销", "冲销第 1 号"]


def test_a_reversal_before_its_remittance_waits_and_is_counted_when_it_comes(
        branch: Database, city: CityDatabase, tmp_path: Path) -> None:
    first = export_package(branch, tmp_path / "a").path  # kept back: the stick was lost
    with branch.session() as session:
        corrections.reverse(session, remittance(branch).id, TODAY, "汇款退回", TODAY)
    second = export_package(branch, tmp_path / "b").path
    (result,) = import_packages(city, [second], confirm_key=always)
    assert result.ok, result.error
    assert entries(city) == []
    with city.session() as session:
        assert session.get(CityFundSetting, city_fund.WAITING) is not None
        kept = summary(session, session.get(CityBranch, "FGW-01"), 2026, TODAY)["fund"]
    assert (kept["income"], kept["expense"]) == (yuan("500.00"), 0)  # the 冲销 alone
    (result,) = import_packages(city, [first], confirm_key=always)
    assert result.ok, result.error
    assert [e[1] for e in entries(city)] == [CityEntryKind.BRANCH_REMITTANCE,
                                            CityEntryKind.REVERSAL]
    with branch.session() as session:
        own = reports.year_report(session, 2026)
    with city.session() as session:
        assert session.get(CityFundSetting, city_fund.WAITING) is None
        kept = summary(session, session.get(CityBranch, "FGW-01"), 2026, TODAY)["fund"]
    assert (kept["income"], kept["expense"]) == (sum(own.income.values()),
                                                 sum(own.expense.values()))


def test_a_reversal_short_of_money_waits_and_is_reported(branch: Database, city: CityDatabase,
                                                         tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    send(branch, city, stick)
    with city.session() as session:  # the city grants the 500 away meanwhile
        city_fund.decide(session, "FGW-01-2026-001", approve=True, amount=yuan("500.00"),
                         decided_by="工委", entered_by=ACTOR, day=TODAY, today=TODAY)
    with branch.session() as session:
        corrections.reverse(session, remittance(branch).id, TODAY, "汇款退回", TODAY)
    result = send(branch, city, stick)
    (warning,) = [w for w in result.warnings if w.startswith("互助基金：")]
    short = "FGW-01冲销了已入账的上缴（第 1 号），但互助基金余额不足"
    assert short in warning
    assert len(entries(city)) == 2  # the remittance and the grant
    with city.session() as session:  # the fund's tab and reports keep saying it
        (problem,) = city_fund.book_remittances(session, ACTOR, TODAY)
        assert problem.startswith(short) and problem.endswith("本笔支出 500.00 元")
        assert city_fund.year_report(session, 2026, ACTOR, TODAY)["problems"] == [problem]
    with city.session() as session:
        city_fund.record_income(session, CityEntryKind.DUES_ALLOCATION, TODAY, yuan("600.00"),
                                ACTOR, today=TODAY)
        assert city_fund.book_remittances(session, ACTOR, TODAY) == []
    assert entries(city)[-1][1:] == (CityEntryKind.REVERSAL, "支", yuan("500.00"), "FGW-01",
                                     "FGW-01冲销上缴（城市凭证第 1 号）")
    with city.session() as session:
        assert city_fund.book_remittances(session, ACTOR, TODAY) == []
        assert session.get(CityFundSetting, city_fund.WAITING) is None
    assert len(entries(city)) == 4


def test_an_upgraded_city_books_what_it_holds_once(branch: Database, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A city whose packages were imported before the import booked remittances."""
    path = tmp_path / "old-city.db"
    city = CityDatabase.open(path)
    with city.session() as session:
        init_city(session, "中共市直属机关工作委员会")
    connect(branch, city)
    with monkeypatch.context() as patch:
        patch.setattr("app.city.importer.book_package", lambda *_a, **_k: [])
        send(branch, city, tmp_path / "stick")
    city.close()
    engine = create_engine(f"sqlite:///{path}")
    CITY.downgrade_to(engine, "0003_city_store")
    with engine.begin() as conn:
        assert conn.scalar(text("SELECT count(*) FROM city_fund_entry")) == 0
    engine.dispose()

    with CityDatabase.open(path) as upgraded:
        with upgraded.session() as session:
            assert city_fund.remittances_to_book(session)
            steps: list[str] = []
            problems = city_fund.book_remittances(
                session, ACTOR, TODAY, Progress(lambda _d, _t, label: steps.append(label)))
            assert problems == [] and steps[-1] == "完成"
            assert not city_fund.remittances_to_book(session)
        assert [e[1:4] for e in entries(upgraded)] == [
            (CityEntryKind.BRANCH_REMITTANCE, "收", yuan("500.00"))]
        # Booked once: no branch record is read again.
        records = city_fund._records
        monkeypatch.setattr(city_fund, "_records", lambda session, table: pytest.fail(
            "read again") if table == "fund_entry" else records(session, table))
        with upgraded.session() as session:
            assert city_fund.book_remittances(session, ACTOR, TODAY) == []
            city_fund.year_report(session, 2026, ACTOR, TODAY)
        assert len(entries(upgraded)) == 1


def test_a_new_city_has_nothing_to_book_after_the_upgrade(city: CityDatabase) -> None:
    with city.session() as session:
        assert not city_fund.remittances_to_book(session)


def _booked_ledger(session: Session) -> tuple[set[tuple], dict[str, list[str]]]:
    """The ledger's entries in terms that do not depend on when they were booked nor on the
    demo's random ids (a city 凭证号 becomes the summary of its entry, which names the
    branch's 凭证号), and each branch's entries in 凭证号 order."""
    rows = session.scalars(select(CityFundEntry).order_by(CityFundEntry.seq)).all()
    by_seq = {e.seq: e.summary for e in rows}
    by_id = {e.id: e for e in rows}

    def named(summary: str) -> str:
        return re.sub(r"城市凭证第 (\d+) 号", lambda m: by_seq[int(m.group(1))], summary)

    found = {(e.date, e.kind, e.direction, e.amount, e.branch_code, e.source_id is not None,
              named(by_id[e.reverses_id].summary) if e.reverses_id else None, e.reference,
              named(e.summary)) for e in rows}
    order: dict[str, list[str]] = {}
    for entry in rows:
        if entry.branch_code:
            order.setdefault(entry.branch_code, []).append(named(entry.summary))
    return found, order


def test_the_demo_city_ledger_is_the_one_booking_after_import_gave(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two demo cities: one books at import, the other as before (every remittance at once
    after all imports, when the fund was next looked at)."""
    monkeypatch.setattr("app.demo.city.STEPS", QUICK_STEPS)
    ledgers = []
    for name, at_import in (("now.db", True), ("before.db", False)):
        with monkeypatch.context() as patch:
            if not at_import:
                patch.setattr("app.city.importer.book_package", lambda *_a, **_k: [])
                patch.setattr(city_fund, "remittances_to_book", lambda _s: True)
            with CityDatabase.open(tmp_path / name) as city:
                build_city_demo(city, 2, today=DEMO_TODAY, seed=7)
                with city.session() as session:
                    ledgers.append(_booked_ledger(session))
                    remitted = session.scalar(select(func.count()).where(
                        CityFundEntry.kind == CityEntryKind.BRANCH_REMITTANCE))
    assert remitted > 10
    assert ledgers[0] == ledgers[1]


def upgraded_city(tmp_path: Path, branches: dict[str, Database]) -> Path:
    """A city holding these branches' packages (each branch's fund entries as they stand)
    imported before the import booked remittances: as migration 0004 leaves it."""
    path = tmp_path / "old-city.db"
    for code, branch in branches.items():
        stick = tmp_path / f"stick-{code}"
        with CityDatabase.open(path) as city, pytest.MonkeyPatch.context() as patch:
            patch.setattr("app.city.importer.book_package", lambda *_a, **_k: [])
            send(branch, city, stick)
    with CityDatabase.open(path) as city, city.session() as session:
        session.add(CityFundSetting(key=city_fund.TO_BOOK, value=True))
    return path


def test_a_cancelled_booking_after_the_upgrade_keeps_whole_branches_and_goes_on_later(
        tmp_path: Path) -> None:
    """取消 stops between two branches: the first branch's remittance and its reversal are
    booked and kept, nothing of the second; the next reading books the second."""
    path = tmp_path / "old-city.db"
    with CityDatabase.open(path) as city, city.session() as session:
        init_city(session, "中共市直属机关工作委员会")
    with CityDatabase.open(path) as city:
        branches = {code: make_branch(tmp_path / f"{code}.db", code, city)
                    for code in ("FGW-01", "FGW-02")}
    for branch in branches.values():
        with branch.session() as session:
            submitted_application(session)
    with branches["FGW-01"].session() as session:
        corrections.reverse(session, remittance(branches["FGW-01"]).id, TODAY, "汇款退回",
                            TODAY)
    upgraded_city(tmp_path, branches)

    labels: list[str] = []
    with CityDatabase.open(path) as city:
        with pytest.raises(Cancelled), city.session() as session:
            city_fund.book_remittances(session, ACTOR, TODAY, Progress(
                lambda _d, _t, label: labels.append(label),
                lambda: labels.count("正在把各支部上缴记入基金账目…") == 1))
        assert [e[1:5] for e in entries(city)] == [
            (CityEntryKind.BRANCH_REMITTANCE, "收", yuan("500.00"), "FGW-01"),
            (CityEntryKind.REVERSAL, "支", yuan("500.00"), "FGW-01")]
        with city.session() as session:
            assert city_fund.remittances_to_book(session)
            assert city_fund.balance(session) == 0

            assert city_fund.book_remittances(session, ACTOR, TODAY) == []
            assert not city_fund.remittances_to_book(session)
        assert [e[1:5] for e in entries(city)] == [
            (CityEntryKind.BRANCH_REMITTANCE, "收", yuan("500.00"), "FGW-01"),
            (CityEntryKind.REVERSAL, "支", yuan("500.00"), "FGW-01"),
            (CityEntryKind.BRANCH_REMITTANCE, "收", yuan("500.00"), "FGW-02")]
        with city.session() as session:
            assert city_fund.balance(session) == yuan("500.00")
            assert city_fund.book_remittances(session, ACTOR, TODAY) == []
        assert len(entries(city)) == 3  # booked once
    for branch in branches.values():
        branch.close()
