"""`branchdesk demo`: fill a database with the demo branch, or (--city) with the demo city."""

import argparse
import datetime as dt

from app.cli.commands import add_command
from app.cli.common import date_argument, open_database, whole_number
from app.demo import build_demo
from base.errors import UserError


def _progress(label: str) -> None:
    print(f"生成：{label}…", flush=True)


def _demo(args: argparse.Namespace) -> int:
    today = args.today
    if args.city:
        return _city_demo(args, today)
    if args.branches is not None:
        raise UserError("--branches 只用于工委演示数据（--city）。")
    with open_database(args, create=True) as database:
        build_demo(database, today=today, seed=args.seed, progress=_progress)
    print("演示数据已生成。")
    return 0


def _city_demo(args: argparse.Namespace, today: dt.date | None) -> int:
    from app.cli.common import open_city
    from app.demo.city import DEFAULT_BRANCHES, build_city_demo

    branches = DEFAULT_BRANCHES if args.branches is None else args.branches
    with open_city(args, create=True) as city:
        build_city_demo(city, branches, today=today, seed=args.seed, progress=_progress)
    print(f"工委演示数据已生成：{branches} 个支部。用 branchdesk --city 打开工委端查看。")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "demo")
    p.add_argument("--seed", type=whole_number(0, 2**31, "随机种子"), default=7,
                   help="随机种子（相同种子生成相同数据）")
    p.add_argument("--today", type=date_argument, help="以此日期为“今天”生成（YYYY-MM-DD）")
    # SUPPRESS: `branchdesk --city demo` (the program's own --city) means the same.
    p.add_argument("--city", action="store_true", default=argparse.SUPPRESS,
                   help="生成工委端演示数据库：演示工委密钥和几个已同步三年的演示支部")
    p.add_argument("--branches", type=whole_number(0, 999, "支部数"), metavar="N",
                   help="工委演示中的支部数（默认 5 个，最多 8 个）")
    p.set_defaults(handler=_demo)
