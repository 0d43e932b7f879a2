"""The graph's own sentences in English and French (the answer follows the message's language)."""

from __future__ import annotations

from typing import Literal

__all__ = ["say"]

Lang = Literal["en", "fr"]

_TEXTS: dict[str, tuple[str, str]] = {
    "needs_approval": ("Needs your approval: {steps}.", "Votre accord est nécessaire : {steps}."),
    "why_approval": ("Why: {reasons}", "Pourquoi : {reasons}"),
    "not_done": ("Not done ({step}): {why}.", "Non fait ({step}) : {why}."),
    "failed": ("Failed at {step}: {error}", "Échec à l'étape « {step} » : {error}"),
    "more_records": ("({n} more records not listed.)", "({n} autres enregistrements non listés.)"),
    "which": ("Which {label} do you mean by {phrase!r}?",
              "Plusieurs fiches « {label} » correspondent à « {phrase} » : laquelle choisir ?"),
    "which_plain": ("Which {label} do you mean?", "Quelle fiche « {label} » voulez-vous dire ?"),
    "unclear": ("I could not tell which one {phrase!r} means. Which {label} do you mean?",
                "Je ne vois pas quelle fiche « {phrase} » désigne. Quelle fiche « {label} » choisir ?"),
    "no_match": ("No {label} matches {phrase!r}.", "Aucune fiche « {label} » ne correspond à « {phrase} »."),
    "create_or_pick": ("Create it, or pick one?", "Faut-il la créer, ou en choisir une ?"),
    "pick_one": ("Which one?", "Laquelle ?"),
    "no_list": ("There is no list to continue in this conversation.", "Il n'y a pas de liste à poursuivre ici."),
    "more_pages": ("Say 'more' for the next page.", "Dites « la suite » pour la page suivante."),
    "which_company": ("Which company should I act in?", "Pour quelle société dois-je agir ?"),
}  # fmt: skip


def say(key: str, lang: str = "en", **values: object) -> str:
    """One of the graph's sentences, in French when ``lang`` is ``fr``."""
    return _TEXTS[key][lang == "fr"].format(**values)
