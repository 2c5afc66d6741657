"""The roster's columns: national wording for export, and the names secretaries use instead."""

import re
from dataclasses import dataclass

from app.members.text import normalised


@dataclass(frozen=True)
class Column:
    key: str  # a MemberInput field, or "group" / "branch"
    header: str  # the heading written on export (the national wording for the 16 items)
    aliases: tuple[str, ...] = ()
    kind: str = "text"  # text / date / flag


#: The 16 national items in the national order, then the useful extras.
COLUMNS: tuple[Column, ...] = (
    Column("name", "姓名", ("名字", "党员姓名")),
    Column("gender", "性别"),
    Column("id_number", "公民身份号码",
           ("身份证号", "身份证号码", "身份证", "身份证件号码", "证件号码", "公民身份证号码",
            "公民身份证号", "居民身份证号", "居民身份证号码", "身份证件号")),
    Column("ethnicity", "民族"),
    Column("birth_date", "出生日期", ("出生年月", "出生年月日", "出生时间", "生日"), "date"),
    Column("education", "学历",
           ("文化程度", "最高学历", "全日制学历", "全日制教育", "学历/全日制", "文化程度/全日制")),
    Column("category", "人员类别", ("党员类别", "类别", "党员类型", "人员类型", "党员身份")),
    Column("branch", "所在党支部", ("所在支部", "党支部", "支部名称")),
    Column("join_date", "入党日期", ("入党时间", "入党年月", "加入党组织日期", "加入党组织时间",
                                   "入党时间/入党", "入党日期/入党", "入党时间/预备",
                                   "入党时间/接收预备党员"), "date"),
    Column("full_date", "转为正式党员日期",
           ("转正日期", "转正时间", "转正年月", "转为正式党员时间", "入党时间/转正",
            "入党日期/转正", "入党时间/转为正式党员"), "date"),
    Column("job", "工作岗位", ("职务", "工作单位及职务", "岗位", "现任职务", "工作单位及岗位",
                               "现工作单位及职务", "单位及职务")),
    Column("phone", "联系电话",
           ("手机", "手机号", "手机号码", "电话", "电话号码", "联系方式", "移动电话")),
    Column("address", "家庭住址", ("住址", "家庭地址", "现住址", "现居住地", "居住地址",
                                   "家庭详细住址", "现家庭住址")),
    Column("membership_status", "党籍状态", ("党籍",)),
    Column("lost_contact", "是否失联党员", ("失联党员", "是否失联"), "flag"),
    Column("mobile", "是否流动党员", ("流动党员", "是否流动"), "flag"),
    Column("native_place", "籍贯"),
    Column("degree", "学位", ("最高学位",)),
    Column("work_start_date", "参加工作日期", ("参加工作时间", "参加工作年月"), "date"),
    Column("rank", "职务职级", ("职级",)),
    Column("employment", "在职/离退休",
           ("在职离退休", "在职或离退休", "在职情况", "在职状态", "人员状态", "工作状态")),
    Column("party_post", "党内职务", ("支部职务",)),
    Column("group", "党小组", ("所在党小组", "党小组名称")),
    Column("hardship", "是否困难党员", ("困难党员",), "flag"),
    Column("hardship_kind", "困难类型", ("困难类别", "困难情况")),
    Column("is_leader", "是否党员领导干部", ("党员领导干部", "领导干部"), "flag"),
    Column("notes", "备注"),
)

#: Headings that are known but carry nothing to import (numbering, derived values).
IGNORED_HEADERS = frozenset({"序号", "编号", "党龄", "年龄"})

_NOTE = re.compile(r"\(.*?\)")
_BY_NAME = {
    name: column for column in COLUMNS for name in (column.header, *column.aliases)
}


def header_key(text: str) -> str:
    """A heading without spaces, asterisks, colons or notes: 身份证号(18位)* → 身份证号."""
    return _NOTE.sub("", normalised(text)).strip("*:")


def column_for(text: str) -> Column | None:
    return _BY_NAME.get(header_key(text))


def column_for_pair(upper: str, lower: str) -> tuple[Column | None, str]:
    """The column under a two-row heading, and the heading to name it by.

    The lower cell names it when it can (入党时间 over 入党日期 | 转正日期); else the two read
    together (是否 over 流动党员, 入党时间 over 入党 | 转正); an empty lower cell, or one merged
    with the upper, leaves the upper heading.
    """
    if not lower or lower == upper:
        return column_for(upper), upper
    if not upper:
        return column_for(lower), lower
    for key, shown in ((lower, lower), (upper + lower, upper + lower),
                       (f"{upper}/{lower}", f"{upper}（{lower}）")):
        if (column := column_for(key)) is not None:
            return column, shown
    return None, f"{upper}（{lower}）"
