"""Adding, changing, deleting, restoring and transferring members, with the roster rules."""

import datetime as dt
from dataclasses import dataclass, field, fields

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from app.idcard import IdNumber, parse_id_number
from app.members.history import set_status_from_today
from app.members.phone import normal_phone, phone_warning
from app.members.rules import (
    CATEGORIES,
    GENDERS,
    STATUSES,
    MemberCategory,
    MembershipStatus,
    TransferDirection,
    on_roster,
    party_age,
    probation_end,
)
from base.errors import UserError, ValidationError
from db.models import Member, MemberTransfer
from db.types import utcnow


@dataclass
class MemberInput:
    """What a form, an import row or the CLI gives for one member."""

    name: str
    id_number: str
    category: str
    join_date: dt.date | None
    gender: str = ""
    birth_date: dt.date | None = None
    full_date: dt.date | None = None
    full_approved_on: dt.date | None = None  # 转正 approved (rights from then); None: 转正日期
    ethnicity: str = "汉族"
    education: str = ""
    job: str = ""
    phone: str = ""
    address: str = ""
    membership_status: str = MembershipStatus.NORMAL
    lost_contact: bool = False
    mobile: bool = False
    native_place: str = ""
    degree: str = ""
    work_start_date: dt.date | None = None
    deceased_date: dt.date | None = None
    rank: str = ""
    employment: str = "在职"
    party_post: str = ""
    group_id: str | None = None
    hardship: bool = False
    hardship_kind: str = ""
    is_leader: bool = False
    notes: str = ""


def member_input_of(member: Member) -> MemberInput:
    """The stored member as an editable input."""
    return MemberInput(**{f.name: getattr(member, f.name) for f in fields(MemberInput)})


@dataclass
class Checked:
    """A validated input: the values to store and the warnings to show."""

    values: dict[str, object]
    warnings: list[str] = field(default_factory=list)


def _date_rules(data: MemberInput, birth: dt.date | None, today: dt.date,
                errors: dict[str, str]) -> None:
    if data.join_date is None:
        errors["join_date"] = "请填写入党日期"
        return
    if data.join_date > today:
        errors["join_date"] = "入党日期不能晚于今天"
    if birth and data.join_date <= birth:
        errors["join_date"] = "入党日期应晚于出生日期"
    if data.category == MemberCategory.PROBATIONARY and data.full_date is not None:
        errors["full_date"] = "预备党员没有转正日期"
    if data.category == MemberCategory.FULL and data.full_date is None:
        errors["full_date"] = "正式党员请填写转正日期"
    if data.full_date is not None:
        if data.full_date < data.join_date:
            errors["full_date"] = "转正日期不能早于入党日期"
        elif data.full_date > today:
            errors["full_date"] = "转正日期不能晚于今天"
    if data.full_approved_on is not None:
        if data.full_date is None:
            errors["full_approved_on"] = "尚未转正，没有转正批准日期"
        elif data.full_approved_on < data.full_date:
            errors["full_approved_on"] = "转正批准日期不能早于转正日期（预备期满之日）"
        elif data.full_approved_on > today:
            errors["full_approved_on"] = "转正批准日期不能晚于今天"
    if data.deceased_date is not None:
        if data.deceased_date < data.join_date:
            errors["deceased_date"] = "去世日期不能早于入党日期"
        elif data.deceased_date > today:
            errors["deceased_date"] = "去世日期不能晚于今天"


def name_and_id(name: str, id_number: str, today: dt.date, errors: dict[str, str]
                ) -> tuple[str, IdNumber | None]:
    """The name without spaces and the parsed 身份证号; what is wrong goes into `errors`."""
    name = "".join(name.split())
    if not name:
        errors["name"] = "请填写姓名"
    try:
        return name, parse_id_number(id_number, today)
    except UserError as exc:
        errors["id_number"] = exc.message
        return name, None


def check_member(session: Session, data: MemberInput, member_id: str | None = None,
                 today: dt.date | None = None) -> Checked:
    """Validate one member; raise ValidationError with a message per field."""
    today = today or dt.date.today()
    errors: dict[str, str] = {}
    warnings: list[str] = []
    name, parsed = name_and_id(data.name, data.id_number, today, errors)
    if parsed:
        if parsed.upgraded_from_15:
            warnings.append(f"15位身份证号已升级为18位：{parsed.number}")
        clash = session.scalar(
            select(Member).where(Member.id_number == parsed.number, Member.id != member_id)
        )
        if clash is not None:
            where = "（已删除，可在回收站恢复）" if clash.is_deleted else ""
            errors["id_number"] = f"身份证号与党员“{clash.name}”{where}重复"
        if data.birth_date and data.birth_date != parsed.birth_date:
            warnings.append(
                f"出生日期 {data.birth_date:%Y-%m-%d} 与身份证号中的 "
                f"{parsed.birth_date:%Y-%m-%d} 不一致"
            )
        if data.gender and data.gender != parsed.gender:
            warnings.append(f"性别“{data.gender}”与身份证号（{parsed.gender}）不一致")
    if note := phone_warning(data.phone):
        warnings.append(note)
    birth = data.birth_date or (parsed.birth_date if parsed else None)
    gender = data.gender or (parsed.gender if parsed else "")
    if gender not in GENDERS:
        errors.setdefault("gender", "请选择性别")
    if data.category not in CATEGORIES:
        errors["category"] = "人员类别应为“正式党员”或“预备党员”"
    if data.membership_status not in STATUSES:
        errors["membership_status"] = "党籍状态应为：" + "、".join(STATUSES)
    _date_rules(data, birth, today, errors)
    if errors:
        raise ValidationError(errors, warnings)
    values = {f.name: getattr(data, f.name) for f in fields(MemberInput)}
    values.update(name=name, id_number=parsed.number if parsed else "",
                  birth_date=birth, gender=gender, phone=normal_phone(data.phone))
    for key in ("ethnicity", "education", "job", "address", "native_place",
                "degree", "rank", "party_post", "hardship_kind"):
        values[key] = str(values[key] or "").strip()
    return Checked(values, warnings)


