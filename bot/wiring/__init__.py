"""Putting the app together: settings, the clock, the Bolt app, the web server, the CLI."""
