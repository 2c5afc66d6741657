"""The city fund (市直机关党员爱心互助基金): its ledger, the queue of branch applications,
decisions sent down in return files, and the yearly figures.

The branches' records are read from the city's copies (`CityRecord`). Remittances the
branches posted are booked into the city ledger by `book_remittances` (idempotent, run
before every decision and report); a branch's reversal of a booked remittance is booked as
a reversal too. Grants are posted when approved, so the fund can never promise more than it
holds.
"""

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.city.returns import known_branch, queue_message
from app.fund import applications as apps
from app.fund.applications import AidStatus
from app.fund.decisions import DECISION_KIND, AidDecision, decision_payload
from app.fund.kinds import Direction, EntryKind
from app.members.rules import CATEGORIES
from app.progress import SILENT, Progress
from app.visits import rules as visit_rules
from base.errors import UserError
from base.money import format_yuan, from_fen, parse_yuan
from db import bulk
from db.audit import ACTOR, default_actor
from db.city.fund import CityAidDecision, CityFundEntry, CityFundSetting
from db.city.models import CityBranch, CityRecord, CitySummary

ZERO = Decimal("0.00")


class CityEntryKind(StrEnum):
    BRANCH_REMITTANCE = "支部上缴"
    GRANT = "补助拨付"
    DUES_ALLOCATION = "党费划拨"
    UNION_FUNDING = "工会拨款"
    HIGHER_FUNDING = "上级拨款"
    OTHER_INCOME = "其他收入"
    REVERSAL = "冲销"


INCOME_KINDS = (CityEntryKind.DUES_ALLOCATION, CityEntryKind.UNION_FUNDING,
                CityEntryKind.HIGHER_FUNDING, CityEntryKind.OTHER_INCOME)


# --- rules -----------------------------------------------------------------------------------

@dataclass
class FundRules:
    max_grant: Decimal = Decimal("2000.00")  # one grant
    max_member_year: Decimal = Decimal("3000.00")  # one member in a calendar year
    reasons: list[str] = field(default_factory=lambda: list(apps.REASONS))  # who may apply
    categories: list[str] = field(default_factory=lambda: list(CATEGORIES))


def fund_rules(session: Session) -> FundRules:
    stored = {row.key: row.value for row in session.scalars(select(CityFundSetting))}
    rules = FundRules()
    if "max_grant_fen" in stored:
        rules.max_grant = from_fen(int(stored["max_grant_fen"]))
    if "max_member_year_fen" in stored:
        rules.max_member_year = from_fen(int(stored["max_member_year_fen"]))
    rules.reasons = list(stored.get("reasons", rules.reasons))
    rules.categories = list(stored.get("categories", rules.categories))
    return rules


def save_rules(session: Session, rules: FundRules) -> None:
    if rules.max_grant <= 0 or rules.max_member_year <= 0:
        raise UserError("补助限额应大于零")
    unknown = set(rules.reasons) - set(apps.REASONS)
    if unknown or not rules.reasons:
        raise UserError("可申请事由应从以下选择：" + "、".join(apps.REASONS))
    if not rules.categories or set(rules.categories) - set(CATEGORIES):
        raise UserError("可申请人员类别应为：" + "、".join(CATEGORIES))
    values = {"max_grant_fen": int(rules.max_grant * 100),
              "max_member_year_fen": int(rules.max_member_year * 100),
              "reasons": rules.reasons, "categories": rules.categories}
    for key, value in values.items():
        row = session.get(CityFundSetting, key)
        if row is None:
            session.add(CityFundSetting(key=key, value=value))
        else:
            row.value = value
    session.flush()


# --- ledger ----------------------------------------------------------------------------------

def _live() -> Any:
    return select(CityFundEntry)


def balance(session: Session, on: dt.date | None = None) -> Decimal:
    totals = {}
    for direction in (Direction.IN, Direction.OUT):
        query = select(func.sum(CityFundEntry.amount)).where(CityFundEntry.direction == direction)
        if on is not None:
            query = query.where(CityFundEntry.date <= on)
        totals[direction] = session.scalar(query) or ZERO
    return totals[Direction.IN] - totals[Direction.OUT]


