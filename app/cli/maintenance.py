"""`branchdesk backup` and `branchdesk check`."""

import argparse

from app.checks import all_problems
from app.cli.commands import add_command
from app.cli.common import open_database


def _backup(args: argparse.Namespace) -> int:
    with open_database(args) as database:
        path = database.backups.take("manual")
    print(f"已备份并校验：{path}")
    return 0


def _check(args: argparse.Namespace) -> int:
    with open_database(args) as database, database.session() as session:
        problems = all_problems(session)
    if not problems:
        print("检查通过：数据库完整，未发现问题。")
        return 0
    for problem in problems:
        print(problem)
    print(f"共发现 {len(problems)} 个问题。")
    return 1


def register(sub: argparse._SubParsersAction) -> None:
    add_command(sub, "backup").set_defaults(handler=_backup)
    add_command(sub, "check").set_defaults(handler=_check)
