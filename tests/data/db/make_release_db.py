"""Write a database with release 0.1.0 (commit dd6353c): feeds, items, stories, topics,
a channel with a delivered digest, a pending digest, and stories not yet delivered."""
import asyncio, dataclasses, sys, shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from bot.app import open_app
from bot.chat.console import ConsoleDeliverer
from bot.config import Config, DatabaseSection, FetchSection
from bot.core.model import ChannelRef
from bot.demo import serve_files
import io

OUT = Path(sys.argv[1])
DATA = Path("tests/data/outlets")

async def main():
    files = {p.name: p.read_bytes() for p in DATA.glob("*.xml") if p.name in (
        "japan-times-1.xml", "japan-today-1.xml", "indian-express-1.xml", "nytimes-1.xml", "le-monde-1.xml", "mirror-1.xml")}
    runner, base = await serve_files(files)
    now = [datetime(2017, 1, 7, 23, 0, tzinfo=UTC)]
    if OUT.exists(): OUT.unlink()
    config = dataclasses.replace(Config(), database=DatabaseSection(path=str(OUT)),
        fetch=FetchSection(allow_private_addresses=True, parse_workers=0), source="release-db")
    buf = io.StringIO()
    try:
        async with open_app(config, clock=lambda: now[0], console=ConsoleDeliverer(buf), backlog_on_first_fetch=False) as app:
            s = app.service
            ids = []
            for name in ("japan-times-1.xml", "japan-today-1.xml", "indian-express-1.xml", "nytimes-1.xml"):
                ids.append((await s.add_feed(f"{base}/{name}", name.split("-1")[0])).id)
            await s.poll()
            desk = ChannelRef("console", "desk")
            await s.subscribe(desk, ["japan-korea", "taiwan", "china-us", "north-korea"])
            await s.set_schedule(desk, "08:00", "Asia/Tokyo")
            r = await s.send_now(desk)
            print("first digest", r.outcome, len(r.digest.story_ids) if r.digest else 0)
            # later: two more feeds arrive, not yet delivered
            now[0] += timedelta(hours=1)
            for name in ("le-monde-1.xml", "mirror-1.xml"):
                await s.add_feed(f"{base}/{name}", name.split("-1")[0])
            await s.poll()
            other = ChannelRef("console", "other")
            await s.subscribe(other, ["russia-ukraine", "coercion", "japan-korea"])
            chat = ChannelRef("discord", "111:222")
            await s.subscribe(chat, ["russia-ukraine", "japan-korea", "taiwan"])
            r2 = await s.send_now(chat)
            print("chat digest", r2.outcome, r2.error)
            st = await s.status()
            print("items", st.items, "stories", st.stories)
    finally:
        await runner.cleanup()
    print(buf.getvalue()[:3000])

asyncio.run(main())
