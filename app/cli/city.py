"""`branchdesk city …`: the city's database (SQLite file or postgresql:// URL given by --db)."""

import argparse
from pathlib import Path

from app.cli import city_fund, city_password
from app.cli.commands import add_command
from app.cli.common import (
    ask_passphrase,
    date_argument,
    open_city,
    print_json,
    print_table,
    year_argument,
)
from app.cli.sync import confirm
from app.files import read_file, write_safely
from app.sync.format import PACKAGE_SUFFIX
from app.sync.keys import import_private, read_public_key_file
from app.sync.volumes import number_ranges
from base.errors import UserError


def _init(args: argparse.Namespace) -> int:
    from app.city.keys import city_public_key_file, init_city

    public_key = Path(args.public_key)
    if public_key.exists() and not args.force:
        raise UserError(f"公钥文件“{public_key}”已存在，未做任何更改。若确要覆盖，请加 --force；"
                        "或用 --public-key 指定另一个文件。")
    restore = None
    if args.restore_key:
        restore = import_private(read_file(args.restore_key), ask_passphrase("备份口令"))
    with open_city(args, create=True) as database, database.session() as session:
        pair = init_city(session, args.name, restore)
        public = city_public_key_file(session)
    write_safely(public_key, public)
    print(f"工委密钥已{'恢复' if restore else '创建'}。指纹：{pair.public.fingerprint}")
    print(f"公钥文件：{args.public_key}（发给各支部导入；请同时公布上面的指纹供核对）")
    if not restore:
        print("请立即用 branchdesk city backup-key -o 文件 备份私钥，并离线保存。")
    return 0


def _backup_key(args: argparse.Namespace) -> int:
    from app.city.keys import export_backup

    passphrase = ask_passphrase("设置备份口令（至少 8 个字符）", twice=True)
    with open_city(args) as database, database.session() as session:
        data = export_backup(session, passphrase)
    write_safely(Path(args.output), data)
    print(f"已写入私钥备份：{args.output}")
    print(data.split(b"\n\n", 1)[0].decode())
    return 0


def _public_key(args: argparse.Namespace) -> int:
    from app.city.keys import city_public_key_file

    with open_city(args) as database, database.session() as session:
        data = city_public_key_file(session)
    write_safely(Path(args.output), data)
    print(f"已导出工委公钥文件：{args.output}")
    return 0


def _trust(args: argparse.Namespace) -> int:
    from app.city.keys import trust_branch

    with open_city(args) as database, database.session() as session:
        branch = trust_branch(session, args.code, args.fingerprint, args.name or "")
    print(f"已确认支部 {branch.code} 的密钥指纹，之后可导入该支部的数据包。")
    return 0


def package_paths(items: list[str]) -> list[Path]:
    paths: list[Path] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            paths += sorted(path.glob(f"*{PACKAGE_SUFFIX}"))
        else:
            paths.append(path)
    if not paths:
        raise UserError("没有找到数据包（.bdsync 文件）。")
    return paths


def _ask_key(question: object) -> bool:
    from app.city.keys import KeyQuestion

    assert isinstance(question, KeyQuestion)
    if question.previous_fingerprint:
        print(f"支部“{question.name}”（{question.code}）更换了密钥。"
              f"原指纹 {question.previous_fingerprint}，新指纹 {question.fingerprint}")
    else:
        print(f"首次收到支部“{question.name}”（{question.code}）的数据包，"
              f"密钥指纹 {question.fingerprint}")
    return confirm("请与支部书记出示的指纹逐位核对，一致吗？", False)


def _import(args: argparse.Namespace) -> int:
    from app.city.import_report import pdf_report, text_report
    from app.city.importer import import_packages
    from app.city.keys import city_identity
    from app.city.returns import write_return

    paths = package_paths(args.paths)
    with open_city(args) as database:
        results = import_packages(database, paths, dry_run=args.dry_run, confirm_key=_ask_key)
        print(text_report(results, args.dry_run), end="")
        with database.session() as session:
            city_name = city_identity(session).name
            if not args.dry_run:
                done = {r.branch_code: Path(r.path).parent for r in results if r.ok}
                for code, folder in sorted(done.items()):
                    out = write_return(session, code, Path(args.returns) if args.returns
                                       else folder)
                    print(f"回执文件：{out}")
    if args.pdf:
        write_safely(Path(args.pdf), pdf_report(results, args.dry_run, city_name))
        print(f"导入报告（PDF）：{args.pdf}")
    return 0 if all(r.ok for r in results) else 1


def _branches(args: argparse.Namespace) -> int:
    from app.city.overview import branch_rows

    with open_city(args) as database, database.session() as session:
        rows = branch_rows(session)
    if args.json:
        print_json(rows)
        return 0
    print_table(["代码", "支部", "密钥指纹", "最后序号", "最后导入(UTC)", "缺号", "待下发"],
                [[r["code"], r["name"], r["fingerprint"], r["last_seq"],
                  r["last_import_at"][:16].replace("T", " ") if r["last_import_at"] else "—",
                  "、".join(map(str, r["missing"])) or "—", r["pending_messages"]]
                 for r in rows])
    return 0


def _report(args: argparse.Namespace) -> int:
    from app.city.report import text_lines, write_xlsx, year_report

    with open_city(args) as database, database.session() as session:
        report = year_report(session, args.year)
    if args.xlsx:
        write_xlsx(report, Path(args.xlsx))
        print(f"已写入：{args.xlsx}")
    elif args.json:
        print_json(report)
    else:
        print("\n".join(text_lines(report)))
    return 0


