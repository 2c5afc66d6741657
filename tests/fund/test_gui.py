"""The 互助金 and 慰问 pages driven like a user would: what shows and what the DB holds."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.fund import applications as apps
from app.fund import ledger
from app.fund.applications import AidStatus
from app.fund.kinds import EntryKind
from app.fund.ledger import Posting
from app.fund.settings import mode
from app.visits.rules import caps
from app.visits.service import list_visits
from db.database import Database
from tests.fund.helpers import TODAY, branch_fund, committee_item, make_member, yuan
from tests.program_look import program_look  # noqa: F401 - a fixture
from ui.context import AppContext
from ui.fund.application_dialogs import RegisterDialog, ReviewDialog, StepDialog
from ui.fund.dialogs import DonationDialog, ReverseDialog
from ui.fund.page import FundPage
from ui.settings.fund import FundSection
from ui.visits.dialog import VisitDialog
from ui.visits.page import VisitsPage


def page(qtbot, cls: type[QWidget], context: AppContext) -> QWidget:
    widget = cls(context)
    qtbot.addWidget(widget)
    widget.set_today(lambda: TODAY)
    context.data_changed.connect(widget.refresh)
    return widget


def last_dialog(parent: QWidget, cls: type) -> object:
    found = parent.findChildren(cls)
    assert found, f"no {cls.__name__} opened"
    return found[-1]


def click(qtbot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


@pytest.fixture
def no_questions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Answer every QMessageBox question with Yes and remember what was asked."""
    asked: list[str] = []

    def answer(_parent, _title, text, *_args, **_kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    return asked


def test_spring_visit_paid_from_the_fund_lowers_the_balance(
        qtbot, app_context: AppContext, database: Database, no_questions: list[str]) -> None:
    with database.session() as session:
        branch_fund(session)
        ledger.post(session, Posting(kind=EntryKind.UNION_FUNDING, date=dt.date(2026, 1, 5),
                                     amount=yuan("2000.00"), person_name="机关工会"), TODAY)
        make_member(session, "老周", "19400101", 11, dt.date(1965, 3, 1), dt.date(1966, 3, 1))
    fund = page(qtbot, FundPage, app_context)
    visits = page(qtbot, VisitsPage, app_context)
    assert "余额 <b>2,000.00</b> 元" in fund.status.text()

    click(qtbot, visits.add_button)
    dialog = last_dialog(visits, VisitDialog)
    dialog.kind.set_text("春节慰问")
    dialog.source.set_text("互助金")
    dialog.member.set_text("老周")
    click(qtbot, dialog.findChild(QWidget, "add-member"))
    assert dialog.persons.rowCount() == 1 and dialog.persons.item(0, 1).text() == "党员"
    dialog.persons.item(0, 2).setText("500")
    dialog.persons.item(0, 3).setText("大米 120；食用油 80")
    dialog.persons.item(0, 4).setText("老周")
    dialog.visitors.setText("王书记、李委员")  # keyClicks cannot type Chinese
    click(qtbot, dialog.ok_button)

    assert not dialog.isVisible() and dialog.error.text() == ""
    assert visits.table.rowCount() == 1 and visits.table.item(0, 1).text() == "春节慰问"
    assert visits.table.item(0, 7).text() == "互助金"
    assert "余额 <b>1,300.00</b> 元" in fund.status.text()
    rows = [[fund.ledger.table.item(r, c).text() for c in range(7)]
            for r in range(fund.ledger.table.rowCount())]
    assert rows[-1][2:7] == ["慰问支出", "春节慰问：老周", "", "700.00", "1,300.00"]
    with database.session() as session:
        assert ledger.balance(session) == yuan("1300.00")
        (visit,) = list_visits(session)
        assert visit.persons[0].signed_name == "老周"


def test_fund_visit_beyond_the_balance_is_refused_in_the_form(
        qtbot, app_context: AppContext, database: Database, no_questions: list[str]) -> None:
    with database.session() as session:
        branch_fund(session)
        make_member(session, "老周")
    visits = page(qtbot, VisitsPage, app_context)
    click(qtbot, visits.add_button)
    dialog = last_dialog(visits, VisitDialog)
    assert dialog.kind.text() == ""  # 25 November is no festival's season: the user chooses
    dialog.kind.set_text("困难党员")
    dialog.source.set_text("互助金")
    dialog.member.set_text("老周")
    click(qtbot, dialog.findChild(QWidget, "add-member"))
    dialog.persons.item(0, 2).setText("300")
    click(qtbot, dialog.ok_button)
    assert "余额不足" in dialog.error.text() and "0.00 元" in dialog.error.text()
    assert no_questions == ["老周的慰问金尚未签收。\n\n仍要保存吗？"]
    with database.session() as session:
        assert list_visits(session) == []


def test_donation_then_reversal_from_the_ledger_tab(
        qtbot, app_context: AppContext, database: Database, no_questions: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    with database.session() as session:
        make_member(session, "李娜", "19800101", 22)
    fund = page(qtbot, FundPage, app_context)
    previews: list[str] = []
    monkeypatch.setattr(fund, "preview", lambda title, build, name: previews.append(title))
    click(qtbot, fund.ledger.donate)
    dialog = last_dialog(fund.ledger, DonationDialog)
    dialog.donor.set_text("李娜")
    qtbot.keyClicks(dialog.amount, "200")
    click(qtbot, dialog.ok_button)
    assert previews == ["捐款收据"]  # "现在打印收据吗？" was answered yes
    assert fund.ledger.table.item(0, 3).text() == "李娜捐款"
    assert "余额 <b>200.00</b> 元" in fund.status.text()

    fund.ledger.table.selectRow(0)
    click(qtbot, fund.ledger.reverse)
    reversal = last_dialog(fund.ledger, ReverseDialog)
    click(qtbot, reversal.ok_button)
    assert reversal.form.message("reason") == "" and "冲销原因" in reversal.error.text()
    reversal.reason.setText("金额登记错误")
    click(qtbot, reversal.ok_button)
    assert fund.ledger.table.rowCount() == 2
    assert fund.ledger.table.item(0, 10).text() == "已由第 2 号冲销"
    assert "余额 <b>0.00</b> 元" in fund.status.text()


def test_a_donation_without_a_date_is_asked_for_it_and_saved_once_dated(
        qtbot, app_context: AppContext, database: Database, no_questions: list[str]) -> None:
    with database.session() as session:
        make_member(session, "李娜", "19800101", 22)
    fund = page(qtbot, FundPage, app_context)
    click(qtbot, fund.ledger.donate)
    dialog = last_dialog(fund.ledger, DonationDialog)
    dialog.donor.set_text("李娜")
    qtbot.keyClicks(dialog.amount, "200")
    dialog.date.edit.clear()
    click(qtbot, dialog.ok_button)
    assert dialog.form.message("date") == "请填写日期" and dialog.isVisible()
    qtbot.keyClicks(dialog.date.edit, "2026-13-01")
    click(qtbot, dialog.ok_button)
    assert dialog.form.message("date") == "日期格式不对，请按“2001-07-01”填写"
    assert fund.ledger.table.rowCount() == 0
    with database.session() as session:
        assert ledger.balance(session) == yuan("0.00")
    dialog.date.set_date(TODAY)
    click(qtbot, dialog.ok_button)
    assert fund.ledger.table.rowCount() == 1 and not dialog.isVisible()


def test_application_register_review_and_submit(
        qtbot, app_context: AppContext, database: Database, no_questions: list[str]) -> None:
    with database.session() as session:
        make_member(session, "张伟")
        committee_item(session, dt.date(2026, 11, 20), "审议张伟同志困难补助申请")
    fund = page(qtbot, FundPage, app_context)
    fund.tabs.setCurrentWidget(fund.applications)
    click(qtbot, fund.applications.register)
    dialog = last_dialog(fund.applications, RegisterDialog)
    dialog.member.set_text("张伟")
    dialog.reason.set_text("本人患重病")
    qtbot.keyClicks(dialog.amount, "1500")
    dialog.applied_on.set_date(dt.date(2026, 11, 10))
    dialog.detail.setPlainText("住院治疗，自付费用高")
    click(qtbot, dialog.ok_button)
    table = fund.applications.table
    assert table.item(0, 5).text() == "已登记" and table.item(0, 6).text() == "支部审核"

    table.selectRow(0)
    click(qtbot, fund.applications.next_step)
    review = last_dialog(fund.applications, ReviewDialog)
    review.meeting.setCurrentIndex(0)
    assert review.item.text() == "审议张伟同志困难补助申请"
    review.opinion.setText("情况属实，同意上报")
    click(qtbot, review.ok_button)
    assert table.item(0, 5).text() == "支部已审核"

    table.selectRow(0)
    click(qtbot, fund.applications.next_step)
    step = last_dialog(fund.applications, StepDialog)
    assert step.step == "上报工委"
    click(qtbot, step.ok_button)
    assert table.item(0, 5).text() == "已上报" and table.item(0, 6).text() == "等待工委审批"
    table.selectRow(0)
    assert "支部审核（已登记 → 支部已审核）" in fund.applications.steps.text()
    with database.session() as session:
        (application,) = apps.list_applications(session)
        assert application.status == AidStatus.SUBMITTED and application.meeting_id


def test_settings_section_switches_mode_and_caps(
        qtbot, app_context: AppContext, database: Database) -> None:
    section = FundSection(app_context)
    qtbot.addWidget(section)
    section.mode.set_text("支部基金")
    section.confirmation.setChecked(True)
    section.caps.item(2, 0).setText("800")
    click(qtbot, section.save_button)
    assert section.message.text() == "已保存。"
    section.caps.item(2, 1).setText("500")
    click(qtbot, section.save_button)
    assert "不应高于每人每年" in section.message.text()
    with database.session() as session:
        assert mode(session) == "支部基金"
        assert caps(session)["工会经费"][0] == yuan("800.00")


@pytest.mark.usefixtures("program_look")
def test_visit_form_headers_are_readable(qtbot, app_context: AppContext) -> None:
    from tests.meetings.test_gui import headers_fit

    visits = page(qtbot, VisitsPage, app_context)
    click(qtbot, visits.add_button)
    dialog = last_dialog(visits, VisitDialog)
    assert headers_fit(dialog.persons) == []  # 慰问品（名称 金额；…） was cut off
