"""Photos and scans of a meeting, shown as thumbnails; files go to the content store."""

import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QIcon, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.meetings.attachments import is_image, store_file, stored_path
from app.meetings.service import AttachmentInput
from base.errors import UserError
from ui.context import AppContext

THUMBNAIL = QSize(120, 90)


class AttachmentList(QWidget):
    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.list = QListWidget()
        self.list.setObjectName("attachments")
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(THUMBNAIL)
        self.list.setGridSize(QSize(THUMBNAIL.width() + 30, THUMBNAIL.height() + 40))
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self.open_item)
        self.add_button = QPushButton("添加照片或扫描件…")
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button = QPushButton("移除所选")
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def set_values(self, attachments: list[AttachmentInput]) -> None:
        self.list.clear()
        for attachment in attachments:
            self._show(attachment)

    def values(self) -> list[AttachmentInput]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.list.count())]

    def _show(self, attachment: AttachmentInput) -> None:
        item = QListWidgetItem(attachment.filename)
        item.setData(Qt.ItemDataRole.UserRole, attachment)
        item.setToolTip(f"{attachment.filename}（{attachment.size // 1024 + 1} KB），双击打开")
        if is_image(attachment.filename):
            with self.context.session() as session:
                path = stored_path(session, attachment.sha256)
            pixmap = QPixmap(str(path))
            if not pixmap.isNull():
                item.setIcon(QIcon(pixmap.scaled(THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio,
                                                 Qt.TransformationMode.SmoothTransformation)))
        self.list.addItem(item)

    def add_files(self, paths: list[Path]) -> None:
        try:
            with self.context.session() as session:
                stored = [store_file(session, path) for path in paths]
        except UserError as exc:
            QMessageBox.warning(self, "无法添加附件", exc.message)
            return
        for attachment in stored:
            self._show(attachment)
        self.changed.emit()

    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, "添加附件", "", "图片和扫描件 (*.jpg *.jpeg *.png *.bmp *.gif *.webp *.pdf);;"
                                 "所有文件 (*)")
        if names:
            self.add_files([Path(n) for n in names])

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))
        self.changed.emit()

    def open_item(self, item: QListWidgetItem) -> None:
        attachment: AttachmentInput = item.data(Qt.ItemDataRole.UserRole)
        with self.context.session() as session:
            path = stored_path(session, attachment.sha256)
        # The stored file has no name; a temporary copy under the original name opens with
        # the right program.
        folder = Path(tempfile.gettempdir()) / "branchdesk-attachments" / attachment.sha256[:12]
        folder.mkdir(parents=True, exist_ok=True)
        view = folder / attachment.filename
        if not view.exists():
            shutil.copyfile(path, view)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(view)))

    def set_read_only(self, read_only: bool) -> None:
        self.add_button.setEnabled(not read_only)
        self.remove_button.setEnabled(not read_only)
