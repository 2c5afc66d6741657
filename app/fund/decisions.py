"""The city's decision on an aid application, as it travels down in a return file.

The city writes `decision_payload(...)` into a message of kind DECISION_KIND; the branch's
handler `apply_aid_decision` (registered in app.sync.down.HANDLERS) records it on the
application. A message comes again in every return file until the branch confirms it, so
applying the same decision twice changes nothing.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from app.fund import applications as apps
from app.fund.applications import AidStatus, ApplicationStep
from base.errors import UserError
from base.money import format_yuan, parse_yuan

DECISION_KIND = "fund.aid_decision"


@dataclass(frozen=True)
class AidDecision:
    application_id: str
    number: str
    approve: bool
    amount: Decimal | None
    reason: str
    decided_by: str
    decision_ref: str
    decided_on: dt.date


def decision_payload(decision: AidDecision) -> dict[str, Any]:
    return {
        "application_id": decision.application_id, "number": decision.number,
        "approve": decision.approve,
        "amount": str(decision.amount) if decision.amount is not None else None,
        "reason": decision.reason, "decided_by": decision.decided_by,
        "decision_ref": decision.decision_ref, "decided_on": decision.decided_on.isoformat(),
    }


def parse_payload(payload: Any) -> AidDecision:
    if not isinstance(payload, dict):
        raise UserError("工委审批消息格式错误")
    try:
        approve = payload["approve"]
        amount = parse_yuan(payload["amount"]) if payload.get("amount") is not None else None
        decision = AidDecision(
            application_id=str(payload["application_id"]), number=str(payload.get("number", "")),
            approve=approve if isinstance(approve, bool) else bool(approve),
            amount=amount, reason=str(payload.get("reason", "")),
            decided_by=str(payload.get("decided_by", "")),
            decision_ref=str(payload.get("decision_ref", "")),
            decided_on=dt.date.fromisoformat(str(payload["decided_on"])))
    except (KeyError, ValueError) as exc:
        raise UserError(f"工委审批消息格式错误（{exc}）") from None
    return decision


def _same(application: apps.AidApplication, decision: AidDecision) -> bool:
    status = AidStatus.APPROVED if decision.approve else AidStatus.REFUSED
    reached = {s.to_status for s in application.steps
               if s.deleted_at is None and s.action == ApplicationStep.CITY_DECISION}
    return status in reached and application.approved_amount == (
        decision.amount if decision.approve else None)


def apply_aid_decision(session: Session, payload: Any) -> str:
    """Down-message handler: record the city's approval or refusal on the application."""
    decision = parse_payload(payload)
    application = apps.get_application(session, decision.application_id)
    if application.status != AidStatus.SUBMITTED and _same(application, decision):
        return f"补助申请 {application.number} 的工委审批结果此前已登记"
    apps.record_city_decision(
        session, application.id, approve=decision.approve, amount=decision.amount,
        reason=decision.reason, decided_by=decision.decided_by or "市直机关工委",
        decision_ref=decision.decision_ref, decided_on=decision.decided_on)
    if decision.approve and decision.amount is not None:
        return (f"工委批准{application.applicant_name}的补助申请 {application.number}："
                f"{format_yuan(decision.amount)} 元，到账后请登记并发放签收")
    return (f"工委未批准{application.applicant_name}的补助申请 {application.number}："
            f"{decision.reason}")
