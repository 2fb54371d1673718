"""The App Home tab (bot/views/home.py): a person's next steps, their customers by tier, the
team section for managers and admins, and the Find customer form. The step buttons and the
step group headings are the `/crm todo` ones (`msg.TODO_…`); the help footer keeps
`HOME_CUSTOMERS` and `HOME_FOOTER` (bot/catalog/texts/nudges.py)."""

from __future__ import annotations

from bot.catalog.catalog import Catalog


class HomeTexts(Catalog):
    HOME_HEADER = "Your customers and next steps"
    HOME_NEW_CUSTOMER = "New customer"
    HOME_LOG_FOLLOWUP = "Log follow-up"
    HOME_FIND_CUSTOMER = "Find customer"
    HOME_SHOW_MORE = "Show more"

    # Next steps
    HOME_STEPS_HEADING = "*Next steps* — {overdue} overdue, {week} due this week"
    HOME_STEPS_MORE_ONE = "1 more step due by the end of the week."
    HOME_STEPS_MORE_MANY = "{count} more steps due by the end of the week. `/crm todo` lists them."

    # Customers by tier
    HOME_CUSTOMERS_HEADING = "*Your customers* ({total}) — {tiers}"
    HOME_CUSTOMERS_TIER_COUNT = "{tier} {count}"
    HOME_CUSTOMERS_NONE = (
        "*Your customers* — none yet. Add one with *New customer* or `/customer new`."
    )
    HOME_CUSTOMERS_QUIET_ONE = ":hourglass: 1 customer is past their tier's cadence."
    HOME_CUSTOMERS_QUIET_MANY = ":hourglass: {count} customers are past their tier's cadence."
    HOME_CUSTOMERS_ALL_IN_TOUCH = (
        ":white_check_mark: Every customer is within their tier's cadence."
    )
    HOME_TIER_HEADING = "*{tier}* ({count})"
    HOME_CUSTOMER_LATE = (
        "• {customer} — {days} days since contact · :red_circle: past the {cadence}-day cadence"
    )
    HOME_CUSTOMER_ON_TIME = "• {customer} — {days} days since contact · every {cadence} days"
    HOME_CUSTOMER_TODAY = "• {customer} — in touch today · every {cadence} days"
    HOME_CUSTOMERS_MORE = "Showing {shown} of {total}. `/customer list mine` lists them all."

    # The team, for managers and admins
    HOME_TEAM_HEADING = "*Your team*"
    HOME_TEAM_OVERDUE = "*Overdue next steps per rep*"
    HOME_TEAM_OVERDUE_ROW = "• {rep} — {count} overdue"
    HOME_TEAM_OVERDUE_NONE = "*Overdue next steps per rep* — none :tada:"
    HOME_TEAM_QUIET = "*Customers past their cadence* ({count})"
    HOME_TEAM_QUIET_ROW = "• {customer} — {days} days since contact"
    HOME_TEAM_QUIET_NONE = "*Customers past their cadence* — none"
    HOME_TEAM_MOVES = "*Tier moves this week* — {up} up, {down} down"
    HOME_TEAM_MOVE_ROW = "• {customer}: {before} → {after}"
    HOME_TEAM_MOVES_NONE = "*Tier moves this week* — none"
    HOME_TEAM_MORE = "…and {count} more"
    HOME_TEAM_LISTS = (
        "Lists: `/crm todo @rep` (a rep's next steps) · `/customer list overdue` · "
        "`/customer list quiet` · `/crm digest` (the weekly digest)"
    )

    # The short help at the bottom
    HOME_HELP = (
        "*Log a follow-up in one line:* "
        "`/followup &lt;customer&gt; &lt;what happened&gt;, next: &lt;next step&gt;`"
    )

    # Find customer (a small modal)
    HOME_FIND_TITLE = "Find customer"
    HOME_FIND_SUBMIT = "Find"
    HOME_FIND_CANCEL = "Cancel"

    # The follow-up form opened from the Home, with a customer to type


text = HomeTexts()
