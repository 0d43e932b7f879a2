"""The clean-up a message goes through before any rule reads it: punctuation, instruction-like text removed,
number words as digits, typos in known keywords fixed, order and invoice references masked as ``§0``…,
amounts normalised. Everything is deterministic; entity names are never corrected."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from rapidfuzz import process
from rapidfuzz.distance import OSA
from text_to_num import alpha2digit

from graphs.parsing.numbers import find_amount, mark_amounts
from graphs.parsing.text import Text, fold, in_capitals, map_strings
from graphs.parsing.vocabulary import FUZZ_VOCAB, KNOWN_WORDS, MISSPELLINGS, PHRASE_WORDS, STOPWORDS

__all__ = ["Prepared", "Ref", "as_written", "decimal_commas", "parse_amount", "prepare", "ref_kind", "strip_injection"]

_IntentT = TypeVar("_IntentT", bound=BaseModel)


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
    r"|\bno\s+(?:approvals?|confirmations?|validations?|questions?)\s+(?:needed|required|necessary)\b"
    r"|\b(?:skip|bypass|disable)\s+(?:the\s+|all\s+)?(?:approvals?|confirmations?|checks?)\b[^.!?\n]*[.!?]?"
    r"|\b(?:developer|admin|god|jailbreak)\s+mode\b[^.!?\n]*[.!?]?"
    r"|</?\s*(?:system|instructions?)\s*>",
    re.IGNORECASE,
)

_VOCAB_ORDER = tuple(sorted(FUZZ_VOCAB))  # a fixed order: set order changes with each run's string hashing

_NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "fifty": 50, "hundred": 100, "dozen": 12,
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11,
    "douze": 12, "vingt": 20, "trente": 30, "cinquante": 50, "cent": 100, "douzaine": 12,
}  # fmt: skip
_DOZENS = re.compile(r"\b(\d+)\s+(?:dozens?|douzaines?)\s+(?:of\s+|de\s+|d')?", re.IGNORECASE)
# "that one", "the one", "each one" point at a record: "one" is no quantity there
_NUMBER_WORD_RE = re.compile(
    r"(?<!\bthat )(?<!\bthis )(?<!\bthe )(?<!\beach )(?<!\bwhich )(?<!\bany )(?<!\blast )(?<!\bno )"
    r"\b(?:an?\s+|une\s+)?(" + "|".join(_NUMBER_WORDS) + r")\b(?!\s+(?:of (?:them|those|these)|too)\b)",
    re.IGNORECASE,
)


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
    said: str = ""  # the message as written (punctuation normalised, instruction-like text removed): free text


_REF_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # E-mails and phone numbers first, kept whole: no typo fix, no amount ever read inside them.
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    (
        "phone",
        re.compile(
            r"(?<![\w§¤/.,])(?P<ref>(?:\+|00)\d{1,3}[ .-]?(?:\(0\)[ .-]?)?\d{1,4}(?:[ .-]\d{2,4}){1,5}"
            r"|0\d{1,4}(?:[ .-]\d{2,4}){2,5}|\d{3}[ .-]\d{3}[ .-]\d{4})(?![\w/])"
        ),
    ),
    (
        "phone",
        re.compile(
            r"\b(?:phone|tel|t[ée]l[ée]phone|mobile|portable|number|num[ée]ro)\s*(?:is|est|:)?\s*"
            r"(?P<ref>\+?\d[\d .-]{5,}\d)(?![\w/])",
            re.IGNORECASE,
        ),
    ),
    ("picking", re.compile(r"\b[A-Z]{2,5}/(?:OUT|IN|INT|PICK|PACK|RET)/\d+\b", re.IGNORECASE)),
    ("invoice", re.compile(r"\b(?:INV|FAC|FACT|BILL|RINV)[-/]?\d+(?:[-/]\d+)*\b", re.IGNORECASE)),
    # (a year inside the number too: "SO/2029/0112", "PO/2029/0044", like invoices)
    ("order", re.compile(r"\bSO[-/]?\d+(?:/\d+)*\b", re.IGNORECASE)),
    ("order", re.compile(r"\bS\d{3,}\b")),
    ("production", re.compile(r"\b(?:WH/)?MO[-/]?\d+(?:/\d+)*\b", re.IGNORECASE)),
    ("purchase", re.compile(r"\bPO[-/]?\d+(?:/\d+)*\b", re.IGNORECASE)),
    ("purchase", re.compile(r"\bP\d{4,}\b")),
    ("any", re.compile(r"(?:#|\bn°\s?|\bno\.\s?)(\d+)\b", re.IGNORECASE)),
    # "leave request number 14", "la demande numéro 7": a record by its number, said in words
    (
        "any",
        re.compile(
            r"\b(?:number|numero|numéro)\s+(\d{1,6})\b(?![/.,-]\d|\s*(?:%|x\b|units?|pcs|pieces?|items?))",
            re.IGNORECASE,
        ),
    ),
]
_WORD = re.compile(r"[^\W\d_]+")


# Chat abbreviations (whole words, any case) and what they stand for; names are never touched by them
# because none of these is a word a name is made of.
_ABBREVIATIONS = {"pr": "pour", "frm": "from", "mv": "move", "qt": "quote", "tmrw": "tomorrow", "tmr": "tomorrow",
                  "w/": "with", "cal": "calendar", "whats": "what's", "rdv": "rendez-vous"}  # fmt: skip
# Haitian Creole and SMS French words in lower case ("les factures ki pa payé", "nouvo client"); capitalised,
# they may be names.
_CHAT_WORDS = {"ki": "qui", "pa": "pas", "nouvo": "nouveau", "nouvèl": "nouvelle", "kwa": "quoi", "pui": "puis",
               "dmain": "demain", "pdt": "pendant", "avc": "avec", "mntr": "montre", "stp": "stp", "fé": "fais",
               "bjr": "bonjour", "slt": "salut", "bsr": "bonsoir"}  # fmt: skip
# "fais 1 devis pour …", "make 1 quote for …": the digit is the article, no quantity of anything
_ONE_AS_ARTICLE = re.compile(
    r"(?<![\w.,])1\s+(?=(?P<fr>devis|facture|commande|tache|tâche|note|piste|opportunite|opportunité|rdv|réunion"
    r"|reunion)\b|(?:quote|quotation|invoice|order|task|note|lead|meeting)\b)"
)
# SMS "c" for "c'est" before what the thing now is ("c gagné", "c bon"); "n" for "and" between lower-case words
# ("confirm n invoice it")
_SMS_CEST = re.compile(
    r"(?<![\w/'-])c(?=\s+(?:gagn|perdu|bon\b|ok\b|fait\b|fini|termin|valid|sign|conclu|r[ée]gl|pay|livr|confirm|annul))"
)
_SMS_AND = re.compile(r"(?<=\w )n(?= [a-z])")
_CHAT_WORD = re.compile(r"(?<![\w/'-])(" + "|".join(_CHAT_WORDS) + r")(?![\w/'-])")
_ABBREVIATION = re.compile(r"(?<![\w/-])(" + "|".join(re.escape(a) for a in _ABBREVIATIONS) + r")(?![\w/-])", re.I)


# Indian English "this month itself", "today itself": an emphasis on the period, no word of a name
_EMPHATIC_ITSELF = re.compile(r"\b((?:today|tomorrow|now|week|month|year|quarter))\s+itself\b", re.I)


# An e-mail address dictated: "email mere at ashburtonvets dot co dot nz", "courriel luc arobase gmail point com"
_SPOKEN_EMAIL = re.compile(
    r"\b(?P<said>(?:e-?mail|mail|courriel)\s*:?\s*(?:is\s+|est\s+)?)(?P<user>[\w.+-]+)\s+(?:at|arobase)\s+"
    r"(?P<domain>[\w-]+(?:\s+(?:dot|point)\s+[\w-]+)+)\b",
    re.IGNORECASE,
)


def _written_email(m: re.Match[str]) -> str:
    domain = re.sub(r"\s+(?:dot|point)\s+", ".", m.group("domain"), flags=re.IGNORECASE)
    return f"{m.group('said')}{m.group('user')}@{domain}"


_CAPITAL_WORD = re.compile(r"(?<=[^\s.!?:;]\s)[A-Z][a-zà-ÿ]+\b")


def _keep_named_numbers(text: str, convert: Callable[[str], str]) -> str:
    """Convert number words, but not a capitalised one inside a sentence: it belongs to a name
    ("Domaine des Trois Chênes", "Seven Seas Ltd")."""
    kept: list[str] = []

    def hide(m: re.Match[str]) -> str:
        kept.append(m.group(0))
        return f"§§{len(kept) - 1}§§"

    hidden = _CAPITAL_WORD.sub(hide, text)
    return re.sub(r"§§(\d+)§§", lambda m: kept[int(m.group(1))], convert(hidden))


# Swiss thousands ("11'600") and a round amount's ".–" ("CHF 145.–"); "25 million(s)", "25 millones", Indian
# "2 lakh" (100,000) and "3 crore" (10 million), French "85 mille dinars", "35 mille FCFA", "12 thousand",
# "50 mil gourdes" (Spanish and Creole "mil" = thousand, said before a currency) as one number, before the
# number words are read (text2num would leave "25 1000000").
_APOSTROPHE_THOUSANDS = re.compile(r"(?<![\w'])([1-9]\d{0,2}(?:'\d{3})+)(?![\w'])")
_ROUND_AMOUNT = re.compile(r"(?<=\d)\.[-–—](?![\w-])")
_SCALE_WORD = re.compile(
    r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s*(?:(millions?|millones|mill[oó]n)|(mil)(?=\s+(?:gourdes?|gdes|goud|pesos?|soles"
    r"|dollars?|\$|(?-i:F)\b|f?cfa|xof|xaf|francs?|cedis?|escudos?|kwanzas?|meticais|reais|colones?|bolivianos?"
    r"|guaranies?|quetzales?))"
    r"|(lakhs?)|(crores?)|(mille|thousand)(?!\s*-))\b",
    re.IGNORECASE,
)


_FRENCH_SIX = re.compile(r"\bsix\s+(?:mille|cents?)\b(?:[\s-]+[^\W\d_]+)*", re.IGNORECASE)


# "a 420 mil", "à 95 mil et …": a price's "mil" with no currency after it, as West Africa says it, is a thousand too
_PRICE_MIL = re.compile(
    r"(?P<at>\b(?:a|à|at)\s+|@\s*)(?P<n>\d+(?:[.,]\d+)?)\s*mil"
    r"(?=\s*(?:$|[,;.!?]|\s(?:et|and|chacun|chacune|each|la pi[eè]ce|l'unit[eé])\b))",
    re.IGNORECASE,
)


def _price_mil(m: re.Match[str]) -> str:
    value = float(m.group("n").replace(",", ".")) * 1000
    return m.group("at") + (str(int(value)) if value == int(value) else repr(value))


def _scaled_words(text: str) -> str:
    def scale(m: re.Match[str]) -> str:
        factor = 1_000_000 if m.group(2) else 100_000 if m.group(4) else 10_000_000 if m.group(5) else 1000
        value = float(m.group(1).replace(",", ".")) * factor
        return str(int(value)) if value == int(value) else repr(value)

    return _SCALE_WORD.sub(scale, _PRICE_MIL.sub(_price_mil, text))


def _numbers_as_digits(text: str) -> str:
    said = text
    text = _scaled_words(text)
    # "six mille", "six cents": French, though "six" alone is English too (the English pass would leave "6 1000")
    text = _FRENCH_SIX.sub(lambda m: alpha2digit(m.group(0), "fr"), text)
    # (hundredths read before the French pass, which takes "80 cents" for 80 hundred)
    text = _CENTS_AFTER_CURRENCY.sub(_cents_said, alpha2digit(text, "en"))
    text = alpha2digit(_CENTS_ONLY.sub(_hundredths, text), "fr")
    text = _CENTS_ONLY.sub(_hundredths, text)  # "quarante-cinq centimes", read by the French pass
    text = _scaled_words(text)  # "twenty-five million" once its number is digits
    text = _NUMBER_WORD_RE.sub(lambda m: str(_NUMBER_WORDS[m.group(1).lower()]), text)
    return _with_fractions(_with_cents(text, said))


# A price said with its cents as a second number: "18 euros 50" (from "dix-huit euros cinquante"), "42 euro 50";
# without the currency only after a price word and only when said in words ("at six fifty" → "at 6.50"; a clock
# time is left alone in a message about a time). The cents are two digits and no unit or plural noun follows them.
_CENTS_TAIL = (
    r"(?P<c>[1-9]\d)(?![\d.,:h])(?!\s*(?:%|x\b|am\b|pm\b|h\b))"
    r"(?!\s+(?!(?:puis|plus|pls|thanks|les|des|ttc|ht)\b)[^\W\d_]+[sx]\b)"
)
# The currency's hundredth named after the cents ("90 rupees 50 paise", "240 cedis and 50 pesewas"): said with it,
# one digit is cents too ("3 dollars 5 cents" is 3.05).
_SUBUNITS = (
    r"(?:cents?|centimes?|pence|p|paise|pesewas?|kobo|centavos?|c[eé]ntimos?|fils|halalas?|santims?|satang|sen"
    r"|groschen|grosze?|kopecks?|kopeks?|stotinki|bani|rappen|thebe|ngwee|lisente|tambala)"
)
_CENTS_CURRENCIES = (
    r"euros?|dollars?|bucks|francs?|dirhams?|dh|pounds?|quid|rupees?|roupies?|cedis?|rands?|pesos?|nairas?"
    r"|shillings?|reais|dinars?|kwachas?|pulas?|rupiahs?|ringgits?|soles|quetzal(?:es)?|lempiras?|cordobas?"
)
_CENTS_AFTER_CURRENCY = re.compile(
    rf"(?<![\w.,])(?P<n>\d{{1,6}})\s+(?P<cur>{_CENTS_CURRENCIES})\s+(?:"
    rf"(?:(?:and|et)\s+)?(?P<s>[1-9]\d?|0[1-9])\s+{_SUBUNITS}\b|" + _CENTS_TAIL + ")",
    re.IGNORECASE,
)


def _cents_said(m: re.Match[str]) -> str:
    cents = m.group("s") or m.group("c")
    amount = f"{m.group('n')}.{int(cents):02d}"
    # "42 pounds 60": pounds with pence are money, not a weight
    return f"£{amount}" if m.group("cur").lower() in ("pound", "pounds", "quid") else f"{amount} {m.group('cur')}"


_CENTS_AFTER_PRICE = re.compile(
    r"(?P<at>\b(?:at|for|pour|prix|price)\s)(?P<n>\d{1,3})\s+" + _CENTS_TAIL + r"(?=\s*(?:$|[,.;:!?)]|\s(?:and|et|each|"
    r"per|par|apiece|the|le|la|l'|a|an|un|une|then|puis|please|pls|svp|merci|thanks|pièce|piece)\b))",
    re.IGNORECASE,
)
_CLOCK_WORDS = re.compile(
    r"\b(?:am|pm|o'clock|heures?|h|tomorrow|today|tonight|demain|aujourd'hui|ce soir|meeting|réunion|reunion|rdv|"
    r"rendez-vous|call|appel|calendar|agenda|monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|"
    r"mercredi|jeudi|vendredi|samedi|dimanche)\b",
    re.IGNORECASE,
)


# A price in hundredths alone ("à 45 centimes", "at 80 cents each"): money under one unit
_CENTS_ONLY = re.compile(
    r"(?<![\w.,¤$€£])(?P<c>[1-9]\d?)\s?(?:cents|centimes|paise|pesewas|pence|kobo|centavos|c[eé]ntimos)\b",
    re.IGNORECASE,
)


def _hundredths(m: re.Match[str]) -> str:
    return f"${int(m.group('c')) / 100:g}"


def _with_cents(text: str, said: str) -> str:
    text = _CENTS_AFTER_CURRENCY.sub(_cents_said, text)
    if _CLOCK_WORDS.search(text):
        return text
    return _CENTS_AFTER_PRICE.sub(
        lambda m: m.group(0) if m.group(0) in said else f"{m.group('at')}{m.group('n')}.{m.group('c')}", text
    )


# Durations with a fraction or minutes said after the hours, as one number of hours: "2 heures un quart" → "2.25
# heures", "3 and a half hours" → "3.5 hours", "une heure et demie" → "1.5 heure", "trois quarts d'heure",
# "2 hours 15 minutes", "half an hour".
_FRACTIONS = {"half": 0.5, "demie": 0.5, "demi": 0.5, "quart": 0.25, "quarter": 0.25, "3 quarts": 0.75,
              "three quarters": 0.75, "3 quarters": 0.75}  # fmt: skip
_ONE = r"(?:\d+|an?|one|une?)"
_HOUR_WORD = r"(?:hours?|hrs?|heures?)"
_FRACTION = (
    r"(?:(?:and|et)\s+)?(?:(?:an?|un|une)\s+)?(?P<f>half|demie?|quart|quarter|(?:3|three)\s+quarts?|three\s+quarters)"
)
_HOURS_AND_FRACTION = re.compile(
    rf"\b(?P<n>{_ONE})\s+(?P<h>{_HOUR_WORD})\s+(?:{_FRACTION}\b|(?:and\s+|et\s+)?(?P<m>[1-5]?\d)\s*(?:minutes?|mins?|mn)\b)"
    rf"|\b(?P<n2>{_ONE})\s+{_FRACTION.replace('P<f>', 'P<f2>')}\s+(?P<h2>{_HOUR_WORD})\b",
    re.IGNORECASE,
)
_FRACTION_OF_HOUR = re.compile(
    r"\b(?:(?P<q>3|three|trois)\s+quarts?\s+d'heure|(?:un\s+)?quart\s+d'heure|(?:a\s+)?quarter\s+of\s+an\s+hour"
    r"|(?P<half>half\s+an\s+hour|une\s+demi-?\s?heure))\b",
    re.IGNORECASE,
)


def _hours_number(n: str) -> float:
    return float(n) if n[0].isdigit() else 1.0


def _with_fractions(text: str) -> str:
    def joined(m: re.Match[str]) -> str:
        n, unit = (m.group("n"), m.group("h")) if m.group("n") else (m.group("n2"), m.group("h2"))
        fraction = m.group("f") or m.group("f2")
        extra = _FRACTIONS[re.sub(r"\s+", " ", fraction.lower())] if fraction else int(m.group("m")) / 60
        value = round(_hours_number(n) + extra, 4)
        plural = unit if unit.lower().endswith("s") or value < 2 else unit + "s"
        return f"{fmt(value)} {plural}"

    def fmt(v: float) -> str:
        return str(int(v)) if v == int(v) else repr(v)

    text = _HOURS_AND_FRACTION.sub(joined, text)

    def part(m: re.Match[str]) -> str:
        value = "0.75" if m.group("q") else "0.5" if m.group("half") else "0.25"
        return f"{value} {'heure' if 'heure' in m.group(0).lower() else 'hour'}"

    return _FRACTION_OF_HOUR.sub(part, text)


def prepare(message: str) -> Prepared:
    """The clean-up pipeline; see the module docstring."""
    text = _normalise_punctuation(message)
    text = _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m.group(1).lower()], text)
    text = _EMPHATIC_ITSELF.sub(r"\1", text)
    text = _SPOKEN_EMAIL.sub(_written_email, text)
    text = _CHAT_WORD.sub(lambda m: _CHAT_WORDS[m.group(1)], text)
    text = _SMS_AND.sub("and", _SMS_CEST.sub("c'est", text))
    text = _ONE_AS_ARTICLE.sub(lambda m: "un " if m.group("fr") else "a ", text)
    text, injected = strip_injection(text)
    said = text
    text = _APOSTROPHE_THOUSANDS.sub(lambda m: m.group(1).replace("'", ""), text)
    # Numbers in words, English then French ("fifteen", "two hundred and fifty", "quatre-vingts", "on the
    # fifteenth"); text2num leaves one and two alone, which our own table reads where they are quantities.
    text = _keep_named_numbers(text, _numbers_as_digits)
    text = _DOZENS.sub(lambda m: f"{int(m.group(1)) * 12} ", text)  # "2 dozen", "deux douzaines de" → 24
    text, typos = _fix_typos(text)
    text, refs = _mask_refs(text)
    return Prepared(_shield_names(Text.of(mark_amounts(text))), refs, typos, injected, said)


_QUOTED_SPAN = re.compile(r"\"[^\"]+\"|(?<![\w'])'[^']+'(?![\w'])")
_NAME_TOKEN = re.compile(r"[^\W\d_][\w'&.-]*")
_NAME_KEYWORDS = PHRASE_WORDS - STOPWORDS
# "the New stage", "l'étape Gagné"… : a capitalised word right before the kind of thing it names
_NAMING_NOUN = re.compile(r"\s+(?:stage|column|tag|label|project|team|category|etape|colonne|projet|equipe)\b", re.I)
_BEFORE_A_VALUE = re.compile(r"\b(?:to|into|as|en|à|a|please|pls|plz|hi|hey|ok|okay|svp|stp|merci|thanks)\s+$", re.I)


_SUBJECT_VERBS = frozenset(
    [
        "has",
        "have",
        "is",
        "was",
        "are",
        "moved",
        "called",
        "rang",
        "phoned",
        "emailed",
        "wants",
        "needs",
        "paid",
        "just",
        "says",
        "asked",
        "sent",
        "a",
        "est",
        "vient",
        "veut",
    ]
)


def _subject_name(tokens: list[re.Match[str]], capital: list[bool], i: int) -> bool:
    """A sentence that opens on a name and its verb ("Lead Free Paints has a new number"): the capitalised
    words before the first lower-case verb are a name, keywords among them included."""
    j = i + 1
    while j < len(tokens) and capital[j]:
        j += 1
    return j > i + 1 and j < len(tokens) and tokens[j].group(0).lower() in _SUBJECT_VERBS


def _shield_names(text: Text) -> Text:
    """Keywords that are words of a capitalised name ("how many Stock Pot left?", "take Order Book off the
    website", "quote Paid Media Ltd") hidden from the rules in the folded text: a word inside a name never
    triggers its verb. The raw text keeps them, so the name is read whole. Only inside a sentence, next to
    another capitalised word (or "&": "Stock & Barrel"), and not in a message written in capitals."""
    raw = text.raw
    if in_capitals(raw):
        return text
    tokens = list(_NAME_TOKEN.finditer(raw))
    capital = [t.group(0)[0].isupper() and not t.group(0).isupper() for t in tokens]
    low = text.low
    for quote in _QUOTED_SPAN.finditer(raw):  # a quoted title is said verbatim: none of its words is a keyword
        for w in _NAME_TOKEN.finditer(raw, quote.start() + 1, quote.end() - 1):
            if fold(w.group(0)) in PHRASE_WORDS:
                low = low[: w.start()] + "ʼ" * (w.end() - w.start()) + low[w.end() :]
    for i, tok in enumerate(tokens):
        naming = _NAMING_NOUN.match(raw, tok.end())
        word = fold(tok.group(0))
        if not capital[i] or (_sentence_initial(raw, tok.start()) and not _subject_name(tokens, capital, i)):
            continue
        if word not in _NAME_KEYWORDS and not (naming and word in PHRASE_WORDS):
            continue
        if _BEFORE_A_VALUE.search(raw[: tok.start()]):
            continue
        beside = [j for j in (i - 1, i + 1) if 0 <= j < len(tokens) and capital[j]
                  and raw[min(tokens[j].end(), tok.end()) : max(tokens[j].start(), tok.start())].strip() in ("", "&")
                  and not (j == i - 1 and _sentence_initial(raw, tokens[j].start()))]  # fmt: skip
        if beside or naming:
            low = low[: tok.start()] + "ʼ" * (tok.end() - tok.start()) + low[tok.end() :]
    return Text(raw, low) if low != text.low else text


def _normalise_punctuation(s: str) -> str:
    s = _ROUND_AMOUNT.sub("", s)
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
    if len(w) < 4 or w in FUZZ_VOCAB or w in KNOWN_WORDS or w in PHRASE_WORDS or not (word.islower() or initial):
        return None
    if w in MISSPELLINGS:
        return MISSPELLINGS[w]
    if re.search(r"[^e]e[zr]$", w) and w[:-1] in PHRASE_WORDS | FUZZ_VOCAB:  # "commandez", "cherchez": a verb's form
        return w[:-1]
    hits = process.extract(w, _VOCAB_ORDER, scorer=OSA.distance, score_cutoff=1, limit=None)
    ok = sorted({c for c, _, _ in hits if c[0] == w[0] and _edit_allowed(w, c)})
    if len(ok) > 1:  # "taks": "task" (a swap) over "tasks" (an insertion) — same length wins when alone
        ok = [c for c in ok if len(c) == len(w)]
    return ok[0] if len(ok) == 1 else None


def _edit_allowed(w: str, candidate: str) -> bool:
    if len(w) > 4:
        return True
    return len(candidate) == len(w) + 1 or (len(candidate) == len(w) and sorted(candidate) == sorted(w))


def ref_kind(text: str) -> str | None:
    """The kind of reference ``text`` is, as the clean-up masks it ("S00042": order, "WH/OUT/00012": picking)."""
    return next((kind for kind, pattern in _REF_PATTERNS if pattern.fullmatch(text.strip())), None)


def _mask_refs(s: str) -> tuple[str, list[Ref]]:
    refs: list[Ref] = []
    for kind, pattern in _REF_PATTERNS:

        def mask(m: re.Match[str], kind: str = kind) -> str:
            if "ref" in m.re.groupindex:  # only the number is masked: "phone: §2" keeps its keyword
                refs.append(Ref(kind, m.group("ref")))
                return m.group(0)[: m.start("ref") - m.start()] + f"§{len(refs) - 1}"
            text = m.group(0) if kind == "email" else m.group(1) if kind == "any" else m.group(0).upper()
            refs.append(Ref(kind, text))
            return f"§{len(refs) - 1}"

        s = pattern.sub(mask, s)
    return s, refs


def parse_amount(text: str) -> float | None:
    """The first amount or number in a phrase, as the parser reads it ("$50k" → 50000.0)."""
    return find_amount(prepare(text).text, money_only=False)


def as_written(intents: list[_IntentT], prep: Prepared) -> list[_IntentT]:
    """The intents with their names and free text in the person's own spelling.

    A typo fix helps the rules find keywords; inside a name or a description it only changes what the
    person wrote ("lab supplies" is not "lab supplier"): a fixed word the message never contained is put
    back as it was written. The resolver matches names loosely anyway.
    """
    written = set(fold(prep.said).split())
    undo = {fixed: typed for typed, fixed in prep.typos if fold(fixed) not in written}
    if not undo:
        return intents
    pattern = re.compile(r"\b(" + "|".join(re.escape(f) for f in sorted(undo, key=len, reverse=True)) + r")\b")

    def back(value: str) -> str:  # a value that is the keyword alone is a reading ("quotation"), not a name
        return value if value in undo else pattern.sub(lambda m: undo[m.group(1)], value)

    return [_rewritten(intent, back) for intent in intents]


def decimal_commas(intents: list[_IntentT], said: str) -> list[_IntentT]:
    """ "sachet 20,5 g", "ciment 42,5": a decimal comma inside a name is kept as written (numbers are read with a
    point; a name is what the person called the thing)."""
    if not re.search(r"\d,\d", said):
        return intents

    def back(value: str) -> str:
        if not re.search(r"\d\.\d", value) or value in said:
            return value
        comma = re.sub(r"(?<=\d)\.(?=\d)", ",", value)
        return comma if comma in said else value

    return [_rewritten(intent, back) for intent in intents]


def _rewritten(intent: _IntentT, change: Callable[[str], str]) -> _IntentT:
    """``intent`` with each of its strings changed, or itself when nothing changed or the result does not fit."""
    data = intent.model_dump()
    changed = map_strings(data, change)
    if changed == data:
        return intent
    try:
        return type(intent).model_validate(changed)
    except ValidationError:  # a typed slot (a state, a period) holds the keyword itself: keep the reading
        return intent
