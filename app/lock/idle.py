"""How long the window may stay untouched before the lock screen covers it."""

from app.settings import Option

IDLE_MINUTES = Option("lock.idle_minutes", 10, "无操作自动锁定（分钟）")
#: Wrong passwords allowed in a row before the lock screen makes the user wait, and the
#: first wait (doubling with each further wrong one, up to MAX_WAIT).
FREE_TRIES, FIRST_WAIT, MAX_WAIT = 3, 30, 15 * 60


def wait_after(wrong: int) -> int:
    """Seconds to wait after `wrong` wrong passwords in a row (0 for the first few)."""
    if wrong < FREE_TRIES:
        return 0
    return min(FIRST_WAIT * 2 ** (wrong - FREE_TRIES), MAX_WAIT)
