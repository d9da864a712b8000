"""``make bench``: every benchmark, one JSON line per figure (paste them into closing notes).

Speed and memory are measured here, never asserted in tests.
"""

from __future__ import annotations

import json
import sys
import time

from bench import cluster, digest, fidelity, ingest, match, pipeline, scaleout, story_quality


def main() -> None:
    for name, module in (
        ("match", match),
        ("cluster", cluster),
        ("story_quality", story_quality),
        ("digest", digest),
        ("pipeline", pipeline),
        ("ingest", ingest),
        ("fidelity", fidelity),
        ("scaleout", scaleout),
    ):
        started = time.perf_counter()
        for row in module.run():
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        sys.stderr.write(f"bench {name} took {time.perf_counter() - started:.0f} s\n")


if __name__ == "__main__":
    main()
