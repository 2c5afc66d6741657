"""The city window's 互助基金 tab as the operator uses it: a branch's package with a submitted
application is imported, income is entered, a refusal without a reason is refused, the
application is approved, the decision goes down in a return file, reports print."""

import datetime as dt
import io
import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from sqlalchemy import select

from app.city import fund as city_fund
from app.city.fund import CityEntryKind
from app.fund import applications as apps
from app.fund.applications import AidStatus
from app.meetings.attachments import store_file
from app.sync.export import export_package
from app.sync.receive import receive_return
from db.city.database import CityDatabase
from db.city.fund import CityAidDecision, CityFundEntry, CityFundSetting
from db.city.models import CityMessage
from tests.fund.helpers import TODAY, committee_item, make_member, yuan
from tests.fund.test_round_trip import submitted_application
from tests.keyboard import type_text
from tests.sync.conftest import make_branch
from tests.sync.test_city_window import window  # noqa: F401 - the city window fixture
from ui.city.fund import page as fund_page
from ui.city.fund import queue as queue_module
from ui.city.fund.dialogs import DecisionDialog, IncomeDialog, ReverseDialog, RulesDialog
from ui.city.fund.page import CityFundPage
from ui.dialogs.pdf_preview import PdfPreviewDialog


@pytest.fixture
def branch(tmp_path: Path, window):  # noqa: F811 - the fixture above
    database = make_branch(tmp_path / "branch.db", "FGW-01", window.database)
    yield database
    database.close()


@pytest.fixture
def page(window, branch, qtbot, tmp_path: Path,  # noqa: F811
         monkeypatch: pytest.MonkeyPatch) -> CityFundPage:
    """The branch's package (an application with a scanned proof) imported through the window,
    then the fund tab opened."""
    scan = tmp_path / "诊断证明.png"
    scan.write_bytes(b"\x89PNG fake scan")
    with branch.session() as session:
        application_id = submitted_application(session)
        apps.add_proofs(session, application_id, [store_file(session, scan, "医院诊断证明")])
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    return imported(window, branch, qtbot, tmp_path)


def open_fund(window, qtbot) -> CityFundPage:  # noqa: F811
    """The 互助基金 tab opened in the shown window (it starts reading)."""
    page = window.tab("互助基金")
    page.today = lambda: TODAY
    window.tabs.setCurrentWidget(page)
    window.show()
    qtbot.waitExposed(window)
    return page


def imported(window, branch, qtbot, tmp_path: Path) -> CityFundPage:  # noqa: F811
    """The branch's package imported through the window, then the fund tab opened."""
    window.import_paths([export_package(branch, tmp_path / "stick").path])
    page = open_fund(window, qtbot)
    settled(page, qtbot)
    return page


def settled(page: CityFundPage, qtbot) -> None:
    """What the page read in the background is shown (it reads again after each change), and
    the selected application's details."""
    qtbot.waitUntil(lambda: page.worker is None and page.overview is not None
                    and page.queue.reading is None, timeout=20000)


def dialog_of(parent, kind):
    (found,) = [d for d in parent.findChildren(kind) if d.isVisible()]
    return found


