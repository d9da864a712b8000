"""Digests: build, record, send and mark each channel's digest, on its schedule.

``runner`` (record → send → mark, claims across processes), ``schedule`` (APScheduler wiring:
the poll job and one slot trigger per channel), ``deliverer`` (the port every chat platform
implements), ``alerts`` (a channel hears when a feed it reads keeps failing), ``explain`` (``why``)
and ``failpoints`` (named crash points for the crash tests). The decisions are the core's
(``bot.core.digest``, ``bot.core.cadence``).
"""
