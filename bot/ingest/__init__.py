"""Ingestion: fetch feeds safely, parse them off the event loop, store each article once.

``fetch`` (conditional GET, body cap, redirects) behind ``netguard`` (the address guard),
``parse`` and ``jsonfeed`` (feedparser and JSON Feed on bytes) in ``parser_pool`` (worker
processes), ``poller`` (one poll: due feeds → store, one outcome per feed) and ``opml``
(import and export of feed lists).
"""
