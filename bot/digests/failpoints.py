"""Named crash points for the crash-recovery tests (the failpoint technique of etcd/TiKV).

``hit(name)`` does nothing unless the environment variable ``NEWS_DIGEST_FAILPOINT`` equals
``name``; then it kills this process with SIGKILL on the spot, exactly as a power cut or an OOM
kill would, with no cleanup. The tests in ``tests/digests/test_crash.py`` use it to prove that a
digest is neither lost nor repeated when the process dies between recording, sending and marking it.
"""

from __future__ import annotations

import os
import signal

ENV = "NEWS_DIGEST_FAILPOINT"


def hit(name: str) -> None:
    if os.environ.get(ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)
