"""`branchdesk init`: the branch profile from options."""

import argparse
import datetime as dt

from app.cli.commands import add_command
from app.cli.common import date_argument, open_database
from app.profile import ProfileInput, save_profile


def _init(args: argparse.Namespace) -> int:
    committee = [{"post": "书记", "name": args.secretary}] if args.secretary else []
    data = ProfileInput(
        name=args.name, code=args.code, parent_committee=args.parent or "",
        city_committee=args.city_committee or "",
        term_start=args.term_start, started_on=args.start_date or dt.date.today(),
        committee=committee, groups=args.group or [],
    )
    with open_database(args, create=True) as database, database.session() as session:
        profile = save_profile(session, data)
        print(f"已保存支部信息：{profile.name}（{profile.code}）")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "init")
    p.add_argument("--name", required=True, help="支部全称（与印章一致）")
    p.add_argument("--code", required=True, help="支部代码")
    p.add_argument("--parent", help="上级机关党委")
    p.add_argument("--city-committee", help="市直机关工委")
    p.add_argument("--secretary", help="书记姓名")
    p.add_argument("--term-start", type=date_argument, help="本届任期开始日期 YYYY-MM-DD")
    p.add_argument("--start-date", type=date_argument,
                   help="启用日期 YYYY-MM-DD（默认今天；此前的期间不做按期检查）")
    p.add_argument("--group", action="append", help="党小组名称（可重复）")
    p.set_defaults(handler=_init)
