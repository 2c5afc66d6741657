"""Helpers shared by the subcommands: opening the databases, printing JSON and tables."""

import argparse
import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.files import write_safely
from base.paths import data_dir, default_database
from db.city.database import CityDatabase
from db.database import Database

CITY_DATABASE = "city.db"


def date_argument(text: str) -> dt.date:
    """argparse type of a date option: 2026-11-25; a wrong one is a usage error in Chinese."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”不对，应写成 2026-11-25") from None


def year_argument(text: str) -> int:
    """argparse type of a --year option: a year the branch can have records of."""
    if not text.strip().isdigit() or not 1921 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(f"年份“{text}”不对，应为四位数字，如 2026")
    return int(text)


def database_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if getattr(args, "db", None) else default_database()


def open_database(args: argparse.Namespace) -> Database:
    database = Database.open(database_path(args))
    database.actor = "命令行"
    return database


def open_city(args: argparse.Namespace) -> CityDatabase:
    return CityDatabase.open(args.db or data_dir() / CITY_DATABASE)


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
