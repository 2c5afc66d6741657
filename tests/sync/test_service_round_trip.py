"""Volunteer service travels to the city: its figures per branch and in total are those the
branch computes, a change and a deletion arrive with the next package, and the Excel
summary has its sheet."""

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy.orm import Session

from app.city.importer import import_packages
from app.city.report import text_lines, write_xlsx, year_report
from app.members.service import MemberInput, add_member
from app.service.records import (
    ActivityInput,
    CommunityInput,
    ParticipantInput,
    ProblemInput,
    WishInput,
    delete_activity,
    save_activity,
    save_community,
    save_problem,
    save_wish,
)
from app.service.summary import service_summary
from app.sync.export import export_package
from db.city.database import CityDatabase
from db.database import Database
from db.models import Member
from tests.meetings.conftest import make_id
from tests.sync.conftest import always, make_branch

TODAY = dt.date(2026, 11, 25)


def _members(session: Session) -> list[Member]:
    return [add_member(session, MemberInput(
        name=name, id_number=make_id(index), category="正式党员",
        join_date=dt.date(2010, 3, 1), full_date=dt.date(2011, 3, 1)), today=TODAY)[0]
        for index, name in enumerate(("赵一", "钱二", "孙三", "李四"), start=1)]


def _record(branch: Database, hours: str) -> str:
    with branch.session() as session:
        full = _members(session)
        save_community(session, CommunityInput("幸福里社区", dt.date(2024, 3, 1), "李主任"),
                       TODAY)
        kept = save_activity(session, ActivityInput(
            dt.date(2026, 5, 16), "幸福里社区", "开展一次志愿服务",
            [ParticipantInput(m.id, hours) for m in full[:4]], "清理楼道", 2),
            today=TODAY)
        gone = save_activity(session, ActivityInput(
            dt.date(2026, 6, 2), "幸福里社区", "宣讲一次政策",
            [ParticipantInput(full[0].id, "1")]), today=TODAY)
        save_wish(session, WishInput("幸福里社区", "王奶奶", "收音机", full[1].id,
                                     dt.date(2026, 4, 1), "完成", dt.date(2026, 4, 9)),
                  today=TODAY)
        save_problem(session, ProblemInput(dt.date(2026, 6, 3), "幸福里社区", "群众反映",
                                           "路灯损坏", full[2].id, "已解决",
                                           dt.date(2026, 6, 9), "协调修复"), today=TODAY)
        assert kept.id != gone.id
        return gone.id


def test_service_figures_reach_the_city(branch: Database, city: CityDatabase, stick: Path,
                                       tmp_path: Path) -> None:
    gone = _record(branch, "2.5")
    import_packages(city, [export_package(branch, stick).path], confirm_key=always)
    with branch.session() as session:
        delete_activity(session, gone)  # a tombstone goes up with the next package
        own = service_summary(session, 2026)
    import_packages(city, [export_package(branch, stick).path], confirm_key=always)
    second = make_branch(tmp_path / "second.db", "TEST-02", city)
    _record(second, "1")
    import_packages(city, [export_package(second, stick).path], confirm_key=always)
    second.close()

    with city.session() as session:
        report = year_report(session, 2026, today=TODAY)
    first, other = report["branches"]
    service = first["service"]
    assert (service["activities"], service["person_times"], service["minutes"]) == (
        own.activities, own.person_times, own.minutes) == (1, 4, 600)
    assert service["hours"] == 10.0
    assert (service["wishes_claimed"], service["wishes_done"]) == (1, 1)
    assert (service["problems_found"], service["problems_solved"]) == (1, 1)
    assert service["deeds"] == own.deeds == 2 + 1 + 1
    assert list(service["by_kind"]) == ["开展一次志愿服务"]  # the deleted 宣讲 is gone
    assert other["service"]["activities"] == 2
    total = report["service_total"]
    assert total["person_times"] == 4 + 5 and total["hours"] == 10.0 + 5.0
    assert total["by_kind"]["宣讲一次政策"]["person_times"] == 1
    assert any(line.startswith("双报到志愿服务（各支部合计）：3 次、9 人次、15 小时")
               for line in text_lines(report))
    write_xlsx(report, tmp_path / "report.xlsx")
    sheet = load_workbook(tmp_path / "report.xlsx")["双报到志愿服务"]
    assert [c.value for c in sheet[2]] == ["TEST-01", "中共测试单位第一党支部", 1, 4, 10.0, 1, 1,
                                           1, 1, 4]
    assert [c.value for c in sheet[4]][:4] == ["合计", None, 3, 9]
