"""`branchdesk recruits list|check`: the 发展党员 tracks and what departs from the 细则."""

import argparse
import dataclasses
import datetime as dt

from app.cli.commands import add_command
from app.cli.common import date_argument, open_database, print_json, print_table
from app.recruits.checks import check_tracks
from app.recruits.listing import track_rows


def _list(args: argparse.Namespace) -> int:
    with open_database(args) as database, database.session() as session:
        rows = track_rows(session)
    if not args.all:
        rows = [r for r in rows if r.next_step]
    if args.json:
        print_json([dataclasses.asdict(r) for r in rows])
        return 0
    print_table(["姓名", "身份", "阶段", "下一步", "最早", "最迟"],
                [[r.name, r.identity, r.stage, r.next_step or "（已完成）", r.earliest or "",
                  r.latest or ""] for r in rows])
    print(f"共 {len(rows)} 人")
    return 0


def _check(args: argparse.Namespace) -> int:
    with open_database(args) as database, database.session() as session:
        found = check_tracks(session, args.on or dt.date.today())
    if args.json:
        print_json([dataclasses.asdict(v) for v in found])
        return 0
    for v in found:
        print(f"{v.name}  {v.step}  [{v.kind}] {v.message}\n    依据：{v.rule}")
    print(f"发现 {len(found)} 处问题" if found else "未发现问题")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    recruits = add_command(sub, "recruits").add_subparsers(
        dest="recruits_command", metavar="操作", required=True)
    p = recruits.add_parser("list", help="列出发展党员：姓名、阶段、下一步及其期限")
    p.add_argument("--all", action="store_true", help="也列出已转正和已停止发展的人")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=_list)
    p = recruits.add_parser("check", help="按《发展党员工作细则》检查程序和时限")
    p.add_argument("--on", type=date_argument, help="按该日检查（默认今天），如 2026-11-25")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=_check)
