"""Text → typed intents: the parser as its own package (it imports nothing of the command graph).

``intents`` (the pydantic models every parser returns), ``engine`` (the ``Parser`` protocol and the
offline parser), ``rules/`` (one module of offline rules per business domain), the shared machinery
(``cleanup`` normalising and typos, ``text``, ``vocabulary``, ``numbers`` and money, ``dates``,
``names`` and lines, ``split`` clauses, ``questions``), the LLM parser (``llm_client``, ``llm_schema``,
``llm_parser``, ``domains`` routing, ``grounding``) and ``auto`` (offline first, the LLM when unsure).
"""
