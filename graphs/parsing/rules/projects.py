"""Offline-parser rules for projects and tasks: create them, move a task, log hours, my tasks, project status."""

from __future__ import annotations

import re
from datetime import date, timedelta

from graphs.parsing.clause import Clause, clarify
from graphs.parsing.dates import day_in, duration_in
from graphs.parsing.intents import (
    CreateProject,
    CreateTask,
    Intent,
    LogTimesheet,
    MoveTaskStage,
    MyTasks,
    ProjectStatus,
)
from graphs.parsing.names import (
    CUSTOMER_ANCHORS,
    CUSTOMER_STOP,
    NAME_STOP,
    Hit,
    anchors,
    first_entity,
    numbers_inside,
    quoted,
    unquoted,
)
from graphs.parsing.rules.crm import stage_phrase
from graphs.parsing.rules.fleet import DISTANCE
from graphs.parsing.text import fold
from odoo_tools.client.clock import get_clock

__all__ = ["PROJECT_RULES"]

_NAMED = [re.compile(r"\b(?:called|named|nomme|nommee|appele|appelee|intitule|intitulee)\s+")]
# "in Website Redesign project", "in the Website Redesign project", "dans le projet Website Redesign"
_IN_PROJECT = re.compile(
    r"\b(?:in|into|to|on|for|dans|sur|pour)\s+(?:the\s+|le\s+)?(?P<name>.+?)\s+(?:project|projet)\b"
)
_SAID_BEFORE_PROJECT = re.compile(r"(?:,|\b(?:in|into|to|on|for|dans|sur|pour|au|du|de|the|le|la|of))\s*$")
_PROJECT_AFTER = [re.compile(r"\b(?:project|projet)\s+(?:called\s+|named\s+|nomme\s+|appele\s+)?")]
_STATUS_OF = re.compile(r"\b(?:status|statut|etat|avancement|where are we)\b.*?\b(?:of|on|with|du|de|sur)\s+"
                        r"(?:the\s+|le\s+)?(?P<name>(?!(?:the|le|la|this|ce)\s+(?:project|projet)\b).+?)\s+"
                        r"(?:project|projet)\b")  # fmt: skip
_NAME_BEFORE_PROJECT = re.compile(r"(?<![\w'])(?P<name>(?:[A-Z][\w'&-]*\s+){1,5})(?i:project)\b")
_TERSE_TASK = re.compile(r"^\s*(?:new\s+|nouvelle\s+)?(?:task|tache)\b")
_TASK_NAME_AFTER = [re.compile(r"\b(?:task|tache)\s*:?\s+")]
# "add a task to it: Order signage, due …": the name after the colon, whatever words it holds
_AFTER_COLON = re.compile(r":\s*(?P<name>[^,;:]+?)\s*(?=[,;]|$|\b(?:due|by|avant|pour le|deadline)\b)")
_LATER_TASK = re.compile(r"^\W*(?:and\s+|et\s+)?(?:also\s+)?(?:a|an|une|un)\s+(?:new\s+|nouvelle\s+)?(?:task|tache)\b")
_TASK_STOP = re.compile(numbers_inside(CUSTOMER_STOP.pattern) + r"|\b(?:dans|due|by|avant|assigned|assigne|assignee"
                        r"|deadline|dedans"
                        r"|inside|au\s+projet|a\s+rendre|à\s+rendre"
                        # "how is the project X going / coming along?": how it goes, not its name
                        r"|going|doing|progressing|coming\s+along|getting\s+on)\b")  # fmt: skip
_HOURS = re.compile(r"(?P<n>\d+(?:\.\d+)?)\s*(?:hours?|hrs?|h|heures?)\b")
_ASSIGNEE = re.compile(r"\b(?i:assign(?:ed)?\s+(?:it\s+)?to|assignée?\s+à|(?:give|hand)\s+it\s+(?:over\s+)?to"
                       r"|(?:donne|confie)[- ]la\s+à|pour|for)\s+"
                       # a title before the person is not their name: "assignée à Mme Claire Roux"
                       r"(?:(?<!for )(?<!pour )(?i:mme|mrs|mr|ms|mlle|madame|monsieur|mademoiselle|dr|m\.)\.?\s+"
                       r"(?=[A-Z]))?"
                       r"(?P<who>(?i:me|moi)\b|(?<!for )(?<!For )[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?"
                       # "… for Karim, due Friday": one first name after "for", then the clause goes on
                       r"|(?<=for )[A-Z][a-zà-ÿ-]+(?=\s*(?:[,;:.!?]|$|\s(?i:by|due|before|until|in|on|this|next"
                       r"|tomorrow|today|asap)\b)))")  # fmt: skip
_TAGS = re.compile(
    r"\b(?:tagged|tags?|etiquettes?|etiquete|tague)[- ]*:?\s*(?:it\s+|la\s+|le\s+)?(?:as\s+|with\s+)?(?P<tags>[^;.]+?)"
    r"(?=\s*(?:[;.]|$|\b(?:due|by|assigned|for|pour|avant)\b))"
)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_RELATIVE = {"tomorrow": 1, "demain": 1, "today": 0, "aujourd'hui": 0, "next week": 7, "la semaine prochaine": 7}
# i18n-exempt: the line above holds words the parser looks for in messages


def _quoted(c: Clause) -> Hit | None:
    return quoted(c.text)


def _deadline(c: Clause) -> date | None:
    m = _ISO.search(c.text.raw)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    today = get_clock().now().date()
    week_end = re.search(r"\b(?:end of (?:the |this )?(next )?week|(?:en )?fin de (?:la )?semaine( prochaine)?)\b",
                         c.text.low)  # fmt: skip
    if week_end:  # a working week ends on Friday
        friday = today + timedelta(days=(4 - today.weekday()) % 7)
        return friday + timedelta(days=7) if week_end.group(1) or week_end.group(2) else friday
    for words, days in _RELATIVE.items():
        if re.search(rf"\b(?:due|by|before|for|deadline|pour|avant|d'ici|echeance|date limite)\s*:?\s+{words}\b",
                     c.text.low):  # fmt: skip
            return today + timedelta(days=days)
    # "due in two weeks", "à rendre dans 10 jours", "due Friday"
    m = re.search(r"\b(?:in|dans|within|sous)\s+(\d+|an?|one|une?)\s+(days?|weeks?|jours?|semaines?)\b", c.text.low)
    if m and re.search(r"\b(?:due|by|deadline|pour|avant|d'ici|a rendre|à rendre|rendre|echeance)\b", c.text.low):
        n = int(m.group(1)) if m.group(1).isdigit() else 1
        if m.group(2).startswith("jour") and n in (8, 15):  # French "huit jours", "quinze jours": one week, two weeks
            n -= 1
        return today + timedelta(days=n * 7 if m.group(2).startswith(("week", "semaine")) else n)
    week_after = re.search(r"\b(?:a|one|1) week (?:from|after) \w+|\bend of (?:the )?month\b|\bfin (?:du|de) mois\b",
                           c.text.low)  # fmt: skip
    if week_after:
        return day_in(week_after.group(0))
    for due in re.finditer(r"\b(?:due|by|before|deadline|avant|pour|rendre|echeance|date limite|d'ici)\s*:?\s+"
                           r"(?:le\s+|on\s+|this\s+|next\s+|ce\s+)?[\w/]+(?:\s+(?:prochain|\d{1,2}(?:er|st|nd|rd|th)?\b))?",
                           c.text.low):  # fmt: skip
        day = day_in(due.group(0))
        if day is not None:
            return day
    return None


def _project_name(c: Clause) -> str | None:
    """ "the Website Redesign project", "in Apollo project", "projet Website Redesign" — never inside the task's
    quoted title ("Ship samples to Orchid Spa" in project Spa Launch)."""
    text = c.text.blank(*_quoted_span(c))
    m = _NAME_BEFORE_PROJECT.search(text.raw)
    if m:
        return m.group("name").strip()
    m = text.search(_IN_PROJECT)
    if m and _SAID_BEFORE_PROJECT.search(m.group("name")):
        m = None  # "for Rangi by Friday in project Farm Works": the name comes after the word
    if m:
        name = re.sub(r"^(?:the|le|la|l')(?:\s+|$)", "", text.raw[m.start("name") : m.end("name")]).strip(" '\"")
        if name:
            return name
    hit = first_entity(text, _PROJECT_AFTER, _TASK_STOP, capitalised=True)
    if hit is None and c.has("task"):  # "add a task 'X' to Lobby Refit", "a task for me in Spring Shoot: 'X'"
        hit = first_entity(text, _TO_PROJECT, _TASK_STOP, capitalised=True)
    return hit.value if hit else None


