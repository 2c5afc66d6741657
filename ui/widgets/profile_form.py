"""The branch-profile form, in three parts that the setup wizard shows on three pages and
设置 shows in one column: `basics` (names, code, term, 启用日期), `committee` and `groups`."""

import datetime as dt

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.branch import COMMITTEE_POSTS, earliest_record, group_choices
from app.profile import GroupInput, ProfileInput, check_profile, profile_input, save_profile
from base.errors import UserError, ValidationError
from ui.context import AppContext
from ui.widgets.choice_combo import ChoiceCombo
from ui.widgets.date_field import DateField
from ui.widgets.field_form import ERROR_STYLE, FieldForm
from ui.widgets.record_tab import note_label

HINT_STYLE = "color: #666;"
COMMITTEE_HINT = ("正式党员不足7人的支部只设书记（可设副书记）；7人以上设支部委员会，"
                  "一般3至5人。只填有人担任的职务，空着的行不保存。")
START_HINT = ("从这一天起检查会议是否按期召开、党费是否按月交纳；此前的期间不提醒。"
              "补录了更早的历史记录时，可以把它提前。")
GROUPS_HINT = ("党员较多时可分为若干党小组（可以不设）。双击名称可以修改；"
               "删除党小组前，请先把其中的党员调到其他党小组。")


def _message_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


def _hint(text: str) -> QLabel:
    return note_label(text, style=HINT_STYLE)


