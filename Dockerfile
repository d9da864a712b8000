# News Digest Bot: one process, its SQLite database and config.toml on the /data volume.
#   docker build -t news-digest-bot .
#   docker run -d --name newsbot -v newsbot-data:/data -e DISCORD_TOKEN news-digest-bot
# tests/test_container.py runs this file's ENTRYPOINT, CMD and HEALTHCHECK (no Docker engine
# is needed for that); the README's "Operations" section explains every choice below.
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Only what `pip install .` needs (the .dockerignore keeps the rest of the checkout out).
# Time zones: the `tzdata` Python package is a runtime dependency of the bot, so zoneinfo finds
# every IANA zone whatever the base image ships; the import below fails the build if it does not.
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY config.example.toml /usr/local/share/news-digest-bot/config.example.toml
# [cjk]: the Chinese, Japanese and Korean segmenters topic matching uses (bot/core/segment.py);
# [postgres]: the driver for several bot processes on one PostgreSQL database (README, Scaling).
RUN pip install --no-cache-dir .[cjk,postgres] \
    && python -c "from zoneinfo import ZoneInfo; ZoneInfo('Asia/Seoul'); ZoneInfo('America/New_York')" \
    && cd / && rm -rf /src

# A fixed non-root uid, so a bind-mounted host directory can be given to it: chown 10001 DIR.
# The database (database.path is relative to the working directory) and config.toml live in
# /data; the VOLUME comes after the chown so a new named volume starts owned by the bot user.
WORKDIR /data
RUN useradd --system --uid 10001 --user-group --home-dir /data --no-create-home \
        --shell /usr/sbin/nologin bot \
    && chown bot:bot /data
USER bot
VOLUME /data

# The bot stops its scheduler, finishes pending writes and closes the database on SIGTERM.
STOPSIGNAL SIGTERM

# Asks the running bot, not the process table: /healthz when [metrics] is enabled, else the
# heartbeat the bot writes to the database every 30 s. Exit 2 (a config error) is reserved by
# Docker, hence `|| exit 1`.
HEALTHCHECK --interval=60s --timeout=15s --start-period=90s --retries=3 \
    CMD python -m bot --config /data/config.toml healthcheck || exit 1

# First start on an empty volume: copy the example config (console mode and the starter feeds)
# to /data/config.toml so the container runs instead of exiting with "config file not found".
# An existing config.toml is never touched. `exec` makes the bot PID 1, so it gets SIGTERM.
ENTRYPOINT ["/bin/sh", "-c", "[ -e /data/config.toml ] || cp /usr/local/share/news-digest-bot/config.example.toml /data/config.toml || exit 1; exec \"$@\"", "news-digest-bot"]
CMD ["python", "-m", "bot", "--config", "/data/config.toml", "run"]
