"""密码保护 for the branch: switching the password on, changing it, taking it off, and the
printed 恢复密钥 sheet (the encryption itself is db.cipher)."""
