"""`branchdesk members ...`: the roster from the command line."""

import argparse
import datetime as dt

from app.cli import members_excel
from app.cli.commands import add_command
from app.cli.common import open_database, print_json, print_table
from app.members.rules import party_age
from app.members.service import list_members, member_as_dict


def _list(args: argparse.Namespace) -> int:
    with open_database(args) as database, database.session() as session:
        members = list_members(session, include_left=args.all)
        if args.json:
            print_json([member_as_dict(m) for m in members])
            return 0
        today = dt.date.today()
        print_table(
            ["姓名", "性别", "人员类别", "党小组", "入党日期", "党龄", "联系电话"],
            [[m.name, m.gender, m.category, m.group.name if m.group else "",
              m.join_date, party_age(m, today) or "", m.phone] for m in members],
        )
        print(f"共 {len(members)} 人")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    members = add_command(sub, "members").add_subparsers(
        dest="members_command", metavar="操作", required=True
    )
    p = members.add_parser("list", help="列出党员")
    p.add_argument("--json", action="store_true", help="以 JSON 输出全部字段")
    p.add_argument("--all", action="store_true", help="包括已转出、已去世的党员")
    p.set_defaults(handler=_list)
    members_excel.register(members)
