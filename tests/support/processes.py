"""Running `crm-bot` as a real process against the stand-in Slack and a test database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.sandbox.signed import SIGNING_SECRET
from tests.support.keys import TEST_ENCRYPTION_KEY

CRM_BOT = str(Path(sys.executable).with_name("crm-bot"))


def clean_env(**settings: str) -> dict[str, str]:
    """The environment without any CRM or Slack settings of the developer's, plus the tests'
    encryption key and `settings` (which may unset it with an empty value)."""
    keep = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "CRM_", "DATABASE_"))
    }
    return {**keep, "CRM_ENCRYPTION_KEY": TEST_ENCRYPTION_KEY, **settings}


def bot_env(slack_url: str, database_url: str, **extra: str) -> dict[str, str]:
    return clean_env(
        SLACK_BOT_TOKEN="xoxb-000-test-token",
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack_url,
        DATABASE_URL=database_url,
        CRM_TIMEZONE="Asia/Shanghai",
        **extra,
    )


def start_bot(args: list[str], *, cwd: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [CRM_BOT, *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
