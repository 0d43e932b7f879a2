"""The offline parser's rules, one module per business domain; ``engine.RULES`` sets the order they are tried in."""
