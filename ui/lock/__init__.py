"""密码保护 in the window: the lock screen, locking after idle minutes, 设置 → 密码保护."""
