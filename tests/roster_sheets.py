"""A messy hand-kept roster, as secretaries really have them, written with openpyxl."""

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from app.branch import list_groups
from app.idcard import check_character
from app.members.service import MemberInput, add_member
from app.profile import ProfileInput, save_profile
from tests.conftest import TODAY


def make_id(birth: str, seq: str, area: str = "110101") -> str:
    first17 = area + birth + seq
    return first17 + check_character(first17)


IN_DATABASE_ID = make_id("19650101", "011")
DUPLICATE_ID = make_id("19881212", "062")
GOOD_ID = make_id("19900101", "052")
BAD_ID = GOOD_ID[:17] + ("0" if GOOD_ID[17] != "0" else "1")
SPACED_ID = make_id("19800808", "041")
OLD_15_ID = "110101650315051"
UPGRADED_ID = make_id("19650315", "051")

HEADER = ["序号", "名字", "性别", "身份证号码", "民族", "出生年月", "文化程度", "党员类别",
          "入党时间", "转正时间", "工作单位及职务", "手机号", "党小组", "在职/离退休", "微信号"]

#: Sheet rows from row 4 on; None leaves the cell empty.
ROWS = [
    [1, "张建国", "男", make_id("19780317", "013"), "汉族", "1978.03", "本科", "正式党员",
     "2001.07", "2002年7月1日", "科长", 13800000001, "第一党小组", "在职", "zjg"],
    [2, "李秀英", "女", make_id("19820605", "022"), "汉", dt.datetime(1982, 6, 5), "大专",
     "正式党员", "2005年7月1日", "2006/7/1", "副科长", "13800000002", "第二党小组", "在职", None],
    [3, "王强", "男", make_id("19700101", "031"), "回族", None, "研究生", "正式", 36982,
     20020401, "处长", None, None, "退休", None],
    [4, " 王 小 明 ", "男", f"{SPACED_ID[:6]} {SPACED_ID[6:14]}　{SPACED_ID[14:]}", "汉族", None,
     "大学本科", "正式党员", "２００５年６月３０日", "2006 . 6 . 30", "科员", "138 0000 0004",
     None, "在职", None],
    [5, "赵敏", "女", BAD_ID, "汉族", None, "本科", "正式党员", "2015.07.01", "2016.07.01",
     "科员", None, None, None, None],
    [6, "孙丽", "女", DUPLICATE_ID, "汉族", None, "本科", "正式党员", "2012.7.1", "2013.7.1",
     "科员", None, None, None, None],
    [7, "孙莉", "女", DUPLICATE_ID, "汉族", None, "本科", "正式党员", "2012.7.1", "2013.7.1",
     "科员", None, None, None, None],
    [8, "钱德明", "男", IN_DATABASE_ID, "汉族", None, "本科", "正式党员", "1990.7.1", "1991.7.1",
     "科员", None, None, None, None],
    [9, "吴卫东", "男", OLD_15_ID, "汉族", None, "大学专科", "正式党员", 1990.07, "1991年7月",
     "退休干部", None, "第一党小组", "离退休", None],
    [10, "郑新", "女", make_id("19980505", "072"), "汉族", None, "大学本科", None, "2026.3.15",
     None, "科员", None, "第二党小组", "在职", None],
    [11, None, None, None, None, None, None, None, None, None, None, None, None, None, None],
    [12, "冯涛", "男", make_id("19791010", "083"), "汉族", None, "本科", "正式党员",
     "2001.13.01", "2002.1.1", "科员", None, None, None, None],
    [13, "陈老", "男", make_id("19600606", "093"), "汉族", None, "本科", None, "1995.7.1",
     None, "退休干部", None, None, "离退休", None],
]


def write_messy_sheet(path: Path) -> Path:
    """Title merged over the header, a second note line, the header on row 3."""
    book = Workbook()
    sheet = book.active
    sheet.title = "花名册"
    sheet["A1"] = "中共某某局机关第一党支部党员花名册"
    sheet.merge_cells("A1:O1")
    sheet["A2"] = "填报单位：某某局机关第一党支部        填报时间：2026年10月"
    sheet.merge_cells("A2:O2")
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    book.save(path)
    return path


#: An official-form roster (two-row header, merged 党小组 cells), as written by
#: `write_official_form`: (row, name, ID number, 入党, 转正, 党小组, 联系电话 as written).
OFFICIAL = [
    (6, "刘志刚", make_id("19750203", "017"), "2001.07.01", "2002.07.01", "第一党小组",
     "+86 138 0000 0011"),
    (7, "何静", make_id("19850914", "026"), "2008.06.20", "2009.06.20", "第一党小组",
     "0531-88889999"),
    (8, "马骏", make_id("19900420", "035"), "2015.10.08", "2016.10.08", "第一党小组", "1380000"),
    (9, "高红梅", make_id("19880730", "044"), "2012.12.01", "2013.12.01", "第二党小组",
     "１３９００００００２２"),
    (10, "林伟", make_id("19930101", "057"), "2019.05.04", "2020.05.04", "第二党小组", None),
    (13, "罗建华", make_id("19520808", "019"), "1978.07.01", "1979.07.01", "离退休党小组", None),
]
#: Columns of the official form; a tuple is a heading merged over the ones under it.
OFFICIAL_HEADER: list[str | tuple[str, list[str]]] = [
    "序号", "姓名", "性别", "公民身份号码", ("入党时间", ["入党日期", "转正日期"]),
    ("是否", ["流动党员", "失联党员"]), "联系电话", "党小组", ("学历", ["全日制", "在职"]),
]


