"""The subcommands: each name with the module that defines it and its line in `--help`.

The parser imports only the module of the command asked for; the other commands appear in
the help from this table alone, so `branchdesk --version` or `--help` loads no database or
PDF library.
"""

import argparse
from typing import Any, NamedTuple


class Command(NamedTuple):
    module: str
    help: str


COMMANDS: dict[str, Command] = {
    "init": Command("app.cli.branch", "设置支部基本信息"),
    "members": Command("app.cli.members", "党员名册"),
    "meetings": Command("app.cli.meetings", "会议记录和三会一课检查"),
    "recruits": Command("app.cli.recruits", "发展党员：从入党申请到转正的程序和时限"),
    "print": Command("app.cli.printing", "生成会议记录、签到表、党员名册、年度工作记录的PDF"),
    "dues": Command("app.cli.dues", "党费"),
    "fund": Command("app.cli.fund", "互助金：余额、年度报告、补助申请"),
    "visits": Command("app.cli.visits", "慰问：登记簿和慰问名单"),
    "service": Command("app.cli.service", "双报到志愿服务：记录、年度汇总和登记"),
    "sync": Command("app.cli.sync", "与工委同步：导出数据包、导入回执、查看状态"),
    "city": Command("app.cli.city", "工委端：导入各支部数据包、回执、汇总报表（--db 为工委"
                                    "数据库文件或 postgresql:// 地址）"),
    "backup": Command("app.cli.maintenance", "立即备份数据库（并校验备份）"),
    "check": Command("app.cli.maintenance", "检查数据库完整性和数据规则"),
    "password": Command("app.cli.password", "密码保护：设置、修改、取消密码，用恢复密钥找回"),
    "demo": Command("app.cli.demo", "生成演示支部（约40名党员和十年记录，三年与工委同步）；"
                                    "--city 生成演示工委"),
}


def add_command(sub: argparse._SubParsersAction, name: str, **options: Any
                ) -> argparse.ArgumentParser:
    """The parser of one command, with its help line from the table."""
    return sub.add_parser(name, help=COMMANDS[name].help, **options)


def command_of(argv: list[str]) -> str | None:
    """The subcommand named on the line: the first word that is not an option (no top-level
    option takes a value once --db is taken out)."""
    return next((arg for arg in argv if not arg.startswith("-")), None)
