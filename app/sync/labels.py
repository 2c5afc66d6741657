"""Names people read for what travels: tables (the table name itself when unknown), the
areas of work they belong to, and the kinds of message the city sends down."""

from collections.abc import Iterable

LABELS = {
    "branch_profile": "支部信息",
    "party_group": "党小组",
    "member": "党员",
    "member_transfer": "组织关系转接",
    "member_status_period": "党籍状态变化",
    "committee_post": "支部委员任职",
    "meeting": "会议",
    "meeting_type_link": "会议类型",
    "meeting_attendance": "会议出席",
    "meeting_agenda_item": "会议议题",
    "meeting_election_candidate": "选举候选人",
    "meeting_written_opinion": "书面表决意见",
    "meeting_speech": "会议发言",
    "meeting_decision": "会议决定",
    "meeting_rectification": "整改事项",
    "meeting_rectification_followup": "整改跟进",
    "meeting_appraisal_grade": "民主评议等次",
    "meeting_attachment": "会议附件",
    "meeting_version": "会议记录修订",
    "dues_assessment": "党费核定",
    "dues_payment": "党费交纳",
    "dues_relief": "党费减免",
    "dues_remittance": "党费上缴",
    "fund_entry": "互助金账目",
    "fund_remittance_item": "互助金上缴明细",
    "aid_application": "救助申请",
    "aid_step": "救助申请流程",
    "aid_proof": "救助申请证明",
    "study_text": "学习篇目",
    "service_community": "报到社区",
    "service_home": "党员居住地社区",
    "service_activity": "志愿服务",
    "service_participant": "志愿服务参加人",
    "service_wish": "微心愿",
    "service_problem": "社区问题",
    "visit": "慰问",
    "visit_person": "慰问对象",
    "visit_goods": "慰问物品",
    "visit_photo": "慰问照片",
    "recruit": "发展党员",
    "recruit_step": "发展党员步骤",
    "recruit_person": "培养联系人和入党介绍人",
    "recruit_paper": "入党材料",
}


def table_label(name: str) -> str:
    return LABELS.get(name, name)


#: The area of work of each table, by the start of its name, in the order areas are listed.
AREAS = (("branch_profile", "支部信息"), ("party_group", "支部信息"), ("member", "党员名册"),
         ("meeting", "会议记录"), ("dues", "党费"), ("fund", "互助金"), ("aid", "互助金"),
         ("visit", "慰问"))
OTHER_AREA = "其他"


def area_of(table: str) -> str:
    return next((area for prefix, area in AREAS if table.startswith(prefix)), OTHER_AREA)


def areas(tables: Iterable[str]) -> str:
    """"会议记录、党费": the areas the tables belong to, each once, in the usual order."""
    found = {area_of(t) for t in tables}
    order = [area for _prefix, area in AREAS] + [OTHER_AREA]
    return "、".join(dict.fromkeys(a for a in order if a in found))


#: Kinds of message from the city (the code itself is never shown).
MESSAGE_KINDS = {"notice": "通知", "fund.aid_decision": "补助审批"}


def message_label(kind: str) -> str:
    return MESSAGE_KINDS.get(kind, "其他消息")
