"""第一议题: which meetings need one, what is refused, the check, reminders, minutes, book,
the 学习篇目 list and the city's recommendations arriving through a return-file message."""

import datetime as dt
import json

import pytest
from sqlalchemy.orm import Session

from app.cli import main
from app.meetings.detail import get_meeting_detail
from app.meetings.first_topic import check_first_topics, save_required_types, studied
from app.meetings.reminders import meeting_reminders
from app.meetings.service import AgendaInput, MeetingInput, meeting_input, save_meeting
from app.meetings.study_texts import (
    CITY,
    StudyTextInput,
    add_study_text,
    apply_recommendation,
    list_study_texts,
)
from app.meetings.text import minutes_text
from base.errors import UserError, ValidationError
from db.database import Database
from tests import pdfcheck
from tests.meetings.conftest import Branch, general_meeting, make_branch

TODAY = dt.date(2026, 11, 25)
XI = AgendaInput("习近平总书记在中央机关和国家机关党的建设工作会议上的重要讲话",
                 first_topic=True, study_source="求是", study_date=dt.date(2019, 7, 9),
                 study_form="领学")


def meeting(session: Session, day: dt.date, *types: str, agenda: list[AgendaInput] | None = None
            ) -> str:
    return save_meeting(session, MeetingInput(types=list(types), date=day, agenda=agenda or []),
                        today=TODAY).id


def test_committee_and_general_meetings_need_one_by_default(session: Session,
                                                            branch: Branch) -> None:
    with_topic = meeting(session, dt.date(2026, 3, 5), "支部委员会", agenda=[XI])
    lacking = meeting(session, dt.date(2026, 4, 2), "支部党员大会", "主题党日",
                      agenda=[AgendaInput("讨论发展党员")])
    meeting(session, dt.date(2026, 4, 9), "党课", "主题党日")  # not required
    check = check_first_topics(session, 2026)
    assert (check.required, check.with_topic) == (2, 1)
    assert [gap.meeting_id for gap in check.missing] == [lacking]
    assert check.missing[0].text == "4月2日第1次支部党员大会暨第1次主题党日未安排第一议题"
    assert with_topic not in [gap.meeting_id for gap in check.missing]


def test_the_setting_decides_which_types_need_one(session: Session, branch: Branch) -> None:
    meeting(session, dt.date(2026, 3, 5), "支部委员会")
    lecture = meeting(session, dt.date(2026, 3, 20), "党课")
    save_required_types(session, ["党课"])
    assert [gap.meeting_id for gap in check_first_topics(session, 2026).missing] == [lecture]
    with pytest.raises(ValidationError, match="未知的会议类型"):
        save_required_types(session, ["茶话会"])


def test_only_the_first_item_can_be_the_first_topic(session: Session, branch: Branch) -> None:
    with pytest.raises(ValidationError, match="只有第一项议题"):
        meeting(session, dt.date(2026, 3, 5), "支部委员会",
                agenda=[AgendaInput("研究工作"), XI])
    with pytest.raises(ValidationError, match="请填写学习内容"):
        meeting(session, dt.date(2026, 3, 5), "支部委员会",
                agenda=[AgendaInput("", first_topic=True)])
    with pytest.raises(ValidationError, match="学习形式应为"):
        meeting(session, dt.date(2026, 3, 5), "支部委员会",
                agenda=[AgendaInput("讲话", first_topic=True, study_form="打卡")])
    with pytest.raises(ValidationError, match="不能晚于会议日期"):
        meeting(session, dt.date(2026, 3, 5), "支部委员会",
                agenda=[AgendaInput("讲话", first_topic=True, study_date=dt.date(2026, 3, 6))])
    assert check_first_topics(session, 2026).required == 0  # nothing was saved


