"""Reminders at the due time of next steps with a clock time, and the owners' notices of
follow-ups others logged on their customers."""
