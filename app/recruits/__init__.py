"""发展党员: a track per person from 入党申请 to 转正, its deadlines and its checks."""
