"""The visit form: when, what kind, who was visited with what, from which money."""

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.meetings.attachments import store_file
from app.meetings.service import AttachmentInput
from app.visits import rules
from app.visits.rules import FundingSource
from app.visits.service import (
    GoodsInput,
    PersonInput,
    VisitInput,
    check_visit,
    save_visit,
    visit_input,
)
from base.errors import UserError, ValidationError
from base.money import format_yuan, parse_yuan
from ui.context import AppContext
from ui.widgets.choice_combo import ChoiceCombo
from ui.widgets.date_field import DateField
from ui.widgets.form_dialog import FormDialog
from ui.widgets.member_picker import MemberCombo
from ui.widgets.tables import row_key

PERSON_HEADERS = ("姓名", "身份", "慰问金（元）", "慰问品（名称 金额；…）", "签收人")
NO_SOURCE = "（无慰问金、慰问品）"
_GOODS = re.compile(r"^(.*?)[\s:：]*(\d[\d,]*(?:\.\d{1,2})?)\s*元?$")


def parse_goods(text: str) -> list[GoodsInput]:
    """「大米 120；食用油 90」 → items with their value."""
    items = []
    for part in re.split(r"[；;，,、\n]+", text.strip()):
        if not part.strip():
            continue
        match = _GOODS.match(part.strip())
        if match is None or not match.group(1).strip():
            raise UserError(f"慰问品“{part.strip()}”请写成“名称 金额”，如“大米 120”")
        items.append(GoodsInput(match.group(1).strip(), parse_yuan(match.group(2))))
    return items


def goods_text(goods: list[GoodsInput]) -> str:
    return "；".join(f"{g.name} {format_yuan(g.value or Decimal(0))}" for g in goods)


