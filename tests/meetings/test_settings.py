"""设置 → 会议: frequencies, the 补录 threshold, grades and phrases, saved together."""

import pytest
from PySide6.QtWidgets import QMessageBox

from app import settings
from app.meetings.settings import (
    BACKDATED_DAYS,
    FREQUENCIES,
    GRADES,
    PHRASES,
    save_meeting_settings,
)
from base.errors import ValidationError
from ui.settings.meetings import MeetingSettings


def test_settings_are_checked_before_saving(session) -> None:
    frequencies = dict(settings.get(session, FREQUENCIES))
    with pytest.raises(ValidationError, match="至少需要两个"):
        save_meeting_settings(session, frequencies, 7, ["优秀"], [])
    with pytest.raises(ValidationError, match="不能重复"):
        save_meeting_settings(session, frequencies, 7, ["优秀", "优秀"], [])
    with pytest.raises(ValidationError, match="频次应为"):
        save_meeting_settings(session, {**frequencies, "党课": "每周"}, 7, ["好", "差"], [])
    assert settings.get(session, GRADES) == ["优秀", "合格", "基本合格", "不合格"]


def test_the_section_saves_what_is_shown(qtbot, app_context, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: shown.append(text))
    section = MeetingSettings(app_context)
    qtbot.addWidget(section)
    assert section.frequency_boxes["支部委员会"].currentText() == "每月"
    assert section.backdated.value() == 7
    section.frequency_boxes["党课"].setCurrentText("每年")
    section.backdated.setValue(10)
    section.grades.setText("好，较好，一般")
    section.phrases.setPlainText("会议由书记主持。\n\n全体党员重温入党誓词。")
    section.save()
    assert shown == [] and section.status.text() == "已保存"
    with app_context.session() as session:
        assert settings.get(session, FREQUENCIES)["党课"] == "每年"
        assert settings.get(session, BACKDATED_DAYS) == 10
        assert settings.get(session, GRADES) == ["好", "较好", "一般"]
        assert settings.get(session, PHRASES) == ["会议由书记主持。", "全体党员重温入党誓词。"]
    section.grades.setText("优秀")
    section.save()
    assert "至少需要两个" in shown[0]
