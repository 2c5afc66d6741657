"""Preview of a generated PDF with 打印 and 另存为PDF, shared by every printed document.

    from ui.dialogs.pdf_preview import preview_pdf

    preview_pdf(self, "会议记录", lambda progress: minutes_pdf(session_factory, id, progress),
                file_name="会议记录.pdf")

`build` runs off the GUI thread with a cancellable progress dialog; it must open its own
database session (sessions are not shared across threads).
"""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPageLayout, QPageSize, QPainter, QPalette
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.files import write_safely
from app.progress import Progress
from base.errors import UserError
from ui.tasks import run_with_progress

PRINT_DPI = 300  # sharp on paper, yet a page image stays a few MB


class PdfPreviewDialog(QDialog):
    def __init__(self, pdf: bytes, title: str, file_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"打印预览 — {title}")
        self.pdf = pdf
        self.file_name = file_name
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)

        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        palette = self.view.palette()  # pages are drawn on Dark; PDF pages have no fill
        palette.setColor(QPalette.ColorRole.Dark, QColor("#9a9a9a"))
        self.view.setPalette(palette)

        self.pages_label = QLabel(f"共 {self.document.pageCount()} 页")
        self.fit_width = QPushButton("适合宽度")
        self.fit_page = QPushButton("整页")
        self.print_button = QPushButton("打印…")
        self.save_button = QPushButton("另存为PDF…")
        close = QPushButton("关闭")
        self.print_button.setDefault(True)
        self.fit_width.clicked.connect(
            lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        self.fit_page.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitInView))
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_as)
        close.clicked.connect(self.accept)

        bar = QHBoxLayout()
        for widget in (self.pages_label, self.fit_width, self.fit_page):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.print_button, self.save_button, close):
            bar.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.resize(900, 1000)

    def save_as(self) -> Path | None:
        name, _filter = QFileDialog.getSaveFileName(
            self, "另存为PDF", self.file_name, "PDF 文件 (*.pdf)")
        if not name:
            return None
        path = Path(name if name.lower().endswith(".pdf") else f"{name}.pdf")
        try:
            write_safely(path, self.pdf)
        except UserError as exc:
            QMessageBox.warning(self, "另存为PDF", exc.message)
            return None
        return path

    def make_printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.file_name)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        first = self.document.pagePointSize(0)
        if first.width() > first.height():
            printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        printer.setFullPage(True)  # the PDF carries its own margins
        printer.setFromTo(1, self.document.pageCount())
        return printer

    def print_document(self) -> None:
        printer = self.make_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印")
        dialog.setMinMax(1, self.document.pageCount())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Draw the chosen pages (the dialog's range, else all) as images at PRINT_DPI."""
        count = self.document.pageCount()
        first, last = printer.fromPage() or 1, printer.toPage() or count
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, "打印", "无法开始打印，请检查打印机。")
            return
        try:
            for index in range(first - 1, min(last, count)):
                if index > first - 1:
                    printer.newPage()
                points = self.document.pagePointSize(index)
                image = self.document.render(index, QSize(round(points.width() * PRINT_DPI / 72),
                                                          round(points.height() * PRINT_DPI / 72)))
                target = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
                painter.fillRect(target, Qt.GlobalColor.white)
                painter.drawImage(target, image)
        finally:
            painter.end()


def preview_pdf(parent: QWidget, title: str, build: Callable[[Progress], bytes],
                file_name: str | None = None) -> PdfPreviewDialog | None:
    """Build the PDF off the GUI thread, then open the preview (non-blocking); None if the
    user cancelled or a UserError was shown."""
    pdf = run_with_progress(parent, f"正在生成{title}…", build)
    if pdf is None:
        return None
    dialog = PdfPreviewDialog(pdf, title, file_name or f"{title}.pdf", parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
