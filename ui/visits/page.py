"""慰问: the visit records, the lists of who is due a visit, and the year's figures."""

from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from app.visits.festivals import JULY_FIRST, SPRING_FESTIVAL
from app.visits.reports import summarise, visit_lines
from app.visits.service import (
    VisitInput,
    delete_visit,
)
from base.money import format_yuan
from ui.areas import Area
from ui.context import AppContext
from ui.visits.dialog import VisitDialog
from ui.visits.lists_tab import ListsTab
from ui.widgets.buttons import button
from ui.widgets.record_tab import RecordTab
from ui.widgets.tables import fill_table, record_table, selected_key
from ui.widgets.year_page import YearPage

HEADERS = ("日期", "类别", "慰问对象", "形式", "组织者", "慰问金", "慰问品", "经费来源", "签收")
SUMMARY_HEADERS = ("", "次数", "人次", "慰问金", "慰问品", "合计")


class VisitsPage(YearPage):
    AREAS = frozenset({Area.VISITS, Area.FUND, Area.MEMBERS, Area.SETTINGS})

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "慰问", parent)
        records = RecordTab()
        self.add_button = button("登记慰问…", "登记一次慰问（可一次登记多位慰问对象）",
                                 lambda: self.new_visit(None))
        self.edit_button = button("修改…", "修改所选的慰问记录", self.edit_visit)
        self.delete_button = button("删除", "删除所选的慰问记录", self.delete_selected)
        self.print_button = button("打印登记簿", "预览并打印本年度慰问登记簿", self.print_register)
        self.spring_button = button("春节慰问情况表", "本年度春节慰问情况（报上级）",
                                    lambda: self.print_festival(SPRING_FESTIVAL))
        self.july_button = button("七一慰问情况表", "本年度七一慰问情况（报上级）",
                                  lambda: self.print_festival(JULY_FIRST))
        self.export_button = button("导出Excel…", "把本年度慰问登记簿导出为 Excel",
                                    self.export_register)
        records.add_buttons([self.add_button, self.edit_button, self.delete_button],
                            [self.print_button, self.spring_button, self.july_button,
                             self.export_button])
        self.table = records.add_body(record_table("visits", HEADERS))
        self.table.doubleClicked.connect(self.edit_visit)

        figures = RecordTab()
        figures.add_line(QLabel("按慰问类别："))
        self.by_kind = figures.add_body(record_table("by-kind", ("类别", *SUMMARY_HEADERS[1:])))
        figures.add_line(QLabel("按经费来源："))
        self.by_source = figures.add_body(record_table("by-source",
                                                       ("经费来源", *SUMMARY_HEADERS[1:])))

        self.lists = ListsTab(self)
        self.tabs.addTab(records, "慰问记录")
        self.tabs.addTab(self.lists, "慰问名单")
        self.tabs.addTab(figures, "汇总")
        self.refresh()

    def refresh(self) -> None:
        start, end = self.year_range()
        with self.context.session() as session:
            lines = visit_lines(session, start, end)
        result = summarise(start, end, lines)
        rows = [(v.id, [
            f"{v.date:%Y-%m-%d}", v.kind, "、".join(v.names), v.form, v.organiser,
            format_yuan(v.cash) if v.cash else "", format_yuan(v.goods) if v.goods else "",
            v.source or "—",
            ("未签收：" + "、".join(v.unsigned)) if v.unsigned else "已签收" if v.cash else ""])
            for v in lines]
        fill_table(self.table, rows, right=(5, 6))
        total = result.total
        self.status.setText(
            f"{self.year()}年：慰问 {total.visits} 次、{total.persons} 人次，慰问金 "
            f"{format_yuan(total.cash)} 元，慰问品 {format_yuan(total.goods)} 元")
        for table, cells in ((self.by_kind, result.by_kind), (self.by_source, result.by_source)):
            fill_table(table, [(name, [name, str(c.visits), str(c.persons), format_yuan(c.cash),
                                       format_yuan(c.goods), format_yuan(c.total)])
                               for name, c in cells.items()], right=(1, 2, 3, 4, 5))
        self.lists.refresh()

    def new_record(self) -> None:
        self.new_visit(None)

    def print_page(self) -> None:
        self.print_register()

    def new_visit(self, preset: VisitInput | None) -> None:
        VisitDialog(self.context, self.today(), None, preset, self).open()

    def edit_visit(self) -> None:
        key = selected_key(self.table)
        if key is None:
            QMessageBox.information(self, "慰问", "请先在表中选择一条慰问记录。")
            return
        VisitDialog(self.context, self.today(), str(key), None, self).open()

    def delete_selected(self) -> None:
        key = selected_key(self.table)
        if key is None:
            return
        answer = QMessageBox.question(self, "删除慰问记录", "删除所选的慰问记录吗？用互助金支付的"
                                                         "慰问，其支出将在账目中自动冲销。")
        if answer == QMessageBox.StandardButton.Yes:
            today = self.today()
            self.context.write(self, lambda s: delete_visit(s, str(key), today))

    def print_register(self) -> None:
        # Here, not at the top: ReportLab and openpyxl load only when something is printed.
        from app.visits.printing import register_pdf

        start, end = self.year_range()
        self.preview(f"{self.year()}年慰问登记簿", lambda session, progress: register_pdf(
            session, start, end, progress), f"{self.year()}年慰问登记簿.pdf")

    def print_festival(self, festival: str) -> None:
        from app.visits.printing import festival_pdf

        year = self.year()
        self.preview(f"{year}年{festival}慰问情况表", lambda session, progress: festival_pdf(
            session, festival, year, progress), f"{year}年{festival}慰问情况表.pdf")

    def export_register(self) -> None:
        from app.visits.printing import register_xlsx

        start, end = self.year_range()
        self.export(f"{self.year()}年慰问登记簿.xlsx",
                    lambda session: register_xlsx(session, start, end))
