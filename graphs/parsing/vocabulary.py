"""The offline parser's keyword tables (English and French, folded forms) and what they tell about a text:
its concepts, its language, the words a reading left unexplained."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from graphs.parsing.dates import PERIOD_PHRASES
from graphs.parsing.text import Text, fold, phrase_pattern, word_set

__all__ = [
    "CONCEPTS",
    "CONCEPT_PHRASES",
    "DOMAINS",
    "EN_HINTS",
    "EXPLAINED_WORDS",
    "FILLER_WORDS",
    "FR_HINTS",
    "FUZZ_VOCAB",
    "KNOWN_WORDS",
    "MAKING_PRODUCT",
    "MISSPELLINGS",
    "NEAR_MISSES",
    "OUTRANKING",
    "PATTERN_WORDS",
    "PHRASE_WORDS",
    "SLOT_WORDS",
    "STOPWORDS",
    "kind_of",
    "language",
    "strings_in",
    "unexplained",
]  # fmt: skip


CONCEPT_PHRASES: dict[str, list[str]] = {
    "create": ["create", "creates", "creer", "cree", "creez", "new", "nouveau", "nouvel", "nouvelle", "make",
               "fais", "faire", "faites", "prepare", "preparer", "prepares", "put together", "draw up", "set up",
               "generate", "genere", "generer", "raise", "issue", "etablis", "etablir", "register a new"],
    "add": ["add", "adds", "ajoute", "ajouter", "ajoutez", "rajoute", "rajouter", "include", "inclus", "put", "mets",
            "throw in", "toss in", "chuck in",
            "mettez", "mettre"],
    "quote": ["quote", "quotes", "quotation", "quotations", "devis", "estimate", "estimates", "proforma",
              "pro-forma", "offre de prix", "soumission", "soumissions", "cotizacion", "cotizaciones",
              # the word for a quote in the writer's other language, said in English or French text
              "offerte", "offertes", "presupuesto", "preventivo", "angebot"],
    "order": ["order", "orders", "commande", "commandes", "cmd", "cmds"],
    "sale": ["sale", "sales", "vente", "ventes"],
    "invoice": ["invoice", "invoices", "invoiced", "invoicing", "facture", "factures", "facturer", "facturez",
                "bill", "bills", "billed", "billing", "facturation", "factuur", "facturen", "factura", "facturas",
                "fattura", "rechnung"],
    "confirm": ["confirm", "confirms", "confirme", "confirmer", "confirmez", "approve", "approuve", "approuver",
                "accept", "accepte", "accepter", "valide", "valider", "validez", "validate", "go ahead with"],
    "validate": ["valide", "valider", "validez", "validate"],
    "post": ["post", "posts", "comptabilise", "comptabiliser", "comptabilisez", "poste-la", "poste-le"],
    "cancel": ["cancel", "cancels", "annule", "annuler", "annulez", "void", "kill", "delete", "supprime",
               "supprimer", "supprimez"],
    "status": ["status", "statut", "state of", "etat", "where is", "where's", "ou en est", "what happened to",
               "suivi", "how far", "c'en est rendu", "ou c'en est"],
    "list": ["show", "list", "display", "see", "view", "get", "give me", "pull up", "bring up", "which",
             "what are", "quels", "quelles", "affiche", "afficher", "affichez", "montre", "montrer", "montrez",
             "liste", "lister", "listez", "voir", "donne-moi", "donne moi", "sors"],
    "search": ["search", "find", "look for", "looking for", "cherche", "chercher", "recherche", "rechercher",
               "trouve", "trouver"],
    "product": ["product", "products", "produit", "produits", "article", "articles", "item", "items",
                "catalog", "catalogue"],
    "stock": ["stock", "stocks", "inventory", "inventaire", "on hand", "en stock", "in stock",
              r"re:how (?:many|much)\b.{1,40}?\b(?:do we have|have we got|are (?:there )?left|is left|left|remain"
              r"|we have|we've got|we got)",
              r"re:combien\b.{1,40}?\b(?:reste|avons|a-t-on|en stock)",
              # "do we have enough nitrile gloves?", "avons-nous assez de farine ?": a question on the stock
              r"re:\b(?:do|have|did)\s+we\s+(?:have|got|still have)\s+enough\b",
              r"re:\b(?:avons-nous|a-t-on|on\s+a|est-ce\s+qu'on\s+a|nous\s+reste-t-il)\s+(?:encore\s+)?assez\b",
              r"re:\b(?:il\s+)?(?:nous\s+)?(?:en\s+)?(?:reste|rest|restent)(?:-t-il)?\s+combien\b"],
    "below": ["below", "under", "less than", "fewer than", "lower than", "inferieur à", "inferieurs à",
              "inferieure à", "moins de", "sous", "en dessous de", "au-dessous de", "re:<=?"],
    "low": ["low", "running low", "running out", "bas", "faible", "rupture", "need restocking",
            "needs restocking"],
    "reorder": ["reorder", "reordering", "re-order", "point de commande", "reapprovisionnement", "reappro", "reassort",
                "replenish", "replenishment", "regle de stock", "set min stock", "set the min stock",
                "set minimum stock", "set the minimum stock", "stock minimum rule",
                r"re:(?:fixe[rz]?|set|mets|mettre|mettez|definir|definis|definissez)\s+(?:le\s+|the\s+)?stock\s+(?:minimum|mini)\b",
                r"re:(?:keep|garde[rz]?|maintain|maintiens?|have)\s+(?:at least|au moins|a minimum of|un minimum de)",
                r"re:never (?:go|drop|fall|run) (?:below|under)", r"re:jamais (?:moins de|en dessous de|sous)"],
    "revenue": ["revenue", "revenues", "turnover", "chiffre d'affaires", "income", "earnings", "total sales",
                "sales total", "ventes totales", "total des ventes",
                r"re:how much (?:did|have) we (?:sell|sold|made|make|earn|earned|invoice|invoiced)",
                r"re:what (?:did|have) we (?:sell|sold)\b(?! to\b)",
                r"re:combien (?:avons-nous|avons nous|on a|a-t-on) (?:vendu|facture|gagne)"],
    "total": ["total", "totals", "totale", "sum", "somme"],
    "unpaid": ["unpaid", "impaye", "impayes", "impayee", "impayees", "outstanding", "owe", "owes", "owed",
               "owing", "receivable", "receivables", "open invoices", "unsettled", "due", "a encaisser",
               "à encaisser", "en attente de paiement",
               r"re:non payee?s?", r"re:not (?:yet )?(?:been )?paid",
               r"re:(?:haven't|hasn't|have not|has not|didn't|did not) (?:yet )?paid",
               r"re:(?:waiting|waiting|still|yet|left) (?:to be |for )?(?:paid|payment)", "awaiting payment",
               "to be paid", "still due", "left to pay", "a payer", "à payer", "reste a payer", "reste à payer",
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
    "kind_storable": ["storable", "storables", "stockable", "stockables", "stocked", "stocke", "stockee", "stockes",
                      "stockees", "keep stock", "kept in stock", "track stock", "tracked in stock", "suivi en stock",
                      "gere en stock", "gerer en stock"],
    "draft": ["draft", "drafts", "brouillon", "brouillons"],
    "sent_state": ["sent", "envoye", "envoyes", "envoyee", "envoyees"],
    "sale_state": ["confirmed", "confirmee", "confirmees", "confirmes", "completed", "won", "sales order",
                   "sales orders", "commande client", "commandes client", "commandes clients", "validated",
                   "validee", "validees", "done", "terminee", "terminees"],
    "cancel_state": ["cancelled", "canceled", "annulee", "annulees", "annules"],
    "group_customer": ["by customer", "per customer", "by client", "per client", "for each customer",
                       "by customers", "par client", "par clients",
                       # Indian English "customer wise", "party-wise"
                       "customer wise", "customer-wise", "customerwise", "client wise", "client-wise", "party wise",
                       "party-wise"],
    "group_salesperson": ["by salesperson", "per salesperson", "by sales person", "by salesman", "by seller",
                          "by sales rep", "per sales rep", "by rep", "par commercial", "par commerciaux",
                          "par vendeur", "par vendeurs", "salesperson wise", "salesperson-wise", "salesman wise",
                          "salesman-wise"],
}  # fmt: skip
CONCEPT_PHRASES |= {
    "lead": ["lead", "leads", "piste", "pistes", "prospect", "prospects"],
    "opportunity": ["opportunity", "opportunities", "opportunite", "opportunites", "opp", "opps", "deal", "deals",
                    "affaire", "affaires", "oportunidad", "oportunidades"],
    "pipeline": ["pipeline", "crm", "funnel", "entonnoir"],  # not "pipe": a product name
    "stage": ["stage", "stages", "etape", "etapes", "column", "colonne", "phase", "stade"],
    "move": ["move", "moves", "put", "passe", "passer", "deplace", "deplacer", "mets", "bump", "advance", "avance",
             "set", "change", "update", "push"],
    "won_outcome": ["won", "as won", "gagne", "gagnee", "closed won", "win"],
    "purchase": ["purchase order", "purchase orders", "purchase", "purchases", "po", "pos", "rfq", "rfqs",
                 "on order", "commande fournisseur", "commandes fournisseur", "commande d'achat", "commandes d'achat",
                 "bon de commande", "bons de commande", "achat", "achats", "demande de prix", "demandes de prix",
                 "request for quotation", "requests for quotation", "requests for quotations", "request for quote",
                 "requests for quotes"],
    "vendor": ["vendor", "vendors", "supplier", "suppliers", "fournisseur", "fournisseurs"],
    "project": ["project", "projects", "projet", "projets"],
    "employee": ["employee", "employees", "employe", "employes", "employee", "staff", "salarie", "salaries",
                 "collaborateur", "collaborateurs", "collaboratrice",
                 "collaboratrices", "who works", "qui travaille", "qui travaillent"],
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
                "flotte", "van", "vans", "truck", "trucks", "camion", "camions", "fourgon", "fourgons", "fourgonnette",
                "camionnette", "camionnettes", "navette", "navettes", "ute", "utes", "minibus", "tracteur", "tracteurs",
                "forklift", "forklifts"],
    "odometer": ["odometer", "odometre", "mileage", "kilometrage", "compteur", "odometer reading"],
    "maintenance": ["service due", "services due", "maintenance", "entretien", "servicing", "needs service",
                    "due for service", "revision"],
    "cost": ["cost", "costs", "cout", "couts", "spend", "spent", "expenses on"],
    "website": ["website", "site web", "site internet", r"re:(?:du|sur le) site\b",
                "ecommerce", "e-commerce", "online shop", "online store",
                "boutique en ligne", "web shop", "webshop", "web orders", "website orders", "en ligne", "online",
                "commandes web", "ventes web"],
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
    "history": ["history", "historique", "track record", "record with", "performance", "performed", "reliable",
                "dependable",
                "reliability",
                "on time", "on-time", "fiable", "fiabilite", "ponctuel", "ponctualite"],
    "receive": ["receive", "received", "receipt", "receipts", "reception", "receptions", "receptionne",
                "receptionner", "receptionnez", "recois", "recevoir", "arrived", "came in", "goods in"],
    "pending": ["pending", "waiting", "en attente", "en cours", "not received", "not yet received", "non recu",
                "non recues", "open"],
    "lost_outcome": ["lost", "as lost", "perdu", "perdue", "closed lost", "lose"],
    "contact": ["contact", "contacts", "contact card", "fiche contact", "address book", "carnet d'adresses"],
    "tag": ["tag", "tags", "tagged", "label", "labels", "etiquette", "etiquettes", "etiquete", "etiqueter", "tague",
            "taguer", "taguez",
            "etiquetez", "categorie", "category"],
    "archive": ["archive", "archives", "archived", "archiver", "archivez"],
    "note": ["note", "notes", "internal note", "comment", "commentaire", "remarque"],
    "delivery": ["delivery", "deliveries", "delivery order", "shipment", "transfer", "transfers", "picking",
                 "livraison", "livraisons", "bon de livraison", "expedition", "transfert", "receipt", "reception"],
    "price_word": ["price", "prices", "priced", "prix", "tarif", "sells for", "sell for", "selling price",
                   "sales price", "prix de vente", "se vend", "vendu a", "vendue a"],
}  # fmt: skip
# French verbs said in any of their usual forms: a listed "termine" is also "terminez" (the polite imperative) and
# "terminer" (the infinitive of a letter: "merci de terminer")
_FRENCH_VERB_CONCEPTS = ("create", "add", "confirm", "validate", "post", "cancel", "finish", "produce")
for _concept in _FRENCH_VERB_CONCEPTS:
    _said = CONCEPT_PHRASES[_concept]
    _said += [f"{w}{end}" for w in list(_said) if " " not in w and w.endswith("e") and len(w) >= 5 for end in "zr"
              if f"{w}{end}" not in _said]  # fmt: skip

CONCEPTS: dict[str, re.Pattern[str]] = {k: phrase_pattern(v) for k, v in CONCEPT_PHRASES.items()}

# Other Odoo domains: said honestly as not handled, whatever verb comes with them.
DOMAIN_PHRASES: dict[str, list[str]] = {
    "returns and customer support": ["return", "returns", "refund", "refunds", "rembourse", "rembourser",
                                     "remboursement", "retour", "retours"],
}  # fmt: skip
DOMAINS: dict[str, re.Pattern[str]] = {k: phrase_pattern(v) for k, v in DOMAIN_PHRASES.items()}
# Concepts of the domains we handle that outrank another domain's word: "the Website Redesign project",
# "the pipeline before Monday's meeting" are about projects and CRM, not the website or the calendar.
OUTRANKING = ("lead", "opportunity", "pipeline", "project", "task", "purchase", "vendor", "mo", "bom")

# Keywords worth correcting when mistyped ("quotaton", "invoce", "stok"); entity names never are.
FUZZ_VOCAB: frozenset[str] = word_set(
    """quotation quotations quote quotes invoice invoices order orders sales confirm cancel reminder remind
    payment unpaid overdue product products stock level reorder search consumable consumables service services
    storable create revenue total draft drafts month week year quarter today yesterday units unit each price prix
    priced minimum below under fewer show list display post status customer customers items item inventory
    point rule register record paid past last devis facture factures commande
    commandes produit produits confirme annule relance paiement niveau semaine mois annee trimestre derniers
    jours consommable consommables affiche montre cherche recherche client clients chiffre affaires unites
    chacun chacune valide retard echues brouillon brouillons lead leads opportunity opportunities pipeline stage
    qualified proposition expected potential move vendor supplier purchase receive received history pending
    project projects task tasks timesheet hours employee employees department expense expenses leave leaves
    submit pending job title poste bom manufacturing production produce contains components meeting event
    schedule vehicle vehicles odometer maintenance website publish ticket hour hours minutes minute th st nd rd next
    meetings events
    license licence plate miles km reading"""
)
# Misspellings too far from their keyword for one edit.
MISSPELLINGS: dict[str, str] = {"unpayed": "unpaid", "invoise": "invoice", "quoation": "quotation"}

# Function words, politeness and generic verbs (EN and FR): never corrected, and never a leftover.
STOPWORDS: frozenset[str] = word_set(
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
NEAR_MISSES: frozenset[str] = word_set(
    """shows showed showing
    older stuck stick stack paint pride prime prize worth poster list lists last lost cost host past sold
    sell made make making devise commence prise poste dernier derniere dernieres jour affaire unite valid least
    lease quite quota quotas scales sakes saves conform cancer rewind produce produced produces shock smock
    stoke stork lever recorder crate created creates creating drift daft mouth moth months weeks years days
    quarters quartet unity prince bellow blow fever shown showed showing statue inventor print pint pont ruler
    recode pasta paste pasty devil fracture commander moist remainder reliance pots lits type kind order
    moved pris prie place places"""
)
KNOWN_WORDS: frozenset[str] = STOPWORDS | NEAR_MISSES

# Every word of the keyword tables: a correct word is never "corrected" into a neighbour.
PHRASE_WORDS: frozenset[str] = frozenset(
    w
    for table in (CONCEPT_PHRASES, DOMAIN_PHRASES, dict(PERIOD_PHRASES))
    for phrases in table.values()
    for p in phrases
    if not p.startswith("re:")
    for w in re.findall(r"[^\W\d_]+", p)
)
# Words the rules read (keywords, unit words, slot markers): with STOPWORDS, what is not a leftover.
SLOT_WORDS: frozenset[str] = (
    FUZZ_VOCAB
    | PHRASE_WORDS
    | word_set(
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
# Chat filler (EN and FR): never a leftover, but unlike STOPWORDS still allowed inside a name ("Great News Ltd").
FILLER_WORDS: frozenset[str] = word_set(
    """great news nice cool awesome perfect super urgent urgently asap quickly quick fast soon sorry oops actually
    basically finally anyway btw guys team folks kindly cheers hiya morning afternoon evening dear regards mate
    apparently honestly literally maybe perhaps probably really definitely ok okay alright right sure said says
    told tells wants wanted needs needed like hope hoping pocket full fully he his him she her hers
    finalement dit dis urgence urgent vite rapidement desole desolee bon bonne alors voila coucou merci cordialement
    stp svp pls plz thx hmm hm oh ah anything something instead plutot
    vraiment peut-etre apparemment bref enfin du coup ok d'accord tantot veuillez lately recently apologies apology"""
)
# Words the rules read through their own patterns (clock times, units, plates and colours, "if missing"),
# which no keyword table lists.
PATTERN_WORDS: frozenset[str] = word_set(
    """am pm h min mins km kms kilometres kilometers miles mi hour hours hr hrs heure heures minute minutes
    missing exist exists existe existent n'existe manquant manquante besoin needed
    plate plates plaque immatriculation immatriculee immatricule immat rego couleur colour color
    blue red white black grey gray green silver yellow brown bleu bleue bleus bleues rouge rouges blanc blanche
    blancs noir noire noirs gris grise vert verte jaune marron argent
    assign assigns half demi demie apres objet lance lancer launch start demarre everyone everybody people suite
    goes go went moves move changes rises falls drops jumps increases decreases becomes devient augmente descend
    assignee assigned assigne assignee assignees releve relever soumets soumettre submit ouvre ouvrir open
    phone phones tel telephone mobile portable fax e-mail courriel saying says disant indiquant
    address adresse company societe save retrouve lookup look moved demenage ete ever yet already deja ai passe
    spent dedans dessus inside mini maxi pourriez pourriez-vous pourrais nom garde gardez garder
    virement virements bancaire cheque cheques wire transfer diary bank faudrait faut shelf shelves everything
    end ici fri thu thurs tues wed pis lieu cave cellar warehouse entrepot
    monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi vendredi samedi dimanche
    rendre rest against contre tague taguer tagues rapporte rapporter payes kilometrique desormais devient
    coute coutes coutait
    call calls sync prochain prochaine pendant january february march april june july
    august september october november december janvier fevrier avril juin juillet aout septembre octobre novembre
    decembre kg kilo kilos gram grams litre litres liter liters metre metres meter meters square carre carres
    position situation lakh lakhs crore crores mille piasses piastres dt tnd icitte cuve
    mr mrs ms miss mme mlle madame monsieur mademoiselle personne person description
    uur uren stunde stunden std hora horas
    enough assez avons sommes stand remain remains remaining
    invite invites inviting invitez inviter convie convier conviez including"""
)

