"""Rosters as offices really keep them: several sheets, official forms with two-row merged
headers, 党小组 merged down over its members, section and footer rows; and phone numbers."""

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from app.branch import list_groups
from app.cli import main
from app.members.excel import import_rows, preview_roster
from app.members.excel_sheets import UnclearSheet
from app.members.phone import normal_phone, phone_warning
from app.members.service import MemberInput, add_member, check_member, list_members
from base.errors import UserError
from db.database import Database
from db.models import Member
from tests.conftest import TODAY
from tests.roster_sheets import (
    LONG,
    OFFICIAL,
    RETIRED,
    WORKING,
    roster_sheet,
    seed_branch,
    write_header,
    write_official_form,
    write_workbook,
)


@pytest.fixture
def branch(database: Database) -> Database:
    with database.session() as session:
        seed_branch(session)
    return database


def preview(db: Database, path: Path, **kwargs):
    with db.session() as session:
        return preview_roster(session, path, today=TODAY, **kwargs)


# ---------------------------------------------------------------- official forms


@pytest.mark.parametrize("lower", [("入党日期", "转正日期"), ("入党", "转正"), ("预备", "转正")])
def test_a_two_row_header_under_merged_cells(branch: Database, tmp_path: Path,
                                             lower: tuple[str, str]) -> None:
    found = preview(branch, write_official_form(tmp_path / "表.xlsx", lower))
    assert (found.sheet, found.header.rows_text) == ("党员花名册", "第4–5行")
    keys = [c.key for c, _t in found.header.columns.values()]
    assert keys == ["name", "gender", "id_number", "join_date", "full_date", "mobile",
                    "lost_contact", "phone", "group", "education"]
    assert found.notes[0] == "以下列无法识别，不会导入：学历（在职）"
    # The section row 离退休党员 (12) and the footer (15) are not members.
    assert [r.row for r in found.rows] == [row for row, *_ in OFFICIAL]
    assert found.error_rows == []
    for row, (number, name, _id, join, full, group, _phone) in zip(found.rows, OFFICIAL,
                                                                   strict=True):
        assert (row.row, row.data.name, row.group_name) == (number, name, group)
        assert f"{row.data.join_date:%Y.%m.%d}" == join
        assert f"{row.data.full_date:%Y.%m.%d}" == full
        assert row.data.education == "大学本科"
    assert [r.data.lost_contact for r in found.rows] == [False, False, True, False, False,
                                                         False]


def test_an_official_form_imports_with_each_member_in_his_group(branch: Database,
                                                                tmp_path: Path) -> None:
    found = preview(branch, write_official_form(tmp_path / "表.xlsx"))
    assert found.new_groups == ["第二党小组", "离退休党小组"]
    with branch.session() as session:
        assert import_rows(session, found) == 6
    with branch.session() as session:
        members = {m.name: m for m in list_members(session, on=TODAY)}
        assert [g.name for g in list_groups(session)] == ["第一党小组", "第二党小组",
                                                          "离退休党小组"]
        assert {n: m.group.name for n, m in members.items() if n != "周德明"} == {
            name: group for _r, name, _i, _j, _f, group, _p in OFFICIAL}
        assert members["刘志刚"].phone == "13800000011"  # +86 and spaces dropped
        assert members["高红梅"].phone == "13900000022"  # full-width digits
        assert members["何静"].phone == "0531-88889999"
        assert members["马骏"].phone == "1380000" and members["马骏"].lost_contact