def _available_from(session: Session, day: dt.date) -> Decimal:
    lowest = running = balance(session, day)
    for entry in session.scalars(_live().where(CityFundEntry.date > day)
                                 .order_by(CityFundEntry.date, CityFundEntry.seq)):
        running += entry.amount if entry.direction == Direction.IN else -entry.amount
        lowest = min(lowest, running)
    return lowest


def post(session: Session, *, kind: str, direction: str, day: dt.date, amount: Decimal,
         entered_by: str, today: dt.date, branch_code: str | None = None,
         source_id: str | None = None, reverses_id: str | None = None, reference: str = "",
         summary: str = "") -> CityFundEntry:
    if amount <= 0:
        raise UserError("金额应大于零")
    if day > today:
        raise UserError("记账日期不能晚于今天")
    if direction == Direction.OUT:
        available = _available_from(session, day)
        if amount > available:
            raise UserError(f"互助基金余额不足：{day:%Y年%m月%d日}起可用余额为 "
                            f"{format_yuan(available)} 元，本笔支出 {format_yuan(amount)} 元")
    seq = (session.scalar(select(func.max(CityFundEntry.seq))) or 0) + 1
    entry = CityFundEntry(id=str(uuid.uuid4()), seq=seq, date=day, kind=kind,
                          direction=direction, amount=amount, branch_code=branch_code,
                          source_id=source_id, reverses_id=reverses_id,
                          reference=reference.strip(), summary=summary.strip(),
                          entered_by=entered_by)
    session.add(entry)
    session.flush()
    return entry


def record_income(session: Session, kind: str, day: dt.date, amount: Decimal, entered_by: str,
                  reference: str = "", summary: str = "",
                  today: dt.date | None = None) -> CityFundEntry:
    """Money the city fund receives other than branch remittances (党费划拨, 工会拨款 …)."""
    if kind not in INCOME_KINDS:
        raise UserError("收入类型应为：" + "、".join(INCOME_KINDS))
    return post(session, kind=kind, direction=Direction.IN, day=day, amount=amount,
                entered_by=entered_by, today=today or dt.date.today(), reference=reference,
                summary=summary or kind)


def list_entries(session: Session, year: int | None = None) -> list[CityFundEntry]:
    query = _live().order_by(CityFundEntry.date, CityFundEntry.seq)
    if year is not None:
        query = query.where(CityFundEntry.date.between(dt.date(year, 1, 1),
                                                       dt.date(year, 12, 31)))
    return list(session.scalars(query))


def _reversal_of(session: Session, entry_id: str) -> CityFundEntry | None:
    return session.scalar(_live().where(CityFundEntry.reverses_id == entry_id))


def entry_by_seq(session: Session, seq: int) -> CityFundEntry:
    entry = session.scalar(_live().where(CityFundEntry.seq == seq))
    if entry is None:
        raise UserError(f"基金账目中没有第 {seq} 号")
    return entry


def reverse_income(session: Session, entry_id: str, day: dt.date, reason: str,
                   entered_by: str, today: dt.date | None = None) -> CityFundEntry:
    """Correct a mistyped income with a reversing entry (entries are never edited); refused
    when the money is no longer there."""
    entry = session.get(CityFundEntry, entry_id)
    if entry is None:
        raise UserError("找不到该笔账目")
    if entry.kind == CityEntryKind.REVERSAL:
        raise UserError(f"第 {entry.seq} 号是冲销凭证，不能再冲销；如有错误请重新登记正确的收入")
    if entry.kind == CityEntryKind.BRANCH_REMITTANCE:
        raise UserError("支部上缴按支部的账目入账：请支部冲销其上缴凭证，导入数据包后自动冲销")
    if entry.kind not in INCOME_KINDS:
        raise UserError("补助拨付随审批决定入账，不能冲销")
    done = _reversal_of(session, entry.id)
    if done is not None:
        raise UserError(f"第 {entry.seq} 号账目已由第 {done.seq} 号冲销")
    if not reason.strip():
        raise UserError("请写明冲销原因")
    if day < entry.date:
        raise UserError(f"冲销日期不能早于原账目日期（{entry.date:%Y-%m-%d}）")
    return post(session, kind=CityEntryKind.REVERSAL, direction=Direction.OUT, day=day,
                amount=entry.amount, entered_by=entered_by, today=today or dt.date.today(),
                reverses_id=entry.id, reference=entry.reference,
                summary=f"冲销第 {entry.seq} 号（{entry.kind}）：{reason.strip()}")


