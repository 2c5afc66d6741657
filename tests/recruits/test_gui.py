"""The 发展党员 page driven like a user: a new applicant typed in, one under 18 refused,
steps recorded (a 支部大会 vote picked from the meeting records), the check on its tab."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from app.meetings.service import AgendaInput, MeetingInput, save_meeting
from db.models import Recruit
from tests.keyboard import type_text
from tests.meetings.conftest import attendance, make_branch
from tests.recruits.conftest import DATES, TODAY, Walker, person_id
from ui.recruits.dialogs import RecruitDialog, StepDialog
from ui.recruits.page import RecruitsPage


def page_for(qtbot, app_context) -> RecruitsPage:
    page = RecruitsPage(app_context)
    qtbot.addWidget(page)
    page.set_today(lambda: TODAY)
    app_context.data_changed.connect(page.refresh)  # the main window does this
    page.show()
    return page


def cells(table, column: int) -> list[str]:
    return [table.item(r, column).text() for r in range(table.rowCount())]


def test_a_new_applicant_and_one_under_18(qtbot, app_context, monkeypatch) -> None:
    page = page_for(qtbot, app_context)
    page.add_button.click()
    dialog = page.dialog
    assert isinstance(dialog, RecruitDialog)
    type_text(qtbot, dialog.name, "林新苗")
    type_text(qtbot, dialog.id_number, person_id(1, "20081201"))  # 18 on 2026-12-01
    dialog.application.set_date(dt.date(2026, 11, 20))
    dialog.save()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "未满十八岁" in dialog.form.message("application_date")
    with app_context.session() as session:
        assert session.scalar(select(func.count()).select_from(Recruit)) == 0
    dialog.id_number.clear()
    type_text(qtbot, dialog.id_number, person_id(1, "19990101"))
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error.text()
    assert cells(page.table, 0) == ["林新苗"]
    assert cells(page.table, 1) == ["入党申请人"]
    assert cells(page.table, 3) == ["党组织派人谈话"]
    assert cells(page.table, 5) == ["2026-12-20"]  # within a month of the application
    page.table.selectRow(0)
    assert "下一步：党组织派人谈话" in page.next_label.text()
    page.step_button.click()
    page.dialog.step.setCurrentIndex(page.dialog.step.findData("approval"))
    assert "将列入党员名册" in page.dialog.hint.text()
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *args, **_kw: asked.append(args[1]) or QMessageBox.StandardButton.Discard))
    page.dialog.reject()  # a step was chosen: 取消 asks before throwing it away
    assert asked == ["放弃修改"] and not page.dialog.isVisible()

    page.step_button.click()
    step = page.dialog
    assert isinstance(step, StepDialog) and step.code() == "talk"
    assert "一个月内" in step.hint.text()
    step.date.set_date(dt.date(2026, 11, 10))  # before the application
    step.save()
    assert "不能早于“递交入党申请书”" in step.error.text()
    step.date.set_date(dt.date(2026, 11, 24))
    type_text(qtbot, step.detail, "组织委员孙三")
    step.save()
    assert step.result() == step.DialogCode.Accepted, step.error.text()
    assert cells(page.steps, 1) == ["递交入党申请书", "党组织派人谈话"]
    assert cells(page.steps, 4)[1] == "组织委员孙三"


def test_the_admission_vote_is_picked_from_the_meeting_records(qtbot, app_context) -> None:
    with app_context.session() as session:
        branch = make_branch(session)
        from app.recruits.service import RecruitInput, add_recruit

        recruit = add_recruit(session, RecruitInput("林新苗", person_id(1), DATES["application"]),
                              today=TODAY)
        walker = Walker(session, branch, recruit)
        walker.walk_to("pledge")
        day = DATES["admission_vote"]
        people = branch.everyone_on(day)
        save_meeting(session, MeetingInput(
            types=["支部党员大会"], date=day, chair_name="赵一", recorder_name="孙三",
            attendance=attendance(people),
            agenda=[AgendaInput("传达学习文件"),
                    AgendaInput("通过年度学习计划", kind="表决", votes_yes=12, votes_no=0,
                                votes_abstain=0),
                    AgendaInput("讨论接收林新苗为预备党员", kind="表决", votes_yes=12,
                                votes_no=1, votes_abstain=0)]), today=TODAY)
    page = page_for(qtbot, app_context)
    page.table.selectRow(0)
    page.step_button.click()
    step = page.dialog
    assert step.code() == "admission_vote"
    assert not step.date.isVisible() and step.meeting.isVisible()
    step.meeting.setCurrentIndex(step.meeting.findText(f"{day:%Y-%m-%d}",
                                                       Qt.MatchFlag.MatchStartsWith))
    assert step.vote.count() == 2  # the prompt and the one 表决 on 接收 (not the other 表决)
    assert "赞成12、反对1、弃权0，通过" in step.vote.itemText(1)
    step.vote.setCurrentIndex(1)
    step.save()
    assert step.result() == step.DialogCode.Accepted, step.error.text()
    row = cells(page.steps, 1).index("支部大会讨论接收预备党员")
    assert cells(page.steps, 2)[row] == f"{day:%Y-%m-%d}"
    assert "赞成12、反对1、弃权0（应到13人），通过" in cells(page.steps, 3)[row]
    assert cells(page.table, 3) == ["上级党委派人谈话"]


def test_the_check_tab_lists_the_violation(qtbot, app_context) -> None:
    with app_context.session() as session:
        branch = make_branch(session)
        from app.recruits.service import RecruitInput, add_recruit

        recruit = add_recruit(session, RecruitInput("林新苗", person_id(1), DATES["application"]),
                              today=TODAY)
        walker = Walker(session, branch, recruit)
        walker.dates["candidate"] = dt.date(2025, 2, 1)  # ten months after 积极分子
        walker.walk_to("candidate")
    page = page_for(qtbot, app_context)
    assert "程序检查发现 1 处问题" in page.status.text()
    assert cells(page.checks, 2) == ["过早"]
    assert "一年以上" in cells(page.checks, 4)[0]


def test_print_menu_builds_the_papers(qtbot, app_context, monkeypatch) -> None:
    from app.progress import SILENT
    from tests.pdfcheck import compact

    with app_context.session() as session:
        branch = make_branch(session)
        from app.recruits.service import RecruitInput, add_recruit

        recruit = add_recruit(session, RecruitInput("林新苗", person_id(1), DATES["application"]),
                              today=TODAY)
        walker = Walker(session, branch, recruit)
        walker.walk_to("admission_vote")
        from app.recruits.track import load_track

        vote_meeting = load_track(session, recruit.id).done("admission_vote")[0].meeting_id
        assert vote_meeting is not None
    page = page_for(qtbot, app_context)
    page.table.selectRow(0)
    built: dict[str, bytes] = {}

    def preview(title, build, _file_name) -> None:
        with app_context.session() as session:
            built[title] = build(session, SILENT)

    monkeypatch.setattr(page, "preview", preview)
    minutes: list[str] = []
    monkeypatch.setattr("ui.recruits.page.print_minutes",
                        lambda _parent, _context, meeting_id: minutes.append(meeting_id))
    actions = {a.text(): a for a in page.print_button.menu().actions()}
    for name in ("发展党员工作纪实表", "发展对象公示", "本年度发展党员工作情况表",
                 "支部大会记录（接收或转正）"):
        actions[name].trigger()
    assert minutes == [vote_meeting]
    assert "支部大会讨论接收预备党员" in compact(built["发展党员工作纪实表"])
    assert "关于林新苗同志拟发展为中共预备党员的公示" in compact(built["发展对象公示"])
    assert "2026年度发展党员工作情况表" in compact(built["2026年度发展党员工作情况表"])
