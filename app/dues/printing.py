"""The dues papers on the shared document layer: 党费核定表, 党费交纳登记表, the yearly
收缴情况公布 and receipts (收据) with the amount in 大写."""

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from app.dues import config
from app.dues.assessment import members_of_year, rate_text, year_assessments
from app.dues.export import cell_value
from app.dues.ledger import ZERO
from app.dues.payments import Receipt, receipt
from app.dues.report import MemberYear, notice_text, year_report
from app.dues.rules import DEDUCTION_ITEMS
from app.progress import SILENT, Progress
from app.reports.common import branch_name, date_text
from app.reports.document import SIZES, Document
from base.money import format_yuan
from db.models import DuesAssessment


def _items_totals(assessment: DuesAssessment) -> tuple[str, str]:
    """收入合计 and 扣除合计 as printed; blank when the base was typed directly."""
    if not assessment.pay_items:
        return "", ""
    items = {k: Decimal(v) for k, v in assessment.pay_items.items()}
    income = sum((v for k, v in items.items() if k not in DEDUCTION_ITEMS), ZERO)
    deducted = sum((v for k, v in items.items() if k in assessment.deductions), ZERO)
    return format_yuan(income), format_yuan(deducted)


def assessment_pdf(session: Session, year: int, progress: Progress = SILENT) -> bytes:
    """党费核定表: each member's base, how it was built, the rate and the monthly amount."""
    branch = branch_name(session)
    by_member = {a.member_id: a for a in year_assessments(session, year)}
    rows: list[list[str]] = []
    profiles: dict[str, str] = {}
    rule_sets: set[str] = set()
    for member in members_of_year(session, year):
        a = by_member.get(member.id)
        if a is None:
            rows.append([str(len(rows) + 1), member.name, "未核定", "", "", "", "", "", ""])
            continue
        income, deducted = _items_totals(a)
        rule_set = config.rule_set_for(session, year, a.start_month)
        rule_sets.add(rule_set.name)
        if a.profile:
            profiles[a.profile] = "、".join(a.deductions) or "不扣除"
        start = f"（{a.start_month}月起）" if a.start_month > 1 else ""
        rows.append([str(len(rows) + 1), member.name, a.category + start, income, deducted,
                     format_yuan(a.base), rate_text(rule_set, a.category, a.base),
                     format_yuan(a.monthly_amount), ""])
    total = sum((a.monthly_amount for a in by_member.values()), ZERO)
    doc = Document.for_branch(session, f"{year}年度党费核定表", landscape=True)
    doc.title(f"{year}年度党员党费核定表", subtitle=branch)
    doc.fields([
        [("核定年度", f"{year}年"), ("核定方式", config.mode(session))],
        [("计算依据", "、".join(sorted(rule_sets)) or config.rule_set_for(session, year).name),
         ("舍入单位", f"四舍五入到{config.rounding_unit(session)}")],
        *[[("扣除方案", f"{name}：{items}")] for name, items in profiles.items()],
    ], size=SIZES["小四"])
    doc.table(["序号", "姓名", "党费类别", "收入项目合计", "扣除项目合计", "计算基数",
               "交纳比例", "月交纳额", "本人确认（签字）"],
              [*rows, ["", "合计", "", "", "", "", "", format_yuan(total), ""]],
              widths=[0.8, 1.6, 1.8, 1.6, 1.6, 1.6, 1.2, 1.4, 2.4],
              align=["center", "center", "center", "right", "right", "right", "center",
                     "right", "center"],
              size=SIZES["五号"], total_rows=1, row_height_mm=9)
    doc.note("计算基数为每月工资收入中相对固定的、经常性的部分（税后）；全额按一个比例计算，"
             "档次上限含本数。离退休党员以基本离退休费为基数。", size=SIZES["五号"])
    doc.signatures(["核定人", "支部书记"])
    return doc.build(progress)


def _register_rows(rows: list[MemberYear]) -> list[list[str]]:
    out = []
    for number, row in enumerate(rows, start=1):
        a = row.assessment
        cells = [cell_value(c) for c in row.cells]
        out.append([str(number), row.member.name, format_yuan(a.monthly_amount) if a else "未核定",
                    *[format_yuan(v) if isinstance(v, Decimal) else v for v in cells],
                    format_yuan(row.paid), format_yuan(row.unpaid_owed) if row.unpaid_owed else ""])
    return out