@dataclass
class LedgerLine:
    """One entry as the ledger shows it, with the running balance."""

    entry_id: str
    seq: int
    date: dt.date
    kind: str
    branch_code: str
    summary: str
    reference: str
    income: Decimal | None
    expense: Decimal | None
    balance: Decimal
    entered_by: str
    note: str = ""  # which entry reversed it, or which it reverses
    struck: bool = False  # a reversal, or reversed: the two cancel out


def ledger_lines(session: Session, year: int) -> list[LedgerLine]:
    running = balance(session, dt.date(year - 1, 12, 31))
    seqs = {e.id: e.seq for e in session.scalars(_live())}
    reversed_by = {e.reverses_id: e.seq for e in session.scalars(
        _live().where(CityFundEntry.reverses_id.is_not(None)))}
    lines = []
    for entry in list_entries(session, year):
        running += entry.amount if entry.direction == Direction.IN else -entry.amount
        note = (f"冲销第 {seqs[entry.reverses_id]} 号" if entry.reverses_id
                else f"已由第 {reversed_by[entry.id]} 号冲销" if entry.id in reversed_by else "")
        lines.append(LedgerLine(
            entry.id, entry.seq, entry.date, entry.kind, entry.branch_code or "", entry.summary,
            entry.reference, entry.amount if entry.direction == Direction.IN else None,
            entry.amount if entry.direction == Direction.OUT else None, running,
            entry.entered_by, note, bool(note)))
    return lines


# --- the branches' records -------------------------------------------------------------------

def _records(session: Session, table: str) -> list[tuple[str, dict[str, Any]]]:
    return list(session.execute(select(CityRecord.branch_code, CityRecord.data).where(
        CityRecord.table_name == table, CityRecord.deleted.is_(False))).all())


#: Settings rows of the booking (`city_fund_setting`): set by the upgrade (migration 0004)
#: when the city held branch records from before remittances were booked at import; and the
#: branch reversals not booked yet (their original not arrived, or the money short).
TO_BOOK = "remittances_to_book"
WAITING = "reversals_waiting"
Entry = tuple[str, dict[str, Any]]  # a branch's code and its fund_entry record


def _booked(session: Session, source_ids: set[str]) -> dict[str, CityFundEntry]:
    return {e.source_id: e for chunk in bulk.chunks(sorted(source_ids)) for e in
            session.scalars(_live().where(CityFundEntry.source_id.in_(chunk)))}


def _arrived(session: Session, record_ids: set[str]) -> set[str]:
    """Of these branch fund entries, those the city holds (deleted ones too)."""
    return {found for chunk in bulk.chunks(sorted(record_ids)) for found in session.scalars(
        select(CityRecord.record_id).where(CityRecord.table_name == "fund_entry",
                                           CityRecord.record_id.in_(chunk)))}


