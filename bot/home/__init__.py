"""The App Home tab: a person's next steps, customers by tier and, for managers, the team."""
