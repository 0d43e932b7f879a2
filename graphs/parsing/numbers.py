"""Numbers and money as people write them ("$50k", "1 234,50 €", "12,5"), and the quantities, prices and
thresholds the rules read after the clean-up has marked amounts with ``¤``."""

from __future__ import annotations

import re

from graphs.parsing.text import Text, alternation
from graphs.parsing.vocabulary import CONCEPT_PHRASES

__all__ = ["ATOM", "CORRECTION", "INSTEAD", "MAX_QTY", "MIN_QTY", "PAYMENT_AMOUNT", "PRICE", "RANGE", "THRESHOLD",
           "find_amount", "fmt_number", "mark_amounts", "min_max", "number_after", "numbers", "to_number"]  # fmt: skip


# Thousands separated by dots with no decimals ("2.340.000", "95.000", "€1.890"): one group alone may be a decimal
# point as well (slot_doubts says so); a leading zero ("0.750") never starts a thousands group.
_DOT_THOUSANDS = r"[1-9]\d{0,2}(?:\.\d{3})+(?![\d.,]\d)"
_NUM = (
    r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?|\d{1,3}(?:\.\d{3})+,\d+|\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    rf"|{_DOT_THOUSANDS}|\d+(?:[.,]\d+)?"
)
# Currencies said after an amount: ISO codes people type, and the currency nouns (EN/FR, singular and plural;
# Québécois "piasses" for dollars).
# Left out on purpose: codes and nouns that are also common words ("all", "try", "won", "real", "pounds" of
# weight, "sol"); "£" and "R$" cover those currencies.
_CURRENCY_CODES = ("eur usd gbp chf cad aud nzd jpy cny inr brl mxn ars clp cop pen zar ngn ghs kes tzs ugx xof xaf "
                   "fcfa cfa mad tnd dzd egp aed sar qar sek nok dkk isk pln czk huf ron bgn rub uah php idr myr thb "
                   "vnd krw sgd hkd twd")  # fmt: skip
_CURRENCY_NOUNS = (
    r"euros?|dollars?|francs?(?:\s+cfa)?|pesos?|reais|rands?|rupees?|roupies?|yens?|yuan|cedis?"
    r"|nairas?|shillings?|kwachas?|dirhams?|dinars?|kron(?:a|e|or|er|ur)|zlotys?|forints?|lires?|liras?"
    r"|kr|dh|piasses?|piastres?|gourdes?|gdes|goud|baht|ringgits?|quetzal(?:es)?|colones?|bolivianos?|guaranies?|leva|lei|hryvnias?"
)
# An ISO code written before the amount, in capitals ("CHF 145", "USD 2.35"): lower case, some are words.
_CODES_BEFORE = "|".join(c.upper() for c in _CURRENCY_CODES.split() if len(c) == 3)
_MONEY_BEFORE = re.compile(
    # a symbol with its country's letters ("GH₵ 650", "US$ 40", "NZ$95", "GH¢ 12") or a short form ("Fr. 85.50",
    # "KSh 1,200") before the amount
    rf"(?<![\w/])(?:(?-i:[A-Z]{{1,3}})?[$€£¥₹₦₵₱₩₺₽₴₫₪₡₲₸]|(?-i:GH)¢|(?-i:Rs|Fr|Frs|KSh|Ksh|TSh|USh)\.?\s?"
    rf"|(?-i:{_CODES_BEFORE})\s)\s?(?P<num>{_NUM})"
    r"(?P<k>\s?k\b|\s?(?:m|million|millions)\b)?",
    re.I,
)
# "185000 F", "7.500 F": West and Central Africa's franc written as its capital letter (after a space:
# "FortiGate 60F" is a model)
_CURRENCY = rf"(?:[$€£¥₹₦₵₱₩₺₽₴₫₪₡₲₸]|(?:{'|'.join(_CURRENCY_CODES.split())}|{_CURRENCY_NOUNS}|(?<=\s)(?-i:F))\b)"
_MONEY_AFTER = re.compile(rf"(?<![\w/.,§#-])(?P<num>{_NUM})(?P<k>\s?k)?\s?{_CURRENCY}", re.IGNORECASE)
_PLAIN_NUMBER = re.compile(
    # (a number written with a leading zero is a code, kept as written: "HJ 01", "lot 007")
    r"(?<![\w/.,§#¤-])(?!0\d+(?![\d.,]))"
    r"(?P<num>\d{1,3}(?:[ \u00a0\u202f]\d{3})+,\d+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.])"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+,\d+"
    rf"|{_DOT_THOUSANDS}|\d+(?:\.\d+)?)(?P<k>k\b)?(?![\w/-])"
)


# Tunisian dinars count 1,000 millimes: "42,500 DT" is 42.5 and "0,120 DT" is 0.12 (three decimals, never thousands)
_DINAR_MILLIMES = re.compile(
    r"(?<![\w/.,§#-])(?P<num>\d{1,3}(?:[ .\u00a0\u202f]\d{3})*,\d{3})\s?(?:DT|TND|dinars?)(?!\w)", re.IGNORECASE
)
_DINAR_CODE = re.compile(r"(?<![\w/.,§#-])(?P<num>\d+(?:\.\d+)?)\s?(?-i:DT)(?!\w)")


