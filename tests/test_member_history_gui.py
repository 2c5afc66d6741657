"""The member form's 转正批准日期 and 党籍变化, driven like a user (issue 15 item 8)."""

import datetime as dt

from PySide6.QtCore import Qt

from app.members.history import history_report
from app.members.rules import probation_end
from app.members.service import get_member
from db.history_migration import HISTORY_REPORT_KEY
from db.models import Setting
from tests.test_member_rules import make_id, member_input
from ui.dialogs.history_report import HistoryReportDialog
from ui.dialogs.member_form import MemberForm
from ui.members.page import MembersPage


def test_extension_and_discipline_from_the_member_form(qtbot, app_context) -> None:
    from app.members.service import add_member

    with app_context.session() as session:
        member, _ = add_member(session, member_input(
            name="刘预备", id_number=make_id("19900101"), category="预备党员",
            join_date=dt.date(2025, 10, 1), full_date=None))
        member_id = member.id
    form = MemberForm(app_context, member_id)
    qtbot.addWidget(form)
    form.show()
    assert "预备期至 2026-10-01" in form.derived.text()
    assert not form.fields["full_approved_on"].isEnabled()
    form.periods.add_button.click()
    dialog = form.periods.period_dialog
    dialog.kind.setCurrentText("延长预备期")
    assert dialog.months.isVisible() and not dialog.end.isVisible()
    dialog.start.set_date(dt.date(2026, 10, 1))
    dialog.months.setValue(6)
    dialog.reference.setText("机关党委2026年10月20日批复")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error.text()
    assert form.periods.table.rowCount() == 1
    assert form.periods.table.item(0, 1).text() == "2026-10-01起延长6个月"
    assert "预备期已延长6个月，至 2027-04-01" in form.derived.text()
    again = form.periods.dialog()
    again.kind.setCurrentText("延长预备期")
    again.start.set_date(dt.date(2026, 10, 2))
    again.save()
    assert "只能延长一次" in again.error.text()
    with app_context.session() as session:
        assert probation_end(get_member(session, member_id)) == dt.date(2027, 4, 1)

    watch = form.periods.dialog()
    watch.kind.setCurrentText("留党察看")
    watch.start.set_date(dt.date(2026, 11, 1))
    watch.save()
    assert form.fields["membership_status"].text() == "留党察看"
    form.periods.table.selectRow(1)
    form.periods.end_date.set_date(dt.date(2026, 11, 20))
    form.periods.end_selected()
    assert form.fields["membership_status"].text() == "正常"
    assert form.periods.table.item(1, 1).text() == "2026-11-01至2026-11-20"


def test_the_upgrade_report_is_checked_from_the_members_page(qtbot, app_context) -> None:
    """The 党员 page shows the upgrade's report while it waits; the secretary reads every
    item in a dialog and marks it checked, and the notice goes away."""
    items = ["张三：目前为留党察看，起始日期不详，请在党员信息中补填起止日期",
             "2019年03月15日以前的支部委员无记录"]
    with app_context.session() as session:
        session.add(Setting(key=HISTORY_REPORT_KEY, value=items))
    page = MembersPage(app_context)
    qtbot.addWidget(page)
    page.show()
    assert page.history_bar.isVisible()
    assert "2项党员历史未能自动推出" in page.history_label.text()
    qtbot.mouseClick(page.history_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(HistoryReportDialog)
    assert [dialog.items.item(i).text() for i in range(dialog.items.count())] == items
    qtbot.mouseClick(dialog.checked_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and not page.history_bar.isVisible()
    with app_context.session() as session:
        assert history_report(session) == []