def test_operator_approves_an_application(page: CityFundPage, window, branch, qtbot,  # noqa: F811
                                          tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    queue = page.queue
    assert queue.table.rowCount() == 1
    assert [queue.table.item(0, c).text() for c in (0, 1, 2, 4, 5, 7, 8)] == [
        "FGW-01-2026-001", "中共测试单位FGW-01党支部", "张伟", "1,500.00", "1,000.00",
        "已上报", "待审批"]
    details = queue.details.toPlainText()
    assert "2026-09-08 支委会“支委会”，议题“审议党员困难补助申请”" in details
    assert "情况属实，同意上报" in details and "配偶住院治疗" in details
    assert queue.proofs.item(0).text().startswith("诊断证明.png")
    assert "单笔补助上限 2,000.00 元" in queue.rules_line.text()
    assert "余额 <b>500.00</b>" in page.status.text()  # the branch's remittance was booked

    # 党费划拨 into the fund, through the ledger tab.
    page.tabs.setCurrentWidget(page.ledger)
    qtbot.mouseClick(page.ledger.income, Qt.MouseButton.LeftButton)
    income = dialog_of(page.ledger, IncomeDialog)
    qtbot.keyClicks(income.amount, "10000")
    type_text(qtbot, income.reference, "工委党费")
    qtbot.mouseClick(income.ok_button, Qt.MouseButton.LeftButton)
    settled(page, qtbot)
    assert not income.isVisible()
    assert "余额 <b>10,500.00</b>" in page.status.text()
    assert [page.ledger.table.item(r, 2).text() for r in range(2)] == ["支部上缴", "党费划拨"]

    # 不予批准 without a reason is refused, nothing saved.
    page.tabs.setCurrentWidget(queue)
    qtbot.mouseClick(queue.refuse, Qt.MouseButton.LeftButton)
    refusal = dialog_of(queue, DecisionDialog)
    qtbot.mouseClick(refusal.ok_button, Qt.MouseButton.LeftButton)
    assert refusal.isVisible() and refusal.error.text() == "不予批准时请写明理由"
    refusal.reject()

    qtbot.mouseClick(queue.approve, Qt.MouseButton.LeftButton)
    approval = dialog_of(queue, DecisionDialog)
    assert approval.amount.text() == "1000.00"  # the branch's proposal
    assert approval.decided_by.text() == "中共市直属机关工作委员会"
    approval.amount.clear()
    qtbot.keyClicks(approval.amount, "2500")
    qtbot.mouseClick(approval.ok_button, Qt.MouseButton.LeftButton)
    assert "超过单笔补助上限 2,000.00 元" in approval.error.text()
    with window.database.session() as session:
        assert session.scalars(select(CityAidDecision)).first() is None
    approval.amount.clear()
    qtbot.keyClicks(approval.amount, "800")
    type_text(qtbot, approval.reference, "2026年第9次工委会")
    qtbot.mouseClick(approval.ok_button, Qt.MouseButton.LeftButton)
    settled(page, qtbot)
    assert not approval.isVisible()
    assert "下一份回执文件" in queue.notice.text() and "批准 800.00 元" in queue.notice.text()
    assert queue.table.rowCount() == 0  # nothing waits any more
    queue.show_all.setChecked(True)
    assert queue.table.item(0, 8).text() == "批准 800.00"
    assert queue.table.item(0, 9).text() == "待随回执下发"
    assert "余额 <b>9,700.00</b>" in page.status.text()

    with window.database.session() as session:
        decision = session.scalars(select(CityAidDecision)).one()
        assert (decision.approve, decision.amount, decision.decision_ref, decision.entered_by) \
            == (True, yuan("800.00"), "2026年第9次工委会", page.actor)
        message = session.get(CityMessage, decision.message_id)
        assert (message.branch_code, message.kind, message.delivered_seq) == (
            "FGW-01", "fund.aid_decision", None)
        assert message.payload["amount"] == "800.00" and message.payload["approve"] is True
        assert city_fund.balance(session) == yuan("9700.00")

    # The return file now, for the branch to take back.
    folder = tmp_path / "back"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    qtbot.mouseClick(queue.return_file, Qt.MouseButton.LeftButton)
    (returned,) = folder.glob("FGW-01-return-*.bdreturn")
    assert str(returned) in queue.notice.text()
    receive_return(branch, returned)
    with branch.session() as session:
        application = apps.list_applications(session)[0]
        assert (application.status, application.approved_amount) == (AidStatus.APPROVED,
                                                                      yuan("800.00"))


def test_report_prints_and_exports(page: CityFundPage, qtbot, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    with page.context.session() as session:
        city_fund.decide(session, "FGW-01-2026-001", approve=True, amount=yuan("500.00"),
                         decided_by="市直机关工委", entered_by="工委会计", today=TODAY)
    page.refresh()
    settled(page, qtbot)
    report = page.report
    page.tabs.setCurrentWidget(report)
    balance = {report.balance.item(r, 0).text(): report.balance.item(r, 1).text()
               for r in range(report.balance.rowCount())}
    assert balance == {"上年结余": "0.00", "本年收入": "500.00", "本年补助": "500.00",
                       "年末结余": "0.00"}
    assert report.grants.item(0, 0).text() == "家属患重病"
    assert report.visits.item(0, 0).text() == "七一慰问"
    page.window().resize(960, 600)  # the smallest window: the 合计 row is still not cut off
    qtbot.wait(50)
    for table in (report.balance, report.income, report.grants, report.visits):
        last = table.rowCount() - 1
        bottom = table.rowViewportPosition(last) + table.rowHeight(last)
        assert bottom <= table.viewport().height(), table.objectName()

    qtbot.mouseClick(report.print_report, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(isinstance(w, PdfPreviewDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()))
    preview = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PdfPreviewDialog))
    text = "".join("".join(p.extract_text().split())
                   for p in PdfReader(io.BytesIO(preview.pdf)).pages)
    assert "2026年市直机关党员爱心互助基金收支情况" in text and "张伟" in text
    preview.close()

    target = tmp_path / "报表.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(report.export, Qt.MouseButton.LeftButton)
    book = load_workbook(target)
    summary = {row[0]: row[1] for row in book["收支汇总"].iter_rows(min_row=3, values_only=True)}
    assert summary["本年补助支出"] == 500 and summary["年末结余"] == 0


def test_operator_edits_the_rules(page: CityFundPage, qtbot) -> None:
    qtbot.mouseClick(page.queue.rules_button, Qt.MouseButton.LeftButton)
    rules = dialog_of(page.queue, RulesDialog)
    rules.max_grant.clear()
    qtbot.keyClicks(rules.max_grant, "abc")
    qtbot.mouseClick(rules.ok_button, Qt.MouseButton.LeftButton)
    assert "不是有效的数字" in rules.form.message("max_grant")
    rules.max_grant.clear()
    qtbot.keyClicks(rules.max_grant, "3000")
    for box in rules.categories:
        box.setChecked(False)
    qtbot.mouseClick(rules.ok_button, Qt.MouseButton.LeftButton)
    assert "可申请人员类别应为" in rules.error.text()
    rules.categories[0].setChecked(True)
    rules.reasons[1].setChecked(False)  # 家属患重病 no longer covered
    qtbot.mouseClick(rules.ok_button, Qt.MouseButton.LeftButton)
    settled(page, qtbot)
    assert not rules.isVisible()
    assert "单笔补助上限 3,000.00 元" in page.queue.rules_line.text()
    assert "可申请人员：正式党员。" in page.queue.rules_line.text()
    with page.context.session() as session:
        saved = city_fund.fund_rules(session)
        assert (saved.max_grant, saved.categories) == (yuan("3000.00"), ["正式党员"])
        assert "家属患重病" not in saved.reasons


def test_operator_corrects_an_income(page: CityFundPage, qtbot) -> None:
    ledger = page.ledger
    with page.context.session() as session:
        city_fund.record_income(session, CityEntryKind.UNION_FUNDING, TODAY, yuan("3000.00"),
                                "工委会计", today=TODAY)
    page.tabs.setCurrentWidget(ledger)
    page.refresh()
    settled(page, qtbot)
    ledger.table.selectRow(1)
    assert ledger.table.item(1, 2).text() == "工会拨款"
    qtbot.mouseClick(ledger.reverse, Qt.MouseButton.LeftButton)
    dialog = dialog_of(ledger, ReverseDialog)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "请写明冲销原因"
    type_text(qtbot, dialog.reason, "金额记错")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settled(page, qtbot)
    assert not dialog.isVisible()
    assert [ledger.table.item(r, 10).text() for r in (1, 2)] == ["已由第 3 号冲销", "冲销第 2 号"]
    assert "余额 <b>500.00</b>" in page.status.text()
    ledger.table.selectRow(0)  # a branch remittance is corrected at the branch
    qtbot.mouseClick(ledger.reverse, Qt.MouseButton.LeftButton)
    dialog = dialog_of(ledger, ReverseDialog)
    type_text(qtbot, dialog.reason, "错")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "请支部冲销其上缴凭证" in dialog.error.text()


def test_the_tab_reads_in_the_background_and_books_an_upgraded_city_once(
        window, branch, qtbot, tmp_path: Path,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A city upgraded with a package whose remittance was imported before the import booked
    remittances: the tab books it once, off the GUI thread and with progress, then shows it."""
    with branch.session() as session:
        submitted_application(session)
    package = export_package(branch, tmp_path / "stick").path
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    with monkeypatch.context() as before:
        before.setattr("app.city.importer.book_package", lambda *_a, **_k: [])
        window.import_paths([package])
    with window.database.session() as session:  # as migration 0004 leaves such a city
        session.add(CityFundSetting(key=city_fund.TO_BOOK, value=True))
    threads: list[threading.Thread] = []
    read = fund_page.fund_overview
    monkeypatch.setattr(fund_page, "fund_overview", lambda *a: threads.append(
        threading.current_thread()) or read(*a))
    steps: list[str] = []
    progressed = CityFundPage._progressed
    monkeypatch.setattr(CityFundPage, "_progressed", lambda self, done, total, label: (
        steps.append(label), progressed(self, done, total, label)))

    page = window.tab("互助基金")
    page.today = lambda: TODAY
    window.tabs.setCurrentWidget(page)
    window.show()
    assert page.worker is not None and "正在读取2026年的互助基金账目" in page.status.text()
    settled(page, qtbot)
    assert threads and threading.main_thread() not in threads
    assert "正在把各支部上缴记入基金账目…" in steps and not page.progress.isVisible()
    assert page.status.text() == "余额 <b>500.00</b> 元　　待审批申请 <b>1</b> 份"
    assert page.queue.table.item(0, 0).text() == "FGW-01-2026-001"
    assert [page.ledger.table.item(0, c).text() for c in (2, 3, 5)] == [
        "支部上缴", "FGW-01", "500.00"]
    assert page.report.visits.item(0, 0).text() == "七一慰问"
    assert page.report.income.item(0, 2).text() == "500.00"
    with window.database.session() as session:
        assert not city_fund.remittances_to_book(session)

    steps.clear()
    page.refresh()  # booked once: read again, nothing booked twice
    settled(page, qtbot)
    assert steps == [] and page.ledger.table.rowCount() == 1


def second_application(session) -> str:
    """Another member's application of the same branch, with its own 支委会 and proof."""
    member = make_member(session, "李红", birth="19620202", seq=12)
    application = apps.register(session, apps.ApplicationInput(
        member_id=member.id, reason="家属患重病", amount_requested=yuan("900.00"),
        applied_on=dt.date(2026, 9, 3), detail="母亲住院"), TODAY)
    meeting_id, item_id = committee_item(session, dt.date(2026, 9, 10), "审议李红的补助申请")
    apps.review(session, application.id, meeting_id=meeting_id, agenda_item_id=item_id,
                approve=True, opinion="属实", amount=yuan("600.00"), today=TODAY)
    apps.submit(session, application.id, dt.date(2026, 9, 11), TODAY)
    return application.id


@pytest.fixture
def two(window, branch, qtbot, tmp_path: Path,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> CityFundPage:
    """The fund tab with two waiting applications of one branch: 张伟's with a 诊断证明, then
    李红's with a 住院证明."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    with branch.session() as session:
        for application_id, name in ((submitted_application(session), "诊断证明.png"),
                                     (second_application(session), "住院证明.png")):
            scan = tmp_path / name
            scan.write_bytes(b"\x89PNG " + name.encode())
            apps.add_proofs(session, application_id, [store_file(session, scan, "")])
    return imported(window, branch, qtbot, tmp_path)


def click_row(qtbot, table, row: int) -> None:
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def proof_names(queue) -> list[str]:
    return [queue.proofs.item(i).text().split("（")[0] for i in range(queue.proofs.count())]


def test_selecting_an_application_reads_its_details_off_the_gui_thread(
        two: CityFundPage, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    queue = two.queue
    assert [queue.table.item(r, 2).text() for r in range(2)] == ["张伟", "李红"]
    assert proof_names(queue) == ["诊断证明.png"]
    threads: list[threading.Thread] = []
    read = queue_module.application_details
    monkeypatch.setattr(queue_module, "application_details", lambda *a: threads.append(
        threading.current_thread()) or read(*a))

    click_row(qtbot, queue.table, 1)
    # At once: what the list knows of 李红's application; the rest is being read.
    assert "李红" in queue.details.toPlainText() and "母亲住院" in queue.details.toPlainText()
    assert "办理经过：正在读取…" in queue.details.toPlainText()
    assert queue.reading is not None
    qtbot.waitUntil(lambda: queue.reading is None, timeout=20000)
    assert threads and threading.main_thread() not in threads
    details = queue.details.toPlainText()
    assert "支部审核：2026-09-10 支委会“支委会”，议题“审议李红的补助申请”" in details
    assert "2026-09-11　上报工委（支部已审核 → 已上报）" in details and "张伟" not in details
    assert proof_names(queue) == ["住院证明.png"]


def test_a_quick_second_selection_shows_the_second_applications_details(
        two: CityFundPage, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    """李红's details are still being read when 张伟's row is chosen: what shows in the end is
    张伟's, and 李红's steps never show once 张伟 is chosen."""
    queue = two.queue
    ids = {a.applicant_name: a.id for a in queue.found.values()}
    release = threading.Event()
    read_ids: list[str] = []
    read = queue_module.application_details

    def slow(session, application_id):
        read_ids.append(application_id)
        if application_id == ids["李红"]:
            release.wait(10)
        return read(session, application_id)

    monkeypatch.setattr(queue_module, "application_details", slow)
    click_row(qtbot, queue.table, 1)
    qtbot.waitUntil(lambda: read_ids == [ids["李红"]])
    shown: list[str] = []
    queue.details.textChanged.connect(lambda: shown.append(queue.details.toPlainText()))
    click_row(qtbot, queue.table, 0)
    release.set()
    qtbot.waitUntil(lambda: queue.reading is None and len(read_ids) == 2, timeout=20000)
    assert read_ids == [ids["李红"], ids["张伟"]]
    details = queue.details.toPlainText()
    assert details.startswith("FGW-01-2026-001") and "议题“审议党员困难补助申请”" in details
    assert proof_names(queue) == ["诊断证明.png"]
    assert shown and not [text for text in shown if "李红" in text or "住院证明" in text]


@pytest.fixture
def upgrading(window, qtbot, tmp_path: Path,  # noqa: F811
              monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """Two branches' packages imported before the import booked remittances (500.00 each), in
    a city upgraded since; the booking of the first branch done, it waits for `go`. Returns
    (first branch booked, go)."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    packages = []
    for code in ("FGW-01", "FGW-02"):
        branch = make_branch(tmp_path / f"{code}.db", code, window.database)
        with branch.session() as session:
            submitted_application(session)
        packages.append(export_package(branch, tmp_path / code).path)
        branch.close()
    with monkeypatch.context() as before:
        before.setattr("app.city.importer.book_package", lambda *_a, **_k: [])
        window.import_paths(packages)
    with window.database.session() as session:  # as migration 0004 leaves such a city
        session.add(CityFundSetting(key=city_fund.TO_BOOK, value=True))
    first, go = threading.Event(), threading.Event()
    book = city_fund._book_with_waiting

    def gated(session, entries, *args):
        problems = book(session, entries, *args)
        if entries and not first.is_set():
            first.set()
            go.wait(10)
        return problems

    monkeypatch.setattr(city_fund, "_book_with_waiting", gated)
    page = open_fund(window, qtbot)
    qtbot.waitUntil(lambda: first.is_set() and page.stop.isVisible(), timeout=20000)
    return first, go


def booked_branches(path: Path) -> tuple[list[str | None], bool]:
    """The branches whose remittances the city booked, and whether the booking still waits."""
    with CityDatabase.open(path) as city, city.session() as session:
        return ([e.branch_code for e in session.scalars(select(CityFundEntry).order_by(
            CityFundEntry.seq))], city_fund.remittances_to_book(session))


def test_the_upgrade_booking_is_cancelled_between_branches_and_read_again_later(
        window, upgrading, qtbot, tmp_path: Path) -> None:  # noqa: F811
    _first, go = upgrading
    page = window.tab("互助基金")
    assert page.progress.isVisible() and "正在把各支部上缴记入基金账目" in page.progress.format()
    qtbot.mouseClick(page.stop, Qt.MouseButton.LeftButton)
    assert page.status.text() == "正在停止读取…" and not page.stop.isVisible()
    go.set()
    qtbot.waitUntil(lambda: page.worker is None, timeout=20000)
    assert page.status.text() == "已停止读取：已记入账目的支部上缴已保存，点“继续读取”接着记入。"
    assert page.resume.isVisible() and not page.progress.isVisible()
    assert page.overview is None and page.ledger.table.rowCount() == 0
    with window.database.session() as session:  # the first branch whole, nothing of the other
        assert [(e.branch_code, e.amount) for e in session.scalars(select(CityFundEntry))] \
            == [("FGW-01", yuan("500.00"))]
        assert city_fund.remittances_to_book(session)

    qtbot.mouseClick(page.resume, Qt.MouseButton.LeftButton)
    settled(page, qtbot)
    assert page.status.text() == "余额 <b>1,000.00</b> 元　　待审批申请 <b>2</b> 份"
    assert [page.ledger.table.item(r, 3).text() for r in range(2)] == ["FGW-01", "FGW-02"]
    assert not page.resume.isVisible()
    window.close()
    assert booked_branches(tmp_path / "city.db") == (["FGW-01", "FGW-02"], False)


def test_closing_the_window_stops_the_upgrade_booking_between_branches(
        window, upgrading, tmp_path: Path) -> None:  # noqa: F811
    _first, go = upgrading
    threading.Timer(0.3, go.set).start()  # the window waits for the branch under way only
    window.close()
    assert booked_branches(tmp_path / "city.db") == (["FGW-01"], True)
