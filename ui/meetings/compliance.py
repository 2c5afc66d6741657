"""按期检查: a year's calendar, month columns × required types, coloured held/due/overdue."""

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.meetings.compliance import (
    BEFORE_START,
    DUE,
    HELD,
    NO_QUORUM,
    OVERDUE,
    UPCOMING,
    ComplianceReport,
    compliance,
)
from app.meetings.first_topic import check_first_topics
from app.meetings.talks import talk_gaps
from ui.context import AppContext
from ui.widgets.year_page import year_box

COLOURS = {HELD: "#c8e6c9", DUE: "#fff3cd", OVERDUE: "#f8d7da", UPCOMING: "#f0f0f0",
           NO_QUORUM: "#f5c6cb", BEFORE_START: "#ffffff"}
#: A month's cell is narrow at 1366×768: two characters fit, the full state is its tooltip.
SHORT = {HELD: "已开", DUE: "待开", OVERDUE: "逾期", NO_QUORUM: "不足", UPCOMING: "未到",
         BEFORE_START: "启用前"}


class ComplianceView(QWidget):
    #: Double-clicked a held period: the first meeting of it.
    open_meeting = Signal(str)

    def __init__(self, context: AppContext, today: Callable[[], dt.date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.today = today
        self.report: ComplianceReport | None = None
        self.year = year_box("compliance-year", today().year, suffix=" 年")
        self.year.valueChanged.connect(self.refresh)
        legend = QHBoxLayout()
        legend.addWidget(QLabel("年度："))
        legend.addWidget(self.year)
        legend.addSpacing(16)
        for state in (HELD, DUE, OVERDUE, NO_QUORUM, UPCOMING, BEFORE_START):
            swatch = QLabel(f"  {SHORT[state]}＝{state}  " if SHORT[state] != state
                            else f"  {state}  ")
            swatch.setStyleSheet(f"background: {COLOURS[state]}; border: 1px solid #ccc;")
            legend.addWidget(swatch)
        legend.addStretch(1)
        self.summary = QLabel()
        self.summary.setObjectName("compliance-summary")
        self.summary.setWordWrap(True)
        self.talks = QLabel()
        self.talks.setObjectName("talk-gaps")
        self.talks.setWordWrap(True)
        self.first_topics = QLabel()
        self.first_topics.setObjectName("first-topic-gaps")
        self.first_topics.setWordWrap(True)
        self.grid = QTableWidget(0, 12)
        self.grid.setObjectName("compliance-grid")
        self.grid.setHorizontalHeaderLabels([f"{m}月" for m in range(1, 13)])
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.cellDoubleClicked.connect(self._open)
        note = QLabel("按“设置 → 会议”中的频次检查，从启用日期（“设置 → 支部信息”）起算；"
                      "一次活动勾选了几类会议就计入几类。"
                      "双击已召开的格子可打开该次会议。")
        note.setStyleSheet("color: #666;")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(legend)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.talks)
        layout.addWidget(self.first_topics)
        layout.addWidget(note)

    def set_today(self, today: Callable[[], dt.date]) -> None:
        self.today = today
        self.year.setMaximum(today().year)
        self.year.setValue(today().year)
        self.refresh()

    def refresh(self) -> None:
        with self.context.session() as session:
            self.report = compliance(session, self.year.value(), self.today())
            talks = talk_gaps(session, self.year.value(), self.today())
            topics = check_first_topics(session, self.year.value())
        gaps = talks.texts()
        if not talks.checked:
            self.talks.setText("谈心谈话：该年度开始于启用日期之前，不作检查。")
            self.talks.setStyleSheet("color: #666;")
        else:
            done = "支委之间、党员与支委均已谈心谈话。"
            self.talks.setText("谈心谈话：" + ("；".join(gaps) or done))
            self.talks.setStyleSheet("color: #b26a00;" if gaps else "color: #2e7d32;")
        self.first_topics.setText(
            f"第一议题：应安排{topics.required}次，已安排{topics.with_topic}次" + (
                "；" + "、".join(gap.text for gap in topics.missing) + "。" if topics.missing
                else "。"))
        self.first_topics.setStyleSheet("color: #b26a00;" if topics.missing
                                        else "color: #2e7d32;")
        self.grid.clearSpans()
        self.grid.setRowCount(len(self.report.rows))
        self.grid.setVerticalHeaderLabels([f"{r.label}（{r.frequency}）"
                                           for r in self.report.rows])
        for row, line in enumerate(self.report.rows):
            for cell in line.cells:
                first, last = cell.start.month - 1, cell.end.month - 1
                if last > first:
                    self.grid.setSpan(row, first, 1, last - first + 1)
                count = len(cell.meeting_ids)
                text = SHORT[cell.state] + (f"{count}次" if count > 1 and last > first else "")
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setBackground(QColor(COLOURS[cell.state]))
                item.setToolTip(f"{cell.period}：{cell.state}"
                                + (f"（{count}次）" if count > 1 else ""))
                item.setData(Qt.ItemDataRole.UserRole, cell.meeting_ids)
                self.grid.setItem(row, first, item)
        overdue = self.report.overdue_texts()
        begun = any(c.state in (HELD, DUE, OVERDUE) for r in self.report.rows for c in r.cells)
        if overdue:
            self.summary.setText("逾期未开：" + "、".join(overdue))
            self.summary.setStyleSheet("color: #c62828;")
        elif begun:
            self.summary.setText("本年度到期的会议均已召开。")
            self.summary.setStyleSheet("color: #2e7d32;")
        else:
            self.summary.setText("本年度还没有要检查的期间（启用日期以前的不检查）。")
            self.summary.setStyleSheet("color: #666;")

    def cell_text(self, label: str, month: int) -> str:
        rows = self.report.rows if self.report else []
        row = next(i for i, r in enumerate(rows) if r.label == label)
        item = self.grid.item(row, month - 1)
        return item.text() if item else ""

    def _open(self, row: int, column: int) -> None:
        item = self.grid.item(row, column)
        ids = item.data(Qt.ItemDataRole.UserRole) if item else None
        if ids:
            self.open_meeting.emit(ids[0])
