"""The layering rules of STYLE.md, checked on the source with ``ast``."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"
# Pure computation libraries allowed in the core: they do no I/O (issue 4 and 5 ask for them).
# Issue 15: ahocorasick_rs replaced pyahocorasick (bot/core/match.py says why); the CJK
# segmenters are computations over text too, reading only their own installed dictionaries, and
# bot/core/segment.py imports them by name (importlib) so that they stay optional.
CORE_THIRD_PARTY = {"rapidfuzz", "ahocorasick_rs"}


def _modules(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", _modules(BOT / "core"), ids=lambda p: p.name)
def test_core_imports_only_stdlib_and_itself(path: Path) -> None:
    for name in _imports(path):
        top = name.split(".")[0]
        allowed = (
            top in sys.stdlib_module_names
            or name == "bot.core"
            or name.startswith(("bot.core.", "bot.errors"))
            or top in CORE_THIRD_PARTY
            or name == "__future__"
        )
        assert allowed, f"{path.name} imports {name}"
        assert top not in {"asyncio", "socket", "sqlite3", "aiohttp", "aiosqlite"}, name


SQL = ("SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM", "CREATE TABLE")


@pytest.mark.parametrize("path", _modules(BOT), ids=lambda p: str(p.relative_to(BOT)))
def test_sql_only_in_storage(path: Path) -> None:
    if "storage" in path.parts:
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            assert not node.value.lstrip().upper().startswith(SQL), f"SQL in {path}"


@pytest.mark.parametrize("path", _modules(BOT), ids=lambda p: str(p.relative_to(BOT)))
def test_print_only_in_console(path: Path) -> None:
    if path.name == "console.py":
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id != "print", f"print() in {path}"


def test_no_module_shadows_a_library() -> None:
    names = {p.stem for p in _modules(BOT)}
    assert not names & {
        "discord",
        "slack_bolt",
        "feedparser",
        "aiohttp",
        "utils",
        "helpers",
        "manager",
    }
