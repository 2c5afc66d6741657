"""首页: the year at a glance (meetings month by month, dues, fund, handover, dates ahead)
and what needs doing, grouped by page; a new branch gets its first steps instead.

The page paints empty and fills itself right after (the window shows at once); while hidden
it only notes that its figures are stale.
"""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.dashboard import Dashboard, GridCell, GridRow
from app.home import by_page
from app.meetings.compliance import BEFORE_START, DUE, HELD, NO_QUORUM, OVERDUE, UPCOMING
from app.reminders import ReminderLevel
from ui.areas import EVERY_AREA
from ui.context import AppContext
from ui.meetings.compliance import COLOURS
from ui.page_actions import Navigator

LEVEL_COLOURS = {ReminderLevel.WARNING: "#b00020", ReminderLevel.NOTICE: "#b26a00",
                 ReminderLevel.HINT: "#333333"}
CELL_TEXTS = {HELD: "已开", DUE: "待开", OVERDUE: "未开", NO_QUORUM: "不足", UPCOMING: "",
              BEFORE_START: "—"}
LEGEND = ((HELD, "已召开"), (DUE, "本期待开"), (OVERDUE, "逾期未开"), (NO_QUORUM, "不足法定人数"),
          (UPCOMING, "未到期"), (BEFORE_START, "— 启用前，不检查"))
#: Lines shown under each reminder group before "另有…".
GROUP_LINES = 3
#: The first steps of a new branch: button, what it does, the page, its method and arguments.
FIRST_STEPS: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("导入名册", "从Excel花名册导入全体党员", "党员", "import_excel", ()),
    ("新增党员", "逐个录入党员信息", "党员", "add_member", ()),
    ("党费设置", "核定方式、计算规则和上缴比例", "设置", "show_section", ("党费",)),
    ("导入工委公钥", "向工委交数据前需导入一次", "同步", "import_city_key", ()),
)
CARD_STYLE = ("QPushButton#card { text-align: left; padding: 6px 10px; border: 1px solid #ccc;"
              " border-radius: 4px; background: #fafafa; }"
              " QPushButton#card:hover { border-color: #888; background: #f0f4ff; }")


def _money(value: Decimal) -> str:
    return f"{value:,.2f} 元"


def _day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _shortened(names: str) -> str:
    """The first of several names (the card is small; its tooltip has them all)."""
    first, *more = names.split("、")
    return f"{first}等{len(more) + 1}人" if more else first


def _section_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-size: 15px; font-weight: bold; margin-top: 6px;")
    return label


def _clear(layout: QGridLayout | QVBoxLayout | QHBoxLayout) -> None:
    while (item := layout.takeAt(0)) is not None:
        if (widget := item.widget()) is not None:
            widget.deleteLater()


