"""Entity phrases and order lines in a clause: names are cut out as the person wrote them (resolved against
Odoo later, never here), quantities and prices read into lines."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from graphs.parsing.numbers import ATOM
from graphs.parsing.text import Text, fold, word_set
from graphs.parsing.vocabulary import EXPLAINED_WORDS

__all__ = ["ADD_PRODUCT_ANCHORS", "CUSTOMER_ANCHORS", "CUSTOMER_STOP", "LINE_PRODUCT_ANCHORS", "LINE_STOP",
           "LIST_CUSTOMER_ANCHORS", "NAMED_CUSTOMER_ANCHORS", "NAME_STOP", "PACKING_ONLY", "PARTY_NAME_STOP",
           "PRODUCT_NAME_ANCHORS", "PRODUCT_STOP", "REORDER_PRODUCT_ANCHORS", "REORDER_STOP", "SEARCH_TEXT_ANCHORS",
           "STOCK_PRODUCT_ANCHORS", "Hit", "LineGuess", "anchors", "entity_at", "find_lines", "first_entity",
           "numbers_inside", "order_lines", "owner_of", "product_after", "quoted", "unquoted"]  # fmt: skip


# Words that may follow a size at a name's end ("inner tube 28 inch pls", "… 5 kg at 3"): the size ends the name;
# any other word after it is the goods measured ("5 kg smoked paprika").
_AFTER_A_SIZE = (
    r"(?:pls|please|plz|svp|stp|thanks|merci|and|et|at|à|a|for|pour|to|from|chez|on|sur|in|en|left|still|each|per"
    r"|par|x|is|are|do|does|est|sont|reste|restent|in stock|en stock)\b"
)
_STOP_COMMON = (
    r"[,;:!?()\[\]\"<>@¤§—=~≈]"
    # the field a phone number or an e-mail is said with: "Ama Boateng tel 024 …", "Lagoon Tours au 0696 …"
    r"|\b(?:tel|phone|mobile|cell|portable|gsm|whatsapp|fax|e-?mail|courriel|mail|au|at|on|no|num|number|numero)"
    r"\s*[:.]?\s*(?:is\s+|est\s+)?(?=§)"
    # a digit ends a name, but not a year ("Salon Maison 2027") nor a size or model ("Espresso Bean 1kg", "30x40")
    r"|(?<!\w)(?<![^\W_]-)(?!(?:19|20)\d\d(?:\s*$|\s*[,;.!?:]|\s+(?:and|et|for|pour|at|à|on|sur|in|dans|to)\b))"
    r"(?!\d+(?:[.,]\d+)?(?:[a-z]{1,3}|x\d+[a-z]{0,2}|\s(?:mm|cm|m|km|kg|g|mg|l|ml|cl|oz|lb|in|ft|inch|inches|pouces?)"
    rf"(?!\s*(?!{_AFTER_A_SIZE})[a-z]))\b)"
    r"(?!\d+(?:[.,]\d+)?°)"  # a strength in degrees: "Rhum Agricole 55° 1L"
    r"(?!\d+-[a-z]{3,}\b)\d"  # "chain 11-speed", "a 3-seater": a number joined to a word describes the goods
    r"|(?<!\bdr)(?<!\bmr)(?<!\bms)(?<!mrs)(?<!\bst)(?<!\bme)\.(?=\s|$)|\s-\s|\b(?:with|avec|then|puis|please|pls|plz|svp|stp|s'il|thanks|thank|thx|merci"
    r"|who|qui|they|ils|elles|because|car|right now|now|currently|maintenant|actuellement|whenever|when|if|once"
    r"|quand|lorsque|des que|so that"
    r"|tantot|tantôt)\b"  # Belgian "tantôt" (later on): when, not who
)
# In a product's or a project's own name a number followed by a word of the name stays ("Office 365 migration",
# "Gel 30 ml bio"); a customer's name ends at one ("quote Acme 5 chairs": the quantity of a line).
_NUMBER_INSIDE = (
    r"(?!\d+(?:[.,]\d+)?\s+(?:(?:mm|cm|m|kg|g|mg|l|ml|cl|oz|lb)\s+)?(?!(?:units?|unites?|pcs|pieces?|items?|boxes|bags|x|of|de|d|du|des|left|more|extra|in|en|for|pour|at"
    r"|à|a|to|on|sur|and|et|or|ou|per|par|each|max|min|maximum|minimum|days?|jours?|hours?|heures?|h|minutes?|mins?"
    r"|weeks?|semaines?|months?|mois|years?|ans?|euros?|dollars?|pounds?|francs?|eur|usd|units|pts?|percent|pour cent"
    r"|is|are|est|sont|by|before|avant|due|from|with|avec|then|puis|please|pls|svp|stp|price|prix|cost|costs"
    r"|apiece|the|le|la|les|ht|ttc|net|tax|vat|tva|instead|plutot|not|pas|left|remaining)\b)[a-z][a-z'-]{2,}\b)"
    r"(?!(?:19|20)\d\d-(?:19|20)?\d\d\b)"  # a season: "Saison 2030-2031"
)


def numbers_inside(stop: str) -> str:
    """A stop pattern built on the common one, in which a number followed by a word of the name does not stop it."""
    return stop.replace(r"(?!\d+-[a-z]{3,}\b)\d", r"(?!\d+-[a-z]{3,}\b)" + _NUMBER_INSIDE + r"\d", 1)


_STOP_NAMES = numbers_inside(_STOP_COMMON)
CUSTOMER_STOP = re.compile(
    _STOP_COMMON + r"|\b(?:for|pour|at|to|from|on|in|x|sur|à|priced|is|are|est|sont|ont|wants?|veut|needs?|has|have"
    r"|restent|reste|still|encore|remain|remains|remaining|unpaid|overdue|impayees?|and"
    r" (?:confirm|invoice|post)|et (?:confirme|facture)|quotes?|quotations?|devis|invoices?|factures?|orders?"
    r"|commandes?)\b"
)
# A stock question counts nothing: a number closing the product's name is part of it ("varilux comfort 1.67??")
_NUMBER_AT_END = r"(?!\d+(?:[.,/]\d+)*\s*(?:\?|$|(?:left|in stock|en stock|on hand)\b))"
_PRODUCT_STOP_WORDS = (
    r"|\b(?:in stock|en stock|stock|level|niveau|to|at|à|for|pour|on hand|do|does|did|are|is|est"
    r"|sont|have|has|avons|avons-nous|a-t-on|reste|reste-t-il|il|left|available|disponibles?|min|max|minimum"
    r"|still\s+(?:left|in stock|available|on hand)"
    r"|maximum|units?|unites?|and|et|right|goes|go|drops?|falls?|gets|reaches|passe|descend|tombe"
    r"|we|nous|on\s+a|on\s+en|il\s+nous|they|should|must|would|doit|devrait"
    # where it is kept: "… en cave", "… in the warehouse"
    r"|en\s+(?:cave|cuve|reserve|entrepot|magasin|rayon|boutique)|ici|icitte"
    r"|in\s+(?:the\s+)?(?:warehouse|cellar|store|shop|back))\b"
)
PRODUCT_STOP = re.compile(
    _STOP_NAMES.replace(r"(?!\d+-[a-z]{3,}\b)", r"(?!\d+-[a-z]{3,}\b)" + _NUMBER_AT_END, 1) + _PRODUCT_STOP_WORDS
)
# A reorder rule's product ends at a number: "min stock for Rope 12" sets 12
REORDER_STOP = re.compile(_STOP_NAMES + _PRODUCT_STOP_WORDS)
_NAME_STOP_WORDS = (
    r"|\b(?:priced|price|prix|at|à|for|pour|costing|costs?|min|minimum|max|stock|kind|type|as"
    r"|comme|and|et|that|which|en|of type|de type|sold|vendu)\b"
)
NAME_STOP = re.compile(_STOP_NAMES + _NAME_STOP_WORDS)
# A person's or a company's name ends at a number ("Tom Reed 3 Main Street": an address follows)
PARTY_NAME_STOP = re.compile(_STOP_COMMON + _NAME_STOP_WORDS)
LINE_STOP = re.compile(
    # "à" ends a product, except inside one priced after it ("2 Seau à Glace à 30 €")
    _STOP_COMMON + r"|\bà(?!\s+[^\W\d_][\w'-]*\s+à\s*[¤\d])|\ba(?=\s+¤?\d|¤)"
    r"|\b(?:at|for|pour|each|chacun|chacune|l'unite|apiece|per|par|and|et|pis|puis|to|au|aux|on|sur"
    r"|in|dans|is|are|est|sont|x(?!\s*\d+(?:\.\d+)?\s*(?:mm|cm|m|g|kg|ml|cl|l|in|ft)\b)(?!\s+[^\W\d_]{3})|ea|the unit"
    r"|la piece"
    r"|piece|pieces|more|de plus|en plus|extra|additional"
    r"|supplementaires?|from|form|chez|aupres|as well|too|also|aussi|egalement|dessus|dedans)\b"
)
# Articles before a name, lower case only: "Les Jardins de Provence" keeps its "Les".
_LEADING = re.compile(
    r"(?:\s|(?:the|a|an|our|my|some|le|la|les|l'|un|une|des|du|de|d'|notre|mon|ma|nos|mes)(?:\s+|(?<=')))*"
)
# Nouns before a name ("the customer Acme", "product Rock"), lower case only: "Product Y" is a name.
_LEADING_NOUN = re.compile(
    r"(?:(?:customer|client|cliente|product|produit|article|item|called|named|vendor|supplier|fournisseur)\s+)*"
)


def _skipped(words: re.Pattern[str], raw: str, start: int) -> int:
    """Where the text goes on after ``words`` at ``start`` (the patterns match the empty string too: always a match)."""
    m = words.match(raw, start)
    return m.end() if m else start


@dataclass(frozen=True)
class Hit:
    """An entity phrase and where it sits in the text (so the caller can blank it)."""

    value: str
    start: int
    end: int


# A stop word written with a capital between two capitalised words is part of the name
_CAPITALISED_LINK = re.compile(r"(?:.*\s)?[A-ZÀ-Ý][\w'&-]*\s+[A-ZÀ-Ý][a-zà-ÿ]+$", re.S)
_CAPITALISED_NEXT = re.compile(r"\s+[A-ZÀ-Ý]")
# A lower-case link word between capitalised words, the phrase then closed by a colon: "Wheels for Good: 4 …"
# or the word for the thing named ("and", "à", "de" … also before a quantity; "for" and "on" not: "invoice Acme
# for Consulting 10 hours")
_LINK_WORD = re.compile(r"for|of|and|on|de|du|des|et|sur|à|&")
_CAPITALS_TO_END = re.compile(
    r"\s+[A-ZÀ-Ý][\w'&-]*(?:(?:\s+(?:and|et|&|of|de|du|des))?\s+[A-ZÀ-Ý][\w'&-]*){0,3}"
    r"(?=(?P<closer>\s*:|\s+\d|\s+(?i:opportunity|opp|lead|deal|as\s+an?\s+(?:contact|customer|client|company|supplier"
    r"|vendor))\b))"
)
# "à" then a lower-case noun with no article: what the thing is for, part of its name ("seau à glace"); not a verb
# ("à livrer", "à vendre"), a number in words ("à neuf"), a place (capitalised) nor a price or a time.
_A_WHAT_FOR = re.compile(
    r"\s+(?!(?:la|le|les|l|un|une|des|du|mon|ma|mes|ton|ta|son|sa|ses|nos|notre|vos|votre|leur|leurs|ce|cette|ces"
    r"|partir|peu|moins|plus|nouveau|jour|temps|quel|quelle|combien|tout|tous|toute|chaque|midi|minuit|demain|part"
    r"|cote|côté|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|trente"
    r"|quarante|cinquante|soixante|cent|mille|prix|payer|livrer|vendre|faire|nous|vous|moi|lui|eux|elle|elles"
    r"|condition|cause|propos|raison|hauteur|titre|savoir|noter|l'heure|midi)\b)"
    # an infinitive completes a thing's name ("salle à manger", "machine à laver"), unless it is a step of the work
    r"(?!(?:livrer|payer|commander|facturer|confirmer|valider|envoyer|relancer|traiter|preparer|regler|signer|verifier"
    r"|controler|recuperer|retourner|reparer|modifier|annuler|jeter|acheter|prevoir|planifier|installer|poser|monter"
    r"|nettoyer|changer|remplacer|contacter|appeler|rappeler|finir|terminer|recevoir|rendre|vendre|faire|voir|servir"
    r"|ouvrir|remplir|fournir|choisir|prendre|mettre|lire|ecrire|produire|construire|emporter|partir|venir|revenir"
    r"|sortir|suivre|battre|definir|obtenir|tenir"
    r"|pr[ée]voir|pr[ée]parer|r[ée]gler|v[ée]rifier|contr[ôo]ler|r[ée]cup[ée]rer|r[ée]parer|[ée]crire|d[ée]finir)\b)"
    r"[a-zà-ÿ][a-zà-ÿ-]+\b(?!')"
)
# in a line, the noun may also be a capitalised infinitive, like the rest of the name ("Planche à Découper Chêne")
_A_WHAT_FOR_IN_LINE = re.compile(rf"{_A_WHAT_FOR.pattern}|\s+[A-ZÀ-Ý][a-zà-ÿ]+(?:er|ir|re)\b(?=\s+[A-ZÀ-Ý])")


_NUMBER_IN_NAME = re.compile(r"\d+(?:\s+[A-ZÀ-Ý][\w'&-]*){0,3}(?=\s*:)|\d{3,}(?=\s+\d)")


def entity_at(text: Text, start: int, stop: re.Pattern[str], allow_known: bool = False) -> Hit | None:
    """The phrase from ``start`` up to the first ``stop``, without leading articles; None when it
    is empty, longer than six words, or made only of words the parser already knows ("me", "all")."""
    start = _skipped(_LEADING, text.raw, start)
    start = _skipped(_LEADING_NOUN, text.raw, start)
    m = stop.search(text.low, start)
    while m and _CAPITALISED_LINK.match(text.raw, max(m.start() - 40, start), m.end()) and m.end() > m.start():
        if not _CAPITALISED_NEXT.match(text.raw, m.end()):
            break
        m = stop.search(text.low, m.end())  # "Resto Chez Gaston", "Food For Thought": a link word inside a name
    while m and m.group(0) == "à" and _A_WHAT_FOR.match(text.raw, m.end()):
        m = stop.search(text.low, m.end())  # "casiers à homard", "machine à café": French names a thing by its use
    run = m and _LINK_WORD.fullmatch(m.group(0)) and _CAPITALS_TO_END.match(text.raw, m.end())
    if (
        m
        and run
        and (not run.group("closer").strip()[0].isdigit() or m.group(0) not in ("for", "on", "sur"))
        and re.fullmatch(r"(?:[A-ZÀ-Ý][\w'&-]*\s+){1,3}", text.raw[start : m.start()])
    ):
        # "offer for Wheels for Good: 4 …", "quote Cave à Rhum et Cigares 12 …", "Abena from Hope for All Ministries
        # as a contact", "the Green Leaf and Co opportunity": a link word between capitalised words, the capitalised
        # run closed by a colon, a quantity or the word for what it is, is inside the name
        m = stop.search(text.low, run.end())
    if m and m.group(0).isdigit() and re.fullmatch(r"(?:[A-ZÀ-Ý0-9][\w'&.-]*\s+){1,4}", text.raw[start : m.start()]):
        # "Caffi 1887: 12 …", "Clinique 2 Plateaux: 8 …", "Depot 2000 24 …": a number, with capitalised words after
        # it up to the colon that closes the name, or right before the quantity, is part of a capitalised name
        inside = _NUMBER_IN_NAME.match(text.raw, m.start())
        if inside:
            m = stop.search(text.low, inside.end())
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


def anchors(*patterns: str) -> list[re.Pattern[str]]:
    return [re.compile(p) for p in patterns]


_NOT_A_NAME = (
    r"(?!(?:for|pour|to|the|a|an|le|la|les|un|une|it|that|this|ce|cette|à|me|moi|them|order|commande|and|et|au nom"
    r"|in the name|on behalf)\b)"
)
CUSTOMER_ANCHORS = anchors(
    r"\b(?:for|pour|to)\s+",
    r"\b(?:customer|client|cliente)\s*:?\s+",
    rf"\b(?:quote|bill|invoice|facture|facturer|facturez|devis)\s+{_NOT_A_NAME}",
    rf"\b(?:devis|facture)\s+(?:au nom de|à|a|au)\s+{_NOT_A_NAME}",  # "fais un devis à Boulangerie Dupont"
    r"\b(?:au nom de|in the name of|on behalf of)\s+",  # "un devis au nom de X pour 3 …"
)
LIST_CUSTOMER_ANCHORS = anchors(r"(?:\b(?:for|from|to|of|by|de|pour|du|chez)\s+|\bd')")
NAMED_CUSTOMER_ANCHORS = anchors(r"\b(?:customer|client)\s+(?!s\b)")
STOCK_PRODUCT_ANCHORS = anchors(
    r"\bhow (?:many|much)\s+(?:units of\s+|of\s+|of the\s+)?",
    # "combien de litres d'huile …", "how many kg of …": the measure counts the goods, it is not their name
    r"\bcombien\s+(?:de\s+|d')?(?:(?:litres?|kilos?|kg|gallons?|tonnes?|metres?|bidons?|bouteilles?|sacs?|cartons?"
    r"|caisses?|unites?|pieces?|paires?)\s+(?:de\s+|d'))?",
    r"\b(?:stock|inventory|inventaire|on hand)\s+"
    r"(?:level\s+|levels\s+|niveau\s+|quantity\s+|quantite\s+|position\s+|situation\s+)?"
    r"(?:for|of|on|de|du|des|d'|pour)?\s*",
    r"\b(?:level|niveau|quantity|quantite|qty|position|situation|status|count|balance)\s+(?:for|of|de|du|d')\s*",
    r"\b(?:fixed|set)\s+for\s+",  # "how're we fixed for Guinness?"
    r"\b(?:have|got|avons-nous|a-t-on|reste-t-il)\s+(?:any\s+|still\s+|du\s+|de\s+|encore\s+)?"
    r"(?:enough\s+(?:of\s+(?:the\s+)?)?|assez\s+(?:de\s+|d'))?",
    r"\b(?:reste|restent|rest)(?:-t-il)?\s+(?:de\s+|d'|du\s+|des\s+)",  # "combien il reste de Bac Rangement"
)
REORDER_PRODUCT_ANCHORS = anchors(
    r"\b(?:at least|au moins|a minimum of|un minimum de)\s+\d+(?:\.\d+)?\s+(?:units?\s+of\s+|unites?\s+de\s+|x\s+)?",
    r"\b(?:between|entre)\s+\d+(?:\.\d+)?\s+(?:and|et)\s+\d+(?:\.\d+)?\s+(?:units?\s+of\s+|unites?\s+de\s+)?",
    r"\b(?:reorder|re-order|reapprovisionnement|reappro|replenish(?:ment)?)\s+(?:point|rule|level|min(?:imum)?)?"
    r"\s*(?:for|of|on|de|du|pour|d'|sur)?\s*",
    r"\bmax(?:imum|i)?\s+\d+(?:\.\d+)?\s+(?:on|for|sur|pour)\s+",
    r"\bpoint de commande\s+(?:de|du|pour|d')?\s*",
    r"\b(?:regle|rule)\s+(?:de\s+)?(?:reassort|stock|reappro)\s+(?:for|on|of|de|du|des|pour|sur|d')\s*(?:les\s+|la\s+|le\s+|l')?",
    r"\bmin(?:imum)? stock\s+(?:for|of|de|du|pour)\s*",
    r"\bstock\s+(?:minimum|mini|min)\s+(?:for|of|des|du|de|pour|d')\s*",
    r"\b(?:when|whenever|once|if|quand|lorsque|si|des que)\s+(?:the\s+stock\s+of\s+|le\s+stock\s+de\s+)?",
    r"\b(?:for|of|pour|du)\s+",
)
PRODUCT_NAME_ANCHORS = anchors(
    r"\b(?:called|named|nomme|nommee|appele|appelee|intitule)\s+",
    r"\b(?:products?|produits?|articles?)\s*:\s*",
    r"\b(?:new|nouveau|nouvel)\s+(?:services?\s+|consumables?\s+)?(?:products?|produits?|articles?)\s+",
    r"\b(?:create|cree[rz]?|creez|add|ajoute[rz]?|ajoutez)\s+(?:a\s+|an\s+|the\s+|un\s+|le\s+|l')?"
    r"(?:new\s+|nouveau\s+|nouvel\s+)?(?:(?:service\s+)?(?:products?|produits?|articles?)|services?)\s+",
)
LINE_PRODUCT_ANCHORS = anchors(r"\b(?:products?|produits?|articles?|items?)\s+", r"\b(?:called|named)\s+")
SEARCH_TEXT_ANCHORS = anchors(r"\b(?:named|called|matching|containing|like|nommes?|contenant|avec le mot)\s+")
ADD_PRODUCT_ANCHORS = anchors(r"\b(?:add|ajoute|ajouter|rajoute|include)\s+")


@dataclass
class LineGuess:
    """An order line as read; ``qty_said`` is False when the quantity is the default 1."""

    product: str | None
    qty: float
    unit_price: float | None = None
    discount: float | None = None
    qty_said: bool = True


# (right before the number: a long run of spaces after "à" is a name read and blanked, "commande à <Vendor> 400 …")
_STRONG_PRICE_MARK = re.compile(r"(?:\b(?:at|à|x|each|per|a)|[@×*/])\s{0,3}$")
_WEAK_PRICE_MARK = re.compile(r"\b(?:for|pour|de)\s*$")
_LINE_SKIP = word_set(
    "x × of de d' more extra additional supplementaires supplementaire plus units unit unites unite pcs pc "
    "pieces piece items item boxes"
)
_TOKEN = re.compile(
    r"[^\W\d_][\w'-]*|\d+(?:[.,]\d+)?°|\d+/\d+\b(?!/)|\d+(?:[.,]\d+)?(?:[a-z]{1,3}|x\d+[a-z]{0,2})\b|\d+(?:-\d+)+\b|\d+-[a-z]+\b|(?:19|20)\d\d\b|\S"
)
# A unit of measure between the quantity and the product: "5 hours of Consulting", "2 kg de Farine". A container
# stays in the name ("200 sacs de ciment", "3 boxes of Nails"): shops sell the bag or the box as the product.
# "2 hours consulting", "10 kg smoked paprika": a unit spelled out needs no "of"; a one-letter one does ("2 l of").
_MEASURE_OF = re.compile(
    r"\s*(?:(?:hours?|hrs?|days?|kg|kilos?|grams?|litres?|liters?|square\s+(?:metres?|meters?|feet)|sq\.?\s?m|m2|m²"
    r"|metres?\s+carres?|metres?|meters?|heures?|jours?)"
    r"\s+(?:(?:of|de|d')\s*|(?!(?:chez|at|for|from|pour|à|a|to|in|dans|du|des|et|and|pis|puis|each|per|par|on|sur)\b))"
    r"|(?:g|l|m)\s+(?:of|de|d')\s*"
    # "120 g arabica": a short unit before lower-case goods ("50 ml au devis" is a size at a name's end)
    r"|(?:g|mg|ml|cl)\s+(?!(?:chez|at|for|from|pour|à|a|au|aux|to|in|en|dans|du|des|et|and|pis|puis|each|per|par|on"
    r"|sur|le|la|les|the)\b)(?=[a-z]{3}))(?=[^\W\d_])"
)


_PRICE_AFTER_PCT = re.compile(r"\s*(?:at|à|a|@|x|each|the|le|la)?\s*¤?\d")


def _percent_in_name(text: Text, inside: int, m: re.Match[str]) -> bool:
    """ "couverture noire 70% à 9,40", "tin ingots 99,9% at 31": a percentage right after the name and right
    before its price is part of the name (its strength or purity), not a discount ("5 chairs 10% off")."""
    return not text.low[inside : m.start()].strip() and bool(_PRICE_AFTER_PCT.match(text.low, m.end()))


def find_lines(text: Text) -> list[LineGuess]:
    """Lines as "quantity product (at|@|à|for) price", several per message; a price with no line before
    it opens a line of one unit ("invoice Acme $500")."""
    lines: list[LineGuess] = []
    inside = 0  # the end of the last product's name: a number in it ("Rioja Reserva 2019") is no quantity
    for m in ATOM.finditer(text.low):
        if m.start() < inside:
            continue
        cur = lines[-1] if lines else None
        if m.group("pct"):
            if cur and cur.product and cur.unit_price is None and _percent_in_name(text, inside, m):
                cur.product, inside = f"{cur.product} {text.raw[m.start() : m.end()]}", m.end()
                continue
            if cur and cur.discount is None:
                cur.discount = float(m.group("pct"))
            continue
        value = float(m.group("money") or m.group("num"))
        before = text.low[: m.start()]
        is_price = bool(m.group("money") or _STRONG_PRICE_MARK.search(before))
        if not is_price and cur and cur.unit_price is None and cur.product and _WEAK_PRICE_MARK.search(before):
            is_price = True  # "10 widgets for 50"
        glued = cur is not None and cur.product and cur.unit_price is None and not text.low[inside : m.start()].strip()
        if not is_price and glued and cur is not None:  # "4 Coffret 3 Bouteilles à 9,50": one name with a number in it
            rest, end = product_after(text, m.end())
            number = text.raw[m.start() : m.end()]
            priced = re.match(r"\s*(?:at|à|a|@|for|pour|x)?\s*¤?\d", text.low[end:])  # "… 3 Bouteilles à 9,50"
            unit = rest and re.fullmatch(r"(?i:kg|g|l|ml|cl|cm|mm|m|oz|lb)", rest)  # "50 Sac Kraft 5 kg"
            if rest and (priced or unit):
                cur.product, inside = f"{cur.product} {number} {rest}", end
                continue
            if rest:  # "5 chairs 3 tables": two lines said without "and"
                lines.append(LineGuess(rest, value))
                inside = end
                continue
            # "4 Anti-Fog Wipes Box 50 to S01128", "10 Lentilles Pack 30 à 24,90": the number ends the name
            cur.product, inside = f"{cur.product} {number}", m.end()
            continue
        if not is_price:
            product, inside = product_after(text, m.end())
            lines.append(LineGuess(product, value))
        elif cur and cur.unit_price is None:
            cur.unit_price = value
        elif not cur:
            lines.append(LineGuess(None, 1, value, qty_said=False))
    return lines


# "60 bottles carmenere", "50 kegs Heineken", "500 sacs ciment gris", "30 kegs of Red Ale": a container in lower
# case is how the goods are packed, not their name ("Sac Kraft", "Box of 6" are names); slot_doubts still
# doubts the reading, since a shop may sell the bag as the product.
PACKED_IN = re.compile(
    r"\s*(?:bags|boxes|cases|packs|packets|cartons|crates|bottles|cans|tins|kegs|casks|pallets|sacks|jars|tubes"
    r"|bales|drums|jerrycans|pairs|sacs|bouteilles|caisses|boites|boîtes|cartons|palettes|fûts|futs|bocaux|bidons"
    r"|jerricans|barils|flacons|cannes|paires|bobines|spools|reels|rolls|rouleaux|skeins|pelotes|tubs"
    r"|buckets|seaux|bundles|paquets|pots|seats|licenses|licences|postes|reams|rames|dozens?|douzaines?|trays"
    r"|sleeves|bunches|loaves)\s+(?:(?:of|de|d')\s*)?"
    r"(?!(?:à|a|pour|for|with|avec|en|au|aux|to|in|dans|par|per)\b)(?=[^\W\d_])"
)


# "How many boxes are left?" after the goods were named: a count of them by their packing, not a product "boxes"
PACKING_ONLY = re.compile(
    r"(?:boxes|bags|packs|packets|cartons|cases|crates|bottles|cans|tins|jars|rolls|pallets|kegs|units|pieces|pairs"
    r"|boites|sacs|paquets|caisses|bouteilles|bocaux|rouleaux|palettes|unites|paires|futs)"
)


def product_after(text: Text, pos: int) -> tuple[str | None, int]:
    """The product words right after a quantity ("10 Widgets at", "5 units of Rock", "2 more Chairs"), and
    where they end. Sizes, models and vintages belong to the name ("Thermos Café 3L", "Rioja Reserva 2019")."""
    words: list[str] = []
    end = pos
    measure = _MEASURE_OF.match(text.low, pos) or PACKED_IN.match(text.raw, pos)
    for m in _TOKEN.finditer(text.low, measure.end() if measure else pos):
        tok = m.group(0)
        if not words and tok in _LINE_SKIP:
            continue
        # "550W mono panels", "5kVA inverter": a rating said first belongs to the name
        rating = not words and re.fullmatch(r"\d+(?:[.,]\d+)?(?:w|kw|kva|va|v|mah|ah|gb|tb|hp)", tok)
        if rating and re.match(r"\s+[^\W\d_]", text.low[m.end() :]):
            words.append(text.raw[m.start() : m.end()])
            end = m.end()
            continue
        part = words and re.fullmatch(
            r"\d+(?:[.,]\d+)?(?:[a-z]{1,3}|x\d+[a-z]{0,2}|°)|(?:19|20)\d\d|\d+(?:-\d+)+|\d+-[a-z]+|\d+/\d+", tok
        )
        # "3 Chambre à air 700x25c", "40 Planche à Découper Chêne": "à" and what the thing is for, inside its name
        what_for = words and tok == "à" and _A_WHAT_FOR_IN_LINE.match(text.raw, m.end())
        if len(words) == 6 or not (part or what_for or (tok[0].isalpha() and not LINE_STOP.match(text.low, m.start()))):
            break
        words.append(text.raw[m.start() : m.end()])
        end = m.end()
    while len(words) > 1 and fold(words[-1]) in _COUNTED_AS:  # "5 Adobe Acrobat Pro licenses": what is counted
        words.pop()
    return " ".join(words) or None, end


# Words after a product that say what is counted, not what it is: "12 Microsoft 365 licenses", "25 X subscriptions"
# (singular too: a typo fix may have read "licenses" as the keyword "license" before the name is restored)
_COUNTED_AS = frozenset(["licenses", "licences", "license", "licence", "seats", "subscriptions",
                         "subscription", "abonnements", "units", "unites", "pcs", "pieces"])  # fmt: skip


def order_lines(text: Text) -> list[LineGuess]:
    """Lines of a quotation, an invoice or an addition: quantities first, else "product Rock" (one unit),
    else the phrase after a colon ("quote Rocky: Rock")."""
    lines = find_lines(text)
    named = first_entity(text, LINE_PRODUCT_ANCHORS, LINE_STOP)
    if not lines:
        named = named or first_entity(text, anchors(r":\s*"), LINE_STOP)
        return [LineGuess(named.value, 1, qty_said=False)] if named else []
    if named and len(lines) == 1 and lines[0].product is None:
        lines[0].product = named.value
    return lines


_QUOTED = re.compile(r"\"([^\"]+)\"|“([^”]+)”|«\s*([^»]+?)\s*»|(?<![\w'])'([^']+)'(?![\w'])")


def unquoted(raw: str) -> str:
    """``raw`` with every quoted span blanked (same length): a title's own words name nobody."""
    return _QUOTED.sub(lambda m: " " * len(m.group(0)), raw)


