"""Offline-parser rules for contacts: create, update, find, tag and archive one (the seed's odoo.contacts.*).

E-mails and phone numbers come masked by the clean-up (``c.ref("email")``, ``c.ref("phone")``), whole and
as written. A contact is named after its verb ("archive the contact Paul Girard"), before a change
("Greyfield School moved, new address is …"), or by a possessive ("update Hannah Brooks's email").
"""

from __future__ import annotations

import re

from graphs.parsing.clause import Clause, clarify
from graphs.parsing.intents import ArchiveContact, CreateContact, FindContact, Intent, TagContact, UpdateContact
from graphs.parsing.names import PARTY_NAME_STOP, anchors, first_entity
from graphs.parsing.text import fold
from graphs.parsing.vocabulary import CONCEPTS, EXPLAINED_WORDS, FILLER_WORDS

__all__ = ["PARTNER_RULES", "phone_of"]

_STOP = re.compile(PARTY_NAME_STOP.pattern + r"|\b(?:works?|working|from|chez|his|her|their|son|sa|ses|leur|is|est"
                   r"|has|have|moved|a\s+demenage|to|a|à|'s)\b|'s\b")  # fmt: skip
_CONTACT_NAMED = anchors(
    r"\b(?:contact|contacts|client|customer|fiche)\s*:?\s+(?!(?:card|details|for|of|de|du)\b)",
    r"\b(?:save|add|enregistre|ajoute|archive|archiver|archivez)\s+(?:the\s+|le\s+|la\s+|l')?",
)
# Searched in the clean-up text as written (names keep their capitals); keywords in any case.
_WORKS_AT = re.compile(
    r"\b(?i:works?\s+(?:at|for)|working\s+(?:at|for)|travaille\s+(?:au|à|a|chez|pour)|from|at|chez|(?:de\s+la\s+)?soci[ée]t[ée]\s*:?|company\s*:|entreprise\s*:?|employee\s+of|de\s+chez)\s+"
    r"(?P<company>[A-Z][\w&'.-]*(?:(?:\s+(?:de|du|des|de\s+la|la|le|&|and|of))?(?:\s+|\s+d'|(?<=\s)d')[A-Z0-9][\w&'.-]*){0,4})"
)
_CHANGE = re.compile(
    r"\b(?:new|nouveau|nouvelle|nouvel|change|changer|update|mets\s+a\s+jour|met\s+a\s+jour|modifie|modifier|correct|fix"
    r"|set)\b[^.;!?]{0,40}?\b(?P<what>e-?mail|mail|courriel|phone|telephone|tel|mobile|portable|number|numero"
    r"|address|adresse)\b"
)
_ADDRESS = re.compile(r"\b(?:address|adresse)\s*(?:is|est|:|to|à|a|=)?\s*(?:now\s+)?:?\s*(?P<address>.+)$",
                      re.IGNORECASE)  # fmt: skip
_POSSESSIVE = re.compile(
    r"(?P<name>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,4})(?:'s|(?<=s)')\s+(?i:(?:new|current|old)\s+)?"
    r"(?i:e-?mail|phone|number|address)"
)
# A phone the clean-up left as digits ("07700 900461", a mobile said 5 + 6): a 0 or a + and 10 to 13 digits
_PHONE_SAID = re.compile(r"(?<![\w+@.§¤/-])(?:\+\d{1,3}[ .-]?|0)\d{2,4}(?:[ .-]?\d{2,6}){1,4}(?![\w@/-])")


def phone_of(c: Clause) -> str | None:
    """The phone number in a clause, as written: masked by the clean-up, or said in a shape it leaves as digits."""
    masked = c.ref("phone")
    if masked:
        return masked
    said = (m.group(0) for m in _PHONE_SAID.finditer(c.said))
    return next((p for p in said if 10 <= len(re.sub(r"\D", "", p)) <= 13), None)


