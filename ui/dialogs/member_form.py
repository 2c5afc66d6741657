"""The member form: every field of MemberInput, checked as the user types, saved in one go.

Messages come from `check_member`: an error shows (red, under its field) once the user has
left that field or pressed 保存; warnings (amber) show under the ID number, except the one
about the phone number, which shows under 联系电话.
"""

import datetime as dt

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.branch import group_choices
from app.idcard import parse_id_number
from app.meetings.appraisal import member_appraisals
from app.members.phone import phone_warning
from app.members.record import TransferLine, derived_text, member_record
from app.members.rules import (
    CATEGORIES,
    DEGREES,
    EDUCATIONS,
    EMPLOYMENTS,
    ETHNICITIES,
    GENDERS,
    STATUSES,
    MemberCategory,
)
from app.members.service import MemberInput, add_member, check_member, update_member
from base.errors import UserError, ValidationError
from ui.context import AppContext
from ui.dialogs.status_periods import StatusPeriods
from ui.widgets.choice_combo import ChoiceCombo
from ui.widgets.date_field import DateField
from ui.widgets.field_form import FieldForm, widget_of
from ui.widgets.form_dialog import FormDialog

TEXT_FIELDS = ("name", "id_number", "native_place", "party_post", "job", "rank", "phone",
               "address", "hardship_kind")
CHOICE_FIELDS = ("gender", "ethnicity", "education", "degree", "category", "membership_status",
                 "employment")
DATE_FIELDS = ("birth_date", "join_date", "full_date", "full_approved_on", "work_start_date",
               "deceased_date")
FLAG_FIELDS = ("lost_contact", "mobile", "is_leader", "hardship")


def _line(placeholder: str = "", max_length: int = 100) -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setMaxLength(max_length)
    return edit


