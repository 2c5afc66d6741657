"""`branchdesk check`: database integrity and the domain invariants of every area."""

from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.dues.checks import dues_problems
from app.fund.checks import fund_problems
from app.meetings.checks import meeting_problems
from app.members.checks import member_problems
from app.recruits.consistency import recruit_problems
from app.service.checks import service_problems

#: Each returns human-readable problems (empty when all is well).
DOMAIN_CHECKS: tuple[Callable[[Session], list[str]], ...] = (
    member_problems, dues_problems, fund_problems, meeting_problems, service_problems,
    recruit_problems)


def integrity_problems(session: Session) -> list[str]:
    problems = [row[0] for row in session.execute(text("PRAGMA integrity_check"))]
    problems = [] if problems == ["ok"] else [f"数据库完整性：{p}" for p in problems]
    problems += [
        f"外键错误：表 {row[0]} 第 {row[1]} 行引用了不存在的 {row[2]}"
        for row in session.execute(text("PRAGMA foreign_key_check"))
    ]
    return problems


def all_problems(session: Session) -> list[str]:
    problems = integrity_problems(session)
    for check in DOMAIN_CHECKS:
        problems += check(session)
    return problems
