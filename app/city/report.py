"""`city report --year Y`: per branch meetings (with the share that had a 第一议题), dues, fund,
visits and 双报到 volunteer service, each with its total; member statistics.

The figures are the branch's own rules run on the city's typed copy of its records, kept per
branch and year (app/city/summaries.py), so the city counts exactly what the branch program
counts; figures that no longer hold are computed again first.
"""

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.city.summaries import SERVICE_FIELDS, first_topic, summary, with_hours
from app.progress import SILENT, Progress
from db.city.models import CityBranch

QUARTER_NAMES = ("一季度", "二季度", "三季度", "四季度")


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{share:.0%}"



def _service_total(branches: list[dict[str, Any]]) -> dict[str, Any]:
    total = {name: sum(b["service"][name] for b in branches) for name in SERVICE_FIELDS}
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for b in branches:
        for kind, figures in b["service"]["by_kind"].items():
            by_kind[kind].update({k: v for k, v in figures.items() if k != "hours"})
    return with_hours(total) | {"by_kind": {k: with_hours(dict(v))
                                             for k, v in sorted(by_kind.items())}}


def year_report(session: Session, year: int, today: dt.date | None = None,
                progress: Progress = SILENT) -> dict[str, Any]:
    """The year's figures of every branch; progress (and 取消) per branch."""
    today = today or dt.date.today()
    branches = []
    rows = session.scalars(select(CityBranch).order_by(CityBranch.code)).all()
    for index, branch in enumerate(rows):
        progress.step(index, len(rows), f"正在汇总：{branch.name or branch.code}")
        branches.append({"code": branch.code, "name": branch.name,
                         **summary(session, branch, year, today)})
    return with_totals(year, branches)


def with_totals(year: int, branches: list[dict[str, Any]]) -> dict[str, Any]:
    """The report of these branches' figures, with the totals over them."""
    totals: Counter[str] = Counter()
    for entry in branches:
        totals.update(entry["members"])
    topics = [b["meetings"]["first_topic"] for b in branches]
    return {"year": year, "branches": branches, "members_total": dict(totals),
            "first_topic_total": first_topic(sum(t["required"] for t in topics),
                                             sum(t["with_topic"] for t in topics)),
            "service_total": _service_total(branches)}


def _yuan(value: Decimal) -> str:
    return f"{value:,.2f}"


SUMMARY_HEADERS = ("支部", "组织生活应开（期）", "已开（期）", "未按期（项）",
                   "第一议题应安排（次）", "已安排（次）", "党费收缴（元）", "党费上缴（元）",
                   "互助金收入（元）", "互助金支出（元）", "互助金年末余额（元）", "慰问（次）",
                   "志愿服务（次）", "服务时长（小时）", "年末党员（人）")


def summary_rows(report: dict[str, Any]) -> list[list[str]]:
    """One row per branch as SUMMARY_HEADERS, then 合计."""
    def figures(b: dict[str, Any]) -> list[Any]:
        m, dues, fund, service = b["meetings"], b["dues"], b["fund"], b["service"]
        return [m["required"], m["held"], len(m["overdue"]), m["first_topic"]["required"],
                m["first_topic"]["with_topic"], dues["collected"], dues["passed_up"],
                fund["income"], fund["expense"], fund["balance"],
                sum(b["visits"]["by_kind"].values()), service["activities"], service["hours"],
                b["members"].get("党员总数", 0)]

    def text(values: list[Any]) -> list[str]:
        return [_yuan(v) if isinstance(v, Decimal) else f"{v:g}" if isinstance(v, float)
                else str(v) for v in values]

    rows = [figures(b) for b in report["branches"]]
    totals = [sum(column) for column in zip(*rows, strict=True)] if rows else []
    return ([[b["name"], *text(r)] for b, r in zip(report["branches"], rows, strict=True)]
            + ([["合计", *text(totals)]] if rows else []))


def text_lines(report: dict[str, Any]) -> list[str]:
    lines = [f"{report['year']}年度汇总（{len(report['branches'])} 个支部）"]
    for b in report["branches"]:
        lines += ["", f"{b['name']}（{b['code']}）"]
        m = b["meetings"]
        lines.append(f"  组织生活：应开 {m['required']} 期，已开 {m['held']} 期"
                     + (f"；未按期 {len(m['overdue'])} 项：{'、'.join(m['overdue'][:6])}"
                        + ("等" if len(m["overdue"]) > 6 else "") if m["overdue"] else ""))
        topics = m["first_topic"]
        lines.append(f"  第一议题：应安排 {topics['required']} 次，已安排 {topics['with_topic']} 次"
                     f"（{_percent(topics['share'])}）")
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
        lines.append("  " + _service_text(b["service"]))
        lines.append("  发展党员：" + "，".join(f"{k} {n}" for k, n in b["recruits"].items()))
    topics = report["first_topic_total"]
    lines += ["", f"第一议题（各支部合计）：应安排 {topics['required']} 次，已安排 "
                  f"{topics['with_topic']} 次（{_percent(topics['share'])}）"]
    lines += ["", "双报到志愿服务（各支部合计）：" + _service_text(report["service_total"])
              .removeprefix("志愿服务：")]
    lines += ["", "党员统计（12月31日，各支部合计）："]
    lines += [f"  {k}：{v}" for k, v in report["members_total"].items()]
    return lines


