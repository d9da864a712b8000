"""Chat frontends and deliverers: each only translates to and from ``DigestService``."""
