"""互助基金 → 年度报表: the year's income by branch, grants by reason, the balance and all
branches' visits, printed through the document layer or exported to Excel."""

from typing import Any

from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from base.money import format_yuan
from ui.city.fund.host import CityFundHost
from ui.widgets.buttons import button
from ui.widgets.record_tab import RecordTab
from ui.widgets.tables import fill_table, record_table, show_all_rows


def _table(name: str, headers: tuple[str, ...], label_column: int) -> QTableWidget:
    """Figures sit next to their labels: the label column takes the spare width."""
    table = record_table(name, headers)
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(label_column, QHeaderView.ResizeMode.Stretch)
    return table


def _titled(title: str, table: QWidget) -> QWidget:
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    caption = QLabel(title)
    caption.setStyleSheet("font-weight: bold;")
    column.addWidget(caption)
    column.addWidget(table)
    column.addStretch(1)
    return box


class ReportTab(RecordTab):
    def __init__(self, host: CityFundHost) -> None:
        super().__init__()
        self.host = host
        self.print_report = button("打印报告", "预览并打印本年度基金收支情况", self.preview)
        self.print_report.setObjectName("city_report_pdf")
        self.export = button("导出Excel…", "收支汇总、各支部上缴、补助、台账和慰问，各占一页",
                             self.export_xlsx)
        self.export.setObjectName("city_report_xlsx")
        self.summary = QLabel()
        self.summary.setObjectName("city_report_summary")
        self.summary.setWordWrap(True)
        self.add_buttons(right=[self.print_report, self.export], filler=self.summary)
        self.balance = _table("city_report_balance", ("项目", "金额（元）"), 0)
        self.income = _table("city_report_income", ("支部代码", "来源", "金额（元）"), 1)
        self.grants = _table("city_report_grants", ("事由", "人次", "金额（元）"), 0)
        self.visits = _table("city_report_visits", ("慰问类别", "次数", "人次", "慰问金",
                                                    "慰问品"), 0)
        grid = QGridLayout()
        grid.addWidget(_titled("收支结余", self.balance), 0, 0)
        grid.addWidget(_titled("收入（各支部上缴及其他）", self.income), 0, 1)
        grid.addWidget(_titled("补助（按事由）", self.grants), 1, 0)
        grid.addWidget(_titled("各支部慰问（按类别）", self.visits), 1, 1)
        grid.setRowStretch(2, 1)
        figures = QWidget()
        figures.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(figures)
        self.add_body(scroll)
        self.report: dict[str, Any] = {}

    def show_report(self, report: dict[str, Any]) -> None:
        self.report = report
        money = format_yuan
        self.summary.setText(f"{report['year']}年：补助 {len(report['grants'])} 人次，"
                             f"不予批准 {report['refused']} 份，待审批 {report['waiting']} 份。")
        fill_table(self.balance, [(None, [label, money(value)]) for label, value in (
            ("上年结余", report["opening_balance"]), ("本年收入", report["income_total"]),
            ("本年补助", report["grants_total"]), ("年末结余", report["closing_balance"]))],
            right=(1,))
        fill_table(self.income, [
            *((None, [r["code"], r["name"], money(r["amount"])])
              for r in report["income_by_branch"]),
            *((None, ["", kind, money(amount)]) for kind, amount in report["other_income"].items()),
            (None, ["", "合计", money(report["income_total"])])], right=(2,))
        grants = report["grants_by_reason"]
        fill_table(self.grants, [
            *((None, [reason, str(r["count"]), money(r["amount"])])
              for reason, r in grants.items()),
            (None, ["合计", str(sum(r["count"] for r in grants.values())),
                    money(report["grants_total"])])], right=(1, 2))
        fill_table(self.visits, [(None, [kind, str(r["visits"]), str(r["persons"]),
                                         money(r["cash"]), money(r["goods"])])
                                 for kind, r in report["visits"]["by_kind"].items()],
                   right=(1, 2, 3, 4))
        for table in (self.balance, self.income, self.grants, self.visits):
            show_all_rows(table)

    def preview(self) -> None:
        # Here, not at the top: ReportLab and openpyxl load only when something is printed.
        from app.city.fund_printing import FUND_NAME, report_pdf

        year, actor, today = self.host.year(), self.host.actor, self.host.today()
        self.host.preview(f"{year}年{FUND_NAME}收支情况", lambda session, progress: report_pdf(
            session, year, actor, today, progress), f"{year}年互助基金收支情况.pdf")

    def export_xlsx(self) -> None:
        from app.city.fund_printing import report_xlsx

        year, actor, today = self.host.year(), self.host.actor, self.host.today()
        self.host.export(f"{year}年互助基金报表.xlsx", lambda session: report_xlsx(
            session, year, actor, today))