def _book(session: Session, entries: list[Entry], booked: dict[str, CityFundEntry],
          entered_by: str, today: dt.date) -> dict[str, str]:
    """Book the remittances among `entries` not booked yet (in date and voucher order), then
    their reversals of booked ones (in the order given); `booked` by source id, updated.
    Returns the problems by reversal; those that cannot be booked yet are kept waiting."""
    remittances = sorted((e for e in entries if e[1]["kind"] == EntryKind.REMITTANCE
                          and e[1]["id"] not in booked), key=lambda e: (e[1]["date"], e[1]["seq"]))
    for code, data in remittances:
        booked[data["id"]] = post(
            session, kind=CityEntryKind.BRANCH_REMITTANCE, direction=Direction.IN,
            day=dt.date.fromisoformat(data["date"]), amount=parse_yuan(data["amount"]),
            entered_by=entered_by, today=max(today, dt.date.fromisoformat(data["date"])),
            branch_code=code, source_id=data["id"], reference=data.get("reference", ""),
            summary=f"{code}上缴捐款（支部凭证第 {data['seq']} 号）")
    reversals = [e for e in entries if e[1]["kind"] == EntryKind.REVERSAL
                 and e[1]["id"] not in booked]
    # A reversal whose original has not reached the city waits for it (a package 补交 later).
    arrived = _arrived(session, {data.get("reverses_id") or "" for _code, data in reversals
                                 if (data.get("reverses_id") or "") not in booked})
    problems: dict[str, str] = {}
    waiting = []
    for code, data in reversals:
        original = booked.get(data.get("reverses_id") or "")
        if original is None:
            if data.get("reverses_id") and data["reverses_id"] not in arrived:
                waiting.append(data["id"])
            continue
        try:
            with session.begin_nested():
                booked[data["id"]] = post(
                    session, kind=CityEntryKind.REVERSAL, direction=Direction.OUT,
                    day=max(today, original.date), amount=original.amount, entered_by=entered_by,
                    today=max(today, original.date), branch_code=code, source_id=data["id"],
                    reverses_id=original.id, summary=f"{code}冲销上缴（城市凭证第 "
                                                     f"{original.seq} 号）")
        except UserError as exc:
            problems[data["id"]] = (f"{code}冲销了已入账的上缴（第 {original.seq} 号），"
                                    f"但{exc.message}")
            waiting.append(data["id"])
    _set(session, WAITING, waiting or None)
    return problems


def _set(session: Session, key: str, value: Any) -> None:
    """Set a settings row of the booking, or remove it (None)."""
    row = session.get(CityFundSetting, key)
    if value is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(CityFundSetting(key=key, value=value))
    else:
        row.value = value
    session.flush()


def _waiting(session: Session) -> list[Entry]:
    row = session.get(CityFundSetting, WAITING)
    ids = sorted(row.value) if row is not None else []
    return [(r.branch_code, r.data) for chunk in bulk.chunks(ids)
            for r in session.scalars(select(CityRecord).where(
                CityRecord.table_name == "fund_entry", CityRecord.deleted.is_(False),
                CityRecord.record_id.in_(chunk)))]


def _book_with_waiting(session: Session, entries: list[Entry], entered_by: str,
                       today: dt.date) -> dict[str, str]:
    """Book these fund entries of a branch together with the reversals still waiting (which
    may wait for money these bring); returns the problems by reversal."""
    waiting = _waiting(session)
    if not entries and not waiting:
        return {}
    arrived = {data["id"] for _code, data in entries}
    entries = entries + [e for e in waiting if e[1]["id"] not in arrived]
    ids = {data["id"] for _code, data in entries}
    booked = _booked(session, ids | {data.get("reverses_id") or "" for _code, data in entries})
    return _book(session, entries, booked, entered_by, today)


def book_package(session: Session, code: str, written: list[dict[str, Any]],
                 today: dt.date | None = None) -> list[str]:
    """At import, in its transaction: book the remittances (and reversals of booked ones)
    among the branch's fund entries the package wrote, and the reversals still waiting;
    return the problems, as the import report says them. Entered by the session's actor
    (the demo's treasurer), else the computer's user, as in the window."""
    entries = [(code, row) for row in written if row.get("deleted_at") is None
               and row.get("kind") in (EntryKind.REMITTANCE, EntryKind.REVERSAL)]
    problems = _book_with_waiting(session, entries, session.info.get(ACTOR) or default_actor(),
                                  today or dt.date.today())
    # Another branch's reversal still short of money is told where the fund is shown.
    return [f"互助基金：{problems[r['id']]}" for r in written if r["id"] in problems]


def remittances_to_book(session: Session) -> bool:
    """Whether branch records from before the upgrade still wait for their one booking."""
    return session.get(CityFundSetting, TO_BOOK) is not None


