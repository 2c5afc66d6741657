"""书面意见: the written opinions of voters absent from a 接收预备党员 or 转正 vote, given
before the meeting; they count in the votes and are printed with a mark."""

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.meetings.service import OpinionInput
from app.meetings.types import OPINIONS
from ui.widgets.tables import cell_widget

NONE = "未提交"


class OpinionsDialog(QDialog):
    def __init__(self, title: str, absent: list[tuple[str, str]],
                 opinions: list[OpinionInput], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("opinions")
        self.setWindowTitle("书面意见")
        self._absent = absent
        given = {o.member_id: o.opinion for o in opinions}
        note = QLabel(f"“{title}”：因故不能到会的有表决权的党员，会前正式提交书面意见的，"
                      "计入票数（纪要中注明）。只列出本次会议请假或缺席的有表决权党员。")
        note.setWordWrap(True)
        self.table = QTableWidget(len(absent), 2)
        self.table.setHorizontalHeaderLabels(["姓名", "书面意见"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, (member_id, name) in enumerate(absent):
            self.table.setItem(row, 0, QTableWidgetItem(name))
            box = QComboBox()
            box.addItems([NONE, *OPINIONS])
            box.setCurrentText(given.get(member_id, NONE))
            self.table.setCellWidget(row, 1, box)
        empty = QLabel("本次会议没有请假或缺席的有表决权党员。")
        empty.setVisible(not absent)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(empty)
        layout.addWidget(buttons)
        self.resize(420, 360)

    def box(self, name: str) -> QComboBox:
        row = next(i for i, (_id, n) in enumerate(self._absent) if n == name)
        return cell_widget(self.table, row, 1, QComboBox)

    def values(self) -> list[OpinionInput]:
        return [OpinionInput(member_id, opinion)
                for row, (member_id, _name) in enumerate(self._absent)
                if (opinion := cell_widget(self.table, row, 1, QComboBox).currentText()) != NONE]
