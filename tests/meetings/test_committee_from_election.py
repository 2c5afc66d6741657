"""The committee's term (app/meetings/committee.py): 设置 → 支部信息 takes the committee over
from the latest 换届, and 首页 reminds before the term ends."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.branch import get_profile
from app.home import reminders
from app.meetings.committee import (
    committee_from,
    is_committee_election,
    latest_elected_committee,
    term_reminders,
)
from db.database import Database
from tests.conftest import TODAY
from ui.context import AppContext
from ui.settings.profile import ProfileSection


def test_re_elected_keep_their_post_and_newcomers_are_members() -> None:
    current = [{"post": "书记", "name": "王一"}, {"post": "组织委员", "name": "李二"},
               {"post": "宣传委员", "name": "张三"}]

    assert committee_from(["赵四", "张三", "王一"], current) == [
        {"post": "书记", "name": "王一"}, {"post": "宣传委员", "name": "张三"},
        {"post": "委员", "name": "赵四"}]


@pytest.mark.parametrize(("title", "counts"), [
    ("选举产生新一届支部委员会", True),
    ("支委会换届选举", True),
    ("选举出席市直机关第五次党代会代表", False),
    ("选举支部书记", False),
])
def test_which_elections_choose_the_committee(title: str, counts: bool) -> None:
    assert is_committee_election(title) is counts


def test_the_demo_branch_committee_is_the_one_its_last_election_chose(
        demo_database: Database) -> None:
    with demo_database.session() as session:
        elected = latest_elected_committee(session)
        profile = get_profile(session)

    assert elected is not None and elected.day.year < TODAY.year
    assert sorted(elected.names) == sorted(c["name"] for c in profile.committee)


def test_settings_fills_the_committee_from_the_election(qtbot, demo_database: Database) -> None:
    section = ProfileSection(AppContext(demo_database))
    qtbot.addWidget(section)
    section.show()
    with demo_database.session() as session:
        elected = latest_elected_committee(session)
        before = get_profile(session).committee
    section.form.committee.set_value([{"post": "书记", "name": before[0]["name"]},
                                      {"post": "委员", "name": "已调离的同志"}])
    section.form.term_start.set_date(None)

    qtbot.mouseClick(section.elected_button, Qt.MouseButton.LeftButton)

    shown = section.form.committee.value()
    assert sorted(c["name"] for c in shown) == sorted(elected.names)
    assert shown[0] == {"post": "书记", "name": before[0]["name"]}  # re-elected keeps the post
    assert section.form.term_start.date() == elected.day
    assert "请核对" in section.status.text() and section.save_button.isEnabled()
    with demo_database.session() as session:  # nothing saved until 保存
        assert get_profile(session).committee == before


def test_without_an_election_the_user_is_told(qtbot, app_context, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information",
                        staticmethod(lambda _parent, _title, text, *_a: shown.append(text)))
    section = ProfileSection(app_context)
    qtbot.addWidget(section)

    qtbot.mouseClick(section.elected_button, Qt.MouseButton.LeftButton)

    assert shown and "没有找到" in shown[0]
    assert not section.save_button.isEnabled()


def _set_term(database: Database, start: dt.date) -> None:
    with database.session() as session:
        get_profile(session).term_start = start


def test_no_reminder_mid_term_and_after_an_up_to_date_election(demo_database: Database) -> None:
    with demo_database.session() as session:
        assert term_reminders(session, TODAY) == []
        assert [r.page for r in reminders(session, TODAY)].count("设置") == 0


def test_the_end_of_the_term_is_announced_then_warned(demo_database: Database) -> None:
    with demo_database.session() as session:
        elected = latest_elected_committee(session)
    _set_term(demo_database, elected.day)  # as the profile holds it after the election
    end = elected.day.replace(year=elected.day.year + 3)
    with demo_database.session() as session:
        assert term_reminders(session, end - dt.timedelta(days=91)) == []
        (soon,) = term_reminders(session, end - dt.timedelta(days=30))
        (late,) = term_reminders(session, end + dt.timedelta(days=1))
    assert soon.level == "注意" and "还有30天" in soon.text and soon.page == "会议"
    assert late.level == "警告" and "已于" in late.text and "换届" in late.text


def test_a_newer_election_asks_to_update_the_profile(demo_database: Database) -> None:
    with demo_database.session() as session:
        elected = latest_elected_committee(session)
    _set_term(demo_database, elected.day - dt.timedelta(days=3 * 365))  # profile not updated

    with demo_database.session() as session:
        (reminder,) = term_reminders(session, TODAY)
        assert reminder in reminders(session, TODAY)
    assert reminder.page == "设置" and "按最近一次换届选举填入" in reminder.text
