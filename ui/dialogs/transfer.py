"""组织关系转出 / 转入 of one member; the member stays in the records either way."""

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.members.record import on_roster_now
from app.members.rules import TransferDirection
from app.members.service import transfer
from base.errors import UserError
from ui.context import AppContext
from ui.widgets.date_field import DateField
from ui.widgets.field_form import FieldForm

ORGANISATION_LABELS = {TransferDirection.OUT: "转往组织", TransferDirection.IN: "原所在组织"}
HINTS = {
    TransferDirection.OUT: "党员调离本支部时办理。转出后不再计入在册党员，记录保留，"
                           "可在“已转出”中查看。",
    TransferDirection.IN: "党员从其他组织转来本支部（或转出后又转回）时办理。",
}


class TransferDialog(QDialog):
    #: The transfer was saved; carries the member id.
    saved = Signal(str)

    def __init__(self, context: AppContext, member_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.member_id = member_id
        with context.session() as session:
            name, here = on_roster_now(session, member_id, dt.date.today())
        self.setWindowTitle(f"组织关系转接 — {name}")
        heading = QLabel(f"党员：<b>{name}</b>（目前{'在册' if here else '不在本支部'}）")

        self.out_button = QRadioButton("转出（调离本支部）")
        self.in_button = QRadioButton("转入（转来本支部）")
        self.directions = QButtonGroup(self)
        self.directions.addButton(self.out_button)
        self.directions.addButton(self.in_button)
        (self.out_button if here else self.in_button).setChecked(True)
        choice = QHBoxLayout()
        choice.addWidget(self.out_button)
        choice.addWidget(self.in_button)
        choice.addStretch(1)

        self.form = FieldForm()
        self.date = self.form.add("date", "转接日期", DateField(optional=False), required=True)
        self.date.set_date(dt.date.today())
        self.organisation = self.form.add("organisation", "转往组织", QLineEdit())
        self.organisation.setPlaceholderText("如 中共市财政局机关第二党支部")
        self.letter_no = self.form.add("letter_no", "介绍信编号", QLineEdit())
        self.letter_no.setPlaceholderText("如 转字第015号")
        self._organisation_caption = self.form.caption("organisation")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #666;")
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")

        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton("确定", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(choice)
        layout.addWidget(self.hint)
        layout.addWidget(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.directions.buttonToggled.connect(self._direction_changed)
        self._direction_changed()
        self.resize(520, self.sizeHint().height())

    def direction(self) -> TransferDirection:
        return TransferDirection.OUT if self.out_button.isChecked() else TransferDirection.IN

    def _direction_changed(self) -> None:
        self._organisation_caption.setText(ORGANISATION_LABELS[self.direction()])
        self.hint.setText(HINTS[self.direction()])
        self.error.clear()

    def save(self) -> None:
        day = self.date.date()
        if day is None:
            self.form.show_message("date", self.date.error() or "请填写转接日期")
            return
        self.form.show_message("date", "")
        direction = self.direction()
        try:
            self.context.apply(lambda session: transfer(
                session, self.member_id, direction, day,
                self.organisation.text(), self.letter_no.text()))
        except UserError as exc:
            self.error.setText(exc.message)
            return
        self.saved.emit(self.member_id)
        self.accept()
