"""Every model module is imported here so that Base.metadata is complete."""

from db.models.audit import AuditEntry
from db.models.branch import BranchProfile, CommitteePost, PartyGroup
from db.models.dues import DuesAssessment, DuesPayment, DuesRelief, DuesRemittance
from db.models.fund import AidApplication, AidProof, AidStep, FundEntry, FundRemittanceItem
from db.models.meeting import (
    AgendaItem,
    AppraisalGrade,
    Attachment,
    Attendance,
    Decision,
    ElectionCandidate,
    Meeting,
    MeetingTypeLink,
    MeetingVersion,
    Rectification,
    RectificationFollowUp,
    Speech,
    WrittenOpinion,
)
from db.models.member import Member, MemberStatusPeriod, MemberTransfer
from db.models.recruit import Recruit, RecruitPaper, RecruitPerson, RecruitStep
from db.models.service import (
    ServiceActivity,
    ServiceCommunity,
    ServiceHome,
    ServiceParticipant,
    ServiceProblem,
    ServiceWish,
)
from db.models.setting import Setting
from db.models.study import StudyText
from db.models.sync import SyncExport, SyncExported, SyncIdentity, SyncInbox, SyncReturn
from db.models.visit import Visit, VisitGoods, VisitPerson, VisitPhoto

__all__ = [
    "AgendaItem",
    "AidApplication",
    "AidProof",
    "AidStep",
    "AppraisalGrade",
    "Attachment",
    "Attendance",
    "AuditEntry",
    "BranchProfile",
    "CommitteePost",
    "Decision",
    "DuesAssessment",
    "DuesPayment",
    "DuesRelief",
    "DuesRemittance",
    "ElectionCandidate",
    "FundEntry",
    "FundRemittanceItem",
    "Meeting",
    "MeetingTypeLink",
    "MeetingVersion",
    "Member",
    "MemberStatusPeriod",
    "MemberTransfer",
    "PartyGroup",
    "Recruit",
    "RecruitPaper",
    "RecruitPerson",
    "RecruitStep",
    "Rectification",
    "RectificationFollowUp",
    "ServiceActivity",
    "ServiceCommunity",
    "ServiceHome",
    "ServiceParticipant",
    "ServiceProblem",
    "ServiceWish",
    "Setting",
    "Speech",
    "StudyText",
    "SyncExport",
    "SyncExported",
    "SyncIdentity",
    "SyncInbox",
    "SyncReturn",
    "Visit",
    "VisitGoods",
    "VisitPerson",
    "VisitPhoto",
    "WrittenOpinion",
]
