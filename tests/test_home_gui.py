"""首页 in the real branch window: the first steps of a new branch, the dashboard of the demo
branch checked against its database, and where its cells, cards and groups lead."""

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton
from sqlalchemy import func, select

from app.cli import main
from app.home import reminders
from app.members.rules import probation_end
from app.members.service import list_members
from db.database import Database
from db.models import DuesPayment, FundEntry, Meeting, MeetingTypeLink, PartyGroup, SyncExport
from ui.home.page import HomePage
from ui.main_window import MainWindow

TODAY = dt.date(2026, 11, 25)  # the demo branch's day (tests/conftest.py)
SET_UP = dt.date(2026, 11, 18)  # the new branch's set-up day, and "today" when it opens
GRID = ("支部党员大会", "支部委员会", "党小组会", "党课", "主题党日")
QUARTERLY = ("支部党员大会", "党课")


@pytest.fixture
def open_window(qtbot, tmp_path: Path) -> Iterator[Callable[..., MainWindow]]:
    """The branch window on a database file; window sizes are remembered under tmp_path."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "config"))

    def open_(path: Path, today: dt.date | None = None) -> MainWindow:
        window = MainWindow()
        qtbot.addWidget(window)
        window.show()
        assert window.open_database(path)
        if today is not None:
            home(window).set_today(lambda: today)
        qtbot.waitUntil(window.is_ready)
        return window

    yield open_


def home(window: MainWindow) -> HomePage:
    page = window.page("首页")
    assert isinstance(page, HomePage)
    return page


def current_title(window: MainWindow) -> str:
    return window.sidebar.currentItem().text()


def visible_texts(widget) -> str:
    found = [*widget.findChildren(QLabel), *widget.findChildren(QPushButton)]
    return "\n".join(w.text() for w in found if w.isVisibleTo(widget))


@pytest.fixture
def new_branch(tmp_path: Path) -> Path:
    path = tmp_path / "new.db"
    assert main(["--db", str(path), "init", "--name", "中共测试局机关第一党支部", "--code", "T-01",
                 "--secretary", "张三", "--group", "第一党小组", "--group", "第二党小组",
                 "--start-date", f"{SET_UP}"]) == 0
    return path


@pytest.fixture
def demo_path(tmp_path: Path, _demo_template: Path) -> Path:
    path = tmp_path / "demo.db"
    shutil.copyfile(_demo_template, path)
    return path


def test_a_new_branch_opens_with_first_steps_and_no_warning(qtbot, open_window,
                                                            new_branch: Path) -> None:
    window = open_window(new_branch, SET_UP)
    page = home(window)
    assert current_title(window) == "首页"
    assert page.start_panel.isVisible()
    texts = visible_texts(page)
    assert "【注意】" not in texts and "【警告】" not in texts and "【提醒】" not in texts
    # A label added to a shown page is shown by a queued event.
    qtbot.waitUntil(page.findChild(QLabel, "no-reminders").isVisible)
    assert not page.group_buttons
    # Periods begun before the set-up day are not checked; December is still to come.
    assert page.cells
    for (meeting_type, month), button in page.cells.items():
        assert button.text() == ("" if month == 12 else "—"), (meeting_type, month)
    assert "启用日期：2026年11月18日" in page.summary.text()
    # 会议 → 按期检查 says the same.
    window.go_to("会议")
    meetings = window.page("会议")
    meetings.set_today(lambda: SET_UP)
    meetings.tabs.setCurrentWidget(meetings.compliance)
    view = meetings.compliance
    assert view.summary.text() == "本年度还没有要检查的期间（启用日期以前的不检查）。"
    assert view.talks.text() == "谈心谈话：该年度开始于启用日期之前，不作检查。"


def test_first_steps_open_the_existing_flows(qtbot, open_window, new_branch: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(new_branch, SET_UP)
    page = home(window)
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda _parent, title, *_a, **_k: (asked.append(title), ("", ""))[1])

    qtbot.mouseClick(page.findChild(QPushButton, "start-导入名册"), Qt.MouseButton.LeftButton)
    assert current_title(window) == "党员" and asked == ["选择要导入的党员名册"]

    window.go_to("首页")
    qtbot.mouseClick(page.findChild(QPushButton, "start-新增党员"), Qt.MouseButton.LeftButton)
    assert current_title(window) == "党员"
    from ui.dialogs.member_form import MemberForm

    form = window.page("党员").findChild(MemberForm)
    assert form is not None and form.isVisible()
    form.reject()

    window.go_to("首页")
    qtbot.mouseClick(page.findChild(QPushButton, "start-党费设置"), Qt.MouseButton.LeftButton)
    settings = window.page("设置")
    assert current_title(window) == "设置"
    box = settings.boxes["党费"]
    qtbot.waitUntil(lambda: box.visibleRegion().boundingRect().top() == 0)

    window.go_to("首页")
    qtbot.mouseClick(page.findChild(QPushButton, "start-导入工委公钥"), Qt.MouseButton.LeftButton)
    assert current_title(window) == "同步" and asked[-1] == "选择工委公钥文件"


def test_the_panel_goes_once_there_are_members(qtbot, open_window, demo_path: Path) -> None:
    window = open_window(demo_path, TODAY)
    assert not home(window).start_panel.isVisible()


def _meetings(session, meeting_type: str, start: dt.date, end: dt.date) -> list[tuple[str, str]]:
    """(meeting id, group id) of that type held in the period, read straight from the tables."""
    return list(session.execute(
        select(Meeting.id, Meeting.group_id).join(MeetingTypeLink,
                                                  MeetingTypeLink.meeting_id == Meeting.id)
        .where(MeetingTypeLink.type == meeting_type, Meeting.deleted_at.is_(None),
               MeetingTypeLink.deleted_at.is_(None), Meeting.date.between(start, end))
        .order_by(Meeting.date)).all())


def _period(meeting_type: str, month: int) -> tuple[dt.date, dt.date]:
    last = month + 2 if meeting_type in QUARTERLY else month
    end = dt.date(2026 + last // 12, last % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date(2026, month, 1), end


def test_the_demo_dashboard_matches_the_database(qtbot, open_window, demo_path: Path) -> None:
    window = open_window(demo_path, TODAY)
    page = home(window)
    with Database.open(demo_path, lock=False) as database, database.session() as session:
        groups = session.scalar(select(func.count()).select_from(PartyGroup)
                                .where(PartyGroup.deleted_at.is_(None)))
        for meeting_type in GRID:
            months = range(1, 13, 3) if meeting_type in QUARTERLY else range(1, 13)
            for month in months:
                start, end = _period(meeting_type, month)
                held = _meetings(session, meeting_type, start, end)
                button = page.cells[(meeting_type, month)]
                if meeting_type == "党小组会":
                    met = len({group for _id, group in held})
                    expected = f"{met}/{groups}" if start <= TODAY or met else ""
                elif held:
                    expected = "已开"
                else:
                    expected = "未开" if end < TODAY else "待开" if start <= TODAY else ""
                assert button.text() == expected, (meeting_type, month)
        paid = session.scalar(select(func.sum(DuesPayment.amount)).where(
            DuesPayment.deleted_at.is_(None), DuesPayment.month.between(
                dt.date(2026, 1, 1), dt.date(2026, 12, 1))))
        fund = sum((e.amount if e.direction == "收" else -e.amount
                    for e in session.scalars(select(FundEntry).where(
                        FundEntry.deleted_at.is_(None)))), Decimal(0))
        last = session.scalars(select(SyncExport).where(SyncExport.kind != "恢复")
                               .order_by(SyncExport.seq.desc())).first()
        members = list_members(session, on=TODAY)
        ends = sorted(e for m in members if (e := probation_end(m)))
        found = reminders(session, TODAY)
    cards = page.card_buttons
    assert f"已交 {paid:,.2f} 元" in cards["党费"].text()
    assert f"{fund:,.2f} 元" in cards["互助金"].text()
    assert f"第{last.seq}号" in cards["交工委"].text()
    confirmed = "工委已确认" if last.acknowledged_at else "工委尚未确认"
    assert confirmed in cards["交工委"].text()
    assert f"{ends[0].year}年{ends[0].month}月{ends[0].day}日" in cards["转正"].text()
    assert "2028年3月15日" in cards["换届"].text()  # the demo's term began 2025-03-15
    counts: dict[str, int] = {}
    for reminder in found:
        counts[reminder.page] = counts.get(reminder.page, 0) + 1
    assert {p: b.text().split("：")[1].split(" 项")[0] for p, b in page.group_buttons.items()} \
        == {p: str(n) for p, n in counts.items()}


def test_a_cell_opens_its_meetings(qtbot, open_window, demo_path: Path) -> None:
    window = open_window(demo_path, TODAY)
    page = home(window)
    cell = next(c for row in page.board.grid if row.meeting_type == "支部委员会"
                for c in row.cells if c.meeting_ids)
    qtbot.mouseClick(page.cells[("支部委员会", cell.first_month)], Qt.MouseButton.LeftButton)
    meetings = window.page("会议")
    assert current_title(window) == "会议"
    listing = meetings.list
    assert (listing.year.currentText(), listing.type.currentText()) == ("2026", "支部委员会")
    assert listing.current_id() == cell.meeting_ids[0]
    assert listing.rows and all("支部委员会" in row.types for row in listing.rows)


def test_a_reminder_group_opens_its_page(qtbot, open_window, demo_path: Path) -> None:
    window = open_window(demo_path, TODAY)
    page = home(window)
    assert {"会议", "党费"} <= set(page.group_buttons)
    qtbot.mouseClick(page.group_buttons["党费"], Qt.MouseButton.LeftButton)
    assert current_title(window) == "党费"
    window.go_to("首页")
    qtbot.mouseClick(page.card_buttons["交工委"], Qt.MouseButton.LeftButton)
    assert current_title(window) == "同步"


def test_an_earlier_start_date_set_in_settings_brings_the_reminders(
        qtbot, open_window, new_branch: Path) -> None:
    window = open_window(new_branch, SET_UP)
    page = home(window)
    window.go_to("设置")
    section = window.page("设置").sections["支部信息"]
    form = section.form
    assert form.started_on.date() == SET_UP
    assert not form.earliest.isVisibleTo(section)  # no records yet
    form.started_on.edit.setText("2026-01-01")
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    assert section.status.text() == "已保存。"
    window.go_to("首页")
    qtbot.waitUntil(page.is_filled)
    assert page.cells[("支部委员会", 1)].text() == "未开"
    assert page.cells[("支部委员会", 11)].text() == "待开"
    assert "1月支委会未召开" in page.group_buttons["会议"].toolTip()
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    window.go_to("设置")
    form.started_on.edit.setText(f"{tomorrow:%Y-%m-%d}")
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    assert form.basics.message("started_on") == "启用日期不能晚于今天"
    # The refused date is still typed in: 设置 counts it as unsaved until a good one is saved.
    settings = window.page("设置")
    assert settings.unsaved_sections() == ["支部信息"]
    form.started_on.edit.setText("2026-01-01")
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    assert settings.unsaved_sections() == []


def test_a_committee_meeting_without_quorum_shows_on_the_grid(qtbot, open_window,
                                                              demo_path: Path) -> None:
    """支部工作条例第十二条: a month whose only 支委会 had not more than half of its 委员 present
    shows 不足 on 首页 (the legend says 不足法定人数), not 已开."""
    with Database.open(demo_path, lock=False) as database, database.session() as session:
        meetings = list(session.scalars(
            select(Meeting).join(MeetingTypeLink, MeetingTypeLink.meeting_id == Meeting.id)
            .where(MeetingTypeLink.type == "支部委员会", Meeting.deleted_at.is_(None),
                   Meeting.date.between(dt.date(2026, 1, 1), dt.date(2026, 10, 31)))
            .order_by(Meeting.date)))
        by_month: dict[int, list[Meeting]] = {}
        for meeting in meetings:
            by_month.setdefault(meeting.date.month, []).append(meeting)
        month, (only,) = next((m, found) for m, found in by_month.items() if len(found) == 1)
        committee = [a for a in only.attendance if a.committee and a.deleted_at is None]
        for row in committee[1:]:
            row.status, row.reason = "请假", "出差"
    window = open_window(demo_path, TODAY)
    page = home(window)
    assert page.cells[("支部委员会", month)].text() == "不足"
    assert "不足法定人数" in visible_texts(page)