# "Stock & Barrel Pub have a new number", "Marlow Primary School has closed": the sentence opens on the contact
_SUBJECT = re.compile(
    r"^\W*(?P<name>[A-Z][\w&'.-]*(?:\s+(?:[A-Z0-9][\w&'.-]*|&|and|of|de|du|des|la|le))*?)\s+"
    r"(?i:has|have|is|are|just|now|got|a|ont|est|sont|vient|viennent)\b"
)
_OF_CONTACT = anchors(r"(?:\b(?:for|of|de|du|pour|chez)\s+|\bd')(?:the\s+|le\s+|la\s+|l')?(?:contact\s+)?")
_TAG = re.compile(
    # a tag ends at a comma: what follows tells why ("as VIP, they're mighty customers")
    r"\btag\s+(?P<contact>.+?)\s+(?:as|with|comme|avec)\s+(?P<tag>[^,;]+?)(?:\s*[,;].*)?$"
    r"|\b(?:add|put|ajoute|mets)\s+(?:the\s+|a\s+|l'|la\s+|le\s+|une\s+|un\s+)?(?:tag|label|etiquette|categorie)\s+"
    r"(?P<tag2>.+?)\s+(?:to|on|à|a|sur|au|aux)\s+(?:(?:the\s+)?(?:client|contact|fournisseur|customer|vendor)\s+)?"
    r"(?P<contact2>.+)$"
    r"|\betiquette\s+(?P<contact3>.+?)\s+(?:comme|en|avec)\s+(?P<tag3>.+)$"
    r"|\b(?:add|put|ajoute|mets)\s+(?:the\s+|a\s+|l'|la\s+|le\s+|une\s+|un\s+)?(?:tag|label|etiquette|categorie)\s+"
    r"(?P<tag4>[^,;.]+?)\s*$"
    # "put the Key Account tag on Confirm Labs": the tag's name before the word
    r"|\b(?:add|put|apply|ajoute|mets)\s+(?:the\s+|a\s+|an\s+)?(?P<tag5>[^,;.]+?)\s+(?:tag|label)\s+"
    r"(?:to|on|onto)\s+(?P<contact5>.+)$"
    # "…, puis tague-le Prospect", "and tag her VIP"
    r"|\b(?:tag|tague|etiquette)[- ](?P<contact6>it|him|her|them|le|la|les)\s+(?:as\s+|comme\s+|en\s+)?"
    r"(?P<tag6>[^,;]+?)(?:\s*[,;].*)?$"
)
_FIND = re.compile(
    r"\b(?:find|look\s+up|lookup|search|who\s+is|who's|who\s+has|whose|cherche|chercher|trouve|trouver|retrouve"
    r"|qui\s+est|qui\s+a|a\s+qui\s+est|a\s+qui\s+appartient|de\s+qui)\b"
)


def _cut(c: Clause, m: re.Match[str], *groups: str) -> str | None:
    group = next((g for g in groups if m.group(g)), None)
    if group is None:
        return None
    return c.text.raw[m.start(group) : m.end(group)].strip(" .,'\"?!")


# "new customer: Pierre Joseph, tel …", "nouveau client : …": a person or company named right after
_NEW_CUSTOMER = re.compile(r"^\W*(?i:new|nouveau|nouvel|nouvelle)\s+(?i:customer|client|cliente|contact)\s*:?\s+[A-Z]")


def _create(c: Clause) -> Intent | None:
    said = (c.has("contact") and c.has("create", "add")) or re.search(r"\bsave\b.+\bas\s+a\s+(?:new\s+)?contact",
                                                                       c.text.low)  # fmt: skip
    if not said and not _NEW_CUSTOMER.search(c.text.raw):
        return None
    hit = first_entity(c.text, _CONTACT_NAMED, _STOP, capitalised=True)
    works = _WORKS_AT.search(c.text.raw)
    company = works.group("company").strip(" .,") if works else None
    if hit is None:
        return clarify(c, "parser.to_create_contact", ["contact_name"])
    return CreateContact(name=hit.value, email=c.ref("email"), phone=c.ref("phone"),
                         company=company if company and company != hit.value else None)  # fmt: skip


# "her email is now …", "son numéro est désormais …": a new value said without a change verb
_NOW_IS = re.compile(
    r"\b(?P<what>e-?mail|mail|courriel|phone|telephone|tel|mobile|portable|number|numero|address|adresse)\s+"
    r"(?:is\s+now|now\s+is|is\s+actually|is\s+really|has\s+changed\s+to|changed\s+to|est\s+(?:maintenant|desormais"
    r"|en\s+fait)|devient|a\s+change)\b"
)
# "Harbourside Cafe moved to 3 Quay Lane, …", "Fromagerie Vautrin a déménagé : 12 place du Marché, …"
_MOVED = re.compile(
    r"^\W*(?P<name>(?-i:[A-Z][\w&'.-]*(?:\s+(?:[A-Z0-9][\w&'.-]*|du|de|des|de\s+la|&|of)){0,4}))\s+"
    r"(?:has\s+|have\s+|just\s+)*(?:moved|relocated)\s+"
    r"(?:to\s+|into\s+)?(?P<address>\d.+)$"
    r"|^\W*(?P<name2>[A-Z][\w&'.-]*(?:\s+[A-Z0-9][\w&'.-]*){0,4})\s+(?:vient\s+de\s+d[ée]m[ée]nager|a\s+d[ée]m[ée]nag[ée])"
    r"\s*(?::|a|à|au|aux|vers)?\s*(?P<address2>\d.+)$",
    re.IGNORECASE,
)


