"""The demo branch's 学习篇目 and the 第一议题 its 支委会 and 党员大会 open with."""

import datetime as dt
import random

from sqlalchemy.orm import Session

from app.meetings.service import AgendaInput, MeetingInput
from app.meetings.study_texts import BRANCH, CITY, StudyTextInput, add_study_text

#: (date, source, title, recommended by the city)
TEXTS = (
    (dt.date(2016, 7, 1), "新华社", "在庆祝中国共产党成立95周年大会上的讲话", False),
    (dt.date(2016, 10, 27), "求是", "在党的十八届六中全会第二次全体会议上的讲话", True),
    (dt.date(2017, 10, 18), "新华社", "在中国共产党第十九次全国代表大会上的报告", True),
    (dt.date(2018, 1, 11), "新华社", "在十九届中央纪委二次全会上的重要讲话", False),
    (dt.date(2018, 5, 4), "人民日报", "在纪念马克思诞辰200周年大会上的讲话", False),
    (dt.date(2019, 7, 9), "求是", "在中央和国家机关党的建设工作会议上的讲话", True),
    (dt.date(2020, 1, 8), "新华社", "在“不忘初心、牢记使命”主题教育总结大会上的讲话", False),
    (dt.date(2020, 9, 8), "人民日报", "在全国抗击新冠肺炎疫情表彰大会上的讲话", False),
    (dt.date(2021, 2, 20), "求是", "在党史学习教育动员大会上的讲话", True),
    (dt.date(2021, 7, 1), "新华社", "在庆祝中国共产党成立100周年大会上的讲话", True),
    (dt.date(2022, 1, 18), "新华社", "在十九届中央纪委六次全会上的重要讲话", False),
    (dt.date(2022, 10, 16), "新华社", "在中国共产党第二十次全国代表大会上的报告", True),
    (dt.date(2023, 1, 9), "新华社", "在二十届中央纪委二次全会上的重要讲话", False),
    (dt.date(2023, 4, 3), "求是",
     "在学习贯彻习近平新时代中国特色社会主义思想主题教育工作会议上的讲话", True),
    (dt.date(2024, 1, 8), "新华社", "在二十届中央纪委三次全会上的重要讲话", False),
    (dt.date(2024, 7, 18), "人民日报",
     "关于《中共中央关于进一步全面深化改革、推进中国式现代化的决定》的说明", True),
    (dt.date(2025, 1, 6), "新华社", "在二十届中央纪委四次全会上的重要讲话", False),
)
FORMS = ("领学", "领学", "领学", "交流研讨", "原文诵读", "专题辅导")
#: Share of 支委会 and 党员大会 that open with a 第一议题 (a few forgot, as in real life).
WITH_TOPIC = 0.92


def add_texts(session: Session, today: dt.date) -> None:
    for day, source, title, recommended in TEXTS:
        if day <= today:
            add_study_text(session, StudyTextInput(title, source, day), today,
                           origin=CITY if recommended else BRANCH)


def open_with_study(data: MeetingInput) -> None:
    """Most meetings study the latest text first: it becomes 议题1 and the speeches on the
    other 议题 keep pointing at them. Drawn from the date, so the other demo figures stay
    as the main random generator made them."""
    if data.date is None:
        return
    rng = random.Random(data.date.toordinal())
    known = [t for t in TEXTS if t[0] <= data.date]
    if not known or rng.random() > WITH_TOPIC:
        return
    day, source, title, _recommended = rng.choice(known[-2:])
    data.agenda.insert(0, AgendaInput(title, first_topic=True, study_source=source,
                                      study_date=day, study_form=rng.choice(FORMS)))
    for speech in data.speeches:
        if speech.agenda_number is not None:
            speech.agenda_number += 1
