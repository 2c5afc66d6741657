"""Excel import of a messy roster (preview, all-or-nothing import) and the national export."""

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.branch import list_groups
from app.cli import main
from app.members.excel import import_rows, preview_roster
from app.members.excel_export import export_roster
from app.members.excel_values import cell_text, parse_date, parse_flag
from app.members.service import MemberInput, add_member, list_members
from app.progress import Cancelled, Progress
from base.errors import UserError
from db.database import Database
from db.models import Member
from tests.conftest import TODAY
from tests.roster_sheets import (
    BAD_ID,
    GOOD_ID,
    SPACED_ID,
    UPGRADED_ID,
    seed_branch,
    write_messy_sheet,
)

NATIONAL_ITEMS = ["姓名", "性别", "公民身份号码", "民族", "出生日期", "学历", "人员类别",
                  "所在党支部", "入党日期", "转为正式党员日期", "工作岗位", "联系电话", "家庭住址",
                  "党籍状态", "是否失联党员", "是否流动党员"]


def member_count(database: Database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(Member))


@pytest.fixture
def branch(database: Database) -> Database:
    with database.session() as session:
        seed_branch(session)
    return database


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    return write_messy_sheet(tmp_path / "花名册.xlsx")


# ---------------------------------------------------------------- cell values


@pytest.mark.parametrize(("value", "expected", "month_only"), [
    ("2001.7.1", dt.date(2001, 7, 1), False),
    ("2001.07.01", dt.date(2001, 7, 1), False),
    ("2001年7月1日", dt.date(2001, 7, 1), False),
    ("2001/7/1", dt.date(2001, 7, 1), False),
    ("2001-07-01", dt.date(2001, 7, 1), False),
    ("2001-07-01 00:00:00", dt.date(2001, 7, 1), False),
    ("20010701", dt.date(2001, 7, 1), False),
    (20010701, dt.date(2001, 7, 1), False),
    (36982, dt.date(2001, 4, 1), False),
    ("36982", dt.date(2001, 4, 1), False),
    (dt.datetime(2001, 7, 1, 0, 0), dt.date(2001, 7, 1), False),
    (dt.date(2001, 7, 1), dt.date(2001, 7, 1), False),
    ("２００１年７月１日", dt.date(2001, 7, 1), False),
    (" 2001 . 7 . 1 ", dt.date(2001, 7, 1), False),
    ("2001.07", dt.date(2001, 7, 1), True),
    ("2001.7", dt.date(2001, 7, 1), True),
    ("2001年7月", dt.date(2001, 7, 1), True),
    ("200107", dt.date(2001, 7, 1), True),
    (2001.07, dt.date(2001, 7, 1), True),
    (2001.1, dt.date(2001, 1, 1), True),  # as Excel shows it in a General cell
])
def test_dates_in_every_usual_spelling(value: object, expected: dt.date,
                                       month_only: bool) -> None:
    parsed = parse_date(value)
    assert parsed is not None
    assert (parsed.day, parsed.month_only) == (expected, month_only)


def test_a_number_cell_formatted_with_two_decimals_keeps_october() -> None:
    assert parse_date(2001.1, "0.00").day == dt.date(2001, 10, 1)


