"""Vocabulary and text rules of the offline parser (English and French), kept apart from its decisions.

Everything here is deterministic. A message is first cleaned up (``prepare``): instruction-like
text removed, number words turned into digits, typos in *known keywords only* fixed, order and
invoice references masked as ``§0``, ``§1``…, and amounts normalised (``$50k`` → ``¤50000``,
``1 234,50`` → ``1234.5``). The result is a ``Text``: that clean-up text plus an aligned folded
copy (lower case, accents stripped) on which every pattern runs, so that an entity phrase found
in the folded copy is cut from the clean-up text with the spelling the person used.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from odoo_tools.periods import PeriodName

__all__ = [
    "ADD_PRODUCT_ANCHORS",
    "CLAUSE_SPLIT",
    "CONCEPTS",
    "CUSTOMER_ANCHORS",
    "CUSTOMER_STOP",
    "DOMAINS",
    "EN_HINTS",
    "EXPLAINED_WORDS",
    "FR_HINTS",
    "FUZZ_VOCAB",
    "KNOWN_WORDS",
    "LINE_PRODUCT_ANCHORS",
    "LINE_STOP",
    "LIST_CUSTOMER_ANCHORS",
    "MAX_QTY",
    "MIN_QTY",
    "MISSPELLINGS",
    "MORE",
    "NAMED_CUSTOMER_ANCHORS",
    "NAME_STOP",
    "NEAR_MISSES",
    "NEGATED",
    "NEGATED_REASON",
    "NOTHING_FOUND",
    "NO_INVOICE_LIST",
    "OTHER_DOMAIN",
    "OUTRANKING",
    "PAYMENT_AMOUNT",
    "PERIODS",
    "PRICE",
    "PRODUCT_NAME_ANCHORS",
    "PRODUCT_STOP",
    "QUESTIONS",
    "QUOTATION",
    "RANGE",
    "REORDER",
    "REORDER_PRODUCT_ANCHORS",
    "SEARCH_TEXT_ANCHORS",
    "SLOT_WORDS",
    "STEPS_ALLOWED",
    "STEP_OF",
    "STOCK_PRODUCT_ANCHORS",
    "STOPWORDS",
    "THRESHOLD",
    "Hit",
    "LineGuess",
    "Prepared",
    "Ref",
    "Text",
    "entity_at",
    "find_amount",
    "find_lines",
    "find_period",
    "first_entity",
    "fmt_number",
    "fold",
    "kind_of",
    "language",
    "min_max",
    "number_after",
    "numbers",
    "order_lines",
    "parse_amount",
    "prepare",
    "product_after",
    "quoted",
    "to_number",
    "unexplained",
]  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Text: the cleaned-up message and its folded twin, always the same length
# ---------------------------------------------------------------------------------------------


def fold(s: str) -> str:
    """Lower case without accents, one character for one, so offsets stay valid.

    A lone "à" keeps its accent: in French it marks a price or a quantity ("à 50 $"), while
    an English "a" is an article.
    """
    out: list[str] = []
    for i, ch in enumerate(s):
        if ch in "àÀ" and _standalone(s, i):
            out.append("à")
            continue
        base = "".join(b for b in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(b)).lower()
        out.append(base if len(base) == 1 else ch)
    return "".join(out)


def _standalone(s: str, i: int) -> bool:
    before = s[i - 1] if i > 0 else " "
    after = s[i + 1] if i + 1 < len(s) else " "
    return not before.isalpha() and not after.isalpha()


@dataclass(frozen=True)
class Text:
    """``raw`` (what the person wrote, cleaned up) and ``low`` (folded, same length)."""

    raw: str
    low: str

    @classmethod
    def of(cls, raw: str) -> Text:
        return cls(raw, fold(raw))

    def blank(self, start: int, end: int) -> Text:
        """The same text with a span replaced by spaces (a slot already read, a period)."""
        pad = " " * (end - start)
        return Text(self.raw[:start] + pad + self.raw[end:], self.low[:start] + pad + self.low[end:])

    def cut(self, start: int, end: int) -> Text:
        return Text(self.raw[start:end], self.low[start:end])

    def search(self, pattern: re.Pattern[str], pos: int = 0) -> re.Match[str] | None:
        return pattern.search(self.low, pos)


def _alternation(phrases: Iterable[str]) -> str:
    """Plain phrases (spaces match any run of spaces) or raw regexes prefixed with ``re:``."""
    parts = [p[3:] if p.startswith("re:") else r"\s+".join(map(re.escape, p.split())) for p in phrases]
    return "|".join(sorted(parts, key=len, reverse=True))


def _words(s: str) -> frozenset[str]:
    """A word list written as one string (easier to read and edit than a list literal)."""
    return frozenset(s.split())


def _compile(phrases: Iterable[str]) -> re.Pattern[str]:
    # Whole words only, except at a symbol edge ("<20" is "below 20"); an elision may precede ("d'hier").
    return re.compile(rf"(?:(?<!\w)|(?=\W))(?:{_alternation(phrases)})(?:(?!\w)|(?<=\W))")


# ---------------------------------------------------------------------------------------------
# Keyword tables (folded forms: lower case, no accents, a lone "à" kept)
# ---------------------------------------------------------------------------------------------

_CONCEPT_PHRASES: dict[str, list[str]] = {
    "create": ["create", "creates", "creer", "cree", "creez", "new", "nouveau", "nouvel", "nouvelle", "make",
               "fais", "faire", "faites", "prepare", "preparer", "prepares", "put together", "draw up", "set up",
               "generate", "genere", "generer", "raise", "issue", "etablis", "etablir", "register a new"],
    "add": ["add", "adds", "ajoute", "ajouter", "ajoutez", "rajoute", "rajouter", "include", "inclus", "put", "mets",
            "mettez", "mettre"],
    "quote": ["quote", "quotes", "quotation", "quotations", "devis", "estimate", "estimates", "proforma",
              "pro-forma", "offre de prix"],
    "order": ["order", "orders", "commande", "commandes"],
    "sale": ["sale", "sales", "vente", "ventes"],
    "invoice": ["invoice", "invoices", "invoiced", "invoicing", "facture", "factures", "facturer", "facturez",
                "bill", "bills", "billed", "billing", "facturation"],
    "confirm": ["confirm", "confirms", "confirme", "confirmer", "confirmez", "approve", "approuve", "approuver",
                "accept", "accepte", "accepter", "valide", "valider", "validez", "validate", "go ahead with"],
    "validate": ["valide", "valider", "validez", "validate"],
    "post": ["post", "posts", "comptabilise", "comptabiliser", "comptabilisez"],
    "cancel": ["cancel", "cancels", "annule", "annuler", "annulez", "void", "kill", "delete", "supprime",
               "supprimer", "supprimez"],
    "status": ["status", "statut", "state of", "etat", "where is", "where's", "ou en est", "what happened to",
               "suivi"],
    "list": ["show", "list", "display", "see", "view", "get", "give me", "pull up", "bring up", "which",
             "what are", "quels", "quelles", "affiche", "afficher", "affichez", "montre", "montrer", "montrez",
             "liste", "lister", "listez", "voir", "donne-moi", "donne moi", "sors"],
    "search": ["search", "find", "look for", "looking for", "cherche", "chercher", "recherche", "rechercher",
               "trouve", "trouver"],
    "product": ["product", "products", "produit", "produits", "article", "articles", "item", "items",
                "catalog", "catalogue"],
    "stock": ["stock", "stocks", "inventory", "inventaire", "on hand", "en stock", "in stock",
              r"re:how (?:many|much)\b.{1,40}?\b(?:do we have|have we got|are (?:there )?left|is left|left|remain)",
              r"re:combien\b.{1,40}?\b(?:reste|avons|a-t-on|en stock)"],
    "below": ["below", "under", "less than", "fewer than", "lower than", "inferieur à", "inferieurs à",
              "inferieure à", "moins de", "sous", "en dessous de", "au-dessous de", "re:<=?"],
    "low": ["low", "running low", "running out", "bas", "faible", "rupture", "need restocking",
            "needs restocking"],
    "reorder": ["reorder", "reordering", "re-order", "point de commande", "reapprovisionnement", "reappro",
                "replenish", "replenishment", "regle de stock", "set min stock", "set the min stock",
                "set minimum stock", "set the minimum stock", "stock minimum rule"],
    "revenue": ["revenue", "revenues", "turnover", "chiffre d'affaires", "income", "earnings", "total sales",
                "sales total", "ventes totales", "total des ventes",
                r"re:how much (?:did|have) we (?:sell|sold|made|make|earn|earned|invoice|invoiced)",
                r"re:combien (?:avons-nous|avons nous|on a|a-t-on) (?:vendu|facture|gagne)"],
    "total": ["total", "totals", "totale", "sum", "somme"],
    "unpaid": ["unpaid", "impaye", "impayes", "impayee", "impayees", "outstanding", "owe", "owes", "owed",
               "owing", "receivable", "receivables", "open invoices", "unsettled", "due", "a encaisser",
               "à encaisser", "en attente de paiement",
               r"re:non payee?s?", r"re:not (?:yet )?(?:been )?paid",
               r"re:(?:haven't|hasn't|have not|has not|didn't|did not) (?:yet )?paid",
               r"re:n'(?:ont|a) pas (?:encore )?(?:ete )?payee?s?", r"re:pas (?:encore )?payee?s?"],
    "overdue": ["overdue", "past due", "late", "en retard", "echue", "echues", "echu", "echus",
                "echeance depassee", "retard de paiement", r"re:past (?:their|the|its) due dates?"],
    "remind": ["remind", "reminder", "reminders", "relance", "relancer", "relancez", "relances", "rappel",
               "rappels", "dunning", "nudge", "chase up", "follow up on payment"],
    "payment": ["payment", "payments", "paiement", "paiements", "reglement", "reglements", "paid", "paye",
                "payee", "payees", "encaisse", "encaisser", "encaissement", "settled"],
    "register": ["register", "record", "enregistre", "enregistrer", "enregistrez", "saisis", "saisir", "log",
                 "mark", "marque", "marquer", "enter"],
    "pdf": ["pdf", "download", "telecharge", "telecharger", "print", "imprime", "imprimer", "copy of",
            "copie de"],
    "kind_goods": ["consumable", "consumables", "consommable", "consommables", "goods", "biens"],
    "kind_service": ["service", "services"],
    "kind_storable": ["storable", "storables", "stockable", "stockables", "stocked"],
    "draft": ["draft", "drafts", "brouillon", "brouillons"],
    "sent_state": ["sent", "envoye", "envoyes", "envoyee", "envoyees"],
    "sale_state": ["confirmed", "confirmee", "confirmees", "confirmes", "completed", "won", "sales order",
                   "sales orders", "commande client", "commandes client", "commandes clients", "validated",
                   "validee", "validees", "done", "terminee", "terminees"],
    "cancel_state": ["cancelled", "canceled", "annulee", "annulees", "annules"],
    "group_customer": ["by customer", "per customer", "by client", "per client", "for each customer",
                       "by customers", "par client", "par clients"],
    "group_salesperson": ["by salesperson", "per salesperson", "by sales person", "by salesman", "by seller",
                          "by sales rep", "per sales rep", "by rep", "par commercial", "par commerciaux",
                          "par vendeur", "par vendeurs"],
}  # fmt: skip
_CONCEPT_PHRASES |= {
    "lead": ["lead", "leads", "piste", "pistes", "prospect", "prospects"],
    "opportunity": ["opportunity", "opportunities", "opportunite", "opportunites", "opp", "opps", "deal", "deals",
                    "affaire", "affaires"],
    "pipeline": ["pipeline", "crm", "funnel", "entonnoir"],  # not "pipe": a product name
    "stage": ["stage", "stages", "etape", "etapes", "column", "colonne", "phase"],
    "move": ["move", "moves", "put", "passe", "passer", "deplace", "deplacer", "mets", "bump", "advance", "avance",
             "set", "change", "update", "push"],
    "won_outcome": ["won", "as won", "gagne", "gagnee", "closed won", "win"],
    "purchase": ["purchase order", "purchase orders", "purchase", "purchases", "po", "pos", "rfq", "rfqs",
                 "on order", "commande fournisseur", "commandes fournisseur", "commande d'achat", "commandes d'achat",
                 "bon de commande", "bons de commande", "achat", "achats", "demande de prix", "demandes de prix"],
    "vendor": ["vendor", "vendors", "supplier", "suppliers", "fournisseur", "fournisseurs"],
    "project": ["project", "projects", "projet", "projets"],
    "employee": ["employee", "employees", "employe", "employes", "employee", "staff", "salarie", "salaries",
                 "collaborateur", "collaborateurs", "who works", "qui travaille", "qui travaillent"],
    "department": ["department", "departments", "departement", "departements", "dept"],
    "expense": ["expense", "expenses", "expense report", "expense claim", "note de frais", "notes de frais",
                "depense", "depenses", "frais"],
    "leave": ["leave", "leaves", "leave request", "leave requests", "time off", "time-off", "conge", "conges",
              "absence", "absences", "vacation", "vacations", "holiday request", "holiday requests"],
    "hire": ["hire", "hired", "onboard", "embauche", "embaucher", "recrute", "recruter"],
    "meeting": ["meeting", "meetings", "reunion", "reunions", "event", "events", "evenement", "evenements",
                "rendez-vous", "appointment", "appointments", "session", "calendar", "calendrier",
                "agenda"],
    "schedule": ["schedule", "book", "plan", "planifie", "planifier", "organise", "organiser", "cale", "caler"],
    "vehicle": ["vehicle", "vehicles", "vehicule", "vehicules", "car", "cars", "voiture", "voitures", "fleet",
                "flotte", "van", "vans", "truck", "trucks"],
    "odometer": ["odometer", "odometre", "mileage", "kilometrage", "compteur", "odometer reading"],
    "maintenance": ["service due", "services due", "maintenance", "entretien", "servicing", "needs service",
                    "due for service", "revision"],
    "cost": ["cost", "costs", "cout", "couts", "spend", "spent", "expenses on"],
    "website": ["website", "site web", "site internet", "ecommerce", "e-commerce", "online shop", "online store",
                "boutique en ligne", "web shop", "webshop", "web orders", "website orders", "en ligne", "online"],
    "publish": ["publish", "publie", "publier", "put online", "mettre en ligne", "mets en ligne", "go live"],
    "unpublish": ["unpublish", "depublie", "depublier", "retire du site", "take down", "take off the website",
                  "hide from the website"],
    "ticket": ["ticket", "tickets", "helpdesk", "support ticket", "support request", "incident"],
    "bom": ["bom", "boms", "bill of materials", "bills of materials", "nomenclature", "nomenclatures", "recipe"],
    "mo": ["manufacturing order", "manufacturing orders", "production order", "production orders", "mo", "mos",
           "ordre de fabrication", "ordres de fabrication", "of de fabrication", "manufacturing", "fabrication",
           "production run", "work order", "work orders"],
    "produce": ["produce", "manufacture", "build", "fabrique", "fabriquer", "produire", "produis"],
    "finish": ["finish", "finished", "complete", "mark done", "mark as done", "termine", "terminer", "cloture",
               "cloturer", "close"],
    "in_progress": ["in progress", "in-progress", "en cours", "running", "ongoing", "underway"],
    "task": ["task", "tasks", "tache", "taches", "to-do", "todo", "ticket de projet"],
    "timesheet": ["timesheet", "timesheets", "feuille de temps", "feuilles de temps", "log", "logge", "logger",
                  "track", "saisis", "saisir", "impute", "imputer", "hours of work", "heures de travail"],
    "mine": ["assigned to me", "my tasks", "mes taches", "assignees a moi", "qui me sont assignees", "on my plate",
             "my to-do", "my todo"],
    "history": ["history", "historique", "track record", "record with", "performance", "reliable", "reliability",
                "on time", "on-time", "fiable", "fiabilite", "ponctuel", "ponctualite"],
    "receive": ["receive", "received", "receipt", "receipts", "reception", "receptions", "receptionne",
                "receptionner", "receptionnez", "recois", "recevoir", "arrived", "came in", "goods in"],
    "pending": ["pending", "waiting", "en attente", "en cours", "not received", "not yet received", "non recu",
                "non recues", "open"],
    "lost_outcome": ["lost", "as lost", "perdu", "perdue", "closed lost", "lose"],
}  # fmt: skip
CONCEPTS: dict[str, re.Pattern[str]] = {k: _compile(v) for k, v in _CONCEPT_PHRASES.items()}

# Other Odoo domains: said honestly as not handled, whatever verb comes with them.
_DOMAIN_PHRASES: dict[str, list[str]] = {
    "returns and customer support": ["return", "returns", "refund", "refunds", "rembourse", "rembourser",
                                     "remboursement", "retour", "retours", "address", "adresse"],
}  # fmt: skip
DOMAINS: dict[str, re.Pattern[str]] = {k: _compile(v) for k, v in _DOMAIN_PHRASES.items()}
# Concepts of the domains we handle that outrank another domain's word: "the Website Redesign project",
# "the pipeline before Monday's meeting" are about projects and CRM, not the website or the calendar.
OUTRANKING = ("lead", "opportunity", "pipeline", "project", "task", "purchase", "vendor", "mo", "bom")

# Checked in this order: "past 7 days" before "last week", "last year" before "this year".
_PERIOD_PHRASES: list[tuple[PeriodName, list[str]]] = [
    ("past_7_days", [r"re:(?:the )?(?:past|last|previous) 7 days", r"re:(?:the )?(?:past|previous) week",
                     r"re:(?:les |des )?7 derniers jours", "cette derniere semaine", "depuis une semaine"]),
    ("past_30_days", [r"re:(?:the )?(?:past|last|previous) 30 days", r"re:(?:the )?(?:past|previous) month",
                      r"re:(?:les |des )?30 derniers jours", "depuis un mois"]),
    ("last_week", ["last week", "la semaine derniere", "la semaine passee", "semaine derniere"]),
    ("this_week", ["this week", "cette semaine", "current week", "week to date"]),
    ("last_month", ["last month", "le mois dernier", "le mois passe", "du mois dernier", "mois dernier"]),
    ("this_month", ["this month", "ce mois-ci", "ce mois ci", "ce mois", "current month", "month to date",
                    "du mois"]),
    ("this_quarter", ["this quarter", "ce trimestre", "current quarter", "quarter to date"]),
    ("last_year", ["last year", "l'annee derniere", "l'annee passee", "l'an dernier", "l'an passe"]),
    ("this_year", ["this year", "cette annee", "current year", "year to date", "ytd", "depuis le debut de l'annee"]),
    ("yesterday", ["yesterday", "hier"]),
    ("today", ["today", "aujourd'hui", "ce jour"]),
]  # fmt: skip
PERIODS: list[tuple[PeriodName, re.Pattern[str]]] = [(n, _compile(p)) for n, p in _PERIOD_PHRASES]

# Instruction-like text: removed up to the end of its sentence, so nothing it says is acted on.
_INJECTION = re.compile(
    r"\b(?:system|syst[eè]me|assistant|developer|admin)\s*(?:prompt|message|note|override)?\s*:[^.!?\n]*[.!?]?"
    r"|\b(?:ignore|disregard|forget|oublie[rz]?)\s+(?:(?:all|any|the|your|my|toutes?|les|tes|vos|mes)\s+)*"
    r"(?:(?:previous|prior|above|earlier|preceding|pr[ée]c[ée]dentes?|ant[ée]rieures?)\s+)?"
    r"(?:instructions?|rules?|prompts?|consignes?|r[èe]gles?)\b[^.!?\n]*[.!?]?"
    r"|\byou\s+are\s+now\b[^.!?\n]*[.!?]?"
    r"|\b(?:approvals?|confirmations?|validations?)\s+(?:are\s+|is\s+|sont\s+|est\s+)?(?:now\s+)?"
    r"(?:disabled|off|bypassed|not\s+(?:needed|required)|d[ée]sactiv[ée]e?s?)\b[^.!?\n]*[.!?]?"
    r"|\b(?:without|sans)\s+(?:asking|any\s+approval|approval|confirmation|demander|validation|approbation)\b"
    r"|\b(?:skip|bypass|disable)\s+(?:the\s+|all\s+)?(?:approvals?|confirmations?|checks?)\b[^.!?\n]*[.!?]?"
    r"|\b(?:developer|admin|god|jailbreak)\s+mode\b[^.!?\n]*[.!?]?"
    r"|</?\s*(?:system|instructions?)\s*>",
    re.IGNORECASE,
)

# Keywords worth correcting when mistyped ("quotaton", "invoce", "stok"); entity names never are.
FUZZ_VOCAB: frozenset[str] = _words(
    """quotation quotations quote quotes invoice invoices order orders sales confirm cancel reminder remind
    payment unpaid overdue product products stock level reorder search consumable consumables service services
    storable create revenue total draft drafts month week year quarter today yesterday units unit each price
    priced minimum below under fewer show list display post status customer customers items item inventory
    point rule register record paid past last devis facture factures commande
    commandes produit produits confirme annule relance paiement niveau semaine mois annee trimestre derniers
    jours consommable consommables affiche montre cherche recherche client clients chiffre affaires unites
    chacun chacune valide retard echues brouillon brouillons lead leads opportunity opportunities pipeline stage
    qualified proposition expected potential move vendor supplier purchase receive received history pending
    project projects task tasks timesheet hours employee employees department expense expenses leave leaves
    submit pending job title poste bom manufacturing production produce contains components meeting event
    schedule vehicle vehicles odometer maintenance website publish ticket hour hours minutes th st nd rd next
    meetings events
    license licence plate miles km reading"""
)
_VOCAB_ORDER = tuple(sorted(FUZZ_VOCAB))  # a fixed order: set order changes with each run's string hashing
# Misspellings too far from their keyword for one edit.
MISSPELLINGS: dict[str, str] = {"unpayed": "unpaid", "invoise": "invoice", "quoation": "quotation"}

# Function words, politeness and generic verbs (EN and FR): never corrected, and never a leftover.
STOPWORDS: frozenset[str] = _words(
    """a about after again ahead all also am an and any are as ask at be because been before being but by can
    could did do does done each else even ever every few fine for from get give go going good got had has have
    having hello hey hi how i if in into is it its just know let like lot lots many may me might more most much
    must my need needs new no not now of off ok okay on once one only or other our out over please put quick
    really right said same see send should so some soon still such sure than thank thanks that the their them
    then there these they this those through to too up us very want wants was we well were what when where
    which while who why will with would yes yet you your haven hasn didn don doesn isn aren wasn weren won
    can't s t m re ve ll d l n qu j c x help tell check also per currently
    le la les un une des du de et ou en au aux ce cet cette ces mon ma mes ton ta tes son sa ses notre nos
    votre vos leur leurs je tu il elle nous vous ils elles qui que quoi dont est sont sera merci bonjour salut
    pour par avec sans dans sur sous plus moins tout tous toute toutes tres bien fait fais faut peux peut
    pouvez quel quelle quels quelles combien comme mais donc alors aussi encore deja pas ne non oui si quand
    puis ensuite svp stp plait s'il envoie envoyer envoyez à a-t-il reste-t-il avons-nous y"""
)
# Words one edit from a keyword ("most"/"post", "quite"/"quote", "least"/"last"): never corrected.
NEAR_MISSES: frozenset[str] = _words(
    """older stuck stick stack paint pride prime prize worth poster list lists last lost cost host past sold
    sell made make making devise commence prise poste dernier derniere dernieres jour affaire unite valid least
    lease quite quota quotas scales sakes saves conform cancer rewind produce produced produces shock smock
    stoke stork lever recorder crate created creates creating drift daft mouth moth months weeks years days
    quarters quartet unity prince bellow blow fever shown showed showing statue inventor print pint pont ruler
    recode pasta paste pasty devil fracture commander moist remainder reliance pots lits type kind order"""
)
KNOWN_WORDS: frozenset[str] = STOPWORDS | NEAR_MISSES

