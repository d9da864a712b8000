"""The bot says once, at start, which CJK languages fall back to character matching (issue 15)."""

from __future__ import annotations

import logging

import pytest

from bot.core.segment import LIBRARIES
from bot.runtime import warn_cjk_fallback


def test_missing_segmenters_are_named(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.runtime"):
        warn_cjk_fallback(frozenset({"zh"}))
    [record] = caplog.records
    assert "languages=ja,ko" in record.getMessage()
    assert "character matching" in record.getMessage()


def test_nothing_is_said_when_every_segmenter_is_installed(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.runtime"):
        warn_cjk_fallback(frozenset(LIBRARIES))
    assert not caplog.records
