"""Importing the roster the secretary already keeps in Excel, and exporting it.

`preview_roster` reads a sheet and checks every row with the member rules without saving;
`import_rows` then saves the valid rows inside the caller's transaction, so either all of
them are stored or (on any failure or 取消) none.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy.orm import Session

from app.branch import list_groups
from app.idcard import IdNumber, parse_id_number
from app.members.excel_sheets import (
    Cell,
    Header,
    SheetInfo,
    UnclearSheet,
    data_rows,
    open_workbook,
    pick_sheet,
    survey,
)
from app.members.excel_values import cell_text, parse_date, parse_flag
from app.members.rules import (
    DEGREES,
    EDUCATIONS,
    EMPLOYMENTS,
    ETHNICITIES,
    MemberCategory,
    MembershipStatus,
    add_years,
)
from app.members.service import MemberInput, add_member, check_member
from app.members.text import normalised
from app.progress import SILENT, Progress
from base.errors import UserError, ValidationError
from db.models import PartyGroup

#: 预备期 is one year and may be extended by one more: older joins without 转正日期 are unclear.
PROBATION_LIMIT_YEARS = 2

_EDUCATION = {
    **{e: e for e in EDUCATIONS},
    "博士研究生": "研究生", "硕士研究生": "研究生", "博士": "研究生", "硕士": "研究生",
    "本科": "大学本科", "大学": "大学本科", "大专": "大学专科", "专科": "大学专科",
    "中专": "中等专科", "中技": "中等专科", "技校": "中等专科", "职高": "高中",
    "初中": "初中及以下", "小学": "初中及以下",
}
_EMPLOYMENT = {
    **{e: e for e in EMPLOYMENTS},
    "退休": "离退休", "离休": "离退休", "已退休": "离退休", "下岗": "下岗失业", "失业": "下岗失业",
}
_DEGREE = {**{d: d for d in DEGREES}, **{f"{d}学位": d for d in DEGREES}}
_ETHNICITY = {**{e: e for e in ETHNICITIES}, **{e.removesuffix("族"): e for e in ETHNICITIES}}
_CATEGORY: dict[str, str] = {**{c: c for c in MemberCategory}, "正式": MemberCategory.FULL,
                             "预备": MemberCategory.PROBATIONARY}
_GENDER = {"男": "男", "男性": "男", "女": "女", "女性": "女"}


@dataclass
class PreviewRow:
    """One sheet row as it would be imported, with what stops it and what to check."""

    row: int  # the row number shown in Excel
    data: MemberInput
    group_name: str = ""
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors


@dataclass
class ImportPreview:
    path: Path
    sheet: str
    header: Header
    today: dt.date
    sheets: list[SheetInfo] = field(default_factory=list)  # every sheet of the workbook
    sheet_unclear: bool = False  # several sheets looked equally like the roster
    notes: list[str] = field(default_factory=list)  # about the sheet as a whole
    rows: list[PreviewRow] = field(default_factory=list)
    new_groups: list[str] = field(default_factory=list)  # 党小组 the import will create

    @property
    def file_name(self) -> str:
        return self.path.name

    @property
    def columns(self) -> list[str]:
        """The recognised headings, as written in the sheet."""
        return self.header.headings

    @property
    def choices(self) -> list[SheetInfo]:
        """The sheets the user may pick instead (those that look like a roster)."""
        return [s for s in self.sheets if s.usable or s.title == self.sheet]

    @property
    def valid_rows(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.valid]

    @property
    def error_rows(self) -> list[PreviewRow]:
        return [r for r in self.rows if not r.valid]

    def summary(self) -> str:
        valid = self.valid_rows
        warned = sum(1 for r in valid if r.warnings)
        text = f"共 {len(self.rows)} 行：可导入 {len(valid)} 行"
        if warned:
            text += f"（其中 {warned} 行有提醒，请核对）"
        return text + f"，不能导入 {len(self.error_rows)} 行"


# ---------------------------------------------------------------- the sheet as a whole


def _choice_notes(sheets: list[SheetInfo], chosen: SheetInfo, unclear: bool) -> list[str]:
    """Which other sheets also look like the roster, when the sheet was picked for the user."""
    others = "、".join(f"“{s.title}”" for s in sheets if s.usable and s is not chosen)
    hidden = "、".join(f"“{s.title}”" for s in sheets
                       if s.hidden and s.header is not None and s is not chosen)
    notes = []
    if unclear:
        notes.append(f"工作表{others}与“{chosen.title}”同样像党员名册，现在显示的是“{chosen.title}”："
                     "请确认要导入的是哪一个，需要时换选其他工作表")
    elif others:
        notes.append(f"工作簿中另有像名册的工作表{others}，已选用识别列最多的“{chosen.title}”")
    if hidden:
        notes.append(f"隐藏的工作表{hidden}未读取：如要导入，请在 Excel 中取消隐藏")
    return notes


def _sheet_notes(header: Header) -> list[str]:
    keys = {c.key for c, _ in header.columns.values()}
    notes = []
    if header.unknown:
        notes.append("以下列无法识别，不会导入：" + "、".join(header.unknown))
    if header.repeated:
        notes.append("以下列与前面的列重复，只导入前面的列：" + "、".join(header.repeated))
    if "join_date" not in keys:
        notes.append("表中没有“入党日期”列：入党日期必填，请补上这一列")
    if "full_date" not in keys:
        notes.append("表中没有“转正日期”列：正式党员必须填写转正日期，否则该行不能导入")
    if "category" not in keys:
        notes.append("表中没有“人员类别”列：有转正日期的按正式党员导入，"
                     "入党不满两年且无转正日期的按预备党员导入")
    if "ethnicity" not in keys:
        notes.append("表中没有“民族”列：均按汉族导入")
    return notes


# ---------------------------------------------------------------- one row


class _RowReader:
    """Builds the MemberInput of one row, collecting messages per field."""

    def __init__(self, cells: dict[str, tuple[Cell, str]], today: dt.date,
                 epoch: dt.datetime) -> None:
        self.cells = cells
        self.today = today
        self.epoch = epoch
        self.errors: dict[str, str] = {}
        self.warnings: list[str] = []

    def text(self, key: str) -> str:
        cell, _heading = self.cells.get(key, (Cell(None, ""), ""))
        return cell_text(cell.value, cell.number_format)

    def heading(self, key: str) -> str:
        return self.cells[key][1]

    def date(self, key: str, id_number: IdNumber | None = None) -> dt.date | None:
        if key not in self.cells:
            return None
        cell, heading = self.cells[key]
        try:
            parsed = parse_date(cell.value, cell.number_format, self.epoch)
        except UserError as exc:
            self.errors[key] = f"{heading}{exc.message}"
            return None
        if parsed is None or not parsed.month_only:
            return parsed.day if parsed else None
        born = id_number.birth_date if id_number else None
        if key == "birth_date" and born and (born.year, born.month) == (
            parsed.day.year, parsed.day.month
        ):
            return born  # the ID number gives the exact day
        self.warnings.append(
            f"{heading}只有年月（{parsed.day:%Y年%m月}），已按当月1日导入，请核对"
        )
        return parsed.day

    def flag(self, key: str) -> bool:
        text = self.text(key)
        value = parse_flag(text)
        if value is None:
            self.warnings.append(f"{self.heading(key)}“{text}”无法识别（应为“是”或“否”），按“否”导入")
        return bool(value)

    def mapped(self, key: str, table: dict[str, str], default: str) -> str:
        text = normalised(self.text(key))
        if not text:
            return default
        if text in table:
            return table[text]
        if key == "employment":
            self.warnings.append(f"{self.heading(key)}“{text}”无法识别，按“其他”导入")
            return "其他"
        self.warnings.append(f"{self.heading(key)}“{text}”不是常用的写法，已原样导入，请核对")
        return text

    def id_number(self) -> tuple[str, IdNumber | None]:
        cell, heading = self.cells["id_number"]
        if isinstance(cell.value, float) and cell.value >= 1e15:
            self.errors["id_number"] = (
                f"{heading}被 Excel 存成了数字，后几位已丢失：请把该列设为“文本”格式后重新录入"
            )
            return "", None
        raw = self.text("id_number")
        try:
            return raw, parse_id_number(raw, self.today)
        except UserError:
            return raw, None  # check_member reports it

    def gender(self) -> str:
        text = normalised(self.text("gender"))
        if text and text not in _GENDER:
            self.errors["gender"] = f"{self.heading('gender')}“{text}”应为“男”或“女”"
        return _GENDER.get(text, "")

    def category(self, join: dt.date | None, full: dt.date | None) -> str:
        text = normalised(self.text("category"))
        if text:
            if text not in _CATEGORY:
                self.errors["category"] = (
                    f"{self.heading('category')}“{text}”应为“正式党员”或“预备党员”"
                )
            return _CATEGORY.get(text, text)
        if full is not None:
            return MemberCategory.FULL
        if join is not None and join <= add_years(self.today, -PROBATION_LIMIT_YEARS):
            self.errors["category"] = (
                f"未填人员类别和转正日期：入党已满{PROBATION_LIMIT_YEARS}年，"
                "请补填转正日期（正式党员）或人员类别"
            )
        elif join is not None:
            self.warnings.append("未填人员类别和转正日期：按预备党员导入，请核对")
        return MemberCategory.PROBATIONARY

    def read(self) -> tuple[MemberInput, str]:
        raw_id, parsed_id = self.id_number()
        join = self.date("join_date")
        full = self.date("full_date")
        data = MemberInput(
            name=self.text("name"),
            id_number=raw_id,
            category=self.category(join, full),
            join_date=join,
            full_date=full,
            gender=self.gender(),
            birth_date=self.date("birth_date", parsed_id),
            ethnicity=self.mapped("ethnicity", _ETHNICITY, "汉族"),
            education=self.mapped("education", _EDUCATION, ""),
            degree=self.mapped("degree", _DEGREE, ""),
            phone=normalised(self.text("phone")),
            membership_status=normalised(self.text("membership_status")) or MembershipStatus.NORMAL,
            lost_contact=self.flag("lost_contact"),
            mobile=self.flag("mobile"),
            work_start_date=self.date("work_start_date"),
            employment=self.mapped("employment", _EMPLOYMENT, "在职"),
            hardship=self.flag("hardship"),
            is_leader=self.flag("is_leader"),
            job=self.text("job"), address=self.text("address"),
            native_place=self.text("native_place"), rank=self.text("rank"),
            party_post=self.text("party_post"), hardship_kind=self.text("hardship_kind"),
            notes=self.text("notes"),
        )
        return data, self.text("group")


def _check_row(session: Session, number: int, reader: _RowReader) -> PreviewRow:
    data, group = reader.read()
    row = PreviewRow(number, data, group, warnings=reader.warnings)
    try:
        checked = check_member(session, data, today=reader.today)
    except ValidationError as exc:
        problems = {**exc.fields, **reader.errors}  # the cell's own message is the clearer
        if "id_number" in problems and not data.gender:
            problems.pop("gender", None)  # it would have come from the ID number
    else:
        problems = reader.errors
        row.warnings = checked.warnings + row.warnings
        row.data = replace(data, name=str(checked.values["name"]),
                           id_number=str(checked.values["id_number"]))
    row.errors = list(problems.values())
    return row


def _flag_duplicates(rows: list[PreviewRow], today: dt.date) -> None:
    """The same ID on several rows: none of them is imported until the sheet is fixed."""
    by_number: dict[str, list[PreviewRow]] = defaultdict(list)
    for row in rows:
        try:
            by_number[parse_id_number(row.data.id_number, today).number].append(row)
        except UserError:
            continue
    for same in by_number.values():
        if len(same) < 2:
            continue
        for row in same:
            others = "、".join(str(r.row) for r in same if r is not row)
            row.errors.append(f"身份证号与表中第{others}行重复")


# ---------------------------------------------------------------- preview and import


def preview_roster(session: Session, path: Path | str, progress: Progress = SILENT,
                   today: dt.date | None = None, sheet: str | None = None,
                   first_if_unclear: bool = False) -> ImportPreview:
    """Read the roster and check each row against the rules and the database; saves nothing.

    `sheet` names the sheet (title, or its number from 1); without it the sheet that looks
    most like a roster is read. When several look equally like one, UnclearSheet is raised,
    or with `first_if_unclear` the first of them is read and the preview says so.
    """
    path = Path(path)
    today = today or dt.date.today()
    workbook = open_workbook(path)
    try:
        sheets = survey(workbook)
        unclear = False
        try:
            chosen = pick_sheet(sheets, sheet)
        except UnclearSheet as exc:
            if not first_if_unclear:
                raise
            chosen, unclear = exc.sheets[0], True
        header = chosen.header
        assert header is not None  # pick_sheet chooses a sheet with a roster header
        notes = [] if sheet else _choice_notes(sheets, chosen, unclear)
        preview = ImportPreview(path, chosen.title, header, today, sheets, unclear,
                                notes=notes + _sheet_notes(header))
        worksheet = workbook.worksheets[chosen.number - 1]
        total = max((worksheet.max_row or 0) - header.last, 0)
        name_heading = next(t for c, t in header.columns.values() if c.key == "name")
        for number, cells in data_rows(worksheet, header):
            progress.step(number - header.last - 1, total, f"正在检查第 {number} 行")
            by_key = {column.key: (cells[i], heading)
                      for i, (column, heading) in header.columns.items() if i < len(cells)}
            shown = {k: cell_text(c.value) for k, (c, _h) in by_key.items() if k != "branch"}
            if not any(shown.values()) or shown.get("name") == name_heading:
                continue  # a blank line, or the header repeated for printing
            reader = _RowReader(by_key, today, workbook.epoch)
            preview.rows.append(_check_row(session, number, reader))
    finally:
        workbook.close()
    _flag_duplicates(preview.rows, today)
    existing = {g.name for g in list_groups(session)}
    preview.new_groups = list(dict.fromkeys(r.group_name for r in preview.valid_rows
                                            if r.group_name and r.group_name not in existing))
    return preview


def _groups_by_name(session: Session, names: list[str]) -> dict[str, PartyGroup]:
    """The 党小组 of these names, creating the missing ones after the existing ones."""
    groups = {g.name: g for g in list_groups(session)}
    order = max((g.sort_order for g in groups.values()), default=-1)
    for name in (n for n in dict.fromkeys(names) if n not in groups):
        order += 1
        groups[name] = PartyGroup(name=name, sort_order=order)
        session.add(groups[name])
    session.flush()
    return groups


def import_rows(session: Session, preview: ImportPreview, progress: Progress = SILENT) -> int:
    """Save every valid row of the preview; run it inside one transaction (all or nothing)."""
    rows = preview.valid_rows
    if not rows:
        raise UserError("没有可以导入的行，请先按提示修改表格")
    groups = _groups_by_name(session, [r.group_name for r in rows if r.group_name])
    for done, row in enumerate(rows):
        progress.step(done, len(rows), f"正在导入第 {done + 1}/{len(rows)} 人")
        group = groups[row.group_name].id if row.group_name else None
        try:
            add_member(session, replace(row.data, group_id=group), today=preview.today)
        except ValidationError as exc:
            raise UserError(f"第{row.row}行（{row.data.name}）无法导入：{exc.message}。"
                            "未导入任何党员，请重新读取表格后再试") from exc
    progress.step(len(rows), len(rows), "导入完成")
    return len(rows)