# Every word of the keyword tables: a correct word is never "corrected" into a neighbour.
_PHRASE_WORDS: frozenset[str] = frozenset(
    w
    for table in (_CONCEPT_PHRASES, _DOMAIN_PHRASES, dict(_PERIOD_PHRASES))
    for phrases in table.values()
    for p in phrases
    if not p.startswith("re:")
    for w in re.findall(r"[^\W\d_]+", p)
)
# Words the rules read (keywords, unit words, slot markers): with STOPWORDS, what is not a leftover.
SLOT_WORDS: frozenset[str] = (
    FUZZ_VOCAB
    | _PHRASE_WORDS
    | _words(
        """stock level units unit pcs pieces piece price prix each apiece chacun chacune unite unites called named
        nomme appele min max minimum maximum least moins customer client amount montant number numero days jours
        week weeks semaine month mois year years annee quantity quantite qty total chiffre affaires set keep
        garder whenever drop drops falls below above more extra additional left reste between entre up jusqu
        email mail value valeur potential potentiel potentielle expected attendu attendue open ouvert ouverte chez
        buy achete acheter aupres tomorrow demain due deadline echeance called named nomme appele
        ouvertes ouverts worth"""
    )
)
EXPLAINED_WORDS: frozenset[str] = STOPWORDS | SLOT_WORDS

_NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "fifty": 50, "hundred": 100, "dozen": 12,
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11,
    "douze": 12, "vingt": 20, "trente": 30, "cinquante": 50, "cent": 100, "douzaine": 12,
}  # fmt: skip
_NUMBER_WORD_RE = re.compile(r"\b(?:an?\s+|une\s+)?(" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# Preparation: clean-up text, references, amounts
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """An order or invoice reference as written; ``kind`` is "any" for a bare "#42"."""

    kind: str
    text: str


@dataclass
class Prepared:
    text: Text
    refs: list[Ref] = field(default_factory=list)
    typos: list[tuple[str, str]] = field(default_factory=list)
    injected: list[str] = field(default_factory=list)


_REF_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("invoice", re.compile(r"\b(?:INV|FAC|FACT|BILL|RINV)[-/]?\d+(?:[-/]\d+)*\b", re.IGNORECASE)),
    ("order", re.compile(r"\bSO[-/]?\d+\b", re.IGNORECASE)),
    ("order", re.compile(r"\bS\d{3,}\b")),
    ("production", re.compile(r"\b(?:WH/)?MO[-/]?\d+\b", re.IGNORECASE)),
    ("purchase", re.compile(r"\bPO[-/]?\d+\b", re.IGNORECASE)),
    ("purchase", re.compile(r"\bP\d{4,}\b")),
    ("any", re.compile(r"(?:#|\bn°\s?|\bno\.\s?)(\d+)\b", re.IGNORECASE)),
]
_NUM = r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?|\d{1,3}(?:\.\d{3})+,\d+|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?"
_MONEY_BEFORE = re.compile(rf"(?<![\w/])[$€£]\s?(?P<num>{_NUM})(?P<k>\s?k\b|\s?(?:m|million|millions)\b)?", re.I)
_MONEY_AFTER = re.compile(
    rf"(?<![\w/.,§#-])(?P<num>{_NUM})(?P<k>\s?k)?\s?(?:[$€£]|(?:eur|euros?|usd|dollars?|gbp)\b)", re.IGNORECASE
)
_PLAIN_NUMBER = re.compile(
    r"(?<![\w/.,§#¤-])(?P<num>\d{1,3}(?:[ \u00a0\u202f]\d{3})+,\d+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.])"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+,\d+"
    r"|\d+(?:\.\d+)?)(?P<k>k\b)?(?![\w/-])"
)
_WORD = re.compile(r"[^\W\d_]+")


