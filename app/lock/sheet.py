"""The 恢复密钥 sheet: printed at set-up, it opens the data when the password is forgotten."""

import datetime as dt

from app.reports.document import SIZES, Document

_BRANCH_LINES = (
    "谁拿到本页和数据库文件，谁就能打开全部党员信息。",
    "修改密码后会生成新的恢复密钥，请打印新的一页并销毁本页；以前的备份仍用当时的密码"
    "或当时的恢复密钥打开。",
    "密码和恢复密钥都丢失时，本机数据无法打开：请联系市直机关工委，用工委的恢复包"
    "恢复已交给工委的数据（最后一次导出以后的修改需要重新录入）。",
)
_CITY_LINES = (
    "谁拿到本页和工委数据库，谁就能以工委的名义签发回执、解开各支部的数据包。",
    "修改密码后会生成新的恢复密钥，请打印新的一页并销毁本页。",
    "密码和恢复密钥都丢失时，请用离线保存的私钥备份（branchdesk city backup-key 写出的文件"
    "和它的备份口令）恢复到新的工委数据库。",
)


def recovery_sheet_pdf(branch: str, recovery: str, database: str,
                       today: dt.date | None = None, city: bool = False) -> bytes:
    """The sheet of a branch's database, or with `city` of the city's private keys."""
    today = today or dt.date.today()
    doc = Document("恢复密钥", author=branch)
    doc.title("支部工作台 恢复密钥", subtitle=branch)
    if city:
        doc.paragraph("忘记工委密码时，用本页的恢复密钥打开工委私钥并设置新密码：在工委端的"
                      "密码窗口中点“忘记密码”，或在命令提示符中运行 "
                      "branchdesk-cli city password recover。")
    else:
        doc.paragraph("忘记密码时，用本页的恢复密钥打开数据并设置新密码：在支部工作台的密码窗口中"
                      "点“忘记密码”，或在命令提示符中运行 branchdesk-cli password recover。")
    doc.spacer(6)
    doc.note(recovery, size=SIZES["三号"], align="center")
    doc.spacer(6)
    doc.fields([[("数据库", database)], [("打印日期", f"{today:%Y年%m月%d日}")]])
    doc.spacer(4)
    lines = (_CITY_LINES if city else _BRANCH_LINES)
    for line in ("请把本页锁在保密柜中，与电脑分开保管；不要拍照、不要存在电脑或U盘上。", *lines):
        doc.note("· " + line, size=SIZES["四号"])
    return doc.build()