@pytest.mark.parametrize(("value", "message"), [
    ("2001", "只有年份"),
    ("2001.13.01", "不是有效日期"),
    ("2001.2.30", "不是有效日期"),
    ("去年七月", "无法识别为日期"),
    (123, "不是有效日期"),
])
def test_bad_dates_say_what_was_written(value: object, message: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_date(value)
    assert message in caught.value.message and str(value) in caught.value.message


def test_empty_cells_and_flags_and_text() -> None:
    assert parse_date(None) is None and parse_date("  ") is None
    assert [parse_flag(t) for t in ("是", "√", "否", "", "Y", "也许")] == [
        True, True, False, False, True, None]
    assert cell_text(13800000001.0) == "13800000001"
    assert cell_text("  王  小明 ") == "王 小明"


# ---------------------------------------------------------------- preview


def test_preview_of_a_messy_sheet(branch: Database, messy: Path) -> None:
    with branch.session() as session:
        preview = preview_roster(session, messy, today=TODAY)
    assert (preview.sheet, preview.header.rows_text) == ("花名册", "第3行")
    assert preview.notes == ["以下列无法识别，不会导入：微信号"]
    assert preview.new_groups == ["第二党小组"]
    found = {r.row: (r.data.name, r.errors, r.warnings) for r in preview.rows}
    assert 14 not in found  # the blank line
    assert found == {
        4: ("张建国", [], ["入党时间只有年月（2001年07月），已按当月1日导入，请核对"]),
        5: ("李秀英", [], []),
        6: ("王强", [], []),
        7: ("王小明", [], []),
        8: ("赵敏", [f"身份证号校验位错误：最后一位应为 {GOOD_ID[17]}，请核对号码"], []),
        9: ("孙丽", ["身份证号与表中第10行重复"], []),
        10: ("孙莉", ["身份证号与表中第9行重复"], []),
        11: ("钱德明", ["身份证号与党员“周德明”重复"], []),
        12: ("吴卫东", [], [f"15位身份证号已升级为18位：{UPGRADED_ID}",
                           "入党时间只有年月（1990年07月），已按当月1日导入，请核对",
                           "转正时间只有年月（1991年07月），已按当月1日导入，请核对"]),
        13: ("郑新", [], ["未填人员类别和转正日期：按预备党员导入，请核对"]),
        15: ("冯涛", ["入党时间“2001.13.01”不是有效日期"], []),
        16: ("陈老", ["未填人员类别和转正日期：入党已满2年，请补填转正日期（正式党员）或人员类别"],
             []),
    }
    assert BAD_ID in {r.data.id_number for r in preview.error_rows}
    assert preview.summary() == "共 12 行：可导入 6 行（其中 3 行有提醒，请核对），不能导入 6 行"


def test_preview_reads_the_values_right(branch: Database, messy: Path) -> None:
    with branch.session() as session:
        rows = {r.data.name: r.data for r in preview_roster(session, messy, today=TODAY).rows}
    assert rows["张建国"].birth_date == dt.date(1978, 3, 17)  # 1978.03 completed from the ID
    assert rows["张建国"].join_date == dt.date(2001, 7, 1)
    assert rows["张建国"].education == "大学本科" and rows["张建国"].phone == "13800000001"
    assert rows["李秀英"].ethnicity == "汉族" and rows["李秀英"].education == "大学专科"
    assert rows["李秀英"].birth_date == dt.date(1982, 6, 5)
    assert (rows["王强"].join_date, rows["王强"].full_date) == (dt.date(2001, 4, 1),
                                                               dt.date(2002, 4, 1))
    assert rows["王强"].employment == "离退休" and rows["王强"].category == "正式党员"
    assert rows["王小明"].id_number == SPACED_ID and rows["王小明"].phone == "13800000004"
    assert rows["王小明"].join_date == dt.date(2005, 6, 30)
    assert rows["王小明"].full_date == dt.date(2006, 6, 30)
    assert rows["吴卫东"].id_number == UPGRADED_ID
    assert rows["郑新"].category == "预备党员"


def test_a_sheet_without_a_header_is_refused(branch: Database, tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["甲", "乙"])
    book.active.append(["张三", "110101"])
    book.save(tmp_path / "x.xlsx")
    with branch.session() as session, pytest.raises(UserError) as caught:
        preview_roster(session, tmp_path / "x.xlsx")
    assert "没有找到党员名册表头" in caught.value.message


def test_an_unreadable_file_is_refused(branch: Database, tmp_path: Path) -> None:
    (tmp_path / "old.xlsx").write_bytes(b"\xd0\xcf\x11\xe0 old binary excel")
    with branch.session() as session:
        with pytest.raises(UserError) as caught:
            preview_roster(session, tmp_path / "old.xlsx")
        assert "只支持 .xlsx" in caught.value.message
        with pytest.raises(UserError) as caught:
            preview_roster(session, tmp_path / "missing.xlsx")
        assert "找不到文件" in caught.value.message


def test_an_id_stored_as_a_number_has_lost_digits(branch: Database, tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["姓名", "身份证号", "入党日期", "转正日期"])
    book.active.append(["张三", float(GOOD_ID), "2015.7.1", "2016.7.1"])
    book.active.append(["姓名", "身份证号", "入党日期", "转正日期"])  # repeated for printing
    book.save(tmp_path / "n.xlsx")
    with branch.session() as session:
        preview = preview_roster(session, tmp_path / "n.xlsx", today=TODAY)
    assert len(preview.rows) == 1 and preview.rows[0].errors == [
        "身份证号被 Excel 存成了数字，后几位已丢失：请把该列设为“文本”格式后重新录入"]
    assert "表中没有“人员类别”列" in preview.notes[0]


def test_usual_spellings_of_categories_are_normalised(branch: Database, tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["姓名", "身份证号", "人员类别", "入党日期", "转正日期", "民族", "学历",
                        "学位", "在职/离退休", "是否流动党员", "党籍状态"])
    book.active.append(["张三", GOOD_ID, "正式", "2015.7.1", "2016.7.1", "蒙古", "硕士研究生",
                        "硕士学位", "退休", "√", "正常"])
    book.active.append(["李四", SPACED_ID, "正式", "2015.7.1", "2016.7.1", "火星族", "私塾",
                        "", "返聘", "也许", ""])
    book.save(tmp_path / "c.xlsx")
    with branch.session() as session:
        first, second = preview_roster(session, tmp_path / "c.xlsx", today=TODAY).rows
    assert (first.data.ethnicity, first.data.education, first.data.degree) == (
        "蒙古族", "研究生", "硕士")
    assert first.data.employment == "离退休" and first.data.mobile is True
    assert first.warnings == [] and first.errors == []
    assert second.errors == [] and second.data.membership_status == "正常"
    assert second.warnings == [
        "民族“火星族”不是常用的写法，已原样导入，请核对",
        "学历“私塾”不是常用的写法，已原样导入，请核对",
        "是否流动党员“也许”无法识别（应为“是”或“否”），按“否”导入",
        "在职/离退休“返聘”无法识别，按“其他”导入",
    ]


# ---------------------------------------------------------------- import


def test_import_saves_only_the_valid_rows(branch: Database, messy: Path) -> None:
    with branch.session() as session:
        preview = preview_roster(session, messy, today=TODAY)
    with branch.session() as session:
        assert import_rows(session, preview) == 6
    with branch.session() as session:
        members = {m.name: m for m in list_members(session, on=TODAY)}
        groups = [g.name for g in list_groups(session)]
    assert set(members) == {"周德明", "张建国", "李秀英", "王强", "王小明", "吴卫东", "郑新"}
    assert groups == ["第一党小组", "第二党小组"]
    assert members["李秀英"].group.name == "第二党小组"
    assert members["张建国"].group.name == "第一党小组"
    assert members["吴卫东"].id_number == UPGRADED_ID and members["吴卫东"].gender == "男"
    assert members["王强"].birth_date == dt.date(1970, 1, 1)
    assert members["郑新"].category == "预备党员" and members["郑新"].full_date is None


def test_cancel_saves_nothing(branch: Database, messy: Path) -> None:
    with branch.session() as session:
        preview = preview_roster(session, messy, today=TODAY)
    steps: list[int] = []
    cancel_on_third = Progress(lambda done, _t, _l: steps.append(done), lambda: len(steps) >= 3)
    with pytest.raises(Cancelled), branch.session() as session:
        import_rows(session, preview, cancel_on_third)
    assert member_count(branch) == 1
    with branch.session() as session:
        assert [g.name for g in list_groups(session)] == ["第一党小组"]


def test_a_row_that_became_invalid_stops_the_whole_import(branch: Database,
                                                          messy: Path) -> None:
    with branch.session() as session:
        preview = preview_roster(session, messy, today=TODAY)
    clash = next(r for r in preview.valid_rows if r.data.name == "吴卫东")
    with branch.session() as session:  # someone typed him in meanwhile
        add_member(session, MemberInput(name="吴卫东", id_number=UPGRADED_ID,
                                        category="正式党员", join_date=dt.date(1990, 7, 1),
                                        full_date=dt.date(1991, 7, 1)), today=TODAY)
    with pytest.raises(UserError) as caught, branch.session() as session:
        import_rows(session, preview)
    assert f"第{clash.row}行（吴卫东）无法导入" in caught.value.message
    assert "未导入任何党员" in caught.value.message
    assert member_count(branch) == 2


def test_nothing_valid_means_nothing_to_import(branch: Database, messy: Path) -> None:
    with branch.session() as session:
        preview = preview_roster(session, messy, today=TODAY)
    preview.rows = preview.error_rows
    with pytest.raises(UserError), branch.session() as session:
        import_rows(session, preview)


# ---------------------------------------------------------------- export


def test_export_has_the_national_items_in_order(demo_database: Database,
                                                tmp_path: Path) -> None:
    path = tmp_path / "名册.xlsx"
    with demo_database.session() as session:
        count = export_roster(session, path, today=TODAY)
        expected = len(list_members(session, on=TODAY))
    assert count == expected
    sheet = load_workbook(path).active
    assert "党员名册" in sheet["A1"].value and "A1" in str(sheet.merged_cells)
    header = [c.value for c in sheet[2]]
    assert header[:16] == NATIONAL_ITEMS
    assert {"党小组", "在职/离退休", "籍贯", "党内职务"} <= set(header)
    assert all(c.font.bold for c in sheet[2])
    assert sheet.freeze_panes == "B3"
    assert sheet.max_row == 2 + count
    birth = sheet.cell(3, header.index("出生日期") + 1)
    assert isinstance(birth.value, dt.datetime) and birth.number_format == "yyyy-mm-dd"
    assert sheet.cell(3, header.index("所在党支部") + 1).value.startswith("中共")
    assert sheet.column_dimensions["C"].width >= 18  # the ID number fits


def test_export_then_import_gives_the_same_members(demo_database: Database,
                                                   database: Database,
                                                   tmp_path: Path) -> None:
    path = tmp_path / "名册.xlsx"
    keys = [k for k in MemberInput.__dataclass_fields__ if k != "group_id"]

    def snapshot(db: Database) -> dict[str, dict[str, object]]:
        with db.session() as session:
            return {m.id_number: {**{k: getattr(m, k) for k in keys},
                                  "group": m.group.name if m.group else ""}
                    for m in list_members(session, on=TODAY)}

    with demo_database.session() as session:
        export_roster(session, path, today=TODAY)
    with database.session() as session:
        preview = preview_roster(session, path, today=TODAY)
        assert preview.error_rows == [] and preview.notes == []
        assert all(not r.warnings for r in preview.rows)
        import_rows(session, preview)
    assert snapshot(database) == snapshot(demo_database)


# ---------------------------------------------------------------- command line


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_import_dry_run_then_import_then_export(
        branch: Database, messy: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    db = str(branch.path)
    branch.close()  # the command takes the lock itself
    code, out, _ = run(capsys, "members", "import", str(messy), "--dry-run", "--db", db)
    assert code == 0 and "试运行：未保存任何数据" in out
    assert "第8行 赵敏  错误：身份证号校验位错误" in out
    assert "第13行 郑新  提醒：未填人员类别和转正日期" in out
    assert "将新建党小组：第二党小组" in out and "表头在第3行" in out
    code, out, _ = run(capsys, "members", "list", "--json", "--db", db)
    assert out.count('"id_number"') == 1
    code, out, _ = run(capsys, "members", "import", str(messy), "--db", db)
    assert code == 0 and "已导入 6 名党员" in out
    code, out, err = run(capsys, "members", "import", str(messy), "--db", db)
    assert code == 1 and "没有可以导入的行" in err
    code, out, err = run(capsys, "members", "import", str(messy), "--dry-run", "--db", db)
    assert code == 1 and "没有可以导入的行" in err
    target = tmp_path / "导出.xlsx"
    code, out, _ = run(capsys, "members", "export", str(target), "--db", db)
    assert code == 0 and "已导出 7 名党员" in out and target.exists()


def test_cli_file_errors_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "b.db")
    assert run(capsys, "init", "--name", "中共测试支部", "--code", "T-01", "--db", db)[0] == 0
    code, _out, err = run(capsys, "members", "import", str(tmp_path / "无.xlsx"), "--db", db)
    assert code == 1 and "找不到文件" in err
    code, _out, err = run(capsys, "members", "import", str(tmp_path / "名册.xls"), "--db", db)
    assert code == 1 and "不是 .xlsx 文件" in err
    code, _out, err = run(capsys, "members", "export", str(tmp_path / "名册.csv"), "--db", db)
    assert code == 1 and "不是 .xlsx 文件" in err
