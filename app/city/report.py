"""`city report --year Y`: per branch meetings, dues, fund and visits; member statistics.

The figures are the branch's own rules run on the city's typed copy of its records, kept per
branch and year (app/city/summaries.py), so the city counts exactly what the branch program
counts; figures that no longer hold are computed again first.
"""

import datetime as dt
import io
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.city.summaries import summary
from app.progress import SILENT, Progress
from db.city.models import CityBranch

QUARTER_NAMES = ("一季度", "二季度", "三季度", "四季度")


def year_report(session: Session, year: int, today: dt.date | None = None,
                progress: Progress = SILENT) -> dict[str, Any]:
    """The year's figures of every branch; progress (and 取消) per branch."""
    today = today or dt.date.today()
    branches = []
    totals: Counter[str] = Counter()
    rows = session.scalars(select(CityBranch).order_by(CityBranch.code)).all()
    for index, branch in enumerate(rows):
        progress.step(index, len(rows), f"正在汇总：{branch.name or branch.code}")
        entry = {"code": branch.code, "name": branch.name,
                 **summary(session, branch, year, today)}
        totals.update(entry["members"])
        branches.append(entry)
    return {"year": year, "branches": branches, "members_total": dict(totals)}


def _yuan(value: Decimal) -> str:
    return f"{value:,.2f}"


def text_lines(report: dict[str, Any]) -> list[str]:
    lines = [f"{report['year']}年度汇总（{len(report['branches'])} 个支部）"]
    for b in report["branches"]:
        lines += ["", f"{b['name']}（{b['code']}）"]
        m = b["meetings"]
        lines.append(f"  组织生活：应开 {m['required']} 期，已开 {m['held']} 期"
                     + (f"；未按期 {len(m['overdue'])} 项：{'、'.join(m['overdue'][:6])}"
                        + ("等" if len(m["overdue"]) > 6 else "") if m["overdue"] else ""))
        for kind, per in m["counts"].items():
            lines.append(f"    {kind}：" + "  ".join(f"{q} {n}" for q, n in
                                                     zip(QUARTER_NAMES, per, strict=True)))
        lines.append(f"  党费：收缴 {_yuan(b['dues']['collected'])} 元，"
                     f"上缴 {_yuan(b['dues']['passed_up'])} 元")
        f = b["fund"]
        lines.append(f"  互助金：收入 {_yuan(f['income'])} 元，支出 {_yuan(f['expense'])} 元，"
                     f"年末余额 {_yuan(f['balance'])} 元")
        visits = b["visits"]["by_kind"]
        lines.append("  慰问：" + ("，".join(f"{k} {n} 次" for k, n in visits.items()) or "无"))
    lines += ["", "党员统计（12月31日，各支部合计）："]
    lines += [f"  {k}：{v}" for k, v in report["members_total"].items()]
    return lines


def write_xlsx(report: dict[str, Any], path: Path) -> None:
    from openpyxl import Workbook

    from app.files import write_safely

    book = Workbook()
    sheet = book.active
    sheet.title = "组织生活"
    kinds = sorted({k for b in report["branches"] for k in b["meetings"]["counts"]})
    sheet.append(["支部代码", "支部", "类型", *QUARTER_NAMES, "全年"])
    for b in report["branches"]:
        for kind in kinds:
            per = b["meetings"]["counts"].get(kind, [0, 0, 0, 0])
            sheet.append([b["code"], b["name"], kind, *per, sum(per)])
    sheet = book.create_sheet("按期开展")
    sheet.append(["支部代码", "支部", "应开期数", "已开期数", "未按期事项"])
    for b in report["branches"]:
        m = b["meetings"]
        sheet.append([b["code"], b["name"], m["required"], m["held"], "；".join(m["overdue"])])
    sheet = book.create_sheet("党费和互助金")
    sheet.append(["支部代码", "支部", "党费收缴", "党费上缴", "互助金收入", "互助金支出",
                  "互助金年末余额"])
    for b in report["branches"]:
        sheet.append([b["code"], b["name"], b["dues"]["collected"], b["dues"]["passed_up"],
                      b["fund"]["income"], b["fund"]["expense"], b["fund"]["balance"]])
        for cell in sheet[sheet.max_row][2:]:
            cell.number_format = "#,##0.00"
    sheet = book.create_sheet("慰问")
    visit_kinds = sorted({k for b in report["branches"] for k in b["visits"]["by_kind"]})
    sheet.append(["支部代码", "支部", *visit_kinds])
    for b in report["branches"]:
        sheet.append([b["code"], b["name"], *(b["visits"]["by_kind"].get(k, 0)
                                              for k in visit_kinds)])
    sheet = book.create_sheet("党员统计")
    keys = list(report["members_total"])
    sheet.append(["支部代码", "支部", *keys])
    for b in report["branches"]:
        sheet.append([b["code"], b["name"], *(b["members"].get(k, 0) for k in keys)])
    sheet.append(["合计", "", *(report["members_total"][k] for k in keys)])
    buffer = io.BytesIO()
    book.save(buffer)
    write_safely(path, buffer.getvalue())
