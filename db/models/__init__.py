"""Every model module is imported here so that Base.metadata is complete."""

from db.models.audit import AuditEntry
from db.models.branch import BranchProfile, PartyGroup
from db.models.member import Member, MemberTransfer
from db.models.setting import Setting

__all__ = [
    "AuditEntry",
    "BranchProfile",
    "Member",
    "MemberTransfer",
    "PartyGroup",
    "Setting",
]
