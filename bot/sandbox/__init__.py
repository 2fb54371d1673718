"""Try the bot without Slack: the stand-in Slack Web API, signed requests into the real app,
and a terminal conversation with it (`crm-bot sandbox`)."""
