"""The first-run wizard: typed answers become the branch profile; problems stop 下一步."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from app.branch import get_profile, list_groups
from tests.keyboard import type_text
from ui.dialogs.setup_wizard import SetupWizard


def test_wizard_creates_the_profile(qtbot, app_context) -> None:
    wizard = SetupWizard(app_context)
    qtbot.addWidget(wizard)
    wizard.show()
    form = wizard.form
    next_button = wizard.button(QWizard.WizardButton.NextButton)

    # 下一步 with nothing filled in stays on the page and says what is missing.
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert wizard.currentId() == 0
    assert form.basics.message("name") == "请填写支部全称（与印章一致）"
    assert form.basics.message("code") == "请填写支部代码"

    type_text(qtbot, form.name, "中共市统计局机关第二党支部")
    type_text(qtbot, form.code, "tjj-02")
    type_text(qtbot, form.parent_committee, "中共市统计局机关委员会")
    type_text(qtbot, form.city_committee, "中共市直属机关工作委员会")
    type_text(qtbot, form.term_start.edit, "2024-03-15")
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert wizard.currentId() == 1

    # A committee without a 书记 is refused.
    secretary_post, secretary_name = form.committee.rows()[0]
    secretary_post.set_text("组织委员")
    type_text(qtbot, secretary_name, "周明")
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert wizard.currentId() == 1
    assert form.committee.message.text() == "支部委员中应有书记"
    secretary_post.set_text("书记")
    qtbot.mouseClick(form.committee.add_button, Qt.MouseButton.LeftButton)
    post, name = form.committee.rows()[1]
    post.set_text("宣传委员")
    type_text(qtbot, name, "吴芳")
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert wizard.currentId() == 2

    for group in ("第一党小组", "第二党小组"):
        type_text(qtbot, form.groups.new_name, group)
        qtbot.mouseClick(form.groups.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert wizard.currentId() == 3

    # 密码保护 is offered (checked): two different or too short passwords stop 下一步.
    page = wizard.password_page
    assert page.enabled.isChecked()
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert wizard.currentId() == 3 and "密码至少 6 位" in page.error.text()
    type_text(qtbot, page.first, "secret-2026")
    type_text(qtbot, page.second, "secret-2027")
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert wizard.currentId() == 3 and page.error.text() == "两次输入的密码不一致。"
    page.second.clear()
    type_text(qtbot, page.second, "secret-2026")
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert wizard.currentId() == 4 and page.password == "secret-2026"
    assert "中共市统计局机关第二党支部" in wizard.currentPage().summary.text()

    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert wizard.result() == QWizard.DialogCode.Accepted
    with app_context.session() as session:
        profile = get_profile(session)
        assert (profile.name, profile.code) == ("中共市统计局机关第二党支部", "TJJ-02")
        assert profile.parent_committee == "中共市统计局机关委员会"
        assert profile.term_start == dt.date(2024, 3, 15)
        assert profile.started_on == dt.date.today()  # the set-up day, as offered
        assert profile.committee == [{"post": "书记", "name": "周明"},
                                     {"post": "宣传委员", "name": "吴芳"}]
        assert [g.name for g in list_groups(session)] == ["第一党小组", "第二党小组"]


def test_the_password_can_be_left_for_later(qtbot, app_context) -> None:
    wizard = SetupWizard(app_context)
    qtbot.addWidget(wizard)
    page = wizard.password_page
    page.enabled.click()
    assert not page.first.isEnabled() and page.validatePage() and page.password is None


def test_cancelling_the_wizard_saves_nothing(qtbot, app_context) -> None:
    wizard = SetupWizard(app_context)
    qtbot.addWidget(wizard)
    wizard.show()
    type_text(qtbot, wizard.form.name, "中共测试支部")
    type_text(qtbot, wizard.form.code, "X1")
    wizard.next()
    wizard.reject()
    with app_context.session() as session:
        assert get_profile(session) is None
