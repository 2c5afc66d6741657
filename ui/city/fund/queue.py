"""互助基金 → 补助申请: the applications all branches submitted, what came with them, and
the city's approval or refusal (queued for the branch's next return file)."""

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.city import fund
from app.city.fund_details import (
    ApplicationDetails,
    Proof,
    application_details,
    proof_file,
)
from app.city.fund_overview import FundOverview
from app.city.returns import write_return
from app.files import write_safely
from app.fund.applications import AidStatus
from app.progress import Progress
from base.errors import UserError
from base.money import format_yuan
from db.city.fund import CityAidDecision
from ui.city.fund.dialogs import DecisionDialog, RulesDialog
from ui.city.fund.host import CityFundHost
from ui.tasks import BackgroundWork, run_in_background
from ui.widgets.buttons import button
from ui.widgets.record_tab import RecordTab
from ui.widgets.tables import fill_table, record_table, selected_key

HEADERS = ("编号", "支部", "申请人", "事由", "申请金额", "支部建议", "申请日期", "支部状态",
           "工委决定", "下发")
NOTE_STYLE = "background: #eef5e9; border: 1px solid #b9d3a8; padding: 6px;"


def decision_text(application: fund.CityApplication) -> str:
    d = application.decision
    if d is None:
        if application.waiting:
            return "待审批"
        if application.reported_amount:
            return f"批准 {format_yuan(application.reported_amount)}（支部记载）"
        return "未批准（支部记载）" if application.status == AidStatus.REFUSED else "—"
    return f"批准 {format_yuan(d.amount)}" if d.approve else f"不予批准：{d.reason}"


def rules_text(rules: fund.FundRules) -> str:
    return (f"单笔补助上限 {format_yuan(rules.max_grant)} 元，每人每年上限 "
            f"{format_yuan(rules.max_member_year)} 元；可申请事由：{'、'.join(rules.reasons)}；"
            f"可申请人员：{'、'.join(rules.categories)}。")


def details_text(a: fund.CityApplication, details: ApplicationDetails | None) -> str:
    """What the details box says of an application (its review and steps: None while read)."""
    reading = "正在读取…"
    lines = [f"{a.number}　{a.branch_name}（{a.branch_code}）",
             f"申请人：{a.applicant_name}　事由：{a.reason}　申请金额："
             f"{format_yuan(a.amount_requested)} 元　申请日期：{a.applied_on:%Y-%m-%d}",
             f"情况说明：{a.detail or '—'}",
             f"支部审核：{reading if details is None else details.review}",
             f"审核意见：{a.review_opinion or '—'}"
             + (f"；建议补助 {format_yuan(a.branch_amount)} 元" if a.branch_amount else ""),
             "办理经过：" + (reading if details is None else
                          "".join(f"\n　{step}" for step in details.steps) or "—")]
    if a.decision is not None:
        d = a.decision
        lines.append(f"工委决定：{d.decided_on:%Y-%m-%d} {d.decided_by} " + (
            f"批准 {format_yuan(d.amount)} 元" if d.approve else f"不予批准（{d.reason}）")
            + (f"，依据：{d.decision_ref}" if d.decision_ref else ""))
    return "\n".join(lines)