def _book_held(session: Session, entered_by: str, today: dt.date, progress: Progress) -> None:
    """The booking after the upgrade: every branch's fund entries the city holds, branch by
    branch as the import books them, each branch committed on its own. 取消 (or a crash)
    stops between two branches: those before stay booked, and the next call books the rest
    (what is booked already is known by its source id)."""
    progress.step(0, 1, "正在读取各支部的互助金账目…")
    by_branch: dict[str, list[Entry]] = defaultdict(list)
    for code, data in _records(session, "fund_entry"):
        by_branch[code].append((code, data))
    for index, code in enumerate(sorted(by_branch)):
        progress.step(index, len(by_branch), "正在把各支部上缴记入基金账目…")
        _book_with_waiting(session, by_branch[code], entered_by, today)
        session.commit()
    _set(session, TO_BOOK, None)
    session.commit()
    progress.step(1, 1, "完成")


def book_remittances(session: Session, entered_by: str, today: dt.date | None = None,
                     progress: Progress = SILENT) -> list[str]:
    """Book what waits: once after the upgrade every branch remittance (and reversal of one)
    not booked yet, reading all branches' fund entries (with progress, and committing each
    branch: see `_book_held`); otherwise only the reversals still waiting (the import books
    the rest). Returns the problems."""
    today = today or dt.date.today()
    if remittances_to_book(session):
        _book_held(session, entered_by, today, progress)
    return list(_book_with_waiting(session, [], entered_by, today).values())


@dataclass
class CityApplication:
    id: str
    branch_code: str
    branch_name: str
    number: str
    member_id: str
    applicant_name: str
    reason: str
    detail: str
    amount_requested: Decimal | None
    branch_amount: Decimal | None
    applied_on: dt.date
    status: str  # as the branch last reported it
    review_opinion: str
    decision: CityAidDecision | None
    #: What the branch records as granted (decided before this city database, or by itself).
    reported_amount: Decimal | None = None

    @property
    def waiting(self) -> bool:
        return self.status == AidStatus.SUBMITTED and self.decision is None


def _money(value: Any) -> Decimal | None:
    return None if value in (None, "") else parse_yuan(value)


def applications(session: Session, waiting_only: bool = False) -> list[CityApplication]:
    names = dict(session.execute(select(CityBranch.code, CityBranch.name)).all())
    decisions = {d.application_id: d for d in session.scalars(select(CityAidDecision))}
    found = []
    for code, data in _records(session, "aid_application"):
        item = CityApplication(
            id=data["id"], branch_code=code, branch_name=names.get(code, code),
            number=data["number"], member_id=data["member_id"],
            applicant_name=data["applicant_name"], reason=data["reason"],
            detail=data.get("detail", ""), amount_requested=_money(data["amount_requested"]),
            branch_amount=_money(data.get("branch_amount")),
            applied_on=dt.date.fromisoformat(data["applied_on"]), status=data["status"],
            review_opinion=data.get("review_opinion", ""), decision=decisions.get(data["id"]),
            reported_amount=_money(data.get("approved_amount")))
        if not waiting_only or item.waiting:
            found.append(item)
    return sorted(found, key=lambda a: (not a.waiting, a.applied_on, a.number))


def find_application(session: Session, key: str) -> CityApplication:
    key = key.strip()
    found = [a for a in applications(session) if key in (a.id, a.number)]
    if len(found) != 1:
        raise UserError(f"工委数据库中没有编号为“{key}”的补助申请" if not found
                        else f"编号“{key}”对应多份申请，请改用申请的 id")
    return found[0]


def _member_category(session: Session, member_id: str) -> str:
    row = session.get(CityRecord, ("member", member_id))
    return row.data.get("category", "") if row is not None else ""


def granted_in_year(session: Session, member_id: str, year: int) -> Decimal:
    return sum((d.amount or ZERO for d in session.scalars(select(CityAidDecision).where(
        CityAidDecision.member_id == member_id, CityAidDecision.approve.is_(True),
        CityAidDecision.decided_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31))))), ZERO)


