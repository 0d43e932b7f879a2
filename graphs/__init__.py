"""The command graph (LangGraph): parse → resolve → plan → approve → execute → respond.

``graph`` wires the nodes (``nodes``, ``resolving``) over the thread ``state``; ``planner`` turns
intents into typed tool calls, ``preview`` shows Odoo's own numbers before an approval, ``executor``
runs the steps keyed and audited, ``references`` and ``answers`` read "it" and pick-list answers,
``context`` carries the live objects of a run. The text parser is its own package, ``graphs.parsing``,
which knows nothing of the graph.
"""
