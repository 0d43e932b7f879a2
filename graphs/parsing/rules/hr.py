"""Offline-parser rules for HR: employees, departments, expenses, pending time off and its approval."""

from __future__ import annotations

import re

from graphs.parsing.clause import Clause, clarify
from graphs.parsing.intents import (
    ApproveLeave,
    CreateDepartment,
    CreateEmployee,
    CreateExpense,
    Intent,
    ListEmployees,
    PendingLeaves,
    Unsupported,
)  # fmt: skip
from graphs.parsing.names import NAME_STOP, PARTY_NAME_STOP, Hit, anchors, first_entity, quoted
from graphs.parsing.numbers import find_amount, numbers
from graphs.parsing.text import fold
from graphs.parsing.vocabulary import CONCEPTS, EXPLAINED_WORDS, FILLER_WORDS, PATTERN_WORDS
from odoo_tools.i18n import say

__all__ = ["HR_RULES"]

_STOP = re.compile(PARTY_NAME_STOP.pattern + r"|\b(?:job|title|poste|in|dans|department|departement|au)\b")
# "new starter: X", "our new apprentice, X", "notre nouvelle recrue X": a person joining, named without "employee"
_NEWCOMER_WORDS = (
    r"\b(?:new|our|nouvel(?:le)?|nouveau|notre)\s+(?:new\s+)?(?:starter|joiner|hire|recruit|apprentice|trainee"
    r"|intern|team\s+member|colleague|member\s+of\s+staff|recrue|apprentie?|stagiaire|arrivante?|collaborat(?:eur|rice)"
    r"|salariee?|employee?)s?\b"
)
_EMPLOYEE_NAME = [re.compile(r"\b(?:employee|employe|employee|hire|embauche|recrute|onboard)\s*:?\s+"),
                  re.compile(_NEWCOMER_WORDS + r"\s*[:,-]?\s+")]  # fmt: skip
_NEWCOMER = re.compile(_NEWCOMER_WORDS)
# "add Tomasz Nowak as Lighting Technician in the Rentals department": a full name added with a job is a person
_ADDED_AS = re.compile(r"\b(?i:add|ajoute[rz]?)\s+(?P<name>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){1,3})\s+(?i:as|comme)\s+")
# "we've a new bar manager starting, Aoife Brennan": a newcomer said by their job, then named
_STARTING = re.compile(
    r"\b(?i:a|an|our|one)\s+new\s+(?P<job>[a-z][a-z-]+(?:\s+[a-z][a-z-]+){0,2})\s+(?:starting|joining|arriving"
    r"|who\s+starts|who\s+joins)\b(?:[^A-Z]|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|Next\b){0,40}?(?P<name>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){1,2})"
)
_DEPT_NAME = [re.compile(r"\b(?:department|departement|dept)\s*:?\s+(?:called\s+|named\s+|nomme\s+)?"),
              re.compile(r"\b(?:called|named|nomme|appele)\s+")]  # fmt: skip
# French names a department "service": "crée le service Retouches" (a capitalised name, no price: not a product)
_SERVICE_DEPT = [re.compile(r"\b(?:le|un|nouveau)\s+service\s+(?:nomme\s+|appele\s+)?")]
# "we need a department called Equine", "il nous faut un service Export": asking for one that does not exist yet
_WANTED = re.compile(r"\b(?:need|needs|want|set up|start|open|faut|faudrait|besoin|ouvre[rz]?|ouvrir)\b")
_PRICED = re.compile(r"\d|¤|\b(?:price|prix|tarif|product|produit|article|heure|hour)s?\b")
# French also says "service" for a department ("au service Maintenance"); beside an employee it is never a product.
_DEPT_OF = [re.compile(r"\b(?:department|departement|du departement|au departement|(?:au|du|le)\s+service)\s+"),
            re.compile(r"\b(?:in|of|from|dans|de|du|en|au)\s+(?:the\s+|le\s+|l'|a\s+|an\s+|un\s+)?"
                       r"(?:new\s+|nouveau\s+|nouvel\s+)?(?:departement\s+|department\s+)?"),
            re.compile(r"\b(?:employees|employes|staff)\s+")]  # fmt: skip
