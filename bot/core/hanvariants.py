"""Traditional / simplified / Japanese-shinjitai Han variants, folded to one character per group.

A topic written as ``台湾`` must also find ``臺灣`` (Taiwan, traditional) and ``台灣`` (the common
mixed spelling). Converting articles to one script with a full conversion table gets ambiguous
one-to-many characters wrong (发 is both 發 and 髮), so the bot folds *groups* of
interchangeable characters: every character of a group becomes the group's first character, in
terms and in text alike (``canonical_han``), one character for one so that offsets stay. Issue 5
expanded each term into every combination of its variants instead; with issue 15's 300-term
topics that put hundreds of thousands of spellings into the automaton, and folding the text
gives the same matches (two strings fold equal exactly when they differ only by characters of
the same groups) at one spelling a term. The Chinese segmenter reads the groups too
(``bot.core.segment``): it cuts traditional text as the simplified text its dictionary knows.

Three tables:

- ``HAND_GROUPS`` (below), written first: the characters of the built-in topics and common
  foreign-affairs vocabulary (states, leaders, ministries, military and trade words); where a
  simplification is one-to-many it lists the readings that matter in news (``台臺`` without
  颱 "typhoon", ``發发`` without 髮 "hair"; ``籤簽签`` with both).
- ``bot.core.han_table.GROUPS``: 2,300 more groups, every other character whose traditional and
  simplified forms pair one to one, generated from OpenCC's character tables
  (``tools/gen_han_table.py``), with the Japanese form where it differs. With the hand table
  alone, a term's character outside it failed silently across scripts: 封锁 ("blockade") never
  found Taiwan's 封鎖, nor 特别军事行动 Hong Kong's 特別軍事行動. OpenCC itself converts whole
  texts, which is what this module must not do; its tables, read once, are what the bot needs.
- ``bot.core.han_table.FORMS``: how Taiwan and Hong Kong spell a traditional character (Taiwan's
  啟 and 偽, Hong Kong's 衞 and 説), each added to the character's group: Taiwan's 啟動 missed a
  term 启动, and Hong Kong's 防衞 a term 防卫. (Hong Kong's 綫, which OpenCC does not list, is
  in the hand table's 線线綫.)
"""

from __future__ import annotations

from bot.core.han_table import FORMS, GROUPS

