"""`branchdesk city fund …`: the city fund's queue, decisions, income and yearly report."""

import argparse
import datetime as dt
from typing import Any

from app.city import fund
from app.cli.common import (
    date_argument,
    open_city,
    print_json,
    print_table,
    whole_number,
    write_output,
    year_argument,
)
from base.money import format_yuan, parse_yuan
from db.audit import default_actor


def _applications(args: argparse.Namespace) -> int:
    with open_city(args) as database, database.session() as session:
        fund.book_remittances(session, default_actor())
        found = fund.applications(session, waiting_only=not args.all)
        rows: list[dict[str, Any]] = [{"id": a.id, "number": a.number, "branch": a.branch_name,
                 "applicant": a.applicant_name, "reason": a.reason,
                 "amount_requested": a.amount_requested, "branch_amount": a.branch_amount,
                 "status": a.status, "applied_on": a.applied_on,
                 "review_opinion": a.review_opinion,
                 "decision": None if a.decision is None else {
                     "approve": a.decision.approve, "amount": a.decision.amount,
                     "reason": a.decision.reason, "decided_on": a.decision.decided_on}}
                for a in found]
    if args.json:
        print_json(rows)
        return 0
    print_table(["编号", "支部", "申请人", "事由", "申请金额", "支部建议", "状态", "工委决定"],
                [[r["number"], r["branch"], r["applicant"], r["reason"],
                  format_yuan(r["amount_requested"]),
                  format_yuan(r["branch_amount"]) if r["branch_amount"] else "—", r["status"],
                  "待审批" if r["decision"] is None else
                  f"批准 {format_yuan(r['decision']['amount'])}" if r["decision"]["approve"]
                  else "不予批准"] for r in rows])
    print(f"共 {len(rows)} 份")
    return 0


def _decide(args: argparse.Namespace) -> int:
    with open_city(args) as database, database.session() as session:
        decision = fund.decide(
            session, args.application, approve=args.approve is not None,
            amount=parse_yuan(args.approve) if args.approve is not None else None,
            reason=args.refuse or "", decided_by=args.by, decision_ref=args.ref,
            entered_by=default_actor(), day=args.date)
        balance = fund.balance(session)
    outcome = (f"批准 {format_yuan(decision.amount)} 元" if decision.approve
               else f"不予批准（{decision.reason}）")
    print(f"申请 {decision.number}：{outcome}。决定已排入支部 {decision.branch_code} 的下发队列，"
          "随下一份回执文件带回。")
    print(f"互助基金余额：{format_yuan(balance)} 元")
    return 0


def _income(args: argparse.Namespace) -> int:
    with open_city(args) as database, database.session() as session:
        entry = fund.record_income(session, args.kind, args.date or dt.date.today(),
                                   parse_yuan(args.amount), default_actor(), args.ref,
                                   args.summary)
        balance = fund.balance(session)
    print(f"已登记第 {entry.seq} 号：{entry.kind} {format_yuan(entry.amount)} 元；"
          f"余额 {format_yuan(balance)} 元")
    return 0


def _reverse(args: argparse.Namespace) -> int:
    with open_city(args) as database, database.session() as session:
        original = fund.entry_by_seq(session, args.seq)
        entry = fund.reverse_income(session, original.id, args.date or dt.date.today(),
                                    args.reason, default_actor())
        balance = fund.balance(session)
    print(f"已登记第 {entry.seq} 号冲销第 {original.seq} 号（{original.kind} "
          f"{format_yuan(original.amount)} 元）；余额 {format_yuan(balance)} 元")
    return 0


def _ledger(args: argparse.Namespace) -> int:
    from app.city.fund_printing import ledger_pdf

    with open_city(args) as database, database.session() as session:
        fund.book_remittances(session, default_actor())
        lines = fund.ledger_lines(session, args.year)
        write_output(args.pdf, lambda: ledger_pdf(session, args.year))
    if args.json:
        print_json(lines)
    elif not args.pdf:
        print_table(["凭证号", "日期", "类别", "支部", "摘要", "收入", "支出", "余额", "说明"],
                    [[ln.seq, ln.date, ln.kind, ln.branch_code or "—", ln.summary,
                      format_yuan(ln.income) if ln.income is not None else "",
                      format_yuan(ln.expense) if ln.expense is not None else "",
                      format_yuan(ln.balance), ln.note] for ln in lines])
    return 0


