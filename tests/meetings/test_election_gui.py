"""A 选举 议题 through the meeting editor: seats, ballots, candidates from the roster or typed,
the result computed live, refusal of impossible figures, saving, reopening and 定稿."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.meetings.detail import get_meeting_detail
from app.meetings.service import MeetingInput
from db.models import ElectionCandidate
from tests.meetings.conftest import TODAY, Branch, make_branch
from tests.meetings.test_gui import type_chinese
from ui.meetings.editor import MeetingEditor

DAY = dt.date(2026, 6, 10)
YES, NO, ABSTAIN = 1, 2, 3


@pytest.fixture
def branch_in_db(database) -> Branch:
    with database.session() as session:
        return make_branch(session)


@pytest.fixture
def warnings(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _parent, _title, text, *a, **k: shown.append(text))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    return shown


def open_editor(qtbot, app_context, meeting_id: str | None = None) -> MeetingEditor:
    start = MeetingInput(types=["支部党员大会"], date=DAY, place="三楼会议室",
                         chair_name="赵一", recorder_name="孙三")
    editor = MeetingEditor(app_context, meeting_id, start=None if meeting_id else start,
                           today=lambda: TODAY)
    qtbot.addWidget(editor)
    editor.show()
    editor.tabs.setCurrentWidget(editor.agenda)
    return editor


def add_candidate(qtbot, panel, name: str) -> None:
    panel.pick.setEditText("")
    type_chinese(panel.pick.lineEdit(), name)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)


def type_number(qtbot, edit, value: int) -> None:
    edit.clear()
    qtbot.keyClicks(edit, str(value))


def test_election_by_candidate(qtbot, app_context, branch_in_db, warnings) -> None:
    editor = open_editor(qtbot, app_context)
    agenda, panel = editor.agenda, editor.agenda.election
    assert panel.isHidden()
    next(a for a in agenda.preset_button.menu().actions() if a.text() == "选举").trigger()
    row = agenda.table.rowCount() - 1
    assert agenda.table.currentRow() == row and panel.isVisible()
    assert agenda.result_text(row) == "待录入"
    assert not agenda.vote_edit(row, 3).isEnabled()  # counted per candidate instead
    # Only members with 被选举权 are offered: no 预备党员, nobody under 留党察看.
    offered = [panel.pick.itemText(i) for i in range(panel.pick.count())]
    assert "赵一" in offered and "蒋预一" not in offered and "韩察看" not in offered

    qtbot.keyClicks(panel.seats, "2")
    for name in ("赵一", "钱二", "外单位张同志"):
        add_candidate(qtbot, panel, name)
    assert "尚未录入发出、收回选票数" in panel.messages.text()
    add_candidate(qtbot, panel, "赵一")
    assert panel.messages.text() == "赵一已在候选人名单中"
    assert panel.table.rowCount() == 3 and "赵一" not in [
        panel.pick.itemText(i) for i in range(panel.pick.count())]
    assert panel.table.item(2, 0).text() == "外单位张同志（非名单内）"
    assert "候选人3人，差额选举" in panel.style_label.text()
    assert "有选举权的党员应到12人，实到12人" in panel.electors_label.text()

    qtbot.keyClicks(panel.issued, "12")
    qtbot.keyClicks(panel.returned, "12")
    for candidate, votes in enumerate(((11, 1, 0), (6, 5, 1), (9, 2, 1))):
        for column, value in zip((YES, NO, ABSTAIN), votes, strict=True):
            type_number(qtbot, panel.vote_edit(candidate, column), value)
    assert [panel.result_text(i) for i in range(3)] == ["当选", "未当选", "当选"]
    assert panel.summary.text() == "选举结果：应选2名，当选2名：赵一、外单位张同志。"
    assert "钱二得赞成票6票，未超过应到有选举权人数12人的半数" in panel.messages.text()
    assert agenda.result_text(row) == "当选2人"

    # More votes than ballots returned: shown at once, refused at save, nothing saved.
    type_number(qtbot, panel.vote_edit(1, NO), 7)
    assert "钱二的赞成、反对、弃权票合计14票，超过收回选票12张" in panel.summary.text()
    assert agenda.result_text(row) == "无效"
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "超过收回选票12张" in warnings[-1]
    assert editor.meeting_id is None
    with app_context.session() as session:
        assert session.query(ElectionCandidate).count() == 0

    type_number(qtbot, panel.vote_edit(1, NO), 5)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert len(warnings) == 1
    with app_context.session() as session:
        election = get_meeting_detail(session, editor.meeting_id).agenda[-1].election
        members = {m.name: m.id for m in branch_in_db.full}
    assert (election.seats, election.ballots_issued, election.ballots_returned) == (2, 12, 12)
    assert [(c.name, c.member_id, c.yes, c.no, c.abstain, c.result)
            for c in election.candidates] == [
        ("赵一", members["赵一"], 11, 1, 0, "当选"), ("钱二", members["钱二"], 6, 5, 1, "未当选"),
        ("外单位张同志", None, 9, 2, 1, "当选")]

    # Reopened, the election shows as saved; after 定稿 it can no longer be changed.
    meeting_id = editor.meeting_id
    editor.close()
    again = open_editor(qtbot, app_context, meeting_id)
    panel = again.agenda.election
    assert panel.isVisible() and panel.seats.text() == "2"
    assert [panel.result_text(i) for i in range(3)] == ["当选", "未当选", "当选"]
    qtbot.mouseClick(again.final_button, Qt.MouseButton.LeftButton)
    assert len(warnings) == 1, warnings
    assert panel.seats.isReadOnly() and not panel.add_button.isEnabled()
    assert not panel.vote_edit(0, YES).isEnabled()


def test_switching_rows_and_kinds(qtbot, app_context, branch_in_db, warnings) -> None:
    editor = open_editor(qtbot, app_context)
    agenda, panel = editor.agenda, editor.agenda.election
    qtbot.mouseClick(agenda.add_button, Qt.MouseButton.LeftButton)
    next(a for a in agenda.preset_button.menu().actions() if a.text() == "选举").trigger()
    election_row = 1
    qtbot.keyClicks(panel.seats, "1")
    add_candidate(qtbot, panel, "李四")
    agenda.table.setCurrentCell(0, 0)  # a plain 议题: no election panel
    assert panel.isHidden()
    agenda.table.setCurrentCell(election_row, 0)
    assert panel.isVisible() and panel.table.rowCount() == 1 and panel.seats.text() == "1"
    # Made a 表决 instead: the candidates are not saved with it.
    agenda.kind_box(election_row).setCurrentText("表决")
    assert panel.isHidden()
    assert agenda.values()[-1].candidates == [] and agenda.values()[-1].seats is None
    agenda.kind_box(election_row).setCurrentText("选举")
    assert [c.name for c in agenda.values()[-1].candidates] == ["李四"]