def _check_approval(session: Session, application: CityApplication, amount: Decimal | None,
                    day: dt.date) -> Decimal:
    rules = fund_rules(session)
    if amount is None or amount <= 0:
        raise UserError("批准金额应大于零")
    if amount > rules.max_grant:
        raise UserError(f"批准金额 {format_yuan(amount)} 元超过单笔补助上限 "
                        f"{format_yuan(rules.max_grant)} 元（更大金额须上会研究后调整上限）")
    if application.reason not in rules.reasons:
        raise UserError(f"申请事由“{application.reason}”不在本基金的补助范围内："
                        + "、".join(rules.reasons))
    category = _member_category(session, application.member_id)
    if category and category not in rules.categories:
        raise UserError(f"{application.applicant_name}为{category}，本基金只补助"
                        + "、".join(rules.categories))
    year_total = granted_in_year(session, application.member_id, day.year) + amount
    if year_total > rules.max_member_year:
        raise UserError(f"{application.applicant_name}{day.year}年累计补助将达 "
                        f"{format_yuan(year_total)} 元，超过每人每年 "
                        f"{format_yuan(rules.max_member_year)} 元的上限")
    return amount


def decide(session: Session, key: str, *, approve: bool, amount: Decimal | None = None,
           reason: str = "", decided_by: str, decision_ref: str = "", entered_by: str,
           day: dt.date | None = None, today: dt.date | None = None) -> CityAidDecision:
    """Approve (posting the grant) or refuse an application and queue the decision for the
    branch's next return file."""
    today = today or dt.date.today()
    day = day or today
    book_remittances(session, entered_by, today)
    application = find_application(session, key)
    if application.decision is not None:
        d = application.decision
        raise UserError(f"申请 {application.number} 已于{d.decided_on:%Y-%m-%d}"
                        + (f"批准 {format_yuan(d.amount)} 元" if d.approve else "不予批准"))
    if application.status != AidStatus.SUBMITTED:
        raise UserError(f"申请 {application.number} 在支部的状态为“{application.status}”，"
                        "只有已上报的申请才能审批")
    if day < application.applied_on:
        raise UserError("审批日期不能早于申请日期")
    branch = known_branch(session, application.branch_code)
    entry = None
    if approve:
        amount = _check_approval(session, application, amount, day)
        entry = post(session, kind=CityEntryKind.GRANT, direction=Direction.OUT, day=day,
                     amount=amount, entered_by=entered_by, today=today, branch_code=branch.code,
                     source_id=application.id, reference=decision_ref,
                     summary=f"拨付{application.branch_name}{application.applicant_name}"
                             f"补助（申请 {application.number}）")
    elif not reason.strip():
        raise UserError("不予批准时请写明理由")
    decision = AidDecision(application.id, application.number, approve,
                           amount if approve else None, "" if approve else reason.strip(),
                           decided_by.strip() or "市直机关工委", decision_ref.strip(), day)
    message = queue_message(session, branch.code, DECISION_KIND, decision_payload(decision))
    row = CityAidDecision(
        application_id=application.id, branch_code=branch.code, number=application.number,
        member_id=application.member_id, reason_category=application.reason,
        approve=approve, amount=decision.amount, reason=decision.reason,
        decided_by=decision.decided_by, decision_ref=decision.decision_ref, decided_on=day,
        entered_by=entered_by, message_id=message.id, entry_id=entry.id if entry else None)
    session.add(row)
    session.flush()
    return row


# --- the year --------------------------------------------------------------------------------

def _branch_visits(session: Session, year: int, today: dt.date, progress: Progress
                   ) -> Iterator[dict[str, dict[str, dict[str, int]]]]:
    """Each branch's visits of the year, from its kept figures (computed now where they do
    not hold for its store: a new rules version, a year not computed yet). They hold all
    year long: unlike meeting compliance, visits do not depend on the day."""
    from app.city.summaries import RULES_VERSION, summary

    kept = {row.branch_code: row for row in session.scalars(
        select(CitySummary).where(CitySummary.year == year))}
    branches = session.scalars(select(CityBranch).order_by(CityBranch.code)).all()
    for index, branch in enumerate(branches):
        row = kept.get(branch.code)
        if (row is not None and row.rules_version == RULES_VERSION
                and row.store_stamp == branch.store_stamp):
            yield row.data["visits"]["fund_visits"]
            continue
        progress.step(index, len(branches), f"正在汇总慰问：{branch.name or branch.code}")
        yield summary(session, branch, year, today)["visits"]["fund_visits"]


