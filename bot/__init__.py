"""News Digest Bot: polls RSS/Atom/JSON feeds, groups stories, filters topics, posts digests.

The packages follow the pipeline, bottom layer first (a module imports only its own layer and the
layers below; ``tests/test_architecture.py`` holds the order):

- ``core``: pure decisions (normalize, dedupe and evidence, query and match, digest, cadence,
  policy), with ``now`` as a parameter and no I/O;
- ``storage``: the store and its migrations;
- ``ingest`` (fetch, parse, poll, OPML), ``stories`` (the story book, splits), ``topics`` (the
  built-in library, tagging);
- ``digests``: the runner (record → send → mark), the schedule, the ``Deliverer`` port, alerts,
  ``why``;
- ``service``: ``DigestService``, one method per command;
- ``chat`` (console, Discord, Slack) and ``metrics``;
- ``app`` (the composition root), ``runtime`` (the running bot), ``logs``, ``config_check``,
  ``runlock``;
- ``cli`` and ``__main__``.
"""

__version__ = "0.2.0"
