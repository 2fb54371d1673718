"""Who may do what: roles and permission checks."""
