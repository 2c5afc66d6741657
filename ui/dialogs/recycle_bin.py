"""回收站: deleted members (tombstones), newest first, each can be restored."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.members.record import deleted_members
from app.members.service import restore_member
from ui.context import AppContext

HEADERS = ("姓名", "公民身份号码", "人员类别", "入党日期", "删除时间")


class RecycleBinDialog(QDialog):
    #: A member was restored; carries its id.
    restored = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("回收站 — 已删除的党员")
        note = QLabel("这里是被删除的党员记录。选中一条后点“恢复”，记录会回到党员名册。")
        note.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("deleted")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(self.restore_selected)
        self.empty = QLabel("回收站是空的。")
        self.empty.setStyleSheet("color: #666;")
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton("恢复", QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.clicked.connect(self.restore_selected)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(720, 420)
        self.load()

    def load(self) -> None:
        with self.context.session() as session:
            rows = [(m.id, m.name, m.id_number, m.category, f"{m.join_date:%Y-%m-%d}",
                     f"{m.deleted_at.astimezone():%Y-%m-%d %H:%M}")
                    for m in deleted_members(session)]
        self.table.setRowCount(len(rows))
        for row, (member_id, *texts) in enumerate(rows):
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, member_id)
                self.table.setItem(row, column, item)
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(bool(self.table.selectedItems()))

    def restore_selected(self) -> None:
        items = self.table.selectedItems()
        if not items:
            return
        member_id = items[0].data(Qt.ItemDataRole.UserRole)
        if self.context.write(self, lambda session: restore_member(session, member_id)):
            self.restored.emit(member_id)
            self.load()
