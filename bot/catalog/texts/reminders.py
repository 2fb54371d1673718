"""Texts of the reminder DM before a next step with a clock time, the owners' notices of
follow-ups others logged on their customers, and the reminder lead in `/crm me`
(bot/views/reminders.py, bot/views/settings.py)."""

from __future__ import annotations

from bot.catalog.catalog import Catalog


class ReminderTexts(Catalog):
    # The reminder DM: the step, as it stands now
    REMINDER_SOON = ":alarm_clock: *In {minutes} min* · {who}: {what} — {due}"
    REMINDER_NOW = ":alarm_clock: *Now* · {who}: {what} — {due}"
    REMINDER_NOTIFY_SOON = "In {minutes} min: {what}"
    """The notification line (no formatting)."""
    REMINDER_NOTIFY_NOW = "Now: {what}"
    REMINDER_DONE_LINE = ":white_check_mark: ~{what}~ · {who} — done"
    REMINDER_SNOOZED_LINE = ":zzz: {what} · {who} — snoozed until {until}"
    REMINDER_MOVED_LINE = (
        ":calendar: {what} · {who} — moved to {due}; you'll be reminded again before then"
    )
    REMINDER_GONE_LINE = "~{what}~ · {who} — no longer open"
    REMINDER_REMOVED_CUSTOMER = "_a removed customer_"

    # To a customer's owner when others logged follow-ups on it (at most one an hour)
    REMINDER_NOTICE_ONE = "{author} logged a follow-up on {customer}: {what}"
    REMINDER_NOTICE_MANY = "{count} follow-ups on {customer} by others in the last hour:"
    REMINDER_NOTICE_ROW = "• {author} ({method}): {what}"
    REMINDER_NOTICE_MORE = "…and {count} more. `/customer {code}` shows them all."

    # `/crm me`
    REMINDER_ME_LEAD = "Remind me before steps with a time"
    REMINDER_ME_LEAD_HINT = (
        'A DM before a next step with a clock time ("demo tue 3pm", "明天下午3点"), with Done, '
        "Snooze and Reschedule."
    )
    REMINDER_LEADS = {
        "0": "At the time",
        "5": "5 minutes before",
        "10": "10 minutes before",
        "15": "15 minutes before",
        "30": "30 minutes before",
        "60": "1 hour before",
    }
    """By minutes: the choices `bot.preferences.model.REMINDER_LEADS` knows."""
    REMINDER_ME_SAVED = ":alarm_clock: Reminders before steps with a time: {lead}."

    # To the admins, when one of these cannot be delivered (scheduler/jobs.py)
    REMINDER_OUTBOUND_KINDS = {"reminder": "reminder", "notice": "follow-up notice"}


text = ReminderTexts()
