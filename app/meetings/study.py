"""How a 第一议题 reads and what makes one acceptable (pure rules, used by the editor,
the minutes and the checks)."""

import datetime as dt

from app.reports.common import date_text

LABEL = "第一议题"
STUDY_FORMS = ("领学", "交流研讨", "专题辅导", "原文诵读", "观看视频", "自学")


def study_text(title: str, source: str, day: dt.date | None, form: str) -> str:
    """ "第一议题：《…》（人民日报，2026年3月1日；领学）": the 学习内容 is the 议题's title."""
    details = "，".join(part for part in (source, date_text(day)) if part)
    if form:
        details = f"{details}；{form}" if details else form
    return f"{LABEL}：{title}" + (f"（{details}）" if details else "")


def study_problem(position: int, title: str, form: str, day: dt.date | None,
                  meeting_date: dt.date | None) -> str | None:
    """Why a 第一议题 cannot be saved as entered (None when it can)."""
    if position != 0:
        return "只有第一项议题可以标为第一议题"
    if not title.strip():
        return "第一议题请填写学习内容"
    if form and form not in STUDY_FORMS:
        return "学习形式应为：" + "、".join(STUDY_FORMS)
    if day and meeting_date and day > meeting_date:
        return "第一议题所学讲话或指示的日期不能晚于会议日期"
    return None