class VisitDialog(FormDialog):
    def __init__(self, context: AppContext, today: dt.date, visit_id: str | None = None,
                 preset: VisitInput | None = None, parent: QWidget | None = None) -> None:
        super().__init__("修改慰问记录" if visit_id else "登记慰问", parent,
                         context=context, ok_text="保存")
        self.today = today
        self.visit_id = visit_id
        self.date = self.form.add("date", "慰问日期", DateField(optional=False), required=True)
        self.kind = self.form.add("kind", "慰问类别",
                                  ChoiceCombo(rules.KINDS, placeholder="请选择"), required=True)
        self.organiser = self.form.add("organiser", "组织者", ChoiceCombo(rules.ORGANISERS))
        self.visit_form = self.form.add("form", "慰问形式", ChoiceCombo(rules.FORMS))
        self.source = self.form.add("source", "经费来源", ChoiceCombo((*rules.SOURCES,
                                                                    NO_SOURCE)))
        self.visitors = self.form.add("visitors", "慰问人", QLineEdit())
        self.visitors.setPlaceholderText("如：王书记、李委员")
        self.approval = self.form.add("approval_ref", "批准依据", QLineEdit())
        self.approval.setPlaceholderText("如：支委会2026年第1次会议")
        self.persons = QTableWidget(0, len(PERSON_HEADERS))
        self.persons.setObjectName("persons")
        self.persons.setHorizontalHeaderLabels(PERSON_HEADERS)
        self.persons.verticalHeader().hide()
        self.persons.horizontalHeader().setStretchLastSection(True)
        self.persons.setMinimumHeight(160)
        self.persons.resizeColumnsToContents()  # the headers readable in full
        self.form.add("persons", "慰问对象", self.persons, required=True)
        self.member = MemberCombo(context, today, editable=False)
        self.member.setObjectName("member-choice")
        self.member.setMinimumWidth(160)
        add_member = QPushButton("添加党员")
        add_member.setObjectName("add-member")
        add_member.setAutoDefault(False)
        add_member.clicked.connect(self.add_member)
        add_staff = QPushButton("添加非党员职工")
        add_staff.setAutoDefault(False)
        add_staff.clicked.connect(lambda: self.add_person(None, ""))
        remove = QPushButton("删除所选")
        remove.setAutoDefault(False)
        remove.clicked.connect(lambda: self.persons.removeRow(self.persons.currentRow()))
        row = QWidget()
        buttons = QHBoxLayout(row)
        buttons.setContentsMargins(0, 0, 0, 0)
        for widget in (self.member, add_member, add_staff, remove):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        self.form.add_wide(row)
        self.photos: list[AttachmentInput] = []
        self.photo_list = QListWidget()
        self.photo_list.setMaximumHeight(60)
        add_photo = QPushButton("添加照片…")
        add_photo.setAutoDefault(False)
        add_photo.clicked.connect(self.choose_photos)
        photo_row = QWidget()
        photo_layout = QHBoxLayout(photo_row)
        photo_layout.setContentsMargins(0, 0, 0, 0)
        photo_layout.addWidget(self.photo_list, 1)
        photo_layout.addWidget(add_photo)
        self.form.add("photos", "照片", photo_row)
        self.notes = self.form.add("notes", "备注", QLineEdit())
        self._load(visit_id, preset)
        self.resize(760, self.sizeHint().height())

    def _load(self, visit_id: str | None, preset: VisitInput | None) -> None:
        if visit_id:
            with self.context.session() as session:
                preset = visit_input(session, visit_id)
        preset = preset or VisitInput(date=self.today, kind=rules.default_kind(self.today),
                                        persons=[])
        self.date.set_date(preset.date or self.today)
        self.kind.set_text(preset.kind)
        self.organiser.set_text(preset.organiser)
        self.visit_form.set_text(preset.form)
        self.source.set_text(preset.source or (NO_SOURCE if visit_id else FundingSource.DUES))
        self.visitors.setText(preset.visitors)
        self.approval.setText(preset.approval_ref)
        self.notes.setText(preset.notes)
        for person in preset.persons:
            self.add_person(person.member_id, person.name, person)
        for photo in preset.photos:
            self._add_photo(photo)

    def add_member(self) -> None:
        member_id = self.member.member_id()
        if member_id is None:
            QMessageBox.information(self, "添加党员", "请先在左边的列表中选择党员。")
            return
        self.add_person(member_id, self.member.text())

    def add_person(self, member_id: str | None, name: str,
                   person: PersonInput | None = None) -> None:
        """A row; a member's name is fixed, non-member staff are typed in."""
        row = self.persons.rowCount()
        self.persons.insertRow(row)
        name_item = QTableWidgetItem(name)
        name_item.setData(Qt.ItemDataRole.UserRole, member_id)
        if member_id:
            name_item.setFlags(name_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        identity = QTableWidgetItem("党员" if member_id else "非党员职工")
        identity.setFlags(identity.flags() & ~Qt.ItemFlag.ItemIsEditable)
        cash = f"{person.cash:.2f}" if person and person.cash else ""
        values = [name_item, identity, QTableWidgetItem(cash),
                  QTableWidgetItem(goods_text(person.goods) if person else ""),
                  QTableWidgetItem(person.signed_name if person else "")]
        for column, item in enumerate(values):
            self.persons.setItem(row, column, item)
        self.persons.resizeColumnsToContents()
        if not member_id:
            self.persons.editItem(name_item)

    def choose_photos(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, "选择照片", "", "图片 (*.jpg *.jpeg *.png *.bmp *.webp)")
        for name in names:
            try:
                with self.context.session() as session:
                    self._add_photo(store_file(session, Path(name)))
            except UserError as exc:
                QMessageBox.warning(self, "添加照片", exc.message)

    def _add_photo(self, photo: AttachmentInput) -> None:
        self.photos.append(photo)
        self.photo_list.addItem(photo.filename)

    def _cell(self, row: int, column: int) -> str:
        item = self.persons.item(row, column)
        return item.text().strip() if item else ""

    def visit_data(self) -> VisitInput:
        persons = []
        for row in range(self.persons.rowCount()):
            name = self._cell(row, 0)
            try:
                cash = parse_yuan(self._cell(row, 2)) if self._cell(row, 2) else Decimal("0.00")
                goods = parse_goods(self._cell(row, 3))
            except UserError as exc:
                raise ValidationError({"persons": f"{name or f'第{row + 1}行'}：{exc.message}"}
                                      ) from None
            member_id = row_key(self.persons, row)  # None for someone not on the roster
            persons.append(PersonInput(member_id if isinstance(member_id, str) else None,
                                       name, cash, goods, self._cell(row, 4)))
        source = self.source.text()
        return VisitInput(
            date=self.date.date(), kind=self.kind.text(), persons=persons,
            organiser=self.organiser.text(), form=self.visit_form.text(),
            visitors=self.visitors.text(), source="" if source == NO_SOURCE else source,
            approval_ref=self.approval.text(), notes=self.notes.text(),
            photos=list(self.photos))

    def save(self) -> None:
        self.error.clear()
        self.form.clear_messages()
        try:
            data = self.visit_data()
            with self.context.session() as session:
                warnings = check_visit(session, data, self.visit_id, self.today)
        except UserError as exc:
            self.show_error(exc)
            return
        if warnings:
            answer = QMessageBox.question(
                self, "请确认", "；\n".join(warnings) + "。\n\n仍要保存吗？",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.run(lambda s: save_visit(s, data, self.visit_id, self.today)[0].id)
