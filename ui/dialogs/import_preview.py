"""Importing the secretary's Excel roster (check first, then save all valid rows) and exporting it.

`import_roster_interactively` and `export_roster_interactively` are what the 党员 page calls.
"""

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.members.excel import ImportPreview, PreviewRow, import_rows, preview_roster
from app.members.excel_export import export_roster
from app.progress import Progress
from ui.areas import Area
from ui.context import AppContext
from ui.tasks import run_with_progress

HEADERS = ("行号", "姓名", "身份证号", "结果", "说明")
RED = QColor("#c62828")
AMBER = QColor("#b26a00")
GREEN = QColor("#2e7d32")
REFUSED, CHECK, OK = "不导入", "导入，请核对", "导入"


def _outcome(row: PreviewRow) -> tuple[str, QColor, list[str]]:
    if row.errors:
        return REFUSED, RED, row.errors
    if row.warnings:
        return CHECK, AMBER, row.warnings
    return OK, GREEN, []


class ImportPreviewDialog(QDialog):
    """Shows every row of the sheet with what stops it or needs checking; imports on request.

    When the workbook has several sheets that look like a roster, a chooser above the rows
    reads the chosen sheet again.
    """

    #: The valid rows were saved; carries how many.
    imported = Signal(int)

    def __init__(self, context: AppContext, preview: ImportPreview,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.preview = preview
        self.setWindowTitle(f"导入党员名册 — {preview.file_name}")
        self.sheet_choice = QComboBox()
        self.sheet_choice.setObjectName("sheets")
        self.sheet_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for sheet in preview.choices:
            self.sheet_choice.addItem(sheet.label, sheet.title)
        self.sheet_choice.activated.connect(self._sheet_chosen)
        chooser = QWidget()
        row = QHBoxLayout(chooser)
        row.setContentsMargins(0, 0, 0, 0)
        self.sheet_label = QLabel()
        row.addWidget(self.sheet_label)
        row.addWidget(self.sheet_choice)
        row.addStretch(1)
        chooser.setVisible(len(preview.choices) > 1)
        self.source = QLabel()
        self.source.setObjectName("source")
        self.source.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.notes = QLabel()
        self.notes.setObjectName("notes")
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet(f"color: {AMBER.name()};")
        legend = QLabel(
            f"<span style='color:{RED.name()}'>红色</span>的行有错误，不会导入，请在 Excel 中改正后"
            f"再导入一次（已导入的人会被识别为重复，不会重复导入）；<span style='color:"
            f"{AMBER.name()}'>橙色</span>的行会导入，但请核对提醒。点“取消”则什么也不保存。"
        )
        legend.setWordWrap(True)
        self.problems_only = QCheckBox("只显示有问题的行")
        self.problems_only.toggled.connect(self._filter)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("rows")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)  # messages are one per line; heights follow the lines
        header = self.table.horizontalHeader()
        for column in range(len(HEADERS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setStyleSheet(f"color: {RED.name()};")
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.clicked.connect(self.import_valid_rows)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(chooser)
        layout.addWidget(self.source)
        layout.addWidget(self.summary)
        layout.addWidget(self.notes)
        layout.addWidget(legend)
        layout.addWidget(self.problems_only)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self._show()
        self.resize(980, 620)

    def _show(self) -> None:
        preview = self.preview
        self.sheet_choice.setCurrentIndex(self.sheet_choice.findData(preview.sheet))
        # Several sheets looked equally like the roster: ask the user to look here first.
        self.sheet_label.setText("请确认要导入的工作表：" if preview.sheet_unclear
                                 else "要导入的工作表：")
        self.sheet_label.setStyleSheet(f"color: {AMBER.name()}; font-weight: bold;"
                                       if preview.sheet_unclear else "")
        self.source.setText(f"文件“{preview.file_name}”，工作表“{preview.sheet}”，表头在"
                            f"{preview.header.rows_text}。识别到的列：{'、'.join(preview.columns)}")
        self.summary.setText(preview.summary())
        notes = list(preview.notes)
        if preview.new_groups:
            notes.append("导入时将新建党小组：" + "、".join(preview.new_groups))
        self.notes.setText("<br>".join(f"• {n}" for n in notes))
        self.notes.setVisible(bool(notes))
        self._fill()
        self._filter(self.problems_only.isChecked())
        count = len(preview.valid_rows)
        self.import_button.setText(f"导入有效行（{count} 人）")
        self.import_button.setEnabled(count > 0)
        self.import_button.setDefault(count > 0)
        self.status.clear()

    def _sheet_chosen(self, index: int) -> None:
        title = self.sheet_choice.itemData(index)
        if title == self.preview.sheet:
            return
        preview = run_with_progress(self, "正在读取工作表",
                                    lambda p: _read(self.context, self.preview.path, p, title))
        if preview is not None:
            self.preview = preview
        self._show()

    def _fill(self) -> None:
        self.table.setRowCount(len(self.preview.rows))
        for index, row in enumerate(self.preview.rows):
            outcome, colour, messages = _outcome(row)
            cells = (str(row.row), row.data.name, row.data.id_number, outcome,
                     "\n".join(messages))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 3:
                    item.setForeground(colour)
                if column == 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(index, column, item)
        self.table.resizeRowsToContents()

    def _filter(self, problems_only: bool) -> None:
        for index, row in enumerate(self.preview.rows):
            plain = not row.errors and not row.warnings
            self.table.setRowHidden(index, problems_only and plain)

    def _save(self, progress: Progress) -> int:
        with self.context.session() as session:
            return import_rows(session, self.preview, progress)

    def import_valid_rows(self) -> None:
        count = run_with_progress(self, "正在导入党员", self._save)
        if count is None:  # cancelled, or refused with a message already shown
            self.status.setText("没有保存任何党员。")
            return
        self.context.data_changed.emit(frozenset({Area.MEMBERS, Area.SETTINGS}))
        self.imported.emit(count)
        self.accept()
        QMessageBox.information(self.parentWidget(), "导入完成", f"已导入 {count} 名党员。")


def _read(context: AppContext, path: str | Path, progress: Progress,
          sheet: str | None = None) -> ImportPreview:
    with context.session() as session:
        return preview_roster(session, path, progress, sheet=sheet, first_if_unclear=True)


def import_roster_interactively(context: AppContext,
                                parent: QWidget | None) -> ImportPreviewDialog | None:
    """Ask for the .xlsx file, check it, and open the preview (not blocking); None if stopped."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, "选择要导入的党员名册", "", "Excel 文件 (*.xlsx *.xls);;所有文件 (*)"
    )
    if not path:
        return None
    preview = run_with_progress(parent, "正在读取名册", lambda p: _read(context, path, p))
    if preview is None:
        return None
    dialog = ImportPreviewDialog(context, preview, parent)
    dialog.open()
    return dialog


def _write(context: AppContext, path: Path, progress: Progress) -> int:
    with context.session() as session:
        return export_roster(session, path, progress)


def export_roster_interactively(context: AppContext, parent: QWidget | None) -> Path | None:
    """Ask where to save and write the roster; returns the file written, None if stopped."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    suggested = Path(folder) / f"党员名册_{dt.date.today():%Y%m%d}.xlsx"
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, "导出党员名册", str(suggested), "Excel 文件 (*.xlsx)"
    )
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    count = run_with_progress(parent, "正在导出名册", lambda p: _write(context, path, p))
    if count is None:
        return None
    QMessageBox.information(parent, "导出完成", f"已导出 {count} 名党员到：\n{path}")
    return path
