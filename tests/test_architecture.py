"""The layering rules of STYLE.md, checked on the source with ``ast``."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from tests.paths import ROOT

BOT = ROOT / "bot"
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


# The layers, bottom first (issue 17): a module imports only from its own layer and the layers
# below it, so the folders read as the pipeline and a port lives with the layer that calls it.
# ``bot.errors`` and ``bot.config`` are values every layer may use.
LAYERS: list[tuple[str, ...]] = [
    ("bot.errors", "bot.config"),  # and the package itself (``bot.__version__``)
    ("bot.core",),
    ("bot.storage",),
    ("bot.ingest", "bot.stories", "bot.topics"),
    ("bot.digests",),
    ("bot.service",),
    ("bot.chat", "bot.metrics"),
    ("bot.app", "bot.runtime", "bot.logs", "bot.runlock", "bot.config_check"),
    ("bot.cli", "bot.__main__"),
]


def _layer(module: str) -> int | None:
    if module == "bot":
        return 0
    for index, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return index
    return None


def _module_name(path: Path) -> str:
    parts = path.relative_to(BOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _violations(module: str, imported: set[str]) -> list[str]:
    own = _layer(module)
    if own is None:
        return [f"{module} is in no layer: add it to LAYERS"]
    found = []
    for name in sorted(imported):
        if name != "bot" and not name.startswith("bot."):
            continue
        target = _layer(name)
        if target is None:
            found.append(f"{module} imports {name}, which is in no layer")
        elif target > own:
            found.append(f"{module} (layer {own}) imports {name} (layer {target}): upward")
    return found


@pytest.mark.parametrize("path", _modules(BOT), ids=lambda p: str(p.relative_to(BOT)))
def test_imports_run_downward_only(path: Path) -> None:
    module = _module_name(path)
    if module != "bot":
        assert _violations(module, _imports(path)) == []


@pytest.mark.parametrize(
    ("module", "imported", "upward"),
    [
        ("bot.storage.digests", {"bot.service"}, True),
        ("bot.digests.runner", {"bot.chat.base"}, True),  # the port lived in chat/ (issue 17)
        ("bot.core.model", {"bot.storage"}, True),
        ("bot.service.feeds", {"bot.ingest.poller", "bot.core.model", "bot.errors"}, False),
        ("bot.chat.console", {"bot.digests.deliverer"}, False),
    ],
    ids=["storage-to-service", "digests-to-chat", "core-to-storage", "service-down", "chat-down"],
)
def test_the_layer_rule_fails_on_an_upward_import(
    module: str, imported: set[str], upward: bool
) -> None:
    assert bool(_violations(module, imported)) is upward


MAX_LINES = 350


@pytest.mark.parametrize("path", _modules(BOT), ids=lambda p: str(p.relative_to(BOT)))
def test_no_module_over_350_lines_without_a_reason(path: Path) -> None:
    """Issue 17: a module over about 350 lines says in its docstring why it is one module."""
    text = path.read_text(encoding="utf-8")
    if text.count("\n") <= MAX_LINES:
        return
    doc = ast.get_docstring(ast.parse(text)) or ""
    assert "lines" in doc.lower(), f"{path.relative_to(BOT)}: over {MAX_LINES} lines, no reason"