class MemberForm(FormDialog):
    """`saved` carries the member's id."""

    def __init__(self, context: AppContext, member_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("新增党员" if member_id is None else "编辑党员信息", parent,
                         context=context, ok_text="保存", size=QSize(1040, 700))
        self.member_id = member_id
        self._touched: set[str] = set()
        self._errors: dict[str, str] = {}
        self._auto: dict[str, object] = {}  # birth date and gender last filled from the ID
        self._kept_full_date: dt.date | None = None
        self._extension_months = 0
        self.forms: list[FieldForm] = []
        self.fields: dict[str, QWidget] = {}

        left = QVBoxLayout()
        left.addWidget(self._group("基本信息", self._basics()))
        left.addWidget(self._group("党籍信息", self._membership()))
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self._group("工作与联系", self._work()))
        right.addWidget(self._group("其他", self._other()))
        right.addStretch(1)
        self.texts = {key: widget_of(self.fields, key, QLineEdit) for key in TEXT_FIELDS}
        self.choices = {key: widget_of(self.fields, key, ChoiceCombo) for key in CHOICE_FIELDS}
        self.dates = {key: widget_of(self.fields, key, DateField) for key in DATE_FIELDS}
        self.flags = {key: widget_of(self.fields, key, QCheckBox) for key in FLAG_FIELDS}
        columns = QWidget()
        row = QHBoxLayout(columns)
        row.addLayout(left, 1)
        row.addLayout(right, 1)
        self.set_body(columns)
        self.summary = self.error
        self.summary.setObjectName("summary")
        self.save_button.setDefault(True)
        self.footer.insertWidget(0, QLabel("<span style='color:#c62828'>*</span> 为必填项"))

        self._load()
        self._connect()
        self._validate()
        self._loaded = self.member_input()

    # -- building -------------------------------------------------------------------------

    def _group(self, title: str, form: FieldForm) -> QGroupBox:
        box = QGroupBox(title)
        box.setStyleSheet("QGroupBox { font-weight: bold; } QGroupBox * { font-weight: normal; }")
        QVBoxLayout(box).addWidget(form)
        self.forms.append(form)
        self.fields.update(form.fields)
        return box

    def _basics(self) -> FieldForm:
        form = FieldForm()
        form.add("name", "姓名", _line("", 50), required=True)
        form.add("id_number", "公民身份号码", _line("18位，最后一位可为X", 24), required=True)
        form.add("gender", "性别", ChoiceCombo(GENDERS, placeholder="由身份证号自动填写"),
                 required=True)
        form.add("birth_date", "出生日期", DateField())
        form.add("ethnicity", "民族", ChoiceCombo(ETHNICITIES, editable=True))
        form.add("native_place", "籍贯", _line("如 山东济南", 50))
        form.add("education", "学历", ChoiceCombo(EDUCATIONS, placeholder="请选择"))
        form.add("degree", "学位", ChoiceCombo(DEGREES, placeholder="请选择"))
        return form

    def _membership(self) -> FieldForm:
        form = FieldForm()
        form.add("category", "人员类别", ChoiceCombo(CATEGORIES), required=True)
        form.add("join_date", "入党日期", DateField(optional=False), required=True)
        form.add("full_date", "转正日期", DateField())
        approved = form.add("full_approved_on", "转正批准日期", DateField())
        approved.edit.setPlaceholderText("上级党委批准转正之日（空则按转正日期）")
        approved.setToolTip("自批准之日起有表决权、选举权和被选举权；党龄仍从转正日期算起")
        self.derived = QLabel()
        self.derived.setObjectName("derived")
        self.derived.setStyleSheet("color: #1a5fb4;")
        form.add("derived", "党龄", self.derived)
        form.add("membership_status", "党籍状态", ChoiceCombo(STATUSES))
        self.periods = StatusPeriods(self.context)
        self.periods.changed.connect(self._periods_changed)
        form.add("periods", "党籍变化", self.periods)
        self.group_combo = QComboBox()
        form.add("group_id", "党小组", self.group_combo)
        form.add("party_post", "党内职务", _line("如 组织委员、党小组组长", 50))
        flags = QWidget()
        row = QHBoxLayout(flags)
        row.setContentsMargins(0, 0, 0, 0)
        for key, text in (("lost_contact", "失联党员"), ("mobile", "流动党员")):
            box = QCheckBox(text)
            self.fields[key] = box
            row.addWidget(box)
        row.addStretch(1)
        form.add("flags", "其他情况", flags)
        return form

    def _work(self) -> FieldForm:
        form = FieldForm()
        form.add("job", "工作岗位", _line("如 综合科科员"))
        form.add("rank", "职务职级", _line("如 四级调研员", 50))
        form.add("work_start_date", "参加工作日期", DateField())
        form.add("employment", "在职情况", ChoiceCombo(EMPLOYMENTS))
        form.add("phone", "联系电话", _line("手机或固定电话", 30))
        form.add("address", "家庭住址", _line("", 200))
        form.add("is_leader", "", QCheckBox("党员领导干部（参加双重组织生活）"))
        return form

    def _other(self) -> FieldForm:
        form = FieldForm()
        form.add("hardship", "", QCheckBox("困难党员"))
        form.add("hardship_kind", "困难类型", _line("如 因病致困", 50))
        form.add("deceased_date", "去世日期", DateField())
        self.notes = form.add("notes", "备注", QPlainTextEdit())
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(64)
        self.notes.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.transfers = QTableWidget(0, 4)
        self.transfers.setObjectName("transfers")
        self.transfers.setHorizontalHeaderLabels(["日期", "转接", "组织", "介绍信编号"])
        self.transfers.verticalHeader().hide()
        self.transfers.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.transfers.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.transfers.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.Stretch)
        self.transfers.setFixedHeight(120)
        self.no_transfers = QLabel()
        self.no_transfers.setStyleSheet("color: #666;")
        form.add_wide(QLabel("组织关系转接记录"))
        form.add_wide(self.no_transfers)
        form.add_wide(self.transfers)
        self.appraisals = QLabel()
        self.appraisals.setObjectName("appraisals")
        self.appraisals.setWordWrap(True)
        form.add_wide(QLabel("历年民主评议"))
        form.add_wide(self.appraisals)
        return form

    # -- values ---------------------------------------------------------------------------

    def _load(self) -> None:
        with self.context.session() as session:
            groups = [(g.name, g.id) for g in group_choices(session)]
            member = member_record(session, self.member_id) if self.member_id else None
            grades = member_appraisals(session, member.id) if member else []
        self._extension_months = member.extension_months if member else 0
        group_id = member.values.group_id if member else None
        if member and group_id and group_id not in {i for _n, i in groups}:
            groups.append((member.group_name, group_id))
        self.group_combo.addItem("（未分配党小组）", None)
        for name, group in groups:
            self.group_combo.addItem(name, group)
        if member is None:
            self.choices["ethnicity"].set_text("汉族")
            self.no_transfers.setText("保存后可在名册中办理转出、转入。")
            self.transfers.hide()
            self.appraisals.setText("暂无民主评议记录。")
            return
        values = member.values
        for key, line in self.texts.items():
            line.setText(getattr(values, key))
        for key, combo in self.choices.items():
            combo.set_text(getattr(values, key))
        for key, field in self.dates.items():
            field.set_date(getattr(values, key))
        for key, box in self.flags.items():
            box.setChecked(getattr(values, key))
        self.notes.setPlainText(values.notes)
        self.group_combo.setCurrentIndex(max(self.group_combo.findData(group_id), 0))
        self.periods.load(member.id)
        self._show_transfers(member.transfers)
        self.appraisals.setText("；".join(f"{g.year}年：{g.grade}" for g in grades)
                                or "暂无民主评议记录。")
        self._touched = set(self.fields)  # show problems of a stored record at once

    def _show_transfers(self, moves: tuple[TransferLine, ...]) -> None:
        self.no_transfers.setText("" if moves else "暂无组织关系转接记录。")
        self.no_transfers.setVisible(not moves)
        self.transfers.setVisible(bool(moves))
        self.transfers.setRowCount(len(moves))
        for row, move in enumerate(moves):
            for column, text in enumerate((f"{move.date:%Y-%m-%d}", move.direction,
                                           move.organisation, move.letter_no)):
                self.transfers.setItem(row, column, QTableWidgetItem(text))
        self.transfers.resizeColumnToContents(0)

    def member_input(self) -> MemberInput:
        text = {key: line.text().strip() for key, line in self.texts.items()}
        choice = {key: combo.text() for key, combo in self.choices.items()}
        date = {key: field.date() for key, field in self.dates.items()}
        flag = {key: box.isChecked() for key, box in self.flags.items()}
        data = MemberInput(
            name=text["name"], id_number=text["id_number"], category=choice["category"],
            join_date=date["join_date"], gender=choice["gender"], birth_date=date["birth_date"],
            full_date=date["full_date"], full_approved_on=date["full_approved_on"],
            ethnicity=choice["ethnicity"], education=choice["education"], job=text["job"],
            phone=text["phone"], address=text["address"],
            membership_status=choice["membership_status"], lost_contact=flag["lost_contact"],
            mobile=flag["mobile"], native_place=text["native_place"], degree=choice["degree"],
            work_start_date=date["work_start_date"], deceased_date=date["deceased_date"],
            rank=text["rank"], employment=choice["employment"], party_post=text["party_post"],
            group_id=self.group_combo.currentData(), hardship=flag["hardship"],
            hardship_kind=text["hardship_kind"], is_leader=flag["is_leader"],
            notes=self.notes.toPlainText().strip())
        if data.category == MemberCategory.PROBATIONARY:
            data.full_date = data.full_approved_on = None
        if not data.hardship:
            data.hardship_kind = ""
        return data

    # -- checking as the user types ---------------------------------------------------------

    def _connect(self) -> None:
        for key, line in self.texts.items():
            line.textChanged.connect(self._validate)
            line.editingFinished.connect(lambda key=key: self._touch(key))
        for key, combo in self.choices.items():
            combo.currentTextChanged.connect(self._validate)
            combo.activated.connect(lambda _i, key=key: self._touch(key))
        for key, field in self.dates.items():
            field.changed.connect(self._validate)
            field.finished.connect(lambda key=key: self._touch(key))
        for box in self.flags.values():
            box.toggled.connect(self._validate)
        self.texts["id_number"].textChanged.connect(self._fill_from_id)
        self.dates["birth_date"].changed.connect(self._birth_edited)
        self.choices["gender"].activated.connect(lambda _i: self._auto.pop("gender", None))
        self.choices["category"].currentTextChanged.connect(self._category_changed)
        self.flags["hardship"].toggled.connect(self.texts["hardship_kind"].setEnabled)
        self.texts["hardship_kind"].setEnabled(self.flags["hardship"].isChecked())
        self._category_changed(self.choices["category"].text())

    def _touch(self, key: str) -> None:
        self._touched.add(key)
        self._validate()

    def _fill_from_id(self, text: str) -> None:
        """A valid ID number gives birth date and gender, unless the user entered others."""
        try:
            parsed = parse_id_number(text)
        except UserError:
            return
        birth, gender = self.dates["birth_date"], self.choices["gender"]
        if birth.date() in (None, self._auto.get("birth_date")):
            self._auto["birth_date"] = parsed.birth_date
            birth.set_date(parsed.birth_date)
        if gender.text() in ("", self._auto.get("gender")):
            self._auto["gender"] = parsed.gender
            gender.set_text(parsed.gender)

    def _birth_edited(self) -> None:
        """A birth date the user typed is kept when the ID number changes later."""
        if self.dates["birth_date"].date() != self._auto.get("birth_date"):
            self._auto.pop("birth_date", None)

    def _periods_changed(self) -> None:
        """A period recorded: 党籍状态 (and the 预备期 shown) follow it."""
        assert self.member_id is not None  # the periods are recorded for a saved member
        with self.context.session() as session:
            member = member_record(session, self.member_id)
        status = member.values.membership_status
        self._extension_months = member.extension_months
        self.choices["membership_status"].set_text(status)
        self._loaded.membership_status = status
        self._validate()

    def _category_changed(self, category: str) -> None:
        self.dates["full_approved_on"].setEnabled(category != MemberCategory.PROBATIONARY)
        full_date = self.dates["full_date"]
        probationary = category == MemberCategory.PROBATIONARY
        if probationary and full_date.isEnabled():
            self._kept_full_date = full_date.date()
            full_date.set_date(None)
            full_date.edit.setPlaceholderText("预备党员转正后填写")
        elif not probationary and not full_date.isEnabled():
            full_date.set_date(self._kept_full_date)
            full_date.edit.setPlaceholderText("如 2002-07-01")
        full_date.setEnabled(not probationary)
        self._validate()

    def _check(self) -> tuple[dict[str, str], list[str]]:
        data = self.member_input()
        errors: dict[str, str] = {}
        warnings: list[str] = []
        try:
            with self.context.session() as session:
                warnings = check_member(session, data, member_id=self.member_id).warnings
        except ValidationError as exc:
            errors, warnings = dict(exc.fields), exc.warnings
        for key, field in self.dates.items():
            message = field.error()
            if message:
                errors[key] = message
        self.derived.setText(derived_text(data, self._extension_months, dt.date.today()))
        return errors, warnings

    def _validate(self) -> None:
        self._errors, warnings = self._check()
        shown = {k: v for k, v in self._errors.items() if k in self._touched}
        for form in self.forms:
            for key in form.fields:
                form.show_message(key, shown.get(key, ""))
        phone_note = phone_warning(self.texts["phone"].text())
        about_id = [w for w in warnings if w != phone_note]
        if "id_number" in self._touched and "id_number" not in shown and about_id:
            self.forms[0].show_message("id_number", "\n".join(about_id), warning=True)
        if "phone" in self._touched and phone_note:
            form = next(f for f in self.forms if "phone" in f.fields)
            form.show_message("phone", phone_note, warning=True)
        self.save_button.setEnabled(not shown)
        self.summary.setText(f"还有 {len(shown)} 处需要修改（见红字）" if shown else "")

    # -- saving ---------------------------------------------------------------------------

    def has_unsaved_changes(self) -> bool:
        return self.member_input() != self._loaded

    def save(self) -> None:
        """Save when everything is valid; otherwise show every message and stay open."""
        self._touched |= set(self.fields)
        self._validate()
        if self._errors:
            first = next(key for key in self.fields if key in self._errors)
            self.fields[first].setFocus()
            return
        data = self.member_input()

        def store(session: Session) -> str:
            if self.member_id is None:
                return add_member(session, data)[0].id
            return update_member(session, self.member_id, data)[0].id

        try:
            member_id = self.context.apply(store)
        except UserError as exc:
            self.summary.setText(exc.message)
            return
        self.member_id = member_id
        self.finish(member_id)
