"""What the 志愿服务 forms and page read: a stored wish or problem as the input that saved it,
the branch's 报到社区 (latest first), and the year's tables as rows."""

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from app.service.listing import (
    ActivityRow,
    ProblemRow,
    WishRow,
    activity_rows,
    problem_rows,
    wish_rows,
)
from app.service.records import (
    CommunityInput,
    CommunityRow,
    ProblemInput,
    WishInput,
    delete_wish,
    list_communities,
    problem_input,
    save_activity,
    save_community,
    save_problem,
    save_wish,
    wish_input,
)
from base.errors import UserError
from tests.meetings.conftest import Branch
from tests.service.test_rules import DAY, TODAY, activity


def test_a_saved_wish_and_problem_read_back_as_their_inputs(session: Session,
                                                            branch: Branch) -> None:
    wish = WishInput("幸福里社区", "王奶奶", "想要一台收音机", branch.full[2].id,
                     dt.date(2026, 4, 2), "完成", dt.date(2026, 4, 20), "已送到")
    wish_id = save_wish(session, wish, today=TODAY).id
    assert wish_input(session, wish_id) == wish
    problem = ProblemInput(dt.date(2026, 6, 3), "幸福里社区", "群众反映", "小区路灯损坏",
                           branch.full[1].id, "已解决", dt.date(2026, 6, 10), "协调物业修复")
    problem_id = save_problem(session, problem, today=TODAY).id
    assert problem_input(session, problem_id) == problem

    delete_wish(session, wish_id)
    with pytest.raises(UserError, match="找不到该微心愿"):
        wish_input(session, wish_id)
    with pytest.raises(UserError, match="找不到该问题"):
        problem_input(session, "no-such-problem")


def test_communities_are_listed_latest_first(session: Session) -> None:
    assert list_communities(session) == []
    first = save_community(session, CommunityInput("幸福里社区", dt.date(2020, 3, 1), "李主任",
                                                   "12345"), TODAY)
    latest = save_community(session, CommunityInput("和平路社区", dt.date(2024, 5, 1)), TODAY)
    assert list_communities(session) == [
        CommunityRow(latest.id, dt.date(2024, 5, 1), "和平路社区", "", ""),
        CommunityRow(first.id, dt.date(2020, 3, 1), "幸福里社区", "李主任", "12345")]


def test_the_years_tables_as_rows(session: Session, branch: Branch) -> None:

    saved = save_activity(session, activity(branch, hours="1.5", members=2, deeds=1),
                          today=TODAY)
    names = tuple(m.name for m in branch.full[:2])
    assert activity_rows(session, 2026) == [ActivityRow(
        saved.id, DAY, "幸福里社区", "开展一次志愿服务", names, 180, 1, "清理楼道杂物")]
    assert activity_rows(session, 2025) == []
    wish = save_wish(session, WishInput("幸福里社区", "王奶奶", "收音机", branch.full[2].id,
                                        dt.date(2026, 4, 2)), today=TODAY)
    assert wish_rows(session, 2026) == [WishRow(
        wish.id, dt.date(2026, 4, 2), "幸福里社区", "王奶奶", "收音机", branch.full[2].name,
        "认领", None, "")]
    problem = save_problem(session, ProblemInput(dt.date(2026, 6, 3), "幸福里社区", "群众反映",
                                                 "路灯损坏"), today=TODAY)
    assert problem_rows(session, 2026) == [ProblemRow(
        problem.id, dt.date(2026, 6, 3), "幸福里社区", "群众反映", "路灯损坏", "", "待协调",
        None, "")]
