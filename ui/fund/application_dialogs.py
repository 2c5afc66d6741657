"""Aid application dialogs: registering one, the 支委会 review, and each later step."""

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)
from sqlalchemy.orm import Session

from app.fund import applications as apps
from app.fund.applications import ApplicationStep
from app.fund.records import ApplicationRecord
from app.fund.settings import FundMode, higher_approval_above
from app.meetings.attachments import store_file
from app.meetings.listing import agenda_titles, list_meetings
from app.meetings.service import AttachmentInput
from app.meetings.types import MeetingType
from base.errors import UserError
from base.money import format_yuan
from ui.context import AppContext
from ui.fund.dialogs import amount_of
from ui.widgets.choice_combo import ChoiceCombo
from ui.widgets.date_field import DateField
from ui.widgets.form_dialog import FormDialog
from ui.widgets.member_picker import MemberCombo


class ProofList(QWidget):
    """Files chosen as proof, copied into the store when chosen."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.files: list[AttachmentInput] = []
        self.list = QListWidget()
        self.list.setMaximumHeight(80)
        add = QPushButton("添加证明材料…")
        add.setAutoDefault(False)
        add.clicked.connect(self.choose)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.list, 1)
        row.addWidget(add)

    def choose(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, "选择证明材料", "", "图片或扫描件 (*.jpg *.jpeg *.png *.pdf *.bmp);;所有文件 (*)")
        for name in names:
            self.add_file(Path(name))

    def add_file(self, path: Path) -> None:
        with self.context.session() as session:
            stored = store_file(session, path)
        self.files.append(stored)
        self.list.addItem(stored.filename)


class RegisterDialog(FormDialog):
    def __init__(self, context: AppContext, today: dt.date, parent: QWidget | None = None
                 ) -> None:
        super().__init__("登记补助申请", parent,
                         context=context, ok_text="登记")
        self.today = today
        self.member = self.form.add("member_id", "申请人", MemberCombo(context, today, False),
                                    required=True)
        self.reason = self.form.add("reason", "申请事由", ChoiceCombo(apps.REASONS,
                                                                    placeholder="选择事由"),
                                    required=True)
        self.amount = self.form.add("amount_requested", "申请金额（元）", QLineEdit(),
                                    required=True)
        self.applied_on = self.form.add("applied_on", "申请日期", DateField(optional=False),
                                        required=True)
        self.applied_on.set_date(today)
        self.detail = self.form.add("detail", "困难情况", QPlainTextEdit(), required=True)
        self.detail.setMaximumHeight(90)
        self.proofs = self.form.add("proofs", "证明材料", ProofList(context))
        self.resize(520, self.sizeHint().height())

    def save(self) -> None:
        amount = amount_of(self, self.amount, "amount_requested")
        if amount is None:
            return
        data = apps.ApplicationInput(self.member.member_id() or "", self.reason.text(), amount,
                                     self.applied_on.date(), self.detail.toPlainText(),
                                     list(self.proofs.files))
        self.run(lambda s: apps.register(s, data, self.today).id)


class ReviewDialog(FormDialog):
    """支部审核 at a 支委会: choose the meeting and the 议题 that discussed the application."""

    def __init__(self, context: AppContext, today: dt.date, application: ApplicationRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(f"支部审核 — {application.applicant_name}", parent,
                         context=context, ok_text="保存审核结果")
        self.today = today
        self.application_id = application.id
        with context.session() as session:
            meetings = [m for m in list_meetings(session, meeting_type=MeetingType.COMMITTEE)
                        if application.applied_on <= m.date <= today]
            self.items = agenda_titles(session, [m.id for m in meetings])
            threshold = higher_approval_above(session)
        self.meetings = [(m.id, f"{m.date:%Y-%m-%d} {m.heading}") for m in meetings]
        self.form.add_wide(QLabel(
            f"{application.number}  {application.reason}  申请 "
            f"{format_yuan(application.amount_requested)} 元"))
        self.meeting = self.form.add("meeting", "支委会", ChoiceCombo(
            [label for _id, label in self.meetings], placeholder="选择会议"), required=True)
        self.item = self.form.add("item", "议题", ChoiceCombo([], placeholder="选择议题"),
                                  required=True)
        self.meeting.currentIndexChanged.connect(self._items)
        if not self.meetings:
            self.form.show_message("meeting", "申请日期之后还没有支委会记录：请先在“会议”页登记"
                                              "审核该申请的支委会（含相应议题）")
        self.agree = QCheckBox("同意" if application.fund_mode == FundMode.BRANCH
                               else "同意上报工委")
        self.agree.setChecked(True)
        self.form.add_wide(self.agree)
        label = "补助金额（元）" if application.fund_mode == FundMode.BRANCH else "建议金额（元）"
        self.amount = self.form.add("amount", label, QLineEdit(f"{application.amount_requested}"))
        if application.fund_mode == FundMode.BRANCH:
            self.form.add_wide(QLabel(f"超过 {format_yuan(threshold)} 元的补助须报上级审批。"))
        self.opinion = self.form.add("opinion", "审核意见", QLineEdit(), required=True)
        self.resize(540, self.sizeHint().height())

    def _items(self) -> None:
        index = self.meeting.currentIndex()
        items = self.items.get(self.meetings[index][0], []) if index >= 0 else []
        self.item.clear()
        self.item.addItems([title for _id, title in items])
        self.item.setCurrentIndex(0 if items else -1)

    def save(self) -> None:
        amount = amount_of(self, self.amount)
        if amount is None:
            return
        m, i = self.meeting.currentIndex(), self.item.currentIndex()
        meeting_id = self.meetings[m][0] if m >= 0 else None
        item_id = self.items[meeting_id][i][0] if meeting_id and i >= 0 else None
        approve, opinion = self.agree.isChecked(), self.opinion.text()
        self.run(lambda s: apps.review(
            s, self.application_id, meeting_id=meeting_id, agenda_item_id=item_id,
            approve=approve, opinion=opinion, amount=amount, today=self.today).id)


class StepDialog(FormDialog):
    """One of the later steps; shows only the fields that step needs."""

    def __init__(self, context: AppContext, today: dt.date, application: ApplicationRecord,
                 step: str, parent: QWidget | None = None) -> None:
        super().__init__(f"{step} — {application.applicant_name}", parent,
                         context=context, ok_text=step)
        self.today = today
        self.application, self.step = application, step
        summary = f"{application.number}  {application.reason}  申请 " \
                  f"{format_yuan(application.amount_requested)} 元"
        if application.approved_amount:
            summary += f"，批准 {format_yuan(application.approved_amount)} 元"
        self.form.add_wide(QLabel(summary))
        self.date = self.form.add("date", "日期", DateField(optional=False), required=True)
        self.date.set_date(today)
        if step == ApplicationStep.RECEIVE:
            self.reference = self.form.add("reference", "拨款凭证", QLineEdit())
        if step == ApplicationStep.PAY:
            self.signed_name = self.form.add("signed_name", "签收人",
                                             QLineEdit(application.applicant_name),
                                             required=True)
            self.form.add_wide(QLabel("请领款人在发放单上签名后再登记；家属代领请写“某某（家属）代签”。"))
        if step == ApplicationStep.HIGHER_DECISION:
            self.approve = QCheckBox("上级批准")
            self.approve.setChecked(True)
            self.form.add_wide(self.approve)
            self.amount = self.form.add("amount", "批准金额（元）",
                                        QLineEdit(f"{application.branch_amount or ''}"))
            self.decided_by = self.form.add("decided_by", "审批单位", QLineEdit(), required=True)
            self.decision_ref = self.form.add("decision_ref", "批复文号或会议", QLineEdit(),
                                              required=True)
        if step in (ApplicationStep.HIGHER_DECISION, ApplicationStep.WITHDRAW):
            self.reason = self.form.add("reason", "理由（不批准或撤回时）", QLineEdit())
        self.resize(480, self.sizeHint().height())

    def save(self) -> None:
        action = self._action()
        if action is not None:
            self.run(action)

    def _action(self) -> Callable[[Session], str] | None:
        """The step as a save that returns the application's id; None when refused here."""
        day = self.required_date("date", self.date)
        if day is None:
            return None
        application_id, today = self.application.id, self.today
        match self.step:
            case ApplicationStep.SUBMIT:
                return lambda s: apps.submit(s, application_id, day, today).id
            case ApplicationStep.RECEIVE:
                reference = self.reference.text()
                return lambda s: apps.receive_grant(s, application_id, day, reference,
                                                    today).id
            case ApplicationStep.PAY:
                signer = self.signed_name.text()
                return lambda s: apps.pay_out(s, application_id, day, signer, today=today).id
            case ApplicationStep.HIGHER_DECISION:
                approve = self.approve.isChecked()
                amount = amount_of(self, self.amount) if approve else None
                if approve and amount is None:
                    return None
                by, ref, reason = (self.decided_by.text(), self.decision_ref.text(),
                                   self.reason.text())
                return lambda s: apps.record_higher_decision(
                    s, application_id, approve=approve, amount=amount, reason=reason,
                    decided_by=by, decision_ref=ref, day=day, today=today).id
            case ApplicationStep.WITHDRAW:
                reason = self.reason.text()
                return lambda s: apps.withdraw(s, application_id, reason, day, today).id
            case ApplicationStep.ARCHIVE:
                return lambda s: apps.archive(s, application_id, day, today).id
        raise UserError(f"“{self.step}”不能在此办理")


#: Steps the branch does with StepDialog (支部审核 has its own dialog; the city's decision
#: arrives in the return file).
STEP_DIALOGS = (ApplicationStep.SUBMIT, ApplicationStep.RECEIVE, ApplicationStep.PAY,
                ApplicationStep.HIGHER_DECISION, ApplicationStep.WITHDRAW, ApplicationStep.ARCHIVE)
