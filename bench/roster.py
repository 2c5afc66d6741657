"""A 300-member branch: roster load time, and import / export time of a 300-row Excel sheet.

    .venv/bin/python bench/roster.py [--members 300] [--runs 5]

Load: `list_members` in a session, and the whole `branchdesk members list --json` command
(opening the database included). Import: a hand-kept style sheet (variant headings, mixed
date spellings) written with openpyxl, then preview (read + check every row) and import
into a fresh database. The same members again as an official form: a workbook with a notes
sheet, the roster with a two-row header under merged cells and each 党小组 merged down over its
members, and a hidden older copy. Figures are medians over the runs.
"""

import argparse
import contextlib
import datetime as dt
import io
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# After the path is set:
from openpyxl import Workbook  # noqa: E402

from app.branch import list_groups  # noqa: E402
from app.cli import main as cli  # noqa: E402
from app.demo.people import id_number, person_name, random_date  # noqa: E402
from app.members.excel import import_rows, preview_roster  # noqa: E402
from app.members.excel_export import export_roster  # noqa: E402
from app.members.rules import MemberCategory, add_years  # noqa: E402
from app.members.service import MemberInput, add_member, list_members  # noqa: E402
from app.profile import ProfileInput, save_profile  # noqa: E402
from bench.measure import TODAY  # noqa: E402
from db.database import Database  # noqa: E402

GROUPS = ["第一党小组", "第二党小组", "第三党小组", "离退休党小组"]


def people(rng: random.Random, count: int) -> list[MemberInput]:
    """`count` members with distinct valid ID numbers, a few of them 预备党员."""
    seen: set[str] = set()
    found: list[MemberInput] = []
    while len(found) < count:
        gender = rng.choice("男男女")
        birth = random_date(rng, dt.date(1950, 1, 1), dt.date(2000, 12, 31))
        number = id_number(rng, birth, gender)
        if number in seen:
            continue
        seen.add(number)
        probationary = rng.random() < 0.05
        join = (TODAY - dt.timedelta(days=rng.randrange(30, 330)) if probationary
                else random_date(rng, add_years(birth, 19), dt.date(2023, 1, 1)))
        found.append(MemberInput(
            name=person_name(rng, gender), id_number=number, gender=gender, birth_date=birth,
            category=MemberCategory.PROBATIONARY if probationary else MemberCategory.FULL,
            join_date=join,
            full_date=None if probationary else add_years(join, 1),
            education=rng.choice(("研究生", "大学本科", "大学专科")), job="科员",
            phone=f"139{rng.randrange(10**7, 10**8)}", address="市中心路1号",
            employment="离退休" if birth.year < 1962 else "在职",
        ))
    return found


def branch(path: Path, members: list[MemberInput]) -> None:
    with Database.open(path) as database, database.session() as session:
        save_profile(session, ProfileInput(name="中共测试局机关党支部", code="BENCH",
                                           groups=GROUPS))
        groups = list_groups(session)
        for index, data in enumerate(members):
            data.group_id = groups[index % len(groups)].id
            add_member(session, data, today=TODAY)


def _spelled(day: dt.date, rng: random.Random) -> object:
    """The same date as different secretaries type it."""
    return rng.choice((day, f"{day.year}.{day.month}.{day.day}",
                       f"{day.year}年{day.month}月{day.day}日", f"{day:%Y/%m/%d}",
                       int(f"{day:%Y%m%d}")))


def write_sheet(path: Path, members: list[MemberInput], rng: random.Random) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["党员花名册"])
    sheet.merge_cells("A1:J1")
    sheet.append(["序号", "姓名", "性别", "身份证号码", "出生年月", "文化程度", "党员类别",
                  "入党时间", "转正时间", "党小组"])
    for index, m in enumerate(members, start=1):
        sheet.append([index, m.name, m.gender, m.id_number, _spelled(m.birth_date, rng),
                      m.education, m.category, _spelled(m.join_date, rng),
                      _spelled(m.full_date, rng) if m.full_date else None,
                      GROUPS[index % len(GROUPS)]])
    book.save(path)