class QueueTab(RecordTab):
    def __init__(self, host: CityFundHost) -> None:
        super().__init__()
        self.host = host
        self.approve = button("批准…", "批准所选申请并确定补助金额（从基金拨付）",
                              lambda: self.decide(True))
        self.approve.setObjectName("approve")
        self.refuse = button("不予批准…", "不批准所选申请，须写明理由", lambda: self.decide(False))
        self.refuse.setObjectName("refuse")
        self.return_file = button("生成回执文件…", "现在为所选申请的支部生成回执文件（带回审批"
                                  "结果），不必等该支部下次报送数据包", self.write_return)
        self.return_file.setObjectName("return_file")
        self.rules_button = button("基金规则…", "补助上限、可申请事由和人员类别", self.edit_rules)
        self.rules_button.setObjectName("fund_rules")
        self.show_all = QCheckBox("显示已审批的申请")
        self.show_all.setObjectName("show_all")
        self.show_all.toggled.connect(self._fill)
        self.add_buttons([self.approve, self.refuse, self.return_file, self.show_all],
                         [self.rules_button])
        self.rules_line = self.add_note(name="rules_line", style="color: #555;")
        self.notice = self.add_note(name="decision_notice", style=NOTE_STYLE)
        self.notice.hide()
        self.table = record_table("city_applications", HEADERS)
        self.table.itemSelectionChanged.connect(self._show_details)
        self.details = QPlainTextEdit()
        self.details.setObjectName("application_details")
        self.details.setReadOnly(True)
        self.proofs = QListWidget()
        self.proofs.setObjectName("proofs")
        self.proofs.itemDoubleClicked.connect(self.open_proof)
        open_button = button("打开", "用本机程序打开所选证明材料", self.open_proof)
        save_button = button("另存为…", "把所选证明材料另存到文件", self.save_proof)
        proof_buttons = QHBoxLayout()
        proof_buttons.addWidget(QLabel("证明材料（双击打开）："))
        proof_buttons.addStretch(1)
        proof_buttons.addWidget(open_button)
        proof_buttons.addWidget(save_button)
        proof_box = QWidget()
        proof_column = QVBoxLayout(proof_box)
        proof_column.setContentsMargins(0, 0, 0, 0)
        proof_column.addLayout(proof_buttons)
        proof_column.addWidget(self.proofs, 1)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.details)
        lower.addWidget(proof_box)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.add_body(split)
        self.found: dict[str, fund.CityApplication] = {}
        self.overview: FundOverview | None = None
        self.reading: BackgroundWork | None = None  # the selected application's details
        self.closed = False  # the database is closing: read nothing more

    def show_overview(self, overview: FundOverview) -> None:
        self.overview = overview
        self.rules_line.setText("基金规则：" + rules_text(overview.rules))
        self._fill()

    def _fill(self) -> None:
        if self.overview is None:
            return
        chosen = selected_key(self.table)
        found = [a for a in self.overview.applications
                 if a.waiting or self.show_all.isChecked()]
        arrived = self.overview.delivered
        self.found = {a.id: a for a in found}
        fill_table(self.table, [(a.id, [
            a.number, a.branch_name, a.applicant_name, a.reason,
            format_yuan(a.amount_requested),
            format_yuan(a.branch_amount) if a.branch_amount is not None else "",
            f"{a.applied_on:%Y-%m-%d}", a.status, decision_text(a),
            "" if a.decision is None else
            "支部已收到" if a.decision.message_id in arrived else "待随回执下发",
        ]) for a in found], right=(4, 5), muted=[not a.waiting for a in found])
        rows = [a.id for a in found]
        self.table.selectRow(rows.index(chosen) if chosen in rows else 0)
        self._show_details()

    def selected(self) -> fund.CityApplication | None:
        return self.found.get(str(selected_key(self.table)))

    def _show_details(self) -> None:
        """Show the selected application at once, and read its review, steps and proofs in
        the background (a later selection is read when the reading under way is done)."""
        application = self.selected()
        self.proofs.clear()
        if application is None:
            self.details.setPlainText("没有待审批的申请。" if not self.found
                                 else "选择一份申请，查看情况说明、支部审核和证明材料。")
            return
        self.details.setPlainText(details_text(application, None))
        self.proofs.addItem("（正在读取…）")
        if self.reading is None and not self.closed:
            self._read_details(application.id)

    def _read_details(self, application_id: str) -> None:
        database = self.host.context.database

        def work(_progress: Progress) -> ApplicationDetails:
            with database.session() as session:  # the worker thread's own session
                return application_details(session, application_id)

        self.reading = run_in_background(
            self, work, lambda details: self._details_read(application_id, details),
            lambda message: self._details_read(application_id, message))

    def _details_read(self, application_id: str, details: ApplicationDetails | str) -> None:
        """Show what was read if it is still the selected application's; otherwise read the
        one selected now."""
        self.reading = None
        application = self.selected()
        if self.closed or application is None:
            return
        if application.id != application_id:
            self._read_details(application.id)
            return
        self.proofs.clear()
        if isinstance(details, str):
            self.details.appendPlainText(f"未能读取办理经过和证明材料：{details}")
            return
        self.details.setPlainText(details_text(application, details))
        for proof in details.proofs:
            text = f"{proof.filename}（{proof.size // 1024 or 1} KB）" + (
                f" {proof.caption}" if proof.caption else "") + (
                "" if proof.received else "（文件未送达）")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, proof)
            self.proofs.addItem(item)
        if not details.proofs:
            self.proofs.addItem("（没有证明材料）")

    def wait(self) -> None:
        """Before the database closes."""
        self.closed = True
        if self.reading is not None:
            self.reading.wait()

    def _require(self) -> fund.CityApplication | None:
        application = self.selected()
        if application is None:
            QMessageBox.information(self, "补助申请", "请先在表中选择一份申请。")
        return application

    def decide(self, approve: bool) -> None:
        application = self._require()
        if application is None:
            return
        with self.host.context.session() as session:
            rules = fund.fund_rules(session)
            granted = fund.granted_in_year(session, application.member_id,
                                           self.host.today().year)
            money = fund.balance(session)
        hint = (f"{rules_text(rules)}\n{application.applicant_name}本年已获补助 "
                f"{format_yuan(granted)} 元；基金当前余额 {format_yuan(money)} 元。")
        dialog = DecisionDialog(self.host, application, approve, hint, self)
        dialog.saved.connect(self._decided)
        dialog.open()

    def _decided(self, decision: CityAidDecision) -> None:
        application = self.found.get(decision.application_id)
        outcome = f"批准 {format_yuan(decision.amount)} 元" if decision.approve else "不予批准"
        who = application.branch_name if application else decision.branch_code
        self.notice.setText(
            f"申请 {decision.number}：{outcome}。审批结果已排入“{who}”的下发队列，"
            "将写入该支部的下一份回执文件（导入该支部数据包时自动生成）；"
            "需要现在带回，请点“生成回执文件…”。")
        self.notice.show()

    def write_return(self) -> None:
        application = self._require()
        if application is None:
            return
        folder = QFileDialog.getExistingDirectory(
            self, f"回执文件保存到（如{application.branch_name}的U盘）")
        if not folder:
            return
        try:
            with self.host.context.session() as session:
                path = write_return(session, application.branch_code, folder)
        except UserError as exc:
            QMessageBox.warning(self, "生成回执文件", exc.message)
            return
        self.notice.setText(f"已生成回执文件：{path}\n请交{application.branch_name}带回，"
                            "在支部的“数据报送”中导入。")
        self.notice.show()
        self.host.refresh()

    def edit_rules(self) -> None:
        RulesDialog(self.host, self).open()

    def _proof(self) -> Proof | None:
        item = self.proofs.currentItem()
        proof = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if proof is None:
            QMessageBox.information(self, "证明材料", "请先选择一份证明材料。")
        return proof

    def _data(self, proof: Proof) -> bytes | None:
        try:
            with self.host.context.session() as session:
                return proof_file(session, proof.sha256)
        except UserError as exc:
            QMessageBox.warning(self, "证明材料", exc.message)
            return None

    def open_proof(self) -> None:
        proof = self._proof()
        data = None if proof is None else self._data(proof)
        if proof is None or data is None:
            return
        # A temporary copy under the original name opens with the right program.
        folder = Path(tempfile.gettempdir()) / "branchdesk-proofs" / proof.sha256[:12]
        folder.mkdir(parents=True, exist_ok=True)
        view = folder / Path(proof.filename).name
        if not view.exists():
            view.write_bytes(data)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(view)))

    def save_proof(self) -> None:
        proof = self._proof()
        if proof is None:
            return
        name, _filter = QFileDialog.getSaveFileName(self, "证明材料另存为", proof.filename)
        data = self._data(proof) if name else None
        if data is not None:
            try:
                write_safely(Path(name), data)
            except UserError as exc:
                QMessageBox.warning(self, "证明材料", exc.message)
