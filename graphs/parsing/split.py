"""Where a message splits into clauses, how a clause's "…, confirm it and invoice it" folds into the
intent before it, and the clauses that are no command (a negation, a delete, a verb over "all")."""

from __future__ import annotations

import itertools
import re

from graphs.parsing.intents import Intent
from graphs.parsing.text import Text

__all__ = [
    "ANOTHER_RECORD",
    "CHAIN_VERBS",
    "CLAUSE_SPLIT",
    "DELETE",
    "EVERY",
    "MORE",
    "NEGATED",
    "SAME_ACT",
    "STEPS_ALLOWED",
    "STEP_OF",
    "chain",
    "split_clauses",
]  # fmt: skip


CHAIN_VERBS = (
    r"(?:confirm|confirme[rzs]?|valide[rzs]?|validate|invoice|bill|facture[rzs]?|post|comptabilise[rzs]?|send"
    r"|envoie[rzs]?|cancel|annule[rzs]?|register|record|enregistre[rzs]?|mark|marque[rzs]?|remind|relance[rzs]?"
    r"|add|ajoute[rzs]?|rajoute[rzs]?|create|cree[rzs]?|make|fais|print|imprime[rzs]?|download|telecharge[rzs]?"
    r"|receive|receptionne[rzs]?|finish|termine[rzs]?|cloture[rzs]?|complete(?=\s+(?:it|them)\b)"
    # "…, poste-la pis sors-moi le PDF": French imperatives with their pronoun (alone, "poste" is a job or a mail)
    r"|poste(?=[- ](?:la|le|les)\b)|sors(?=[- ](?:moi|nous)\b)"
    r"|raise(?=\s+(?:the|an?|une?)\s+(?:invoice|bill|facture))"  # "…, confirm it and raise the invoice"
    # "…then leave a note on it", "…et mets une note dessus": a note's own verbs, only before a note
    r"|(?:leave|write|drop|jot|pin|put|laisse[rz]?|mets|mettre|ecris|ecrire)(?=\s+(?:a|an|une?|quick|petite?)?\s*"
    r"(?:quick\s+|internal\s+|petite?\s+)?(?:note|comment|commentaire|message)\b)"
    # "email a reminder", "email it to them" — but "…, email rocky@example.com" is the contact's address
    r"|e-?mail(?=\s+(?:a|an|the|it|them|him|her|un|une|le|la|les)\b))\b"
)
# A new clause starts at a separator followed by an action verb: "…, confirm it and invoice it"; the verb may be
# said to someone ("… et tu confirmes", "… and you confirm it").
CLAUSE_SPLIT = re.compile(
    # (a French imperative with its pronoun needs no separator: "… 50cl confirme-la et termine-la")
    r"(?:\s*[,;.!?+]\s*(?:(?:and|et)\s+)?|\s+[-—]\s+|\s+(?:and|et|puis|pis|ensuite|then)\s+|\s+(?=[a-z]+-(?:la|le|les)\b))"
    rf"(?:(?:then|puis|pis|ensuite|also|aussi|please|svp)\s+)*"
    r"(?:(?:tu|vous|on)\s+(?:(?:le|la|les|l')\s*)?|(?<=and )you\s+)?"
    # "…, puis de la valider": a polite letter's infinitive
    rf"(?:de\s+(?:le\s+|la\s+|les\s+|l')?)?"
    # "… et la valider": the pronoun before an infinitive (never "et la facture", a noun)
    r"(?:(?:le|la|les)\s+(?=\w+er\b)|l'(?=\w+er\b))?"
    rf"(?={CHAIN_VERBS})"
)
# "don't confirm SO42", "ne confirme pas", "never cancel": a request not to act is no command.
NEGATED = re.compile(
    rf"\b(?:don't|dont|do not|never|please don't)\s+(?:yet\s+|ever\s+)?{CHAIN_VERBS}"
    rf"|\bne\s+(?:pas\s+|jamais\s+)?(?:le\s+|la\s+|les\s+)?{CHAIN_VERBS}|\bn'{CHAIN_VERBS}"
)
# Deleting records, and one verb over "all" documents, are refused with a way forward (policy: deletes are
# refused, bulk needs a named list); a quotation the person calls "it" is cancelled instead (approval).
DELETE = re.compile(r"\b(?:delete|deletes|remove|erase|supprime[rz]?|efface[rz]?)\b")
EVERY = re.compile(
    r"\b(?:all|every|tous|toutes)\s+(?:of\s+)?(?:[^\W_]*(?:'s?)?\s+){0,3}"
    r"(?:quotations?|quotes?|orders?|invoices?|bills?|devis|commandes?|factures?|customers?|clients?|"
    r"contacts?|partners?|products?|produits?|leads?|opportunit\w*|purchases?|rfqs?|records?|tickets?|tasks?|taches?"
    r"|vehicles?|vehicules?|employees?|employes?|events?|meetings?|pickings?|deliveries|livraisons?)\b"
    r"|\b(?:everything|everyone|tout\s+le\s+monde)\b"
    # "all the patients who …", "tous les adhérents qui …": every record a condition picks, whatever they are called
    r"|\b(?:all|every|tous|toutes)\s+(?:of\s+)?(?:the\s+|les\s+|our\s+|nos\s+)?[^\W\d_]+s\s+(?:who|that|which|whose"
    r"|qui|dont|whom)\b"
)
# Steps a later "confirm it" / "invoice it" / "post it" adds to the intent before it.
STEP_OF: dict[str, str] = {"confirm_order": "confirm", "invoice_order": "invoice", "post_invoice": "post",
                           "receive_purchase": "receive", "confirm_production": "confirm",
                           "finish_production": "finish"}  # fmt: skip
