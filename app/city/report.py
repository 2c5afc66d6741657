"""`city report --year Y`: per branch meetings (with the share that had a 第一议题), dues, fund,
visits and 双报到 volunteer service, each with its total; member statistics.

Each branch's stored records are loaded into a private in-memory database with the branch
schema, and the areas' own rules run on it (meeting compliance, who is on the roster), so
the city counts exactly what the branch program counts. A section whose tables are absent
(an area not yet in use) is simply left out.
"""

import contextlib
import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, create_engine, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.members.rules import MemberCategory, on_roster
from app.sync.records import decode_record, synced_tables
from db.base import Base
from db.city.models import CityBranch, CityRecord
from db.models import Setting

QUARTER_NAMES = ("一季度", "二季度", "三季度", "四季度")
AGE_BANDS = ((0, 30, "30岁及以下"), (31, 35, "31–35岁"), (36, 40, "36–40岁"),
             (41, 45, "41–45岁"), (46, 50, "46–50岁"), (51, 55, "51–55岁"),
             (56, 60, "56–60岁"), (61, 200, "61岁及以上"))
JOIN_BANDS = ((dt.date(1949, 10, 1), "新中国成立前"), (dt.date(1978, 12, 18), "至十一届三中全会前"),
              (dt.date(2012, 11, 8), "至十八大前"), (dt.date.max, "十八大以来"))
COLLEGE = ("研究生", "大学本科", "大学专科")


def snapshot(session: Session, code: str) -> Session:
    """A throw-away branch database holding the city's copy of one branch's records."""
    engine = create_engine("sqlite://")
    tables = synced_tables()
    Base.metadata.create_all(engine, tables=[*tables, cast(Table, Setting.__table__)])
    snap = Session(engine)
    stored: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for name, data in session.execute(select(CityRecord.table_name, CityRecord.data).where(
            CityRecord.branch_code == code)):
        stored[name].append(data)
    for table in tables:
        rows = []
        for record in stored.get(table.name, []):
            try:
                rows.append(decode_record(table, record)[0])
            except ValueError:
                continue  # a record this schema cannot hold is left out of the figures
        _insert(snap, table, rows)
    return snap


