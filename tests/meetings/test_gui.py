"""The 会议 page through its widgets: a 党员大会 with attendance and a vote, 定稿, 修订,
the compliance calendar and search."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox

from app.meetings.detail import get_meeting_detail
from app.meetings.listing import list_meetings
from app.meetings.service import AgendaInput, MeetingInput, finalise_meeting, save_meeting
from tests.meetings.conftest import TODAY, Branch, attendance, make_branch
from tests.program_look import program_look  # noqa: F401 - a fixture
from ui.meetings.page import MeetingsPage

DAY = dt.date(2026, 6, 10)


@pytest.fixture
def branch_in_db(database) -> Branch:
    with database.session() as session:
        return make_branch(session)


@pytest.fixture
def page(qtbot, app_context, branch_in_db) -> MeetingsPage:
    widget = MeetingsPage(app_context)
    app_context.data_changed.connect(widget.refresh)  # as the main window does
    widget.set_today(lambda: TODAY)
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def warnings(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _parent, _title, text, *a, **k: shown.append(text))
    return shown


def type_chinese(edit: QLineEdit, text: str) -> None:
    """QTest cannot type CJK key by key; an input method commits the text like this."""
    edit.setFocus()
    edit.insert(text)


def type_into_cell(qtbot, table, row: int, column: int, text: str) -> None:
    """Edit a table cell the way a user does: select it, start editing, type, Enter."""
    table.setCurrentCell(row, column)
    table.editItem(table.item(row, column))
    editor = next(e for e in table.viewport().findChildren(QLineEdit) if e.isVisible())
    editor.selectAll()
    type_chinese(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.item(row, column).text() == text)  # committed (queued)


def test_general_meeting_with_attendance_and_vote(qtbot, page, app_context, branch_in_db,
                                                  warnings, monkeypatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *_a, **_k: asked.append(
        text) or QMessageBox.StandardButton.Yes)
    action = next(a for a in page.new_button.menu().actions() if a.text() == "支部党员大会")
    action.trigger()
    editor = page.editors[-1]
    assert editor.type_boxes["支部党员大会"].isChecked()
    editor.date.edit.clear()
    qtbot.keyClicks(editor.date.edit, "2026-06-10")
    qtbot.keyClick(editor.date.edit, Qt.Key.Key_Return)
    type_chinese(editor.place, "三楼党员活动室")
    editor.chair.setEditText("赵一")
    assert editor.chair_post.text() == "支部书记"  # 赵一 is the 书记
    editor.chair.setEditText("钱二")
    assert editor.chair_post.text() == "支部副书记"
    editor.chair.setEditText("赵一")
    editor.recorder.setEditText("孙三")

    # The roster of 10 June: 12 正式党员, 2 预备党员, 韩察看 (no vote).
    editor.tabs.setCurrentIndex(1)
    assert editor.attendance.table.rowCount() == 15
    assert "有表决权的党员应到12人，实到12人" in editor.attendance.summary.text()
    for name in ("吴六", "郑七"):
        editor.attendance.status_box(name).setCurrentText("请假")
    row = next(i for i, e in enumerate(editor.attendance.entries) if e.name == "吴六")
    type_into_cell(qtbot, editor.attendance.table, row, 4, "出差")
    assert "实到10人" in editor.attendance.summary.text()

    editor.tabs.setCurrentWidget(editor.agenda)
    accept = next(a for a in editor.agenda.preset_button.menu().actions()
                  if a.text() == "接收预备党员")
    accept.trigger()
    agenda = editor.agenda
    item = agenda.table.rowCount() - 1  # after the template's 议题
    assert agenda.result_text(item) == "待录入票数"
    qtbot.keyClicks(agenda.vote_edit(item, 3), "6")
    qtbot.keyClicks(agenda.vote_edit(item, 4), "3")
    qtbot.keyClicks(agenda.vote_edit(item, 5), "1")
    assert agenda.result_text(item) == "未通过"  # 6 is not more than half of 12 expected
    assert "未超过应到12人的半数" in agenda.messages.text()
    agenda.vote_edit(item, 3).clear()
    qtbot.keyClicks(agenda.vote_edit(item, 3), "7")
    agenda.vote_edit(item, 4).clear()
    qtbot.keyClicks(agenda.vote_edit(item, 4), "2")
    assert agenda.result_text(item) == "通过"
    agenda.subject_box(item).setCurrentText("蒋预一")
    # Votes left out of the template's generic vote item would save a vote without counts.
    agenda.table.selectRow(item - 1)
    qtbot.mouseClick(agenda.remove_button, Qt.MouseButton.LeftButton)

    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert warnings == []
    with app_context.session() as session:
        detail = get_meeting_detail(session, editor.meeting_id)
    assert detail.heading == "2026年第1次支部党员大会"
    assert (detail.voters_expected, detail.voters_present) == (12, 10)
    assert [a.title for a in detail.agenda] == ["传达学习上级文件精神", "接收预备党员"]
    assert detail.agenda[1].subject_name == "蒋预一"
    vote = detail.agenda[1].vote
    assert (vote.yes, vote.no, vote.abstain, vote.result) == (7, 2, 1, "通过")
    assert "草稿" in editor.marks.text()

    # 郑七 has no reason: 定稿 is refused and nothing changes.
    qtbot.mouseClick(editor.final_button, Qt.MouseButton.LeftButton)
    assert "郑七" in warnings[-1]
    with app_context.session() as session:
        assert get_meeting_detail(session, editor.meeting_id).status == "草稿"
    editor.tabs.setCurrentIndex(1)
    row = next(i for i, e in enumerate(editor.attendance.entries) if e.name == "郑七")
    type_into_cell(qtbot, editor.attendance.table, row, 4, "病假")
    qtbot.mouseClick(editor.final_button, Qt.MouseButton.LeftButton)
    assert len(warnings) == 1, warnings
    with app_context.session() as session:
        assert get_meeting_detail(session, editor.meeting_id).status == "定稿"
    assert "定稿" in editor.marks.text()
    assert len(asked) == 2 and "确定定稿吗" in asked[-1]
    assert not editor.save_button.isVisible() and editor.amend_button.isVisible()
    assert editor.place.isReadOnly()

    # 修订: a reason is required; the first version stays readable.
    qtbot.mouseClick(editor.amend_button, Qt.MouseButton.LeftButton)
    editor.summary.setPlainText("会议要求做好培养考察。")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "请填写修订原因" in editor.error.text()
    type_chinese(editor.reason, "补记主持人总结")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    with app_context.session() as session:
        detail = get_meeting_detail(session, editor.meeting_id)
    assert [v.reason for v in detail.versions] == ["定稿", "补记主持人总结"]
    assert detail.summary == "会议要求做好培养考察。"
    qtbot.mouseClick(editor.versions_button, Qt.MouseButton.LeftButton)
    versions = editor.versions_dialog
    assert versions.list.count() == 2
    assert "补记主持人总结" in versions.list.item(0).text()
    versions.list.setCurrentRow(1)
    assert "第1版" in versions.list.currentItem().text()
    assert "会议要求做好培养考察" not in versions.text.toPlainText()
    assert "表决：赞成7票，反对2票，弃权1票" in versions.text.toPlainText()

    # The list shows it.
    page.refresh()
    assert page.list.model.rowCount() == 1
    # Entered months after 10 June: marked 补录.
    assert page.list.model.text(0, 4) == "定稿·补录·已修订"


def test_compliance_calendar_and_search(qtbot, page, app_context, branch_in_db) -> None:
    with app_context.session() as session:
        for month in (1, 3):
            save_meeting(session, MeetingInput(
                types=["支部委员会"], date=dt.date(2026, month, 5),
                attendance=attendance(branch_in_db.committee)), today=TODAY)
        merged = save_meeting(session, MeetingInput(
            types=["支部党员大会", "主题党日"], date=dt.date(2026, 6, 26),
            title="6月主题党日：垃圾分类志愿服务", chair_name="赵一", recorder_name="孙三",
            attendance=attendance(branch_in_db.everyone_on(dt.date(2026, 6, 26))),
            agenda=[AgendaInput("集中交纳党费")]), today=TODAY)
        finalise_meeting(session, merged.id)
    page.tabs.setCurrentWidget(page.compliance)
    view = page.compliance
    assert view.cell_text("支部委员会", 1) == "已开"  # short enough for a month's cell
    assert view.cell_text("支部委员会", 2) == "逾期"
    assert view.cell_text("支部委员会", 11) == "待开"
    assert view.cell_text("支部委员会", 12) == "未到"
    assert view.cell_text("支部党员大会", 4) == "已开"  # the merged event, 第二季度
    assert view.cell_text("主题党日", 6) == "已开"
    committee = next(i for i, r in enumerate(view.report.rows) if r.label == "支部委员会")
    assert view.grid.item(committee, 0).toolTip() == "1月：已召开"
    assert "2月支委会未召开" in view.summary.text()
    assert "支委之间尚有10对未谈心谈话" in view.talks.text()
    grid = view.grid
    row = next(i for i, r in enumerate(view.report.rows) if r.type == "主题党日")
    grid.cellDoubleClicked.emit(row, 5)
    assert page.editors[-1].meeting_id == merged.id

    page.tabs.setCurrentWidget(page.list)
    type_chinese(page.list.search, "党费")
    qtbot.waitUntil(lambda: page.list.count.text() == "找到 1 次会议")
    cell = page.list.model.text(0, 2)
    assert "集中交纳<span style='background:#ffe082;font-weight:bold'>党费</span>" in cell
    page.list.search.clear()
    type_chinese(page.list.search, "垃圾分类")
    qtbot.waitUntil(lambda: page.list.count.text() == "找到 1 次会议")
    assert page.list.model.text(0, 1) == "2026年第1次支部党员大会暨第1次主题党日"


def test_new_meeting_copies_and_drafts(qtbot, page, app_context, branch_in_db,
                                       monkeypatch) -> None:
    action = next(a for a in page.new_button.menu().actions() if a.text() == "主题党日")
    action.trigger()
    editor = page.editors[-1]
    titles = [a.title for a in editor.agenda.values()]
    assert "佩戴党徽，重温入党誓词" in titles and "集中交纳党费" in titles
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    with app_context.session() as session:
        assert [r.heading for r in list_meetings(session)] == ["2026年第1次主题党日"]
    page.list.refresh()
    page.list.table.selectRow(0)
    copy = page.copy_selected()
    assert copy.meeting_id is None and copy.type_boxes["主题党日"].isChecked()
    assert [a.title for a in copy.agenda.values()] == titles
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    page.delete_selected()
    with app_context.session() as session:
        assert list_meetings(session) == []


def test_closing_with_unsaved_changes_asks_first(qtbot, page, monkeypatch) -> None:
    answers: list[QMessageBox.StandardButton] = [QMessageBox.StandardButton.Cancel,
                                                 QMessageBox.StandardButton.Discard]
    asked: list[str] = []

    def question(_parent, _title, text, *_a, **_k):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    editor = page.new_meeting(["党课"])
    editor.close()  # nothing typed yet: closes without asking
    assert asked == [] and not editor.isVisible()
    editor = page.new_meeting(["党课"])
    type_chinese(editor.place, "党员活动室")
    editor.close()
    assert len(asked) == 1 and editor.isVisible()  # answered 不
    editor.close()
    assert len(asked) == 2 and not editor.isVisible()  # answered 是, asked only once more


def test_finalising_asks_first_and_no_keeps_the_draft(qtbot, page, app_context, branch_in_db,
                                                      monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.No)
    editor = page.new_meeting(["党课"])
    type_chinese(editor.place, "党员活动室")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    qtbot.mouseClick(editor.final_button, Qt.MouseButton.LeftButton)

    with app_context.session() as session:
        assert get_meeting_detail(session, editor.meeting_id).status == "草稿"
    assert editor.save_button.isVisible()


def test_a_new_committee_meeting_has_no_generic_agenda(qtbot, page, branch_in_db) -> None:
    editor = page.new_meeting(["支部委员会"])
    assert editor.agenda.values() == []
    editor.chair.setEditText("周五")  # 纪检委员
    assert editor.chair_post.text() == "纪检委员"
    type_chinese(editor.chair_post, "（代）")
    editor.chair.setEditText("赵一")  # what the user wrote is kept
    assert editor.chair_post.text() == "纪检委员（代）"


def headers_fit(table) -> list[str]:
    """The column headers that are narrower than their text (cut off with …)."""
    header = table.horizontalHeader()
    metrics = header.fontMetrics()
    return [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())
            if header.sectionSize(c) < metrics.horizontalAdvance(
                table.horizontalHeaderItem(c).text())]


@pytest.mark.usefixtures("program_look")
def test_column_headers_are_not_cut_off(qtbot, page, branch_in_db) -> None:
    editor = page.new_meeting(["支部委员会"])
    editor.resize(1000, 640)
    editor.tabs.setCurrentWidget(editor.decisions)
    qtbot.wait(10)
    assert headers_fit(editor.decisions.table) == []
    assert headers_fit(editor.speeches.table) == []
