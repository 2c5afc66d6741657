"""For `branchdesk check`: the tracks and the roster agree (the hand-over at 审批 and at
转正 still holds after later edits of either)."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.members.rules import MemberCategory
from app.recruits.track import load_tracks
from db.models import Member


def recruit_problems(session: Session) -> list[str]:
    problems = []
    tracks = load_tracks(session)
    ids = [t.member_id for t in tracks if t.member_id]
    members = {m.id: m for m in session.scalars(select(Member).where(Member.id.in_(ids)))}
    for track in tracks:
        vote, approved = track.date_of("admission_vote"), track.date_of("approval")
        member = members.get(track.member_id or "")
        if approved and member is None:
            problems.append(f"发展党员{track.name}已登记上级党委审批，但不在党员名册中")
            continue
        if member is None:
            continue
        if member.deleted_at is not None:
            problems.append(f"发展党员{track.name}在党员名册中的记录已被删除")
        if vote and member.join_date != vote:
            problems.append(f"党员名册中{track.name}的入党日期{member.join_date}与支部大会"
                            f"通过之日{vote}不一致")
        if track.date_of("full_approval") and (
                member.category != MemberCategory.FULL or member.full_date != track.probation_end):
            problems.append(f"发展党员{track.name}已登记转正审批，但党员名册中不是自预备期满之日"
                            f"（{track.probation_end}）起的正式党员")
    return problems
