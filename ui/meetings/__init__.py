"""Widgets of the 会议 page: the list, the editor, the compliance calendar, versions."""
