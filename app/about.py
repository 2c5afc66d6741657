"""关于支部工作台: the version, where the data and the log are, and the licences of what the
program ships (fonts with their licence files, libraries)."""

import html
from pathlib import Path

from base.log import log_file
from base.paths import resource_path

#: (name, what it is for, licence, licence file under resources/ or None)
COMPONENTS = (
    ("文泉驿微米黑", "界面字体", "Apache-2.0 或 GPL-3.0", ("fonts", "wqy-microhei.LICENSE.txt")),
    ("文鼎PL细上海宋（AR PL UMing）", "打印字体", "Arphic Public License",
     ("fonts", "uming.LICENSE.txt")),
    ("霞鹜文楷（LXGW WenKai）", "打印字体", "SIL Open Font License 1.1",
     ("fonts", "LXGWWenKai.LICENSE.txt")),
    ("Qt 与 PySide6", "图形界面", "LGPL-3.0", None),
    ("SQLAlchemy、Alembic", "数据库", "MIT", None),
    ("ReportLab", "生成 PDF", "BSD", None),
    ("openpyxl", "读写 Excel", "MIT", None),
    ("cryptography", "数据包加密和签名", "Apache-2.0 或 BSD", None),
    ("platformdirs", "数据文件夹位置", "MIT", None),
)


def _link(path: Path) -> str:
    return f'<a href="{path.as_uri()}">{html.escape(str(path))}</a>'


def about_html(data_folder: Path | None) -> str:
    import app

    rows = []
    for name, use, licence, file in COMPONENTS:
        shown = html.escape(licence)
        if file is not None and resource_path(*file).exists():
            shown = f'<a href="{resource_path(*file).as_uri()}">{shown}</a>'
        rows.append(f"<tr><td>{html.escape(name)}</td><td>{use}</td><td>{shown}</td></tr>")
    log = log_file()
    return (
        f"<h2>支部工作台 {html.escape(app.__version__)}</h2>"
        "<p>党支部书记的离线工作台：党员名册、会议记录、党费、互助金和慰问，"
        "通过U盘与市直机关工委同步。</p>"
        + (f"<p><b>数据文件夹：</b>{_link(data_folder)}</p>" if data_folder else "")
        + (f"<p><b>日志文件：</b>{_link(log)}</p>" if log else "")
        + "<p><b>所用字体和组件</b>（点许可名称查看许可文本）：</p>"
        "<table cellpadding='3'><tr><th align='left'>名称</th><th align='left'>用途</th>"
        "<th align='left'>许可</th></tr>" + "".join(rows) + "</table>"
    )