def mark_amounts(text: str) -> str:
    """Amounts as plain numbers, money marked: "$50k" → "¤50000", "1 234,50 €" → "¤1234.5", "12,5" → "12.5"."""
    text = _DINAR_MILLIMES.sub(lambda m: "¤" + fmt_number(_millimes(m.group("num"))), text)
    text = _DINAR_CODE.sub(lambda m: "¤" + m.group("num"), text)
    text = _MONEY_BEFORE.sub(lambda m: "¤" + fmt_number(_scaled(m)), text)
    text = _MONEY_AFTER.sub(lambda m: "¤" + fmt_number(_scaled(m)), text)
    return _PLAIN_NUMBER.sub(lambda m: fmt_number(_scaled(m)), text)


def to_number(s: str) -> float:
    """ "50,000" → 50000, "1 234,50" → 1234.5, "1.234,50" → 1234.5, "12,5" → 12.5."""
    s = s.replace("\u00a0", " ").replace("\u202f", " ")
    if " " in s:
        return float(s.replace(" ", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+,\d+", s):
        return float(s.replace(".", "").replace(",", "."))
    if re.fullmatch(_DOT_THOUSANDS, s):
        return float(s.replace(".", ""))
    if re.fullmatch(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?", s):
        return float(s.replace(",", ""))
    return float(s.replace(",", "."))


def _millimes(s: str) -> float:
    whole, _, frac = s.partition(",")
    return float(re.sub(r"\D", "", whole) + "." + frac)


def _scaled(m: re.Match[str]) -> float:
    k = (m.group("k") or "").strip().lower()
    return to_number(m.group("num")) * (1000 if k == "k" else 1_000_000 if k else 1)


def fmt_number(v: float) -> str:
    return str(int(v)) if v == int(v) else repr(v)


_AMOUNT = re.compile(r"(¤)?(?<![\w§])(\d+(?:\.\d+)?)(?![\w%])")


def find_amount(text: Text, money_only: bool = True) -> float | None:
    for m in _AMOUNT.finditer(text.low):
        if m.group(1) or not money_only:
            return float(m.group(2))
    return None


# "15 tables, not 12", "3 au lieu de 2": the words that drop the number after them for the one before
INSTEAD = r"(?:instead of|au lieu de|rather than|plutot que)"
CORRECTION = rf"(?:not|pas|{INSTEAD})"
ATOM = re.compile(
    r"(?P<pct>\d+(?:\.\d+)?)\s*%|¤(?P<money>\d+(?:\.\d+)?)"
    r"|(?<![\w§.])(?<![^\W\d_]-)(?P<num>\d+(?:\.\d+)?)(?!\w|\.\w)"
)  # "TN-247" is a code


def number_after(text: Text, pattern: re.Pattern[str]) -> float | None:
    """The first group that matched, as a number."""
    m = text.search(pattern)
    return float(next(g for g in m.groups() if g is not None)) if m else None


def numbers(text: Text) -> list[float]:
    """Every quantity or amount, in order (references excluded)."""
    return [float(m.group("money") or m.group("num")) for m in ATOM.finditer(text.low) if not m.group("pct")]


THRESHOLD = re.compile(rf"(?:{alternation(CONCEPT_PHRASES['below'])})\s*(?:the\s+)?¤?(\d+(?:\.\d+)?)")
MIN_QTY = re.compile(
    r"(?:\bmin(?:imum|i)?\s+(?:stock\s+|qty\s+|quantity\s+)?(?:of\s+|de\s+|à\s+|at\s+|to\s+|=\s*|:\s*)?"
    r"|\bstock\s+min(?:imum)?\s+(?:de\s+|of\s+|:\s*)?|\bat least\s+|\bau moins\s+|\bkeep\s+|\bgarder\s+)(\d+(?:\.\d+)?)"
)
MAX_QTY = re.compile(r"\b(?:max(?:imum|i)?\s+(?:stock\s+)?(?:of\s+|de\s+|à\s+|at\s+|to\s+|=\s*|:\s*)?|up to\s+|"
                     r"jusqu'à\s+)(\d+(?:\.\d+)?)")  # fmt: skip
RANGE = re.compile(r"\b(?:between|entre|from|de)\s+(\d+(?:\.\d+)?)\s+(?:and|et|to|à)\s+(\d+(?:\.\d+)?)")
PRICE = re.compile(
    r"\b(?:price|prix|priced at|priced|at|à|for|pour|costs?|costing|coute)\s*(?:of\s+|de\s+)?(\d+(?:\.\d+)?)"
    r"|(\d+(?:\.\d+)?)\s*(?:per|an|a|/|par|de l')\s*(?:hour|h|heure|unit|unite|piece|each)\b"
)
# "payment of 500", "register payment 2340000 on INV/…": the amount right after the word
PAYMENT_AMOUNT = re.compile(r"\b(?:payment|paiement|reglement|paid|paye)\s+(?:(?:of|de)\s+)?(\d+(?:\.\d+)?)(?![\w%.])")


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