def _restore_package(args: argparse.Namespace) -> int:
    from app.city.importer import missing_sequences
    from app.city.restore import restore_package

    folder = Path(args.output)
    if not folder.is_dir():
        raise UserError(f"找不到输出文件夹：{folder}（-o 应为已有的文件夹，如U盘）")
    key = read_public_key_file(args.branch_key, "branch") if args.branch_key else None
    with open_city(args) as database, database.session() as session:
        paths = restore_package(session, args.code, folder, key)
        missing = missing_sequences(session, args.code.strip().upper())
    if missing:
        print(f"注意：工委存档缺少该支部第 {number_ranges(missing)} 号数据包，其中的记录无法恢复；"
              "恢复时会列出因此未能恢复的记录。")
    if len(paths) == 1:
        print(f"已生成恢复包：{paths[0]}（在支部新建的空数据库中用 sync restore 导入）")
    else:
        print(f"已生成恢复包，共 {len(paths)} 个文件（分卷），请全部复制到同一文件夹交给支部；"
              f"在支部新建的空数据库中用 sync restore 导入第一个文件：")
        for path in paths:
            print(f"  {path}")
    return 0


def _notify(args: argparse.Namespace) -> int:
    from app.city.overview import branch_rows
    from app.city.returns import queue_message

    with open_city(args) as database, database.session() as session:
        codes = [r["code"] for r in branch_rows(session)] if args.all else args.code
        if not codes:
            raise UserError("请指定支部代码，或用 --all 发给所有支部。")
        for code in codes:
            queue_message(session, code, "notice", {"title": args.title, "text": args.text})
    print(f"已排入 {len(codes)} 个支部的下发队列，将随各支部下一份回执文件带回。")
    return 0


def _recommend_study(args: argparse.Namespace) -> int:
    from app.city.overview import branch_rows
    from app.city.study import recommend_study_text
    from app.meetings.study_texts import StudyTextInput

    data = StudyTextInput(args.title, args.source or "", args.date, args.notes or "")
    with open_city(args) as database, database.session() as session:
        codes = [r["code"] for r in branch_rows(session)] if args.all else args.code
        count = recommend_study_text(session, codes, data)
    print(f"推荐学习篇目已排入 {count} 个支部的下发队列，将随各支部下一份回执文件带回。")
    return 0


def _return(args: argparse.Namespace) -> int:
    from app.city.returns import write_return

    with open_city(args) as database, database.session() as session:
        path = write_return(session, args.code, Path(args.output))
    print(f"回执文件：{path}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    city = add_command(sub, "city")
    cmds = city.add_subparsers(dest="city_command", metavar="操作", required=True)
    p = cmds.add_parser("init", help="创建工委密钥（只做一次），并导出公钥文件")
    p.add_argument("--name", required=True, help="工委名称")
    p.add_argument("--public-key", default="city.bdkey", help="公钥文件输出路径")
    p.add_argument("--restore-key", metavar="FILE", help="从私钥备份恢复，而不是新建")
    p.add_argument("--force", action="store_true", help="覆盖已有的公钥文件")
    p.set_defaults(handler=_init)
    p = cmds.add_parser("backup-key", help="导出口令加密的私钥备份")
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(handler=_backup_key)
    p = cmds.add_parser("public-key", help="再次导出工委公钥文件")
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(handler=_public_key)
    p = cmds.add_parser("trust", help="确认（或更换）某支部的密钥指纹")
    p.add_argument("code")
    p.add_argument("fingerprint", help="支部出示的指纹（32 位十六进制，可含空格，请加引号）")
    p.add_argument("--name", help="支部名称")
    p.set_defaults(handler=_trust)
    p = cmds.add_parser("import", help="导入数据包（文件或文件夹）")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--dry-run", action="store_true", help="试导入：完整检查并给出结果，不写入")
    p.add_argument("--returns", metavar="DIR", help="回执文件写到此文件夹（默认与数据包同处）")
    p.add_argument("--pdf", metavar="FILE", help="另存导入报告为 PDF")
    p.set_defaults(handler=_import)
    p = cmds.add_parser("branches", help="各支部情况")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_branches)
    p = cmds.add_parser("report", help="年度汇总报表")
    p.add_argument("--year", type=year_argument, required=True)
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true")
    out.add_argument("--xlsx", metavar="FILE")
    p.set_defaults(handler=_report)
    p = cmds.add_parser("restore-package", help="用工委存档为支部生成恢复包")
    p.add_argument("code")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="输出文件夹（如U盘）")
    p.add_argument("--branch-key", metavar="FILE", help="支部新电脑的公钥文件（先用 trust 确认）")
    p.set_defaults(handler=_restore_package)
    p = cmds.add_parser("notify", help="给支部下发通知（随回执文件带回）")
    p.add_argument("code", nargs="*")
    p.add_argument("--all", action="store_true", help="发给所有支部")
    p.add_argument("--title", required=True)
    p.add_argument("--text", required=True)
    p.set_defaults(handler=_notify)
    p = cmds.add_parser("recommend-study", help="向支部推荐学习篇目（第一议题，随回执文件带回）")
    p.add_argument("code", nargs="*")
    p.add_argument("--all", action="store_true", help="推荐给所有支部")
    p.add_argument("--title", required=True, help="篇目名称")
    p.add_argument("--source", help="出处，如 求是、人民日报")
    p.add_argument("--date", type=date_argument, help="讲话或指示的日期（YYYY-MM-DD）")
    p.add_argument("--notes", help="备注")
    p.set_defaults(handler=_recommend_study)
    p = cmds.add_parser("return", help="单独生成某支部的回执文件")
    p.add_argument("code")
    p.add_argument("-o", "--output", required=True, help="输出文件夹")
    p.set_defaults(handler=_return)
    city_fund.register(cmds)
    city_password.register(cmds)