def _report(args: argparse.Namespace) -> int:
    from app.city.fund_printing import report_pdf, report_xlsx

    with open_city(args) as database, database.session() as session:
        report = fund.year_report(session, args.year, default_actor())
        write_output(args.pdf, lambda: report_pdf(session, args.year, default_actor()))
        write_output(args.xlsx, lambda: report_xlsx(session, args.year, default_actor()))
    if args.json:
        print_json(report)
        return 0
    if args.pdf or args.xlsx:
        return 0
    print(f"{args.year}年市直机关党员爱心互助基金收支情况")
    print(f"上年结余：{format_yuan(report['opening_balance'])} 元；"
          f"本年收入合计：{format_yuan(report['income_total'])} 元")
    print("各支部上缴：")
    for row in report["income_by_branch"]:
        print(f"  {row['name']}（{row['code']}）：{format_yuan(row['amount'])} 元")
    for kind, amount in report["other_income"].items():
        print(f"其他收入·{kind}：{format_yuan(amount)} 元")
    print("补助（按事由）：")
    for reason, row in report["grants_by_reason"].items():
        print(f"  {reason}：{row['count']} 人次，{format_yuan(row['amount'])} 元")
    print(f"补助合计 {format_yuan(report['grants_total'])} 元；不予批准 {report['refused']} 份；"
          f"待审批 {report['waiting']} 份")
    print(f"年末结余：{format_yuan(report['closing_balance'])} 元")
    print("各支部慰问（按类别）：")
    for kind, row in report["visits"]["by_kind"].items():
        print(f"  {kind}：{row['visits']} 次 {row['persons']} 人次，慰问金 "
              f"{format_yuan(row['cash'])} 元，慰问品 {format_yuan(row['goods'])} 元")
    print("各支部慰问（按经费来源）：")
    for source, row in report["visits"]["by_source"].items():
        print(f"  {source}：{row['visits']} 次，合计 {format_yuan(row['cash'] + row['goods'])} 元")
    for problem in report["problems"]:
        print(f"注意：{problem}")
    return 0


def register(city: argparse._SubParsersAction) -> None:
    """Adds `fund` under `branchdesk city`."""
    cmds = city.add_parser("fund", help="市直机关党员爱心互助基金：审批、收入、年度报告"
                           ).add_subparsers(dest="city_fund_command", metavar="操作",
                                            required=True)
    p = cmds.add_parser("applications", help="各支部上报的补助申请（默认只列待审批的）")
    p.add_argument("--all", action="store_true", help="包括已审批的")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_applications)
    p = cmds.add_parser("decide", help="审批一份补助申请，决定随回执文件下发支部")
    p.add_argument("application", help="申请编号（如 FGW-01-2026-003）或 id")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--approve", metavar="AMOUNT", help="批准的金额（元）")
    which.add_argument("--refuse", metavar="REASON", help="不予批准的理由")
    p.add_argument("--by", default="中共市直属机关工作委员会", help="审批机关")
    p.add_argument("--ref", default="", help="会议或批文，如“2026年第9次工委会”")
    p.add_argument("--date", type=date_argument, help="审批日期 YYYY-MM-DD（默认今天）")
    p.set_defaults(handler=_decide)
    p = cmds.add_parser("income", help="登记基金的其他收入（党费划拨、工会拨款等）")
    p.add_argument("kind", choices=fund.INCOME_KINDS)
    p.add_argument("amount")
    p.add_argument("--date", type=date_argument, help="YYYY-MM-DD（默认今天）")
    p.add_argument("--ref", default="", help="文号或凭证号")
    p.add_argument("--summary", default="")
    p.set_defaults(handler=_income)
    p = cmds.add_parser("reverse", help="冲销登记错了的收入（账目不能修改或删除）")
    p.add_argument("seq", type=whole_number(1, 10**9, "凭证号"), help="要冲销的凭证号")
    p.add_argument("--reason", required=True, help="冲销原因")
    p.add_argument("--date", type=date_argument, help="YYYY-MM-DD（默认今天）")
    p.set_defaults(handler=_reverse)
    p = cmds.add_parser("ledger", help="基金台账：一年的每笔账目和余额")
    p.add_argument("--year", type=year_argument, required=True)
    p.add_argument("--json", action="store_true")
    p.add_argument("--pdf", metavar="FILE", help="另存为 PDF")
    p.set_defaults(handler=_ledger)
    p = cmds.add_parser("report", help="年度报告：各支部上缴、按事由的补助、余额、各支部慰问")
    p.add_argument("--year", type=year_argument, required=True)
    p.add_argument("--json", action="store_true")
    p.add_argument("--pdf", metavar="FILE", help="另存为 PDF")
    p.add_argument("--xlsx", metavar="FILE", help="另存为 Excel")
    p.set_defaults(handler=_report)
