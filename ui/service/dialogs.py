"""The forms of the 志愿服务 page: a service activity with who took part, a 微心愿, a
community problem, the branch's 报到社区 and a member's 居住地社区. Each checks in app/ and
shows a refusal beside its field; nothing is saved until everything is right."""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)
from sqlalchemy.orm import Session

from app.service.records import (
    ActivityInput,
    CommunityInput,
    ParticipantInput,
    ProblemInput,
    WishInput,
    activity_input,
    get_activity,
    list_communities,
    problem_input,
    save_activity,
    save_community,
    save_home,
    save_problem,
    save_wish,
    wish_input,
)
from app.service.rules import (
    ORIGINS,
    PROBLEM_STATUSES,
    WISH_STATUSES,
    activity_types,
)
from base.errors import UserError, ValidationError
from ui.context import AppContext
from ui.widgets.choice_combo import ChoiceCombo
from ui.widgets.date_field import DateField
from ui.widgets.form_dialog import FormDialog
from ui.widgets.member_picker import MemberChecklist, MemberCombo, roster

FORMAT_ERROR_FIELDS = ("date", "claimed_on", "done_on", "found_on", "solved_on", "reported_on")


class ServiceDialog(FormDialog):
    """The page's dialog frame: fields, an error line, the main button and 取消."""

    def __init__(self, context: AppContext, title: str, today: dt.date,
                 parent: QWidget | None = None, ok_text: str = "保存") -> None:
        super().__init__(title, parent, context=context, ok_text=ok_text)
        self.today = today
        with context.session() as session:
            communities = list_communities(session)
        self.home_community = communities[0].community if communities else ""

    def dates_typed(self) -> bool:
        """A date box holding something that is not a date says so and stops the save."""
        bad = False
        for key in FORMAT_ERROR_FIELDS:
            box = self.form.fields.get(key)
            if isinstance(box, DateField) and box.error():
                self.form.show_message(key, box.error() or "")
                bad = True
        return not bad

    def submit(self, action: Callable[[Session], object]) -> None:
        self.clear_errors()
        if self.dates_typed():
            self.run(action)

    def community_box(self, value: str) -> ChoiceCombo:
        box = ChoiceCombo([c for c in {self.home_community, value} if c],
                          placeholder="社区名称", editable=True)
        box.set_text(value or self.home_community)
        return box


class ActivityDialog(ServiceDialog):
    """登记志愿服务: when, where, what kind, who took part for how long, what was done."""

    def __init__(self, context: AppContext, today: dt.date, activity_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, "修改志愿服务" if activity_id else "登记志愿服务", today,
                         parent)
        self.activity_id = activity_id
        with context.session() as session:
            kinds = activity_types(session)
            data = activity_input(get_activity(session, activity_id)) if activity_id else \
                ActivityInput(today, "", kinds[0], [])
        self.date = self.form.add("date", "服务日期", DateField(optional=False), required=True)
        self.date.set_date(data.date)
        self.date.finished.connect(self._fill_people)
        self.community = self.form.add("community", "服务社区",
                                       self.community_box(data.community), required=True)
        self.kind = self.form.add("kind", "活动类型", ChoiceCombo(kinds), required=True)
        self.kind.set_text(data.kind)
        self.hours = self.form.add("hours", "每人时长（小时）", QDoubleSpinBox())
        self.hours.setRange(0, 24)
        self.hours.setSingleStep(0.5)
        self.hours.setDecimals(1)
        first = data.participants[0].hours if data.participants else None
        self.hours.setValue(float(first) if first is not None else 2.0)
        self.people = self.form.add("participants", "参加党员", MemberChecklist(), required=True)
        self.people.setObjectName("participants")
        # Names flow in rows, so a branch of forty fits without a long scroll.
        self.people.setFlow(QListView.Flow.LeftToRight)
        self.people.setWrapping(True)
        self.people.setResizeMode(QListView.ResizeMode.Adjust)
        self.people.setUniformItemSizes(True)
        self.people.setSpacing(2)
        self.people.setMinimumHeight(150)
        self._chosen = {p.member_id for p in data.participants}
        self.deeds = self.form.add("deeds", "办实事（件）", QSpinBox())
        self.deeds.setRange(0, 999)
        self.deeds.setValue(data.deeds)
        self.content = self.form.add("content", "服务内容", QPlainTextEdit())
        self.content.setPlainText(data.content)
        self.content.setFixedHeight(70)
        self._fill_people()
        self.resize(600, self.sizeHint().height())

    def _fill_people(self) -> None:
        """Those on the roster on the service day, ticked as before."""
        if self.people.count():
            self._chosen = set(self.chosen_ids())
        self.people.set_members(roster(self.context, self.date.date() or self.today),
                                self._chosen)

    def chosen_ids(self) -> list[str]:
        return self.people.checked_ids()

    def check(self, name: str, checked: bool = True) -> None:
        self.people.check(name, checked)

    def save(self) -> None:
        hours = Decimal(str(self.hours.value()))
        data = ActivityInput(self.date.date(), self.community.text(), self.kind.text(),
                             [ParticipantInput(member_id, hours)
                              for member_id in self.chosen_ids()],
                             self.content.toPlainText(), self.deeds.value())
        self.submit(lambda session: save_activity(session, data, self.activity_id,
                                                  self.today).id)

    def show_error(self, exc: UserError) -> None:
        """A participant's problem (participants.N) shows under the list."""
        fields = exc.fields if isinstance(exc, ValidationError) else {}
        for key, message in fields.items():
            if key.startswith("participants."):
                self.form.show_message("participants", message)
            if key.startswith("participants.") and "时长" in message:
                self.form.show_message("hours", message)
        super().show_error(exc)


