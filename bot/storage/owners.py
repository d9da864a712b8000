"""Who holds a claim: ``host:pid:nonce`` names a process, and one on this host that no longer
exists can have its claims taken at once instead of waiting for their leases to expire.

Digest claims and feed leases (issue 18) both name their holder this way.
"""

from __future__ import annotations

import os
import secrets
import socket


def process_owner() -> str:
    """This process, as a digest claim names it: ``host:pid:nonce``."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def owner_is_dead(owner: str | None) -> bool:
    """True when ``owner`` is a process on this host that no longer exists.

    Its claim can then be taken at once instead of waiting for the lease to expire (a bot that
    crashed and restarts resends its pending digest immediately). A holder on another host is
    never presumed dead: its lease expires.
    """
    if owner is None:
        return False
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
