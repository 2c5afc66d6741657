"""A messy hand-kept roster, as secretaries really have them, written with openpyxl."""

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy.orm import Session

from app.branch import ProfileInput, list_groups, save_profile
from app.idcard import check_character
from app.members.service import MemberInput, add_member
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


def seed_branch(session: Session) -> None:
    """A branch with 第一党小组 and one member whose ID the sheet repeats."""
    save_profile(session, ProfileInput(name="中共某某局机关第一党支部", code="T-01",
                                       groups=["第一党小组"]))
    add_member(session, MemberInput(
        name="周德明", id_number=IN_DATABASE_ID, category="正式党员",
        join_date=dt.date(1990, 7, 1), full_date=dt.date(1991, 7, 1),
        group_id=list_groups(session)[0].id,
    ), today=TODAY)