def _moved(c: Clause) -> Intent | None:
    m = _MOVED.search(c.said) if c.whole else None
    if m is None:
        return None
    name, address = ("name", "address") if m.group("name") else ("name2", "address2")
    address_said = c.said[m.start(address) : m.end(address)].strip(" .")
    return UpdateContact(contact=c.said[m.start(name) : m.end(name)], address=address_said)


def _subject(c: Clause) -> str | None:
    """The contact a sentence opens on, when it is a name (not "Please", "We")."""
    m = _SUBJECT.search(c.text.raw)
    if m is None:
        return None
    words = re.findall(r"[^\W\d_]+", fold(m.group("name")))
    return None if all(w in EXPLAINED_WORDS or w in FILLER_WORDS for w in words) else m.group("name")


def _update(c: Clause) -> Intent | None:
    moved = _moved(c)
    if moved is not None:
        return moved
    change = c.text.search(_CHANGE) or c.text.search(_NOW_IS)
    if change is None or c.has("lead", "opportunity", "employee", "task") or _NEW_CUSTOMER.search(c.text.raw):
        return None
    named = _POSSESSIVE.search(c.text.raw)
    if named:
        contact: str | None = named.group("name")
    else:
        before = c.text.cut(0, change.start())
        hit = first_entity(c.text, _OF_CONTACT, _STOP, capitalised=True) or first_entity(
            before, anchors(r"^\W*"), _STOP, capitalised=True
        )
        contact = hit.value if hit else _subject(c)
    address = None
    if change.group("what") in ("address", "adresse"):
        m = _ADDRESS.search(c.said)
        # "of X to 3 rue …", "de X pour 125, route …"
        lead = r"^(?:(?:for|of|pour|de|du|chez)\b|d').*?(?:\s(?:to|is|est|à|a|pour|par)\s+|:\s*)(?=\d)"
        address = re.sub(lead, "", m.group("address"), flags=re.I).strip(" .") if m else None
    email, phone = c.ref("email"), phone_of(c)
    if not (email or phone or address):
        return clarify(c, "parser.to_update_contact", ["changes"])
    return UpdateContact(contact=contact, email=email, phone=phone, address=address)


def _find(c: Clause) -> Intent | None:
    phone = phone_of(c)
    if not c.text.search(_FIND) or not (c.has("contact") or c.ref("email") or phone):
        return None
    query = c.ref("email") or phone
    if query is None:
        hit = first_entity(c.text, anchors(r"\b(?:contacts?|at|chez|named|called|nomme)\s+(?:at\s+|chez\s+)?"),
                           _STOP, capitalised=True)  # fmt: skip
        query = hit.value if hit else None
    return FindContact(query=query) if query else clarify(c, "parser.to_find_contact",
                                                          ["contact"])  # fmt: skip


def _tag(c: Clause) -> Intent | None:
    if not c.has("tag"):
        return None
    m = c.text.search(_TAG)
    if m is None:
        return None
    group = next((g for g in ("tag", "tag2", "tag3", "tag4", "tag5", "tag6") if m.group(g)), None)
    rest = c.text.blank(m.start(group), m.end(group)) if group else c.text  # the tag may be "Prospect"
    if any(rest.search(CONCEPTS[k]) for k in ("task", "project", "lead", "opportunity", "product")):
        return None
    contact = _cut(c, m, "contact", "contact2", "contact3", "contact5", "contact6")
    tag = _cut(c, m, "tag", "tag2", "tag3", "tag4", "tag5", "tag6")
    if not tag:
        return clarify(c, "parser.to_tag_contact", ["tag"])
    contact = re.sub(r"^(?:the\s+contact\s+|le\s+contact\s+|contact\s+)", "", contact or "", flags=re.I) or None
    return TagContact(contact=None if contact and contact.lower() in ("it", "them", "him", "her", "le", "la", "les")
                      else contact,
                      tag=tag)  # fmt: skip


# "…, please archive them": the contact the sentence opened on
_ARCHIVE_THEM = re.compile(
    r"\b(?:archive|archiver|archivez)[- ](?:them|him|her|it|les|le|la)\b|\b(?:les|le|la)\s+archiv"
)


# "We stopped working with Gable End Roofing, archive them": the party the relationship was with
_WITH = anchors(r"\b(?:with|avec)\s+")


def _dealt_with(c: Clause) -> str | None:
    hit = first_entity(c.text, _WITH, _STOP, capitalised=True)
    return hit.value if hit else None


def _archive(c: Clause) -> Intent | None:
    if not c.has("archive") or c.has("order", "quote", "invoice", "product", "lead", "task", "project", "employee"):
        return None
    hit = first_entity(c.text, _CONTACT_NAMED, _STOP, capitalised=True)
    them = hit is None and c.text.search(_ARCHIVE_THEM)
    named = (_subject(c) or _dealt_with(c)) if them else None
    return ArchiveContact(contact=hit.value if hit else named)


PARTNER_RULES = (_tag, _archive, _update, _find, _create)
