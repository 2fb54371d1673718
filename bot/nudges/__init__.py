"""Morning nudges and escalations: what each owner hears about, and acting on it."""
