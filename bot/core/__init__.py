"""The functional core: every decision, no I/O, no clock (``now`` is a parameter), no globals.

``tests/test_architecture.py`` enforces that modules here import only the standard library,
``bot.core``, ``bot.errors`` and a short allow-list of pure computation libraries (rapidfuzz,
ahocorasick_rs) that do no I/O; ``segment`` imports the optional CJK segmenters by name, lazily.
"""
