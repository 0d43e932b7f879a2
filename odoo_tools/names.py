"""Pick one of a handful of named records (stages, lost reasons) from what a person calls it.

For short fixed lists the resolver's name_search is overkill and too strict ("proposal" is the
"Proposition" stage): the phrase is mapped through usual synonyms, then matched by spelling.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from odoo_tools.errors import OdooValidationError
from odoo_tools.i18n import t

__all__ = ["LIKE_SPECIALS", "like_literal", "match_name"]

LIKE_SPECIALS = "%_\\"  # LIKE wildcards and PostgreSQL's escape character

_SCORE = 80  # WRatio: a case, accent or one-letter difference, not another word
_MARGIN = 10  # ahead of the runner-up by this much, else it is a guess


def like_literal(text: str) -> str:
    """``text`` for an ``ilike``/``=ilike`` value, matched as typed: ``%``, ``_`` and ``\\`` escaped.

    Every domain built from user text goes through this, so "%" finds a name holding "%", not
    every record. Text without those characters comes back unchanged (same request bodies).
    PostgreSQL's LIKE escape character is the backslash, which Odoo keeps.
    """
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _fold(s: str) -> str:
    return s.strip().casefold().replace("é", "e").replace("è", "e").replace("ê", "e")


def match_name(phrase: str, names: dict[int, str], synonyms: dict[str, str], what: str) -> tuple[int, str]:
    """(id, name) of the record ``phrase`` means; one sentence listing the names when none fits.

    ``what`` is the catalog key of what the names are ("crm.stage_noun").
    """
    wanted = _fold(phrase)
    wanted = _fold(synonyms.get(wanted, wanted))
    best = process.extract(wanted, {i: _fold(n) for i, n in names.items()}, scorer=fuzz.WRatio, limit=2)
    if best and best[0][1] >= _SCORE and (len(best) == 1 or best[0][1] - best[1][1] >= _MARGIN):
        return int(best[0][2]), names[int(best[0][2])]
    raise OdooValidationError(
        t("names.no_such_name", what=t(what), phrase=phrase, names=", ".join(names.values()))
    )  # fmt: skip
