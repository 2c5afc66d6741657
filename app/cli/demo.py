"""`branchdesk demo`: fill a database with the demo branch."""

import argparse
import datetime as dt

from app.cli.common import open_database
from app.demo import build_demo


def _demo(args: argparse.Namespace) -> int:
    today = dt.date.fromisoformat(args.today) if args.today else None
    with open_database(args) as database:
        build_demo(database, today=today, seed=args.seed,
                   progress=lambda label: print(f"生成：{label}…"))
    print("演示数据已生成。")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="生成演示支部（约40名党员和十年记录）")
    p.add_argument("--seed", type=int, default=7, help="随机种子（相同种子生成相同数据）")
    p.add_argument("--today", help="以此日期为“今天”生成（YYYY-MM-DD）")
    p.set_defaults(handler=_demo)
