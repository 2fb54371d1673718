"""What people read while installing the app in a workspace (OAuth mode, bot/wiring/installs.py),
and in a workspace that has uninstalled it."""

from __future__ import annotations

from bot.catalog.catalog import Catalog


class InstallTexts(Catalog):
    INSTALL_DONE_TITLE = "crmbot is installed"
    INSTALL_DONE = "crmbot is now installed in {team}. In Slack, type `/crm help` to start."
    INSTALL_OPEN_SLACK = "Open Slack"
    INSTALL_FAILED_TITLE = "crmbot was not installed"
    INSTALL_FAILED = (
        "The installation did not finish ({reason}). Start again from the install link."
    )
    INSTALL_TRY_AGAIN = "Try again"
    INSTALL_NOT_INSTALLED = (
        ":warning: crmbot is no longer installed in this workspace. "
        "Ask a Slack admin to install it again."
    )


text = InstallTexts()