class WishDialog(ServiceDialog):
    """微心愿: the resident's wish, the member who claimed it, 认领 → 完成."""

    def __init__(self, context: AppContext, today: dt.date, wish_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, "修改微心愿" if wish_id else "登记微心愿", today, parent)
        self.wish_id = wish_id
        with context.session() as session:
            data = wish_input(session, wish_id) if wish_id else \
                WishInput("", "", "", None, today)
        self.community = self.form.add("community", "社区", self.community_box(data.community),
                                       required=True)
        self.resident = self.form.add("resident", "许愿群众", QLineEdit(data.resident),
                                      required=True)
        self.wish = self.form.add("wish", "心愿内容", QLineEdit(data.wish), required=True)
        self.claimed_on = self.form.add("claimed_on", "认领日期", DateField(optional=False),
                                        required=True)
        self.claimed_on.set_date(data.claimed_on)
        self.member = self.form.add("member", "认领党员", MemberCombo(context, today, False),
                                    required=True)
        if data.member_id:
            self.member.select(data.member_id)
        self.status = self.form.add("status", "状态", ChoiceCombo(WISH_STATUSES))
        self.status.set_text(data.status)
        self.done_on = self.form.add("done_on", "完成日期", DateField())
        self.done_on.set_date(data.done_on)
        self.outcome = self.form.add("result", "完成情况", QLineEdit(data.result))
        self.resize(520, self.sizeHint().height())

    def save(self) -> None:
        data = WishInput(self.community.text(), self.resident.text(), self.wish.text(),
                         self.member.member_id(), self.claimed_on.date(), self.status.text(),
                         self.done_on.date(), self.outcome.text())
        self.submit(lambda session: save_wish(session, data, self.wish_id, self.today).id)


class ProblemDialog(ServiceDialog):
    """A community problem: found or reported, who coordinates it, its result and status."""

    def __init__(self, context: AppContext, today: dt.date, problem_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, "修改社区问题" if problem_id else "登记社区问题", today, parent)
        self.problem_id = problem_id
        with context.session() as session:
            data = problem_input(session, problem_id) if problem_id else \
                ProblemInput(today, "", ORIGINS[0], "")
        self.found_on = self.form.add("found_on", "发现或反映日期", DateField(optional=False),
                                      required=True)
        self.found_on.set_date(data.found_on)
        self.community = self.form.add("community", "社区", self.community_box(data.community),
                                       required=True)
        self.origin = self.form.add("origin", "来源", ChoiceCombo(ORIGINS))
        self.origin.set_text(data.origin)
        self.description = self.form.add("description", "问题", QLineEdit(data.description),
                                         required=True)
        self.coordinator = self.form.add("coordinator", "协调党员",
                                         MemberCombo(context, today, False))
        if data.coordinator_id:
            self.coordinator.select(data.coordinator_id)
        self.status = self.form.add("status", "状态", ChoiceCombo(PROBLEM_STATUSES))
        self.status.set_text(data.status)
        self.solved_on = self.form.add("solved_on", "解决日期", DateField())
        self.solved_on.set_date(data.solved_on)
        self.outcome = self.form.add("result", "结果", QLineEdit(data.result))
        self.resize(520, self.sizeHint().height())

    def save(self) -> None:
        data = ProblemInput(self.found_on.date(), self.community.text(), self.origin.text(),
                            self.description.text(), self.coordinator.member_id(),
                            self.status.text(), self.solved_on.date(), self.outcome.text())
        self.submit(lambda session: save_problem(session, data, self.problem_id,
                                                 self.today).id)


class CommunityDialog(ServiceDialog):
    """The branch reports to a community (a new report replaces the current one)."""

    def __init__(self, context: AppContext, today: dt.date, parent: QWidget | None = None
                 ) -> None:
        super().__init__(context, "登记报到社区", today, parent)
        self.community = self.form.add("community", "报到社区", QLineEdit(), required=True)
        self.reported_on = self.form.add("reported_on", "报到日期", DateField(optional=False),
                                         required=True)
        self.reported_on.set_date(today)
        self.contact = self.form.add("contact", "社区联系人", QLineEdit())
        self.phone = self.form.add("phone", "联系电话", QLineEdit())
        self.resize(460, self.sizeHint().height())

    def save(self) -> None:
        data = CommunityInput(self.community.text(), self.reported_on.date(),
                              self.contact.text(), self.phone.text())
        self.submit(lambda session: save_community(session, data, self.today).id)


class HomeDialog(ServiceDialog):
    """A member's 居住地社区 (回家报到)."""

    def __init__(self, context: AppContext, today: dt.date, member_id: str, name: str,
                 community: str, parent: QWidget | None = None) -> None:
        super().__init__(context, f"{name}的居住地社区", today, parent)
        self.member_id = member_id
        self.community = self.form.add("community", "居住地社区", QLineEdit(community))
        self.community.setPlaceholderText("留空表示清除")
        self.reported_on = self.form.add("reported_on", "报到日期", DateField())
        self.reported_on.set_date(today)
        self.resize(420, self.sizeHint().height())

    def save(self) -> None:
        community, day = self.community.text(), self.reported_on.date()
        self.submit(lambda session: save_home(session, self.member_id, community, day,
                                              self.today).id)
