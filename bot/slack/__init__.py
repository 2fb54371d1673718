"""Adapters for Slack's Web API: the client and the people directory."""
