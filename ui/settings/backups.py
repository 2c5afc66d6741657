"""设置 → 数据与备份: where the data is, 立即备份, and the backups that exist."""

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.tasks import run_with_progress

KINDS = {"auto": "自动", "manual": "手动"}


def _kind(label: str) -> str:
    return "升级前" if label.startswith("before-migration") else KINDS.get(label, label)


def _size(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError:
        return ""
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


class BackupSection(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        backups = context.branch_database.backups
        paths = QGridLayout()
        paths.setColumnStretch(1, 1)
        for row, (caption, folder, path) in enumerate((
                ("数据库文件", context.branch_database.path.parent, context.branch_database.path),
                ("备份文件夹", backups.folder, backups.folder))):
            label = QLabel(str(path))
            label.setObjectName(f"path-{row}")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            opener = QPushButton("打开文件夹")
            opener.clicked.connect(lambda _c=False, folder=folder: self._open(folder))
            paths.addWidget(QLabel(caption), row, 0)
            paths.addWidget(label, row, 1)
            paths.addWidget(opener, row, 2)
        note = QLabel("程序在数据有变化时每隔一段时间自动备份，并按天、周、月保留。"
                      "每份备份写好后都会校验完整性。重要操作前也可以点“立即备份”。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        self.backup_button = QPushButton("立即备份")
        self.backup_button.clicked.connect(self.backup_now)
        self.status = QLabel()
        self.status.setObjectName("status")
        actions = QHBoxLayout()
        actions.addWidget(self.backup_button)
        actions.addWidget(self.status, 1)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("backups")
        self.table.setHorizontalHeaderLabels(["备份时间", "类型", "文件", "大小"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(200)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(paths)
        layout.addWidget(note)
        layout.addLayout(actions)
        layout.addWidget(QLabel("已有的备份（最新的在前）："))
        layout.addWidget(self.table)
        self.setMaximumWidth(760)
        self.refresh()

    def refresh(self) -> None:
        found = self.context.branch_database.backups.listing()
        self.table.setRowCount(len(found))
        for row, (stamp, label, path) in enumerate(found):
            texts = (f"{stamp:%Y-%m-%d %H:%M:%S}", _kind(label), path.name, _size(path))
            for column, text in enumerate(texts):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnToContents(0)

    def backup_now(self) -> None:
        backups = self.context.branch_database.backups
        made = run_with_progress(self, "正在备份", lambda _progress: backups.take("manual"),
                                 cancellable=False)
        if made is not None:
            self.status.setText(f"已备份并校验：{made.name}")
        self.refresh()

    def _open(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
