"""Discord: ``frontend`` (the client, its command tree, sync and the error handler),
``commands`` (the slash commands), ``choices`` (autocomplete), ``replies`` (answers),
``render`` (a digest as messages within Discord's limits) and ``delivery`` (posting them).
"""
