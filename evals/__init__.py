"""The evaluation suite: recorded conversations, their runner and report (``python -m evals``).

It drives the agent only through ``agent.api`` and the ``odoo_tools`` package (import-linter checks it).
"""
