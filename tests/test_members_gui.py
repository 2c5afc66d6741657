"""The 党员 page as the secretary uses it: typing into the form, deleting and undoing,
transferring, searching — checking both what the page shows and what the database holds."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from app.branch import list_groups
from app.idcard import check_character
from app.members.service import MemberInput, add_member
from app.profile import ProfileInput, save_profile
from db.models import Member, MemberTransfer
from tests import pdfcheck
from tests.keyboard import type_text
from ui.dialogs.member_form import MemberForm
from ui.dialogs.pdf_preview import PdfPreviewDialog
from ui.dialogs.recycle_bin import RecycleBinDialog
from ui.dialogs.transfer import TransferDialog
from ui.members.page import MembersPage
from ui.models.members import COLUMNS


def valid_id(first17: str) -> str:
    return first17 + check_character(first17)


@pytest.fixture
def page(qtbot, app_context) -> MembersPage:
    with app_context.session() as session:
        save_profile(session, ProfileInput(name="中共测试局机关第一党支部", code="T-01",
                                           groups=["第一党小组", "第二党小组"]))
        groups = list_groups(session)
        for name, id17, category, join, full, group in (
            ("王建国", "11010519700307101", "正式党员", dt.date(1995, 7, 1),
             dt.date(1996, 7, 1), groups[0]),
            ("李秀英", "11010519850611202", "正式党员", dt.date(2008, 6, 30),
             dt.date(2009, 6, 30), groups[1]),
            ("赵小燕", "11010519980203304", "预备党员", dt.date(2026, 3, 1), None, groups[1]),
        ):
            add_member(session, MemberInput(
                name=name, id_number=valid_id(id17), category=category, join_date=join,
                full_date=full, group_id=group.id, phone="1380000" + id17[-4:]))
    widget = MembersPage(app_context)
    app_context.data_changed.connect(widget.refresh)  # as the main window does
    qtbot.addWidget(widget)
    widget.show()
    return widget


def shown_names(page: MembersPage) -> list[str]:
    return [page.proxy.row_at(row).name for row in range(page.proxy.rowCount())]


def pick(page: MembersPage, name: str) -> None:
    row = shown_names(page).index(name)
    page.table.selectRow(row)


def open_dialog(page: MembersPage, cls: type):
    dialogs = [d for d in page.findChildren(cls) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def stored(app_context, name: str) -> Member | None:
    with app_context.session() as session:
        return session.scalars(select(Member).where(Member.name == name)).first()


def test_add_member_by_typing_into_the_form(qtbot, page, app_context) -> None:
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    form = open_dialog(page, MemberForm)
    number = valid_id("32010219900815262")
    type_text(qtbot, form.fields["name"], "孙丽华")
    type_text(qtbot, form.fields["id_number"], number)
    # A valid ID number fills in the birth date and gender.
    assert form.fields["birth_date"].edit.text() == "1990-08-15"
    assert form.fields["gender"].currentText() == "女"
    type_text(qtbot, form.fields["join_date"].edit, "2015.7.1")
    type_text(qtbot, form.fields["full_date"].edit, "2016年7月1日")
    assert form.derived.text().endswith("年（从转正日期算起）")
    form.group_combo.setCurrentIndex(form.group_combo.findText("第二党小组"))
    type_text(qtbot, form.fields["phone"], "13912345678")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    assert form.result() == MemberForm.DialogCode.Accepted
    assert "孙丽华" in shown_names(page)
    assert page.selected_row().name == "孙丽华"
    assert page.selected_row().status_text == "在册"
    member = stored(app_context, "孙丽华")
    assert member.id_number == number
    assert (member.gender, member.birth_date) == ("女", dt.date(1990, 8, 15))
    assert (member.join_date, member.full_date) == (dt.date(2015, 7, 1), dt.date(2016, 7, 1))
    assert member.group.name == "第二党小组"
    assert member.phone == "13912345678"
    assert "列表中 4 人" in page.count.text()


def test_invalid_id_number_is_shown_under_the_field_and_nothing_is_saved(
        qtbot, page, app_context) -> None:
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    form = open_dialog(page, MemberForm)
    type_text(qtbot, form.fields["name"], "钱多多")
    wrong = "11010519491231002" + ("0" if check_character("11010519491231002") != "0" else "1")
    type_text(qtbot, form.fields["id_number"], wrong)
    assert form.forms[0].message("id_number") == ""  # not while typing the first time
    form.fields["id_number"].editingFinished.emit()  # the user leaves the field
    assert "校验位错误" in form.forms[0].message("id_number")
    assert not form.save_button.isEnabled()
    form.save()
    assert form.isVisible()
    assert "处需要修改" in form.summary.text()
    assert form.forms[1].message("join_date") == "请填写入党日期"
    assert stored(app_context, "钱多多") is None
    # Fixing the number clears the message at once.
    form.fields["id_number"].clear()
    type_text(qtbot, form.fields["id_number"], valid_id("11010519491231002"))
    assert form.forms[0].message("id_number") == ""


def test_birth_date_that_contradicts_the_id_is_a_warning(qtbot, page) -> None:
    page.add_member()
    form = open_dialog(page, MemberForm)
    type_text(qtbot, form.fields["birth_date"].edit, "1980-01-01")
    type_text(qtbot, form.fields["id_number"], valid_id("11010519491231002"))
    form.fields["id_number"].editingFinished.emit()
    assert form.fields["birth_date"].date() == dt.date(1980, 1, 1)  # the user's value stays
    message = form.forms[0].message("id_number")
    assert "不一致" in message and "1949-12-31" in message


def test_a_doubtful_phone_number_is_a_warning_under_the_field(qtbot, page,
                                                              app_context) -> None:
    pick(page, "李秀英")
    page.edit_member()
    form = open_dialog(page, MemberForm)
    work = next(f for f in form.forms if "phone" in f.fields)
    assert work.message("phone") == ""
    form.fields["phone"].clear()
    type_text(qtbot, form.fields["phone"], "1380000")
    form.fields["phone"].editingFinished.emit()
    assert work.message("phone").startswith("联系电话“1380000”不像手机号")
    assert form.forms[0].message("id_number") == ""  # not with the ID number's remarks
    assert form.save_button.isEnabled()  # a warning does not stop saving
    form.fields["phone"].clear()
    type_text(qtbot, form.fields["phone"], "+86 139 0000 0002")
    assert work.message("phone") == ""
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.result() == MemberForm.DialogCode.Accepted
    assert stored(app_context, "李秀英").phone == "13900000002"


def test_probationary_member_has_no_full_date_and_shows_probation_end(qtbot, page) -> None:
    page.add_member()
    form = open_dialog(page, MemberForm)
    type_text(qtbot, form.fields["full_date"].edit, "2016-07-01")
    form.fields["category"].set_text("预备党员")
    assert not form.fields["full_date"].isEnabled()
    assert form.fields["full_date"].date() is None
    type_text(qtbot, form.fields["join_date"].edit, "2026-03-01")
    assert "预备期至 2027-03-01" in form.derived.text()
    form.fields["category"].set_text("正式党员")
    assert form.fields["full_date"].date() == dt.date(2016, 7, 1)  # given back


def test_double_click_opens_the_member_and_saves_a_change(qtbot, page, app_context) -> None:
    pick(page, "李秀英")
    index = page.table.selectionModel().selectedRows()[0]
    page.table.doubleClicked.emit(index)
    form = open_dialog(page, MemberForm)
    assert form.fields["name"].text() == "李秀英"
    assert form.fields["gender"].currentText() == "女"
    form.fields["phone"].clear()
    type_text(qtbot, form.fields["phone"], "021-66668888")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert stored(app_context, "李秀英").phone == "021-66668888"
    assert page.selected_row().phone == "021-66668888"


def test_delete_then_undo_restores_the_member(qtbot, page, app_context) -> None:
    pick(page, "王建国")
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert "王建国" not in shown_names(page)
    assert stored(app_context, "王建国").deleted_at is not None
    assert page.undo_bar.isVisible()
    assert "王建国" in page.undo_label.text()

    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert "王建国" in shown_names(page)
    assert stored(app_context, "王建国").deleted_at is None
    assert page.selected_row().name == "王建国"


def test_recycle_bin_restores_an_older_deletion(qtbot, page, app_context) -> None:
    for name in ("王建国", "李秀英"):
        pick(page, name)
        page.delete_member()
    qtbot.mouseClick(page.bin_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(page, RecycleBinDialog)
    names = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert names == ["李秀英", "王建国"]  # newest first
    dialog.table.selectRow(1)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 1
    assert "王建国" in shown_names(page)
    assert stored(app_context, "王建国").deleted_at is None
    assert stored(app_context, "李秀英").deleted_at is not None


def test_transfer_out_moves_the_member_from_the_roster_to_history(
        qtbot, page, app_context) -> None:
    pick(page, "李秀英")
    assert page.transfer_button.text() == "转出…"
    qtbot.mouseClick(page.transfer_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(page, TransferDialog)
    assert dialog.direction() == "转出"
    dialog.date.edit.clear()
    type_text(qtbot, dialog.date.edit, "2025-05-10")
    type_text(qtbot, dialog.organisation, "中共市财政局机关党支部")
    type_text(qtbot, dialog.letter_no, "转字第015号")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    with app_context.session() as session:
        move = session.scalars(select(MemberTransfer)).one()
        assert (move.direction, move.date, move.organisation, move.letter_no) == (
            "转出", dt.date(2025, 5, 10), "中共市财政局机关党支部", "转字第015号")
    page.state_filter.setCurrentText("在册")
    assert "李秀英" not in shown_names(page)
    page.state_filter.setCurrentText("已转出")
    assert shown_names(page) == ["李秀英"]
    assert page.proxy.row_at(0).status_text == "已转出（2025-05-10）"
    page.state_filter.setCurrentText("全部")
    assert len(shown_names(page)) == 3

    # The member's form shows the move.
    pick(page, "李秀英")
    page.edit_member()
    form = open_dialog(page, MemberForm)
    history = form.transfers
    assert [history.item(0, c).text() for c in range(4)] == [
        "2025-05-10", "转出", "中共市财政局机关党支部", "转字第015号"]
    form.reject()

    # Transferring out again is refused in the dialog, saving nothing.
    pick(page, "李秀英")
    assert page.transfer_button.text() == "转入…"
    page.transfer_member()
    again = open_dialog(page, TransferDialog)
    again.out_button.setChecked(True)
    again.save()
    assert "不能再次转出" in again.error.text()
    with app_context.session() as session:
        assert len(session.scalars(select(MemberTransfer)).all()) == 1


def test_search_and_filters(qtbot, page) -> None:
    type_text(qtbot, page.search, "李")
    assert shown_names(page) == ["李秀英"]
    page.search.clear()
    type_text(qtbot, page.search, "1380000")  # phone
    assert len(shown_names(page)) == 3
    page.search.clear()
    type_text(qtbot, page.search, "19850611")  # part of an ID number
    assert shown_names(page) == ["李秀英"]
    page.search.clear()
    page.group_filter.setCurrentText("第二党小组")
    assert sorted(shown_names(page)) == ["李秀英", "赵小燕"]
    page.category_filter.setCurrentText("预备党员")
    assert shown_names(page) == ["赵小燕"]
    assert page.proxy.row_at(0).status_text == "预备期至2027-03-01"
    assert "列表中 1 人（正式党员 0，预备党员 1）" in page.count.text()


def test_sorting_by_party_age(page) -> None:
    column = [title for title, _attr in COLUMNS].index("党龄")
    page.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    assert shown_names(page) == ["王建国", "李秀英", "赵小燕"]
    page.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    assert shown_names(page) == ["赵小燕", "李秀英", "王建国"]


def test_cancelling_a_changed_form_asks_first_and_saves_nothing(
        qtbot, page, app_context, monkeypatch) -> None:
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *args, **kwargs: asked.append(args[2]) or answers.pop(0)))
    pick(page, "王建国")
    page.edit_member()
    form = open_dialog(page, MemberForm)
    form.reject()  # nothing changed: closes without asking
    assert not form.isVisible() and not asked
    page.edit_member()
    form = open_dialog(page, MemberForm)
    type_text(qtbot, form.fields["address"], "人民路1号")
    form.reject()
    assert form.isVisible() and len(asked) == 1  # 取消: keep editing
    form.reject()
    assert not form.isVisible()
    assert stored(app_context, "王建国").address == ""


def test_member_form_shows_the_yearly_appraisal_results(qtbot, demo_database) -> None:
    from app.meetings.appraisal import member_appraisals
    from db.models import AppraisalGrade
    from ui.context import AppContext

    context = AppContext(demo_database)
    with context.session() as session:
        member_id = session.scalars(select(AppraisalGrade.member_id)).first()
        history = member_appraisals(session, member_id)
    form = MemberForm(context, member_id)
    qtbot.addWidget(form)
    text = form.appraisals.text()
    assert history and f"{history[0].year}年：{history[0].grade}" in text
    assert text.count("年：") == len(history)


def test_recording_a_death_moves_the_member_off_the_roster(qtbot, page, app_context) -> None:
    pick(page, "王建国")
    page.table.doubleClicked.emit(page.table.selectionModel().selectedRows()[0])
    form = open_dialog(page, MemberForm)
    type_text(qtbot, form.fields["deceased_date"].edit, "2026.3.2")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert stored(app_context, "王建国").deceased_date == dt.date(2026, 3, 2)
    assert page.selected_row().status_text == "已去世（2026-03-02）"
    page.proxy.set_state("在册")
    assert "王建国" not in shown_names(page)


def test_print_roster_previews_the_members_on_the_roster(qtbot, page) -> None:
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(isinstance(w, PdfPreviewDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()))
    preview = next(w for w in QApplication.topLevelWidgets()
                   if isinstance(w, PdfPreviewDialog) and w.isVisible())
    text = pdfcheck.compact(preview.pdf)
    assert preview.file_name.startswith("党员名册（")
    assert "中共测试局机关第一党支部" in text and "3名（正式党员2名，预备党员1名）" in text
    assert text.index("王建国") < text.index("李秀英") < text.index("赵小燕")
    preview.close()
