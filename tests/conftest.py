from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from bot.app import RAISE_BUGS_ENV
from tests.clock import FixedClock
from tests.pg import pg_server, pg_url  # noqa: F401 - a real PostgreSQL server (issue 18)

# A bug caught at the per-feed boundary of a poll fails the test instead of hiding as a feed error.
os.environ[RAISE_BUGS_ENV] = "1"

DATA = Path(__file__).parent / "data"
OUTLETS = DATA / "outlets"

settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def quiet_collector() -> Iterator[None]:
    """For the few tests on the wall clock: collect once, then keep the suite's long-lived
    objects (about a million by the end) out of later collections, so a full collection cannot
    stall the event loop across a digest slot while they run."""
    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()