def write_header(sheet: Worksheet, row: int, header: list[str | tuple[str, list[str]]]) -> int:
    """A two-row header at `row`: single headings merged down, group headings across."""
    column = 1
    for heading in header:
        if isinstance(heading, str):
            sheet.cell(row, column, heading)
            sheet.merge_cells(start_row=row, end_row=row + 1, start_column=column,
                              end_column=column)
            column += 1
            continue
        upper, lower = heading
        sheet.cell(row, column, upper)
        sheet.merge_cells(start_row=row, end_row=row, start_column=column,
                          end_column=column + len(lower) - 1)
        for text in lower:
            sheet.cell(row + 1, column, text)
            column += 1
    return column - 1


def write_official_form(path: Path, lower: tuple[str, str] = ("入党日期", "转正日期")) -> Path:
    """Title and note rows, the header on rows 4–5 with 入党时间 merged over `lower`, 党小组
    merged down over its members, a section row 离退休党员 and a footer merged across."""
    book = Workbook()
    sheet = book.active
    sheet.title = "党员花名册"
    header = [("入党时间", list(lower)) if isinstance(h, tuple) and h[0] == "入党时间" else h
              for h in OFFICIAL_HEADER]
    width = get_column_letter(write_header(sheet, 4, header))
    sheet["A1"] = "中共某某局机关第一党支部党员花名册"
    sheet.merge_cells(f"A1:{width}1")
    sheet["A3"] = "填报单位（盖章）：某某局机关第一党支部        2026年11月"
    sheet.merge_cells(f"A3:{width}3")
    for number, (row, name, id_number, join, full, _group, phone) in enumerate(OFFICIAL, 1):
        for column, value in enumerate([number, name, None, id_number, join, full,
                                        "否", "是" if name == "马骏" else "否", phone], start=1):
            sheet.cell(row, column, value)
        sheet.cell(row, 11, "大学本科")
    sheet["J6"], sheet["J9"], sheet["J13"] = "第一党小组", "第二党小组", "离退休党小组"
    sheet.merge_cells("J6:J8")
    sheet.merge_cells("J9:J10")
    sheet["A12"] = "离退休党员"
    sheet.merge_cells(f"A12:{width}12")
    sheet["A15"] = "填表人：张三        审核人：李四"
    sheet.merge_cells(f"A15:{width}15")
    book.save(path)
    return path


def roster_sheet(book: Workbook, title: str, headings: list[str],
                 people: list[tuple[str, str]]) -> Worksheet:
    """A plain roster sheet: one header row, then (name, ID number) rows of 正式党员."""
    sheet = book.create_sheet(title)
    sheet.append(headings)
    fill = {"入党日期": "2010.7.1", "转正日期": "2011.7.1", "人员类别": "正式党员",
            "性别": "", "民族": "汉族"}
    for name, id_number in people:
        by_heading = {"姓名": name, "身份证号": id_number}
        sheet.append([by_heading.get(h, fill.get(h)) for h in headings])
    return sheet


WORKING = [("赵一", make_id("19800101", "011")), ("钱二", make_id("19810202", "022")),
           ("孙三", make_id("19820303", "033"))]
RETIRED = [("李四", make_id("19500404", "041")), ("周五", make_id("19510505", "052"))]
SHORT = ["姓名", "身份证号", "入党日期", "转正日期"]
LONG = [*SHORT, "人员类别", "民族"]


def write_workbook(path: Path, retired_headings: list[str] = SHORT) -> Path:
    """说明 (text), 在职党员 (6 columns), 离退休党员, a hidden 旧名册 and an empty sheet."""
    book = Workbook()
    book.active.title = "说明"
    book.active["A1"] = "本表由支部组织委员维护，每季度更新一次。"
    roster_sheet(book, "在职党员", LONG, WORKING)
    roster_sheet(book, "离退休党员", retired_headings, RETIRED)
    hidden = roster_sheet(book, "旧名册", [*LONG, "联系电话", "党小组"],
                          [("吴六", make_id("19700606", "061"))])
    hidden.sheet_state = "hidden"
    book.create_sheet("Sheet3")
    book.save(path)
    return path


def seed_branch(session: Session) -> None:
    """A branch with 第一党小组 and one member whose ID the sheet repeats."""
    save_profile(session, ProfileInput(name="中共某某局机关第一党支部", code="T-01",
                                       groups=["第一党小组"]))
    add_member(session, MemberInput(
        name="周德明", id_number=IN_DATABASE_ID, category="正式党员",
        join_date=dt.date(1990, 7, 1), full_date=dt.date(1991, 7, 1),
        group_id=list_groups(session)[0].id,
    ), today=TODAY)
