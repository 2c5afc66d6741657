"""`branchdesk --self-test`: check an installation end to end, without a screen.

In a temporary folder it creates and migrates a branch database, sets up a branch, adds a
member, records and finalises a meeting, prints its minutes to PDF, exports a sync package
and imports it into a temporary city database (which checks signature, encryption and
hashes), protects the database with a password (SQLCipher) and takes a verified,
encrypted backup. Nothing touches the user's own data. The bundle smoke
test (`make test-bundle`) and the Windows build run it on the built program.
"""

import datetime as dt
import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from base.errors import UserError
from db.database import Database

BRANCH_NAME = "中共自检单位党支部"
CITY_NAME = "中共自检市直属机关工作委员会"
MEMBER_NAME = "王喆"  # 喆 is missing from GB2312 fonts: printing it goes through the fallback


@dataclass
class _Run:
    folder: Path
    database: Database | None = None
    member_id: str = ""
    meeting_id: str = ""

    @property
    def opened(self) -> Database:
        """The database the first step created (the later steps run after it)."""
        assert self.database is not None
        return self.database


def _create_database(run: _Run) -> str:
    from db.migrate import BRANCH

    run.database = Database.open(run.folder / "branch.db")
    run.database.actor = "自检"
    return "结构版本 " + "、".join(sorted(BRANCH.current_heads(run.database.engine)))


def _set_up_branch(run: _Run) -> str:
    from app.profile import ProfileInput, save_profile

    with run.opened.session() as session:
        save_profile(session, ProfileInput(
            name=BRANCH_NAME, code="ZJ-01", committee=[{"post": "书记", "name": MEMBER_NAME}],
            groups=["第一党小组"],
        ))
    return BRANCH_NAME


def _add_member(run: _Run) -> str:
    from app.demo.people import id_number
    from app.members.rules import MemberCategory
    from app.members.service import MemberInput, add_member

    birth = dt.date(1980, 5, 4)
    with run.opened.session() as session:
        member, _warnings = add_member(session, MemberInput(
            name=MEMBER_NAME, id_number=id_number(random.Random(1), birth, "男"), gender="男",
            birth_date=birth, category=MemberCategory.FULL, join_date=dt.date(2005, 7, 1),
            full_date=dt.date(2006, 7, 1),
        ))
        session.flush()
        run.member_id = member.id
    return f"{MEMBER_NAME}（正式党员）"


def _record_meeting(run: _Run) -> str:
    from app.meetings import service
    from app.meetings.types import MeetingType

    title = "学习党章"
    with run.opened.session() as session:
        meeting = service.save_meeting(session, service.MeetingInput(
            types=[MeetingType.GENERAL], date=dt.date.today(), start_time=dt.time(9, 0),
            end_time=dt.time(10, 0), title=title, place="党员活动室", chair_name=MEMBER_NAME,
            chair_post="书记", recorder_name=MEMBER_NAME,
            attendance=[service.AttendanceInput(run.member_id)],
            agenda=[service.AgendaInput("集中学习党章", content="逐章学习并交流体会。")],
            summary="会议按议程进行。",
        ))
        session.flush()
        service.finalise_meeting(session, meeting.id)
        run.meeting_id = meeting.id
    return f"{MeetingType.GENERAL}“{title}”，已定稿"


def _print_minutes(run: _Run) -> str:
    from app.meetings.minutes import minutes_pdf

    with run.opened.session() as session:
        pdf = minutes_pdf(session, run.meeting_id)
    if not pdf.startswith(b"%PDF-") or b"%%EOF" not in pdf[-1024:]:
        raise UserError("生成的会议记录不是完整的 PDF 文件")
    if b"/FontFile2" not in pdf:
        raise UserError("会议记录 PDF 中没有嵌入中文字体，在没有中文字体的电脑上会显示为方框")
    path = run.folder / "会议记录.pdf"
    path.write_bytes(pdf)
    return f"{path.name}，{len(pdf) // 1024} KB，字体已嵌入"


def _export_and_import(run: _Run) -> str:
    from app.city.importer import import_packages
    from app.city.keys import city_public_key_file, init_city
    from app.sync.export import export_package
    from app.sync.identity import import_city_key
    from db.city.database import CityDatabase

    key_file = run.folder / "工委公钥.json"
    stick = run.folder / "U盘"
    stick.mkdir()
    with CityDatabase.open(run.folder / "city.db") as city:
        with city.session() as session:
            init_city(session, CITY_NAME)
            key_file.write_bytes(city_public_key_file(session))
        with run.opened.session() as session:
            import_city_key(session, key_file)
        exported = export_package(run.opened, stick)
        [result] = import_packages(city, [exported.path], confirm_key=lambda _question: True)
    if not result.ok:
        raise UserError(f"工委端导入数据包失败：{result.error or '；'.join(result.warnings)}")
    if result.outcomes["new"] != exported.record_count:
        raise UserError(
            f"数据包有 {exported.record_count} 条记录，工委端只收到 {result.outcomes['new']} 条"
        )
    return (f"{exported.path.name}，{exported.record_count} 条记录；"
            "工委端验签、解密、校验后全部导入")


def _back_up(run: _Run) -> str:
    path = run.opened.backups.take("self-test")
    return f"{path.name}，完整性检查通过"


def _password(run: _Run) -> str:
    """密码保护 end to end: SQLCipher (with FTS5) is in the installation and works."""
    from sqlalchemy import text

    from app.lock import service
    from db import cipher

    path = run.opened.path
    run.opened.close()
    run.database = None
    keys = service.set_password(path, "自检密码2026")
    if MEMBER_NAME.encode("utf-8") in path.read_bytes():
        raise UserError("加密后的数据库文件中仍能读到党员姓名")
    run.database = Database.open(path, create=False, key=cipher.unlock(path, "自检密码2026"))
    with run.opened.session() as session:
        session.execute(text("SELECT count(*) FROM meeting_search"))  # FTS5 trigram table
        version = session.execute(text("PRAGMA cipher_version")).scalar()
    if cipher.unlock_with_recovery(path, keys.recovery) != keys.key:
        raise UserError("恢复密钥打不开数据库")
    return f"SQLCipher {version}，数据库已加密，恢复密钥可用"


#: What the self-test does, in order; each step returns what it found.
STEPS: tuple[tuple[str, Callable[[_Run], str]], ...] = (
    ("新建并迁移支部数据库", _create_database),
    ("设置支部信息", _set_up_branch),
    ("添加党员", _add_member),
    ("记录并定稿一次会议", _record_meeting),
    ("打印会议记录（PDF）", _print_minutes),
    ("导出同步数据包并在工委端校验导入", _export_and_import),
    ("设置密码（加密数据库）", _password),
    ("备份数据库并校验", _back_up),
)


def run_self_test(out: Callable[[str], None] = print) -> bool:
    """Run every step in a temporary folder, reporting each; False at the first failure."""
    # A leftover temporary file (Windows may hold one a moment longer) is no failure.
    with tempfile.TemporaryDirectory(prefix="branchdesk-", ignore_cleanup_errors=True) as tmp:
        run = _Run(Path(tmp))
        try:
            for number, (label, step) in enumerate(STEPS, 1):
                try:
                    found = step(run)
                except Exception as exc:  # any failure is the finding; report it in full
                    message = exc.message if isinstance(exc, UserError) else repr(exc)
                    out(f"[{number}/{len(STEPS)}] 失败 {label}：{message}")
                    out("自检未通过。")
                    return False
                out(f"[{number}/{len(STEPS)}] 通过 {label}：{found}")
        finally:
            if run.database is not None:
                run.database.close()
    out("自检通过。")
    return True
