"""Messages the city sends down in return files, and who handles them on the branch.

Each message has a `kind`; areas add a line to HANDLERS ("module:function"), the function
taking `(session, payload)` and returning a short Chinese summary of what it did, or
raising UserError to refuse (the message is then kept as failed with that reason and
applied again when a later return file carries it). Example for the fund area:

    "fund.aid_decision": "app.fund.decisions:apply_aid_decision",

A kind without a handler (an older program) is kept as 无法处理 and shown to the user.
"""

import importlib
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

Handler = Callable[[Session, Any], str]

#: What became of a message on the branch.
APPLIED, FAILED, UNHANDLED = "已处理", "失败", "无法处理"

#: kind -> "module:function"
HANDLERS: dict[str, str] = {
    "notice": "app.sync.down:apply_notice",
    "fund.aid_decision": "app.fund.decisions:apply_aid_decision",
    "meetings.study_text": "app.meetings.study_texts:apply_recommendation",
}


def handler_for(kind: str) -> Handler | None:
    target = HANDLERS.get(kind)
    if target is None:
        return None
    module, name = target.split(":")
    return getattr(importlib.import_module(module), name)


def apply_notice(_session: Session, payload: Any) -> str:
    """A notice (通知) from the city: kept in the inbox and shown until read."""
    title = payload.get("title", "") if isinstance(payload, dict) else ""
    return f"工委通知：{title or '（无标题）'}"
