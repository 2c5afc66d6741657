"""Read-only tables: a table that shows all its rows never hides its last (合计) row."""

from ui.widgets.tables import fill_rows, record_table, show_all_rows


def test_a_table_showing_all_rows_is_as_tall_as_they_are(qtbot) -> None:
    table = record_table("figures", ("项目", "金额（元）"))
    qtbot.addWidget(table)
    fill_rows(table, [[f"第{n}项", "1.00"] for n in range(12)] + [["合计", "12.00"]])
    table.resize(300, 120)
    table.show()
    last = table.rowCount() - 1
    assert table.rowViewportPosition(last) + table.rowHeight(last) > table.viewport().height()

    show_all_rows(table)
    qtbot.wait(10)

    assert table.rowViewportPosition(last) + table.rowHeight(last) <= table.viewport().height()
