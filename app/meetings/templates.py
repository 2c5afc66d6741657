"""Starting points for a new record: per-type templates and copying an earlier meeting."""

import datetime as dt

from sqlalchemy.orm import Session

from app.meetings.service import AgendaInput, MeetingInput, meeting_input
from app.meetings.types import ItemKind, MeetingType

#: Usual 议题 for each type (the 主题党日 fixed items come from domain.md §2).
TEMPLATES: dict[str, list[AgendaInput]] = {
    MeetingType.THEME_DAY: [
        AgendaInput("佩戴党徽，重温入党誓词"),
        AgendaInput("集中学习党章（或学习上级文件精神）"),
        AgendaInput("集中交纳党费"),
        AgendaInput("主题活动（学习、志愿服务或民主议事）"),
    ],
    MeetingType.GENERAL: [
        AgendaInput("传达学习上级文件精神"),
        AgendaInput("讨论表决事项", ItemKind.VOTE),
    ],
    MeetingType.COMMITTEE: [
        AgendaInput("传达学习上级有关精神"),
        AgendaInput("研究支部近期工作"),
        AgendaInput("研究党员发展和教育管理有关事项"),
    ],
    MeetingType.GROUP: [
        AgendaInput("学习上级文件精神"),
        AgendaInput("党员交流思想和工作情况"),
    ],
    MeetingType.LECTURE: [AgendaInput("党课主讲"), AgendaInput("交流学习体会")],
    MeetingType.LIFE: [
        AgendaInput("通报上年度整改落实情况"),
        AgendaInput("支部班子对照检查"),
        AgendaInput("党员个人对照检查，开展批评和自我批评"),
        AgendaInput("明确整改措施，形成整改清单"),
    ],
    MeetingType.APPRAISAL: [
        AgendaInput("党员个人总结"),
        AgendaInput("党员互评和民主测评"),
        AgendaInput("支部综合评定等次"),
    ],
    MeetingType.HEART_TO_HEART: [AgendaInput("谈心谈话")],
}

#: 议题 presets that carry a vote, offered in the editor.
VOTE_PRESETS = [
    AgendaInput("接收预备党员", ItemKind.VOTE),
    AgendaInput("预备党员转正", ItemKind.VOTE),
    AgendaInput("延长预备期", ItemKind.VOTE),
    AgendaInput("取消预备党员资格", ItemKind.VOTE),
    AgendaInput("选举", ItemKind.ELECTION),
    AgendaInput("表彰", ItemKind.VOTE),
    AgendaInput("组织处置", ItemKind.VOTE),
    AgendaInput("纪律处分", ItemKind.VOTE),
    AgendaInput("支委会工作报告", ItemKind.VOTE),
]


def from_template(types: list[str], date: dt.date) -> MeetingInput:
    """A new record with the usual 议题 of each chosen type (no repeats)."""
    agenda: list[AgendaInput] = []
    for meeting_type in types:
        for item in TEMPLATES.get(meeting_type, []):
            if all(item.title != a.title for a in agenda):
                agenda.append(AgendaInput(item.title, item.kind))
    return MeetingInput(types=list(types), date=date, agenda=agenda)


def copy_meeting(session: Session, meeting_id: str, date: dt.date) -> MeetingInput:
    """A new draft from an earlier meeting: same types, place, people and 议题 (an election
    keeps its 应选人数); no votes, ballots, candidates, speeches, decisions, grades or
    attachments (those belong to the earlier meeting)."""
    source = meeting_input(session, meeting_id)
    return MeetingInput(
        types=source.types, date=date, start_time=source.start_time,
        end_time=source.end_time, title=source.title, place=source.place,
        group_id=source.group_id, chair_name=source.chair_name, chair_post=source.chair_post,
        recorder_name=source.recorder_name, guests=[],
        agenda=[AgendaInput(a.title, a.kind, a.content, seats=a.seats) for a in source.agenda],
    )
