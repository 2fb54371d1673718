"""Classification rules: the pure model, applying them to customers, and the admin actions."""
