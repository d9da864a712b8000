"""Stories: the same event from several outlets becomes one story.

``book`` keeps the core's story index (``bot.core.dedupe``, its rolling IDF and evidence) in step
with the store and places new items; ``splits`` undoes a wrong merge for good.
"""
