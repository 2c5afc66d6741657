"""Volunteer service rules: what is refused (future dates, hours, members not on the roster
that day), the statuses of 微心愿 and problems, the year's totals and per-member totals, the
October reminder, and the command line."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.cli import main
from app.members.service import list_members
from app.service.checks import service_problems
from app.service.records import (
    ActivityInput,
    CommunityInput,
    ParticipantInput,
    ProblemInput,
    WishInput,
    current_community,
    delete_activity,
    home_communities,
    save_activity,
    save_community,
    save_home,
    save_problem,
    save_wish,
)
from app.service.reminders import service_reminders
from app.service.rules import save_activity_types
from app.service.summary import member_totals, not_served, service_summary
from base.errors import ValidationError
from db.database import Database
from db.models import ServiceActivity, ServiceParticipant
from tests.meetings.conftest import Branch, make_branch

TODAY = dt.date(2026, 11, 25)
DAY = dt.date(2026, 5, 16)


def activity(branch: Branch, day: dt.date = DAY, hours: str = "2", kind: str = "开展一次志愿服务",
             members: int = 3, deeds: int = 0) -> ActivityInput:
    return ActivityInput(day, "幸福里社区", kind,
                         [ParticipantInput(m.id, hours) for m in branch.full[:members]],
                         "清理楼道杂物", deeds)


def test_bad_activities_are_refused_in_chinese(session: Session, branch: Branch) -> None:
    future = activity(branch, TODAY + dt.timedelta(days=1))
    with pytest.raises(ValidationError) as caught:
        save_activity(session, future, today=TODAY)
    assert caught.value.fields["date"] == "服务日期不能晚于今天"
    for hours, message in (("0", "服务时长应大于0小时"), ("-1", "服务时长应大于0小时"),
                           ("24.5", "不能超过24小时"), ("两小时", "服务时长应大于0小时")):
        with pytest.raises(ValidationError) as caught:
            save_activity(session, activity(branch, hours=hours), today=TODAY)
        assert message in caught.value.fields["participants.1"]
    left = activity(branch, dt.date(2026, 3, 1))
    left.participants.append(ParticipantInput(branch.transferred_out.id, "2"))  # left in Jan
    with pytest.raises(ValidationError) as caught:
        save_activity(session, left, today=TODAY)
    assert caught.value.fields["participants.4"] == (
        "杨转出在2026-03-01不在本支部名册中，不能作为参加服务的党员")
    early = activity(branch, dt.date(2026, 8, 1))
    early.participants = [ParticipantInput(branch.newcomer.id, "2")]  # joined 1 September
    with pytest.raises(ValidationError, match="朱新来在2026-08-01不在本支部名册中"):
        save_activity(session, early, today=TODAY)
    with pytest.raises(ValidationError, match="活动类型应为"):
        save_activity(session, activity(branch, kind="打卡"), today=TODAY)
    with pytest.raises(ValidationError, match="请至少选择一名"):
        save_activity(session, activity(branch, members=0), today=TODAY)
    assert session.scalar(select(func.count()).select_from(ServiceActivity)) == 0
    assert session.scalar(select(func.count()).select_from(ServiceParticipant)) == 0


def test_a_day_holds_at_most_24_hours_per_member(session: Session, branch: Branch) -> None:
    first = save_activity(session, activity(branch, hours="16"), today=TODAY)
    with pytest.raises(ValidationError) as caught:
        save_activity(session, activity(branch, hours="9"), today=TODAY)
    assert "服务时长合计超过24小时（当天其他服务已记 16 小时）" in caught.value.fields[
        "participants.1"]
    save_activity(session, activity(branch, hours="8"), today=TODAY)  # exactly 24
    # Changing the first one counts the others, not itself.
    save_activity(session, activity(branch, hours="15.5"), first.id, today=TODAY)
    delete_activity(session, first.id)
    save_activity(session, activity(branch, hours="16"), today=TODAY)


def test_wish_statuses(session: Session, branch: Branch) -> None:
    member = branch.full[2]
    data = WishInput("幸福里社区", "王奶奶", "想要一台收音机", member.id, dt.date(2026, 4, 2))
    wish = save_wish(session, data, today=TODAY)
    assert (wish.status, wish.done_on) == ("认领", None)
    for changes, field, message in (
            ({"status": "完成"}, "done_on", "请填写完成日期"),
            ({"status": "完成", "done_on": dt.date(2026, 4, 1)}, "done_on",
             "完成日期不能早于认领日期"),
            ({"status": "完成", "done_on": TODAY + dt.timedelta(days=2)}, "done_on",
             "完成日期不能晚于今天"),
            ({"done_on": dt.date(2026, 5, 1)}, "done_on", "尚未完成的微心愿不填写完成日期"),
            ({"status": "放弃"}, "status", "状态应为：认领、完成"),
            ({"member_id": branch.transferred_out.id}, "member",
             "杨转出在2026-04-02不在本支部名册中，不能作为认领党员")):
        with pytest.raises(ValidationError) as caught:
            save_wish(session, WishInput(**{**data.__dict__, **changes}), wish.id, today=TODAY)
        assert caught.value.fields[field] == message
    done = save_wish(session, WishInput(**{**data.__dict__, "status": "完成",
                                           "done_on": dt.date(2026, 4, 20),
                                           "result": "已送到"}), wish.id, today=TODAY)
    assert (done.id, done.status, done.done_on) == (wish.id, "完成", dt.date(2026, 4, 20))


def test_problem_statuses(session: Session, branch: Branch) -> None:
    data = ProblemInput(dt.date(2026, 6, 3), "幸福里社区", "群众反映", "小区路灯损坏",
                        branch.full[1].id)
    problem = save_problem(session, data, today=TODAY)
    assert problem.status == "待协调"
    with pytest.raises(ValidationError) as caught:
        save_problem(session, ProblemInput(**{**data.__dict__, "status": "已解决"}),
                     problem.id, today=TODAY)
    assert caught.value.fields == {"solved_on": "请填写解决日期",
                                   "result": "已解决的问题请填写解决结果"}
    with pytest.raises(ValidationError, match="解决日期不能早于发现日期"):
        save_problem(session, ProblemInput(**{**data.__dict__, "status": "已解决",
                                              "solved_on": dt.date(2026, 6, 1),
                                              "result": "已修好"}), problem.id, today=TODAY)
    with pytest.raises(ValidationError, match="来源应为"):
        save_problem(session, ProblemInput(**{**data.__dict__, "origin": "网上"}), today=TODAY)
    solved = save_problem(session, ProblemInput(**{**data.__dict__, "status": "已解决",
                                                   "solved_on": dt.date(2026, 6, 10),
                                                   "result": "协调物业修复"}),
                          problem.id, today=TODAY)
    assert solved.status == "已解决"


def test_year_totals_and_member_totals(session: Session, branch: Branch) -> None:
    save_activity(session, activity(branch, hours="2", members=3, deeds=2), today=TODAY)
    save_activity(session, activity(branch, dt.date(2026, 7, 1), "1.5", "宣讲一次政策", 2),
                  today=TODAY)
    save_activity(session, activity(branch, dt.date(2025, 7, 1), "3", members=5),
                  today=TODAY)  # another year
    for day, status, done in ((dt.date(2026, 3, 1), "完成", dt.date(2026, 3, 9)),
                              (dt.date(2026, 9, 1), "认领", None),
                              (dt.date(2025, 12, 1), "完成", dt.date(2026, 1, 5))):
        save_wish(session, WishInput("幸福里社区", "居民", "心愿", branch.full[4].id, day, status,
                                     done), today=TODAY)
    save_problem(session, ProblemInput(dt.date(2026, 2, 1), "幸福里社区", "党员发现", "积水",
                                       branch.full[0].id, "已解决", dt.date(2026, 2, 8), "疏通"),
                 today=TODAY)
    save_problem(session, ProblemInput(dt.date(2026, 3, 1), "幸福里社区", "群众反映", "噪音"),
                 today=TODAY)
    summary = service_summary(session, 2026)
    assert (summary.activities, summary.person_times, summary.hours) == (2, 5, Decimal("9.0"))
    assert (summary.wishes_claimed, summary.wishes_done) == (2, 2)  # one claimed in 2025
    assert (summary.problems_found, summary.problems_solved) == (2, 1)
    assert summary.deeds == 2 + 2 + 1
    assert summary.by_kind["开展一次志愿服务"].person_times == 3
    assert summary.by_kind["宣讲一次政策"].hours == Decimal("3.0")
    assert summary.by_kind["调解一起矛盾纠纷"].activities == 0  # every configured kind shows
    totals = {t.name: t for t in member_totals(session, 2026, TODAY)}
    assert (totals["赵一"].person_times, totals["赵一"].hours, totals["赵一"].problems) == (
        2, Decimal("3.5"), 1)
    assert (totals["周五"].wishes_claimed, totals["周五"].wishes_done) == (2, 2)
    assert "杨转出" not in totals  # not on the roster at the year's end
    quiet = [t.name for t in not_served(session, 2026, TODAY)]
    assert "吴六" in quiet and "赵一" not in quiet and "周五" not in quiet
    # Roster order, not by what anyone did.
    assert [t.name for t in member_totals(session, 2026, TODAY)] == [
        m.name for m in list_members(session, on=TODAY)]


def test_october_reminder_is_a_private_list(session: Session, branch: Branch) -> None:
    save_activity(session, activity(branch, members=12), today=TODAY)
    assert service_reminders(session, dt.date(2026, 9, 30)) == []
    [reminder] = service_reminders(session, dt.date(2026, 10, 8))
    assert reminder.page == "志愿服务"
    assert reminder.text.startswith("今年尚无志愿服务记录的党员（")
    assert "蒋预一" in reminder.text and "赵一" not in reminder.text


def test_communities_and_activity_types(session: Session, branch: Branch) -> None:
    with pytest.raises(ValidationError, match="报到日期不能晚于今天"):
        save_community(session, CommunityInput("幸福里社区", TODAY + dt.timedelta(days=1)),
                       TODAY)
    save_community(session, CommunityInput("幸福里社区", dt.date(2020, 3, 1), "李主任"), TODAY)
    save_community(session, CommunityInput("和平路社区", dt.date(2024, 5, 1)), TODAY)
    assert current_community(session).community == "和平路社区"
    save_home(session, branch.full[0].id, "东城社区", dt.date(2021, 1, 1), TODAY)
    save_home(session, branch.full[0].id, "南湖社区", dt.date(2023, 1, 1), TODAY)
    assert home_communities(session)[branch.full[0].id].community == "南湖社区"
    with pytest.raises(ValidationError, match="不在本支部名册中"):
        save_home(session, branch.newcomer.id, "东城社区", dt.date(2026, 1, 1), TODAY)
    save_activity_types(session, ["环境整治", "政策宣讲"])
    save_activity(session, activity(branch, kind="环境整治"), today=TODAY)
    with pytest.raises(ValidationError, match="至少保留一种"):
        save_activity_types(session, [" "])


def test_command_line(database: Database, tmp_path, capsys) -> None:
    with database.session() as session:
        make_branch(session)
    database.close()
    db = str(database.path)
    assert main(["--db", db, "service", "add", "--date", "2026-05-16", "--community",
                 "幸福里社区", "--type", "开展一次志愿服务", "--members", "赵一、钱二",
                 "--hours", "2.5", "--deeds", "1", "--content", "清理楼道"]) == 0
    assert "已登记" in capsys.readouterr().out
    assert main(["--db", db, "service", "add", "--date", "2099-01-01", "--community", "社区",
                 "--type", "开展一次志愿服务", "--members", "赵一", "--hours", "2"]) == 1
    assert "服务日期不能晚于今天" in capsys.readouterr().err
    assert main(["--db", db, "service", "add", "--date", "2026-05-17", "--community", "社区",
                 "--type", "开展一次志愿服务", "--members", "无此人", "--hours", "2"]) == 1
    assert "党员名册中没有“无此人”" in capsys.readouterr().err
    assert main(["--db", db, "service", "list", "--year", "2026", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["members"], row["hours"], row["deeds"]) == (["赵一", "钱二"], 5.0, 1)
    assert main(["--db", db, "service", "summary", "--year", "2026", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["人次"], data["时长"], data["办实事"]) == (2, 5.0, 1)
    assert data["按活动类型"]["开展一次志愿服务"] == {"活动次数": 1, "人次": 2, "时长": 5.0}
    assert data["微心愿"] == {"认领": 0, "完成": 0}
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    assert main(["--db", db, "service", "list", "--year", "2026", "--pdf", str(pdf),
                 "--xlsx", str(xlsx)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    book = load_workbook(xlsx)
    assert book.sheetnames == ["志愿服务记录", "微心愿", "社区问题", "按活动类型",
                               "党员年度服务情况"]
    assert book["志愿服务记录"]["D3"].value == "赵一、钱二"


def test_check_finds_records_changed_outside_the_app(session: Session, branch: Branch) -> None:
    saved = save_activity(session, activity(branch, hours="3"), today=TODAY)
    wish = save_wish(session, WishInput("幸福里社区", "居民", "收音机", branch.full[0].id,
                                        dt.date(2026, 4, 1)), today=TODAY)
    assert service_problems(session) == []
    saved.participants[0].minutes = 25 * 60  # as if edited by hand
    wish.status = "完成"
    session.flush()
    assert service_problems(session) == [
        "赵一在2026-05-16的志愿服务时长合计超过24小时", "微心愿“收音机”的状态与完成日期不一致"]