def _service_text(s: dict[str, Any]) -> str:
    return (f"志愿服务：{s['activities']} 次、{s['person_times']} 人次、{s['hours']:g} 小时；"
            f"微心愿认领 {s['wishes_claimed']} 个、完成 {s['wishes_done']} 个；"
            f"社区问题解决 {s['problems_solved']} 个（发现 {s['problems_found']} 个）；"
            f"办实事 {s['deeds']} 件")


SERVICE_HEADERS = ["活动次数", "人次", "时长（小时）", "微心愿认领", "微心愿完成", "问题发现",
                   "问题解决", "办实事"]


def _service_cells(s: dict[str, Any]) -> list[Any]:
    return [s["activities"], s["person_times"], s["hours"], s["wishes_claimed"],
            s["wishes_done"], s["problems_found"], s["problems_solved"], s["deeds"]]


def write_xlsx(report: dict[str, Any], path: Path) -> None:
    from openpyxl import Workbook

    from app.files import write_safely
    from app.reports.sheets import append_row, workbook_bytes

    book = Workbook()
    sheet = book.active
    sheet.title = "组织生活"
    kinds = sorted({k for b in report["branches"] for k in b["meetings"]["counts"]})
    append_row(sheet, ["支部代码", "支部", "类型", *QUARTER_NAMES, "全年"])
    for b in report["branches"]:
        for kind in kinds:
            per = b["meetings"]["counts"].get(kind, [0, 0, 0, 0])
            append_row(sheet, [b["code"], b["name"], kind, *per, sum(per)])
    sheet = book.create_sheet("按期开展")
    append_row(sheet, ["支部代码", "支部", "应开期数", "已开期数", "未按期事项",
                       "应有第一议题", "有第一议题", "第一议题占比"])
    for b in report["branches"]:
        m = b["meetings"]
        topics = m["first_topic"]
        append_row(sheet, [b["code"], b["name"], m["required"], m["held"],
                           "；".join(m["overdue"]), topics["required"], topics["with_topic"],
                           topics["share"]])
        sheet[sheet.max_row][7].number_format = "0%"
    sheet = book.create_sheet("党费和互助金")
    append_row(sheet, ["支部代码", "支部", "党费收缴", "党费上缴", "互助金收入", "互助金支出",
                       "互助金年末余额"])
    for b in report["branches"]:
        append_row(sheet, [b["code"], b["name"], b["dues"]["collected"], b["dues"]["passed_up"],
                           b["fund"]["income"], b["fund"]["expense"], b["fund"]["balance"]])
        for cell in sheet[sheet.max_row][2:]:
            cell.number_format = "#,##0.00"
    sheet = book.create_sheet("慰问")
    visit_kinds = sorted({k for b in report["branches"] for k in b["visits"]["by_kind"]})
    append_row(sheet, ["支部代码", "支部", *visit_kinds])
    for b in report["branches"]:
        append_row(sheet, [b["code"], b["name"], *(b["visits"]["by_kind"].get(k, 0)
                                                   for k in visit_kinds)])
    sheet = book.create_sheet("双报到志愿服务")
    append_row(sheet, ["支部代码", "支部", *SERVICE_HEADERS])
    for b in report["branches"]:
        append_row(sheet, [b["code"], b["name"], *_service_cells(b["service"])])
    append_row(sheet, ["合计", "", *_service_cells(report["service_total"])])
    append_row(sheet, [])
    append_row(sheet, ["按活动类型（各支部合计）", "", "活动次数", "人次", "时长（小时）"])
    for kind, figures in report["service_total"]["by_kind"].items():
        append_row(sheet, [kind, "", figures["activities"], figures["person_times"],
                           figures["hours"]])
    sheet = book.create_sheet("发展党员")
    recruit_keys = list(report["branches"][0]["recruits"]) if report["branches"] else []
    append_row(sheet, ["支部代码", "支部", *recruit_keys])
    for b in report["branches"]:
        append_row(sheet, [b["code"], b["name"], *(b["recruits"][k] for k in recruit_keys)])
    sheet = book.create_sheet("党员统计")
    keys = list(report["members_total"])
    append_row(sheet, ["支部代码", "支部", *keys])
    for b in report["branches"]:
        append_row(sheet, [b["code"], b["name"], *(b["members"].get(k, 0) for k in keys)])
    append_row(sheet, ["合计", "", *(report["members_total"][k] for k in keys)])
    write_safely(path, workbook_bytes(book))
