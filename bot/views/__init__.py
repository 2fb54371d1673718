"""Block Kit builders: pure functions from data to Slack blocks, messages and views."""
