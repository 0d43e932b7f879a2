"""Every domain module, imported so its tools register (add new domains here)."""

from odoo_tools import chatter, generic, inventory, invoicing, partners, products, sales, smart, transfers  # noqa: F401
