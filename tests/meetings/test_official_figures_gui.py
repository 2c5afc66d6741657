"""The meeting editor's new fields for issue 15, driven like a user: an approved exclusion,
written opinions, invalid ballots with the 差额 warning, 所属年度, and a 修订 that
recomputes with the old and new figures side by side."""

import datetime as dt

from PySide6.QtCore import Qt

from app.meetings.detail import get_meeting_detail
from app.meetings.service import AgendaInput, finalise_meeting, save_meeting
from app.meetings.snapshots import version_detail
from app.members.service import MemberInput, add_member, transfer
from tests.meetings.conftest import TODAY, attendance, general_meeting, make_id
from tests.meetings.test_election_gui import add_candidate, branch_in_db, open_editor, warnings
from tests.meetings.test_gui import type_chinese, type_into_cell

__all__ = ["branch_in_db", "warnings"]  # fixtures used here
DAY = dt.date(2026, 6, 10)


def test_exclusion_and_written_opinion_in_the_editor(qtbot, app_context, branch_in_db,
                                                     warnings) -> None:
    editor = open_editor(qtbot, app_context)
    editor.tabs.setCurrentIndex(1)
    table = editor.attendance
    assert "有表决权的党员应到12人" in table.summary.text()
    table.status_box("卫十二").setCurrentText("不计入")
    assert table.exclusion_box("卫十二").isEnabled()
    table.exclusion_box("卫十二").setCurrentText("自费出国半年以上")
    row = next(i for i, e in enumerate(table.entries) if e.name == "卫十二")
    type_into_cell(qtbot, table.table, row, 4, "机关党委2026年5月8日同意")
    assert "有表决权的党员应到11人" in table.summary.text()
    assert "经批准不计入应到1人" in table.summary.text()
    for name in ("褚十一", "陈十"):
        table.status_box(name).setCurrentText("请假")
        row = next(i for i, e in enumerate(table.entries) if e.name == name)
        type_into_cell(qtbot, table.table, row, 4, "出差")

    agenda = editor.agenda
    editor.tabs.setCurrentWidget(agenda)
    next(a for a in agenda.preset_button.menu().actions() if a.text() == "接收预备党员").trigger()
    item = agenda.table.rowCount() - 1
    agenda.table.item(item, 0).setText("讨论接收马新同志为预备党员")
    qtbot.keyClicks(agenda.vote_edit(item, 3), "9")
    assert agenda.opinions_button.isEnabled()
    dialog = agenda.opinions_dialog()
    assert sorted(name for _id, name in dialog._absent) == ["褚十一", "陈十"]
    dialog.box("陈十").setCurrentText("赞成")
    dialog.accept()
    assert agenda.opinions_button.text() == "书面意见（1份）…"
    assert agenda.result_text(item) == "通过"
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert warnings == [], warnings
    with app_context.session() as session:
        detail = get_meeting_detail(session, editor.meeting_id)
    assert [(a.name, a.exclusion) for a in detail.excluded] == [("卫十二", "自费出国半年以上")]
    vote = detail.agenda[-1].vote
    assert (vote.expected, vote.present, vote.yes) == (11, 9, 10)
    assert [(o.name, o.opinion) for o in vote.written] == [("陈十", "赞成")]


def test_invalid_ballots_and_the_contest_rule_in_the_election_panel(
        qtbot, app_context, branch_in_db, warnings) -> None:
    editor = open_editor(qtbot, app_context)
    agenda, panel = editor.agenda, editor.agenda.election
    next(a for a in agenda.preset_button.menu().actions() if a.text() == "选举").trigger()
    row = agenda.table.rowCount() - 1
    agenda.table.item(row, 0).setText("选举支部委员会委员")
    qtbot.keyClicks(panel.seats, "2")
    for name in ("赵一", "钱二"):
        add_candidate(qtbot, panel, name)
    assert panel.contest.isVisible() and "差额不少于应选人数的20%" in panel.contest.text()
    add_candidate(qtbot, panel, "孙三")
    assert not panel.contest.isVisible()
    qtbot.keyClicks(panel.issued, "12")
    qtbot.keyClicks(panel.returned, "12")
    qtbot.keyClicks(panel.invalid, "2")
    for candidate, yes in enumerate(("10", "10", "10")):
        qtbot.keyClicks(panel.vote_edit(candidate, 1), yes)
    assert "超过应选2名×有效票10张=20票" in panel.summary.text()


