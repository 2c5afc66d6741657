"""首页: the year at a glance and what needs doing."""
