"""`branchdesk service …`: volunteer service records, the year's summary, and adding a record
from a script."""

import argparse
import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from app.cli.commands import add_command
from app.cli.common import (
    date_argument,
    open_database,
    print_json,
    print_table,
    whole_number,
    write_output,
    year_argument,
)
from app.members.service import list_members
from app.service.records import (
    MAX_DEEDS,
    ActivityInput,
    ParticipantInput,
    list_activities,
    live_participants,
    save_activity,
)
from app.service.rules import hours_text
from app.service.summary import service_summary
from base.errors import UserError


def _activity_rows(session: Session, year: int | None) -> list[dict[str, Any]]:
    return [{"id": a.id, "date": a.date, "community": a.community, "kind": a.kind,
             "members": [p.member.name for p in live_participants(a)],
             "hours": sum(p.minutes for p in live_participants(a)) / 60,
             "deeds": a.deeds, "content": a.content} for a in list_activities(session, year)]


def _list(args: argparse.Namespace) -> int:
    with open_database(args) as database, database.session() as session:
        if args.pdf or args.xlsx:
            from app.service.printing import register_pdf, register_xlsx

            if not args.year:
                raise UserError("导出志愿服务登记簿请用 --year 指定年度")
            write_output(args.pdf, lambda: register_pdf(session, args.year))
            write_output(args.xlsx, lambda: register_xlsx(session, args.year))
            return 0
        rows = _activity_rows(session, args.year)
    if args.json:
        print_json(rows)
        return 0
    print_table(["日期", "社区", "活动类型", "参加党员", "时长（小时）", "办实事", "服务内容"],
                [[r["date"], r["community"], r["kind"], "、".join(r["members"]),
                  f"{r['hours']:g}", r["deeds"] or "", r["content"]] for r in rows])
    print(f"共 {len(rows)} 次，{sum(len(r['members']) for r in rows)} 人次")
    return 0


def _summary(args: argparse.Namespace) -> int:
    with open_database(args) as database, database.session() as session:
        summary = service_summary(session, args.year)
    by_kind = {kind: {"活动次数": t.activities, "人次": t.person_times,
                      "时长": float(t.hours)} for kind, t in summary.by_kind.items()}
    data = {"年度": summary.year, "活动次数": summary.activities, "人次": summary.person_times,
            "时长": float(summary.hours),
            "微心愿": {"认领": summary.wishes_claimed, "完成": summary.wishes_done},
            "问题": {"发现": summary.problems_found, "解决": summary.problems_solved},
            "办实事": summary.deeds, "按活动类型": by_kind}
    if args.json:
        print_json(data)
        return 0
    print(f"{summary.year}年志愿服务：活动 {summary.activities} 次，{summary.person_times} 人次，"
          f"时长 {hours_text(summary.minutes)} 小时")
    print(f"微心愿：认领 {summary.wishes_claimed} 个，完成 {summary.wishes_done} 个；"
          f"社区问题：发现 {summary.problems_found} 个，解决 {summary.problems_solved} 个；"
          f"办实事 {summary.deeds} 件")
    print_table(["活动类型", "活动次数", "人次", "时长（小时）"],
                [[kind, t["活动次数"], t["人次"], f"{t['时长']:g}"] for kind, t in by_kind.items()])
    return 0


def _member_ids(session: Session, names: str, day: dt.date) -> list[str]:
    """Members named (、 or , separated) among those on the roster that day."""
    wanted = [n.strip() for n in names.replace("，", ",").replace("、", ",").split(",")
              if n.strip()]
    if not wanted:
        raise UserError("请用 --members 写明参加服务的党员姓名（用顿号或逗号分隔）")
    ids = []
    for name in wanted:
        found = [m for m in list_members(session, include_left=True) if m.name == name]
        if not found:
            raise UserError(f"党员名册中没有“{name}”")
        if len(found) > 1:
            raise UserError(f"名册中有{len(found)}位“{name}”，请在程序中登记")
        ids.append(found[0].id)
    return ids


def _add(args: argparse.Namespace) -> int:
    with open_database(args) as database, database.session() as session:
        data = ActivityInput(args.date, args.community, args.type, [], args.content or "",
                             args.deeds)
        data.participants = [ParticipantInput(member_id, args.hours)
                             for member_id in _member_ids(session, args.members, args.date)]
        activity = save_activity(session, data)
        print(f"已登记：{activity.date} {activity.kind}，{len(data.participants)} 人参加。"
              f"ID {activity.id}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    service = add_command(sub, "service").add_subparsers(
        dest="service_command", metavar="操作", required=True)
    p = service.add_parser("list", help="列出志愿服务记录；--pdf/--xlsx 导出年度登记簿")
    p.add_argument("--year", type=year_argument, help="只列出该年度")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.add_argument("--pdf", metavar="FILE", help="把该年度登记簿存为 PDF")
    p.add_argument("--xlsx", metavar="FILE", help="把该年度登记簿存为 Excel")
    p.set_defaults(handler=_list)
    p = service.add_parser("summary", help="年度汇总：人次、时长、微心愿、问题解决、按活动类型")
    p.add_argument("--year", type=year_argument, required=True, help="年度")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=_summary)
    p = service.add_parser("add", help="登记一次志愿服务")
    p.add_argument("--date", type=date_argument, required=True, help="服务日期（YYYY-MM-DD）")
    p.add_argument("--community", required=True, help="服务社区")
    p.add_argument("--type", required=True, help="活动类型（见“设置 → 志愿服务”）")
    p.add_argument("--members", required=True, help="参加党员姓名，用顿号或逗号分隔")
    p.add_argument("--hours", required=True, help="每人服务时长（小时，如 2 或 1.5）")
    p.add_argument("--deeds", type=whole_number(0, MAX_DEEDS, "办实事件数"), default=0,
                   help="办实事件数，默认 0")
    p.add_argument("--content", help="服务内容")
    p.set_defaults(handler=_add)