def test_a_header_merged_down_over_two_rows_without_lower_headings(branch: Database,
                                                                    tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    write_header(sheet, 1, ["姓名", "身份证号", "入党日期", "转正日期"])
    for column, value in enumerate(["张三", OFFICIAL[0][2], "2001.7.1", "2002.7.1"], start=1):
        sheet.cell(3, column, value)
    book.save(tmp_path / "高表头.xlsx")
    found = preview(branch, tmp_path / "高表头.xlsx")
    assert found.header.rows_text == "第1–2行"
    assert [(r.row, r.data.name, r.errors) for r in found.rows] == [(3, "张三", [])]


def test_a_title_row_above_a_one_row_header_is_not_part_of_it(branch: Database,
                                                               tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "党员名册"
    sheet.merge_cells("A1:D1")
    sheet.append(["姓名", "身份证号", "入党日期", "转正日期"])
    sheet.append(["张三", OFFICIAL[0][2], "2001.7.1", "2002.7.1"])
    book.save(tmp_path / "t.xlsx")
    found = preview(branch, tmp_path / "t.xlsx")
    assert found.header.rows_text == "第2行" and found.header.unknown == []
    assert [r.row for r in found.rows] == [3]


# ---------------------------------------------------------------- several sheets


def test_the_sheet_with_the_most_recognised_columns_is_read(branch: Database,
                                                             tmp_path: Path) -> None:
    found = preview(branch, write_workbook(tmp_path / "名册.xlsx"))
    assert found.sheet == "在职党员"
    assert [r.data.name for r in found.rows] == [name for name, _id in WORKING]
    assert found.notes[:2] == [
        "工作簿中另有像名册的工作表“离退休党员”，已选用识别列最多的“在职党员”",
        "隐藏的工作表“旧名册”未读取：如要导入，请在 Excel 中取消隐藏",
    ]
    # The chooser offers the two visible rosters: not 说明, the hidden or the empty sheet.
    assert [s.label for s in found.choices] == ["在职党员（识别 6 列）", "离退休党员（识别 4 列）"]


@pytest.mark.parametrize("wanted", ["离退休党员", "3", " 离退休党员 "])
def test_a_sheet_chosen_by_name_or_number(branch: Database, tmp_path: Path,
                                          wanted: str) -> None:
    found = preview(branch, write_workbook(tmp_path / "名册.xlsx"), sheet=wanted)
    assert found.sheet == "离退休党员" and not found.sheet_unclear
    assert [r.data.name for r in found.rows] == [name for name, _id in RETIRED]
    assert not any("工作簿中另有" in n for n in found.notes)


def test_a_hidden_sheet_can_be_named(branch: Database, tmp_path: Path) -> None:
    found = preview(branch, write_workbook(tmp_path / "名册.xlsx"), sheet="旧名册")
    assert [r.data.name for r in found.rows] == ["吴六"]


def test_sheets_that_look_alike_must_be_chosen(branch: Database, tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "名册.xlsx", retired_headings=LONG)
    with pytest.raises(UnclearSheet) as caught:
        preview(branch, path)
    columns = "识别到 6 列（姓名、身份证号、入党日期、转正日期、人员类别、民族）"
    assert caught.value.message == (
        "工作簿中有 2 个工作表都像党员名册，请指定要导入哪一个：\n"
        f"2.“在职党员”：表头在第1行，{columns}\n3.“离退休党员”：表头在第1行，{columns}")
    found = preview(branch, path, first_if_unclear=True)
    assert found.sheet == "在职党员" and found.sheet_unclear
    assert found.notes[0] == ("工作表“离退休党员”与“在职党员”同样像党员名册，"
                              "现在显示的是“在职党员”：请确认要导入的是哪一个，需要时换选其他工作表")


def test_wrong_sheet_names_and_sheets_without_a_roster(branch: Database,
                                                       tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "名册.xlsx")
    with pytest.raises(UserError) as caught:
        preview(branch, path, sheet="党费")
    assert caught.value.message.startswith("工作簿中没有名为“党费”的工作表，也没有第 党费 个")
    assert "\n5.“Sheet3”：空白" in caught.value.message
    with pytest.raises(UserError) as caught:
        preview(branch, path, sheet="9")
    assert "没有第 9 个工作表" in caught.value.message
    with pytest.raises(UserError) as caught:
        preview(branch, path, sheet="说明")
    assert caught.value.message.startswith("工作表“说明”中没有找到党员名册表头")


def test_no_roster_in_any_sheet_lists_what_is_there(branch: Database, tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "说明"
    book.active["A1"] = "请见第二页"
    hidden = roster_sheet(book, "名册", ["姓名", "身份证号"], WORKING)
    hidden.sheet_state = "hidden"
    book.save(tmp_path / "x.xlsx")
    with pytest.raises(UserError) as caught:
        preview(branch, tmp_path / "x.xlsx")
    assert caught.value.message == (
        "工作簿中没有找到党员名册表头：表头应在工作表的前15行，至少要有“姓名”和“身份证号”"
        "（或“公民身份号码”）两列。工作簿中的工作表：\n"
        "1.“说明”：没有找到党员名册表头\n"
        "2.“名册”：表头在第1行，识别到 2 列（姓名、身份证号）；"
        "这是隐藏的工作表，请在 Excel 中取消隐藏")


# ---------------------------------------------------------------- command line


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_sheet_option(branch: Database, tmp_path: Path,
                          capsys: pytest.CaptureFixture[str]) -> None:
    db = str(branch.path)
    branch.close()
    same = str(write_workbook(tmp_path / "同.xlsx", retired_headings=LONG))
    code, out, err = run(capsys, "members", "import", same, "--dry-run", "--db", db)
    assert code == 1 and out == ""
    assert "2 个工作表都像党员名册" in err and "3.“离退休党员”：表头在第1行，识别到 6 列" in err
    assert "请用 --sheet 名称或序号 指定，例如 --sheet 2" in err
    code, out, _ = run(capsys, "members", "import", same, "--sheet", "3", "--db", db)
    assert code == 0 and "工作表“离退休党员”" in out and "已导入 2 名党员" in out
    form = str(write_official_form(tmp_path / "表.xlsx"))
    code, out, _ = run(capsys, "members", "import", form, "--dry-run", "--db", db)
    assert code == 0 and "表头在第4–5行" in out
    assert "第8行 马骏  提醒：联系电话“1380000”不像手机号" in out


# ---------------------------------------------------------------- phone numbers


@pytest.mark.parametrize(("written", "stored"), [
    ("13800000001", "13800000001"),
    ("138 0000 0001", "13800000001"),
    ("138-0000-0001", "13800000001"),
    ("+86 138 0000 0001", "13800000001"),
    ("１３８００００００01", "13800000001"),
    ("021-66668888", "021-66668888"),
    ("0531 88889999", "053188889999"),
    ("（0531）88889999", "(0531)88889999"),
    ("010-1234567", "010-1234567"),
    ("0531-88889999-123", "0531-88889999-123"),
    ("0531-88889999转123", "0531-88889999转123"),
    ("13800000001/0531-88889999", "13800000001/0531-88889999"),
])
def test_usual_phone_spellings_are_accepted(written: str, stored: str) -> None:
    assert normal_phone(written) == stored
    assert phone_warning(written) is None


@pytest.mark.parametrize("written", ["1380000", "12800000001", "138000000012", "88889999",
                                     "53188889999", "13800000001/123", "无"])
def test_other_phone_values_are_questioned(written: str) -> None:
    assert phone_warning(written) == (f"联系电话“{written}”不像手机号（11位，1开头）"
                                      "或带区号的固定电话（如 0531-88889999），请核对")


def test_a_doubtful_phone_is_a_warning_and_saved_normalised(session) -> None:
    data = MemberInput(name="张三", id_number=OFFICIAL[0][2], category="正式党员",
                       join_date=dt.date(2001, 7, 1), full_date=dt.date(2001, 7, 1),
                       phone=" 1380000 ")
    checked = check_member(session, data, today=TODAY)
    assert checked.warnings == [phone_warning("1380000")]
    data.phone = "+86 139-0000-0002"
    member, warnings = add_member(session, data, today=TODAY)
    assert warnings == [] and member.phone == "13900000002"
    assert session.scalar(select(Member.phone)) == "13900000002"
