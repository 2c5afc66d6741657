"""`branchdesk fund …`: the mutual-aid ledger and the aid applications."""

import argparse
import datetime as dt
from typing import Any

from app import settings
from app.cli.commands import add_command
from app.cli.common import open_database, print_json, print_table, write_output, year_argument
from app.fund import applications as apps
from app.fund import donations, ledger
from app.fund.reports import year_report
from app.fund.settings import REQUIRE_CONFIRMATION, FundMode, mode
from base.money import format_yuan


def _balance(args: argparse.Namespace) -> int:
    with open_database(args) as database, database.session() as session:
        current = mode(session)
        data: dict[str, Any] = {
            "mode": current,
            "balance": ledger.balance(session),
            "unremitted": sum((d.amount for d in donations.unremitted(session)),
                              ledger.ZERO) if current == FundMode.CITY else None,
            "unconfirmed": len(ledger.unconfirmed(session))
            if settings.get(session, REQUIRE_CONFIRMATION) else 0,
            "entries": len(ledger.list_entries(session)),
        }
    if args.json:
        print_json(data)
        return 0
    print(f"互助金（{data['mode']}）余额：{format_yuan(data['balance'])} 元")
    if data["unremitted"] is not None:
        print(f"其中待上缴工委的捐款：{format_yuan(data['unremitted'])} 元")
    print(f"账目 {data['entries']} 笔" + (f"，待复核 {data['unconfirmed']} 笔"
                                          if data["unconfirmed"] else ""))
    return 0


def _report(args: argparse.Namespace) -> int:
    with open_database(args) as database, database.session() as session:
        report = year_report(session, args.year)
        if args.pdf or args.xlsx:
            from app.fund.printing import ledger_pdf, ledger_xlsx

            write_output(args.pdf, lambda: ledger_pdf(session, args.year))
            write_output(args.xlsx, lambda: ledger_xlsx(session, args.year))
            return 0
    if args.json:
        print_json(report)
        return 0
    print(f"{report.year}年互助金收支情况（{report.mode}）")
    print(f"上年结余：{format_yuan(report.opening)} 元")
    for title, part in (("收入", report.income), ("支出", report.expense)):
        for kind, amount in part.items():
            print(f"  {title}·{kind}：{format_yuan(amount)} 元")
    print(f"本年收入合计 {format_yuan(report.total_income)} 元，"
          f"支出合计 {format_yuan(report.total_expense)} 元")
    print(f"年末结余：{format_yuan(report.closing)} 元")
    print(f"捐款 {report.donors} 人次合计 {format_yuan(report.donations)} 元；"
          f"发放补助 {format_yuan(report.paid_out)} 元")
    if report.applications:
        print("补助申请：" + "，".join(f"{s} {n} 份" for s, n in report.applications.items()))
    if report.unconfirmed:
        print(f"注意：尚有 {report.unconfirmed} 笔账目待复核")
    return 0


def _application_row(application: apps.AidApplication) -> dict[str, Any]:
    return {
        "id": application.id, "number": application.number,
        "applicant": application.applicant_name, "reason": application.reason,
        "amount_requested": application.amount_requested,
        "approved_amount": application.approved_amount, "status": application.status,
        "next_step": apps.next_step(application), "applied_on": application.applied_on,
        "fund_mode": application.fund_mode,
        "steps": [{"action": s.action, "to": s.to_status, "date": s.date, "actor": s.actor,
                   "note": s.note} for s in application.steps if s.deleted_at is None],
    }


def _applications(args: argparse.Namespace) -> int:
    with open_database(args) as database, database.session() as session:
        rows = [_application_row(a) for a in apps.list_applications(session, args.year)]
    if args.json:
        print_json(rows)
        return 0
    print_table(["编号", "申请人", "事由", "申请金额", "批准金额", "状态", "下一步"],
                [[r["number"], r["applicant"], r["reason"], format_yuan(r["amount_requested"]),
                  format_yuan(r["approved_amount"]) if r["approved_amount"] else "—",
                  r["status"], r["next_step"] or "—"] for r in rows])
    print(f"共 {len(rows)} 份")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    fund = add_command(sub, "fund").add_subparsers(
        dest="fund_command", metavar="操作", required=True)
    p = fund.add_parser("balance", help="当前余额")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_balance)
    p = fund.add_parser("report", help="年度收支报告（可另存台账 PDF / Excel）")
    p.add_argument("--year", type=year_argument, default=dt.date.today().year)
    p.add_argument("--json", action="store_true")
    p.add_argument("--pdf", metavar="FILE", help="把该年度互助金台账写成 PDF")
    p.add_argument("--xlsx", metavar="FILE", help="把该年度互助金台账写成 Excel")
    p.set_defaults(handler=_report)
    p = fund.add_parser("applications", help="补助申请及其办理进度")
    p.add_argument("--year", type=year_argument, help="只列该年度提出的申请")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_applications)
