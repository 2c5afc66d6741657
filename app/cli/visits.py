"""`branchdesk visits …`: the visit register and the lists that drive the visiting work."""

import argparse
import datetime as dt

from app.cli.commands import add_command
from app.cli.common import open_database, print_json, print_table, write_output, year_argument
from app.visits import lists
from app.visits.festivals import FESTIVALS, upcoming
from app.visits.reports import register_rows
from base.errors import UserError
from base.money import ZERO, format_yuan


def _period(year: int | None) -> tuple[dt.date | None, dt.date | None]:
    return (dt.date(year, 1, 1), dt.date(year, 12, 31)) if year else (None, None)


def _list(args: argparse.Namespace) -> int:
    start, end = _period(args.year)
    with open_database(args) as database, database.session() as session:
        if args.pdf or args.xlsx:
            from app.visits.printing import register_pdf, register_xlsx

            if start is None or end is None:
                raise UserError("导出慰问登记簿请用 --year 指定年度")
            write_output(args.pdf, lambda: register_pdf(session, start, end))
            write_output(args.xlsx, lambda: register_xlsx(session, start, end))
            return 0
        rows = register_rows(session, start or dt.date.min, end or dt.date.max)
    if args.json:
        print_json(rows)
        return 0
    print_table(["日期", "类别", "慰问对象", "身份", "慰问金", "慰问品", "经费来源", "签收"],
                [[r.date, r.kind, r.name, r.identity, format_yuan(r.cash),
                  format_yuan(r.goods_value) if r.goods_value else "", r.source,
                  r.signed_name or "未签收" if r.cash else ""] for r in rows])
    print(f"共 {len(rows)} 人次，慰问金 {format_yuan(sum((r.cash for r in rows), ZERO))} 元")
    return 0


def _candidates(args: argparse.Namespace) -> int:
    today = dt.date.today()
    with open_database(args) as database, database.session() as session:
        if args.medal:
            year = args.year or today.year
            found = lists.medal_candidates(session, year, today)
            rows = [{"name": c.member.name, "full_date": c.full_date,
                     "party_years": c.party_years, "first_year": c.first_year,
                     "awarded_on": c.awarded_on, "left_out": c.left_out} for c in found]
            headers = ["姓名", "转正日期", f"{year}年7月1日党龄", "今年首次符合", "已颁发",
                       "不列入原因"]
            table = [[r["name"], r["full_date"], r["party_years"],
                      "是" if r["first_year"] else "", r["awarded_on"] or "", r["left_out"]]
                     for r in rows]
            title = (f"{year}年“光荣在党50年”纪念章候选人"
                     f"（转正日期不晚于{lists.medal_cutoff(year)}）")
        else:
            festival = args.festival
            year = args.year or upcoming(festival, today)
            targets = lists.festival_targets(session, festival, year)
            rows = [{"name": t.member.name, "label": t.label, "visited_on": t.visited_on}
                    for t in targets]
            headers = ["姓名", "类别", "已慰问"]
            table = [[r["name"], r["label"], r["visited_on"] or "未慰问"] for r in rows]
            title = f"{year}年{festival}慰问对象（老党员、困难党员）"
    if args.json:
        print_json(rows)
        return 0
    print(title)
    print_table(headers, table)
    print(f"共 {len(rows)} 人")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    visits = add_command(sub, "visits").add_subparsers(
        dest="visits_command", metavar="操作", required=True)
    p = visits.add_parser("list", help="慰问登记（每位慰问对象一行）")
    p.add_argument("--year", type=year_argument)
    p.add_argument("--json", action="store_true")
    p.add_argument("--pdf", metavar="FILE", help="把该年度慰问登记簿写成 PDF")
    p.add_argument("--xlsx", metavar="FILE", help="把该年度慰问登记簿写成 Excel")
    p.set_defaults(handler=_list)
    p = visits.add_parser("candidates", help="慰问名单：纪念章候选人或节日慰问对象")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--medal", action="store_true", help="“光荣在党50年”纪念章候选人")
    which.add_argument("--festival", choices=FESTIVALS, help="春节或七一的老党员、困难党员名单")
    p.add_argument("--year", type=year_argument)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_candidates)
