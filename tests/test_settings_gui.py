"""设置: editing the branch profile later (same form as the wizard) and the backups section."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.branch import get_profile, list_groups
from app.idcard import check_character
from app.members.service import MemberInput, add_member
from app.profile import ProfileInput, save_profile
from tests.keyboard import type_text
from ui.settings.page import SettingsPage


@pytest.fixture
def page(qtbot, app_context) -> SettingsPage:
    with app_context.session() as session:
        save_profile(session, ProfileInput(
            name="中共市统计局机关第二党支部", code="TJJ-02",
            committee=[{"post": "书记", "name": "周明"}],
            groups=["第一党小组", "第二党小组", "第三党小组"]))
        first = list_groups(session)[0]
        add_member(session, MemberInput(
            name="郑和平", id_number="11010519700307101" + check_character("11010519700307101"),
            category="正式党员", join_date=dt.date(1995, 7, 1), full_date=dt.date(1996, 7, 1),
            group_id=first.id))
    widget = SettingsPage(app_context)
    app_context.data_changed.connect(widget.refresh)  # as the main window does
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_settings_edits_the_profile_and_keeps_group_identity(qtbot, page, app_context) -> None:
    section = page.sections["支部信息"]
    form = section.form
    assert form.name.text() == "中共市统计局机关第二党支部"
    assert not section.save_button.isEnabled()
    with app_context.session() as session:
        ids = [g.id for g in list_groups(session)]

    form.name.clear()
    type_text(qtbot, form.name, "中共市统计局机关第一党支部")
    qtbot.mouseClick(form.committee.add_button, Qt.MouseButton.LeftButton)
    post, name = form.committee.rows()[1]
    post.set_text("副书记")
    type_text(qtbot, name, "陈静")
    form.groups.list.item(0).setText("综合党小组")  # renamed in place
    form.groups.list.setCurrentRow(2)
    qtbot.mouseClick(form.groups.remove_button, Qt.MouseButton.LeftButton)  # empty group
    assert section.save_button.isEnabled()
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)

    assert section.status.text() == "已保存。"
    with app_context.session() as session:
        profile = get_profile(session)
        assert profile.name == "中共市统计局机关第一党支部"
        assert profile.committee == [{"post": "书记", "name": "周明"},
                                     {"post": "副书记", "name": "陈静"}]
        groups = list_groups(session)
        assert [(g.id, g.name) for g in groups] == [(ids[0], "综合党小组"),
                                                   (ids[1], "第二党小组")]


def test_invalid_profile_is_shown_inline_and_not_saved(qtbot, page, app_context) -> None:
    section = page.sections["支部信息"]
    form = section.form
    form.code.clear()
    form.groups.list.setCurrentRow(0)  # the group 郑和平 is in
    form.groups.remove_selected()
    section.save()
    assert form.basics.message("code") == "请填写支部代码"
    type_text(qtbot, form.code, "TJJ-02")
    section.save()
    assert "还有在册党员" in form.groups.message.text()
    with app_context.session() as session:
        assert len(list_groups(session)) == 3
    qtbot.mouseClick(section.revert_button, Qt.MouseButton.LeftButton)
    assert form.groups.list.count() == 3
    assert not form.groups.message.isVisible()


def test_backup_now_adds_a_verified_backup_to_the_list(qtbot, page, app_context) -> None:
    section = page.sections["数据与备份"]
    assert str(app_context.database.path) in section.findChild(
        type(section.status), "path-0").text()
    before = section.table.rowCount()
    qtbot.mouseClick(section.backup_button, Qt.MouseButton.LeftButton)
    assert section.table.rowCount() == before + 1
    assert section.table.item(0, 1).text() == "手动"
    assert section.status.text().startswith("已备份并校验：")
    assert len(app_context.database.backups.listing()) == before + 1