def _insert(snap: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """All rows at once; when some break a constraint, one by one leaving those out."""
    if not rows:
        return
    try:
        with snap.begin_nested():
            snap.execute(insert(table), rows)
    except IntegrityError:
        for row in rows:
            with contextlib.suppress(IntegrityError), snap.begin_nested():
                snap.execute(insert(table), [row])


def _year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _meetings(snap: Session, year: int, today: dt.date) -> dict[str, Any]:
    from app.meetings.compliance import HELD, UPCOMING, compliance
    from app.meetings.first_topic import check_first_topics
    from db.models import Meeting, MeetingTypeLink

    first, last = _year(year)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for kind, day in snap.execute(
            select(MeetingTypeLink.type, Meeting.date)
            .join(Meeting, Meeting.id == MeetingTypeLink.meeting_id)
            .where(Meeting.deleted_at.is_(None), MeetingTypeLink.deleted_at.is_(None),
                   Meeting.date.between(first, last))):
        counts[kind][(day.month - 1) // 3] += 1
    grid = compliance(snap, year, today=min(today, last + dt.timedelta(days=1)))
    topics = check_first_topics(snap, year)
    cells = [cell for row in grid.rows for cell in row.cells if cell.state != UPCOMING]
    return {"counts": dict(sorted(counts.items())),
            "required": len(cells), "held": sum(1 for c in cells if c.state == HELD),
            "overdue": grid.overdue_texts(),
            "first_topic": _first_topic(topics.required, topics.with_topic)}


def _first_topic(required: int, with_topic: int) -> dict[str, Any]:
    """Meetings that needed a 第一议题, how many had one, and that share (None for none)."""
    return {"required": required, "with_topic": with_topic,
            "share": round(with_topic / required, 4) if required else None}


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{share:.0%}"


def _sum(snap: Session, column: Any, *where: Any) -> Decimal:
    return sum((v for v in snap.scalars(select(column).where(*where)) if v is not None),
               Decimal("0.00"))


def _dues(snap: Session, year: int) -> dict[str, Any]:
    from db.models import DuesPayment, DuesRemittance

    first, last = _year(year)
    return {
        "collected": _sum(snap, DuesPayment.amount, DuesPayment.deleted_at.is_(None),
                          DuesPayment.paid_on.between(first, last)),
        "passed_up": _sum(snap, DuesRemittance.amount, DuesRemittance.deleted_at.is_(None),
                          DuesRemittance.year == year),
    }


def _fund(snap: Session, year: int) -> dict[str, Any]:
    """Counted as the branch counts: a reversal goes against what it reverses, so the two
    cancel out instead of inflating income and spending."""
    from app.fund.ledger import balance
    from app.fund.reports import kind_totals

    first, last = _year(year)
    income, expense = kind_totals(snap, first, last)
    return {"income": sum(income.values(), Decimal("0.00")),
            "expense": sum(expense.values(), Decimal("0.00")), "balance": balance(snap, last)}


def _visits(snap: Session, year: int) -> dict[str, Any]:
    from db.models import Visit, VisitPerson

    first, last = _year(year)
    live = (Visit.deleted_at.is_(None), Visit.date.between(first, last))
    by_kind = {kind: count for kind, count in snap.execute(
        select(Visit.kind, func.count()).where(*live).group_by(Visit.kind))}
    cash: dict[str, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for source, amount in snap.execute(
            select(Visit.source, VisitPerson.cash).join(VisitPerson,
                                                        VisitPerson.visit_id == Visit.id)
            .where(*live, VisitPerson.deleted_at.is_(None))):
        cash[source or "未注明"] += amount or Decimal("0.00")
    return {"by_kind": dict(sorted(by_kind.items())), "cash_by_source": dict(sorted(cash.items()))}


SERVICE_FIELDS = ("activities", "person_times", "minutes", "wishes_claimed", "wishes_done",
                  "problems_found", "problems_solved", "deeds")


def _service(snap: Session, year: int) -> dict[str, Any]:
    """双报到 volunteer service as the branch sums it; hours from whole minutes."""
    from app.service.summary import service_summary

    summary = service_summary(snap, year)
    figures = {name: getattr(summary, name) for name in SERVICE_FIELDS}
    return _with_hours(figures) | {"by_kind": {
        kind: _with_hours({"activities": t.activities, "person_times": t.person_times,
                           "minutes": t.minutes})
        for kind, t in summary.by_kind.items() if t.activities}}


def _with_hours(figures: dict[str, Any]) -> dict[str, Any]:
    return figures | {"hours": round(figures["minutes"] / 60, 1)}


def _service_total(branches: list[dict[str, Any]]) -> dict[str, Any]:
    total = {name: sum(b["service"][name] for b in branches) for name in SERVICE_FIELDS}
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for b in branches:
        for kind, figures in b["service"]["by_kind"].items():
            by_kind[kind].update({k: v for k, v in figures.items() if k != "hours"})
    return _with_hours(total) | {"by_kind": {k: _with_hours(dict(v))
                                             for k, v in sorted(by_kind.items())}}


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def member_buckets(snap: Session, year: int) -> dict[str, int]:
    """The national statistics buckets as of 31 December, in the order of the forms."""
    from db.models import Member

    on = dt.date(year, 12, 31)
    fixed = ["党员总数", "正式党员", "预备党员", "性别：男", "性别：女", "少数民族",
             "大专及以上学历", *(f"年龄：{label}" for _l, _h, label in AGE_BANDS),
             *(f"入党时间：{label}" for _d, label in JOIN_BANDS)]
    counts: Counter[str] = Counter(dict.fromkeys(fixed, 0))
    for member in snap.scalars(select(Member)):
        if not on_roster(member, on):
            continue
        counts["党员总数"] += 1
        counts["正式党员" if member.category == MemberCategory.FULL else "预备党员"] += 1
        counts[f"性别：{member.gender}"] += 1
        if member.ethnicity != "汉族":
            counts["少数民族"] += 1
        if member.education in COLLEGE:
            counts["大专及以上学历"] += 1
        age = _age(member.birth_date, on)
        counts["年龄：" + next(label for low, high, label in AGE_BANDS if low <= age <= high)] += 1
        counts["入党时间：" + next(label for limit, label in JOIN_BANDS
                                   if member.join_date < limit)] += 1
        counts["职业：" + ("离退休人员" if member.employment == "离退休"
                          else "党政机关工作人员" if member.employment == "在职"
                          else member.employment)] += 1
    return dict(counts)


def _recruits(snap: Session, year: int) -> dict[str, int]:
    """发展党员 by milestone in the year and by stage on 31 December, as the branch counts."""
    from app.recruits.track import load_tracks
    from app.recruits.yearly import year_counts

    return year_counts(load_tracks(snap), year)


SECTIONS = (("meetings", _meetings), ("dues", _dues), ("fund", _fund), ("visits", _visits),
            ("service", _service), ("recruits", _recruits))


def year_report(session: Session, year: int, today: dt.date | None = None) -> dict[str, Any]:
    today = today or dt.date.today()
    branches = []
    totals: Counter[str] = Counter()
    for branch in session.scalars(select(CityBranch).order_by(CityBranch.code)):
        snap = snapshot(session, branch.code)
        try:
            entry: dict[str, Any] = {"code": branch.code, "name": branch.name}
            for name, section in SECTIONS:
                args = (snap, year, today) if name == "meetings" else (snap, year)
                entry[name] = section(*args)
            entry["members"] = member_buckets(snap, year)
            totals.update(entry["members"])
        finally:
            snap.close()
        branches.append(entry)
    topics = [b["meetings"]["first_topic"] for b in branches]
    return {"year": year, "branches": branches, "members_total": dict(totals),
            "first_topic_total": _first_topic(sum(t["required"] for t in topics),
                                              sum(t["with_topic"] for t in topics)),
            "service_total": _service_total(branches)}


def _yuan(value: Decimal) -> str:
    return f"{value:,.2f}"


def text_lines(report: dict[str, Any]) -> list[str]:
    lines = [f"{report['year']}年度汇总（{len(report['branches'])} 个支部）"]
    for b in report["branches"]:
        lines += ["", f"{b['name']}（{b['code']}）"]
        m = b["meetings"]
        lines.append(f"  组织生活：应开 {m['required']} 期，已开 {m['held']} 期"
                     + (f"；未按期 {len(m['overdue'])} 项：{'、'.join(m['overdue'][:6])}"
                        + ("等" if len(m["overdue"]) > 6 else "") if m["overdue"] else ""))
        topics = m["first_topic"]
        lines.append(f"  第一议题：应安排 {topics['required']} 次，已安排 {topics['with_topic']} 次"
                     f"（{_percent(topics['share'])}）")
        for kind, per in m["counts"].items():
            lines.append(f"    {kind}：" + "  ".join(f"{q} {n}" for q, n in
                                                     zip(QUARTER_NAMES, per, strict=True)))
        lines.append(f"  党费：收缴 {_yuan(b['dues']['collected'])} 元，"
                     f"上缴 {_yuan(b['dues']['passed_up'])} 元")
        f = b["fund"]
        lines.append(f"  互助金：收入 {_yuan(f['income'])} 元，支出 {_yuan(f['expense'])} 元，"
                     f"年末余额 {_yuan(f['balance'])} 元")
        visits = b["visits"]["by_kind"]
        lines.append("  慰问：" + ("，".join(f"{k} {n} 次" for k, n in visits.items()) or "无"))
        lines.append("  " + _service_text(b["service"]))
        lines.append("  发展党员：" + "，".join(f"{k} {n}" for k, n in b["recruits"].items()))
    topics = report["first_topic_total"]
    lines += ["", f"第一议题（各支部合计）：应安排 {topics['required']} 次，已安排 "
                  f"{topics['with_topic']} 次（{_percent(topics['share'])}）"]
    lines += ["", "双报到志愿服务（各支部合计）：" + _service_text(report["service_total"])
              .removeprefix("志愿服务：")]
    lines += ["", "党员统计（12月31日，各支部合计）："]
    lines += [f"  {k}：{v}" for k, v in report["members_total"].items()]
    return lines


def _service_text(s: dict[str, Any]) -> str:
    return (f"志愿服务：{s['activities']} 次、{s['person_times']} 人次、{s['hours']:g} 小时；"
            f"微心愿认领 {s['wishes_claimed']} 个、完成 {s['wishes_done']} 个；"
            f"社区问题解决 {s['problems_solved']} 个（发现 {s['problems_found']} 个）；"
            f"办实事 {s['deeds']} 件")


SERVICE_HEADERS = ["活动次数", "人次", "时长（小时）", "微心愿认领", "微心愿完成", "问题发现",
                   "问题解决", "办实事"]


def _service_cells(s: dict[str, Any]) -> list[Any]:
    return [s["activities"], s["person_times"], s["hours"], s["wishes_claimed"],
            s["wishes_done"], s["problems_found"], s["problems_solved"], s["deeds"]]


def write_xlsx(report: dict[str, Any], path: Path) -> None:
    from openpyxl import Workbook

    from app.files import write_safely
    from app.reports.sheets import append_row, workbook_bytes

    book = Workbook()
    sheet = book.active
    sheet.title = "组织生活"
    kinds = sorted({k for b in report["branches"] for k in b["meetings"]["counts"]})
    append_row(sheet, ["支部代码", "支部", "类型", *QUARTER_NAMES, "全年"])
    for b in report["branches"]:
        for kind in kinds:
            per = b["meetings"]["counts"].get(kind, [0, 0, 0, 0])
            append_row(sheet, [b["code"], b["name"], kind, *per, sum(per)])
    sheet = book.create_sheet("按期开展")
    append_row(sheet, ["支部代码", "支部", "应开期数", "已开期数", "未按期事项",
                       "应有第一议题", "有第一议题", "第一议题占比"])
    for b in report["branches"]:
        m = b["meetings"]
        topics = m["first_topic"]
        append_row(sheet, [b["code"], b["name"], m["required"], m["held"],
                           "；".join(m["overdue"]), topics["required"], topics["with_topic"],
                           topics["share"]])
        sheet[sheet.max_row][7].number_format = "0%"
    sheet = book.create_sheet("党费和互助金")
    append_row(sheet, ["支部代码", "支部", "党费收缴", "党费上缴", "互助金收入", "互助金支出",
                       "互助金年末余额"])
    for b in report["branches"]:
        append_row(sheet, [b["code"], b["name"], b["dues"]["collected"], b["dues"]["passed_up"],
                           b["fund"]["income"], b["fund"]["expense"], b["fund"]["balance"]])
        for cell in sheet[sheet.max_row][2:]:
            cell.number_format = "#,##0.00"
    sheet = book.create_sheet("慰问")
    visit_kinds = sorted({k for b in report["branches"] for k in b["visits"]["by_kind"]})
    append_row(sheet, ["支部代码", "支部", *visit_kinds])
    for b in report["branches"]:
        append_row(sheet, [b["code"], b["name"], *(b["visits"]["by_kind"].get(k, 0)
                                                   for k in visit_kinds)])
    sheet = book.create_sheet("双报到志愿服务")
    append_row(sheet, ["支部代码", "支部", *SERVICE_HEADERS])
    for b in report["branches"]:
        append_row(sheet, [b["code"], b["name"], *_service_cells(b["service"])])
    append_row(sheet, ["合计", "", *_service_cells(report["service_total"])])
    append_row(sheet, [])
    append_row(sheet, ["按活动类型（各支部合计）", "", "活动次数", "人次", "时长（小时）"])
    for kind, figures in report["service_total"]["by_kind"].items():
        append_row(sheet, [kind, "", figures["activities"], figures["person_times"],
                           figures["hours"]])
    sheet = book.create_sheet("发展党员")
    recruit_keys = list(report["branches"][0]["recruits"]) if report["branches"] else []
    append_row(sheet, ["支部代码", "支部", *recruit_keys])
    for b in report["branches"]:
        append_row(sheet, [b["code"], b["name"], *(b["recruits"][k] for k in recruit_keys)])
    sheet = book.create_sheet("党员统计")
    keys = list(report["members_total"])
    append_row(sheet, ["支部代码", "支部", *keys])
    for b in report["branches"]:
        append_row(sheet, [b["code"], b["name"], *(b["members"].get(k, 0) for k in keys)])
    append_row(sheet, ["合计", "", *(report["members_total"][k] for k in keys)])
    write_safely(path, workbook_bytes(book))
