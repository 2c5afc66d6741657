"""The user manual shipped under resources/manual: its sections in reading order, and which
section explains which page of the program (F1 opens it)."""

from pathlib import Path

from base.paths import resource_path

#: (file name without .md, title) in the order of a secretary's year.
SECTIONS = (
    ("year", "一年的工作"),
    ("setup", "开始使用"),
    ("home", "首页"),
    ("members", "党员"),
    ("meetings", "会议"),
    ("recruits", "发展党员"),
    ("dues", "党费"),
    ("fund", "互助金"),
    ("visits", "慰问"),
    ("service", "志愿服务"),
    ("sync", "同步：U盘交接"),
    ("settings", "设置"),
    ("new-pc", "换新电脑"),
    ("city", "工委端"),
    ("problems", "遇到问题时"),
)
#: The section of each sidebar page (by its title) and of the city window.
PAGE_SECTIONS = {"首页": "home", "党员": "members", "会议": "meetings", "发展党员": "recruits",
                 "党费": "dues", "互助金": "fund", "慰问": "visits", "志愿服务": "service",
                 "同步": "sync", "设置": "settings", "工委": "city"}
FIRST = SECTIONS[0][0]


def manual_folder() -> Path:
    return resource_path("manual")


def section_file(key: str) -> Path:
    """The Markdown file of a section; the first section for an unknown key."""
    known = {k for k, _title in SECTIONS}
    return manual_folder() / f"{key if key in known else FIRST}.md"
