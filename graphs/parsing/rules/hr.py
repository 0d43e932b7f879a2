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
from graphs.parsing.names import NAME_STOP, first_entity, quoted
from graphs.parsing.numbers import find_amount, numbers

__all__ = ["HR_RULES"]

_STOP = re.compile(NAME_STOP.pattern + r"|\b(?:job|title|poste|in|dans|department|departement|au)\b")
_EMPLOYEE_NAME = [re.compile(r"\b(?:employee|employe|employee|hire|embauche|recrute|onboard)\s*:?\s+")]
_DEPT_NAME = [re.compile(r"\b(?:department|departement|dept)\s*:?\s+(?:called\s+|named\s+|nomme\s+)?"),
              re.compile(r"\b(?:called|named|nomme|appele)\s+")]  # fmt: skip
# French also says "service" for a department ("au service Maintenance"); beside an employee it is never a product.
_DEPT_OF = [re.compile(r"\b(?:department|departement|du departement|au departement|(?:au|du|le)\s+service)\s+"),
            re.compile(r"\b(?:in|of|from|dans|de|du|en|au)\s+(?:the\s+|le\s+|l'|a\s+|an\s+|un\s+)?"
                       r"(?:new\s+|nouveau\s+|nouvel\s+)?(?:departement\s+|department\s+)?"),
            re.compile(r"\b(?:employees|employes|staff)\s+")]  # fmt: skip
_DEPT_STOP = re.compile(NAME_STOP.pattern + r"|\b(?:department|departement|dept|team|equipe)\b")
_JOB = re.compile(
    r"\b(?:job title|title|as(?: an?)?|comme|poste(?: de)?|intitule de poste)\s*:?\s+"
    r"(?P<job>[^,;.]+?)(?=\s+(?:in|dans|au|at)\s+|[,;.]|$)"
)
_MAKE_DEPT = re.compile(r"\b(?:create|creer|cree)\b.*\b(?:department|departement|it|le)\b.*\b(?:if|when|si|s'il)\b")
_NO_DELETE = (
    "Deleting HR records is not something I do; archive them in Odoo if you must.",
    "Je ne supprime pas de données RH ; archivez-les dans Odoo s'il le faut.",
)
_DELETE = re.compile(r"\b(?:delete|remove|erase|fire|supprime[rz]?|efface[rz]?|licencie[rz]?|vire[rz]?)\b")
_APPROVE = re.compile(r"\b(?:approve|approuve[rz]?|valide[rz]?|validate|accept|accepte[rz]?|ok)\b")
_CATEGORY = re.compile(r"\b(?:category|categorie|type)\s*:?\s*(?P<cat>[^\W\d_][\w&' -]*?)(?=\s*(?:[,;.]|$|\bfor\b))")
_FOR_WHAT = re.compile(r"\b(?:for|pour)\s+(?P<what>(?!¤|\d)[^,;.?!]+)")


def _no_deletes(c: Clause) -> Intent | None:
    if not c.has("employee", "department", "expense", "leave") or not c.text.search(_DELETE):
        return None
    return Unsupported(reason=_NO_DELETE[c.lang == "fr"])


def _create_department(c: Clause) -> Intent | None:
    if not c.has("department") or c.has("employee", "hire") or not c.has("create", "add"):
        return None
    if c.text.search(_MAKE_DEPT):
        return None  # "…, create the department if missing": a modifier of the employee's creation
    hit = quoted(c.text) or first_entity(c.text, _DEPT_NAME, NAME_STOP)
    return (
        CreateDepartment(name=hit.value)
        if hit
        else clarify(c, ("To create the department", "Pour créer le département"), ["department_name"])
    )


def _create_employee(c: Clause) -> Intent | None:
    if not c.has("employee", "hire") or not (c.has("create", "add") or c.has("hire")) or c.has("list"):
        return None
    hit = quoted(c.text) or first_entity(c.text, _EMPLOYEE_NAME, _STOP, capitalised=True)
    if hit is None:  # "we just hired someone!" is news, not a command; "create an employee" lacks the name
        return clarify(c, ("To create the employee", "Pour créer l'employé"), ["employee_name"]) if c.has(
            "create") else None  # fmt: skip
    rest = c.text.blank(hit.start, hit.end)
    job = rest.search(_JOB)
    in_dept = c.has("department") or re.search(r"\b(?:in|dans|au service|du service)\s+[A-Z]", rest.raw)
    dept = first_entity(rest, _DEPT_OF, _DEPT_STOP, capitalised=True) if in_dept else None
    title = rest.raw[job.start("job") : job.end("job")].strip() if job else None
    # "in a new Data department", "dans le nouveau département Data": made along with the employee
    new_dept = re.search(
        r"\b(?:new|nouveau|nouvel)\s+(?:[\w-]+\s+){0,2}(?:department|departement)"
        r"|\b(?:department|departement)\s+(?:[\w-]+\s+){0,2}(?:new|nouveau)\b",
        c.text.low,
    )
    return CreateEmployee(name=hit.value, job_title=title, department=dept.value if dept else None,
                          create_department=bool((c.full or rest).search(_MAKE_DEPT) or new_dept))  # fmt: skip


def _list_employees(c: Clause) -> Intent | None:
    people = c.has("employee") or (
        c.has("department") and re.search(r"\b(?:everyone|everybody|people|who|tout le monde|qui)\b", c.text.low)
    )
    if not people or c.has("create", "hire"):
        return None
    dept = first_entity(c.text, _DEPT_OF, _DEPT_STOP, capitalised=True)
    return ListEmployees(department=dept.value if dept else None)


def _expense(c: Clause) -> Intent | None:
    if not c.has("expense") or c.has("list"):
        return None
    amount = find_amount(c.text) or (numbers(c.text) or [None])[0]
    if not amount:
        return clarify(c, ("To file the expense", "Pour déclarer la dépense"), ["amount"])
    money = c.text.low.find("¤")  # "I paid for the lunch … an expense of $45.99 for X": the "for" after the amount
    what = (_FOR_WHAT.search(c.text.low, money) if money >= 0 else None) or c.text.search(_FOR_WHAT)
    description = c.text.raw[what.start("what") : what.end("what")].strip() if what else None
    category = c.text.search(_CATEGORY)
    return CreateExpense(
        amount=amount,
        description=description or None,
        category=c.text.raw[category.start("cat") : category.end("cat")] if category else None,
    )


def _leaves(c: Clause) -> Intent | None:
    if not c.has("leave"):
        return None
    ref = c.ref("any")
    if c.text.search(_APPROVE) and ref and ref.isdigit():
        return ApproveLeave(leave=int(ref))
    return PendingLeaves() if c.has("pending", "list") or c.text.search(_APPROVE) else None


HR_RULES = (_no_deletes, _create_department, _create_employee, _list_employees, _expense, _leaves)
