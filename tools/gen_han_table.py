"""Write ``bot/core/han_table.py``: one-to-one Han character variants from OpenCC's tables.

Run from the repository root after ``pip install opencc-python-reimplemented==0.1.7`` (only this
script needs it; the bot reads the generated module):

    python tools/gen_han_table.py

A group pairs a traditional character with its simplified form when the simplified form reads
that traditional character first (OpenCC ``STCharacters.txt``) and the traditional character has
that one simplified form (``TSCharacters.txt``); the Japanese shinjitai form (``JPVariants.txt``)
joins when it is no other character's form. Characters of the hand-written table in
``bot.core.hanvariants`` are left to it: there a person chose the reading that news means.

``FORMS`` pairs a traditional character with the way Taiwan or Hong Kong writes it (OpenCC
``TWVariants.txt``, ``HKVariants.txt``: 啓 and Taiwan's 啟, 衛 and Hong Kong's 衞, 說 and 説), one
character in two spellings, which ``bot.core.hanvariants`` adds to the character's group. Not
著 for 着: jieba reads a group as its most frequent member, and simplified text keeps 著 apart
(著名, "famous"), so 著名 would reach jieba as 着名.
"""

from __future__ import annotations

import textwrap
from importlib import resources
from pathlib import Path

from bot.core.hanvariants import HAND_GROUPS

_HEADER = '''"""One-to-one Han character variants, made by ``tools/gen_han_table.py``: do not edit.

Derived from the character tables of OpenCC (https://github.com/BYVoid/OpenCC, Apache License
2.0, see THIRD_PARTY_NOTICES.md) as shipped in opencc-python-reimplemented {version}:
``TSCharacters.txt``, ``STCharacters.txt``, ``JPVariants.txt``, ``TWVariants.txt`` and
``HKVariants.txt``. Each group is a traditional character, its simplified form and, where it
differs from both, its Japanese form; each form a traditional character and Taiwan's or Hong
Kong's spelling of it. Used by ``bot.core.hanvariants``.
"""

GROUPS = """
'''


def _load(name: str) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    text = resources.files("opencc").joinpath("dictionary", name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            key, values = line.split("\t")
            table[key] = values.split()
    return table


def _han(char: str) -> bool:
    return len(char) == 1 and 0x4E00 <= ord(char) <= 0x9FFF


def groups() -> list[str]:
    to_simplified = _load("TSCharacters.txt")
    to_traditional = _load("STCharacters.txt")
    to_japanese = _load("JPVariants.txt")
    used = {char for group in HAND_GROUPS for char in group}
    found = []
    for traditional, simplified_forms in sorted(to_simplified.items()):
        if len(simplified_forms) != 1 or not _han(traditional):
            continue
        simplified = simplified_forms[0]
        if simplified == traditional or not _han(simplified) or {traditional, simplified} & used:
            continue
        if to_traditional.get(simplified, [""])[0] != traditional:
            continue  # the simplified form stands first for another traditional character
        group = traditional + simplified
        japanese = to_japanese.get(traditional, [])
        if (
            len(japanese) == 1
            and _han(japanese[0])
            and japanese[0] not in used
            and japanese[0] not in group
            and japanese[0] not in to_simplified
            and japanese[0] not in to_traditional
        ):
            group += japanese[0]
        found.append(group)
        used.update(group)
    return found


_NOT_FORMS = frozenset({("着", "著")})  # see the module docstring


def forms() -> list[str]:
    found: dict[str, None] = {}
    for name in ("TWVariants.txt", "HKVariants.txt"):
        for standard, spellings in sorted(_load(name).items()):
            for spelling in spellings:
                local = spelling != standard and _han(standard) and _han(spelling)
                if local and (standard, spelling) not in _NOT_FORMS:
                    found[standard + spelling] = None
    return list(found)


def main() -> None:
    from importlib.metadata import version

    body = "\n".join(textwrap.wrap(" ".join(groups()), width=56))  # CJK: 2 columns each
    text = _HEADER.format(version=version("opencc-python-reimplemented")) + body
    text += '\n""".split()  # noqa: SIM905 -- generated, one group per word\n'
    text += '\nFORMS = """\n' + "\n".join(textwrap.wrap(" ".join(forms()), width=56))
    text += '\n""".split()  # noqa: SIM905 -- generated, one pair per word\n'
    Path("bot/core/han_table.py").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