_DEPT_STOP = re.compile(NAME_STOP.pattern + r"|\b(?:department|departement|dept|team|equipe)\b")
_JOB = re.compile(
    r"\b(?:job title|title|as(?: an?)?|comme|poste(?: de)?|intitule de poste)\s*:?\s+"
    r"(?P<job>[^,;.]+?)(?=\s+(?:in|dans|au|at)\s+|\s+(?:dedans|in\s+it|in\s+there|there)\b|[,;.]|$)"
)
# "…, create the department if needed", "(create Finance if it doesn't exist yet)": an employee's department made too
_MAKE_DEPT = re.compile(r"\b(?:create|make|set up|creer|cree[rz]?|creez)\b[^.;]*?\b(?:if|when|si|s'il)\b")
_NO_DELETE = "parser.no_delete"
_DELETE = re.compile(r"\b(?:delete|remove|erase|fire|supprime[rz]?|efface[rz]?|licencie[rz]?|vire[rz]?)\b")
_APPROVE = re.compile(r"\b(?:approve|approuve[rz]?|valide[rz]?|validate|accept|accepte[rz]?|ok)\b")
# ("cat Lodging", "cat: Meals": the short form before a category's name)
# (after a comma or with its colon or dot only: "cat food" is goods)
_CATEGORY = re.compile(
    r"\b(?:category|categorie|type|(?<=, )cat|cat(?=\s*[.:]))\.?\s*:?\s*"
    r"(?P<cat>[^\W\d_][\w&' -]*?)(?=\s*(?:[,;.]|$|\bfor\b))"
)
_FOR_WHAT = re.compile(r"\b(?:for|pour)\s+(?P<what>(?!¤|\d)[^,;.?!]+)")


def _no_deletes(c: Clause) -> Intent | None:
    if not c.has("employee", "department", "expense", "leave") or not c.text.search(_DELETE):
        return None
    return Unsupported(reason=say(_NO_DELETE, c.lang))


def _service_named(c: Clause) -> Hit | None:
    """ "crée le service Retouches": a French department, when nothing makes it a product of kind service."""
    if c.lang != "fr" or c.text.search(_PRICED):
        return None
    return first_entity(c.text, _SERVICE_DEPT, NAME_STOP, capitalised=True)


# "create the Logistics department": the name before the word
_NAME_BEFORE_DEPT = re.compile(r"(?P<name>[A-Z][\w&'-]*(?:\s+(?:[A-Z][\w&'-]*|&|and|of))*)\s+(?i:department|dept)\b")


def _named_before(c: Clause) -> Hit | None:
    m = _NAME_BEFORE_DEPT.search(c.text.raw)
    if m is None or _sentence_start(c.text.raw, m.start()):
        return None
    return Hit(m.group("name"), m.start("name"), m.end("name"))


def _sentence_start(raw: str, at: int) -> bool:
    before = raw[:at].rstrip(" \"'(")
    return not before or before[-1] in ".!?:;"


def _create_department(c: Clause) -> Intent | None:
    service = _service_named(c) if c.has("create", "add") else None
    if not (c.has("department") or service) or c.has("employee", "hire") or c.text.search(_NEWCOMER):
        return None
    if _ADDED_AS.search(c.text.raw):
        return None  # a person added to a department, not the department
    if not (c.has("create", "add") or c.text.search(_WANTED)):
        return None
    if c.text.search(_MAKE_DEPT):
        return None  # "…, create the department if missing": a modifier of the employee's creation
    hit = (
        quoted(c.text)
        or first_entity(c.text, _DEPT_NAME, NAME_STOP, capitalised=True)
        or first_entity(c.text, _DEPT_NAME, NAME_STOP)
        or _named_before(c)
        or service
    )
    return CreateDepartment(name=hit.value) if hit else clarify(c, "parser.to_create_department", ["department_name"])


_AS_EMPLOYEE = re.compile(
    r"^(?:new\s+|nouvel(?:le)?\s+)?(?:employee|employ[ée]e?|member of staff)\s*(?:[—:,-]\s*)?", re.IGNORECASE
)
# "…, Veterinary Nurse, Small Animals dept": a job title and a department listed after the name
_DEPT_BEFORE = re.compile(r"^(?P<dept>[A-Z][\w&'-]*(?:\s+(?:[A-Z][\w&'-]*|&|and|of))*)\s+(?i:dept|department|team)$")
_DEPT_AFTER = re.compile(
    r"^(?i:service|d[ée]partement|department|dept|team|[ée]quipe)\s+(?P<dept>[A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*)*)$"
)


_JOB_IN_LOWER_CASE = re.compile(r"[a-zà-ÿ][a-zà-ÿ'-]+(?:\s+[a-zà-ÿ][a-zà-ÿ'-]+){0,2}")


