"""`branchdesk dues ...`: the monthly amount, arrears and the yearly report."""

import argparse
import datetime as dt

from app.cli.commands import add_command
from app.cli.common import date_argument, open_database, print_json, print_table, year_argument
from app.dues import config
from app.dues.arrears import CHARTER_ARTICLE_9, arrears
from app.dues.assessment import rate_text
from app.dues.months import span_label
from app.dues.report import year_report
from app.dues.rules import monthly_amount
from base.money import amount_in_words, parse_yuan


def _calc(args: argparse.Namespace) -> int:
    base = parse_yuan(args.base) if args.base is not None else None
    with open_database(args) as database, database.session() as session:
        rule_set = config.rule_set_for(session, args.year)
        unit = args.unit or config.rounding_unit(session)
        amount = monthly_amount(rule_set, args.category, base, unit)
    if args.json:
        print_json({"category": args.category, "base": base, "rule_set": rule_set.name,
                    "rate": rate_text(rule_set, args.category, base), "unit": unit,
                    "monthly_amount": amount, "in_words": amount_in_words(amount)})
        return 0
    basis = f"计算基数 {base:.2f} 元，" if base is not None else ""
    print(f"{args.category}：{basis}{rate_text(rule_set, args.category, base)}，"
          f"每月应交 {amount:.2f} 元（{amount_in_words(amount)}）")
    print(f"依据：{rule_set.name}（自{rule_set.effective:%Y年%m月%d日}起施行），舍入到{unit}")
    return 0


def _arrears(args: argparse.Namespace) -> int:
    as_of = args.as_of or dt.date.today()
    with open_database(args) as database, database.session() as session:
        found = arrears(session, as_of)
    if args.json:
        print_json([
            {"member_id": a.member_id, "name": a.name, "months": a.months,
             "from": str(a.run[0]), "to": str(a.run[-1]), "owed": a.run_owed,
             "level": a.level, "flagged": a.flagged, "suggested_topic": a.suggested_topic}
            for a in found
        ])
        return 0
    if not found:
        print(f"截至{as_of:%Y年%m月%d日}，没有连续未交党费达到提醒标准的党员。")
        return 0
    print_table(["姓名", "连续未交", "期间", "应交（元）", "级别"],
                [[a.name, f"{a.months}个月", span_label(a.run[0], a.run[-1]), f"{a.run_owed:.2f}",
                  a.level] for a in found])
    flagged = [a for a in found if a.flagged]
    if flagged:
        print()
        print(CHARTER_ARTICLE_9)
        print("建议提交支部党员大会的议题：")
        for a in flagged:
            print(f"  {a.suggested_topic}")
        print("本软件不会自动改变党员的党籍状态。")
    return 0


def _report(args: argparse.Namespace) -> int:
    with open_database(args) as database, database.session() as session:
        report = year_report(session, args.year)
    if args.json:
        print_json(report.as_dict())
        return 0
    b = report.balance
    print(f"{report.branch} {report.year}年度党费收缴情况（截至{report.as_of:%Y年%m月%d日}）")
    print_table(["项目", "金额（元）"], [
        ["应交党费", f"{report.due:.2f}"],
        ["实交党费", f"{report.paid:.2f}"],
        ["自愿多交", f"{report.voluntary:.2f}"],
        ["其中全部上缴中央", f"{b.central:.2f}"],
        ["欠交", f"{report.unpaid_owed:.2f}"],
        ["本年收到（按交纳日期）", f"{b.collected:.2f}"],
        [f"应上缴（比例 {b.share_percent}%）", f"{b.due_up:.2f}"],
        ["已上缴", f"{b.remitted:.2f}"],
        ["尚未上缴", f"{b.outstanding:.2f}"],
    ])
    print(f"党员 {len(report.rows)} 名，欠交 {report.members_in_arrears} 名，"
          f"减免 {report.reliefs} 项。")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    dues = add_command(sub, "dues").add_subparsers(
        dest="dues_command", metavar="操作", required=True
    )
    p = dues.add_parser("calc", help="按规则计算每月党费")
    p.add_argument("--category", required=True, help="党费类别，如 在职、离退休、学生")
    p.add_argument("--base", help="计算基数（元），按比例交纳的类别必填")
    p.add_argument("--year", type=year_argument, default=dt.date.today().year,
                   help="按哪一年施行的规则计算（默认今年）")
    p.add_argument("--unit", choices=("分", "角", "元"), help="舍入单位（默认取设置）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=_calc)
    p = dues.add_parser("arrears", help="连续未交党费的党员")
    p.add_argument("--as-of", type=date_argument, help="截至日期（默认今天），如 2026-11-25")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=_arrears)
    p = dues.add_parser("report", help="年度党费收缴情况")
    p.add_argument("--year", type=year_argument, required=True)
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=_report)

