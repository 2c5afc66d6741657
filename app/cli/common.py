"""Helpers shared by the subcommands: opening the databases, printing JSON and tables."""

import argparse
import dataclasses
import datetime as dt
import getpass
import json
import os
import re
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.files import write_safely
from app.lock import service as lock
from app.lock.service import PASSWORD_ENV
from base.errors import UserError
from base.paths import data_dir, default_database
from db import cipher
from db.city.database import CityDatabase
from db.database import Database

CITY_DATABASE = "city.db"
_DIGITS = re.compile(r"[0-9]{1,12}")


def date_argument(text: str) -> dt.date:
    """argparse type of a date option: 2026-11-25; a wrong one is a usage error in Chinese."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”不对，应写成 2026-11-25") from None


def year_argument(text: str) -> int:
    """argparse type of a --year option: a year the branch can have records of."""
    if not _DIGITS.fullmatch(text.strip()) or not 1921 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(f"年份“{text}”不对，应为四位数字，如 2026")
    return int(text)


def whole_number(low: int, high: int, what: str) -> Callable[[str], int]:
    """argparse type of a number option within [low, high]; anything else (1e30, -1, 十)
    is refused in Chinese with exit code 1, like a wrong amount."""

    def parse(text: str) -> int:
        digits = text.strip()
        if not _DIGITS.fullmatch(digits) or not low <= int(digits) <= high:
            raise UserError(f"{what}“{text}”不对，应为 {low} 到 {high} 之间的整数")
        return int(digits)

    return parse


def ask_passphrase(prompt: str, twice: bool = False) -> str:
    """From the terminal without echo; from standard input when it is not a terminal."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(f"{prompt}：")
    if twice and getpass.getpass("请再输入一次：") != first:
        raise UserError("两次输入的口令不一致。")
    return first


def ask_password(prompt: str = "密码", env: str = PASSWORD_ENV, twice: bool = False) -> str:
    """A password: from the environment variable `env` for scripts, else asked (never an
    argument on the command line, where other users of the PC could see it)."""
    given = os.environ.get(env)
    if given is not None:
        return given
    return ask_passphrase(prompt, twice)


def database_key(path: Path) -> bytes | None:
    """The key of a database with a password (asked for), None for a plain one."""
    if not lock.is_protected(path):
        return None
    return cipher.unlock(path, ask_password(f"数据库“{path.name}”的密码"))


def database_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if getattr(args, "db", None) else default_database()


def open_database(args: argparse.Namespace, *, create: bool = False) -> Database:
    """The database of `--db` (or the default one); only `init` and `demo` may create it."""
    path = database_path(args)
    database = Database.open(path, create=create, key=database_key(path.resolve()))
    database.actor = "命令行"
    return database


def open_city(args: argparse.Namespace, *, create: bool = False, unlock: bool = True
              ) -> CityDatabase:
    """The city database of `--db`; only `city init` and `demo --city` may create it.
    With a city password, it is asked (or read from BRANCHDESK_CITY_PASSWORD) unless
    `unlock` is false."""
    database = CityDatabase.open(args.db or data_dir() / CITY_DATABASE, create=create)
    if unlock:
        try:
            unlock_city(database)
        except BaseException:
            database.close()
            raise
    return database


def unlock_city(database: CityDatabase) -> None:
    from app.city import key_lock

    if key_lock.needs_password(database):
        key_lock.unlock(database, ask_password("工委密码", key_lock.CITY_PASSWORD_ENV))


def write_output(path: str | None, build: Callable[[], bytes]) -> None:
    """Write the file an option asked for (nothing when it was not given) and say so."""
    if path:
        write_safely(Path(path), build())
        print(f"已写入：{path}")


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=_plain))


def print_table(headers: list[str], rows: list[list[Any]]) -> None:
    """A plain text table; widths count CJK characters as two columns."""

    def width(text: str) -> int:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)

    cells = [[str(c) for c in row] for row in rows]
    widths = [max([width(h)] + [width(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def line(row: list[str]) -> str:
        return "  ".join(c + " " * (w - width(c)) for c, w in zip(row, widths, strict=True))

    print(line(headers).rstrip())
    for row in cells:
        print(line(row).rstrip())