_ON_THE_TASK = re.compile(r"\b(?:on|onto|sur)\s+(?:the\s+|la\s+|my\s+|ma\s+)?(?:task|tache)\b")
_TO_PROJECT = [re.compile(r"\b(?:to|in|into|dans|au|sur)\s+(?:the\s+|le\s+|la\s+)?")]


def _quoted_span(c: Clause) -> tuple[int, int]:
    q = quoted(c.text)
    return (q.start, q.end) if q else (0, 0)


def _create_project(c: Clause) -> Intent | None:
    if not c.has("project") or c.has("task") or not c.has("create"):
        return None
    hit = (
        _quoted(c)
        or first_entity(c.text, _NAMED, NAME_STOP)
        or first_entity(c.text, _PROJECT_AFTER, NAME_STOP, capitalised=True)
    )
    if hit is None:
        return clarify(c, "parser.to_create_project", ["project_name"])
    customer = first_entity(c.text.blank(hit.start, hit.end), CUSTOMER_ANCHORS[:1], CUSTOMER_STOP,
                               capitalised=True)  # fmt: skip
    return CreateProject(name=hit.value, customer=customer.value if customer else None)


def _create_task(c: Clause) -> Intent | None:
    # "…, and a task Design brief in it": the creation verb was said in the clause before
    later = not c.first and c.text.search(_LATER_TASK) is not None
    if not c.has("task") or not (c.has("create", "add") or c.text.search(_TERSE_TASK) or later):
        return None
    if c.ref("any") and duration_in(c.text.low):  # "put 90 minutes on task #102": time on an existing task
        return None
    if duration_in(c.text.low) and c.text.search(_ON_THE_TASK):  # "mets 2h sur la tâche Taille des haies"
        return None
    project = _project_name(c)
    hit = _quoted(c) or first_entity(c.text, _NAMED + _TASK_NAME_AFTER, _TASK_STOP)
    colon = c.text.search(_AFTER_COLON) if hit is None else None
    if colon:
        hit = Hit(c.text.raw[colon.start("name") : colon.end("name")], colon.start("name"), colon.end("name"))
    if hit is None:
        return clarify(c, "parser.to_create_task", ["task_name"])
    found = list(_ASSIGNEE.finditer(unquoted(c.text.raw)))  # a title's own words name nobody
    # "… for Ana, assign it to Bo": a person it is given to outranks one it is "for"
    who = next((m for m in found if not re.match(r"(?i:for|pour)\b", m.group(0))), found[0] if found else None)
    assignee = c.text.raw[who.start("who") : who.end("who")] if who else None
    assignee = "me" if assignee and assignee.lower() in ("me", "moi") else assignee  # the tool reads "me"
    project = None if project and project == assignee else project  # "give it to Ola": a person, not a project
    tags = c.text.search(_TAGS)
    names = [x.strip() for x in re.split(r",|\band\b|\bet\b", c.text.raw[tags.start("tags") : tags.end("tags")])
             if x.strip()] if tags else []  # fmt: skip
    return CreateTask(name=hit.value, project=project, assignee=assignee, deadline=_deadline(c), tags=names)


# "a task X in a new project called Mobile App", "une tâche X dans un nouveau projet Refonte": the project is made first
_IN_NEW_PROJECT = re.compile(
    r"\b(?:in|into|under|for|to|dans|pour|sous)\s+(?:a|an|un)\s+(?:brand\s+)?(?:new|nouveau)\s+(?:project|projet)\s*"
    r"(?:(?:called|named|appele|nomme|intitule)\s+|:\s*)?(?P<name>[^\W\d_][^,;.!?]*?)\s*"
    r"(?=[,;.!?]|$|\b(?:and|et|due|by|avant|assigned|assigne|for|pour)\b)"
)


def new_project_first(intent: Intent | None, c: Clause) -> list[Intent]:
    """A task to create in a project that does not exist yet: the project's creation, then the task in it (the plan
    binds a task with no project to the project made just before)."""
    m = c.text.search(_IN_NEW_PROJECT) if isinstance(intent, CreateTask) else None
    if intent is None or m is None:
        return [intent] if intent is not None else []
    name = c.text.raw[m.start("name") : m.end("name")].strip(" '\"")
    return [CreateProject(name=name), intent.model_copy(update={"project": None})]


# "on the task Design brief", "sur la tâche « Maquettes »": a task named in the message
_TASK_NAMED = [re.compile(r"\b(?:task|tache)\s*:?\s+(?:called\s+|named\s+|nommee\s+)?")]
_LOGGED_TASK_STOP = re.compile(
    NAME_STOP.pattern + r"|\b(?:today|yesterday|hier|aujourd'hui|doing|pour|working"
    r"|description|desc|note|comment|ajd|auj|tonight|ce soir|this morning|ce matin)\b"
)


# "…on task #42, client call", "… - reviewing mockups", "…doing the client workshop": what the time was for
_WORK_DONE = re.compile(
    r"(?:,|\s-|\s–|:|\bdoing\b|\ben faisant\b|\b(?:description|desc|note|comment)\s*:?)\s*"
    r"(?P<what>[^\W\d_][^,;:§¤]*?)\s*[.!]?\s*$"
)


# "put 45 minutes on it", "mets 2h dessus": time on the record just used (a task), not a product called "minutes";
# "4 hours of Design on it" is a service sold by the hour.
_TIME_ON_IT = re.compile(r"(?:\d|(?<![^\W\d_])(?:hours?|hrs?|h|minutes?|mins?|heures?))\s+"
                         r"(?:(?:on|to|sur)\s+(?:it|that|this|ca|celle-ci)\b|dessus\b)")  # fmt: skip


# "… sur la #88 (montage chapiteau)": what the time was for, in brackets at the end
_WORK_IN_BRACKETS = re.compile(r"\((?P<what>[^\W\d_][^()]*)\)\s*[.!]?\s*$")
_ON_NUMBERED = re.compile(r"\b(?:on|sur|to)\s+(?:la\s+|le\s+|task\s+|tache\s+)?§")


_TRACK_IDIOM = re.compile(r"\b(?:lost|lose|losing|keep|keeping|kept)\s+track\b|\btrack\s+(?:of|my|our|the|an?)\b")
_TIME_WORD = re.compile(r"\b(?:timesheets?|feuilles? de temps|log|logge[rz]?|saisi[rs]?|impute[rz]?|hours?|heures?)\b")


def _log_time(c: Clause) -> Intent | None:
    hours = duration_in(c.text.low)
    # "put 3.5h on #214", "trois heures et demie sur la #88": hours on a numbered record (a task)
    on_it = hours and (c.text.search(_TIME_ON_IT) or (c.ref("any") and c.text.search(_ON_NUMBERED)))
    if not (c.has("timesheet") or (hours and c.has("task")) or on_it) or c.has("odometer") or c.text.search(DISTANCE):
        return None  # "log 61k km on vehicle #3" is an odometer reading
    task = c.ref("any")
    if task is None:
        hit = (quoted(c.text) or first_entity(c.text, _TASK_NAMED, _LOGGED_TASK_STOP, capitalised=True)
               # "on the task hive inspections": after the word "task", a name in lower case is still its name
               or first_entity(c.text, _TASK_NAMED, _LOGGED_TASK_STOP))  # fmt: skip
        task = hit.value if hit else None
    if hours is None and (c.has("payment", "invoice") or c.ref("invoice")):
        return None  # "X sent €480 against INV/7, log it": a payment to record, not time
    if hours is None and c.text.search(_TRACK_IDIOM) and not c.text.search(_TIME_WORD):
        return None  # "I've lost track", "keep track of the orders": no time to log
    if hours is None:
        return clarify(c, "parser.to_log_time", ["hours"])
    done = _WORK_DONE.search(c.said) if c.whole else c.text.search(_WORK_DONE)  # free text as written, no typo fixed
    done = done or (_WORK_IN_BRACKETS.search(c.said) if c.whole else c.text.search(_WORK_IN_BRACKETS))
    what = (c.said if c.whole else c.text.raw)[done.start("what") : done.end("what")].strip() if done else None
    if what and (not re.search(r"[^\W\d_]{3}", what) or (task and task in what) or duration_in(fold(what))):
        what = None
    return LogTimesheet(task=f"#{task}" if task and task.isdigit() else task, hours=hours, description=what)


