"""`branchdesk meetings ...`: meeting records and the compliance check."""

import argparse
import datetime as dt

from app.cli.commands import add_command
from app.cli.common import open_database, print_json, print_table, year_argument
from app.meetings.compliance import compliance
from app.meetings.detail import get_meeting_detail
from app.meetings.figures import recompute_comparison
from app.meetings.first_topic import check_first_topics
from app.meetings.listing import list_meetings
from app.meetings.search import mark, search_meetings
from app.meetings.snapshots import to_plain
from app.meetings.talks import talk_gaps
from app.meetings.text import minutes_text
from app.meetings.types import MEETING_TYPES
from base.errors import UserError


def _list(args: argparse.Namespace) -> int:
    if args.type and args.type not in MEETING_TYPES:
        raise UserError("会议类型应为：" + "、".join(MEETING_TYPES))
    with open_database(args) as database, database.session() as session:
        rows = list_meetings(session, year=args.year, meeting_type=args.type)
    if args.json:
        print_json(to_plain(rows))
        return 0
    print_table(["日期", "会议", "主题", "应到", "实到", "状态", "ID"],
                [[r.date, r.heading, r.title, r.expected, r.present,
                  r.status + ("·补录" if r.backdated else "") + ("·已修订" if r.amended else ""),
                  r.id] for r in rows])
    print(f"共 {len(rows)} 次")
    return 0


def _show(args: argparse.Namespace) -> int:
    with open_database(args) as database, database.session() as session:
        detail = get_meeting_detail(session, args.id)
        if args.recompute and not detail.is_final:
            raise UserError("草稿的结果总是按会议当日的名单计算；--recompute 只用于已定稿的记录")
        changes = recompute_comparison(session, args.id) if args.recompute else []
    if args.recompute:
        if args.json:
            print_json(to_plain(changes))
            return 0
        print_table(["项目", "定稿时", "按当日名单重新计算", "变化"],
                    [[c.label, c.frozen, c.recomputed, "有变化" if c.changed else ""]
                     for c in changes])
        print("（只是对照，记录未改动；如需采用，请在程序中“修订”时勾选重新计算）")
        return 0
    if args.json:
        print_json(to_plain(detail))
    else:
        print(minutes_text(detail))
    return 0


def _check(args: argparse.Namespace) -> int:
    with open_database(args) as database, database.session() as session:
        report = compliance(session, args.year)
        gaps = talk_gaps(session, args.year)
        topics = check_first_topics(session, args.year)
    if args.json:
        print_json(to_plain(report) | {"talk_gaps": to_plain(gaps),
                                       "第一议题": to_plain(topics)})
        return 0
    for row in report.rows:
        print(f"{row.label}（{row.frequency}）：" + "  ".join(
            f"{cell.period}{cell.state}" + (f"×{len(cell.meeting_ids)}"
                                            if len(cell.meeting_ids) > 1 else "")
            for cell in row.cells))
    overdue = report.overdue_texts()
    print()
    print("逾期未开：" + ("、".join(overdue) if overdue else "无"))
    talks = "；".join(gaps.texts()) or "支委之间、党员与支委均已谈心谈话"
    print(f"谈心谈话：{talks}")
    print(f"第一议题：应安排 {topics.required} 次，已安排 {topics.with_topic} 次" + (
        "；" + "、".join(gap.text for gap in topics.missing) if topics.missing else ""))
    return 0


def _search(args: argparse.Namespace) -> int:
    with open_database(args) as database, database.session() as session:
        hits = search_meetings(session, args.query, year=args.year)
    if args.json:
        print_json(to_plain(hits))
        return 0
    for hit in hits:
        more = f"（另有{hit.more}处）" if hit.more else ""
        print(f"{hit.date}  {hit.heading}  [{hit.kind}] {mark(hit.snippet, hit.spans, '【', '】')}"
              f"{more}  {hit.meeting_id}")
    print(f"共 {len(hits)} 次会议")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    meetings = add_command(sub, "meetings").add_subparsers(
        dest="meetings_command", metavar="操作", required=True)
    p = meetings.add_parser("list", help="列出会议")
    p.add_argument("--year", type=year_argument, help="只列出该年度")
    p.add_argument("--type", help="只列出该类型：" + "、".join(MEETING_TYPES))
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=_list)
    p = meetings.add_parser("show", help="显示一次会议的完整记录")
    p.add_argument("id", help="会议 ID（见 meetings list）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.add_argument("--recompute", action="store_true",
                   help="已定稿记录：对照定稿时的结果与按会议当日名单重新计算的结果")
    p.set_defaults(handler=_show)
    p = meetings.add_parser("check", help="检查某年度三会一课等是否按期召开")
    p.add_argument("--year", type=year_argument, default=dt.date.today().year,
                   help="年度，默认今年")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=_check)
    p = meetings.add_parser("search", help="全文搜索会议记录")
    p.add_argument("query", help="关键词")
    p.add_argument("--year", type=year_argument, help="只搜索该年度")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=_search)