STEPS_ALLOWED: dict[str, tuple[str, ...]] = {
    "create_quotation": ("confirm", "invoice", "post"),
    "create_purchase": ("confirm", "receive"),
    "confirm_purchase": ("receive",),
    "create_production": ("confirm", "finish"),
    "confirm_production": ("finish",),
    "confirm_order": ("invoice", "post"),
    "invoice_order": ("post",),
    "create_invoice": ("post",),
}
# A later "validate it" / "receive it" that repeats the act before it, rather than chaining a new one.
SAME_ACT: dict[str, tuple[str, ...]] = {
    "validate_picking": ("confirm_order", "validate_picking", "receive_purchase"),
    "receive_purchase": ("receive_purchase", "confirm_order"),
}
# "5 more", "4 Widgets de plus", "another 3": an addition to the order just used.
MORE = re.compile(
    r"\d+(?:\.\d+)?\s+(?:[^\W\d_][\w'-]*\s+){0,4}?(?:more|de plus|en plus|extra|additional|supplementaires?)\b"
    r"|\b(?:another|encore)\s+\d"
)


# "create a project X and a task Y in it": a second record of the same creation, its verb not repeated.
ANOTHER_RECORD = re.compile(
    r"\s+(?:and|et)\s+(?=(?:also\s+)?(?:a|an|une|un)\s+(?:new\s+|nouvelle?\s+)?(?:task|tache)\b)"
)


# "confirm S00088 and show me the overdue invoices", "… puis montre le stock de …": a second request that reads.
READ_AFTER = re.compile(
    r"(?:\s+(?:and|et|puis|pis|then|ensuite|also)|\s*[;,]\s*(?:and\s+|et\s+)?(?:also|aussi|then|puis|ensuite)\s*,?)\s+"
    r"(?:then\s+|also\s+|aussi\s+|apres\s+|after that\s+|please\s+)?"
    r"(?=(?:show|list|display|tell me|give me|what|what's|which|how many|how much|montre[rz]?|affiche[rz]?"
    r"|liste[rz]?|donne[rz]?-moi|dis-moi|dites-moi|quels?|quelles?|combien)\b)"
    # after a comma only an order to show ("…, after that show me my tasks"): "…, what's its status?" is the
    # same question said again
    r"|\s*[,;]\s*(?:(?:and|et|puis|then|ensuite|after that|afterwards|once done|apres ca|apres cela|et apres|also"
    r"|aussi)\s*,?\s+)?(?:please\s+)?(?=(?:show|list|display|tell me|give me|montre[rz]?|affiche[rz]?|liste[rz]?"
    r"|donne[rz]?-moi|dis-moi|dites-moi)\b)"
)

# "log 2h on task #81 and move it to Review", "… puis passe-la en Gagné": a second act on the same record.
ACT_ON_IT = re.compile(
    r"\s+(?:and|et|puis|pis|then|ensuite)\s+(?:then\s+|also\s+|aussi\s+)?"
    r"(?=(?:move|put|bump|advance|set|tag|deplace|passe|mets|tague)(?:\s+(?:it|them|him|her)\b|-(?:le|la|les)\b)"
    # "… and log 3 hours on it", "… et pointe 2h dessus": time on the record just made
    r"|(?:log|logs|pointe|point|saisis|note)\s+\d)"
)


def split_clauses(text: Text) -> list[tuple[int, int]]:
    """Clause spans: cut before each separator + action verb (and before "and a task …" after a creation)."""
    cuts = [m.start() for m in CLAUSE_SPLIT.finditer(text.low) if m.start() > 0]
    made = re.compile(r"\b(?:create|cree[rz]?|new|nouveau|nouvelle|set up|make)\b[^,.]*\b(?:project|projet)\b")
    cuts += [m.start() for m in ANOTHER_RECORD.finditer(text.low) if made.search(text.low[: m.start()])]
    cuts += [m.start() for m in READ_AFTER.finditer(text.low) if m.start() > 0]
    cuts += [m.start() for m in ACT_ON_IT.finditer(text.low) if m.start() > 0]
    # "stock X ? / commandes web ?": a slash between two requests (a bare "?" may end a sentence that the
    # next one completes: "could you log a lead for them? Their email is …")
    cuts += [m.end() for m in re.finditer(r"\?\s*/\s*|\s/\s", text.low) if m.end() < len(text.low)]
    cuts = sorted(set(cuts))
    bounds = [0, *cuts, len(text.low)]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def _chained_steps(intent: Intent) -> list[str] | None:
    """The intent's own ``then`` list (appending to it chains a step), or None for an intent that chains nothing.

    Each model types its list with only the steps it takes; ``STEPS_ALLOWED`` names the same steps per intent.
    """
    steps: list[str] | None = getattr(intent, "then", None)
    return steps


def chain(intents: list[Intent]) -> list[Intent]:
    """Fold "…, confirm it and invoice it" into the first intent's ``then`` steps."""
    out: list[Intent] = []
    for intent in intents:
        prev = out[-1] if out else None
        step = STEP_OF.get(intent.intent)
        if step == "confirm" and prev is not None and prev.intent in ("create_invoice", "invoice_order"):
            step = "post"  # "…and validate it" after an invoice: confirming an invoice is posting it
        ref = getattr(intent, "order", None) or getattr(intent, "invoice", None)
        if prev is not None and ref is None and intent.intent in SAME_ACT.get(prev.intent, ()):
            continue  # "validate WH/IN/00031 …, please validate it": the same act said twice
        allowed = STEPS_ALLOWED.get(prev.intent, ()) if prev else ()
        then = _chained_steps(prev) if prev is not None else None
        if then is not None and step in allowed and ref is None and step not in then:
            then.append(step)
            then.extend(s for s in getattr(intent, "then", []) if s in allowed and s not in then)
            continue
        out.append(intent)
    return out
