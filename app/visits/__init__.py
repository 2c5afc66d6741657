"""Condolence visits (慰问): recording them with their money rules, the lists that drive
the work (春节/七一, 光荣在党50年, 政治生日), reports and reminders."""