def visits_summary(session: Session, year: int, today: dt.date | None = None,
                   progress: Progress = SILENT) -> dict[str, dict[str, dict[str, Any]]]:
    """All branches' visits of a year summed by kind and by source."""
    summary: dict[str, dict[str, dict[str, Any]]] = {"by_kind": {}, "by_source": {}}
    for figures in _branch_visits(session, year, today or dt.date.today(), progress):
        for group, rows in figures.items():
            for key, counts in rows.items():
                row = summary[group].setdefault(key, {"visits": 0, "persons": 0, "cash": ZERO,
                                                      "goods": ZERO})
                row["visits"] += counts["visits"]
                row["persons"] += counts["persons"]
                row["cash"] += from_fen(counts["cash"])
                row["goods"] += from_fen(counts["goods"])
    order: dict[str, int] = {name: n for n, name in
                             enumerate((*visit_rules.KINDS, *visit_rules.SOURCES))}
    return {group: dict(sorted(rows.items(), key=lambda kv: order.get(kv[0], len(order))))
            for group, rows in summary.items()}


def year_report(session: Session, year: int, entered_by: str, today: dt.date | None = None,
                progress: Progress = SILENT,
                found: list[CityApplication] | None = None) -> dict[str, Any]:
    """Income by branch, grants by reason, the balance, and all branches' visits. A reversal
    counts against what it reverses, so a reversed entry and its reversal cancel out.
    `found`: the applications, when the caller has read them."""
    today = today or dt.date.today()
    problems = book_remittances(session, entered_by, today, progress)
    names = dict(session.execute(select(CityBranch.code, CityBranch.name)).all())
    first = dt.date(year, 1, 1)
    by_id = {e.id: e for e in session.scalars(_live())}
    income: dict[str, Decimal] = defaultdict(lambda: ZERO)
    other: dict[str, Decimal] = defaultdict(lambda: ZERO)
    spent = ZERO
    for entry in list_entries(session, year):
        natural = by_id[entry.reverses_id] if entry.reverses_id else entry
        signed = entry.amount if entry.direction == natural.direction else -entry.amount
        if natural.kind == CityEntryKind.BRANCH_REMITTANCE and natural.branch_code:
            income[natural.branch_code] += signed
        elif natural.kind in INCOME_KINDS:
            other[natural.kind] += signed
        elif natural.kind == CityEntryKind.GRANT:
            spent += signed
    grants: dict[str, dict[str, Any]] = {}
    granted: list[dict[str, Any]] = []
    refused = 0
    by_application = {a.id: a for a in (applications(session) if found is None else found)}
    for decision in session.scalars(select(CityAidDecision).where(
            CityAidDecision.decided_on.between(first, dt.date(year, 12, 31)))
            .order_by(CityAidDecision.decided_on, CityAidDecision.number)):
        if not decision.approve:
            refused += 1
            continue
        row = grants.setdefault(decision.reason_category, {"count": 0, "amount": ZERO})
        row["count"] += 1
        row["amount"] += decision.amount or ZERO
        application = by_application.get(decision.application_id)
        granted.append({
            "number": decision.number, "code": decision.branch_code,
            "branch": names.get(decision.branch_code, decision.branch_code),
            "applicant": application.applicant_name if application else "",
            "reason": decision.reason_category,
            "requested": application.amount_requested if application else None,
            "amount": decision.amount or ZERO, "decided_on": decision.decided_on,
            "decision_ref": decision.decision_ref})
    income_by_branch = [{"code": code, "name": names.get(code, code), "amount": amount}
                        for code, amount in sorted(income.items())]
    return {
        "year": year,
        "opening_balance": balance(session, first - dt.timedelta(days=1)),
        "income_by_branch": income_by_branch,
        "other_income": dict(other),
        "income_total": sum(income.values(), ZERO) + sum(other.values(), ZERO),
        "grants_by_reason": grants,
        "grants": granted,
        "grants_total": spent,
        "refused": refused,
        "closing_balance": balance(session, dt.date(year, 12, 31)),
        "waiting": sum(1 for a in by_application.values() if a.waiting),
        "visits": visits_summary(session, year, today, progress),
        "problems": problems,
    }
