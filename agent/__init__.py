"""The doors: configuration, the CLI (``ask``/``resume``/``chat``/…), the REPL, the MCP server, LangGraph
Server's factory, and ``api`` (the agent as a library)."""
