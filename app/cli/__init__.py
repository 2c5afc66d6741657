"""The `branchdesk` command. With no subcommand it opens the GUI.

Exit codes: 0 ok, 1 bad input or a refusal (a message in Chinese on stderr).
"""

import argparse
import contextlib
import gc
import importlib
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NoReturn

import app
from app.cli import chinese_argparse
from app.cli.commands import COMMANDS, command_of
from base.errors import UserError
from base.log import get_logger, log_file, setup_logging
from base.os_errors import os_error_text

_log = get_logger("cli")


def split_global_options(argv: list[str]) -> tuple[str | None, list[str]]:
    """Take `--db PATH` (or `--db=PATH`) from anywhere on the line."""
    db: str | None = None
    rest: list[str] = []
    args = iter(argv)
    for arg in args:
        if arg == "--db":
            db = next(args, None)
            if db is None:
                raise SystemExit(_usage_error("--db 后面需要数据库文件路径"))
        elif arg.startswith("--db="):
            db = arg.split("=", 1)[1]
        else:
            rest.append(arg)
    return db, rest


def _usage_error(message: str) -> int:
    print(f"用法错误：{message}", file=sys.stderr)
    return 2


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; of the subcommands only `command`'s module is imported and registered,
    the others are listed with their help line."""
    chinese_argparse.install()
    parser = chinese_argparse.Parser(
        prog="branchdesk",
        description="支部工作台：不带子命令时打开图形界面。所有子命令都接受 --db 数据库文件。",
    )
    parser.add_argument("--city", action="store_true", help="以市直机关工委模式打开图形界面")
    parser.add_argument("--version", action=_ShowVersion,
                        help="显示版本号后退出")
    parser.add_argument(
        "--self-test", action="store_true", help="自检：在临时文件夹中试用全部主要功能后退出"
    )
    sub = parser.add_subparsers(dest="command", metavar="命令")
    chosen = COMMANDS[command].module if command in COMMANDS else None
    for name, entry in COMMANDS.items():
        if entry.module != chosen:
            sub.add_parser(name, help=entry.help)
        elif name == command:
            importlib.import_module(chosen).register(sub)
    return parser


class _ShowVersion(argparse.Action):
    """--version: the installed version is looked up (importlib.metadata) only when asked."""

    def __init__(self, option_strings: list[str], dest: str, help: str) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
        print(f"支部工作台 {app.__version__}")
        parser.exit()


def _launch_gui(db: str | None, city: bool) -> int:
    # The GUI lives outside the Qt-free core; it is looked up by name only when asked for.
    gui = importlib.import_module("ui.app")
    return int(gui.run(db_path=db, city=city))


def main(argv: Sequence[str] | None = None) -> int:
    db, rest = split_global_options(list(sys.argv[1:] if argv is None else argv))
    if not rest or rest == ["--city"]:
        return _launch_gui(db, city=bool(rest))
    try:
        # Inside: a number option's type raises UserError (exit 1), like the handlers do.
        with _collection_paused():
            parser = build_parser(command_of(rest))
        args = parser.parse_args(rest)
        if args.self_test:
            from app.selftest import run_self_test

            return 0 if run_self_test() else 1
        if args.command is None:
            return _launch_gui(db, city=args.city)
        args.db = db
        _start_log(db, rest)
        return int(args.handler(args) or 0)
    except UserError as exc:
        _log.warning("命令未完成：%s", exc.message)
        print(f"错误：{exc.message}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # `branchdesk members list | head`: the reader has gone; nothing more can be shown.
        _drop_stdout()
        with contextlib.suppress(OSError):
            print("输出已中断：接收输出的程序已关闭。", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"错误：{os_error_text(exc)}。", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已取消", file=sys.stderr)
        return 1
    except Exception:
        _log.exception("意外错误")
        where = log_file()
        print("错误：程序遇到意外错误，已保存的数据不受影响。"
              + (f"详细信息已记入日志文件：{where}" if where else ""), file=sys.stderr)
        return 1


def run() -> NoReturn:
    """The `branchdesk` program: main(), then an exit that leaves what is still in memory to
    the operating system instead of a last garbage collection (about 0.1 s a call)."""
    code = main()
    gc.freeze()
    raise SystemExit(code)


@contextlib.contextmanager
def _collection_paused() -> Iterator[None]:
    """Importing a command's modules (SQLAlchemy, the models) makes many objects and frees
    few: the cycle collector running through it is wasted time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _start_log(db: str | None, command: list[str]) -> None:
    """The log goes beside the database the command works on (the data folder by default)."""
    local = db is not None and "://" not in db
    setup_logging(Path(db).resolve().parent / "logs" if db is not None and local else None)
    _log.info("命令：%s", " ".join(command))


def _drop_stdout() -> None:
    """Point stdout at the null device, so the interpreter's final flush fails no more."""
    with contextlib.suppress(OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
