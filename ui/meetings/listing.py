"""The meeting list with year/type filters, and full-text search with highlighted matches."""

import html
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
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
    QTableView,
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
ROOT = QModelIndex()
HIGHLIGHT = "<span style='background:#ffe082;font-weight:bold'>"


class HtmlDelegate(QStyledItemDelegate):
    """Paints a cell's text as rich text (the highlighted search snippets)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
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

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        self.initStyleOption(option, index)
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setHtml(option.text)
        return QSize(int(document.idealWidth()), int(document.size().height()))


def highlighted(hit: SearchHit) -> str:
    return mark(hit.snippet, hit.spans, HIGHLIGHT, "</span>", html.escape)


class MeetingsModel(QAbstractTableModel):
    """Either the meeting list or the search hits (column 2 then holds rich text)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = LIST_HEADERS
        self.cells: list[list[str]] = []
        self.ids: list[str] = []

    def show_rows(self, rows: list[MeetingRow]) -> None:
        self.beginResetModel()
        self.headers = LIST_HEADERS
        self.ids = [r.id for r in rows]
        self.cells = [
            [f"{r.date:%Y-%m-%d}", r.heading, r.title, f"{r.expected}/{r.present}",
             r.status + ("·补录" if r.backdated else "") + ("·已修订" if r.amended else "")]
            for r in rows
        ]
        self.endResetModel()

    def show_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self.headers = SEARCH_HEADERS
        self.ids = [h.meeting_id for h in hits]
        self.cells = [
            [f"{h.date:%Y-%m-%d}", h.heading,
             f"[{h.kind}] {highlighted(h)}" + (html.escape(f"（另有{h.more}处）") if h.more
                                               else "")]
            for h in hits
        ]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self.cells)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self.cells[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def text(self, row: int, column: int) -> str:
        return self.cells[row][column]


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
        self.model = MeetingsModel(self)
        self.table = QTableView()
        self.table.setObjectName("meetings")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.activated.connect(lambda index: self._activate(index.row()))
        self.table.doubleClicked.connect(lambda index: self._activate(index.row()))
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

    def show_type_of_year(self, year: int, meeting_type: str) -> None:
        """Only that year's meetings of that type (all years when it has none)."""
        self.search.blockSignals(True)  # no delayed search refresh to undo the selection
        self.search.clear()
        self.search.blockSignals(False)
        for combo, text in ((self.year, str(year)), (self.type, meeting_type)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findText(text), 0))
            combo.blockSignals(False)
        self.refresh()

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
                self.hits = []
                self.rows = list_meetings(session, year=year, meeting_type=meeting_type)
        if query:
            self.table.setItemDelegateForColumn(2, self.delegate)
            self.model.show_hits(self.hits)
            self.count.setText(f"找到 {len(self.hits)} 次会议")
        else:
            self.table.setItemDelegateForColumn(2, self.plain)
            self.model.show_rows(self.rows)
            self.count.setText(f"共 {len(self.rows)} 次")
        self._fit()

    def _fit(self) -> None:
        """Date, counts and status as wide as their text, the texts share the rest: on a
        narrow window 应到/实到 and 状态 stay in view."""
        header = self.table.horizontalHeader()
        fitted = (0, 1) if self.hits else (0, 3, 4)
        for column in range(self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents
                                        if column in fitted else QHeaderView.ResizeMode.Stretch)

    def current_id(self) -> str | None:
        row = self.table.currentIndex().row()
        return self.model.ids[row] if 0 <= row < len(self.model.ids) else None

    def select(self, meeting_id: str) -> None:
        if meeting_id in self.model.ids:
            self.table.selectRow(self.model.ids.index(meeting_id))

    def _activate(self, row: int) -> None:
        if 0 <= row < len(self.model.ids):
            self.activated.emit(self.model.ids[row])
