"""The branch's models. Each name is imported from its module on first use, so a command
loads only the tables it works with (declaring and configuring all of them costs a command
line call about 0.1 s); `load_all()` completes Base.metadata for what walks every table."""

import importlib
from typing import TYPE_CHECKING, Any

# The members, the branch's posts and groups, and the meetings point at one another's tables.
from db.models import branch, meeting, member  # noqa: F401

if TYPE_CHECKING:
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

#: Each model's module (under db.models).
_MODULES = {
    "AgendaItem": "meeting",
    "AidApplication": "fund",
    "AidProof": "fund",
    "AidStep": "fund",
    "AppraisalGrade": "meeting",
    "Attachment": "meeting",
    "Attendance": "meeting",
    "AuditEntry": "audit",
    "BranchProfile": "branch",
    "CommitteePost": "branch",
    "Decision": "meeting",
    "DuesAssessment": "dues",
    "DuesPayment": "dues",
    "DuesRelief": "dues",
    "DuesRemittance": "dues",
    "ElectionCandidate": "meeting",
    "FundEntry": "fund",
    "FundRemittanceItem": "fund",
    "Meeting": "meeting",
    "MeetingTypeLink": "meeting",
    "MeetingVersion": "meeting",
    "Member": "member",
    "MemberStatusPeriod": "member",
    "MemberTransfer": "member",
    "PartyGroup": "branch",
    "Recruit": "recruit",
    "RecruitPaper": "recruit",
    "RecruitPerson": "recruit",
    "RecruitStep": "recruit",
    "Rectification": "meeting",
    "RectificationFollowUp": "meeting",
    "ServiceActivity": "service",
    "ServiceCommunity": "service",
    "ServiceHome": "service",
    "ServiceParticipant": "service",
    "ServiceProblem": "service",
    "ServiceWish": "service",
    "Setting": "setting",
    "Speech": "meeting",
    "StudyText": "study",
    "SyncExport": "sync",
    "SyncExported": "sync",
    "SyncIdentity": "sync",
    "SyncInbox": "sync",
    "SyncReturn": "sync",
    "Visit": "visit",
    "VisitGoods": "visit",
    "VisitPerson": "visit",
    "VisitPhoto": "visit",
    "WrittenOpinion": "meeting",
}


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_MODULES[name]}"), name)


def load_all() -> None:
    """Import every model module, so that Base.metadata and the registry are complete."""
    for module in sorted(set(_MODULES.values())):
        importlib.import_module(f"{__name__}.{module}")


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
    "load_all",
]