def quoted(text: Text) -> Hit | None:
    """A phrase in quotes ("…", “…”, « … », or '…' not taken for apostrophes): a name said exactly."""
    m = _QUOTED.search(text.raw)
    if not m:
        return None
    group = next(i for i in range(1, 5) if m.group(i) is not None)
    return Hit(m.group(group).strip(), m.start(group), m.end(group))


# A document named by its owner: "Harbor Foods's draft invoice", "the order for Acme", "la facture de Dupont".
_NAME = r"[A-Z][\w&.-]*(?:\s+(?:[A-Z0-9][\w&.-]*|de|du|des|la|le|&|of|the|and))*?"
_DOCS = r"invoice|bill|order|quote|quotation|purchase order|rfq|facture|commande|devis"
_OWNED = (
    re.compile(rf"(?P<owner>{_NAME})'s\s+(?i:(?:draft|unpaid|overdue|last|latest|open|pending|new)\s+)*(?P<doc>(?i:{_DOCS}))s?\b"),
    re.compile(rf"\b(?P<doc>(?i:{_DOCS}))\s+(?i:brouillon\s+)?(?i:of|for|from|de|du|d'|pour|chez)\s+(?i:the\s+|la\s+|le\s+|l')?"
               rf"(?P<owner>{_NAME})(?=\s*(?:[,.;:!?]|$|\s+(?i:and|et|then|puis|this|ce|cette|last|dernier)\b))"),
)  # fmt: skip
_DOC_SLOT = {"invoice": "invoice", "bill": "invoice", "facture": "invoice", "purchase order": "purchase",
             "rfq": "purchase"}  # fmt: skip


def owner_of(text: Text) -> tuple[str, str] | None:
    """(slot, owner) when a document is named by its owner: ("invoice", "Harbor Foods"); orders by default."""
    for pattern in _OWNED:
        m = pattern.search(text.raw)
        if m:
            return _DOC_SLOT.get(m.group("doc").lower(), "order"), m.group("owner").strip()
    return None
