"""First run: the branch profile, asked page by page, saved when the user presses 完成."""

from html import escape

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget, QWizard, QWizardPage

from ui.context import AppContext
from ui.lock.wizard_page import PasswordPage
from ui.widgets.profile_form import ProfileForm


class _FormPage(QWizardPage):
    """A page holding one part of the profile form; 下一步 checks that part's fields."""

    def __init__(self, form: ProfileForm, title: str, subtitle: str, part: QWidget,
                 keys: tuple[str, ...]) -> None:
        super().__init__()
        self.form = form
        self.keys = keys
        self.setTitle(title)
        self.setSubTitle(subtitle)
        layout = QVBoxLayout(self)
        layout.addWidget(part)
        layout.addStretch(1)

    def validatePage(self) -> bool:
        errors = {k: v for k, v in self.form.check().items() if k in self.keys}
        self.form.show_errors(errors)
        return not errors


class _FinishPage(QWizardPage):
    def __init__(self, form: ProfileForm, context: AppContext) -> None:
        super().__init__()
        self.form = form
        self.context = context
        self.setTitle("确认并保存")
        self.setSubTitle("请核对以下信息，点“完成”保存。以后可以在“设置”中修改。")
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        QVBoxLayout(self).addWidget(self.summary)

    def initializePage(self) -> None:
        data = self.form.value()
        committee = "；".join(f"{c['post']} {c['name']}" for c in data.committee) or "（未填写）"
        groups = "、".join(g.name for g in self.form.groups.value()) or "（不设党小组）"
        term = f"{data.term_start:%Y年%m月%d日}" if data.term_start else "（未填写）"
        started = f"{data.started_on:%Y年%m月%d日}" if data.started_on else "（未填写）"
        rows = (("支部全称", data.name), ("支部代码", data.code),
                ("上级机关党委", data.parent_committee or "（未填写）"),
                ("市直机关工委", data.city_committee or "（未填写）"),
                ("本届任期开始", term), ("启用日期", started), ("支部委员", committee),
                ("党小组", groups))
        self.summary.setText("<table cellspacing='6'>" + "".join(
            f"<tr><td align='right'><b>{k}：</b></td><td>{escape(v)}</td></tr>" for k, v in rows
        ) + "</table>")

    def validatePage(self) -> bool:
        return self.form.save(self.context)


class SetupWizard(QWizard):
    help_section = "setup"  # the manual's section for F1

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("支部信息设置向导")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        for button, text in ((QWizard.WizardButton.BackButton, "< 上一步"),
                             (QWizard.WizardButton.NextButton, "下一步 >"),
                             (QWizard.WizardButton.FinishButton, "完成"),
                             (QWizard.WizardButton.CancelButton, "以后再说")):
            self.setButtonText(button, text)
        self.form = ProfileForm(self)
        with context.session() as session:
            self.form.load(session)
        self.addPage(_FormPage(
            self.form, "欢迎使用支部工作台",
            "先填写本支部的基本信息。带 * 的为必填项，其他的可以以后在“设置”中补充。",
            self.form.basics, ("name", "code", "parent_committee", "city_committee",
                               "term_start", "started_on")))
        self.addPage(_FormPage(
            self.form, "书记和支部委员", "填写书记和支部委员。填了委员时必须有书记。",
            self.form.committee, ("committee",)))
        self.addPage(_FormPage(
            self.form, "党小组", "输入名称后点“添加”。不设党小组可直接点“下一步”。",
            self.form.groups, ("groups",)))
        self.password_page = PasswordPage()
        self.addPage(self.password_page)
        self.addPage(_FinishPage(self.form, context))
        self.resize(720, 560)
