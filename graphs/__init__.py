"""LangGraph state machines (the command graph arrives with its issue)."""