def add_member(session: Session, data: MemberInput, today: dt.date | None = None
               ) -> tuple[Member, list[str]]:
    today = today or dt.date.today()
    checked = check_member(session, data, today=today)
    member = Member(**{**checked.values, "membership_status": MembershipStatus.NORMAL})
    session.add(member)
    session.flush()
    note = set_status_from_today(session, member, data.membership_status, today, new=True)
    return member, checked.warnings + ([note] if note else [])


def update_member(session: Session, member_id: str, data: MemberInput,
                  today: dt.date | None = None) -> tuple[Member, list[str]]:
    today = today or dt.date.today()
    member = get_member(session, member_id)
    checked = check_member(session, data, member_id=member_id, today=today)
    for key, value in checked.values.items():
        if key != "membership_status":
            setattr(member, key, value)
    session.flush()
    note = set_status_from_today(session, member, data.membership_status, today)
    return member, checked.warnings + ([note] if note else [])


def get_member(session: Session, member_id: str) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise UserError("找不到该党员")
    return member


def member_name(session: Session, member_id: str) -> str:
    return get_member(session, member_id).name


def delete_member(session: Session, member_id: str) -> None:
    """A tombstone: the row stays and `restore_member` brings it back."""
    member = get_member(session, member_id)
    member.deleted_at = utcnow()
    session.flush()


def restore_member(session: Session, member_id: str) -> Member:
    member = get_member(session, member_id)
    member.deleted_at = None
    session.flush()
    return member


def _check_alternates(member: Member, direction: str, date: dt.date) -> None:
    """转入 and 转出 alternate: no 转出 of someone already gone, no 转入 of someone here."""
    moves = sorted((t for t in member.transfers if t.deleted_at is None), key=lambda t: t.date)
    before = [t for t in moves if t.date <= date]
    after = [t for t in moves if t.date > date]
    if before and before[-1].direction == direction:
        raise UserError(f"该党员已于{before[-1].date:%Y-%m-%d}{direction}，不能再次{direction}")
    if after and after[0].direction == direction:
        raise UserError(f"该党员在{after[0].date:%Y-%m-%d}还有一次{direction}记录，日期有冲突")


def transfer(session: Session, member_id: str, direction: str, date: dt.date,
             organisation: str = "", letter_no: str = "") -> MemberTransfer:
    """Record 转入 or 转出; the member stays in history either way."""
    member = get_member(session, member_id)
    if direction not in tuple(TransferDirection):
        raise UserError("转接方向应为“转入”或“转出”")
    if date < member.join_date:
        raise UserError("转接日期不能早于入党日期")
    _check_alternates(member, direction, date)
    move = MemberTransfer(member_id=member.id, direction=direction, date=date,
                          organisation=organisation.strip(), letter_no=letter_no.strip())
    session.add(move)
    session.flush()
    session.refresh(member, ["transfers"])
    return move


def list_members(session: Session, *, on: dt.date | None = None, search: str = "",
                 group_id: str | None = None, category: str | None = None,
                 include_left: bool = False) -> list[Member]:
    """Members not deleted; by default only those on the roster `on` (today)."""
    query = (
        select(Member)
        .where(Member.deleted_at.is_(None))
        .options(selectinload(Member.transfers))
        .order_by(Member.join_date, Member.name)
    )
    if search.strip():
        like = f"%{search.strip()}%"
        query = query.where(or_(Member.name.like(like), Member.id_number.like(like),
                                Member.phone.like(like), Member.job.like(like)))
    if group_id:
        query = query.where(Member.group_id == group_id)
    if category:
        query = query.where(Member.category == category)
    members = list(session.scalars(query))
    if include_left:
        return members
    day = on or dt.date.today()
    return [m for m in members if on_roster(m, day)]


def roster_choices(session: Session, day: dt.date) -> list[tuple[str, str]]:
    """Id and name of the members on the roster that day, in roster order."""
    return [(m.id, m.name) for m in list_members(session, on=day)]


def member_as_dict(member: Member) -> dict[str, object]:
    """Every stored field, plus the group's name and the derived facts."""
    data: dict[str, object] = {
        column.key: getattr(member, column.key) for column in Member.__table__.columns
    }
    today = dt.date.today()
    data["group_name"] = member.group.name if member.group else ""
    data["party_age"] = party_age(member, today)
    data["probation_end"] = probation_end(member)
    data["transfers"] = [
        {"direction": t.direction, "date": t.date, "organisation": t.organisation,
         "letter_no": t.letter_no}
        for t in member.transfers if t.deleted_at is None
    ]
    return data
