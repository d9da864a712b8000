"""Topics: the built-in topic library (``builtin`` and its ``builtin.toml``) and ``tagging``,
which matches a new or changed topic against the stories already stored. The query language,
the matcher and the CJK segmenters are pure and live in ``bot.core``.
"""