def _listed(c: Clause, hit: Hit) -> tuple[str | None, str | None]:
    """(job title, department) listed as comma-separated pieces right after the name."""
    if not c.text.raw[hit.end :].lstrip().startswith(","):
        return None, None
    job = dept = None
    for piece in (p.strip(" .") for p in re.split(r"[,;]", c.text.raw[hit.end :])[1:3]):
        named = _DEPT_BEFORE.match(piece) or _DEPT_AFTER.match(piece)
        if named:
            dept = named.group("dept")
        elif job is None and dept is None and re.fullmatch(r"[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3}", piece):
            job = piece
        elif (
            job is None
            and dept is None
            and _JOB_IN_LOWER_CASE.fullmatch(piece)
            and not all(w in EXPLAINED_WORDS or w in FILLER_WORDS or w in PATTERN_WORDS for w in fold(piece).split())
        ):
            job = piece  # "Khadija Alaoui, brodeuse, au département …": French writes a trade in lower case
    return job, dept


def _hires(c: Clause) -> bool:
    """A hiring verb, not a word of a capitalised name inside the sentence ("Halden Tool Hire's new number")."""
    for m in CONCEPTS["hire"].finditer(c.text.low):
        before = c.text.raw[: m.start()].rstrip(" \"'(")
        if c.text.raw[m.start()].islower() or not before or before[-1] in ".!?:;":
            return True
    return False


def _create_employee(c: Clause) -> Intent | None:
    # "add Lara Steiner as seamstress", said of a department (in this clause, or one made before: "… dedans")
    dept_said = c.has("department") or (c.full is not None and c.full.search(CONCEPTS["department"]) is not None)
    added = _ADDED_AS.search(c.text.raw) if dept_said else None
    starting = _STARTING.search(c.text.raw)  # "a new bar manager starting, Aoife Brennan, …"
    if starting and c.has("order", "quote", "invoice", "project", "task", "product", "purchase", "lead", "vehicle"):
        starting = None  # "a new order starting, …": not a person
    added = added or starting
    newcomer = c.text.search(_NEWCOMER) is not None or added is not None
    hiring = c.has("create", "add") or _hires(c) or newcomer
    if not (c.has("employee") or _hires(c) or newcomer) or not hiring or c.has("list"):
        return None
    hit = quoted(c.text) or first_entity(c.text, _EMPLOYEE_NAME, _STOP, capitalised=True)
    hit = hit or (Hit(added.group("name"), added.start("name"), added.end("name")) if added else None)
    if hit is None:  # "we just hired someone!" is news, not a command; "create an employee" lacks the name
        return clarify(c, "parser.to_create_employee", ["employee_name"]) if c.has(
            "create") else None  # fmt: skip
    rest = c.text.blank(hit.start, hit.end)
    job = rest.search(_JOB)
    listed_job, listed_dept = _listed(c, hit)
    if starting and hit.start == starting.start("name"):
        listed_job = listed_job or starting.group("job")
    in_dept = c.has("department") or re.search(r"\b(?:in|dans|au service|du service)\s+[A-Z]", rest.raw)
    found = first_entity(rest, _DEPT_OF, _DEPT_STOP, capitalised=True) if in_dept else None
    dept = found.value if found else listed_dept
    title = rest.raw[job.start("job") : job.end("job")].strip() if job else listed_job
    title = (_AS_EMPLOYEE.sub("", title) or None) if title else None  # "as a new employee — Customer Success Manager"
    # "in a new Data department", "dans le nouveau département Data": made along with the employee
    new_dept = re.search(
        r"\b(?:new|nouveau|nouvel)\s+(?:[\w-]+\s+){0,2}(?:department|departement|dept|service)"
        r"|\b(?:department|departement|dept|service)\s+(?:[\w-]+\s+){0,2}(?:new|nouveau)\b"
        r"|\((?:create|cree|creer|creez)[- ](?:it|le|la)\)",  # "… Propagation dept (create it)"
        c.text.low,
    )
    return CreateEmployee(name=hit.value, job_title=title, department=dept,
                          create_department=bool((c.full or rest).search(_MAKE_DEPT) or new_dept))  # fmt: skip


# "who's in Installations?", "qui bosse à la Logistique ?": the people of a team named by its capitalised name
_WHO_IN = anchors(
    r"\bwho(?:'s|\s+is|\s+are|'re)\s+(?:in|on)\s+(?:the\s+)?",
    r"\bqui\s+(?:bosse|bossent|travaille|travaillent|est|sont)\s+(?:a|à|au|aux|dans|en)\s+(?:la\s+|le\s+|l'|les\s+)?",
)
# Another domain's things a "who's in …" may ask about (a meeting's attendees, a project's team)
_NOT_A_TEAM = ("meeting", "project", "task", "lead", "opportunity", "order", "quote", "invoice", "ticket", "vehicle")


