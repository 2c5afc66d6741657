"""The meeting list with year/type filters, and full-text search with highlighted matches."""

import html

from PySide6.QtCore import QModelIndex, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.meetings.listing import MeetingRow, list_meetings, meeting_years
from app.meetings.search import SearchHit, mark, search_meetings
from app.meetings.types import MEETING_TYPES
from ui.context import AppContext

ALL_YEARS = "全部年度"
ALL_TYPES = "全部类型"
LIST_HEADERS = ["日期", "会议", "主题", "应到/实到", "状态"]
SEARCH_HEADERS = ["日期", "会议", "匹配内容"]
HIGHLIGHT = "<span style='background:#ffe082;font-weight:bold'>"


class HtmlDelegate(QStyledItemDelegate):
    """Paints a cell's text as rich text (the highlighted search snippets)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        self.initStyleOption(option, index)
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setHtml(option.text)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter,
                              option.widget)
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(QRectF(0, 0, option.rect.width(), option.rect.height()))
        context = QAbstractTextDocumentLayout.PaintContext()
        if option.state & QStyle.StateFlag.State_Selected:
            context.palette.setColor(QPalette.ColorRole.Text,
                                     option.palette.color(QPalette.ColorRole.HighlightedText))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        self.initStyleOption(option, index)
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setHtml(option.text)
        return QSize(int(document.idealWidth()), int(document.size().height()))


def highlighted(hit: SearchHit) -> str:
    return mark(hit.snippet, hit.spans, HIGHLIGHT, "</span>", html.escape)


class MeetingList(QWidget):
    #: A meeting was double-clicked or Enter pressed on it.
    activated = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.rows: list[MeetingRow] = []
        self.hits: list[SearchHit] = []
        self.year = QComboBox()
        self.year.setObjectName("year")
        self.year.currentIndexChanged.connect(self.refresh)
        self.type = QComboBox()
        self.type.setObjectName("type")
        self.type.addItems([ALL_TYPES, *MEETING_TYPES])
        self.type.currentIndexChanged.connect(self.refresh)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("全文搜索：主题、议题、发言、决定、整改…")
        self.search.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.count = QLabel()
        self.count.setObjectName("count")
        filters = QHBoxLayout()
        filters.addWidget(self.year)
        filters.addWidget(self.type)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.count)
        self.table = QTableWidget(0, len(LIST_HEADERS))
        self.table.setObjectName("meetings")
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.cellDoubleClicked.connect(lambda row, _col: self._activate(row))
        self.table.horizontalHeader().setResizeContentsPrecision(200)  # fitting reads 200 rows
        self.delegate = HtmlDelegate(self.table)
        self.plain = QStyledItemDelegate(self.table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self._fill_years()

    def _fill_years(self) -> None:
        current = self.year.currentText()
        with self.context.session() as session:
            years = meeting_years(session)
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItems([ALL_YEARS, *(str(y) for y in years)])
        index = self.year.findText(current)
        self.year.setCurrentIndex(index if index >= 0 else min(1, self.year.count() - 1))
        self.year.blockSignals(False)

    def selected_year(self) -> int | None:
        text = self.year.currentText()
        return int(text) if text.isdigit() else None

    def refresh(self) -> None:
        self._fill_years()
        query = self.search.text().strip()
        year = self.selected_year()
        meeting_type = self.type.currentText() if self.type.currentIndex() > 0 else None
        with self.context.session() as session:
            if query:
                self.hits = search_meetings(session, query, year=year,
                                            meeting_type=meeting_type)
            else:
                self.rows = list_meetings(session, year=year, meeting_type=meeting_type)
        if query:
            self._show_hits()
        else:
            self._show_rows()

    def _show_rows(self) -> None:
        self.hits = []
        table = self.table
        table.setItemDelegateForColumn(2, self.plain)
        table.setColumnCount(len(LIST_HEADERS))
        table.setHorizontalHeaderLabels(LIST_HEADERS)
        table.setRowCount(len(self.rows))
        for row, meeting in enumerate(self.rows):
            status = meeting.status + ("·补录" if meeting.backdated else "") + (
                "·已修订" if meeting.amended else "")
            values = [f"{meeting.date:%Y-%m-%d}", meeting.heading, meeting.title,
                      f"{meeting.expected}/{meeting.present}", status]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, meeting.id)
                table.setItem(row, column, item)
        self._fit()
        self.count.setText(f"共 {len(self.rows)} 次")

    def _show_hits(self) -> None:
        table = self.table
        table.setColumnCount(len(SEARCH_HEADERS))
        table.setHorizontalHeaderLabels(SEARCH_HEADERS)
        table.setItemDelegateForColumn(2, self.delegate)
        table.setRowCount(len(self.hits))
        for row, hit in enumerate(self.hits):
            more = f"（另有{hit.more}处）" if hit.more else ""
            values = [f"{hit.date:%Y-%m-%d}", hit.heading,
                      f"[{hit.kind}] {highlighted(hit)}{html.escape(more)}"]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, hit.meeting_id)
                table.setItem(row, column, item)
        self._fit()
        self.count.setText(f"找到 {len(self.hits)} 次会议")

    def _fit(self) -> None:
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        header.setSectionResizeMode(self.table.columnCount() - 1 if self.hits else 2,
                                    QHeaderView.ResizeMode.Stretch)

    def current_id(self) -> str | None:
        item = self.table.item(self.table.currentRow(), 0)
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def select(self, meeting_id: str) -> None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(Qt.ItemDataRole.UserRole) == meeting_id:
                self.table.selectRow(row)
                return

    def _activate(self, row: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.activated.emit(item.data(Qt.ItemDataRole.UserRole))