class CommitteeEditor(QWidget):
    """Rows of 职务 + 姓名; an empty name means the row is not saved."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[ChoiceCombo, QLineEdit, QWidget]] = []
        self._grid = QGridLayout()
        self._grid.setColumnStretch(1, 1)
        self._grid.addWidget(QLabel("职务"), 0, 0)
        self._grid.addWidget(QLabel("姓名"), 0, 1)
        self.add_button = QPushButton("添加一行")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add_row("委员", ""))
        self.message = _message_label()
        self.message.setObjectName("message-committee")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_hint(COMMITTEE_HINT))
        layout.addLayout(self._grid)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)

    def add_row(self, post: str, name: str) -> QLineEdit:
        combo = ChoiceCombo(COMMITTEE_POSTS)
        combo.set_text(post)
        edit = QLineEdit(name)
        edit.setPlaceholderText("姓名")
        edit.setMaxLength(50)
        remove = QToolButton()
        remove.setText("删除")
        remove.setToolTip("删除这一行")
        row = self._grid.rowCount()
        self._grid.addWidget(combo, row, 0)
        self._grid.addWidget(edit, row, 1)
        self._grid.addWidget(remove, row, 2)
        entry = (combo, edit, remove)
        self._rows.append(entry)
        remove.clicked.connect(lambda: self._remove(entry))
        combo.currentTextChanged.connect(self.edited)
        edit.textChanged.connect(self.edited)
        if self.isVisible():
            edit.setFocus()
        self.edited.emit()
        return edit

    def _remove(self, entry: tuple[ChoiceCombo, QLineEdit, QWidget]) -> None:
        self._rows.remove(entry)
        for widget in entry:
            self._grid.removeWidget(widget)
            widget.hide()
            widget.deleteLater()
        self.edited.emit()

    def rows(self) -> list[tuple[ChoiceCombo, QLineEdit]]:
        return [(combo, edit) for combo, edit, _remove in self._rows]

    def value(self) -> list[dict[str, str]]:
        return [{"post": combo.text(), "name": edit.text().strip()}
                for combo, edit in self.rows() if edit.text().strip()]

    def set_value(self, committee: list[dict[str, str]]) -> None:
        for entry in list(self._rows):
            self._remove(entry)
        for member in committee or [{"post": "书记", "name": ""}]:
            self.add_row(member.get("post", "委员"), member.get("name", ""))


class GroupsEditor(QWidget):
    """党小组 in order; existing ones keep their id so renaming is not a new group."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setObjectName("groups")
        self.list.setMaximumHeight(180)
        self.list.itemChanged.connect(self.edited)
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText("新党小组名称，如 第一党小组")
        self.new_name.setMaxLength(100)
        self.new_name.installEventFilter(self)
        self.add_button = QPushButton("添加")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_typed)
        self.remove_button = QPushButton("删除选中")
        self.up_button = QPushButton("上移")
        self.down_button = QPushButton("下移")
        for button in (self.remove_button, self.up_button, self.down_button):
            button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.message = _message_label()
        self.message.setObjectName("message-groups")
        adding = QHBoxLayout()
        adding.addWidget(self.new_name, 1)
        adding.addWidget(self.add_button)
        side = QVBoxLayout()
        for button in (self.remove_button, self.up_button, self.down_button):
            side.addWidget(button)
        side.addStretch(1)
        listing = QHBoxLayout()
        listing.addWidget(self.list, 1)
        listing.addLayout(side)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_hint(GROUPS_HINT))
        layout.addLayout(adding)
        layout.addLayout(listing)
        layout.addWidget(self.message)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the name field adds the group; it must not reach the dialog, where it
        would press the default button (the wizard's 下一步) and lose what was typed."""
        if (watched is self.new_name and isinstance(event, QKeyEvent)
                and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.add_typed()
            return True
        return super().eventFilter(watched, event)

    def _add(self, name: str, group_id: str | None) -> None:
        item = QListWidgetItem(name)
        item.setData(Qt.ItemDataRole.UserRole, group_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.list.addItem(item)

    def add_typed(self) -> None:
        name = self.new_name.text().strip()
        if name:
            self._add(name, None)
            self.new_name.clear()
            self.edited.emit()
        self.new_name.setFocus()

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.edited.emit()

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        if row < 0 or not 0 <= row + step < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(row + step, item)
        self.list.setCurrentRow(row + step)
        self.edited.emit()

    def value(self) -> list[GroupInput]:
        items = (self.list.item(row) for row in range(self.list.count()))
        return [GroupInput(item.text().strip(), item.data(Qt.ItemDataRole.UserRole))
                for item in items if item.text().strip()]

    def set_value(self, groups: list[tuple[str, str]]) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for name, group_id in groups:
            self._add(name, group_id)
        self.list.blockSignals(False)


class ProfileForm(QObject):
    #: The user changed something since the last load or save.
    edited = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.basics = FieldForm(label_width=120)
        self.name = self.basics.add("name", "支部全称", QLineEdit(), required=True)
        self.name.setPlaceholderText("与印章一致，如 中共市××局机关第一党支部")
        self.code = self.basics.add("code", "支部代码", QLineEdit(), required=True)
        self.code.setPlaceholderText("上级党委编定的代码，如 FGW-01")
        self.parent_committee = self.basics.add("parent_committee", "上级机关党委", QLineEdit())
        self.parent_committee.setPlaceholderText("如 中共市××局机关委员会")
        self.city_committee = self.basics.add("city_committee", "市直机关工委", QLineEdit())
        self.city_committee.setPlaceholderText("如 中共市直属机关工作委员会")
        self.term_start = self.basics.add("term_start", "本届任期开始日期", DateField())
        self.started_on = self.basics.add("started_on", "启用日期", DateField(optional=False),
                                          required=True)
        self.started_on.setToolTip(START_HINT)
        self.earliest = QPushButton("按最早的记录")
        self.earliest.setObjectName("start-from-earliest")
        self.earliest.setAutoDefault(False)
        self.earliest.setToolTip("改为已录入的最早一条会议、党费、互助金或慰问记录所在月的1日")
        self.earliest.clicked.connect(self._start_from_earliest)
        self.earliest.hide()  # shown once there are records (see load)
        start_row = QHBoxLayout()
        start_row.setContentsMargins(0, 0, 0, 0)
        start_row.addWidget(_hint(START_HINT), 1)
        start_row.addWidget(self.earliest, 0, Qt.AlignmentFlag.AlignTop)
        start_note = QWidget()
        start_note.setLayout(start_row)
        self.basics.add_wide(start_note)
        self._earliest: dt.date | None = None
        self.committee = CommitteeEditor()
        self.groups = GroupsEditor()
        for edit in (self.name, self.code, self.parent_committee, self.city_committee):
            edit.setMaxLength(200)
            edit.textChanged.connect(self.edited)
        self.term_start.changed.connect(self.edited)
        self.started_on.changed.connect(self.edited)
        self.committee.edited.connect(self.edited)
        self.groups.edited.connect(self.edited)
        self.committee.set_value([])

    def load(self, session: Session) -> None:
        profile = profile_input(session)
        groups = [(g.name, g.id) for g in group_choices(session)]
        self.name.setText(profile.name if profile else "")
        self.code.setText(profile.code if profile else "")
        self.parent_committee.setText(profile.parent_committee if profile else "")
        self.city_committee.setText(profile.city_committee if profile else "")
        self.term_start.set_date(profile.term_start if profile else None)
        # A new branch starts today; an older one without the date is checked from its records.
        self._earliest = earliest_record(session)
        started = profile.started_on if profile else None
        self.started_on.set_date(started or self._earliest or dt.date.today())
        self.earliest.setVisible(self._earliest is not None)
        self.committee.set_value(profile.committee if profile else [])
        self.groups.set_value(groups)
        self.show_errors({})

    def value(self) -> ProfileInput:
        return ProfileInput(
            name=self.name.text(), code=self.code.text(),
            parent_committee=self.parent_committee.text(),
            city_committee=self.city_committee.text(),
            term_start=self.term_start.date(),
            started_on=self.started_on.date(),
            committee=self.committee.value(),
            groups=self.groups.value(),
        )

    def local_errors(self) -> dict[str, str]:
        """What the widgets know before asking the rules (a date that is not a date)."""
        errors = {key: message for key, field in (("term_start", self.term_start),
                                                  ("started_on", self.started_on))
                  if (message := field.error())}
        if "started_on" not in errors and self.started_on.date() is None:
            errors["started_on"] = "请填写启用日期（通常是开始使用本软件的日子）"
        return errors

    def _start_from_earliest(self) -> None:
        if self._earliest is not None:
            self.started_on.set_date(self._earliest)

    def show_errors(self, errors: dict[str, str]) -> None:
        for key in self.basics.fields:
            self.basics.show_message(key, errors.get(key, ""))
        for key, editor in (("committee", self.committee), ("groups", self.groups)):
            editor.message.setText(errors.get(key, ""))
            editor.message.setVisible(key in errors)

    def check(self) -> dict[str, str]:
        """Every problem the rules find, without saving."""
        errors = self.local_errors()
        try:
            check_profile(self.value())
        except ValidationError as exc:
            errors = {**exc.fields, **errors}
        return errors

    def save(self, context: AppContext) -> bool:
        """Save in one transaction; on problems show them inline and save nothing."""
        errors = self.local_errors()
        data = self.value()
        if not errors:
            try:
                context.apply(lambda session: save_profile(session, data))
            except ValidationError as exc:
                errors = exc.fields
            except UserError as exc:
                QMessageBox.warning(self.basics, "无法保存", exc.message)
                return False
        self.show_errors(errors)
        return not errors
