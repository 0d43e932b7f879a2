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
    "still_unknown": ("Still unknown from an earlier message: {step} (sent, never answered, not found in Odoo "
                      "yet). resume --retry looks again; resume --resend {id} sends it again.",
                      "Toujours inconnu depuis un message précédent : {step} (envoyé, sans réponse, pas encore "
                      "trouvé dans Odoo). resume --retry regarde à nouveau ; resume --resend {id} le renvoie."),
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
    # Approvals are bound to what was shown: these say why nothing ran and the plan is shown again.
    "dropped": ("The approval for {steps} was dropped.", "L'accord demandé pour {steps} est abandonné."),
    "dropped_new_plan": ("The approval for {steps} was dropped; here is the new plan.",
                         "L'accord demandé pour {steps} est abandonné ; voici le nouveau plan."),
    "nothing_run": ("Nothing was run; here is the plan again.", "Rien n'a été exécuté ; voici de nouveau le plan."),
    "token_missing": ("That approval named no token, so nothing was run: approve the plan below with its token.",
                      "Cet accord ne donnait pas de jeton : rien n'a été exécuté. Approuvez le plan ci-dessous avec "
                      "son jeton."),
    "token_other": ("That approval was for another plan than the one pending (its token does not match), so nothing "
                    "was run; here is the current plan.",
                    "Cet accord portait sur un autre plan que celui en attente (son jeton ne correspond pas) : rien "
                    "n'a été exécuté ; voici le plan actuel."),
    "waits_for_approval": ("This thread waits for an approval (approve with its token, reject or edit), not for "
                           "{kind}; nothing was run.",
                           "Cette conversation attend un accord (approuver avec son jeton, refuser ou modifier), pas "
                           "« {kind} » ; rien n'a été exécuté."),
}  # fmt: skip


def say(key: str, lang: str = "en", **values: object) -> str:
    """One of the graph's sentences, in French when ``lang`` is ``fr``."""
    return _TEXTS[key][lang == "fr"].format(**values)
