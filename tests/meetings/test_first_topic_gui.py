"""第一议题 through the 会议 page: the box in the editor, picking a 学习篇目, the numbering,
the 按期检查 line, the 学习篇目 tab and the setting."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.meetings.detail import get_meeting_detail
from app.meetings.first_topic import required_types
from app.meetings.study_texts import StudyTextInput, add_study_text, list_study_texts
from tests.meetings.conftest import TODAY, make_branch
from tests.meetings.test_gui import type_chinese
from ui.meetings.page import MeetingsPage
from ui.meetings.study_texts import StudyTextDialog
from ui.settings.meetings import MeetingSettings

TITLE = "在庆祝中国共产党成立100周年大会上的讲话"


@pytest.fixture
def page(qtbot, app_context, database) -> MeetingsPage:
    with database.session() as session:
        make_branch(session)
        add_study_text(session, StudyTextInput(TITLE, "新华社", dt.date(2021, 7, 1)),
                       today=TODAY)
    widget = MeetingsPage(app_context)
    app_context.data_changed.connect(widget.refresh)
    widget.set_today(lambda: TODAY)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_committee_meeting_opens_with_a_first_topic(qtbot, page, app_context) -> None:
    action = next(a for a in page.new_button.menu().actions() if a.text() == "支部委员会")
    action.trigger()
    editor = page.editors[-1]
    editor.date.set_date(dt.date(2026, 11, 5))
    editor.tabs.setCurrentWidget(editor.agenda)
    agenda = editor.agenda
    assert agenda.first_topic_hint.isVisible()  # a 支委会 needs one by default
    agenda.first_topic.setChecked(True)
    assert not agenda.first_topic_hint.isVisible()
    agenda.first_topic.study_title.setCurrentText(TITLE)  # picked from the 学习篇目
    assert agenda.first_topic.source.text() == "新华社"
    assert agenda.first_topic.day.date() == dt.date(2021, 7, 1)
    agenda.first_topic.form.setCurrentText("交流研讨")
    qtbot.mouseClick(agenda.add_button, Qt.MouseButton.LeftButton)
    rows = agenda.table.rowCount()
    assert agenda.table.verticalHeaderItem(rows - 1).text() == str(rows + 1)  # 第一议题 is 1
    agenda.first_topic.setChecked(False)
    assert agenda.table.verticalHeaderItem(rows - 1).text() == str(rows)
    agenda.first_topic.setChecked(True)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    with app_context.session() as session:
        detail = get_meeting_detail(session, editor.meeting_id)
    first = detail.agenda[0]
    assert (first.first_topic, first.title, first.study_source, first.study_form) == (
        True, TITLE, "新华社", "交流研讨")
    assert first.study_text == f"第一议题：{TITLE}（新华社，2021年7月1日；交流研讨）"


def test_compliance_names_meetings_without_one(qtbot, page) -> None:
    action = next(a for a in page.new_button.menu().actions() if a.text() == "支部委员会")
    action.trigger()
    editor = page.editors[-1]
    editor.date.set_date(dt.date(2026, 10, 9))
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    page.tabs.setCurrentWidget(page.compliance)
    text = page.compliance.first_topics.text()
    assert text.startswith("第一议题：应安排1次，已安排0次")
    assert "10月9日第1次支部委员会未安排第一议题" in text


def test_study_text_tab_adds_and_refuses(qtbot, page, app_context) -> None:
    page.tabs.setCurrentWidget(page.study_texts)
    assert page.study_texts.table.item(0, 0).text() == TITLE
    qtbot.mouseClick(page.study_texts.add_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(StudyTextDialog)
    save = dialog.ok_button
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.form.message("title") == "请填写篇目名称"
    type_chinese(dialog.title, "论党的自我革命")
    dialog.issued_on.set_date(TODAY + dt.timedelta(days=3))
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.form.message("issued_on") == "讲话或指示的日期不能晚于今天"
    dialog.issued_on.set_date(dt.date(2023, 6, 30))
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert [page.study_texts.table.item(r, 0).text() for r in range(2)] == [
        "论党的自我革命", TITLE]  # the newest speech first
    with app_context.session() as session:
        assert len(list_study_texts(session)) == 2


def test_setting_which_meetings_need_one(qtbot, app_context) -> None:
    form = MeetingSettings(app_context)
    qtbot.addWidget(form)
    assert form.first_topic_boxes["支部委员会"].isChecked()
    form.first_topic_boxes["党课"].setChecked(True)
    form.first_topic_boxes["支部委员会"].setChecked(False)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    with app_context.session() as session:
        assert required_types(session) == ["支部党员大会", "党课"]