def write_official_form(path: Path, members: list[MemberInput], rng: random.Random) -> None:
    book = Workbook()
    book.active.title = "填表说明"
    book.active["A1"] = "本表按党小组排列。"
    for title in ("党员花名册", "旧名册"):
        sheet = book.create_sheet(title)
        sheet.append(["中共测试局机关党支部党员花名册"])
        sheet.merge_cells("A1:I1")
        sheet.append(["序号", "姓名", "性别", "公民身份号码", "出生年月", "入党时间", None,
                      "党小组", "联系电话"])
        sheet.append([None] * 5 + ["入党", "转正"])
        for column in "ABCDEHI":
            sheet.merge_cells(f"{column}2:{column}3")
        sheet.merge_cells("F2:G2")
        row = 4
        for group in GROUPS:  # listed by 党小组, its name merged down over its members
            own = [m for n, m in enumerate(members, start=1) if GROUPS[n % len(GROUPS)] == group]
            for m in own:
                sheet.append([row - 3, m.name, m.gender, m.id_number,
                              _spelled(m.birth_date, rng), _spelled(m.join_date, rng),
                              _spelled(m.full_date, rng) if m.full_date else None,
                              group if m is own[0] else None, m.phone])
                row += 1
            sheet.merge_cells(f"H{row - len(own)}:H{row - 1}")
    book["旧名册"].sheet_state = "hidden"
    book.save(path)


def timed(action: Callable[[], object], runs: int) -> float:
    """Median seconds of `runs` calls."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(count: int, runs: int) -> dict[str, float]:
    rng = random.Random(300)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        db_path = work / "branch.db"
        started = time.perf_counter()
        branch(db_path, people(rng, count))
        figures = {"创建支部（逐个 add_member）": time.perf_counter() - started}

        with Database.open(db_path) as database:
            def load() -> None:
                with database.session() as session:
                    assert len(list_members(session, on=TODAY)) == count

            figures["名册加载 list_members"] = timed(load, runs)
            export = work / "导出.xlsx"

            def write_export() -> None:
                with database.session() as session:
                    export_roster(session, export, today=TODAY)

            figures["导出 Excel"] = timed(write_export, runs)

        def list_json() -> None:
            with contextlib.redirect_stdout(io.StringIO()) as out:
                assert cli(["--db", str(db_path), "members", "list", "--json"]) == 0
            assert out.getvalue().count('"id_number"') == count

        figures["members list --json（含打开数据库）"] = timed(list_json, runs)

        sheet = work / "花名册.xlsx"
        started = time.perf_counter()
        write_sheet(sheet, people(random.Random(301), count), rng)
        figures["写入测试表格（openpyxl）"] = time.perf_counter() - started
        previews, imports = [], []
        for run in range(runs):
            with Database.open(work / f"fresh{run}.db") as fresh, fresh.session() as session:
                started = time.perf_counter()
                preview = preview_roster(session, sheet, today=TODAY)
                previews.append(time.perf_counter() - started)
                assert len(preview.valid_rows) == count, preview.error_rows[:3]
                started = time.perf_counter()
                import_rows(session, preview)
                imports.append(time.perf_counter() - started)
        figures["导入：读取并检查（预览）"] = statistics.median(previews)
        figures["导入：保存（一个事务）"] = statistics.median(imports)
        figures["导入合计"] = statistics.median(p + i for p, i in zip(previews, imports,
                                                                      strict=True))
        form = work / "花名册_表式.xlsx"
        official = people(random.Random(301), count)
        write_official_form(form, official, rng)
        groups = {m.id_number: GROUPS[n % len(GROUPS)] for n, m in enumerate(official, 1)}

        with Database.open(work / "form.db") as fresh, fresh.session() as session:
            def read_form() -> None:
                preview = preview_roster(session, form, today=TODAY)
                assert len(preview.valid_rows) == count, preview.error_rows[:3]
                assert all(groups[r.data.id_number] == r.group_name for r in preview.rows)

            figures["导入预览：表式名册（两行表头、3个工作表）"] = timed(read_form, runs)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    figures = measure(args.members, args.runs)
    print(f"{args.members} 名党员，中位数 / {args.runs} 次：")
    for label, seconds in figures.items():
        print(f"  {label}: {seconds * 1000:.0f} ms")


if __name__ == "__main__":
    main()
