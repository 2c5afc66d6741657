"""`branchdesk sync …`: packages for the city, its return files, keys and status."""

import argparse
import hashlib
import sys
from pathlib import Path

from sqlalchemy import select

from app.cli.commands import add_command
from app.cli.common import open_database, print_json, print_table
from app.files import read_file, write_safely
from app.sync.envelope import unseal
from app.sync.export import export_package
from app.sync.identity import (
    branch_keys,
    branch_public_key_file,
    city_key,
    read_public_key_file,
    set_city_key,
)
from app.sync.labels import areas, message_label, table_label
from app.sync.receive import open_from_city, receive_return
from app.sync.restore import restore_from_city
from app.sync.status import history, sync_status
from app.sync.volumes import volume_of
from base.errors import UserError
from db.models import SyncExport


def confirm(question: str, assume_yes: bool) -> bool:
    if assume_yes:
        return True
    if not sys.stdin.isatty():
        return False
    return input(f"{question}（输入 y 确认）：").strip().lower() in ("y", "yes", "是")


def _export(args: argparse.Namespace) -> int:
    with open_database(args) as database:
        result = export_package(database, Path(args.to), full=args.full)
    files = f"，共 {len(result.paths)} 个文件" if len(result.paths) > 1 else ""
    print(f"已导出{result.numbers}数据包（{result.kind}{files}）：")
    for path in result.paths:
        print(f"  {path}")
    print(f"共 {result.record_count} 条记录，文件 {result.size} 字节，已读回校验。")
    for table, counts in result.counts.items():
        print(f"  {table_label(table)}：{counts['records']} 条"
              f"（其中删除 {counts['tombstones']} 条）")
    if result.missing_attachments:
        print(f"注意：{len(result.missing_attachments)} 个附件文件在本机缺失，未能随包导出。")
    return 0


def _verify(args: argparse.Namespace) -> int:
    data = read_file(args.file)
    sealed = unseal(data)
    digest = hashlib.sha256(data).hexdigest()
    with open_database(args) as database, database.session() as session:
        own = branch_keys(session).public
        if sealed.kind == "package":
            if sealed.sender.key_id != own.key_id:
                raise UserError("文件完整，签名有效，但不是本支部这台电脑导出的数据包。")
            city = city_key(session)
            row = session.scalars(select(SyncExport).where(SyncExport.sha256 == digest)).first()
            print("数据包完整：签名有效，与本支部密钥一致。内容已加密，只有工委能解开。")
            if city is not None and sealed.receiver_id != city.keys.key_id:
                print("注意：此数据包不是为当前导入的工委公钥加密的。")
            if row is not None:
                print(f"这是本支部第 {row.seq} 号数据包（{row.kind}，{row.record_count} 条记录）。")
        else:
            contents = open_from_city(session, data, sealed.kind)
            what = "回执文件" if sealed.kind == "return" else "恢复包"
            index, count = volume_of(contents.manifest)
            part = f"（共 {count} 个文件中的第 {index} 个）" if count > 1 else ""
            print(f"工委{what}{part}完整：工委签名有效，内容已解密并逐项校验"
                  f"（格式 {contents.manifest.get('format')}）。")
    print(f"SHA-256：{digest}")
    return 0


def _receive(args: argparse.Namespace) -> int:
    with open_database(args) as database:
        result = receive_return(database, args.file)
    note = "（此回执文件之前已导入过）" if result.already_received else ""
    print(f"已导入工委第 {result.return_seq} 号回执{note}。")
    if result.acknowledged:
        print("工委已确认收到：" + "、".join(f"第 {n} 号" for n in result.acknowledged) + "数据包")
    for kind, status, text in result.messages:
        print(f"  [{status}] {message_label(kind)}：{text}")
    return 0


def _status(args: argparse.Namespace) -> int:
    with open_database(args) as database, database.session() as session:
        status = sync_status(session)
        rows = [[e.seq, e.kind, f"{e.created_at:%Y-%m-%d %H:%M}", e.record_count, e.state,
                 e.file_name] for e in history(session)]
    if args.json:
        print_json(status)
        return 0
    print(f"本支部密钥指纹：{status['branch_fingerprint']}")
    city = status["city"]
    print(f"工委公钥：{city['name']}（指纹 {city['fingerprint']}）" if city
          else "工委公钥：尚未导入")
    pending = status["pending_changes"]
    print(f"待交工委的记录或修改：{sum(pending.values())} 项"
          + (f"（{areas(pending)}）" if pending else ""))
    if status["unacknowledged"]:
        print("已导出未确认：" + "、".join(f"第 {n} 号" for n in status["unacknowledged"]))
    if rows:
        print()
        print_table(["序号", "方式", "导出时间(UTC)", "记录数", "状态", "文件"], rows)
    return 0


def _key(args: argparse.Namespace) -> int:
    with open_database(args) as database, database.session() as session:
        fingerprint = branch_keys(session).public.fingerprint
        data = branch_public_key_file(session) if args.export else b""
    print(f"本支部密钥指纹：{fingerprint}")
    if args.export:
        write_safely(Path(args.export), data)
        print(f"已导出本支部公钥文件：{args.export}")
    return 0


def _city_key(args: argparse.Namespace) -> int:
    key = read_public_key_file(args.file, "city")
    print(f"工委：{key.name}")
    print(f"指纹：{key.keys.fingerprint}")
    if not confirm("请与工委公布的指纹逐位核对，一致吗？", args.yes):
        print("未导入。核对无误后可加 --yes 重新运行。")
        return 1
    with open_database(args) as database, database.session() as session:
        set_city_key(session, key)
    print("已导入工委公钥。")
    return 0


def _restore(args: argparse.Namespace) -> int:
    with open_database(args) as database:
        result = restore_from_city(database, args.file)
    total = sum(result.counts.values())
    files = f"（共 {len(result.files)} 个文件）" if len(result.files) > 1 else ""
    print(f"已从工委恢复包{files}恢复 {total} 条记录，附件 {result.attachments} 个。")
    for table, count in result.counts.items():
        print(f"  {table_label(table)}：{count} 条")
    if result.missing_packages:
        print(result.missing_note())
    for line in result.skipped:
        print(f"  未恢复：{line}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    sync = add_command(sub, "sync")
    cmds = sync.add_subparsers(dest="sync_command", metavar="操作", required=True)
    p = cmds.add_parser("export", help="导出数据包到文件夹（如U盘）")
    p.add_argument("--to", required=True, help="目标文件夹")
    p.add_argument("--full", action="store_true", help="全量导出（默认只导出上次以来的变更）")
    p.set_defaults(handler=_export)
    p = cmds.add_parser("verify", help="检查数据包或工委文件是否完整（不导入）")
    p.add_argument("file")
    p.set_defaults(handler=_verify)
    p = cmds.add_parser("receive", help="导入工委的回执文件")
    p.add_argument("file")
    p.set_defaults(handler=_receive)
    p = cmds.add_parser("status", help="同步状态")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_status)
    p = cmds.add_parser("key", help="显示本支部密钥指纹，或导出本支部公钥文件")
    p.add_argument("--export", metavar="FILE", help="导出公钥文件（恢复数据时交给工委）")
    p.set_defaults(handler=_key)
    p = cmds.add_parser("city-key", help="导入工委公钥文件")
    p.add_argument("file")
    p.add_argument("--yes", action="store_true", help="已核对指纹，不再询问")
    p.set_defaults(handler=_city_key)
    p = cmds.add_parser("restore", help="把工委生成的恢复包导入到空数据库")
    p.add_argument("file")
    p.set_defaults(handler=_restore)
