"""`branchdesk members import FILE [--sheet 名称或序号] [--dry-run]` and `members export FILE`."""

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import open_database
from base.errors import UserError

if TYPE_CHECKING:  # the Excel modules load openpyxl: only the commands that use it import it
    from app.members.excel import ImportPreview


def xlsx_path(text: str) -> Path:
    path = Path(text)
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"“{path.name}”不是 .xlsx 文件：名册只支持 Excel 2007 及以后的 .xlsx 格式")
    return path


def _print_preview(preview: "ImportPreview") -> None:
    print(f"文件：{preview.file_name}，工作表“{preview.sheet}”，表头在{preview.header.rows_text}")
    print("识别的列：" + "、".join(preview.columns))
    for note in preview.notes:
        print(f"注意：{note}")
    if preview.new_groups:
        print("将新建党小组：" + "、".join(preview.new_groups))
    for row in preview.rows:
        who = f"第{row.row}行 {row.data.name or '（无姓名）'}"
        for message in row.errors:
            print(f"{who}  错误：{message}")
        for message in row.warnings:
            print(f"{who}  提醒：{message}")
    print(preview.summary())


def _import(args: argparse.Namespace) -> int:
    from app.members.excel import import_rows, preview_roster
    from app.members.excel_sheets import UnclearSheet

    path = xlsx_path(args.file)
    with open_database(args) as database, database.session() as session:
        try:
            preview = preview_roster(session, path, sheet=args.sheet)
        except UnclearSheet as exc:
            raise UserError(f"{exc.message}\n请用 --sheet 名称或序号 指定，"
                            f"例如 --sheet {exc.sheets[0].number}") from None
        _print_preview(preview)
        if args.dry_run:
            if not preview.valid_rows:
                raise UserError("没有可以导入的行")
            print("试运行：未保存任何数据")
            return 0
        count = import_rows(session, preview)
    print(f"已导入 {count} 名党员")
    return 0


def _export(args: argparse.Namespace) -> int:
    from app.members.excel_export import export_roster

    path = xlsx_path(args.file)
    with open_database(args) as database, database.session() as session:
        count = export_roster(session, path)
    print(f"已导出 {count} 名党员到 {path}")
    return 0


def register(members: argparse._SubParsersAction) -> None:
    p = members.add_parser("import", help="从 Excel 名册导入党员（先检查，再导入全部有效行）")
    p.add_argument("file", metavar="FILE", help=".xlsx 文件")
    p.add_argument("--sheet", metavar="名称或序号",
                   help="要导入的工作表（名称，或从 1 起的序号）；不指定时自动选择")
    p.add_argument("--dry-run", action="store_true", help="只检查并列出问题，不保存")
    p.set_defaults(handler=_import)
    p = members.add_parser("export", help="导出党员名册（全国党员信息16项及常用项）到 Excel")
    p.add_argument("file", metavar="FILE", help="要写入的 .xlsx 文件")
    p.set_defaults(handler=_export)
