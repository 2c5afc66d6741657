"""Choosing members in a form: one from a combo box (MemberCombo: by name; MemberBox: one
or none, from a list the form gives), or several by ticking them (MemberChecklist); the
member's id stands behind each name."""

import datetime as dt
from collections.abc import Container, Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QListWidget, QListWidgetItem

from app.members.service import roster_choices
from ui.context import AppContext
from ui.widgets.choice_combo import ChoiceCombo

#: A member as a picker shows it: id and name.
Choice = tuple[str, str]


def roster(context: AppContext, day: dt.date) -> list[Choice]:
    """The members on the roster that day, in roster order."""
    with context.session() as session:
        return roster_choices(session, day)


class MemberCombo(ChoiceCombo):
    """Members on the roster by name (editable: someone not on it can be typed)."""

    def __init__(self, context: AppContext, day: dt.date, editable: bool = True, *,
                 placeholder: str = "选择党员") -> None:
        self.members = roster(context, day)
        super().__init__([name for _id, name in self.members], placeholder=placeholder,
                         editable=editable)

    def member_id(self) -> str | None:
        return next((mid for mid, name in self.members if name == self.text()), None)

    def select(self, member_id: str) -> None:
        self.set_text(next((name for mid, name in self.members if mid == member_id), ""))


class MemberBox(QComboBox):
    """One member or none: the first line is the prompt ("", "（请选择）", "（无）")."""

    def set_members(self, members: Iterable[Choice], prompt: str = "",
                    current: str | None = None) -> None:
        """Offer these members (labelled as given), keeping `current` chosen if offered."""
        self.blockSignals(True)
        self.clear()
        self.addItem(prompt, None)
        for member_id, label in members:
            self.addItem(label, member_id)
        self.setCurrentIndex(max(self.findData(current), 0) if current else 0)
        self.blockSignals(False)

    def member_id(self) -> str | None:
        return self.currentData()

    def select(self, member_id: str) -> None:
        """Choose that member; the prompt if not offered."""
        self.setCurrentIndex(max(self.findData(member_id), 0))


class MemberChecklist(QListWidget):
    """Members to tick; a member shown but not to be ticked is greyed."""

    def set_members(self, members: Iterable[Choice], chosen: Container[str]) -> None:
        """Show these members (each ticked if chosen), in place of those shown."""
        self.clear()
        for member_id, name in members:
            self.add_member(member_id, name, checked=member_id in chosen)

    def add_member(self, member_id: str, label: str, *, checked: bool = False,
                   enabled: bool = True) -> QListWidgetItem:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, member_id)
        if enabled:
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        else:
            item.setFlags(Qt.ItemFlag.NoItemFlags)
        self.addItem(item)
        return item

    def entries(self) -> list[QListWidgetItem]:
        return [item for row in range(self.count()) if (item := self.item(row)) is not None]

    def checked(self) -> list[QListWidgetItem]:
        return [item for item in self.entries() if item.checkState() == Qt.CheckState.Checked]

    def checked_ids(self) -> list[str]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in self.checked()]

    def check(self, name: str, checked: bool = True) -> None:
        """Tick (or untick) the member shown under that name."""
        for item in self.entries():
            if item.text() == name:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def check_all(self, on: bool) -> None:
        for item in self.entries():
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
