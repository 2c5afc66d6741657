"""`branchdesk print ...`: minutes, sign-in sheets, the roster and the yearly book as PDF.

(Not named print.py: a submodule named print would shadow print() inside app.cli.)
"""

import argparse
import datetime as dt
from pathlib import Path

from app.cli.commands import add_command
from app.cli.common import date_argument, open_database, whole_number, year_argument
from app.files import write_safely
from base.errors import UserError


def _write(path: str, pdf: bytes) -> None:
    target = Path(path)
    if target.suffix.lower() != ".pdf":
        raise UserError("输出文件名应以 .pdf 结尾")
    if not target.parent.is_dir():
        raise UserError(f"找不到输出文件夹：{target.parent}")
    write_safely(target, pdf)
    print(f"已生成：{target}（{len(pdf) // 1024} KB）")


def _minutes(args: argparse.Namespace) -> int:
    from app.meetings.minutes import minutes_pdf

    with open_database(args) as database, database.session() as session:
        pdf = minutes_pdf(session, args.id, version=args.version)
    _write(args.output, pdf)
    return 0


def _signin(args: argparse.Namespace) -> int:
    from app.meetings.signin import meeting_signin_pdf

    with open_database(args) as database, database.session() as session:
        pdf = meeting_signin_pdf(session, args.id)
    _write(args.output, pdf)
    return 0


def _book(args: argparse.Namespace) -> int:
    from app.meetings.yearbook import yearbook_pdf

    with open_database(args) as database, database.session() as session:
        pdf = yearbook_pdf(session, args.year, today=dt.date.today())
    _write(args.output, pdf)
    return 0


def _roster(args: argparse.Namespace) -> int:
    from app.members.printing import roster_pdf

    with open_database(args) as database, database.session() as session:
        pdf = roster_pdf(session, args.date or dt.date.today())
    _write(args.output, pdf)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "print")
    kinds = p.add_subparsers(dest="print_command", metavar="文档", required=True)
    minutes = kinds.add_parser("minutes", help="一次会议的会议记录")
    minutes.add_argument("id", help="会议ID（见 meetings list）")
    minutes.add_argument("--version", type=whole_number(1, 9999, "版本号"),
                         help="打印定稿后的第N版（默认当前内容）")
    minutes.add_argument("-o", "--output", required=True, help="输出的PDF文件")
    minutes.set_defaults(handler=_minutes)
    signin = kinds.add_parser("signin", help="一次会议的签到表")
    signin.add_argument("id", help="会议ID（见 meetings list）")
    signin.add_argument("-o", "--output", required=True, help="输出的PDF文件")
    signin.set_defaults(handler=_signin)
    roster = kinds.add_parser("roster", help="党员名册（按党小组，横向A4）")
    roster.add_argument("--date", type=date_argument, help="统计日期（默认今天），如 2026-11-25")
    roster.add_argument("-o", "--output", required=True, help="输出的PDF文件")
    roster.set_defaults(handler=_roster)
    book = kinds.add_parser("book", help="年度党支部工作记录（全年会议记录汇编）")
    book.add_argument("--year", type=year_argument, required=True, help="年度，例如 2026")
    book.add_argument("-o", "--output", required=True, help="输出的PDF文件")
    book.set_defaults(handler=_book)