def prepare(message: str) -> Prepared:
    """The clean-up pipeline; see the module docstring."""
    text = _normalise_punctuation(message)
    text, injected = strip_injection(text)
    text = _NUMBER_WORD_RE.sub(lambda m: str(_NUMBER_WORDS[m.group(1).lower()]), text)
    text, typos = _fix_typos(text)
    text, refs = _mask_refs(text)
    text = _MONEY_BEFORE.sub(lambda m: "¤" + fmt_number(_scaled(m)), text)
    text = _MONEY_AFTER.sub(lambda m: "¤" + fmt_number(_scaled(m)), text)
    text = _PLAIN_NUMBER.sub(lambda m: fmt_number(_scaled(m)), text)
    return Prepared(Text.of(text), refs, typos, injected)


def _normalise_punctuation(s: str) -> str:
    s = s.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').replace("«", '"').replace("»", '"')
    s = re.sub(r"\s*[—–]\s*", " — ", s)
    s = re.sub(r"[ \t]*(?:\r?\n[ \t]*)+", "\n", s.strip())
    s = re.sub(r"(?<![.,;:!?])\n", ". ", s)  # a pasted line break ends a sentence (unless punctuation did)
    return re.sub(r"[ \t\r\n]+", " ", s.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def strip_injection(s: str) -> tuple[str, list[str]]:
    found = [m.group(0).strip() for m in _INJECTION.finditer(s)]
    return (_INJECTION.sub(" ", s).strip(), found) if found else (s, [])


def _fix_typos(s: str) -> tuple[str, list[tuple[str, str]]]:
    fixes: list[tuple[str, str]] = []

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        better = _correction(word, _sentence_initial(s, m.start()))
        if better is None:
            return word
        fixes.append((word, better))
        return better

    return _WORD.sub(fix, s), fixes


def _sentence_initial(s: str, start: int) -> bool:
    before = s[:start].rstrip(" \"'(")
    return not before or before[-1] in ".!?:;"


def _correction(word: str, initial: bool) -> str | None:
    """The keyword a mistyped word stands for, or None.

    Only lower-case words (or a sentence's first word) are candidates, since capitalised words
    are usually names. One edit at most (a swap of two letters counts as one), the first letter
    right, and for four-letter words only a dropped letter or a swap ("stok", "eahc"), never a
    substitution ("most" is not "post"). A tie between two keywords corrects nothing.
    """
    w = fold(word)
    if len(w) < 4 or w in FUZZ_VOCAB or w in KNOWN_WORDS or w in _PHRASE_WORDS or not (word.islower() or initial):
        return None
    if w in MISSPELLINGS:
        return MISSPELLINGS[w]
    hits = process.extract(w, _VOCAB_ORDER, scorer=OSA.distance, score_cutoff=1, limit=None)
    ok = sorted({c for c, _, _ in hits if c[0] == w[0] and _edit_allowed(w, c)})
    if len(ok) > 1:  # "taks": "task" (a swap) over "tasks" (an insertion) — same length wins when alone
        ok = [c for c in ok if len(c) == len(w)]
    return ok[0] if len(ok) == 1 else None


def _edit_allowed(w: str, candidate: str) -> bool:
    if len(w) > 4:
        return True
    return len(candidate) == len(w) + 1 or (len(candidate) == len(w) and sorted(candidate) == sorted(w))


def _mask_refs(s: str) -> tuple[str, list[Ref]]:
    refs: list[Ref] = []
    for kind, pattern in _REF_PATTERNS:

        def mask(m: re.Match[str], kind: str = kind) -> str:
            refs.append(Ref(kind, m.group(1) if kind == "any" else m.group(0).upper()))
            return f"§{len(refs) - 1}"

        s = pattern.sub(mask, s)
    return s, refs


def to_number(s: str) -> float:
    """ "50,000" → 50000, "1 234,50" → 1234.5, "1.234,50" → 1234.5, "12,5" → 12.5."""
    s = s.replace("\u00a0", " ").replace("\u202f", " ")
    if " " in s:
        return float(s.replace(" ", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+,\d+", s):
        return float(s.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", s):
        return float(s.replace(",", ""))
    return float(s.replace(",", "."))


def _scaled(m: re.Match[str]) -> float:
    k = (m.group("k") or "").strip().lower()
    return to_number(m.group("num")) * (1000 if k == "k" else 1_000_000 if k else 1)


def fmt_number(v: float) -> str:
    return str(int(v)) if v == int(v) else repr(v)


def parse_amount(text: str) -> float | None:
    """The first amount or number in a phrase, as the parser reads it ("$50k" → 50000.0)."""
    return find_amount(prepare(text).text, money_only=False)


_AMOUNT = re.compile(r"(¤)?(?<![\w§])(\d+(?:\.\d+)?)(?![\w%])")


def find_amount(text: Text, money_only: bool = True) -> float | None:
    for m in _AMOUNT.finditer(text.low):
        if m.group(1) or not money_only:
            return float(m.group(2))
    return None


def find_period(text: Text) -> tuple[PeriodName | None, Text]:
    """The first named period in the text, and the text without it (so "7 days" is not a quantity)."""
    for name, pattern in PERIODS:
        m = text.search(pattern)
        if m:
            return name, text.blank(m.start(), m.end())
    return None, text


# ---------------------------------------------------------------------------------------------
# Slots: entity phrases (names are resolved against Odoo later, never here), quantities, lines
# ---------------------------------------------------------------------------------------------

_STOP_COMMON = (
    r"[,;:!?()\[\]\"<>@¤§—=]|(?<!\w)\d|\.(?=\s|$)|\s-\s|\b(?:with|avec|then|puis|please|svp|s'il|thanks|thank|merci"
    r"|who|qui|they|ils|elles|because|car|right now|now|currently|maintenant|actuellement|whenever|when|if|once"
    r"|quand|lorsque|des que|so that)\b"
)
CUSTOMER_STOP = re.compile(
    _STOP_COMMON + r"|\b(?:for|pour|at|to|from|on|in|x|sur|à|priced|is|are|est|sont|ont|wants?|veut|needs?|has|have|and"
    r" (?:confirm|invoice|post)|et (?:confirme|facture)|quotes?|quotations?|devis|invoices?|factures?|orders?"
    r"|commandes?)\b"
)
PRODUCT_STOP = re.compile(
    _STOP_COMMON + r"|\b(?:in stock|en stock|stock|level|niveau|to|at|à|for|pour|on hand|do|does|did|are|is|est"
    r"|sont|have|has|avons|avons-nous|a-t-on|reste|reste-t-il|il|left|available|disponibles?|min|max|minimum"
    r"|maximum|units?|unites?|and|et|right|goes|go|drops?|falls?|gets|reaches|passe|descend|tombe)\b"
)
NAME_STOP = re.compile(
    _STOP_COMMON + r"|\b(?:priced|price|prix|at|à|for|pour|costing|costs?|min|minimum|max|stock|kind|type|as"
    r"|comme|and|et|that|which|en|of type|de type|sold|vendu)\b"
)
LINE_STOP = re.compile(
    _STOP_COMMON + r"|\b(?:at|à|for|pour|each|chacun|chacune|l'unite|apiece|per|par|and|et|to|au|aux|on|sur"
    r"|in|dans|is|are|est|sont|x|ea|the unit|la piece|piece|pieces|more|de plus|extra|additional"
    r"|supplementaires?|from|form|chez|aupres)\b"
)
# Articles before a name, lower case only: "Les Jardins de Provence" keeps its "Les".
_LEADING = re.compile(
    r"(?:\s|(?:the|a|an|our|my|some|le|la|les|l'|un|une|des|du|de|d'|notre|mon|ma|nos|mes)(?:\s+|(?<=')))*"
)
# Nouns before a name ("the customer Acme", "product Rock"), lower case only: "Product Y" is a name.
_LEADING_NOUN = re.compile(
    r"(?:(?:customer|client|cliente|product|produit|article|item|called|named|vendor|supplier|fournisseur)\s+)*"
)


@dataclass(frozen=True)
class Hit:
    """An entity phrase and where it sits in the text (so the caller can blank it)."""

    value: str
    start: int
    end: int


def entity_at(text: Text, start: int, stop: re.Pattern[str], allow_known: bool = False) -> Hit | None:
    """The phrase from ``start`` up to the first ``stop``, without leading articles; None when it
    is empty, longer than six words, or made only of words the parser already knows ("me", "all")."""
    start = _LEADING.match(text.raw, start).end()  # type: ignore[union-attr]  # always matches (may be empty)
    start = _LEADING_NOUN.match(text.raw, start).end()  # type: ignore[union-attr]
    m = stop.search(text.low, start)
    end = m.start() if m else len(text.low)
    while end > start and text.raw[end - 1] in " .'-":
        end -= 1
    words = re.findall(r"[^\W\d_]+", text.low[start:end])
    if not words or len(words) > 6 or (not allow_known and all(w in EXPLAINED_WORDS and len(w) > 1 for w in words)):
        return None
    return Hit(text.raw[start:end], start, end)


def first_entity(
    text: Text, anchors: Iterable[re.Pattern[str]], stop: re.Pattern[str], capitalised: bool = False
) -> Hit | None:
    """The first phrase found after one of the anchors (tried in order)."""
    for anchor in anchors:
        for m in anchor.finditer(text.low):
            # A capitalised name may be a keyword too ("who works in Sales?"): its capital says it is a name.
            hit = entity_at(text, m.end(), stop, allow_known=capitalised)
            if hit and (not capitalised or hit.value[0].isupper()):
                return hit
    return None


def _anchors(*patterns: str) -> list[re.Pattern[str]]:
    return [re.compile(p) for p in patterns]


_NOT_A_NAME = (
    r"(?!(?:for|pour|to|the|a|an|le|la|les|un|une|it|that|this|ce|cette|à|me|moi|them|order|commande|and|et)\b)"
)
CUSTOMER_ANCHORS = _anchors(
    r"\b(?:for|pour|to)\s+",
    r"\b(?:customer|client|cliente)\s*:?\s+",
    rf"\b(?:quote|bill|invoice|facture|facturer|facturez|devis)\s+{_NOT_A_NAME}",
    rf"\b(?:devis|facture)\s+(?:à|a|au)\s+{_NOT_A_NAME}",  # "fais un devis à Boulangerie Dupont"
)
LIST_CUSTOMER_ANCHORS = _anchors(r"\b(?:for|from|to|of|by|de|pour|du|chez)\s+")
NAMED_CUSTOMER_ANCHORS = _anchors(r"\b(?:customer|client)\s+(?!s\b)")
STOCK_PRODUCT_ANCHORS = _anchors(
    r"\bhow (?:many|much)\s+(?:units of\s+|of\s+|of the\s+)?",
    r"\bcombien\s+(?:de\s+|d')?",
    r"\b(?:stock|inventory|inventaire|on hand)\s+(?:level\s+|levels\s+|niveau\s+|quantity\s+|quantite\s+)?"
    r"(?:for|of|on|de|du|des|d'|pour)?\s*",
    r"\b(?:level|niveau|quantity|quantite|qty)\s+(?:for|of|de|du|d')\s*",
    r"\b(?:have|got|avons-nous|a-t-on|reste-t-il)\s+(?:any\s+|still\s+|du\s+|de\s+|encore\s+)?",
)
REORDER_PRODUCT_ANCHORS = _anchors(
    r"\b(?:reorder|re-order|reapprovisionnement|reappro|replenish(?:ment)?)\s+(?:point|rule|level|min(?:imum)?)?"
    r"\s*(?:for|of|on|de|du|pour|d')?\s*",
    r"\bpoint de commande\s+(?:de|du|pour|d')?\s*",
    r"\bmin(?:imum)? stock\s+(?:for|of|de|du|pour)\s*",
    r"\b(?:when|whenever|once|if|quand|lorsque|si|des que)\s+(?:the\s+stock\s+of\s+|le\s+stock\s+de\s+)?",
    r"\b(?:for|of|pour|du)\s+",
)
PRODUCT_NAME_ANCHORS = _anchors(
    r"\b(?:called|named|nomme|nommee|appele|appelee|intitule)\s+",
    r"\b(?:products?|produits?|articles?)\s*:\s*",
    r"\b(?:new|nouveau|nouvel)\s+(?:services?\s+|consumables?\s+)?(?:products?|produits?|articles?)\s+",
    r"\b(?:create|cree|creer|add|ajoute|ajouter)\s+(?:a\s+|an\s+|un\s+|le\s+|l')?(?:new\s+|nouveau\s+|nouvel\s+)?"
    r"(?:service\s+)?(?:products?|produits?|articles?)\s+",
)
LINE_PRODUCT_ANCHORS = _anchors(r"\b(?:products?|produits?|articles?|items?)\s+", r"\b(?:called|named)\s+")
SEARCH_TEXT_ANCHORS = _anchors(r"\b(?:named|called|matching|containing|like|nommes?|contenant|avec le mot)\s+")
ADD_PRODUCT_ANCHORS = _anchors(r"\b(?:add|ajoute|ajouter|rajoute|include)\s+")


@dataclass
class LineGuess:
    """An order line as read; ``qty_said`` is False when the quantity is the default 1."""

    product: str | None
    qty: float
    unit_price: float | None = None
    discount: float | None = None
    qty_said: bool = True


_ATOM = re.compile(r"(?P<pct>\d+(?:\.\d+)?)\s*%|¤(?P<money>\d+(?:\.\d+)?)|(?<![\w§.])(?P<num>\d+(?:\.\d+)?)(?![\w.])")
_STRONG_PRICE_MARK = re.compile(r"(?:\b(?:at|à|x|each|per|a)|[@×*/])\s*$")
_WEAK_PRICE_MARK = re.compile(r"\b(?:for|pour|de)\s*$")
_LINE_SKIP = _words(
    "x × of de d' more extra additional supplementaires supplementaire plus units unit unites unite pcs pc "
    "pieces piece items item boxes"
)
_TOKEN = re.compile(r"[^\W\d_][\w'-]*|\S")


def find_lines(text: Text) -> list[LineGuess]:
    """Lines as "quantity product (at|@|à|for) price", several per message; a price with no line before
    it opens a line of one unit ("invoice Acme $500")."""
    lines: list[LineGuess] = []
    for m in _ATOM.finditer(text.low):
        cur = lines[-1] if lines else None
        if m.group("pct"):
            if cur and cur.discount is None:
                cur.discount = float(m.group("pct"))
            continue
        value = float(m.group("money") or m.group("num"))
        before = text.low[: m.start()]
        is_price = bool(m.group("money") or _STRONG_PRICE_MARK.search(before))
        if not is_price and cur and cur.unit_price is None and cur.product and _WEAK_PRICE_MARK.search(before):
            is_price = True  # "10 widgets for 50"
        if not is_price:
            lines.append(LineGuess(product_after(text, m.end()), value))
        elif cur and cur.unit_price is None:
            cur.unit_price = value
        elif not cur:
            lines.append(LineGuess(None, 1, value, qty_said=False))
    return lines


def product_after(text: Text, pos: int) -> str | None:
    """The product words right after a quantity: "10 Widgets at", "5 units of Rock", "2 more Chairs"."""
    words: list[str] = []
    for m in _TOKEN.finditer(text.low, pos):
        tok = m.group(0)
        if not words and tok in _LINE_SKIP:
            continue
        if not tok[0].isalpha() or LINE_STOP.match(text.low, m.start()) or len(words) == 6:
            break
        words.append(text.raw[m.start() : m.end()])
    return " ".join(words) or None


def order_lines(text: Text) -> list[LineGuess]:
    """Lines of a quotation, an invoice or an addition: quantities first, else "product Rock" (one unit),
    else the phrase after a colon ("quote Rocky: Rock")."""
    lines = find_lines(text)
    named = first_entity(text, LINE_PRODUCT_ANCHORS, LINE_STOP)
    if not lines:
        named = named or first_entity(text, _anchors(r":\s*"), LINE_STOP)
        return [LineGuess(named.value, 1, qty_said=False)] if named else []
    if named and len(lines) == 1 and lines[0].product is None:
        lines[0].product = named.value
    return lines


def number_after(text: Text, pattern: re.Pattern[str]) -> float | None:
    """Group 1 of the first match, as a number."""
    m = text.search(pattern)
    return float(m.group(1)) if m else None


def numbers(text: Text) -> list[float]:
    """Every quantity or amount, in order (references excluded)."""
    return [float(m.group("money") or m.group("num")) for m in _ATOM.finditer(text.low) if not m.group("pct")]


THRESHOLD = re.compile(rf"(?:{_alternation(_CONCEPT_PHRASES['below'])})\s*(?:the\s+)?¤?(\d+(?:\.\d+)?)")
MIN_QTY = re.compile(
    r"(?:\bmin(?:imum)?\s+(?:stock\s+|qty\s+|quantity\s+)?(?:of\s+|de\s+|à\s+|at\s+|to\s+|=\s*|:\s*)?"
    r"|\bstock\s+min(?:imum)?\s+(?:de\s+|of\s+|:\s*)?|\bat least\s+|\bau moins\s+|\bkeep\s+|\bgarder\s+)(\d+(?:\.\d+)?)"
)
MAX_QTY = re.compile(r"\b(?:max(?:imum)?\s+(?:stock\s+)?(?:of\s+|de\s+|à\s+|at\s+|to\s+|=\s*|:\s*)?|up to\s+|"
                     r"jusqu'à\s+)(\d+(?:\.\d+)?)")  # fmt: skip
RANGE = re.compile(r"\b(?:between|entre|from|de)\s+(\d+(?:\.\d+)?)\s+(?:and|et|to|à)\s+(\d+(?:\.\d+)?)")
PRICE = re.compile(
    r"\b(?:price|prix|priced at|priced|at|à|for|pour|costs?|costing|coute)\s*(?:of\s+|de\s+)?(\d+(?:\.\d+)?)"
)
PAYMENT_AMOUNT = re.compile(r"\b(?:payment|paiement|reglement|paid|paye)\s+(?:of|de)\s+(\d+(?:\.\d+)?)")

# Words that tell French from English (for the language of a clarifying question).
FR_HINTS = _words("le la les des du une un pour avec est quel quelle quels quelles moi mois ce cette sont et facture "
                  "factures devis commande commandes produit produits combien montre affiche cherche")  # fmt: skip
EN_HINTS = _words("the a an for with is what which me this of and invoice invoices quote order orders product "
                  "products how show")  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Clauses, chains and wording of the parser's own questions and refusals
# ---------------------------------------------------------------------------------------------

_CHAIN_VERBS = (
    r"(?:confirm|confirme[rz]?|valide[rz]?|validate|invoice|bill|facture[rz]?|post|comptabilise[rz]?|send"
    r"|envoie[rz]?|cancel|annule[rz]?|register|record|enregistre[rz]?|mark|marque[rz]?|remind|relance[rz]?"
    r"|add|ajoute[rz]?|rajoute[rz]?|create|cree[rz]?|make|fais|print|imprime[rz]?|download|telecharge[rz]?"
    r"|receive|receptionne[rz]?|finish|termine[rz]?)\b"
)
# A new clause starts at a separator followed by an action verb: "…, confirm it and invoice it".
CLAUSE_SPLIT = re.compile(
    r"(?:\s*[,;.!?]\s*(?:(?:and|et)\s+)?|\s+(?:and|et|puis|ensuite)\s+)"
    rf"(?:(?:then|puis|ensuite|also|aussi|please|svp)\s+)*(?={_CHAIN_VERBS})"
)
# "don't confirm SO42", "ne confirme pas", "never cancel": a request not to act is no command.
NEGATED = re.compile(
    rf"\b(?:don't|dont|do not|never|please don't)\s+(?:yet\s+|ever\s+)?{_CHAIN_VERBS}"
    rf"|\bne\s+(?:pas\s+|jamais\s+)?(?:le\s+|la\s+|les\s+)?{_CHAIN_VERBS}|\bn'{_CHAIN_VERBS}"
)
# Deleting records, and one verb over "all" documents, are refused with a way forward (policy: deletes are
# refused, bulk needs a named list); a quotation the person calls "it" is cancelled instead (approval).
DELETE = re.compile(r"\b(?:delete|deletes|remove|erase|supprime[rz]?|efface[rz]?)\b")
EVERY = re.compile(r"\b(?:all|every|tous|toutes)\s+(?:[^\W_]+\s+){0,3}"
                   r"(?:quotations?|quotes?|orders?|invoices?|bills?|devis|commandes?|factures?|customers?|clients?|"
                   r"contacts?|partners?|products?|produits?|leads?|opportunit\w*|purchases?|rfqs?|records?)\b")
DELETE_REASON = (
    "I do not delete records in Odoo: deleting is refused by the policy. Archive it in Odoo, or ask me to cancel "
    "an order (that needs your approval).",
    "Je ne supprime pas d'enregistrements dans Odoo : la politique le refuse. Archivez-le dans Odoo, ou demandez-moi "
    "d'annuler une commande (avec votre accord).",
)
BULK_REASON = (
    "I act on one named document at a time, each with its own approval, never on all of them at once: name the "
    "order or invoice (list them first, e.g. 'show draft quotations').",
    "J'agis sur un document nommé à la fois, chacun avec son accord, jamais sur tous d'un coup : nommez la commande "
    "ou la facture (listez-les d'abord, p. ex. « montre les devis en brouillon »).",
)
NEGATED_REASON = (
    "That asks me not to do something, so there is nothing to do; say what you want done instead.",
    "Ce message demande de ne pas agir : rien à faire. Dites-moi plutôt ce qu'il faut faire.",
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
# "5 more", "4 Widgets de plus", "another 3": an addition to the order just used.
MORE = re.compile(
    r"\d+(?:\.\d+)?\s+(?:[^\W\d_][\w'-]*\s+){0,3}?(?:more|de plus|extra|additional|supplementaires?)\b"
    r"|\b(?:another|encore)\s+\d"
)

# (English, French) texts; index with ``lang == "fr"``.
QUESTIONS: dict[str, tuple[str, str]] = {
    "customer": ("Which customer is it for?", "Pour quel client ?"),
    "vendor": ("Which vendor?", "Quel fournisseur ?"),
    "project": ("Which project?", "Quel projet ?"),
    "project_name": ("What should the project be called?", "Comment s'appellera le projet ?"),
    "task_name": ("What should the task be called?", "Comment s'appellera la tâche ?"),
    "task": ("Which task?", "Quelle tâche ?"),
    "hours": ("How many hours?", "Combien d'heures ?"),
    "employee_name": ("What is the employee's name?", "Quel est le nom de l'employé ?"),
    "department_name": ("What should the department be called?", "Comment s'appellera le département ?"),
    "amount": ("What amount?", "Quel montant ?"),
    "start": ("When should it start?", "À quelle date et heure ?"),
    "vehicle": ("Which vehicle?", "Quel véhicule ?"),
    "event_name": ("What is the event called?", "Quel est le nom de l'événement ?"),
    "components": ("Which components, and how many of each?", "Quels composants, et combien de chaque ?"),
    "lines": ("Which products, and how many?", "Quels produits, et combien ?"),
    "product": ("Which product?", "Quel produit ?"),
    "name": ("What is the product called?", "Quel est le nom du produit ?"),
    "min_qty": ("At what quantity should it be reordered?", "À partir de quelle quantité faut-il recommander ?"),
}
QUOTATION = ("To create the quotation", "Pour créer le devis")
REORDER = ("To set the reorder rule", "Pour la règle de réapprovisionnement")
NOTHING_FOUND = (
    "I found nothing I can do in that message (sales, CRM, purchase, projects, HR, manufacturing, calendar, fleet, "
    "website, inventory, invoicing, support tickets).",
    "Je n'ai rien trouvé que je sache faire dans ce message (ventes, CRM, achats, projets, RH, fabrication, agenda, "
    "flotte, site web, stock, facturation, tickets).",
)
NO_INVOICE_LIST = (
    "Listing all invoices is not supported yet; I can list unpaid or overdue ones.",
    "Lister toutes les factures n'est pas encore possible ; je peux lister les impayées ou en retard.",
)


def kind_of(text: Text) -> str | None:
    """The product kind a phrase names ("consumable" is Odoo's goods)."""
    kinds = (("kind_service", "service"), ("kind_storable", "storable"), ("kind_goods", "goods"))
    return next((kind for concept, kind in kinds if text.search(CONCEPTS[concept])), None)


_QUOTED = re.compile(r"\"([^\"]+)\"|“([^”]+)”|«\s*([^»]+?)\s*»|(?<![\w'])'([^']+)'(?![\w'])")


def quoted(text: Text) -> Hit | None:
    """A phrase in quotes ("…", “…”, « … », or '…' not taken for apostrophes): a name said exactly."""
    m = _QUOTED.search(text.raw)
    if not m:
        return None
    group = next(i for i in range(1, 5) if m.group(i) is not None)
    return Hit(m.group(group).strip(), m.start(group), m.end(group))


def min_max(text: Text) -> tuple[float | None, float | None]:
    """A reorder rule's quantities: "between 10 and 40", "min 10 max 40", "below 10 … up to 40", "to 50"."""
    m = text.search(RANGE)
    if m:
        return float(m.group(1)), float(m.group(2))
    high = number_after(text, MAX_QTY)
    low = number_after(text, MIN_QTY) or number_after(text, THRESHOLD)
    if low is None:
        low = next((n for n in numbers(text) if n != high), None)
    return low, high


OTHER_DOMAIN = (
    "{domain} is not something I can do yet.",
    "{domain} : pas encore pris en charge.",
)


def language(text: Text) -> str:
    """ "fr" when French hint words outnumber English ones (for the wording of questions), else "en"."""
    words = re.findall(r"[^\W\d_]+", text.low)
    return "fr" if sum(w in FR_HINTS for w in words) > sum(w in EN_HINTS for w in words) else "en"


def unexplained(texts: Iterable[Text], slot_values: Iterable[object]) -> list[str]:
    """Words of the texts that are neither keywords, fillers nor part of a slot value (a parse's leftovers)."""
    slot_words = {w for v in _strings(list(slot_values)) for w in re.findall(r"[^\W\d_]+", fold(v))}
    words = [w for t in texts for w in re.findall(r"[^\W\d_]+", t.low)]
    return [w for w in words if w not in EXPLAINED_WORDS and w not in slot_words]


def _strings(value: object) -> list[str]:
    """Every string inside nested dicts and lists (a dumped intent)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []
