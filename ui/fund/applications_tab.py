"""互助金 → 补助申请: applications with their status, the steps taken, and the next step."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QSplitter

from app.fund import applications as apps
from app.fund.applications import AidStatus, ApplicationStep
from app.fund.records import ApplicationRecord, application_record, application_records
from base.money import format_yuan
from ui.fund.application_dialogs import (
    STEP_DIALOGS,
    ProofList,
    RegisterDialog,
    ReviewDialog,
    StepDialog,
)
from ui.widgets.buttons import button
from ui.widgets.record_tab import RecordTab
from ui.widgets.tables import fill_table, record_table, selected_key
from ui.widgets.year_page import YearHost

HEADERS = ("编号", "申请人", "事由", "申请金额", "批准金额", "状态", "下一步", "申请日期")


class ApplicationsTab(RecordTab):
    def __init__(self, host: YearHost) -> None:
        super().__init__()
        self.host = host
        self.register = button("登记申请…", "登记党员的困难补助申请及证明材料", self.add)
        self.next_step = button("办理下一步…", "按规定顺序办理所选申请的下一步", self.advance)
        self.withdraw = button("撤回…", "申请人撤回尚未上报的申请", self.withdraw_selected)
        self.proof = button("补充证明材料…", "为所选申请补充证明材料", self.add_proof)
        self.add_buttons([self.register, self.next_step, self.withdraw, self.proof])
        self.table = record_table("applications", HEADERS)
        self.table.itemSelectionChanged.connect(self._show_steps)
        self.steps = QLabel()
        self.steps.setObjectName("steps")
        self.steps.setWordWrap(True)
        self.steps.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.steps.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.steps)
        split.setStretchFactor(0, 3)
        self.add_body(split)
        self._details: dict[str, str] = {}

    def refresh(self) -> None:
        with self.host.context.session() as session:
            found = application_records(session)
        self._details = {a.id: self._detail(a) for a in found}
        rows = [(a.id, [a.number, a.applicant_name, a.reason, format_yuan(a.amount_requested),
                        format_yuan(a.approved_amount) if a.approved_amount else "",
                        a.status, a.next_step or "—", f"{a.applied_on:%Y-%m-%d}"])
                for a in found]
        fill_table(self.table, rows, right=(3, 4),
                   muted=[a.status == AidStatus.ARCHIVED for a in found])
        self._show_steps()

    @staticmethod
    def _detail(application: ApplicationRecord) -> str:
        lines = [f"{application.status}　{application.number}　{application.applicant_name}："
                 f"{application.detail}"]
        lines += [f"{s.date:%Y-%m-%d}　{s.action}（{s.from_status or '—'} → {s.to_status}）"
                  f"　{s.actor}　{s.note}" for s in application.steps]
        proofs = application.proofs
        lines.append("证明材料：" + ("、".join(proofs) if proofs else "无"))
        return "\n".join(lines)

    def _show_steps(self) -> None:
        key = selected_key(self.table)
        self.steps.setText(self._details.get(str(key), "选择一份申请，查看办理经过。")
                           if key else "选择一份申请，查看办理经过。")

    def _selected(self) -> ApplicationRecord | None:
        key = selected_key(self.table)
        if key is None:
            QMessageBox.information(self, "补助申请", "请先在表中选择一份申请。")
            return None
        with self.host.context.session() as session:
            return application_record(session, str(key))

    def add(self) -> None:
        RegisterDialog(self.host.context, self.host.today(), self).open()

    def advance(self) -> None:
        application = self._selected()
        if application is None:
            return
        step = application.next_step
        if step == ApplicationStep.REVIEW:
            ReviewDialog(self.host.context, self.host.today(), application, self).open()
        elif step in STEP_DIALOGS:
            StepDialog(self.host.context, self.host.today(), application, step, self).open()
        elif step:
            QMessageBox.information(self, "补助申请", "该申请已上报，工委的审批结果将随回执文件"
                                                     "带回，导入回执后自动登记。")
        else:
            QMessageBox.information(self, "补助申请", "该申请已办结。")

    def withdraw_selected(self) -> None:
        application = self._selected()
        if application is not None:
            StepDialog(self.host.context, self.host.today(), application, ApplicationStep.WITHDRAW,
                       self).open()

    def add_proof(self) -> None:
        application = self._selected()
        if application is None:
            return
        chooser = ProofList(self.host.context)
        chooser.choose()
        if chooser.files:
            self.host.context.write(self, lambda s: apps.add_proofs(s, application.id,
                                                                    chooser.files))
