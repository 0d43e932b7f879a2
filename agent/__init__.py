"""The odoo-agent application: configuration, command line and REPL."""
