"""News Digest Bot: polls RSS/Atom feeds, groups stories, filters topics, posts digests."""

__version__ = "0.1.0"