# Groups of characters that spell the same word: traditional Chinese first, then simplified,
# then the Japanese shinjitai form where it differs from both. Written by hand where a character
# has several readings and news means one (發, not 髮, for 发) or OpenCC pairs it otherwise. The
# last lines: simplified characters that stand for several traditional ones that news uses
# (签 for 簽, "sign, visa", and 籤, "lot"; 制 for 製, "make"; 周 for 週, "week"; 卷 for 捲,
# "roll up"), which the one-to-one table leaves out, so Taiwan's 免簽 missed a term 免签 and
# jieba read 地主席捲 ("the host sweeps") as 地|主席|捲. A term in one of a group's characters
# then finds the others too, which seldom spell another word; where they do, the group leaves
# the character out (台 without 颱 "typhoon" and 檯 "table", 发 without 髮 "hair").
HAND_GROUPS = """
台臺 湾灣 韓韩 国國 鮮鲜 華华 與与 關关関 脅胁 經经経 濟济済 軍军 彈弹弾 導导
飛飞 發发 試试 驗验験 島岛 東东 釣钓 魚鱼 閣阁 領领 爭争 戰战戦 總总総 統统
習习 會会 談谈 長长 務务 選选 舉举挙 黨党 進进 錫锡 悅悦 賴赖頼 德徳 澤泽沢
連连 倫伦 烏乌 蘭兰 羅罗 貿贸 稅税 體体 術术 實实実 區区 衛卫 禦御 艦舰 機机
壓压圧 強强 報报 婦妇 賠赔 償偿 議议 條条 約约 協协 邊边辺 對对対
話话 兩两両 峽峡 獨独 陸陆 們们 說说 這这 個个 為为 將将 從从 歐欧 聯联 亞亚
際际 權权権 義义 價价価 錢钱 銀银 業业 產产産 農农 電电 線线綫 網网 擊击撃 襲袭
佔占 併并並 難难 亂乱 殺杀 傷伤 萬万 億亿 來来 時时 間间 問问 題题 門门 開开
頭头 見见 現现 點点 無无 應应 變变 書书 學学 氣气気 漢汉 語语 讀读 團团 圖图
場场 廣广 陳陈 劉刘 張张 楊杨 黃黄 吳吴 趙赵 鄭郑 馬马 蘇苏 維维 齊齐斉 紛纷
糾纠 專专 爾尔 頓顿 宮宫 晉晋 偉伟 運运 輸输 規规 嚇吓 擴扩拡 懲惩 罰罚
處处処 決决 鬥斗闘 麗丽 歸归帰 隊队 紅红 韋韦 勢势 態态 諾诺 蔣蒋 鐵铁鉄 廠厂
礦矿鉱 藝艺芸 歲岁 樂乐楽 藥药薬 醫医 號号 觀观観 參参 訪访 員员 勞劳労 動动
費费 燒烧焼 揚扬 擬拟 隱隐 館馆 層层 雙双 辭辞 盧卢 傑杰 瑋玮 絕绝絶 鏈链
識识 認认 圍围 僅仅 禮礼 齡龄齢 擇择択 紐纽 聖圣 薩萨 魯鲁 嶼屿 衝沖冲 繩绳縄
緊紧 擾扰 顧顾 辦办 單单 傾倾 興兴 劇剧 獎奖 奧奥 壤壌 惠恵 濤涛 熱热 籃篮 納纳
腦脑脳 補补 貼贴 輔辅 錦锦 銷销 風风 蕭萧 財财 脫脱 徵征徴 遊游 環环 暫暂 眾众衆
穀谷 杯盃 裏里裡 畫画
籤簽签 製制 週周 餘余 鐘鍾钟 佈布 註注 瞭了 劃划 捲卷巻 迴回 託托 鬆松 麵麪面麺
幹乾干 復複覆复 匯彙汇 獲穫获 盡儘尽 髒臟脏臓 歷曆历歴暦 係繫系繋 隻祇只 贊讚赞賛
嘗嚐尝 鑑鑒鉴 煉鍊炼錬 彌瀰弥 惡噁恶悪 誌志 餵喂 捨舍舎 錶表 蒐搜捜 傢家 剋克 慾欲
癥症 摺折 嚮向 矇濛懞蒙 藉借 鉅巨 颳刮 絃弦 蔔卜 韆千 薑姜 蘋苹 闆板 閒閑闲 纖縴纤繊
""".split()  # noqa: SIM905 -- a visual table reads better than 300 quoted strings


def _build_variants(groups: list[str], forms: list[str]) -> tuple[dict[str, str], frozenset[str]]:
    """Character -> its group, and the local spellings added: of each of ``forms`` (a character
    and how Taiwan or Hong Kong writes it: 爲 and 為, 啓 and 啟), the one in no group joins the
    other's at its end, or the two make one, the local spelling first."""
    variants: dict[str, str] = {}
    for group in groups:
        for char in group:
            variants[char] = group
    added: set[str] = set()
    for pair in forms:
        standard, spelling = pair[0], pair[1]
        if standard in variants and spelling in variants:
            continue
        if spelling in variants:
            standard, spelling = spelling, standard  # Taiwan's 為 is the group's, 爲 joins
        if standard in variants:  # joins a group: not the one the group is read as
            added.add(spelling)
            group = variants[standard] + spelling
        else:  # the local spelling is today's (纔 才, 覈 核): it stands first
            group = spelling + standard
        for char in group:
            variants[char] = group
    return variants, frozenset(added)


VARIANTS, LOCAL_SPELLINGS = _build_variants(HAND_GROUPS + GROUPS, FORMS)
"""``VARIANTS``: character -> its group (traditional, simplified, Japanese order, then a local
spelling); ``LOCAL_SPELLINGS``: the spellings ``FORMS`` added to a group, which no reader takes
for the group's own (the segmenter reads a group as the member its dictionary knows best, and
jieba counts 閲, Hong Kong's spelling of 閱, above 阅). Constants: never mutated."""


CANONICAL: dict[int, str] = {
    ord(char): group[0] for char, group in VARIANTS.items() if char != group[0]
}
"""``str.translate`` table: each variant character -> its group's first character."""


def canonical_han(text: str) -> str:
    """``text`` with every variant character replaced by its group's first character."""
    return text.translate(CANONICAL)
