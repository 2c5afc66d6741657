"""The 党员 page: the roster and every action on a member."""