# A pipeline's stages: "move #12 to Qualified" is a lead's move; any other stage is a task's
_LEAD_STAGES = re.compile(r"^(?:new|qualified|qualifiee?|proposition|proposal|negotiation|negociation|won|lost|gagnee?"
                          r"|perdue?)$")  # fmt: skip


_MOVE_VERB = re.compile(r"\b(?:move|bump|push|advance|drag|deplace[rz]?|passe[rz]?|avance[rz]?)\b")


# "passe la tâche Prototype X à l'étape Y", "move the task Hull Sanding to Done": the task named by its title
_TASK_TITLED = anchors(r"\b(?:task|tache)\s+")
_THE_TASK_TITLED = anchors(r"\b(?:the|la)\s+(?:task|tache)\s+")
_TASK_TITLE_STOP = re.compile(r"\s(?:to|a|à|en|into|vers|in|dans|stage|etape|column|colonne)\b|[,;:.!?\"]")


def _move_task(c: Clause) -> Intent | None:
    if not (c.has("move") or c.has("stage")) or c.has("create", "list"):
        return None
    named = quoted(c.text)
    # "move #219 to Done", "move 'Order scaffolding' to Done": a numbered or quoted record and a task's stage
    bare = (c.text.search(_MOVE_VERB) and (c.ref("any") or named)
            and not c.has("lead", "opportunity", "order", "invoice", "mo", "meeting"))  # fmt: skip
    if not c.has("task") and not bare:
        return None
    stage = stage_phrase(c)
    if stage is None or (not c.has("task") and _LEAD_STAGES.match(fold(stage))):
        return None
    task = c.ref("any") or (named.value if named and not c.has("task") else None)
    if task is None and c.has("task"):
        titled = first_entity(c.text, _TASK_TITLED, _TASK_TITLE_STOP, capitalised=True)
        # "passe la tâche affûtage des skis en Terminé": a title in lower case, said after "the task"
        titled = titled or (None if named else first_entity(c.text, _THE_TASK_TITLED, _TASK_TITLE_STOP))
        task = titled.value if titled and fold(titled.value) != fold(stage) else None
    return MoveTaskStage(task=f"#{task}" if task and task.isdigit() else task, stage=stage)


# "my open tasks", "mes tâches en cours ?": the list said as a bare noun phrase, no verb
_MY_TASKS_ALONE = re.compile(r"^\W*(?:my|mes)\s+(?:(?:open|current|pending|remaining|outstanding)\s+)?(?:tasks|taches)"
                             r"(?:\s+(?:en cours|ouvertes|a faire))?\W*$")  # fmt: skip


def _my_tasks(c: Clause) -> Intent | None:
    mine = c.has("mine") or (c.has("task") and c.has("list") and re.search(r"\b(?:me|my|mes|moi)\b", c.text.low))
    return MyTasks() if mine or (c.whole and c.text.search(_MY_TASKS_ALONE)) else None


# "where are we on the project X?", "où en sommes-nous sur le projet X ?": how a project goes, asked
_HOW_IT_GOES = re.compile(
    r"\b(?:how is|how's|going|avancement|where are we|where do we stand|where we are|how far along"
    r"|progress|ou en sommes-nous|ou en est-on|ou on en est|on en est ou)\b"
)


def _project_status(c: Clause) -> Intent | None:
    if not c.has("project") or not (c.has("status") or c.text.search(_HOW_IT_GOES)):
        return None
    named = _NAME_BEFORE_PROJECT.search(c.text.raw)
    m = c.text.search(_STATUS_OF)
    if m and not named:
        return ProjectStatus(project=c.text.raw[m.start("name") : m.end("name")].strip())
    return ProjectStatus(project=_project_name(c))


PROJECT_RULES = (_create_project, _create_task, _log_time, _move_task, _my_tasks, _project_status)
