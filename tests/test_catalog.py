"""One bilingual catalog: every key has English and French with the same placeholders, every key the code names
exists and is used, and no sentence a person reads is written outside it (no Odoo needed)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from odoo_tools.i18n import LANGUAGES, area, areas, entry

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("odoo_tools", "graphs", "agent")
KEY = re.compile(r"^[a-z_]+\.[a-z0-9_]+$")

# Files whose string literals are not read by people, and why.
NOT_READ = {
    "graphs/parsing/vocabulary.py": "words the parser looks for in messages",
    "graphs/parsing/dates.py": "date words the parser looks for",
    "graphs/parsing/numbers.py": "number words the parser looks for",
    "graphs/parsing/domains.py": "domain words the parser looks for",
    "graphs/parsing/names.py": "words that end a name in a message",
    "graphs/parsing/cleanup.py": "spellings the parser normalises",
    "graphs/parsing/text.py": "abbreviations the parser expands",
    "graphs/parsing/doubts.py": "why a reading is doubted: a diagnostic note",
    "graphs/parsing/slot_doubts.py": "why a reading is doubted: a diagnostic note",
    "graphs/parsing/ranker_train.py": "the training command's own output",
    "odoo_tools/audit.py": "SQL and the audit log's verification report",
}
# Keyword arguments whose text is for developers, operators or a model, not for the person chatting.
NOT_READ_KEYWORDS = {"help", "description", "short_help", "epilog", "rich_help_panel", "order", "metavar"}
SENTENCE = re.compile(r"[A-Za-zÀ-ÿ]{2,}[,:;]?\s+[A-Za-zÀ-ÿ'’]{2,}[,:;]?\s+[A-Za-zÀ-ÿ'’]{2,}")
NOT_PROSE = re.compile(r"\\[sbdwSBDW]|\(\?|\[\^|\||^\s*(SELECT|INSERT|UPDATE|CREATE|ALTER|DROP|DELETE)\b")
EXEMPT = "# i18n-exempt:"


def _sources() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def _calls_to(name: str) -> list[tuple[Path, int, str]]:
    found = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):  # fmt: skip
                found.append((path, node.lineno, node.args[0].value))
    return found


def _named_keys() -> set[str]:
    """Every literal in the code shaped like a catalog key (keys are also kept in tables and passed along)."""
    keys = set()
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and KEY.match(node.value):
                keys.add(node.value)
    return keys


def _catalog() -> dict[str, object]:
    return {f"{a}.{k}": text for a in areas() for k, text in area(a).items()}


def test_every_key_has_both_languages_with_the_same_placeholders() -> None:
    catalog = _catalog()
    assert len(catalog) > 400
    empty = [key for key in catalog if not all(getattr(entry(key), lang).strip() for lang in LANGUAGES)]
    unlike = [key for key in catalog if entry(key).placeholders("en") != entry(key).placeholders("fr")]
    assert not empty and not unlike, (empty, unlike)


@pytest.mark.parametrize("name", ["t", "say"])
def test_every_key_the_code_names_exists(name: str) -> None:
    catalog = _catalog()
    missing = [f"{p.relative_to(ROOT)}:{line} {key}" for p, line, key in _calls_to(name) if key not in catalog]
    assert not missing, missing


def test_every_catalog_key_is_used() -> None:
    unused = sorted(set(_catalog()) - _named_keys())
    assert not unused, unused


def _prose(path: Path) -> list[str]:
    """Sentence-like literals of one file that are not docstrings, logs, regexes, SQL or exempt lines."""
    source = path.read_text()
    lines = source.splitlines()
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    docstrings = {node.body[0].value for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)}  # fmt: skip
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or node in docstrings:
            continue
        if not SENTENCE.search(node.value) or NOT_PROSE.search(node.value):
            continue
        parent = parents.get(node)
        while isinstance(parent, ast.JoinedStr | ast.FormattedValue | ast.BinOp):
            parent = parents.get(parent)
        if isinstance(parent, ast.keyword) and parent.arg in NOT_READ_KEYWORDS:
            continue
        if isinstance(parent, ast.Call):
            func = ast.unparse(parent.func)
            if func.split(".")[0] in {"log", "logger", "_log", "logging", "re", "warnings"}:
                continue
        span = lines[node.lineno - 1 : (node.end_lineno or node.lineno) + 1]
        if any(EXEMPT in line for line in span):
            continue
        found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:70]!r}")
    return found


def test_no_sentence_a_person_reads_is_written_outside_the_catalog() -> None:
    outside = [hit for path in _sources() if str(path.relative_to(ROOT)) not in NOT_READ for hit in _prose(path)]
    assert not outside, "\n".join(outside)


# What the doors put on screen: every word shown, however short ("bye", a table's column), is the catalog's.
_SHOWN_BY = {"print", "echo", "status", "Table", "Column", "add_row", "fail", "Text", "Panel", "Rule"}
_MARKUP = re.compile(r"\[/?[a-z ]+\]")
_WORD = re.compile(r"[A-Za-zÀ-ÿ]{2,}")


def _shown(path: Path) -> list[str]:
    """Literal words a door passes to what prints them (rich markup and lone style names aside)."""
    source = path.read_text()
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and ast.unparse(node.func).split(".")[-1] in _SHOWN_BY):
            continue
        for arg in node.args:
            parts = arg.values if isinstance(arg, ast.JoinedStr) else [arg]
            for part in parts:
                if not (isinstance(part, ast.Constant) and isinstance(part.value, str)):
                    continue
                if _WORD.search(_MARKUP.sub("", part.value)) and EXEMPT not in lines[node.lineno - 1]:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {part.value[:60]!r}")
    return found


def test_nothing_a_door_shows_is_written_outside_the_catalog() -> None:
    shown = [hit for path in sorted((ROOT / "agent").rglob("*.py")) for hit in _shown(path)]
    assert not shown, "\n".join(shown)


def test_the_prose_check_catches_a_sentence() -> None:
    sample = ROOT / "tests" / "_prose_sample.py"
    sample.write_text('MESSAGE = "The order was confirmed."\nPATTERN = r"\\bconfirm(ed)?\\b|ok"\n')
    try:
        assert [hit.split(": ", 1)[1] for hit in _prose(sample)] == ["'The order was confirmed.'"]
    finally:
        sample.unlink()
