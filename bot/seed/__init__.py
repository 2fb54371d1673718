"""A made-up book of customers at any size: `crm-bot seed`, and the data `make bench` runs on."""
