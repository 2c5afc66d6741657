"""慰问 → 慰问名单: who is due a visit (春节, 七一), the 光荣在党50年 candidates, this month's
政治生日; chosen people go straight into a new visit."""

from PySide6.QtWidgets import QAbstractItemView, QLabel

from app.visits import lists
from app.visits.festivals import JULY_FIRST, SPRING_FESTIVAL, festival_day, upcoming
from app.visits.rules import VisitKind
from app.visits.service import PersonInput, VisitInput
from ui.visits.host import VisitsHost
from ui.widgets.buttons import button
from ui.widgets.choice_combo import ChoiceCombo
from ui.widgets.record_tab import RecordTab
from ui.widgets.tables import fill_table, record_table, row_key

SPRING_LIST = "春节慰问对象（老党员、困难党员）"
JULY_LIST = "七一慰问对象（老党员、困难党员）"
MEDAL_LIST = "“光荣在党50年”纪念章候选人"
BIRTHDAY_LIST = "本月政治生日"
LISTS = (SPRING_LIST, JULY_LIST, MEDAL_LIST, BIRTHDAY_LIST)
KIND_FOR = {SPRING_LIST: VisitKind.SPRING, JULY_LIST: VisitKind.JULY_FIRST,
            MEDAL_LIST: VisitKind.MEDAL, BIRTHDAY_LIST: VisitKind.OTHER}


class ListsTab(RecordTab):
    def __init__(self, host: VisitsHost) -> None:
        super().__init__()
        self.host = host
        self.choice = ChoiceCombo(LISTS)
        self.choice.setObjectName("list-choice")
        self.choice.currentIndexChanged.connect(self.refresh)
        self.visit_button = button("为所选对象登记慰问…", "用所选的人新建一次慰问记录",
                                   self.visit_selected)
        self.add_buttons([QLabel("名单："), self.choice], [self.visit_button])
        self.caption = self.add_note(name="list-caption")
        self.table = self.add_body(record_table("visit-list", ("姓名", "类别", "说明", "状态")))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)

    def refresh(self) -> None:
        which, today = self.choice.text(), self.host.today()
        rows: list[tuple[object, list[str]]] = []
        with self.host.context.session() as session:
            if which in (SPRING_LIST, JULY_LIST):
                festival = SPRING_FESTIVAL if which == SPRING_LIST else JULY_FIRST
                year = upcoming(festival, today)
                caption = (f"{year}年{festival}（{festival_day(festival, year):%m月%d日}）："
                           "名册中的老党员和困难党员，及其节日前后是否已慰问。")
                rows = [(t.member.id, [t.member.name, t.label, t.member.hardship_kind,
                                       f"已于{t.visited_on:%m月%d日}慰问" if t.visited_on
                                       else "未慰问"])
                        for t in lists.festival_targets(session, festival, year)]
            elif which == MEDAL_LIST:
                year = self.host.year()
                caption = (f"{year}年七一：转正日期不晚于{lists.medal_cutoff(year):%Y年%m月%d日}"
                           "、健在且在册的党员。")
                rows = [(c.member.id, [c.member.name, f"党龄{c.party_years}年",
                                       f"{c.full_date:%Y-%m-%d}转正"
                                       + ("（今年首次符合）" if c.first_year else ""),
                                       c.left_out or (f"已于{c.awarded_on:%Y-%m-%d}颁发"
                                                      if c.awarded_on else "未颁发")])
                        for c in lists.medal_candidates(session, year, today)]
            else:
                caption = f"{today:%m}月入党的党员（入党日期为政治生日）。"
                rows = [(b.member.id, [b.member.name, f"入党{b.years}周年",
                                       f"{b.join_date:%Y-%m-%d}入党", ""])
                        for b in lists.political_birthdays(session, today.year, today.month)]
        self.caption.setText(caption + f"共 {len(rows)} 人。")
        fill_table(self.table, rows)

    def visit_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        members = [str(row_key(self.table, r)) for r in rows]
        self.host.new_visit(VisitInput(
            date=self.host.today(), kind=KIND_FOR[self.choice.text()],
            persons=[PersonInput(member_id) for member_id in members],
            form="集中" if len(members) > 1 else "上门"))
