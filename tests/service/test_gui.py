"""The 志愿服务 page through its widgets: registering service (and being refused), a 微心愿
from 认领 to 完成, a problem solved, a member's 居住地社区, the 报到社区, the figures shown,
the register printed and exported, and the activity-type setting."""

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from sqlalchemy import select

from app.progress import SILENT
from app.service.records import home_communities, list_activities, list_problems, list_wishes
from app.service.rules import activity_types
from db.models import ServiceActivity
from tests.meetings.conftest import TODAY, make_branch
from tests.meetings.test_gui import type_chinese
from ui.service.page import ServicePage
from ui.service.settings import ServiceSettings


@pytest.fixture
def page(qtbot, app_context, database, monkeypatch) -> Iterator[ServicePage]:
    with database.session() as session:
        make_branch(session)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    widget = ServicePage(app_context)
    app_context.data_changed.connect(widget.refresh)  # as the main window does
    widget.set_today(lambda: TODAY)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    for dialog in widget.findChildren(QDialog):  # a form left open would block later windows
        dialog.done(0)
        dialog.deleteLater()


def click_ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_register_service_refusals_then_saved(qtbot, page, app_context) -> None:
    dialog = page.new_activity()
    dialog.date.set_date(dt.date(2026, 11, 28))  # after today
    type_chinese(dialog.community.lineEdit(), "幸福里社区")
    dialog.check("赵一")
    click_ok(qtbot, dialog)
    assert dialog.form.message("date") == "服务日期不能晚于今天"
    assert dialog.isVisible()
    dialog.date.set_date(dt.date(2026, 5, 16))
    dialog.date.finished.emit()  # the list now holds those on the roster that day
    dialog.hours.setValue(0)
    click_ok(qtbot, dialog)
    assert "赵一的服务时长应大于0小时" in dialog.form.message("participants")
    dialog.hours.setValue(2.5)
    dialog.check("钱二")
    dialog.kind.set_text("结对帮扶一户群众")
    dialog.deeds.setValue(2)
    dialog.content.setPlainText("上门看望独居老人")
    click_ok(qtbot, dialog)
    assert not dialog.isVisible()
    with app_context.session() as session:
        [saved] = list_activities(session, 2026)
        assert sorted(p.member.name for p in saved.participants) == ["赵一", "钱二"]
        assert [p.minutes for p in saved.participants] == [150, 150]
    assert page.activities.item(0, 3).text() == "赵一、钱二"
    assert page.activities.item(0, 5).text() == "5"
    assert "服务 1 次、2 人次、5 小时" in page.status.text()
    assert "办实事 2 件" in page.status.text()

    # A second activity the same day may not take 赵一 past 24 hours.
    second = page.new_activity()
    second.date.set_date(dt.date(2026, 5, 16))
    second.date.finished.emit()
    second.hours.setValue(22)
    second.check("赵一")
    click_ok(qtbot, second)
    assert "合计超过24小时" in second.form.message("participants")
    second.reject()
    with app_context.session() as session:
        assert len(session.scalars(select(ServiceActivity)).all()) == 1

    page.activities.selectRow(0)
    edit = page.edit_activity()
    assert edit.chosen_ids() and edit.hours.value() == 2.5
    edit.check("钱二", False)
    click_ok(qtbot, edit)
    assert page.activities.item(0, 3).text() == "赵一"
    page.activities.selectRow(0)
    page.delete_activity()
    assert page.activities.rowCount() == 0


def test_roster_of_the_day_is_offered(qtbot, page) -> None:
    dialog = page.new_activity()
    dialog.date.set_date(dt.date(2026, 1, 5))
    dialog.date.finished.emit()
    names = [dialog.people.item(r).text() for r in range(dialog.people.count())]
    assert "杨转出" in names and "朱新来" not in names  # left 10 Jan; joined 1 Sep
    dialog.date.set_date(dt.date(2026, 10, 5))
    dialog.date.finished.emit()
    names = [dialog.people.item(r).text() for r in range(dialog.people.count())]
    assert "杨转出" not in names and "朱新来" in names