def _list_employees(c: Clause) -> Intent | None:
    people = c.has("employee") or (
        c.has("department") and re.search(r"\b(?:everyone|everybody|people|who|tout le monde|qui)\b", c.text.low)
    )
    team = None if c.has(*_NOT_A_TEAM) else first_entity(c.text, _WHO_IN, _DEPT_STOP, capitalised=True)
    if not (people or team) or c.has("create", "hire"):
        return None
    if c.has("meeting") and c.has("schedule"):  # "book a staff meeting on Tuesday": a booking, the staff attend
        return None
    dept = first_entity(c.text, _DEPT_OF, _DEPT_STOP, capitalised=True) or team
    return ListEmployees(department=dept.value if dept else None)


# The amount, then what it paid for: "expense £38.40 parking at …", "note de frais 23,50 € repas client chez Fabre",
# "note de frais de 12 € : taxi"
_AMOUNT_THEN = re.compile(
    r"(?:¤|(?<![\w§.]))\d+(?:\.\d+)?(?:\s*:\s*|\s+)(?:on\s+|of\s+|de\s+|d')?(?P<what>(?!for\b|pour\b)[^\W\d_][^,;.?!]*)"
)
_WHAT_STOP = re.compile(r"\s*\b(?:category|categorie|type)\b.*$|\s+-\s.*$")


def _after_amount(c: Clause) -> str | None:
    m = c.text.search(_AMOUNT_THEN)
    if m is None:
        return None
    what = _WHAT_STOP.sub("", c.text.low[m.start("what") : m.end("what")])
    return c.text.raw[m.start("what") : m.start("what") + len(what)].strip() or None


# "45 € for the taxi" is a taxi: what was paid for is named without its article, as names are.
_LEADING_ARTICLE = re.compile(r"^(?:the|an?|les?|la|l'|une?|des)\s*(?<=\s|')", re.IGNORECASE)


def _listed_first(c: Clause) -> bool:
    """A list verb before the word "expense" ("show my expenses"), not a "trade show" in what it paid for."""
    word, shown = c.text.search(CONCEPTS["expense"]), c.text.search(CONCEPTS["list"])
    return shown is not None and (word is None or shown.start() < word.start())


def _expense(c: Clause) -> Intent | None:
    if not c.has("expense") or _listed_first(c):
        return None
    amount = find_amount(c.text) or next(iter(numbers(c.text)), None)
    if not amount:
        return clarify(c, "parser.to_file_expense", ["amount"])
    money = c.text.low.find("¤")  # "I paid for the lunch … an expense of $45.99 for X": the "for" after the amount
    what = (_FOR_WHAT.search(c.text.low, money) if money >= 0 else None) or c.text.search(_FOR_WHAT)
    description = _after_amount(c) or (c.text.raw[what.start("what") : what.end("what")].strip() if what else None)
    category = c.text.search(_CATEGORY)
    return CreateExpense(
        amount=amount,
        description=_LEADING_ARTICLE.sub("", description or "") or None,
        category=c.text.raw[category.start("cat") : category.end("cat")] if category else None,
    )


# "not been approved yet", "that I haven't signed off", "pas encore validées", "asked for time off?": requests
# still waiting for a decision
_UNDECIDED = re.compile(
    r"\b(?:not\s+(?:yet\s+|been\s+)*(?:approved|signed\s+off|validated|decided)|(?:haven't|have\s+not|hasn't)\s+"
    r"(?:yet\s+)?(?:approved|signed\s+off|validated|looked\s+at)|awaiting|to\s+(?:approve|sign\s+off)"
    r"|pas\s+(?:encore\s+)?(?:ete\s+)?(?:validee?s?|approuvee?s?)|a\s+valider|à\s+valider|a\s+approuver|à\s+approuver)"
)
_ASKED_FOR = re.compile(r"\b(?:asked|requested|put\s+in|booked|demande|demandee?s?|pose)\b")


def _leaves(c: Clause) -> Intent | None:
    if not c.has("leave"):
        return None
    said = re.search(r"\b(?:request|demande)\s+(?:n°\s*)?(\d+)\b", c.text.low)
    ref = c.ref("any") or (said.group(1) if said else None)
    if c.text.search(_APPROVE) and ref and ref.isdigit():
        return ApproveLeave(leave=int(ref))
    undecided = c.text.search(_UNDECIDED) or ("?" in c.text.low and c.text.search(_ASKED_FOR))
    return PendingLeaves() if c.has("pending", "list") or c.text.search(_APPROVE) or undecided else None


HR_RULES = (_no_deletes, _create_department, _create_employee, _list_employees, _expense, _leaves)