def register_pdf(session: Session, year: int, progress: Progress = SILENT,
                 today: dt.date | None = None) -> bytes:
    """党费交纳登记表: member × month for a year, with month and member totals."""
    report = year_report(session, year, today)
    doc = Document.for_branch(session, f"{year}年党费交纳登记表", landscape=True)
    doc.title(f"{year}年党费交纳登记表", subtitle=report.branch)
    rows = _register_rows(report.rows)
    rows.append(["", "合计", "", *[format_yuan(v) for v in report.month_totals()],
                 format_yuan(report.paid), format_yuan(report.unpaid_owed)])
    doc.table(["序号", "姓名", "月交纳额", *[f"{m}月" for m in range(1, 13)], "实交合计",
               "欠交"], rows,
              widths=[0.7, 1.5, 1.2, *[1.0] * 12, 1.4, 1.1],
              align=["center", "center", "right", *["right"] * 12, "right", "right"],
              size=SIZES["小五"], total_rows=1)
    b = report.balance
    doc.note(f"截至{date_text(report.as_of)}：应交{format_yuan(report.due)}元，"
             f"实交{format_yuan(report.paid)}元，"
             f"自愿多交{format_yuan(report.voluntary)}元；本年已上缴{format_yuan(b.remitted)}元。"
             "“未交”为已到期未交纳的月份，“免交”为经批准减免的月份，“—”为不在本支部的月份。",
             size=SIZES["五号"])
    doc.signatures(["收缴人", "支部书记"])
    return doc.build(progress)


def notice_pdf(session: Session, year: int, progress: Progress = SILENT,
               today: dt.date | None = None) -> bytes:
    """党费收缴情况公布: the yearly notice to members, with each member's line."""
    report = year_report(session, year, today)
    doc = Document.for_branch(session, f"{year}年度党费收缴情况公布")
    doc.title(f"{report.branch}\n{year}年度党费收缴情况公布")
    doc.paragraph(notice_text(report))
    rows = []
    for number, row in enumerate(report.rows, start=1):
        paid_months = sum(1 for c in row.cells if c.payment is not None)
        notes = []
        if row.unpaid:
            notes.append(f"欠交{len(row.unpaid)}个月")
        if row.waived:
            notes.append(f"减免{row.waived}个月")
        rows.append([str(number), row.member.name,
                     format_yuan(row.assessment.monthly_amount) if row.assessment else "",
                     str(paid_months), format_yuan(row.paid),
                     format_yuan(row.voluntary) if row.voluntary else "", "，".join(notes)])
    rows.append(["", "合计", "", "", format_yuan(report.paid), format_yuan(report.voluntary), ""])
    doc.table(["序号", "姓名", "月交纳额", "已交月数", "实交金额", "自愿多交", "备注"], rows,
              widths=[0.8, 1.6, 1.4, 1.1, 1.5, 1.4, 1.9],
              align=["center", "center", "right", "center", "right", "right", "center"],
              size=SIZES["五号"], total_rows=1)
    doc.spacer(6)
    doc.paragraph(report.branch, indent=False, align="right")
    doc.paragraph(date_text(report.as_of), indent=False, align="right")
    return doc.build(progress)


RECEIPT_MM = 88  # room a receipt needs: two fit on a portrait page


def _receipt_block(doc: Document, branch: str, issued: Receipt) -> None:
    doc.keep_space(RECEIPT_MM)
    doc.title("党 费 收 据", size=SIZES["三号"])
    doc.fields([
        [("收据号", issued.receipt_no), ("交纳日期", date_text(issued.paid_on))],
        [("交纳人", issued.member_name), ("交纳方式", issued.method)],
        [("党组织", branch)],
        [("交纳内容", issued.description)],
        [("金额（小写）", f"¥{format_yuan(issued.total)}"), ("金额（大写）", issued.in_words)],
    ], size=SIZES["小四"])
    doc.signatures(["收款人", "交款人"], dated=False)
    doc.spacer(4)


def receipts_pdf(session: Session, receipt_nos: list[str], progress: Progress = SILENT) -> bytes:
    """One or more receipts, two to a page."""
    branch = branch_name(session)
    issued = [receipt(session, number) for number in receipt_nos]
    name = f"党费收据{issued[0].receipt_no}" if len(issued) == 1 else "党费收据"
    doc = Document.for_branch(session, name)
    for one in issued:
        _receipt_block(doc, branch, one)
    return doc.build(progress)