def test_review_year_field_in_the_editor(qtbot, app_context, branch_in_db, warnings) -> None:
    editor = open_editor(qtbot, app_context)
    editor.tabs.setCurrentIndex(0)
    assert not editor.review_year.isVisible()
    editor.type_boxes["支部党员大会"].setChecked(False)
    editor.type_boxes["组织生活会"].setChecked(True)
    assert editor.review_year.isVisible()
    editor.date.edit.clear()
    qtbot.keyClicks(editor.date.edit, "2026-01-20")
    qtbot.keyClick(editor.date.edit, Qt.Key.Key_Return)
    editor.review_year.setCurrentText("上一年度")
    assert editor.collect().counts_for_year == 2025


def test_a_revision_can_recompute_with_old_and_new_side_by_side(
        qtbot, app_context, branch_in_db, warnings) -> None:
    branch = branch_in_db
    with app_context.session() as session:
        data = general_meeting(branch, DAY, attendance=attendance(branch.everyone_on(DAY)),
                               agenda=[AgendaInput("审议支部工作计划", "表决", "", None, 7, 0, 0)])
        meeting = save_meeting(session, data, today=TODAY)
        finalise_meeting(session, meeting.id)
        meeting_id = meeting.id
        late, _ = add_member(session, MemberInput(
            name="马补录", id_number=make_id(60), category="正式党员",
            join_date=dt.date(2001, 7, 1), full_date=dt.date(2002, 7, 1)), today=TODAY)
        transfer(session, late.id, "转入", dt.date(2026, 5, 1), "市商务局")
        for member in branch.full[9:]:
            transfer(session, member.id, "转出", dt.date(2026, 5, 1), "市统计局")
    editor = open_editor(qtbot, app_context, meeting_id)
    qtbot.mouseClick(editor.amend_button, Qt.MouseButton.LeftButton)
    assert editor.recompute.isVisible() and not editor.recompute.table.isVisible()
    editor.recompute.box.setChecked(True)
    shown = editor.recompute.table
    rows = {shown.item(r, 0).text(): (shown.item(r, 1).text(), shown.item(r, 2).text())
            for r in range(shown.rowCount())}
    assert rows["有表决权应到"] == ("12人", "10人")
    assert "马补录" in [e.name for e in editor.attendance.entries]
    editor.tabs.setCurrentIndex(1)
    table = editor.attendance
    table.status_box("马补录").setCurrentText("请假")
    row = next(i for i, e in enumerate(table.entries) if e.name == "马补录")
    type_into_cell(qtbot, table.table, row, 4, "出差")
    type_chinese(editor.reason, "补录转入党员")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert warnings == [], warnings
    with app_context.session() as session:
        assert get_meeting_detail(session, meeting_id).voters_expected == 10
        assert version_detail(session, meeting_id, 1).voters_expected == 12


def test_the_editor_and_its_buttons_fit_the_screen(qtbot, app_context, branch_in_db) -> None:
    """The editor asks for 1060×720 but takes no more than the screen's free area (less the
    title bar), so on 1366×768 at 125 % its buttons stay on screen."""
    editor = open_editor(qtbot, app_context)
    area = editor.screen().availableGeometry()
    assert editor.width() <= area.width() and editor.height() + 40 <= area.height()
    for button in (editor.save_button, editor.final_button):
        corner = button.mapToGlobal(button.rect().bottomRight())
        assert area.contains(corner), (button.text(), corner, area)
