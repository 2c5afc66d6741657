"""argparse in Chinese: its usage lines, help headings and error messages.

argparse looks its texts up through the module-level names `_` and `ngettext` (gettext) at
the moment it prints them, so replacing those two translates every parser of the command.
The texts a user can meet are here; the rest (mistakes in building a parser) stay English.
"""

import argparse
import sys
from typing import NoReturn

TEXTS = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助后退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "one of the arguments %s is required": "以下参数须提供一个：%s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "无效的选择：%(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "后面需要一个值",
    "expected at least one argument": "后面至少需要一个值",
    "expected at most one argument": "后面至多一个值",
    "expected %s argument": "后面需要 %s 个值",
    "expected %s arguments": "后面需要 %s 个值",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ambiguous option: %(option)s could match %(matches)s":
        "选项 %(option)s 不明确，可能是：%(matches)s",
    "ignored explicit argument %r": "多余的值 %r",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
}


def _text(message: str) -> str:
    return TEXTS.get(message, message)


def _plural(singular: str, plural: str, count: int) -> str:
    return _text(singular if count == 1 else plural)


def install() -> None:
    argparse._ = _text  # type: ignore[attr-defined]
    argparse.ngettext = _plural  # type: ignore[attr-defined]


class Parser(argparse.ArgumentParser):
    """A parser whose usage errors exit with 1, like every other refusal of bad input (argparse
    itself uses 2); its subcommands' parsers are of this class too."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(1, f"{self.prog}：错误：{message}\n")
