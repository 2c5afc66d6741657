"""The 党费 page as the secretary uses it on the demo branch: 集中交纳 clears an arrears
warning, long 预交 asks first, voluntary sums for 中央, 减免, the yearly 核定, settings."""

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from app.dues import config
from app.dues.arrears import arrears
from app.dues.ledger import WAIVED
from app.dues.months import Month
from db.database import Database
from db.models import DuesAssessment, DuesPayment, DuesRelief, Member
from tests.conftest import TODAY
from tests.keyboard import type_text
from ui.context import AppContext
from ui.dues.assessment import AssessmentDialog
from ui.dues.page import DuesPage
from ui.dues.payment_dialogs import BatchDialog, PaymentDialog, VoluntaryDialog
from ui.dues.relief import ReliefDialog
from ui.models.dues import FIRST_MONTH_COLUMN


@pytest.fixture
def context(qtbot, demo_database: Database) -> AppContext:
    return AppContext(demo_database)


@pytest.fixture
def page(qtbot, context: AppContext) -> DuesPage:
    widget = DuesPage(context)
    context.data_changed.connect(widget.refresh)  # as the main window does
    widget.set_today(lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1300, 760)
    widget.show()
    return widget


def open_dialog(page: DuesPage, cls: type):
    dialogs = [d for d in page.findChildren(cls) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def row_of(page: DuesPage, name: str) -> int:
    return [r.member.name for r in page.collection.model.rows].index(name)


def click_cell(qtbot, page: DuesPage, row: int, column: int,
               modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    table = page.collection.table
    index = page.collection.model.index(row, column)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier,
                     table.visualRect(index).center())


def answer(monkeypatch, *replies: QMessageBox.StandardButton) -> list[str]:
    """Make QMessageBox.question answer in turn; returns the questions asked."""
    asked: list[str] = []
    queue = list(replies)

    def question(_parent, _title, text, *_args):
        asked.append(text)
        return queue.pop(0)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def test_batch_payment_for_several_members_clears_the_arrears_warning(
        qtbot, page: DuesPage, context: AppContext) -> None:
    with context.session() as session:
        warned = next(a for a in arrears(session, TODAY) if not a.flagged)
    assert warned.run[-1] == Month(2026, 10)
    tab = page.collection
    assert warned.name in tab.banner_text()
    # The secretary selects October for the late member and two others, then 集中交纳.
    october = FIRST_MONTH_COLUMN + 9
    rows = [row_of(page, warned.name), 0, 1]
    for row, modifier in zip(rows, (Qt.KeyboardModifier.NoModifier,
                                    Qt.KeyboardModifier.ControlModifier,
                                    Qt.KeyboardModifier.ControlModifier), strict=True):
        click_cell(qtbot, page, row, october, modifier)
    assert len(tab.table.selectedIndexes()) == 3
    qtbot.mouseClick(tab.batch_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(page, BatchDialog)
    assert dialog.month.value() == Month(2026, 10)
    assert dialog.checked_ids() == [warned.member_id]  # the two others have paid October
    assert "已选 1 人" in dialog.total.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    with context.session() as session:
        paid = session.scalars(select(DuesPayment).where(
            DuesPayment.member_id == warned.member_id,
            DuesPayment.month == dt.date(2026, 10, 1))).all()
        assert len(paid) == 1 and paid[0].kind == "补交"
        assert session.get(Member, warned.member_id).membership_status == "正常"
    assert warned.name not in tab.banner_text()
    assert tab.model.data(tab.model.index(rows[0], october)) == f"{paid[0].amount:.2f}"
    assert "已为 1 名党员登记党费" in page.status.text()


def test_batch_dialog_pays_everyone_checked_for_a_month(qtbot, page: DuesPage,
                                                         context: AppContext) -> None:
    with context.session() as session:
        late = [a.member_id for a in arrears(session, TODAY)]
    page.collection.table.clearSelection()
    qtbot.mouseClick(page.collection.batch_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(page, BatchDialog)
    dialog.month.set_month(Month(2026, 10))
    assert set(late) <= set(dialog.checked_ids())
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    with context.session() as session:
        assert arrears(session, TODAY) == []  # every run of unpaid months ended in October
    assert page.collection.banner_text() == ""


def test_long_advance_payment_asks_before_saving(qtbot, page: DuesPage, context: AppContext,
                                                  monkeypatch) -> None:
    tab = page.collection
    row = next(i for i, r in enumerate(tab.model.rows)
               if r.assessment and r.cells[11].payable and not r.unpaid)
    name = tab.model.rows[row].member.name
    with context.session() as session:
        member = session.scalars(select(Member).where(Member.name == name)).one()
        for year in (2027,):
            session.add(DuesAssessment(member_id=member.id, year=year, category="在职",
                                       base=Decimal("5100.00"), rule_set="中组发〔2008〕3号",
                                       monthly_amount=Decimal("76.50"), assessed_on=TODAY))
    click_cell(qtbot, page, row, FIRST_MONTH_COLUMN + 11)
    qtbot.mouseClick(tab.pay_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(page, PaymentDialog)
    dialog.last.set_month(Month(2027, 6))  # December .. June: seven months ahead
    assert "预交到7个月后" in dialog.summary.text()
    asked = answer(monkeypatch, QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and len(asked) == 1  # said No: nothing saved
    with context.session() as session:
        assert session.scalar(select(DuesPayment).where(
            DuesPayment.month == dt.date(2027, 6, 1))) is None
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    with context.session() as session:
        months = session.scalars(select(DuesPayment.month).where(
            DuesPayment.member_id == member.id, DuesPayment.paid_on == TODAY)).all()
    assert sorted(months) == [Month(2026, 12).shift(i).first_day for i in range(7)]
    assert "收据号" in page.status.text()


def test_voluntary_thousand_is_flagged_for_central(qtbot, page: DuesPage,
                                                   context: AppContext) -> None:
    tab = page.collection
    click_cell(qtbot, page, 0, 0)
    qtbot.mouseClick(tab.voluntary_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(page, VoluntaryDialog)
    type_text(qtbot, dialog.amount, "1000")
    assert "全部上缴中央" in dialog.hint.text() and "1000.00" in dialog.hint.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    with context.session() as session:
        payment = session.scalars(select(DuesPayment).where(
            DuesPayment.amount == Decimal("1000.00"), DuesPayment.paid_on == TODAY)).one()
    assert payment.kind == "一次性自愿" and payment.to_central


def test_relief_dialog_waives_months(qtbot, page: DuesPage, context: AppContext) -> None:
    tab = page.collection
    row = next(i for i, r in enumerate(tab.model.rows) if r.cells[11].payable)
    name = tab.model.rows[row].member.name
    click_cell(qtbot, page, row, FIRST_MONTH_COLUMN + 11)
    qtbot.mouseClick(tab.relief_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(page, ReliefDialog)
    assert dialog.member.currentText() == name
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "减免原因" in dialog.error.text() or dialog.form.message("reason")
    type_text(qtbot, dialog.reason, "重病住院")
    type_text(qtbot, dialog.approval_ref, "机党发〔2026〕21号")
    type_text(qtbot, dialog.approved_on.edit, "2026-11-20")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    with context.session() as session:
        relief = session.scalars(select(DuesRelief).where(
            DuesRelief.approval_ref == "机党发〔2026〕21号")).one()
        assert relief.monthly_amount == 0
    assert tab.model.rows[row_of(page, name)].cells[11].state == WAIVED


def test_next_year_assessment_prefilled_and_confirmed(qtbot, page: DuesPage,
                                                      context: AppContext) -> None:
    page.year_box.setValue(TODAY.year + 1)
    page.show_tab("年度核定")
    tab = page.tab_pages["年度核定"]
    assert tab.proposals and all(p.source == "沿用上年" for p in tab.proposals)
    assert "待确认" in tab.heading.text()
    # First one member's new pay: the base typed directly instead of the pay items.
    tab.table.selectRow(0)
    member_id = tab.proposals[0].member.id
    qtbot.mouseClick(tab.edit_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(page, AssessmentDialog)
    assert "每月" in dialog.calculation.text()
    for r in range(dialog.items.rowCount()):
        dialog.items.item(r, 1).setText("")
    type_text(qtbot, dialog.base, "5100")
    assert "5,100.00" in dialog.calculation.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert tab.proposals[0].source == "已核定"
    qtbot.mouseClick(tab.confirm_button, Qt.MouseButton.LeftButton)
    with context.session() as session:
        count = len(session.scalars(select(DuesAssessment).where(
            DuesAssessment.year == TODAY.year + 1, DuesAssessment.deleted_at.is_(None))).all())
        edited = session.scalars(select(DuesAssessment).where(
            DuesAssessment.member_id == member_id, DuesAssessment.year == TODAY.year + 1)).one()
    assert count == len(tab.proposals)
    assert edited.base == Decimal("5100.00") and edited.pay_items == {}
    assert "已全部核定" in tab.heading.text()


def test_dues_settings_section(qtbot, context: AppContext, monkeypatch) -> None:
    from ui.settings.dues import DuesSection, RuleSetDialog

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda _p, _t, text, *_a: warnings.append(text)))

    section = DuesSection(context)
    context.data_changed.connect(section.refresh)  # as the main window does
    qtbot.addWidget(section)
    section.show()
    section.unit.setCurrentText("角")
    section.share_from.setValue(TODAY.year)
    section.share.setText("80")
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    with context.session() as session:
        assert config.rounding_unit(session) == "角"
        assert config.share_percent(session, TODAY.year) == Decimal("80")
        assert config.share_percent(session, TODAY.year - 1) == Decimal("100")
    assert f"{TODAY.year}年起 80%" in section.share_history.text()
    section.share_from.setValue(TODAY.year - 1)  # the field shows the share of the chosen year
    assert section.share.text() == "100"
    section.share_from.setValue(TODAY.year)
    section.share.setText("180")
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)  # refused, nothing saved
    assert warnings and "0 到 100" in warnings[0]
    with context.session() as session:
        assert config.share_changes(session) == [(TODAY.year, Decimal("80"))]
    dialog = RuleSetDialog(context, section.rule_sets[-1], TODAY, section)
    dialog.show()
    type_text(qtbot, dialog.name, "某省2027年党费办法")
    dialog.rules.item(6, 3).setText("0.50")  # 农民 0.50 元
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    with context.session() as session:
        newer = config.rule_set_for(session, 2027)
    assert newer.name == "某省2027年党费办法" and newer.rule("农民").fixed == Decimal("0.50")