class HomePage(QWidget):
    AREAS = EVERY_AREA  # reminders of every area

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        #: Where "today" comes from (tests put the demo branch's day here).
        self.today: Callable[[], dt.date] = dt.date.today
        self.board: Dashboard | None = None
        self._stale = True
        self._fill_timer = QTimer(self)
        self._fill_timer.setSingleShot(True)
        self._fill_timer.setInterval(0)
        self._fill_timer.timeout.connect(self.fill)

        self.title = QLabel("首页")
        self.title.setObjectName("branch-name")
        self.title.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.summary = QLabel("正在汇总…")
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.start_panel = self._first_steps()
        self.start_panel.hide()

        self.grid_title = _section_title("三会一课和主题党日")
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(2)
        self.grid.setVerticalSpacing(2)
        self.cells: dict[tuple[str, int], QPushButton] = {}  # (type, first month) -> cell
        legend = QHBoxLayout()
        for state, text in LEGEND:
            swatch = QLabel(f" {text} ")
            swatch.setStyleSheet(f"background: {COLOURS[state]}; border: 1px solid #ccc;")
            legend.addWidget(swatch)
        note = QLabel("点格子查看该期的会议记录")
        note.setStyleSheet("color: #666;")
        legend.addWidget(note)
        legend.addStretch(1)

        self.cards = QGridLayout()
        self.cards.setSpacing(6)
        self.card_buttons: dict[str, QPushButton] = {}
        self.groups = QVBoxLayout()
        self.groups.setSpacing(4)
        self.group_buttons: dict[str, QPushButton] = {}

        figures = QVBoxLayout()
        figures.addWidget(_section_title("本年概况"))
        figures.addLayout(self.cards)
        figures.addStretch(1)
        todo = QVBoxLayout()
        todo.addWidget(_section_title("待办提醒"))
        todo.addLayout(self.groups)
        todo.addStretch(1)
        lower = QHBoxLayout()
        lower.setSpacing(16)
        lower.addLayout(figures, 5)
        lower.addLayout(todo, 6)

        column = QWidget()
        column.setStyleSheet(CARD_STYLE)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.start_panel)
        layout.addWidget(self.grid_title)
        layout.addLayout(self.grid)
        layout.addLayout(legend)
        layout.addLayout(lower)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(column)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._fill_timer.start()

    # -- refreshing ---------------------------------------------------------------------------

    def set_today(self, today: Callable[[], dt.date]) -> None:
        self.today = today
        self.refresh()

    def refresh(self) -> None:
        """Data changed: fill again soon if shown, else when next shown."""
        self._stale = True
        if self.isVisible():
            self._fill_timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._fill_timer.start()

    def is_filled(self) -> bool:
        return not self._stale and not self._fill_timer.isActive()

    def fill(self) -> None:
        from app.dashboard import dashboard

        self._fill_timer.stop()
        if not self.isVisible():  # closed meanwhile: stays stale until shown again
            return
        with self.context.session() as session:
            board = dashboard(session, self.today())
        self.board = board
        self._stale = False
        self.title.setText(board.branch or "尚未设置支部信息")
        self.summary.setText(self._summary_text(board))
        self.start_panel.setVisible(board.is_new)
        self.grid_title.setText(f"{board.today.year}年三会一课和主题党日")
        self._fill_grid(board.grid)
        self._fill_cards(board)
        self._fill_groups(board)

    @staticmethod
    def _summary_text(board: Dashboard) -> str:
        text = f"今天是{_day(board.today)}。"
        if board.members:
            text += (f"党员 {board.members} 名（正式党员 {board.full_members} 名，"
                     f"预备党员 {board.members - board.full_members} 名）。")
        if board.started_on:
            text += f"启用日期：{_day(board.started_on)}，此前的期间不做按期检查。"
        return text

    # -- first steps --------------------------------------------------------------------------

    def _first_steps(self) -> QGroupBox:
        box = QGroupBox("开始使用")
        box.setObjectName("start-panel")
        box.setStyleSheet("QGroupBox { font-weight: bold; } QGroupBox * { font-weight: normal; }")
        intro = QLabel("本支部还没有党员。可以从下面几步开始，以后也可以在各页面中随时进行：")
        intro.setWordWrap(True)
        row = QGridLayout()
        row.setHorizontalSpacing(16)
        for column, (text, tip, page, method, args) in enumerate(FIRST_STEPS):
            button = QPushButton(text)
            button.setObjectName(f"start-{text}")
            button.setMinimumHeight(34)
            button.clicked.connect(
                lambda _=False, p=page, m=method, a=args: self._run_on(p, m, *a))
            note = QLabel(tip)
            note.setWordWrap(True)
            note.setStyleSheet("color: #666;")
            row.addWidget(button, 0, column)
            row.addWidget(note, 1, column, Qt.AlignmentFlag.AlignTop)
            row.setColumnStretch(column, 1)
        layout = QVBoxLayout(box)
        layout.addWidget(intro)
        layout.addLayout(row)
        return box

    def _run_on(self, title: str, method: str, *args: str) -> None:
        """Open that page and start its flow (an import, a form)."""
        window = self.window()
        if isinstance(window, Navigator):
            window.go_to(title)
            getattr(window.page(title), method)(*args)

    # -- meetings grid ------------------------------------------------------------------------

    def _fill_grid(self, rows: list[GridRow]) -> None:
        _clear(self.grid)
        self.cells.clear()
        for month in range(1, 13):
            header = QLabel(f"{month}月")
            header.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.grid.addWidget(header, 0, month)
        for line, row in enumerate(rows, start=1):
            label = QLabel(row.label)
            label.setToolTip(f"{row.meeting_type}，{row.frequency}")
            self.grid.addWidget(label, line, 0)
            for cell in row.cells:
                button = self._cell_button(cell)
                self.cells[(row.meeting_type, cell.first_month)] = button
                self.grid.addWidget(button, line, cell.first_month, 1,
                                    cell.last_month - cell.first_month + 1)
        for month in range(1, 13):
            self.grid.setColumnStretch(month, 1)
        if not rows:
            self.grid.addWidget(QLabel("“设置 → 会议”中没有要求按期召开的会议。"), 1, 0, 1, 13)

    def _cell_button(self, cell: GridCell) -> QPushButton:
        text = CELL_TEXTS[cell.state]
        if cell.checked > 1 and cell.state != UPCOMING:  # several 党小组: how many met
            text = f"{cell.held}/{cell.checked}"
        button = QPushButton(text)
        button.setObjectName(f"cell-{cell.meeting_type}-{cell.first_month}")
        button.setMinimumHeight(26)
        button.setMinimumWidth(40)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.setStyleSheet(f"background: {COLOURS[cell.state]}; border: 1px solid #ddd;")
        held = f"，{len(cell.meeting_ids)}次" if cell.meeting_ids else ""
        button.setToolTip(f"{cell.period}{cell.meeting_type}：{cell.state}{held}。点击查看会议记录")
        button.clicked.connect(lambda _=False, c=cell: self.open_cell(c))
        return button

    def open_cell(self, cell: GridCell) -> None:
        """The 会议 page with this year's meetings of the type, the period's selected."""
        window = self.window()
        if self.board is None or not isinstance(window, Navigator):
            return
        window.go_to("会议")
        window.page("会议").show_meetings(self.board.today.year, cell.meeting_type,
                                         list(cell.meeting_ids))

    # -- figures ------------------------------------------------------------------------------

    def _fill_cards(self, board: Dashboard) -> None:
        _clear(self.cards)
        self.card_buttons.clear()
        handover = board.handover
        if handover is None:
            sent, sent_note = "尚未交过数据", "在“同步”页面导出"
        else:
            sent = f"第{handover.seq}号 · {_day(handover.made_at.astimezone().date())}"
            sent_note = "工委已确认" if handover.confirmed_at is not None else "工委尚未确认"
        cards = (  # key, caption, value, note, page, what the tooltip adds
            ("党费", f"{board.today.year}年党费", f"已交 {_money(board.dues_paid)}",
             f"应交 {_money(board.dues_due)}", "党费", "应交：本年到本月为止各月应交的党费"),
            ("互助金", "互助金结余", _money(board.fund_balance), "", "互助金", ""),
            ("交工委", "最近一次交工委", sent, sent_note, "同步",
             "导入工委的回执文件后，数据包显示为工委已确认"),
            ("换届", "下次换届", _day(board.term_end) if board.term_end else "未填任期",
             "本届任期三年" if board.term_end else "请在“设置”中填写", "设置", ""),
            ("转正", "下一位转正",
             _day(board.next_full.day) if board.next_full else "暂无预备党员",
             _shortened(board.next_full.who) if board.next_full else "", "党员",
             board.next_full.who if board.next_full else ""),
            ("政治生日", "下一个政治生日",
             _day(board.next_birthday.day) if board.next_birthday else "暂无",
             _shortened(board.next_birthday.who) if board.next_birthday else "", "党员",
             board.next_birthday.who if board.next_birthday else ""),
        )
        for index, (key, caption, value, note, page, tip) in enumerate(cards):
            lines = f"{caption}\n{value}" + (f"\n{note}" if note else "")
            button = QPushButton(lines)
            button.setObjectName("card")
            button.setAccessibleName(f"card-{key}")
            button.setToolTip((f"{tip}\n" if tip else "") + f"点击打开“{page}”页面")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            button.clicked.connect(lambda _=False, p=page: self._go(p))
            self.card_buttons[key] = button
            self.cards.addWidget(button, index // 2, index % 2)

    # -- reminders ----------------------------------------------------------------------------

    def _fill_groups(self, board: Dashboard) -> None:
        _clear(self.groups)
        self.group_buttons.clear()
        groups = by_page(board.reminders)
        if not groups:
            done = QLabel("暂无待办事项。")
            done.setObjectName("no-reminders")
            done.setStyleSheet("color: #2e7d32;")
            self.groups.addWidget(done)
            return
        order = self._page_order()
        for page in sorted(groups, key=lambda p: order.index(p) if p in order else len(order)):
            found = groups[page]
            levels = "，".join(f"{level}{n}" for level in LEVEL_COLOURS
                              if (n := sum(1 for r in found if r.level == level)))
            lines = [f"【{r.level}】{r.text}" for r in found[:GROUP_LINES]]
            if len(found) > GROUP_LINES:
                lines.append(f"……另有 {len(found) - GROUP_LINES} 项")
            button = QPushButton(f"{page}：{len(found)} 项（{levels}）")
            button.setObjectName("card")
            button.setAccessibleName(f"group-{page}")
            button.setToolTip("\n".join(f"【{r.level}】{r.text}" for r in found[:20]))
            colour = LEVEL_COLOURS[found[0].level]
            button.setStyleSheet(f"font-weight: bold; color: {colour};")
            button.clicked.connect(lambda _=False, p=page: self._go(p))
            detail = QLabel("\n".join(lines))
            detail.setWordWrap(True)
            detail.setStyleSheet("color: #444; margin-left: 10px;")
            self.group_buttons[page] = button
            self.groups.addWidget(button)
            self.groups.addWidget(detail)

    def _page_order(self) -> list[str]:
        from ui.main_window import PAGES

        return [title for title, _module, _cls in PAGES]

    def _go(self, page: str) -> None:
        window = self.window()
        if hasattr(window, "go_to"):
            window.go_to(page)