# A new product being made ("create a product called X, sells for 24.90"): its price and minimum are the new
# product's, not a change to an existing one.
MAKING_PRODUCT = re.compile(r"\b(?:create|new|nouveau|nouvel|cree[rz]?)\b[^,.]{0,25}\b(?:product|produit|article)s?\b")

# Words that tell French from English (for the language of a clarifying question).
FR_HINTS = word_set("le la les des du une un pour avec est quel quelle quels quelles moi mois ce cette sont et facture "
                  "factures devis commande commandes produit produits combien montre affiche cherche")  # fmt: skip
EN_HINTS = word_set("the a an for with is what which me this of and invoice invoices quote order orders product "
                  "products how show")  # fmt: skip


def kind_of(text: Text) -> str | None:
    """The product kind a phrase names ("consumable" is Odoo's goods)."""
    kinds = (("kind_service", "service"), ("kind_storable", "storable"), ("kind_goods", "goods"))
    return next((kind for concept, kind in kinds if text.search(CONCEPTS[concept])), None)


@cache
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.FRENCH).build()


def language(text: Text, said: str | None = None) -> str:
    """ "fr" or "en": the message's language, in which the agent answers.

    Read by a language detector (lingua) on the whole message as written; where it is not clearly
    sure — a few words, mostly names or references ("confirm it", "devis Acme 8 Lampes") — French
    hint words must outnumber English ones.
    """
    french = _detector().compute_language_confidence(said or text.raw, Language.FRENCH)
    if french >= 0.65:
        return "fr"
    if french <= 0.35:
        return "en"
    words = re.findall(r"[^\W\d_]+", text.low)
    return "fr" if sum(w in FR_HINTS for w in words) > sum(w in EN_HINTS for w in words) else "en"


_ACCOUNTED = EXPLAINED_WORDS | FILLER_WORDS | PATTERN_WORDS


def unexplained(texts: Iterable[Text], slot_values: Iterable[object]) -> list[str]:
    """Words of the texts that are neither keywords, fillers nor part of a slot value (a parse's leftovers)."""
    slot_words = {w for v in strings_in(list(slot_values)) for w in re.findall(r"[^\W\d_]+", fold(v))}
    words = [w for t in texts for w in re.findall(r"[^\W\d_]+", t.low) if "ʼ" not in w]  # ʼ: a name's keyword
    return [w for w in words if w not in _ACCOUNTED and w not in slot_words]


def strings_in(value: object) -> list[str]:
    """Every string inside nested dicts and lists (a dumped intent)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return []
