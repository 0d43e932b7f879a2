"""Every domain module, imported so its tools register (add new domains here)."""

from odoo_tools import chatter, generic, invoicing, partners, sales, smart  # noqa: F401
