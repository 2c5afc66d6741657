"""`branchdesk members ...`: the roster from the command line."""

import argparse
import datetime as dt

from sqlalchemy.orm import Session

from app.cli import members_excel
from app.cli.commands import add_command
from app.cli.common import (
    date_argument,
    open_database,
    print_json,
    print_table,
    whole_number,
)
from app.members.history import PeriodInput, add_period, confirm_history_report, history_report
from app.members.rules import PERIOD_KINDS, PeriodKind, party_age
from app.members.service import list_members, member_as_dict
from app.members.standing import roster_on
from base.errors import UserError
from db.models import Member


def _list(args: argparse.Namespace) -> int:
    if args.on is not None:
        return _on(args)
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


def _on(args: argparse.Namespace) -> int:
    """The roster of a past date: who was a member, with which rights and posts."""
    with open_database(args) as database, database.session() as session:
        found = roster_on(session, args.on)
    if args.json:
        print_json([{"member_id": s.member_id, "name": s.name, "category": s.category,
                     "status": s.status, "voter": s.voter, "posts": list(s.posts)}
                    for s in found])
        return 0
    print(f"{args.on:%Y年%m月%d日}本支部在册党员：")
    print_table(["姓名", "人员类别", "党籍状态", "表决权", "支委职务"],
                [[s.name, s.category, s.status, "有" if s.voter else "无", "、".join(s.posts)]
                 for s in found])
    print(f"共 {len(found)} 人，其中有表决权 {sum(s.voter for s in found)} 人")
    return 0


def _member(session: Session, which: str) -> Member:
    member = session.get(Member, which)
    if member is None or member.deleted_at is not None:
        found = [m for m in list_members(session, include_left=True) if m.name == which]
        if len(found) > 1:
            raise UserError(f"有{len(found)}名党员叫“{which}”，"
                            "请改用党员 ID（见 members list --json）")
        member = found[0] if found else None
    if member is None:
        raise UserError(f"找不到党员“{which}”")
    return member


def _period(args: argparse.Namespace) -> int:
    if args.kind == PeriodKind.EXTENSION and args.months is None:
        raise UserError("延长预备期请用 --months 填写延长的月数（6—12）")
    with open_database(args) as database, database.session() as session:
        member = _member(session, args.member)
        add_period(session, member.id, PeriodInput(args.kind, args.date, args.end, args.months,
                                                   None, args.reference or ""))
        name, status = member.name, member.membership_status
    print(f"已登记：{name} {args.kind}（{args.date:%Y-%m-%d}）；当前党籍状态：{status}")
    return 0


def _report(args: argparse.Namespace) -> int:
    with open_database(args) as database, database.session() as session:
        lines = history_report(session)
        checked = confirm_history_report(session) if args.checked else 0
    if checked:
        print(f"已标记核对完毕（{checked}项），首页不再提醒。")
    else:
        print("\n".join(lines) if lines else "没有需要核对的事项（数据升级时党员历史均已推出，"
              "或已核对完毕）。")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    members = add_command(sub, "members").add_subparsers(
        dest="members_command", metavar="操作", required=True
    )
    p = members.add_parser("list", help="列出党员")
    p.add_argument("--json", action="store_true", help="以 JSON 输出全部字段")
    p.add_argument("--all", action="store_true", help="包括已转出、已去世的党员")
    p.add_argument("--on", type=date_argument,
                   help="列出某日的在册党员及当日的人员类别、表决权和支委职务（YYYY-MM-DD）")
    p.set_defaults(handler=_list)
    p = members.add_parser("period", help="登记延长预备期、留党察看或停止党籍")
    p.add_argument("member", help="党员姓名或 ID")
    p.add_argument("--kind", required=True, choices=[k.value for k in PERIOD_KINDS], help="类别")
    p.add_argument("--date", required=True, type=date_argument,
                   help="决定（开始）日期（YYYY-MM-DD）")
    p.add_argument("--months", type=whole_number(0, 999, "月数"),
                   help="延长预备期的月数（6—12）")
    p.add_argument("--end", type=date_argument, help="留党察看、停止党籍的结束日期")
    p.add_argument("--reference", help="批准情况，如批复文号")
    p.set_defaults(handler=_period)
    p = members.add_parser("history-report", help="数据升级时未能自动推出的党员历史")
    p.add_argument("--checked", action="store_true",
                   help="已逐项核对（补录了任职、起止日期等），首页不再提醒")
    p.set_defaults(handler=_report)
    members_excel.register(members)
