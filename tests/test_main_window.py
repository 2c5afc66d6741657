"""The branch window as a whole: pages refresh only for the areas a save touched, the mouse
wheel leaves fields alone unless they have the focus, 设置 warns before unsaved changes are
left behind, and the 会议 list keeps its counts in view on a small window."""

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox

from app import settings
from app.meetings.service import MeetingInput, save_meeting
from app.meetings.settings import BACKDATED_DAYS
from app.members.service import MemberInput, add_member
from tests.test_window_keys import window  # noqa: F401 - the branch window on the demo
from tests.ui_inventory import SIDEBAR, TODAY
from ui.areas import Area, areas_of
from ui.main_window import MainWindow
from ui.widgets.wheel import guard_wheel


def count_refreshes(page, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    original = page.refresh
    monkeypatch.setattr(page, "refresh", lambda: calls.append(1) or original())
    return calls


def test_a_save_refreshes_only_the_pages_that_show_its_area(
        window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """The page in view refreshes at once; the others that show the area when next shown."""
    counts = {title: count_refreshes(window.page(title), monkeypatch)
              for title in ("党费", "慰问", "党员")}
    shown: list[frozenset[Area]] = []
    window.context.data_changed.connect(shown.append)

    def refreshes_after_visiting() -> dict[str, int]:
        for title in counts:
            window.go_to(title)
        return {t: len(c) for t, c in counts.items()}

    def add(session) -> None:
        add_member(session, MemberInput(name="柯新", id_number="110101198001010053",
                                        category="正式党员", join_date=TODAY.replace(year=2005),
                                        full_date=TODAY.replace(year=2006)), today=TODAY)

    window.context.apply(add)
    assert shown == [frozenset({Area.MEMBERS})]
    assert {t: len(c) for t, c in counts.items()} == {"党费": 0, "慰问": 0, "党员": 0}
    assert refreshes_after_visiting() == {"党费": 1, "慰问": 1, "党员": 1}

    window.context.apply(lambda session: settings.put(session, BACKDATED_DAYS, 10))
    assert shown[-1] == frozenset({Area.SETTINGS})
    assert len(counts["党员"]) == 2  # in view: at once
    assert refreshes_after_visiting() == {"党费": 2, "慰问": 2, "党员": 2}
    window.context.apply(lambda session: save_meeting(
        session, MeetingInput(types=["党课"], date=TODAY, title="党课"), today=TODAY))
    assert shown[-1] == frozenset({Area.MEETINGS})  # none of the three shows meetings
    window.context.apply(lambda session: None)  # wrote nothing: nothing to refresh
    assert shown[-1] == frozenset()
    assert refreshes_after_visiting() == {"党费": 2, "慰问": 2, "党员": 2}


def test_areas_come_from_the_tables_written() -> None:
    assert areas_of(["dues_payment", "audit_log"]) == {Area.DUES}
    assert areas_of(["aid_step", "fund_entry", "visit_person"]) == {Area.FUND, Area.VISITS}
    assert areas_of(["a_table_no_page_knows"]) == frozenset(Area)  # unknown: refresh all


def wheel(widget, qtbot) -> None:
    event = QWheelEvent(QPointF(5, 5), QPointF(widget.mapToGlobal(QPoint(5, 5))), QPoint(0, 0),
                        QPoint(0, -120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_scrolls_settings_instead_of_changing_a_field(
        qtbot, window: MainWindow) -> None:  # noqa: F811
    guard = guard_wheel(QApplication.instance())
    try:
        window.go_to("设置")
        page = window.page("设置")
        mode: QComboBox = page.sections["党费"].mode
        before = mode.currentIndex()
        page.clearFocus()
        wheel(mode, qtbot)
        assert mode.currentIndex() == before  # 核定方式 stays as it was
        mode.setFocus()
        qtbot.waitUntil(mode.hasFocus)
        wheel(mode, qtbot)
        assert mode.currentIndex() != before  # chosen on purpose: the wheel works
        mode.setCurrentIndex(before)  # leaves 设置 with nothing unsaved
    finally:
        QApplication.instance().removeEventFilter(guard)


def test_settings_ask_before_unsaved_changes_are_left(
        qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *args, **_kw: asked.append(args[2]) or answers.pop(0)))
    window.go_to("设置")
    page = window.page("设置")
    window.go_to("党员")  # nothing changed: no question
    assert asked == [] and window.current_page() is window.page("党员")
    window.go_to("设置")
    mode = page.sections["党费"].mode
    saved_mode = mode.currentIndex()
    mode.setCurrentIndex(1 - saved_mode)
    window.sidebar.setCurrentRow(1)  # the user clicks 党员
    assert len(asked) == 1 and "党费" in asked[0]
    assert window.current_page() is page  # 取消: stays
    assert window.sidebar.currentRow() == SIDEBAR.index("设置")
    assert mode.currentIndex() == 1 - saved_mode
    window.sidebar.setCurrentRow(1)
    assert len(asked) == 2 and window.current_page() is window.page("党员")  # 放弃
    assert mode.currentIndex() == saved_mode  # shown as saved again


def test_the_meeting_list_keeps_its_counts_in_view_at_the_smallest_size(
        qtbot, window: MainWindow) -> None:  # noqa: F811
    window.resize(960, 600)
    window.go_to("会议")
    table = window.page("会议").list.table
    QApplication.processEvents()
    header = table.horizontalHeader()
    for column, title in ((3, "应到/实到"), (4, "状态")):
        assert table.model().headerData(column, Qt.Orientation.Horizontal) == title
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert header.sectionSize(column) > 30 and right <= table.viewport().width(), title