def test_wish_claimed_then_fulfilled(qtbot, page, app_context) -> None:
    page.tabs.setCurrentIndex(1)
    dialog = page.open_wish(None)
    type_chinese(dialog.resident, "王奶奶")
    type_chinese(dialog.wish, "想要一台收音机")
    dialog.claimed_on.set_date(dt.date(2026, 4, 2))
    dialog.member.set_text("孙三")
    click_ok(qtbot, dialog)
    assert dialog.form.message("community") == "请填写社区"
    type_chinese(dialog.community.lineEdit(), "幸福里社区")
    click_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert page.wishes.item(0, 5).text() == "认领"
    page.wishes.selectRow(0)
    done = page.edit_wish()
    done.status.set_text("完成")
    click_ok(qtbot, done)
    assert done.form.message("done_on") == "请填写完成日期"
    done.done_on.set_date(dt.date(2026, 4, 1))
    click_ok(qtbot, done)
    assert done.form.message("done_on") == "完成日期不能早于认领日期"
    done.done_on.set_date(dt.date(2026, 4, 20))
    click_ok(qtbot, done)
    assert page.wishes.item(0, 5).text() == "完成"
    with app_context.session() as session:
        [wish] = list_wishes(session, 2026)
        assert (wish.status, wish.done_on, wish.member.name) == (
            "完成", dt.date(2026, 4, 20), "孙三")
    assert "微心愿认领 1 个、完成 1 个" in page.status.text()


def test_problem_solved_and_home_and_community(qtbot, page, app_context) -> None:
    dialog = page.open_problem(None)
    type_chinese(dialog.community.lineEdit(), "幸福里社区")
    type_chinese(dialog.description, "小区路灯损坏")
    dialog.found_on.set_date(dt.date(2026, 6, 3))
    dialog.coordinator.set_text("李四")
    dialog.status.set_text("已解决")
    dialog.solved_on.set_date(dt.date(2026, 6, 9))
    click_ok(qtbot, dialog)
    assert dialog.form.message("result") == "已解决的问题请填写解决结果"
    type_chinese(dialog.outcome, "协调物业修复")
    click_ok(qtbot, dialog)
    with app_context.session() as session:
        [problem] = list_problems(session, 2026)
        assert (problem.status, problem.coordinator.name) == ("已解决", "李四")
    assert "问题解决 1 个" in page.status.text()

    page.tabs.setCurrentIndex(3)
    row = next(r for r in range(page.members.rowCount())
               if page.members.item(r, 0).text() == "李四")
    assert page.members.item(row, 6).text() == "1"  # coordinated one problem
    page.members.selectRow(row)
    home = page.edit_home()
    type_chinese(home.community, "南湖社区")
    click_ok(qtbot, home)
    assert page.members.item(row, 1).text() == "南湖社区"
    with app_context.session() as session:
        assert [h.community for h in home_communities(session).values()] == ["南湖社区"]

    page.tabs.setCurrentIndex(4)
    assert page.community_label.text() == "本支部尚未登记报到社区。"
    report = page.new_community()
    type_chinese(report.community, "幸福里社区")
    report.reported_on.set_date(dt.date(2024, 3, 1))
    click_ok(qtbot, report)
    assert page.community_label.text() == "本支部报到社区：幸福里社区（2024-03-01报到）"
    # The next form offers the branch's community.
    assert page.new_activity().community.text() == "幸福里社区"


def test_print_and_export(qtbot, page, monkeypatch) -> None:
    built: list[bytes] = []
    exported: list[tuple[str, bytes]] = []

    def preview(_title, build, _name) -> None:
        with page.context.session() as session:
            built.append(build(session, SILENT))

    def export(name, build) -> None:
        with page.context.session() as session:
            exported.append((name, build(session)))

    monkeypatch.setattr(page, "preview", preview)
    monkeypatch.setattr(page, "export", export)
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert built and built[0].startswith(b"%PDF")
    assert exported[0][0] == "2026年志愿服务登记簿.xlsx"
    assert exported[0][1][:2] == b"PK"


def test_activity_types_setting(qtbot, app_context, monkeypatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    form = ServiceSettings(app_context)
    qtbot.addWidget(form)
    assert form.types.toPlainText().splitlines()[0] == "宣讲一次政策"
    form.types.setPlainText("环境整治\n政策宣讲\n环境整治")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert warnings == ["活动类型不能重复"] and form.status.text() == ""
    form.types.setPlainText("环境整治\n政策宣讲")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    with app_context.session() as session:
        assert activity_types(session) == ["环境整治", "政策宣讲"]
