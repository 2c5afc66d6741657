"""第一议题 to the city and 推荐学习篇目 back down: the share the city reports is the
branch's own, and a recommended text arrives in the branch's 学习篇目 once."""

import datetime as dt
import json
from pathlib import Path

from openpyxl import load_workbook

from app.city.importer import import_packages
from app.city.report import write_xlsx, year_report
from app.city.returns import write_return
from app.city.study import recommend_study_text
from app.cli import main
from app.meetings.first_topic import check_first_topics
from app.meetings.service import AgendaInput, MeetingInput, save_meeting
from app.meetings.study_texts import CITY, StudyTextInput, list_study_texts
from app.sync.export import export_package
from app.sync.receive import APPLIED, receive_return
from db.city.database import CityDatabase
from db.database import Database
from tests.sync.conftest import always

TODAY = dt.date(2026, 11, 25)
STUDY = AgendaInput("在中央和国家机关党的建设工作会议上的讲话", first_topic=True,
                    study_source="求是", study_date=dt.date(2019, 7, 9), study_form="领学")


def test_share_travels_up_and_texts_come_down(branch: Database, city: CityDatabase,
                                              stick: Path, tmp_path: Path, capsys) -> None:
    with branch.session() as session:
        for month in (2, 3, 4):
            save_meeting(session, MeetingInput(
                types=["支部委员会"], date=dt.date(2026, month, 6),
                agenda=[STUDY] if month != 3 else [AgendaInput("研究工作")]), today=TODAY)
        save_meeting(session, MeetingInput(types=["主题党日"], date=dt.date(2026, 5, 20)),
                     today=TODAY)
        own = check_first_topics(session, 2026)
    import_packages(city, [export_package(branch, stick).path], confirm_key=always)
    with city.session() as session:
        report = year_report(session, 2026, today=TODAY)
    topics = report["branches"][0]["meetings"]["first_topic"]
    assert (topics["required"], topics["with_topic"]) == (own.required, own.with_topic) == (3, 2)
    assert topics["share"] == round(2 / 3, 4)
    assert report["first_topic_total"] == topics
    write_xlsx(report, tmp_path / "report.xlsx")
    sheet = load_workbook(tmp_path / "report.xlsx")["按期开展"]
    assert [c.value for c in sheet[2]][5:] == [3, 2, round(2 / 3, 4)]

    text = StudyTextInput("在二十届中央纪委四次全会上的重要讲话", "新华社", dt.date(2025, 1, 6))
    with city.session() as session:
        assert recommend_study_text(session, ["TEST-01"], text, TODAY) == 1
        path = write_return(session, "TEST-01", stick)
    result = receive_return(branch, path)
    assert [(kind, status) for kind, status, _ in result.messages] == [
        ("meetings.study_text", APPLIED)]
    receive_return(branch, path)  # the same file again adds nothing
    with branch.session() as session:
        texts = list_study_texts(session)
    assert [(t.title, t.source, t.issued_on, t.origin) for t in texts] == [
        (text.title, "新华社", dt.date(2025, 1, 6), CITY)]

    city.close()
    assert main(["--db", str(tmp_path / "city.db"), "city", "recommend-study", "TEST-01",
                 "--title", " "]) == 1
    assert "请填写篇目名称" in capsys.readouterr().err
    assert main(["--db", str(tmp_path / "city.db"), "city", "report", "--year", "2026",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["branches"][0]["meetings"]["first_topic"]["with_topic"] == 2