def test_the_study_is_kept_printed_and_listed(session: Session, branch: Branch) -> None:
    meeting_id = save_meeting(session, general_meeting(branch, dt.date(2026, 6, 26),
                                                       agenda=[XI, AgendaInput("接收预备党员")]),
                              today=TODAY).id
    again = meeting_input(session, meeting_id).agenda[0]
    assert (again.first_topic, again.study_source, again.study_date, again.study_form) == (
        True, "求是", dt.date(2019, 7, 9), "领学")
    text = minutes_text(get_meeting_detail(session, meeting_id))
    assert f"1. 第一议题：{XI.title}（求是，2019年7月9日；领学）" in text
    assert "2. 接收预备党员" in text
    [line] = studied(session, 2026)
    assert (line.title, line.source, line.form) == (XI.title, "求是", "领学")


def test_reminder_names_the_meetings_without_one(session: Session, branch: Branch) -> None:
    meeting(session, dt.date(2026, 10, 8), "支部委员会")
    texts = [r.text for r in meeting_reminders(session, TODAY)]
    assert "今年有1次会议未安排第一议题：10月8日第1次支部委员会" in texts
    meeting(session, dt.date(2026, 11, 5), "支部委员会", agenda=[XI])
    assert sum("未安排第一议题" in r.text for r in meeting_reminders(session, TODAY)) == 1


def test_check_json_has_the_first_topic_key(database: Database, capsys) -> None:
    with database.session() as session:
        make_branch(session)
        lacking = meeting(session, dt.date(2026, 2, 5), "支部委员会")
    database.close()  # the command opens the file itself
    assert main(["--db", str(database.path), "meetings", "check", "--year", "2026",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)["第一议题"]
    assert data["required"] == 1 and data["with_topic"] == 0
    assert data["missing"][0]["meeting_id"] == lacking


def test_study_texts_and_city_recommendations(session: Session) -> None:
    add_study_text(session, StudyTextInput("论党的自我革命", "求是", dt.date(2023, 6, 30)),
                   today=TODAY)
    with pytest.raises(ValidationError, match="请填写篇目名称"):
        add_study_text(session, StudyTextInput("  "), today=TODAY)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        add_study_text(session, StudyTextInput("讲话", issued_on=TODAY + dt.timedelta(days=1)),
                       today=TODAY)
    payload = {"title": "在二十届中央纪委四次全会上的重要讲话", "source": "新华社",
               "issued_on": "2025-01-06", "notes": ""}
    assert "工委推荐学习篇目" in apply_recommendation(session, payload)
    assert "已有" in apply_recommendation(session, payload)  # not added twice
    with pytest.raises(UserError, match="缺少名称"):
        apply_recommendation(session, {"title": ""})
    texts = list_study_texts(session)
    assert [(t.title, t.origin) for t in texts] == [
        ("在二十届中央纪委四次全会上的重要讲话", CITY), ("论党的自我革命", "支部")]


def test_printed_minutes_and_yearly_book_show_the_study(session: Session, branch: Branch
                                                        ) -> None:
    from app.meetings.minutes import minutes_pdf
    from app.meetings.yearbook import yearbook_pdf

    studied_at = save_meeting(session, general_meeting(branch, dt.date(2026, 6, 26),
                                                       agenda=[XI]), today=TODAY).id
    meeting(session, dt.date(2026, 7, 3), "支部委员会")
    minutes = pdfcheck.compact(minutes_pdf(session, studied_at))
    assert "第一议题：习近平总书记在中央机关和国家机关党的建设工作会议上的重要讲话" in minutes
    book = pdfcheck.compact(yearbook_pdf(session, 2026, today=TODAY))
    assert "第一议题学习情况" in book
    assert "应以第一议题开篇的会议2次，已安排1次；7月3日第1次支部委员会未安排第一议题" in book
    assert "求是（2019年7月9日）" in book


def test_meetings_before_the_start_date_are_not_checked(session: Session, branch: Branch
                                                        ) -> None:
    from app.branch import get_profile

    meeting(session, dt.date(2026, 2, 5), "支部委员会")
    later = meeting(session, dt.date(2026, 6, 5), "支部委员会")
    get_profile(session).started_on = dt.date(2026, 5, 1)  # 启用日期
    check = check_first_topics(session, 2026)
    assert (check.required, [g.meeting_id for g in check.missing]) == (1, [later])
