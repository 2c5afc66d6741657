"""Meetings: 三会一课, 主题党日, 组织生活会, 民主评议 — records, votes, compliance, search."""
