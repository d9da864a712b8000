"""Word boundaries in Chinese, Japanese and Korean text, so a CJK topic term matches words.

Issue 15: matching CJK terms anywhere in a character run made ``日朝`` match 昨日朝野 ("yesterday,
ruling and opposition"), ``美中`` match 在美中国 and ``한일`` match 대한일보. The rule now:

    A term whose first (last) character is Han, Kana or Hangul matches only where it starts (ends)
    on a word boundary of the text. A term may cover several words (``日韓首脳`` over 日韓|首脳),
    and the parts of a compound word are words too, so 대북제재 holds 제재 and 台湾海峡 holds 台湾.
    But a term that starts inside one word and ends inside another is two words' pieces, not a
    word: ``美中`` does not match 欧美|中小企业 ("European and American SMEs"), while ``中美贸易``
    still matches 中美|贸易战 (it starts on a word's edge) and ``日韩`` 中日韩 (inside one word).

The language is told per text (title and summary separately): any Kana -> Japanese, else any
Hangul -> Korean, else a kanji only Japanese writes (毎, 対, 関, 発 …) -> Japanese, else Han ->
Chinese. The boundaries are those of one segmenter per language:

- **Chinese: rjieba** (jieba-rs, jieba's dictionary) on the text with traditional characters
  mapped to simplified (``hanvariants``, one character for one, so offsets stay), then every word of
  three or more characters is split into the most probable sequence of *shorter* dictionary words
  (jieba's own route, ln(freq) - ln(total) per word, the whole word excluded), and so is
  each part of three or more characters in turn (香港特区政府 -> 香港特区|政府 ->
  香港|特区|政府): 台湾海峡 -> 台湾|海峡, 中日韩 -> 中日|韩, 东京都 -> 东京|都 (so
  ``京都`` never matches Tokyo), 中美洲 -> 中|美洲 (so ``中美`` never matches Central
  America); a single character is a part only at a word's start, at its end as a word of its
  own (都, 市, 人, 团 …), or as a state's abbreviation, so a transliterated name stays whole
  (印度尼西亚 holds no 印度, 日内瓦 no 日); an idiom stays whole (美中不足), and so does a
  leading 北 (北极光, "the
  northern lights", not 北|极光: Chinese never writes North Korea as 北 alone, as Japanese
  and Korean headlines do). A word
  or part of two one-character state names (美俄 US-Russia, 俄乌, 中美) is two words, so ``俄``
  matches 俄乌冲突 as a substring filter would; 美元 (dollar) and 美德 (virtue) stay whole, but
  not in 中美元首 ("China-US heads of state"), which jieba reads 中|美元|首.
  A one-character state name is also a word inside the two-character words of its forces and
  side and of the acts toward it: 美|军, 中|方, 涉|台, 访|美 (``_ZH_STATE_AFFIXES``). In traditional
  text a lone 台 or 新 before 北, 中 or 南 is Taiwan's city (台中|共有, not 台|中共: the CCP),
  and Taiwan's 共機, 共艦, 共軍 are words; 中共有 after a word and before a number is 中|共有
  ("among them, in all"). The state that begins a place's name (俄|罗斯) is a word only for a
  term inside the place: ``俄`` matches 俄罗斯, ``中俄`` not 冲突中|俄罗斯. A state that begins
  a word jieba's HMM made up is a word, save in a person's name: 中|韩应 is 中|韩|应.
- **Japanese: SudachiPy with sudachidict_small in mode A** (its shortest units): 東京都 -> 東京|都,
  北朝鮮への経済制裁 -> 北朝鮮|へ|の|経済|制裁; and as in Chinese 米|軍, 対|露, 訪|中, and two
  state names 日|米, 露|朝 (not 日中, "daytime", 朝日, nor 中米, "Central America"), except
  in a run of three (日|中|韓).
- **Korean: python-mecab-ko** (mecab-ko-dic) morphemes, and the dictionary's own decomposition of
  entries it marks as compounds: 대북제재 -> 대북|제재, 중국인 -> 중국|인; 대한일보 -> 대한|일보, so
  ``한일`` does not match it. A word made only of one-syllable state names has a word at each
  syllable (한미일 -> 한|미|일, 한일전 -> 한|일|전), which the dictionary reads unevenly
  (``_KO_STATE_RUN``).

A boundary also lies wherever CJK text meets anything else (a space, punctuation, Latin), but
not between digits and the unit of a date or time they write: 19日朝 ("the morning of the 19th")
is 19日|朝, so ``日朝`` does not match it; nor where the sentence shows a word's other sense:
日中 "in the daytime" before the day's heat, トランプ the cards among games, 中日 the baseball
club in a baseball headline, Korean 가자 "let's go" and 인도 the pavement (``_no_boundary``). A few
names that the dictionaries cut into two states' abbreviations (the Chunichi Shimbun, 中日|新聞;
Hanmi Pharmaceutical, 한미|약품) are kept whole, as a user dictionary would
(``bot.core.cjk_names``).
For ``NEAR`` a CJK word is one segmenter token (punctuation excluded), a Korean particle included:
일본과 한국 (일본|과|한국) is two words apart, as "Japan and Korea" is.

Without the ``[cjk]`` extra (or for a language whose library is missing) the rule falls back to
characters: every character boundary counts, as before issue 15, and each Han or Kana character
is a word for ``NEAR``. The bot says so once at start (``bot.app``).

Why these libraries (measured on 2 cores, Python 3.11; traps and compounds are the cases in
tests/core/test_segment.py; sizes are the venv growth measured with ``du``):

| language | library | cases right | chars/s | installed | RSS | load |
|---|---|---|---|---|---|---|
| zh | rjieba 0.2.2 | all, with the route split | 5.3 M | 4 MB | 33 MB | 0.3 s |
| zh | jieba 0.42.1 (pure Python) | same dictionary | 0.13 M | 41 MB | | 1.1 s |
| zh | spacy-pkuseg 1.0.2 | not needed | | 95 MB (numpy) | | |
| ja | SudachiPy + sudachidict_small, mode A | 16/17 | 0.55 M | 115 MB | 37 MB | 0.1 s |
| ja | SudachiPy + sudachidict_core, mode A | 16/17 | 0.59 M | 197 MB | | 0.2 s |
| ja | fugashi + unidic-lite | 16/17 | 1.2 M | 250 MB | | |
| ja | janome | 17/17 | 0.03 M | 202 MB | | |
| ko | python-mecab-ko + compounds | 18/20 | 0.13 M | 108 MB | 11 MB | 0.03 s |
| ko | kiwipiepy 0.24 (+ best split) | 15/20 (19/20) | 0.05 M | 217 MB | 320-500 MB | 2-9 s |

jieba's pure-Python cut costs ~2 ms per Chinese item, too slow for 5,000 items/s; rjieba is the
same dictionary in Rust. The core and small Sudachi dictionaries split every case the same way
(names differ, and a term may cover several tokens anyway), small is 80 MB lighter; janome is
right once more but 20x slower. kiwipiepy's model is the best Korean analyzer, but it needs
320-500 MB of memory and seconds to load, against the bot's 200 MB goal, while mecab-ko-dic marks
its compounds itself. Together the three add about 230 MB, more than the rest of the install, so
they are the ``[cjk]`` extra, always installed in the container, by ``make install`` and in CI.

Loading: nothing is loaded at import. ``shared_segmenter()`` creates the one process-wide
``Segmenter`` on first use (a cache, not state: the dictionaries are read-only), and each
language's dictionary is loaded the first time a text in that language needs boundaries, so CLI
commands that never match CJK text never pay for it.

About 1,080 lines: the three languages' backends and the boundary rules they feed (state pairs,
compound parts, names kept whole) are one contract with the matcher, and read best together.
"""

from __future__ import annotations

import importlib
import importlib.util
import math
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import chain, pairwise
from typing import Any

from ahocorasick_rs import AhoCorasick, MatchKind

from bot.core.cjk_names import NAMES, TAILS, keep_whole, surface
from bot.core.hanvariants import LOCAL_SPELLINGS, VARIANTS, canonical_han
from bot.core.scripts import CJK_CLASS, is_cjk

LIBRARIES = {"zh": "rjieba", "ja": "sudachipy", "ko": "mecab"}
"""Language -> the module that segments it (from the ``[cjk]`` extra)."""
JIEBA_TOTAL = 60_101_967  # sum of the frequencies in jieba's dict.txt, which jieba-rs embeds
CHUNK = 4000  # characters per segmenter call: Sudachi refuses inputs over ~49 KB of UTF-8
_SPLIT_CACHE = 50_000  # distinct long Chinese words kept with their split
# A dictionary word seen fewer times than this is no part of a longer word (``split``): jieba's
# dictionary holds fragments such as 防部 (4), and 国防部 in 国防部长 was cut 国|防部, so
# 美中國防部長 held 中國. No compound of the probes needs such a part (a floor of 20 lost 联合国 in
# 联合国粮农组织).
_PART_FREQ = 5
# jieba cuts text into blocks of Han at anything else and segments each block alone, so one call
# on a text whose non-CJK characters are blanked gives the words of one call per run
_WHOLE = frozenset({"zh"})
# the names kept whole (``cjk_names``) as text has them, with the words inside them; Chinese
# ones folded, as the text they are looked for in (one spelling serves both scripts)
_NAMES = {
    language: tuple(
        dict.fromkeys(surface(canonical_han(name) if language == "zh" else name) for name in names)
    )
    for language, names in NAMES.items()
}
# one automaton per language finds the names a text holds in one pass (a substring test per name
# cost a CJK text 13 us)
_NAME_FINDERS = {
    language: AhoCorasick([name for name, _ in names], matchkind=MatchKind.Standard)
    for language, names in _NAMES.items()
    if names
}


@dataclass(frozen=True, slots=True)
class Segmentation:
    """Where CJK words of one text start and end (``boundaries``) and start (``words``)."""

    boundaries: frozenset[int]
    words: tuple[int, ...]
    language: str
    by_characters: bool  # the fallback: no segmenter for ``language``
    # a boundary inside a segmenter word (a compound's part, a state pair's half) -> where that
    # word starts: a term may lie inside one word, or start or end on a word's edge, but one
    # that starts inside a word and ends inside another is made of two words' pieces (``美中`` in
    # 欧美|中小企业, "European and American SMEs")
    inside: Mapping[int, int] = field(default_factory=dict)
    # a cut that only a term inside its word may use -> that word's start and end: the state of
    # 美方 ("the US side") and 訪米 ("a visit to the US") is a word for ``美``, but ``中美`` does
    # not match 会谈中|美方 ("in the talks, the US side") nor ``米中`` 訪米|中 ("visiting the US")
    tight: Mapping[int, tuple[int, int]] = field(default_factory=dict)
    # where a Chinese 中 stands by itself after a word, "in" it (常规赛|中|韩德君, "in the league
    # game, Han Dejun"; 竞争|中|美国; 交易|日|中): a term may end before it, but none holds it
    postpositions: frozenset[int] = frozenset()

    def straddles(self, start: int, end: int) -> bool:
        """Whether ``start`` and ``end`` lie inside two different words (see ``inside``), or a
        term runs out of the word of a ``tight`` cut it starts or ends at, or holds a
        postposition."""
        if self.postpositions and any(start <= at < end for at in self.postpositions):
            return True
        tight = self.tight
        if tight:
            word = tight.get(start)
            if word is not None and end > word[1]:
                return True
            word = tight.get(end)
            if word is not None and start < word[0]:
                return True
        inside = self.inside
        if not inside:
            return False
        first = inside.get(start)
        return first is not None and inside.get(end, first) != first


_KANA = re.compile("[\u3040-\u309f\u30a1-\u30fa\u30fd-\u30ff\u31f0-\u31ff\uff66-\uff9d]")
_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7a3]")
_CJK_CHAR = re.compile(f"[{CJK_CLASS}]")
# what one segmenter call sees: CJK characters, with single spaces inside (Korean spaces words)
_CJK_RUN = re.compile(f"[{CJK_CLASS}]+(?: [{CJK_CLASS}]+)*")
# A date or time written with digits ("19日朝", "on the morning of the 19th"), or a sum of yen
# (日経平均、800円安, "800 yen lower"; 56元首日, "56 yuan on the first day"; 900万円高, in 万, 億 or
# 兆), or a count of machines (車3台, 3台美製): the unit belongs to the number, so no word starts at
# it and ``日朝`` (Japan-North Korea), ``円安`` (the weak yen), ``元首`` or ``台湾`` (車3台|湾岸線)
# does not match there; a year before Taiwan, Taipei or Tainan (2024台灣燈會, 2025台北國際電玩展)
# is no count of machines. So do
# Korean 대, 일 and 주 after digits (20대만, "only those in their twenties", no 대만;
# 주4일제, "the four-day week", no 일제; 1주일, "a week", no 주일) and 천, 만 and 억 (10만주,
# "100,000 shares", no 만주, Manchuria; 1천대만, "only 1,000 cars", no 대만).
_COUNTED = re.compile(
    "(?:[0-9\uff10-\uff19](?<![0-9\uff10-\uff19]{2})[0-9\uff10-\uff19]?"  # none before it
    "|[0-9\uff10-\uff19]+[万萬億亿兆千百]*(?=[年月時时分秒円元]|台(?![湾灣北南])))"
    "([年月日時时分秒円元台])"
)  # a day has one or two digits: 2002日韓世足 (the 2002 Japan-Korea World Cup) holds 日韓
_KO_COUNTED = re.compile("[0-9\uff10-\uff19]+([천만억]*[대일주]?)")
_ALL_CJK = re.compile(f"[{CJK_CLASS}]+")
# Korean 이란 right after a word ("what a good deal is": 협상이란; '공정'이란, (NCG)이란) is a
# particle, not Iran: Iran stands alone or after a prefix toward it (대이란 "toward Iran", 친,
# 반, 탈, 주이란 "in Iran", of an ambassador). The word before keeps its end (``협상`` matches
# 협상이란); the particle's end is no boundary.
_KO_IRAN_PARTICLE = re.compile(
    "이란(?:(?<=[\uac00-\ud7a3]이란)(?<![대친반탈주]이란)|(?<=['’\"”」』)\\]A-Za-z0-9]이란))"
)

# Korean 중일 before a dependent noun is 중 ("in the middle of") and the copula: 준비 중일 가능성
# ("may be preparing"), 진행 중일 뿐 ("only under way"), 발효중일 땐 ("while in force"), not
# China-Japan (한중일 and 북중일 stay states).
_KO_UNDER_WAY = re.compile(
    "중일(?= (?:가능성|뿐|때|땐|것|수|듯|경우|따름|텐데|테니))"
    "(?:(?<=[\uac00-\ud7a3] 중일)|(?<=[\uac00-\ud7a3]중일)(?<![한북대]중일))"
)
# Korean 가자 after a place it goes to, or ending a quoted cheer, is "let's go" (바다로 가자,
# '16강 가자'), not Gaza, and 가나 there "does it go" (어디로 가나, 언제까지 가나), not Ghana;
# 인도 that a car runs onto is the pavement (인도로 돌진), and of a car's or a ship's deliveries
# (테슬라 인도량, 인도 물량, 인도 대수) a handing over, not India.
_KO_LETS_GO = re.compile(
    "가[자나](?![\uac00-\ud7a3])(?:(?<=[로에] 가[자나])|(?<=까지 가[자나]))"
    "|가나(?![\uac00-\ud7a3])(?:(?<=어[디딜] 가나)|(?<=어디를 가나))"  # "wherever one goes"
    "|가자(?= )(?<=['‘\"“]가자)|가자(?=['’\"”!])"
)
_KO_NOT_INDIA = re.compile(
    "인도(?=(?:로|를|에|위로|위를|위에서)? ?(?:돌진|덮|걷|보행|주행|주정차|통행)|량| ?물량| ?대수)"
    "|인도(?= 위 )"  # on the pavement (인도 위 불법 주정차); 인도 위기 keeps India
    # handing over a body, a suspect or a flat (시신 인도 거부, 주택 인도 지연): no India
    "|인도(?:(?<=시신 인도)|(?<=유해 인도)|(?<=신병 인도)|(?<=범죄인 인도)|(?<=주택 인도)"
    "|(?<=차량 인도)|(?<=아파트 인도))"
    # a noun in 인, then the particle 도 "also" (할인도 무용지물, "the discount is no use
    # either"; 개인도, 외국인도, 연예인도), not 주|인도 (the embassy in India) nor 남|인도
    "|인도(?<=[할확승공개원부본타범군시고노거상미증국예연지성차명행]인도)"
)
# 조선 in a headline on shipbuilding (조선 빅3, LNG선 수주) with nothing of the North in it is the
# industry, not Joseon (North Korea's name for itself)
_KO_SHIPYARDS = re.compile(
    "수주|LNG선|선박|컨테이너선|유조선|해양플랜트|도크|조선소|조선업|조선사|빅3|발주|선가|건조"
)
_KO_THE_NORTH = re.compile("북한|김정은|김여정|평양|노동당|조선중앙|인민군|조선민주|북 ")
# 주중 before a match or a number is "midweek" (주중 3연전), not "in China"
_KO_MIDWEEK = re.compile("주중(?= ?(?:[0-9]|연전|경기|시리즈))")
# 북미 before a market, its box office or a release is North America, not North Korea-US
_KO_NORTH_AMERICA = re.compile(
    "북미(?= ?(?:박스오피스|시장|판매|매출|지역|전역|투어|개봉|출시|법인|공장|대륙))"
)
# and before a verb's ending or in 오만과 독선 ("arrogance and self-righteousness"), 오만 is
# "arrogant" (오만한), not Oman, and 말리 "stopping" or "drying"
# (싸움 말리던, 확전 말리는, 고추 말리기, 잘 말리면), not Mali
_KO_VERBS = re.compile(
    "오만(?=[하한함했])|말리(?=[는던고며려자기면]|거나)"
    # the set phrase 오만과 독선
    "|오만(?=과 ?(?:독선|불통|아집))|오만(?<=(?:독선|불통|아집)과 오만)"
)
# 수단 after what it is a means of (대중교통 수단, 압박 수단) or before its use (탈세 수단으로 악용)
# is a means, not Sudan (교통수단, one word, is a name kept whole)
_KO_MEANS = re.compile(
    "수단(?<=(?:교통|결제|이동|통신|운송|수송|생계|정책|대응|압박|보복|외교|협상|해결|투쟁|탈세"
    "|홍보|투자|방어|억제|감시|치료) 수단)"
    "|수단(?=으로 (?:악용|활용|이용|사용|쓰))"  # 탈세 수단으로 악용, "abused as a means of …"
    "|수단(?<=[\uac00-\ud7a3]적 수단)"  # 외교적 수단, 평화적 수단: "diplomatic, peaceful means"
    "|수단(?=과 ?방법)"  # 수단과 방법을 가리지 않고, "by any means"
)
# 장관 after its colours or before 이루다 is a spectacle (오색 장관, 장관을 이룬), not a minister,
# as it is anywhere in a headline on nature's sights with no cabinet in it (흑두루미 군무 장관)
_KO_SPECTACLE = re.compile(
    "장관(?:(?<=오색 장관)|(?<=장엄한 장관)|(?<=빛 장관))|장관(?=을 ?(?:이루|이뤄|이룬|연출))"
)
_KO_SIGHTS = re.compile(
    "단풍|철새|두루미|군무|벚꽃|설경|일출|일몰|해돋이|노을|운해|억새|상고대|은하수|유채꽃|꽃밭|꽃길"
    "|연등|불꽃|장관 ?연출"
)
_KO_CABINET = re.compile(
    "부 ?장관|장관[,은도]|장관 ?(?:후보|임명|청문|회담|회의|급)|차관|국무|총리|대통령|정부"
)
# 그리스 in a headline on oiling gear (베어링, 체인, 릴 그리스 주입) with nothing of Greece in it is
# grease, not Greece
_KO_GREASED = re.compile("윤활|오일|베어링|체인|주입|구리스|기어|정비|녹 ?방지")
_KO_GREECE = re.compile("아테네|정부|총리|대통령|유로|난민|관광|여행|경제|국채|대사")
# a word read in another sense wherever the headline is about something else and nothing in it
# says the usual sense: (word, what the headline is about, what says the usual sense)
_KO_IN_CONTEXT = (
    ("장관", _KO_SIGHTS, _KO_CABINET),
    ("조선", _KO_SHIPYARDS, _KO_THE_NORTH),
    ("그리스", _KO_GREASED, _KO_GREECE),
)
# Bukhansan, the mountain, in a headline on its autumn colours, snow, hikes or park; and in
# ``_KO_SENSES``: 중동 after a district (해운대구 중동), a neighbourhood, not the Middle East; 특사
# after a holiday (광복절 특사), a special pardon, not an envoy; the provinces 충북 and 경북 before
# 한의사회 …; 왕이 before 되다, "became king" ('왕이 된 남자'), or ending a word (타격왕이, "the
# batting champion"), no Wang Yi; 일정상(의) by itself, "for the schedule"; 정상 before what runs as
# it should (버스 정상 운행, 정상 영업), "normal", not a summit; 반미 of a sandwich shop (베트남
# 샌드위치 '반미' 전문점), bánh mì, not anti-American; 원전 before its translation, a classic's
# original text, not a nuclear plant; and 안 보면, "if you don't see", no security
_KO_MOUNTAIN = re.compile(
    "단풍|산행|등산|등반|탐방|국립공원|둘레길|백운대|인수봉|계곡|산불|입산|조망|전망|자락"
    "|사계절|풍경|설경|야경|사진전|고도제한|고도지구|트레일러닝|트레킹|케이블카|첫눈|눈꽃|상고대"
    "|사찰|숲|휴양림|캠핑|야영|산악"
)
# the mountain's area, a climb or someone lost there (북한산 일대서 훈련, 북한산 오르며, 북한산서
# 실종된): no North Korean goods
_KO_BUKHANSAN = re.compile(
    "북한산(?= ?(?:일[대원]|[을에]? ?(?:오르|올라|올랐|등반|등정))|서 (?:실종|조난|실족|추락|구조))"
)
_KO_SENSES = re.compile(
    "중동(?:(?<=[\uac00-\ud7a3]구 중동)|(?<=해운대 중동)|(?<=부천 중동)|(?<=평촌·중동))"
    "|특사(?:(?<=광복절 특사)|(?<=성탄절 특사)|(?<=삼일절 특사)|(?<=신년 특사))"
    "|특사(?= ?(?:단행|사면|대상|명단))"  # a pardon granted (설 맞아 특사 단행): no envoy
    "|왕이(?= [되된될돼됐])|왕이(?<=[\uac00-\ud7a3]왕이)"
    "|북한(?<=[충경]북한)|북한(?<=전북한)(?=의사|의원|우|옥)"
    "|남한(?<=[경전]남한)(?=의사|의원)"  # 경남|한의사회 (Gyeongnam's doctors of Korean medicine)
    "|본(?<=(?<![\uac00-\ud7a3])유일본)"  # 유일|본, "the only copy" (국내 유일본): no Japan
    # 위안부 (慰安婦, the "comfort women"): no yuan; 위안부 itself stays a word, and 위안부터
    # ("from the yuan") keeps its yuan
    "|위안(?=부(?!터))"
    "|한미(?=한 (?:가문|집안|출신|가정|환경|처지)|하[다게고])"  # 한미하다, "humble": no Korea-US
    "|일정상(?<![\uac00-\ud7a3]일정상)(?=의?(?![\uac00-\ud7a3]))"  # "for the schedule": no summit
    "|대만(?<=[0-9０-９]년대만)"  # 90년대만의 감성 ("the 1990s' own mood"): no Taiwan
    # "departing from" an island (울릉도발 포항행 여객선, mecab-ko: 울릉|도발): no provocation;
    # 대남도발 keeps it
    "|발(?<=(?:울릉|제주|백령|연평|거제|강화|흑산|추자|덕적|영종|대청)도발)"
    "|발(?<=(?<![\uac00-\ud7a3])[완진]도발)"
    # only the opposition, the opponent or the hope (반대만으론 못 막아, "opposing alone won't
    # stop it"; mecab-ko: 반|대만): no Taiwan
    "|만(?<=(?<![\uac00-\ud7a3])[반상기]대만)(?=으로|으론|이[라면]|은|을|하|할|해|했)"
    "|주말(?=레이시아)(?<![\uac00-\ud7a3]주말)"  # 주|말레이시아 대사관 (in Malaysia): no weekend
    # normal (혈압 정상인데), and a mountain's top (지리산 정상서; 부산 정상회의 keeps its summit)
    "|정상(?=인데|이지만|이라도|이다)|정상(?<=산 정상)(?<![부울마]산 정상)(?! ?회[담의])"
    "|정상(?= ?(?:운행|운영|운항|가동|작동|영업|출근|등교|개장|개통|진료|수업|출항|범위|체중"
    "|혈압|수치))"
    "|반미(?=['’\"”]? ?(?:전문점|샌드위치|맛집|가게))"
    "|반미(?<=샌드위치 반미)|반미(?<=샌드위치 ['‘]반미)"
    "|사절(?<=선물 사절)|사절(?<=선물 ['‘]사절)"  # gifts declined (선물 '사절'): no envoy
    "|원전(?= ?(?:완역|번역|강독|해설|읽기))"
    "|안보(?=면(?![에\uac00-\ud7a3])|여|인다|이는|니까|고 싶)"
    # 해외|교육 ("education abroad"), 대외|교류 ("exchanges with the outside"), 과외|교습비
    # (private tutoring fees): no diplomacy
    "|외교(?<=[해대과]외교)(?=[육류민포역섭습])"
    # a verb's 주하다 after its stem (이주한 청년들, "young people who moved"): no 주한 (駐韓)
    "|주한(?<=[\uac00-\ud7a3]주한)(?![\uac00-\ud7a3])"
    "|주한(?<=미주한)(?=인)"  # 미주|한인, Korean Americans: no 駐韓
    "|국제(?<=[입출]국제)(?=한)"  # 입국|제한, "entry restrictions": nothing international
    # 재정상 ("fiscally", 財政上), 사정상 ("for reasons of its own"), 공정상 ("in the process"),
    # 법정상한 ("the statutory cap"):
    # no summit; 재정상화 keeps its 정상화; not 일정상 (한일정상회담) nor 과정상 (미국과정상회담, a
    # particle written unspaced); mecab-ko reads 규정|상 already
    "|정상(?<=[재사공]정상)(?!화)|상(?<=법정상)(?=[한속])"
    "|의회(?<=협의회)"  # 협의회, a council (노사협의회): no parliament
    "|안보(?=다(?![자각]))"  # 당초안|보다 ("than the first plan"), 안 보다: no security
    "|군사(?<=장군사)(?=당)"  # 장군|사당, a general's shrine: nothing military
    "|국(?<=현미국)(?=수(?![출입]))"  # 현미|국수, brown-rice noodles: no US
    # 부적합|의, "of the unfit" (수입식품 부적합의 40%), and 농협|의, of the farmers'
    # co-operative: no agreement, no consultation
    "|합의(?<=부적합의)|합의(?<=(?<![\uac00-\ud7a3])적합의)"
    "|협의(?<=(?<![\uac00-\ud7a3])[농축신]협의)"
    # a bearing read off a compass (나침반으로 방위 읽는 법): no defence
    "|방위(?=를? ?읽)"
    # an actor's lines (사투리 대사, 명대사): no ambassador
    "|대사(?:(?<=사투리 대사)|(?<=드라마 대사)|(?<=애드리브 대사)|(?<=[영극명] 대사)|(?<=영화 대사)"
    "|(?<=극중 대사)|(?<=명품 대사))"
    # "usually", before how long something takes (통상 일주일 소요): no trade
    "|통상(?= (?:일주일|하루|이틀|사흘|며칠|보름|한 ?달|[0-9]+ ?(?:일|주|개월|년|시간|분|회|번)"
    "|(?:주|월|연|하루) ?[0-9]))"
    # differing by so many times (2배 차이나는 이유; 차이 나다): no China
    "|차이나(?<=배 차이나)(?=[는고게])"
    # only the highlands (산간 고지대만 눈): no Taiwan; blooming (벚꽃 피지 못해): no Fiji
    "|대만(?<=지대만)|피지(?= ?(?:못|않))"
    # butane (LPG 부탄, 부탄가스): no Bhutan
    "|부탄(?<=lpg 부탄)|부탄(?<=프로판[·, ]부탄)|부탄(?=가스|캔| 가스| 캔)"
)
# and 푸틴 in a headline on Canada's food (``_KO_FOOD``) is poutine, not Putin
_KO_FOOD = re.compile("간식|음식|요리|전문점|맛집")

# Japanese 日中 before the day's heat or weather is "in the daytime" (日中の最高気温, 日中は35度,
# 日中の外出), as is 日中の/は/も anywhere in a headline on the heat (``_JA_HEAT``: 猛暑日続く
# 日中の外出は控えて); and 中日 in a headline on baseball is the Chunichi Dragons (中日、巨人に
# 逆転勝ち) and on sumo a tournament's middle day (九州場所中日), not China-Japan.
_JA_DAYTIME = re.compile(
    "日中(?=[はもの]?(?:最高|最低)?(?:気温|暑さ|猛暑|真夏日|外出|屋外|日差し|日射し|晴れ|曇り"
    "|[0-9\uff10-\uff19]+度))"
    "|日中(?=の?(?:値幅|値動き|高値|安値))"  # intraday (日経平均、日中値幅1000円超): no Japan-China
    "|日中(?=堂々|堂堂)"  # in broad daylight (日中堂々と販売): no Japan-China
)
_JA_HEAT = re.compile("猛暑|酷暑|熱中症|真夏日|熱帯夜|最高気温")
# トランプ among games is the cards (トランプやオセロ, トランプ大会), not Trump
_JA_CARDS = re.compile(
    "トランプ(?=大会|ゲーム|遊び|手品|マジック|占い|で脳トレ|で遊|[やと、・](?:オセロ|将棋|囲碁|かるた|花札))|"
    "トランプ(?<=オセロ[やと、・]トランプ)|トランプ(?<=(?:将棋|囲碁|花札)[やと、・]トランプ)"
)
# the Self-Defense Forces' short names before their ships, aircraft, vehicles or members (海自艦,
# 空自機; Sudachi: 海|自艦), and Chinese medicine before its drugs (中医薬; Sudachi: 中|医薬), so
# ``海自`` and ``中医`` find their end
_JA_SHORT_WORDS = re.compile("[陸海空]自(?=[艦機車隊員])|中医(?=薬)")
# 中 after an activity is "during" it (期間中, 会期中, 開催中), and a word that Sudachi starts at
# it is no state: 大会期間|中国|内 is "in the country during the games", 会期|中露|店 "stalls
# during the festival", so ``中国`` and ``中露`` do not match there (a ``tight`` cut: the 中 is a
# word only with the activity before it). Not after a visit (訪日中国人 are Chinese visitors).
_JA_DURING = re.compile(
    "(?:期間|会期|開催|営業|時間|一年|工事|滞在|休業|交渉|捜査|調査|審議|在任|出張|旅行|入院|放送|試合|授業"
    "|会議|会談|連休|休暇|運転|移動|勤務|会見|航行|飛行|演習|訓練|協議|検討|準備|実施|公判|選挙"
    "|避難|療養|休止|停止|夏休み|冬休み|gw|ゴールデンウィーク|年末年始|漁期|禁漁|休漁|操業"
    "|走行|運行|作業|点検|整備|撮影|取材|上昇|販売|発売|開発|募集|受付|配信|公開|予約|進行|建設"
    "|改装)(中)"
    "(?=[国露米韓台朝印東日豪英独仏])"
)
# where each of these matches, no word starts (``_JA_NO_START``) or ends (``_JA_NO_END``):
# 日曜日|朝 ("Sunday morning": no 日朝), 土日|英会話 ("weekend English classes": no 日英),
# 毎日|本を読む ("read a book every day": no 日本; 休日|本屋, 平日|本番), a school east of its
# town (府中東高校: no Middle East); 同日|本会議 and 本日|本会議 ("the plenary that day",
# "today": no 日本), 今朝|鮮魚 ("fresh fish this morning": no North Korea), 時間外|交付
# ("issued after hours": no 外交), 外国人|口座 ("a foreigner's bank account": no 人口)
_JA_NO_START = tuple(
    map(
        re.compile,
        (
            # 日曜日|朝, 投票日|朝から, 翌日|朝, 発売日|朝, 土日|朝限定, 平日|朝
            "日(?=朝)(?<=[曜票当翌初売催念験土祝平休]日)",
            "日(?=[米英中韓独仏露])(?<=土日)",
            # 毎日|本, 休日|本屋, 平日|本番, 翌日|本人, 即日|本国, 本日|本店, 土日|本数
            "日(?=本)(?<=[毎休平翌昨即本土]日)",
            "日(?=本州)(?<=[終前当初同土祝]日)",  # 最終日|本州各地 (the holidays' last day)
            "日(?=本人)(?<=当日)",  # 当日|本人確認 (identity checks on the day)
            "日(?=本命(?!名))(?<=[土休平翌前当同先後]日)",  # 土日|本命 (the weekend's favourites)
            "国(?=家(?:計|賃|電|族|庭))(?<=全国)",  # 全国|家計 (households nationwide)
            "中(?<=の中)(?=朝[市食晩刊])",  # 雪の中|朝市 (a morning market in the snow)
            # and 後日|本人 ("later, the person") after a pause, not 戦後|日本 (postwar Japan)
            "日(?=本人)(?:(?<=[、。，「」 ]後日)|(?<=^後日))",
            "中東(?=高校|高等学校|中学|小学校|小)(?<=[\u4e00-\u9fff]中東)",
            "米(?<=備蓄米)",  # 備蓄米|国が放出: the stockpiled rice, then the state
            "米(?=国内)(?<=[県道府]産米)",  # 県産米|国内需要: a prefecture's rice in the country
            # 小児科学会|見解 (a society's view): no press conference
            "会見(?=解)(?<=[学協員議]会見)",
            "会議(?=事録)",  # 審議会|議事録 (a council's minutes): no 会議
            "首(?<=党首)(?=都)",  # 各党首|都内で第一声 (the party leaders in Tokyo): no capital
        ),
    )
)
_JA_NO_END = tuple(
    map(
        re.compile,
        (
            "日本(?=会議)(?<=[同当翌前即昨今本終初]日本)",  # 最終日|本会議: the last day's plenary
            "人口(?=座(?!談))",  # 外国人|口座 (a foreigner's bank account): no population
            "[自防]衛(?=星)",  # 独自|衛星 (its own satellite), 国防|衛星: no (self-)defence
            "自民(?=族)",  # 自|民族優先 ("our own people first"): no Liberal Democrats
            "朝鮮(?=[魚度])(?<=[今早毎翌]朝鮮)",
            "外交(?=付)",
            "米(?=どころ)",  # 県南|米どころ ("the rice country of the south"): no South America
            "[米英仏]国(?=立[公大衛研博美競病気海標図科航がア])",  # 米|国立公園, 米|国立衛生研究所
            "長官(?=舎)",  # 警察署長|官舎 (a police chief's residence): no 長官, "the secretary"
            "米加(?=工)",  # 米|加工品 (rice products): no US-Canada
            "中朝(?<=[晩夜]中朝)",  # 一晩中|朝まで (all night until morning): no China-North Korea
            "中日(?=傘)",  # 酷暑の中|日傘 (a parasol in the heat): no China-Japan
            "国交(?=相|省)",  # the land and transport minister and ministry: no diplomatic ties
            "大使(?=徒)",  # 実物大|使徒 (a life-size Angel): no ambassador
            # a person named 安保 (72歳の安保さん): no security
            "安保(?=さん|氏|選手|容疑者|被告|君|ちゃん|様)",
            # Central America and Central Europe before their region's words (中米諸国,
            # 中欧地域): no China-US, no China-EU; before a state, the names table's
            "中米(?=諸国|各国|地域|・カリブ)",
            "中欧(?=諸国|各国|地域)",
        ),
    )
)
# 相次ぐ ("one after another"), 相談 ("advice") and 相場 (a market's price) are one word, which
# Sudachi cuts after a kanji word before it: 想定|外相|次ぐ, 党|首相|次ぎ, 時間|外相|談
# (時間外|相談, "advice out of hours"), 時間|外相|場 (時間外|相場, after-hours trading), so
# ``外相`` (foreign minister) and ``首相`` matched them; 外相談話 is the minister's statement
_JA_ONE_AFTER = re.compile("相(?:次|談(?!話)|場|まみえ)")  # and 党首|相まみえる (leaders face off)
# Chinese: 联合国内 before those it joins with is 联合|国内 ("joins with domestic universities"),
# 联合国美 before what they do is 联合|国美 ("jointly with Gome, the retailer") and 联合国资
# before a platform or a firm 联合|国资 ("with state capital"), and 联合国创 before its
# animation 联合|国创 ("jointly with Chinese-made anime": B站联合国创动画团队) and 联合国货 before
# anything but money or goods 联合|国货 ("with domestic brands"), and 联合国有 before its banks
# or firms 联合|国有 ("with the state-owned big banks"; 联合国有关 keeps the UN), not the UN;
# 一中 before its pupils is a city's No. 1 school (郑州一中学子), not one China.
_ZH_JOINS = re.compile(
    "[联聯]合[国國](?=[内內](?:外|高校|企业|企業|知名|多家|顶尖|頂尖|科研|一流|各)"
    "|美(?:推出|发布|發布|举办|舉辦|开展|開展|启动|啟動|打造|上线|上線|电器|電器)"
    "|[资資](?:平台|委|公司|集团|集團|国企|國企|背景|入股)"
    "|创(?:动画|動畫|作品|番剧|番劇|团队|團隊|ip|漫画|漫畫)|[货貨](?![币幣物])"
    "|有(?:大行|[银銀]行|企[业業]|[资資]本|[资資]金)|片(?![区區]))"
)
# and a number of states before 会 ("will") is 两国|会, not 两|国会 (parliament): 中俄两国会继续
# (not 多: 许多|国会|议员)
_ZH_STATES_WILL = re.compile("[国國][会會](?<=[两兩三几幾各][国國][会會])")
_ZH_SCHOOL = re.compile("一中(?=学子|學子|学生|學生|校友|校区|校區|老师|老師|教师|教師|师生|師生)")
# Taiwan's schools: 國小 and 國中 (primary and junior high) after the school's name, before what
# a school has (育英國小百年校慶: no 英國; not its pupils, as 美國中學生 are American), and "the
# most beautiful" (最美, 唯美) before a word of 國 (最美國道, "the most beautiful national
# highway"; 唯美國風: no 美國) or of 軍 (最美軍人, "the most beautiful soldiers": no 美軍)
_ZH_TW_SCHOOL = re.compile(
    "國(?<=[\u4e00-\u9fff]國)(?=[小中](?:百年|校慶|師生|老師|校長|校友|校園|教師|畢業|學童|家長|操場"
    "|運動會|[一二三四五六]年級|新生|報到|招生|學區|校舍|圍牆|教室|禮堂|體育館|校門"
    "|拔河|合唱|管樂|樂團|籃球|排球|棒球|足球|田徑|球隊|科展))"
    # and whatever follows, after a school name ending in a state (育英國小, 明德國中)
    "|國(?<=[育崇明建興尚樹懷啟宏弘進仁光][英德美法泰]國)(?=[小中])"
)
# a king in a play, a book, a film or a fairy tale (戲中|國王, "the king in the play"; 童话中|国王;
# not 对话中|国王毅, "in the talks, China's Wang Yi"): no China,
# and a beauty in a painting (宋画中|美人百态, "the beauties in Song paintings"): no China-US;
# before 人员, 人民 or 人文 the pair stays (片中美人文交流, "China-US exchanges in the film")
_ZH_IN_THE_STORY = re.compile(
    "中[国國](?=王)(?<=[戏戲剧劇书書片诗詩画畫梦夢]中[国國])|中[国國](?=王)(?<=童[话話]中[国國])"
    "|中美(?=人(?![员員民文士才口]))(?<=[戏戲剧劇书書片诗詩画畫梦夢]中美)"
)
# (唯 alone before the US is "only": 唯美国马首是瞻, "follow only the US's lead")
_ZH_MOST_BEAUTIFUL = re.compile("美(?:(?<=最美)(?=[國国军軍])|(?<=唯美)(?=[國国][風风]))")
# 本垒 is home plate (週日|本壘攻防, "Sunday's play at home plate"), save softball (日本|垒球)
_ZH_HOME_PLATE = re.compile("日本[垒壘](?!球)")
# Hong Kong's public broadcaster, RTHK (港台節目, 港台電視): no Hong Kong-Taiwan
_ZH_RTHK = re.compile(
    "港台(?=節目|节目|電視|电视|電台|电台|廣播|广播|處長|处长|編導|编导|主持|記者|记者|台長|台长"
    "|停播|播出|播放|重播|製作|制作|管理層|管理层|員工|员工)"
)
# Sunday, the first day, a birthday or polling day, a weekday or every day, then this city,
# round, place, week, party or museum, or 本就 ("already": 平日|本就油的肌膚) (本周日|本市马拉松,
# 週日|本屆, 上週日|本土, 春節首日|本島, 生日|本周日, 投票日|本黨, 週日|本館, 澳紐軍團日|本週四,
# 国庆节日|本周; 谈判周日|本应举行, "should have been held on Sunday"; 周日|本该抵港), and a
# deposit's maturity, then its principal (到期日|本金, 到期当日|本金): no Japan
_ZH_DAY_THEN_THIS = re.compile(
    "日本(?<=[周週期拜首生票念幕团團节節庆慶平每假]日本)"
    "(?=[市地土岛島届屆场場轮輪次季港澳校院周週党黨馆館应應该該就]|[赛賽][季事程])"
    "|日本(?:(?<=到期日本)|(?<=[当當]日本))(?=金(?!融))"
    # a named day before 本土 (國際母語日|本土語言); 中国人购买日本土地 keeps Japan
    "|日本(?<=[书書语語念生球境]日本)(?=土)"
    # 今日|本会议 (today's plenary), not Nippon Kaigi; and today or tomorrow, then this
    # station, museum or shop (明日|本站, 本日|本院暂停开放)
    "|日本(?<=[今昨明同当當]日本)(?=[会會](?:[议議]|期))"
    "|日本(?<=[明今昨本]日本)(?=[站院馆館店])"
    "|上海(?<=[式礼禮典]上海)(?=[军軍])"  # 阅兵式上|海军方队 (at the parade, the navy's column)
)
# a word that ends in 台 before the Greater Bay Area (平台|湾区, 出台|湾区政策) or shipping
# (機台|海運, "machines by sea"): no Taiwan, no Taiwan Strait
_ZH_WORD_IN_TAI = re.compile(
    "台[湾灣](?=[区區])(?<=[平出舞电電阳陽讲講后後柜櫃前站看]台[湾灣])|台海(?=[运運])(?<=[机機平]台海)"
)
# putting up posters: 贴上|海报, not 贴|上海|报
_ZH_POSTERS = re.compile("[贴貼]上海[报報]")
# a person named as a state (王德国, 张德国, 李德国, a teacher, an old man, a veteran) or as two
# (退休教师王美英) after what the person is: the surname and the states are one name
# a person the press names by the surname (韩姓男子, 林姓司機, "a driver surnamed Lin"):
# the surname ends no word, so ``中韩`` does not match 事件中|韩姓男子 ("in the incident, a man
# surnamed Han")
_ZH_SURNAMED = re.compile(
    "姓(?<=[\u4e00-\u9fff]姓)(?=[男女]|少年|青年|老|司[機机]|警[員员]|保安|[學学]生|店主|商人|[職职][員员]"
    "|工人|[醫医]生|教[師师]|台商|[員员]工|[議议][員员]|嫌犯|疑犯|被告|死者|[傷伤]者|乘客|住客|事主"
    "|[婦妇]人|阿伯|阿婆)"
)
_ZH_ROLES = (
    "(?:老兵|老人|教师|教師|老师|老師|村民|市民|农民|農民|医生|醫生|民警|记者|記者|书记|書記|主任"
    "|校长|校長|工人|师傅|師傅|大爷|大爺|老汉|老漢|志愿者|志願者|党员|黨員|司机|司機|店主|教授"
    "|律师|律師|选手|選手|村支书|村支書|被告人|嫌疑人|原告|证人|證人|负责人|負責人|主犯|嫌犯)"
)
_ZH_SURNAMES = (
    "[王张張李刘劉陈陳杨楊赵趙黄黃吴吳徐孙孫朱胡郭何林罗羅高郑鄭梁谢謝宋唐许許冯馮邓鄧曹彭曾"
    "萧蕭田董袁潘蒋蔣蔡余杜叶葉程魏苏蘇吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范金石廖贾賈夏韦韋方"
    "白邹鄒孟熊秦邱江尹薛段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵萬钱錢严嚴武戴孔汤湯韩韓]"
)
_ZH_NAMED = re.compile(
    _ZH_ROLES + _ZH_SURNAMES + "(?=[德英法美泰][国國]|[美英法德泰日][美英法德泰日])"
)
# a verb of crossing before 越南 ends in its 越: 飞越|南黎巴嫩 ("flies over southern Lebanon"),
# 穿越|南太行, 超越|南韩: no Vietnam; and 中意 after a degree is "to like" (最|中意的候选人), not
# China-Italy
_ZH_VERB_BEFORE = re.compile("越南(?<=[飞飛穿跨超翻横橫]越南)|中意(?<=[最很挺蛮蠻较較更]中意)")
# and a person whose given name starts with 国, then what the person did or said (被告人韩国庆犯
# 受贿罪, 退休教师韩国华义务支教, 副市长韩国栋调研, 副市长韩国庆到区县督导, 記者林國安病逝,
# 負責人林國安涉嫌, 局长韩国强：…, 村民韩国强跳河, 里長陳國安熱心助人, 董事长韩国强辞职): no
# Korea, no national security (国安); neither the 国 nor the name's last character starts a
# word, so the name is one (a query for 韩国强 or 韓國瑜 holds it). Not a trip (市长韩国行：,
# "the mayor's Korea trip"), nor Koreans appointed (韩国人被任命)
_ZH_NAMED_GUO = re.compile(
    "(?:" + _ZH_ROLES + "|[市县縣区區镇鎮乡鄉省州村里][长長]|局[长長]|[厅廳][长長]|[处處][长長]"
    "|[董理]事[长長]|总经理|總經理|秘书长|秘書長|主席)"
    + "(?="
    + _ZH_SURNAMES
    + "[国國](?![行游遊之])[\u4e00-\u9fff]"
    "(?:犯|涉嫌|因|被|等|称|稱|说|說|表示|义务|義務|获|獲|荣获|榮獲|调研|調研|出席|主持|会见|會見"
    "|带队|帶隊|检查|檢查|视察|視察|指出|强调|強調|团队|團隊|课题组|課題組|病逝|去世|逝世|遭"
    "|受贿|受賄|一审|一審|落马|落馬|跳|勇救|救|捐|热心|熱心|辞职|辭職|请辞|請辭|卸任|离任|離任"
    "|率团|率團|率队|率隊|到|赴|前往|督导|督導|慰问|慰問|走访|走訪|带领|帶領|突发|突發|[：:]))"
    # or, without a role, named at a headline's start as appointed or elected (韩国强被任命为
    # 省交通运输厅厅长, 林國安當選…)
    "|(?:^|(?<=[ ，,。：:；;、「」“”]))(?="
    + _ZH_SURNAMES
    + "[国國][\u4e00-\u9fff](?<![人籍队隊军軍方])"
    "(?:被任命|被提名|获任|獲任|出任|接任|升任|调任|調任|当选|當選"
    "|等[0-9０-９一二三四五六七八九十两兩几幾多数數]+[人名]))"
)
_ZH_SURNAME_GUO = re.compile(_ZH_SURNAMES + "[国國]")  # what every such name holds
# a shooting record (十投一中, "one of ten"), no One China; a Sunday in a Taiwanese city
# (週日|台中洲際棒球場), no Japan-Taiwan; "first among them, compared with" (五哥之首|相較), no
# prime minister
_ZH_SCORE_DAY = re.compile(
    "一中(?<=[0-9一二两兩三四五六七八九十]投一中)|日(?=台[北中南東东])(?<=[周週]日)"
    "|首相(?=[较較比])(?<=之首相)"
)
# intraday, then Yageo (盤中|國巨攻上漲停): no China; 中國巨頭 keeps it; and during a drill, a
# mission or a battle, Taiwan's armed forces (漢光演習中|國軍首度實彈, 古寧頭戰役中|國軍), not
# China's, which 中國軍機, 中國軍艦 or 中國軍方 name; and while deliberating, a
# parliament (审议中|国会), and in the snow, the national treasure (雪中|国宝大熊猫), and a
# domestic prize won alone (彩民独中|国内最大奖金) and the home players on a list (名单中|国内选手;
# 中国内地 and 中国内政 keep China), and state firms or assets after "in" (国防采购
# 中|国有企业, 项目中|国有资产; the state firms' 国企: 土拍市场中|国企拿地; and the national flag
# in a crowd: 人群中|国旗飘扬, where China's flag is 中国国旗; and National Day in a park:
# 公园中|国庆主题花坛): no China; 中国庆祝, 中国国宝, 中国旗舰店,
# 中国会计准则, 在中国有企业, 中国企业 and 中国企稳 (China stabilizes) keep it
_ZH_INTRADAY = re.compile(
    "中[国國](?=巨)(?<=[盘盤]中[国國])"
    "|中[国國](?=[军軍](?![机機舰艦队隊方事演费費人力售备備情工官民区區校]))(?<=[习習练練务務役]中[国國])"
    "|中[国國](?=[会會](?![计計否不]))(?<=[审審][议議]中[国國])"
    "|中[国國](?=[宝寶]大?熊[猫貓])(?<=[\u4e00-\u9fff]中[国國])"
    "|中[国國](?=[内內](?![地政部蒙需陆陸战戰外]))(?<=[独獨喜抽单單]中[国國])"
    "|中[国國](?=有(?:企[业業]|[资資][产產]|[银銀]行|大行|土地|[经經][济濟])"
    "|企(?![业業稳穩图圖盼望及求])|[语語](?=[台臺客粤粵英][语語])|片(?<=其中[国國]片)"
    "|旗(?![袍舰艦下帜幟鼓号號])|[庆慶](?![祝贺賀幸典功]))"
    "(?<=[\u4e00-\u9fff]中[国國])(?<![在于於对對与與和及同跟向从從赴到自]中[国國])"
)
# the largest of something on land or of the mainland's (全台最大|陸蟹棲地, 最大|陆上风电,
# 最大|陆资): no "mainland"
_ZH_LARGEST_ON_LAND = re.compile("大[陆陸](?<=最大[陆陸])(?=[\u4e00-\u9fff])")
# sand added to concrete (混凝土加沙過多): no Gaza
_ZH_SAND = re.compile("加沙(?<=[土泥]加沙)|加沙(?=[过過]多|比例)")
# party leaders agree to meet (朝野黨首相約週三會談; jieba: 党|首相|约): no prime minister;
# 首相约翰逊 (Prime Minister Johnson) keeps it; so do heads of state (中韓元首|相約); and
# Zhongnanhai, the leadership's compound, before its people or its feuds (中南海人事震盪): no
# South China Sea; 菲中南海衝突 keeps it
_ZH_LEADERS = re.compile(
    "首相(?<=[党黨]首相)(?=[约約](?!翰))|首相(?<=元首相)(?=[约約见見会會互继繼])"
    "|南海(?<=中南海)(?=人事|高[层層]|[内內][斗鬥]|[权權][斗鬥]|[领領][导導][层層]|政局)"
)
# a piece of music said to be … (这首|相传为莫扎特遗作), where the 首 is the measure word's as
# 党首's is the leader's above: no prime minister; 首相传话 keeps one
_ZH_PIECE_SAID = re.compile("首(?=相[传傳])(?<=[这這那一每哪]首)")
# an insurer's total claims (產險業總|理賠金額): no premier
_ZH_CLAIMS = re.compile("[总總]理(?=[赔賠][金额額款案件率付])")
# a compass point of three (向西北西方向, "toward the west-northwest") and the westbound
# direction (东往西方向, "east to west"): no 西方 (the West); 西方向中国施压 keeps it
_ZH_COMPASS = re.compile(
    "[东東西南北](?=方向)(?<=[东東西南北]{3})|西(?=方向)(?<=[往朝]西)"
    "|西(?=方向)(?<=[往朝][\u4e00-\u9fff]西)"  # toward a place in 西 (往台西方向, 往山西方向)
)
# 中日 before the day's highest or lowest of a measure is "in …, the daily" (持续高温中|日最高用电
# 负荷, "in the heat wave, the day's peak load"), not China-Japan; and 中国 before a road's number
# is "in …, national road" (暴雨中|国道107线), as it is after a word in any case (行駛中|國道翻覆,
# 浓雾中|国道; 中国道路 and 中国道教 keep China)
_ZH_IN_THE_DAY = re.compile(
    "中日(?=(?:最高|最低|平均|均)(?:用电|用電|负荷|負荷|气温|氣溫|温度|溫度|水位|流量|客流|车流|車流"
    "|销量|銷量|降雨|降水|产量|產量|发电|發電|用水|供水))"
    "|中[国國](?=道 ?[0-9０-９GＧ])"
    "|中[国國](?=道(?![路教家理德歉义義观觀统統]))(?<=[\u4e00-\u9fff]中[国國])"
    # a day, then US stocks (選舉日|美股大漲, 今日|美股): no Japan-US
    "|日美(?=股)(?<=[举舉选選易节節假周週今昨明首]日美)"
    # outside a plant, the national highway (廠外|國道): nothing foreign; 向外国道歉 keeps it
    "|外[国國](?=道(?![歉路德理教家]))(?<=[\u4e00-\u9fff]外[国國])"
)
# the travellers through Hong Kong (離港|人次, "departures"; jieba: 離|港人|次): no Hong Kongers;
# 港人次日 ("Hong Kongers, the next day") keeps them
_ZH_PASSENGER_TRIPS = re.compile("港人(?=次(?![日月年]))")
# a national team's player, 国脚, after a 中 that ends the word before (相中|国脚, "took a liking
# to a national player"): no China; before 脚步, 脚下 or 脚印 China stays (中国脚步, its pace)
_ZH_NATIONAL_PLAYER = re.compile("中[国國](?=[脚腳](?![步下印]))")
# a fair or a conference that concluded deals (哈洽会|谈成对俄合作项目86个, 採購大會|談成逾3億美元):
# no talks end there; 会谈成果 and 会谈成功 keep them
_ZH_DEALS_DONE = re.compile(
    "[谈談](?=成(?:[0-9０-９一二三四五六七八九十两兩逾超近对對]|[项項]目|合作|交易|[订訂][单單]"
    "|[签簽][约約]|意向|金[额額]))(?<=[会會][谈談])"
)
# a school's total (某國中|共30名學生, 高中|共3人, 國中|共12校): no Chinese Communist Party
_ZH_SCHOOL_TOTAL = re.compile(
    "中共(?=[0-9０-９一二三四五六七八九十两兩]+[名人位個个所班校])(?<=[國国高初]中共)"
)
# a coach talking about a referee's call or a ruling after the game (主帅赛后谈判罚争议, 教頭談判決
# 爭議): 谈|判罚, 谈|判决, no talks (谈判); 谈判罚款 ("negotiating a fine") and 谈判决裂 keep them
_ZH_TALKS_OF_A_CALL = re.compile("[谈談]判(?=[罚罰](?!款)|[决決][争爭][议議])")
# a word that ends one character later than jieba reads: a state's army before "in advance"
# (韩军|事先获知, not 韩|军事|先) and an army's exercise (韓軍|演練, not 韓|軍演|練): no 军事 or
# 军演
_ZH_ONE_LATER = re.compile(
    "[军軍]事(?=先(?![进進锋鋒驱驅导導]))(?<=[韩韓美日中俄台朝乌烏英法德][军軍]事)|[军軍]演(?=[练練])"
)
# the Chunichi Shimbun, Nagoya's paper, named as a title (《中日新聞》) or as Japan's
# (日本中日新闻：…): no China-Japan
_ZH_CHUNICHI = re.compile("中日(?=新[闻聞]》)(?<=《中日)|中日(?=新[闻聞])(?<=日本中日)")
# "in" before a state's side or a state's stocks, where jieba reads the pair (中歐|方, 中美股): a
# postposition (``_postpositions``) as 協議中|歐方承諾 ("in the deal, the EU side commits") and
# 關稅陰霾中|美股重挫 ("under the tariff cloud, US stocks plunge") read: no China-EU, no China-US,
# and 歐方 and 美股 hold their state. A pair's side (中美方面) and the pair's markets (中美股市)
# keep the pair. So is "in" a war, a case, an incident, a brawl, a show, a match, a drama or a
# film before a state's nationals, which jieba joins to it (二戰|中台籍日本兵, "Taiwanese
# soldiers of Japan in WWII"; 事件中|日籍員工, 走私案中|俄籍嫌犯, 選秀節目中|日籍練習生,
# 施工中|日籍技師), and "in" an election before those of a descent (议会选举中|俄裔选民): no
# China-Taiwan, China-Japan, China-Russia; 多名中日籍船员 keeps both states; and "during" a
# drill before a state's warships or aircraft (演習中|美艦, as ``_ZH_INTRADAY``'s 演習中|國軍).
_ZH_IN_BEFORE_A_SIDE = re.compile(
    "中(?<=[\u4e00-\u9fff]中)[美欧歐日韩韓俄乌烏朝英法德澳菲越](?=方[承表称稱说說对對愿願将將已则則"
    "也坚堅希认認强強指同提要就和与與及拒否批呼敦坦透回重])"
    "|中(?<=[\u4e00-\u9fff]中)[美日韩韓台欧歐港](?=股(?![市票权權份东東价價指汇匯债債民]))"
    "|中(?<=[战戰役争爭件案故殴毆目赛賽剧劇片举舉查工]中)[美俄日韩韓朝台臺英法德乌烏印越澳菲泰](?=籍|裔)"
    "|中(?<=[习習练練]中)[美日韩韓俄英法德澳菲](?=[舰艦机機])"
    "|中(?<=[者员員]中)(?=非)"  # among them, non-… (参与者中|非穆斯林): no China-Africa
    # among holdings, adding to a position (重仓股中|加仓): no China-Canada
    "|中(?<=[\u4e00-\u9fff]中)(?=加[仓倉码碼])"
    # in it, a state's style (婚禮中|日式和服, 山中|日式溫泉), or an East District (商圈中|東區):
    # no China-Japan, no Middle East (中東區域 keeps it); Taichung's (台中日式宿舍) stays a place
    "|中(?<=[\u4e00-\u9fff]中)(?<![台臺]中)(?=[日韩韓美法德英泰意][式]|[东東][区區](?!域))"
    # in something, non-… or very (基因组中|非编码区域, 储备中|非美元资产, 其中|非常,
    # 市场中|非虚构, 新政中|非本市户籍): no China-Africa; Taichung (台中|非法砂石场) stays a place
    "|中(?<=[\u4e00-\u9fff]中)(?<![台臺华華]中)"
    "(?=非(?:[编編]码|[编編]碼|常|法|正式|[营營]利|物[质質]|典型|官方|政府|美元|[欧歐]元|日元"
    "|[货貨][币幣]|金融|居民|必要|核心|主流|[传傳]统|[传傳]統|[关關][税稅]|公[开開]|[虚虛]构|[虚虛]構"
    "|本[市地省区區]))"
)
# nationals of one state staying in another (在韩|日籍女子, 旅韓|日籍網紅: Japanese women in
# Korea; 在台|日人, the Japanese in Taiwan; 在美|韓裔, Korean Americans): no Korea-Japan, no
# Taiwan-Japan, no US-Korea; the pair before its nationals (日韩籍游客) is ``_ZH_NATIONALS``, and
# before its people's exchanges or staff (在中日人文交流上, 在中美人员往来中) the pair stays
_ZH_STAYING = re.compile(
    "[中美俄日韩韓朝台臺英法德乌烏欧歐印越澳菲泰]"
    "(?=[中美俄日韩韓朝台臺英法德乌烏欧歐印越澳菲泰](?:籍|裔|人(?![文民口才数數士员員物权權质質])))"
    "(?<=[在访訪赴驻駐旅来來][中美俄日韩韓朝台臺英法德乌烏欧歐印越澳菲泰])"
)
# a border's or a city's defence that lasts (戍守边防|长达三十年, 海防|长期) and attack and
# defence that last (攻防|長達十分鐘): no defence minister; 国防长|达成 ("the defence minister
# reaches …") and 防长|期待 keep him; and outside, then long (舱外|长时间作业, 車站外|長長人龍,
# 舱外|长达): no foreign minister; 外长达成共识, 外长期间 and 外长期待 ("the minister looks
# forward") keep one. 防长 and 外长 share the lasting (达, 期) and its exceptions.
_ZH_LASTING = re.compile(
    "[达達](?<=[防外][长長][达達])(?!成)|期(?<=[防外][长長]期)(?![待望盼许許间間])"
    "|[长長](?<=外[长長][长長])|[时時](?<=外[长長][时時])(?=[间間])|途(?<=外[长長]途)"
)
# a count of days, then "only then" (积水三日|方退, "the water receded only after three days";
# 次日|方才, 即日|方可): no Japanese side
_ZH_DAYS_THEN = re.compile(
    "日(?=方[退才始可能])(?<=[一二三四五六七八九十两兩数數几幾次翌当當即]日)"
)
# chosen to one's liking (挑选中意的流浪狗): no China-Italy
_ZH_TO_ONES_LIKING = re.compile("中(?=意的)(?<=[选選挑找到]中)")
# the big points of choosing what to buy (三大選購重點; jieba: 三|大選|購): no election
_ZH_CHOOSING_TO_BUY = re.compile("大(?=[选選][购購])")
# guessing the Champions League (猜中|欧冠决赛比分): no China-EU; and "the more …, the more"
# (买得越多|中越多, "the more you buy, the more you win"): no China-Vietnam
_ZH_GUESSED = re.compile("中[欧歐](?=冠(?!军|軍))|中越(?=[多少大高快好])(?<=越[多少]中越)")
# rain too heavy, causing … (雨勢過大|使多處道路淹水): no ambassador
_ZH_TOO_MUCH = re.compile("大使(?<=[势勢量压壓力度差距][过過]大使)")
# during the holiday, renting by the day (国庆假期中|日租房): no China-Japan
_ZH_DAILY_RENT = re.compile("中日(?=租)(?<=[期间間季]中日)")
# morals and Chinese classics (道德国学讲堂; jieba: 道|德国|学): no Germany
_ZH_MORALS = re.compile("德(?=[国國][学學])(?<=道德)")
# people who mostly do something (出游的人|大多选择自驾, "most of those who travel drive"):
# no 人大, the National People's Congress, ends inside 大多
_ZH_MOSTLY = re.compile("多(?<=[的些们們]人大多)(?=[数數半是为為在以会會选選都])")
# first in a ranking, then a comparison (日本居首|相較去年再升, "Japan first, up on last
# year"): no prime minister
_ZH_RANKS_FIRST = re.compile("首(?<=居首)(?=相[较較比对對])")
# the sun setting during a period (斋月中|日落后, "after sunset in Ramadan"; jieba: 中日|落后):
# no China-Japan; 中日落实 ("China and Japan implement") keeps the pair
_ZH_SUNSET = re.compile("中日(?=落[后後山前时時])(?<=[月程途间間节節]中日)")
# seamen who came to or work in Taiwan (印尼籍來台|海員, 在台|海员): no Taiwan Strait
_ZH_SEAMEN = re.compile("[台臺]海(?=[员員])(?<=[来來在赴抵留][台臺]海)")
# Texas after the US (美|德州洪災; jieba: 美德|州, virtue): no US-Germany; and Ufa's refinery
# (俄|烏法煉油廠): no Russia-Ukraine; 俄乌法德 (the Normandy four) keeps the pair
_ZH_TRANSLITERATED = re.compile("美德(?=州)|俄[乌烏](?=法(?:[炼煉]|市|石油|[机機][场場]))")
# a named day, then what comes on it (世界读书日|中英双语绘本): no China-Japan; the same day
# before 本土 is ``_ZH_DAY_THEN_THIS``'s
_ZH_NAMED_DAY = re.compile("日中(?=[英美日韩韓俄法德])(?<=[书書语語念生球境]日中)")
# Taichung's foreign residents (台中|菲籍移工): no China-Philippines starts at Taichung's 中
_ZH_TAICHUNG_NATIONALS = re.compile("中(?<=[台臺]中)(?=[菲美日韩韓越印泰英法德澳俄]籍)")
# the tax register concerned (中藥行有關稅籍; jieba: 行有|關稅|籍): no tariff
_ZH_TAX_CONCERNED = re.compile("[关關][税稅](?=[籍务務局单單])(?<=有[关關][税稅])")
# a master, a player or a team member named Huang Hai… (象棋特级大师黄海林夺冠): no Yellow Sea
_ZH_HUANG_HAI = re.compile("[黄黃]海(?=[林涛濤波峰明军軍龙龍])(?<=[师師手员員][黄黃]海)")
# jointly with state capital (独角兽联合|国资设立基金): no UN; 联合国资金 and 联合国资助 keep it
_ZH_JOINT_STATE_CAPITAL = re.compile("[联聯]合[国國](?=[资資](?![金助料源格讯訊]))")
# a state before a market's middle (欧美|中高端市场, "the mid-to-high end of the European and
# US markets"; jieba: 欧|美|中|高端; 中低端, 中高檔 alike, and 中高階 before goods, 歐美|中高階
# 自行車): no China-US ends at that 中; 美中高階官員 (senior officials) keeps the pair
_ZH_MID_MARKET = re.compile(
    "中(?=高端|低端|高档|高檔|[高低][阶階](?:[产產市车車机機款品手型]|自行))"
    "(?<=[美日韩韓俄欧歐英法德台臺]中)"
)
# Taiwan's 國人, "our citizens", and 國手, a national-team athlete, after a visit or a stay in a
# state (訪韓|國人旅客, 旅美|國人返台, 旅美|國手):
# no Korea, no US; 赴美國人數 ("the number going to the US") keeps the US
_ZH_OUR_CITIZENS = re.compile(
    "[韓美日英法德泰越澳菲]國(?=人(?![數士民才口員物權質])|手)(?<=[訪旅][韓美日英法德泰越澳菲]國)"
)
# proxy shopping seen again (再现|代购排队潮, 出現|代購): no Hyundai, no "modern" (现代购物
# keeps it)
_ZH_PROXY_SHOPPING = re.compile("[现現]代(?=[购購](?!物))(?<=[出再呈浮重][现現]代)")
# where each of these matches, no word starts (its start is no boundary) or ends (its end).
# Every Chinese text runs them all, so each starts with the characters it consumes and looks
# behind after them (美(?<=最美), not (?<=最)美): ``re`` then skips to the places where its first
# character stands, where a leading look-behind is tried at every offset (five times slower:
# 120 us a text for these and ``_COUNTED``, two fifths of segmenting it, against 24 us). The
# Korean and Japanese ones that every text of theirs runs (``_KO_SENSES``, ``_JA_NO_START`` …)
# are written the same way.
_ZH_NO_START = (
    _ZH_PIECE_SAID,
    _ZH_TAICHUNG_NATIONALS,
    _ZH_LASTING,
    _ZH_MOSTLY,
    _ZH_RANKS_FIRST,
    _ZH_COMPASS,
    _ZH_STATES_WILL,
    _ZH_MOST_BEAUTIFUL,
    _ZH_SURNAMED,
    _ZH_VERB_BEFORE,
    _ZH_WORD_IN_TAI,
    _ZH_SAND,
    _ZH_SCORE_DAY,
    _ZH_LEADERS,
    _ZH_STAYING,
    _ZH_SCHOOL_TOTAL,
    _ZH_DAYS_THEN,
    _ZH_TO_ONES_LIKING,
    _ZH_CHOOSING_TO_BUY,
    _ZH_MORALS,
)
_ZH_NO_END = (
    _ZH_GUESSED,
    _ZH_DAILY_RENT,
    _ZH_TOO_MUCH,
    _ZH_SUNSET,
    _ZH_SEAMEN,
    _ZH_TRANSLITERATED,
    _ZH_NAMED_DAY,
    _ZH_TAX_CONCERNED,
    _ZH_JOINT_STATE_CAPITAL,
    _ZH_HUANG_HAI,
    _ZH_LARGEST_ON_LAND,
    _ZH_MID_MARKET,
    _ZH_INTRADAY,
    _ZH_IN_THE_DAY,
    _ZH_JOINS,
    _ZH_NAMED,
    _ZH_IN_THE_STORY,
    _ZH_DAY_THEN_THIS,
    _ZH_TW_SCHOOL,
    _ZH_CLAIMS,
    _ZH_CHUNICHI,
    _ZH_TALKS_OF_A_CALL,
    _ZH_ONE_LATER,
    _ZH_PROXY_SHOPPING,
    _ZH_OUR_CITIZENS,
    _ZH_DEALS_DONE,
    _ZH_PASSENGER_TRIPS,
    _ZH_NATIONAL_PLAYER,
)
# Niigata and its towns: a headline naming one means the Chūetsu region by 中越 (新潟・中越の温泉,
# 中越沖地震), not China-Vietnam
_JA_NIIGATA = re.compile("新潟|長岡|柏崎|小千谷|魚沼|十日町|見附|三条市|上越|下越")
_JA_SPORTS = re.compile(
    "巨人|阪神|ヤクルト|DeNA|ＤｅＮＡ|日本ハム|日ハム|オリックス|ロッテ|ソフトバンク|プロ野球|"
    "セ・リーグ|パ・リーグ|逆転勝ち|本塁打|決勝打|サヨナラ|[0-9０-９]ラン|満塁|完封|完投|登板|打点|"
    "バンテリン|投手|捕手|野手|打者|ドラフト|"
    "大相撲|横綱|大関|初場所|春場所|夏場所|名古屋場所|秋場所|九州場所"  # sumo's 中日, the 8th day
)


def _no_boundary(text: str, language: str) -> set[int]:
    """Offsets of ``text`` where no word starts or ends, whatever the segmenter says, where the
    sentence shows a word's other sense:
    - Chinese and Japanese: a date's or a count's unit (19日朝 is 19日|朝, ``_COUNTED``);
    - Japanese: 日中 "in the daytime" (``_JA_DAYTIME``, ``_JA_HEAT``), 毎日|本, 翌日|本人,
      時間外|交付, a town's 中東高校, トランプ the cards (``_JA_CARDS``), タイ of a tied
      record, a baseball or sumo headline's 中日 (``_JA_SPORTS``), the inside of 相次ぐ and
      of 台風 (連休中|台風: no 中台);
    - Chinese: 联合|国内高校, a school's 一中, 两国|会 ("both states will"), 记者会|谈, 本垒,
      贴上|海报, RTHK's 港台, Taiwan's 國小 and 國中, 最美 before 國 or 軍 and a person named as a
      state (``_ZH_NAMED``) or by the surname (``_ZH_SURNAMED``);
    - Korean: the particle 이란 (``_KO_IRAN_PARTICLE``), 중일 "being in" (``_KO_UNDER_WAY``),
      가자 "let's go", 인도 the pavement or a delivery, 조선 the shipyards, 북미 North America,
      주중 midweek, 장관 a spectacle, 수단 a means, the second syllable of a word
      mecab-ko reads across (``_KO_WORD_ENDS``), the neighbourhoods, pardons and other senses
      of ``_KO_SENSES``, Bukhansan and the verbs of ``_KO_VERBS``."""
    if language != "ko":
        unbound = {m.start(1) for m in _COUNTED.finditer(text)}
        if language == "zh":
            unbound.update(m.start() for pattern in _ZH_NO_START for m in pattern.finditer(text))
            unbound.update(m.end() for pattern in _ZH_NO_END for m in pattern.finditer(text))
            unbound.update(m.start() + 2 for m in _ZH_HOME_PLATE.finditer(text))
            if _ZH_SURNAME_GUO.search(text):  # a quick test first: few texts have one
                for m in _ZH_NAMED_GUO.finditer(text):  # the name starts at m.end()
                    unbound.update((m.end() + 1, m.end() + 2))
            for m in _ZH_RTHK.finditer(text):
                unbound.update((m.start() + 1, m.end()))
            for m in _ZH_POSTERS.finditer(text):
                unbound.update((m.start() + 1, m.start() + 3))
            for m in _ZH_SCHOOL.finditer(text):
                unbound.update((m.start() + 1, m.end()))
        if language == "ja":
            pairs = [*_JA_DAYTIME.finditer(text), *_JA_CARDS.finditer(text)]
            pairs.extend(re.finditer("タイ(?=記録)", text))  # 日本タイ記録: it ties the record
            unbound.update(m.start() + 1 for m in re.finditer("台風", text))  # 連休中|台風
            if _JA_HEAT.search(text):
                pairs.extend(re.finditer("日中(?=[はもの])", text))
            unbound.update(m.start() + 1 for m in _JA_ONE_AFTER.finditer(text))
            for pattern in _JA_NO_START:
                unbound.update(m.start() for m in pattern.finditer(text))
            for pattern in _JA_NO_END:
                unbound.update(m.end() for m in pattern.finditer(text))
            if _JA_SPORTS.search(text):
                pairs.extend(re.finditer("中日", text))
            if _JA_NIIGATA.search(text):  # Niigata's Chūetsu region, not China-Vietnam
                pairs.extend(re.finditer("中越", text))
            for m in pairs:
                unbound.update((m.start() + 1, m.end()))
        return unbound
    unbound = {m.end() for m in _KO_IRAN_PARTICLE.finditer(text)}
    if _KO_MOUNTAIN.search(text):
        unbound.update(m.start() + 2 for m in re.finditer("북한산", text))
    else:  # the area around the mountain or a climb (``_KO_BUKHANSAN``)
        unbound.update(m.start() + 2 for m in _KO_BUKHANSAN.finditer(text))
    unbound.update(word.start() + 1 for word in _KO_WORD_ENDS.finditer(text))
    # a pair's border (북중국경; mecab-ko: 북|중국|경): no 중국 ends inside 국경
    unbound.update(pair.end() for pair in _KO_PAIR_BORDER.finditer(text))
    for m in _KO_COUNTED.finditer(text):  # 1천대만: neither 천 nor 대 starts a word
        unbound.update(range(m.start(1), m.end(1)))
    for m in chain(
        _KO_UNDER_WAY.finditer(text),
        _KO_LETS_GO.finditer(text),
        _KO_NOT_INDIA.finditer(text),
        _KO_VERBS.finditer(text),
        _KO_NORTH_AMERICA.finditer(text),
        _KO_MIDWEEK.finditer(text),
        _KO_SPECTACLE.finditer(text),
        _KO_MEANS.finditer(text),
        _KO_SENSES.finditer(text),
        *(
            re.finditer(word, text)
            for word, about, unless in _KO_IN_CONTEXT
            if about.search(text) and not unless.search(text)
        ),
        re.finditer("푸틴", text) if "캐나다" in text and _KO_FOOD.search(text) else (),
    ):
        unbound.update((m.start() + 1, m.end()))
    return unbound


# Kanji in the forms only Japanese uses (its 1946 simplifications: 対 for 對/对, 関 for 關/关,
# 発, 戦, 経, 毎 …), so a headline in kanji alone ("毎日朝刊", "日韓関係悪化") is segmented as
# Japanese: read as Chinese it cuts 毎|日朝|刊 and ``日朝`` matched it. None of the 383 Chinese
# headlines and summaries of the bundled captures (simplified and traditional) has one.
_SHINJITAI = re.compile(
    "[対関発戦経県毎円駅読売気済広権総団図実弾変両歳様観鉄転軽拡択沢訳験続険処価仏働込労営栄桜浜"
    "悪亜渋恵歩従応脳薬楽検証挙徴巻揺]"
)


# verbs whose object follows them, so a 中 after them starts it and is no "in": 举行|中|俄外长会谈
# ("hold the China-Russia foreign ministers' talks"), 签署|中|美协议
_TAKES_AN_OBJECT = frozenset(
    (
        "举行", "舉行", "召开", "召開", "出席", "参加", "參加", "主持", "举办", "舉辦", "签署",
        "簽署", "发表", "發表", "见证", "見證", "启动", "啟動", "重启", "重啟", "加强", "加強",
        "深化", "推动", "推動", "促进", "促進", "改善", "恢复", "恢復", "巩固", "鞏固", "维护",
        "維護", "损害", "損害",
    )
)  # fmt: skip


def _postpositions(
    text: str, words: list[int], edges: set[int], inside: Mapping[int, int]
) -> frozenset[int]:
    """Where jieba left 中 a word by itself right after a word of two CJK characters or more,
    before a longer word: 中 is "in" there (常规赛|中|韩德君, "in the league game, Han Dejun";
    竞争|中|美国, "in the race, the US"; 泡菜|中|亚硝酸盐, "nitrite in kimchi"), and ``中韩``,
    ``中美`` or ``中亚`` do not start at it. Before a state by itself it stays China (撼动|中|美|欧,
    一轮|中|美|谈判, 东兴|中|越|边境), and so it does before a state's match or both states
    (世预赛|中|韩之战); a list of one-character states (美|中|俄) has no such word
    before its 中, and a pair jieba keeps whole (中美|关系) is no word by itself. So is a 中
    after a word whose last character is a state's and a part of it (交易|日|中, "in … trading
    days"): ``日中`` does not end at it."""
    found = []
    word = text.find("中", 1)
    while 0 < word < len(text) - 1:
        number = bisect_right(words, word) - 1
        if (
            number > 0
            and words[number] == word
            and word - words[number - 1] >= 2
            and word + 1 in edges
            and word + 1 not in inside
            and all(is_cjk(char) for char in text[words[number - 1] : word])
            and text[words[number - 1] : word] not in _TAKES_AN_OBJECT
        ):
            after = word + 2 < len(text) and (
                is_cjk(text[word + 1])
                and (word + 2 not in edges or word + 2 in inside)  # a word, not a state alone
                and text[word + 2] not in "之两兩"  # 中|韩之战 (jieba's made-up 韩之战), 中|美两国
            )
            if after or (text[word - 1] in _STATES and word - 1 in inside):
                found.append(word)
        word = text.find("中", word + 1)
    return frozenset(found)


def cjk_language(text: str) -> str | None:
    """``ja`` if the text has Kana, else ``ko`` if it has Hangul, else ``ja`` if it has a kanji
    only Japanese writes (``_SHINJITAI``), else ``zh`` if it has Han."""
    if _KANA.search(text):
        return "ja"
    if _HANGUL.search(text):
        return "ko"
    if not _CJK_CHAR.search(text):
        return None
    return "ja" if _SHINJITAI.search(text) else "zh"


def script_language(text: str) -> str:
    """What a text is written in, when its feed declares no language: ``ja``, ``ko`` or ``zh`` for
    CJK text (as above), else the Unicode script of most of its letters (``script:cyrillic``)."""
    language = cjk_language(text)
    if language is not None:
        return language
    scripts: dict[str, int] = {}
    for char in text:
        if char.isalpha():
            name = "latin" if char.isascii() else unicodedata.name(char, "unknown").split()[0]
            scripts[name.lower()] = scripts.get(name.lower(), 0) + 1
    return f"script:{max(scripts, key=scripts.__getitem__)}" if scripts else "unknown"


def declared_language(tag: str) -> str:
    """A feed's language tag as counted: ``en-US`` -> ``en``, ``zh-Hant-TW`` -> ``zh``."""
    return tag.strip().replace("_", "-").split("-")[0].lower() or "unknown"


Spans = Callable[[str], tuple[list[int], list[int], list[int], list[int]]]
"""A backend: a text's words as their starts and ends, the cuts inside compound words, and the
cuts that only a term inside its word may use (``Segmentation.tight``)."""


class Segmenter:
    """Segments CJK text with one library per language, each loaded on first need."""

    def __init__(self, languages: frozenset[str] = frozenset(LIBRARIES)) -> None:
        self._enabled = languages
        self._backends: dict[str, Spans | None] = {}

    @staticmethod
    def installed() -> frozenset[str]:
        """Languages whose library is importable (checked without importing it)."""
        return frozenset(
            lang for lang, module in LIBRARIES.items() if importlib.util.find_spec(module)
        )

    def segment(self, text: str, language: str) -> Segmentation:
        """Boundaries and word starts of the CJK words of ``text`` (already folded)."""
        backend = self._backend(language)
        if backend is None:
            starts = [m.start() for m in _CJK_CHAR.finditer(text)]
            edges = {*starts, *(i + 1 for i in starts)}
            return Segmentation(frozenset(edges), tuple(starts), language, by_characters=True)
        # read on the text as written: the Chinese call below blanks the digits
        unbound = _no_boundary(text, language)
        runs = [run.span() for run in _CJK_RUN.finditer(text)]
        edges = set(chain.from_iterable(runs))
        words: list[int] = []
        inside: dict[int, int] = {}
        tight: dict[int, tuple[int, int]] = {}
        if language in _WHOLE and runs and runs[-1][1] <= CHUNK:
            # one call for the text, everything but its runs blanked out (offsets stay)
            at, masked = 0, list[str]()
            for start, end in runs:
                masked.extend((" " * (start - at), text[start:end]))
                at = end
            runs = [(0, at)]
            text = "".join(masked)
        for base, end in runs:
            for offset in range(base, end, CHUNK):
                chunk = text[offset : min(offset + CHUNK, end)]
                starts, ends, cuts, tights = backend(chunk)
                if offset:
                    shift = offset.__add__
                    starts, ends, cuts, tights = (
                        list(map(shift, x)) for x in (starts, ends, cuts, tights)
                    )
                edges.update(starts, ends, cuts, tights)
                for cut in cuts:  # starts ascend: the word a cut lies inside
                    inside[cut] = starts[bisect_right(starts, cut) - 1]
                for cut in tights:
                    number = bisect_right(starts, cut) - 1
                    inside[cut] = starts[number]
                    tight[cut] = (starts[number], ends[number])
                if " " in chunk:  # a space inside a run (Korean spaces its words) is no word
                    starts = [s for s in starts if text[s] != " "]
                words.extend(starts)
        if language == "ja":
            for m in _JA_DURING.finditer(text):
                during = m.start(1)
                edges.update((during, during + 1))
                inside[during] = m.start()
                tight[during] = (m.start(), during + 1)
        finder = _NAME_FINDERS.get(language)
        if finder is not None:
            seen = canonical_han(text) if language == "zh" else text
            names = _NAMES[language]
            hits = finder.find_matches_as_indexes(seen, overlapping=True)
            for number in sorted({hit[0] for hit in hits}):  # in the table's order, as before
                name, parts = names[number]
                kept = keep_whole(name, seen, edges, words, parts)
                tail = TAILS.get(name)
                if tail is None:
                    continue
                for at in kept:  # a word starts at the tail and none ends there: a cut of the
                    cut = at + tail  # name's word, tight up to the text's end (``straddles``)
                    edges.add(cut)
                    words.append(cut)
                    inside[cut] = at
                    tight[cut] = (cut, len(text))
        if unbound:
            edges.difference_update(unbound)
            words[:] = [w for w in words if w not in unbound]
        inside = {cut: word for cut, word in inside.items() if cut in edges and cut != word}
        tight = {cut: word for cut, word in tight.items() if cut in inside}
        words.sort()
        after: frozenset[int] = frozenset()
        if language == "zh":
            after = _postpositions(text, words, edges, inside)
            after |= {m.start() for m in _ZH_IN_BEFORE_A_SIDE.finditer(text)}
        return Segmentation(frozenset(edges), tuple(words), language, False, inside, tight, after)

    def _backend(self, language: str) -> Spans | None:
        if language not in self._backends:
            self._backends[language] = _load(language) if language in self._enabled else None
        return self._backends[language]


def _load(language: str) -> Spans | None:
    try:
        module = importlib.import_module(LIBRARIES[language])
    except ImportError:
        return None
    if language == "zh":
        return _chinese(module)
    if language == "ja":
        return _japanese(module)
    return _korean(module)


# One-character names of states and regions that Chinese news joins in pairs: 美俄 (US-Russia),
# 俄乌 (Russia-Ukraine), 中美, 日韩. jieba keeps such a pair as one word, so ``俄`` did not match
# 俄乌冲突 (a substring filter does); a pair of two of these is two words. Each needs the other:
# 美元 (dollar) and 俄罗斯 stay whole, and a term of both characters (中美) still matches the pair.
# Left out: characters that are mostly other words (加 add, 意 meaning, 以 by, 新 new, 西 west).
_STATES = "中美俄日韩朝台英法德乌欧印越澳菲伊港蒙泰"
# a state pair before a game or a war between them is a word (中韩战前瞻, 经典赛日韩大战, 冠军战台日
# 对决; jieba: 中|韩战, 赛日|韩, 战台|日), as it is before any word of 战 (中美|战略, 日俄|战争)
_ZH_MATCHUP = re.compile(f"[{_STATES}]{{2}}(?=战|大战|之战|对决|交锋|对阵)")
# and one that starts a word before the nationality of both (日韩籍游客; jieba: 日|韩籍); not
# after a stay or a visit (在日|韩籍, "Korean nationals in Japan"), nor inside a word
# (台中|日籍); after a war it is one (二战|美日籍战俘, "US and Japanese POWs of WWII"): the "in"
# of 二戰中|台籍 is ``_ZH_IN_BEFORE_A_SIDE``'s, a postposition no term holds
_ZH_NATIONALS = re.compile(f"(?<![在访赴驻旅来])[{_STATES}]{{2}}(?=籍)")
# and one over a sea (日本海上空中俄轰炸机联合巡航: above the Sea of Japan, Chinese and Russian
# bombers; jieba: 海上|空中|俄): the airspace is 上空, no 空中 ("in the air")
_ZH_OVERHEAD = re.compile(f"(?<=上空)中[{_STATES}]")
# the 日 of a pair before 间 ("between": 中日间; jieba: 中|日间, "daytime") and the 台 of one
# before its vehicles (日台车用电子; jieba: 日|台车, a trolley), where the pair ends
_ZH_PAIR_BETWEEN = re.compile(f"日(?=间)(?<=[{_STATES}]日)")
_ZH_PAIR_VEHICLES = re.compile(f"台(?=车[用厂企市])(?<=[{_STATES}]台)")
_STATE_PAIRS = frozenset(a + b for a in _STATES for b in _STATES if a != b) - {
    "美德",  # virtue
    "朝日",  # morning sun; the Asahi newspaper
    "日中",  # midday
    "台中",  # Taichung
}


# A one-character state name is a part of the two-character words that Chinese and Japanese news
# build on it: an act toward it (访美 "a visit to the US", 涉台 "Taiwan-related", 訪中, 対露
# "toward Russia") or its forces, side and debt (美军, 中方, 米軍, 美债). jieba and Sudachi keep
# such a word whole, so ``美`` missed 美军 and ``露`` missed 対露制裁, while a substring filter
# finds them.
# Only for a term inside the word (a ``tight`` cut): ``中美`` does not match 会谈中|美方 ("in the
# talks, the US side"), nor ``日中`` 来日|中 ("visiting Japan"). Only these affixes: 中产
# ("middle class"), 出台 ("to issue"), 平台, 北側 ("north side") and the press and firms (美媒,
# 美企, whose "US" items are seldom about the state) stay whole. Japanese pairs of two state names
# (日米, 露朝) are two words, as Chinese ones are (``_STATE_PAIRS``).
_ZH_ACTS = "访驻涉援扰反亲抗对"
_ZH_OWN = "军方舰债"
_ZH_AFFIXED = _STATES + "华"
_JA_STATES = "米中日韓朝露台英独仏印豪"
_JA_ACTS = "訪対駐在来反親抗"
_JA_OWN = "軍側艦"
_JA_PAIRS = frozenset(a + b for a in _JA_STATES for b in _JA_STATES if a != b) - {
    "日中",  # daytime
    "朝日",  # the Asahi; the morning sun
    "中日",  # the Chunichi (its names are kept whole, ``cjk_names``)
    "台中",  # Taichung
    "中米",  # Central America
}


# the words of two characters that are a state name and an affix of it (a set: one lookup a word)
# what jieba joins to a state after another state alone, a style or its dramas (日|韩系露营风,
# "the Japanese and Korean camping style"): the pair is a word, 日韩|系 (``spans``). Not after
# 中 or 台, which are as often "in" or Taichung (年中|日系品牌, "mid-year, Japanese brands"),
# nor after "in" a state (在|美|台商, Taiwanese firms in the US), nor before 商, 企 or 妆
# (日韩|美妆, cosmetics), 服 (燃灯会中|韩服体验区, hanbok) or 风 (連休最終日|台風, a typhoon)
_ZH_STYLES = frozenset("系式剧")
_ZH_STYLE_FIRST = frozenset(_STATES) - {"中", "台"}
_ZH_WHERE = frozenset({"在", "赴", "驻", "访", "旅"})
_ZH_STATE_AFFIXES = frozenset(a + b for a in _ZH_ACTS for b in _ZH_AFFIXED) | frozenset(
    a + b for a in _STATES for b in _ZH_OWN
)
_JA_STATE_AFFIXES = frozenset(a + b for a in _JA_ACTS for b in _JA_STATES) | frozenset(
    a + b for a in _JA_STATES for b in _JA_OWN
)


# The last characters that are words of their own at the end of a longer word: a place's rank
# (东京|都, 台州|市, 蒙古|国, 台湾|岛); its people, team, assembly, side, army, party, ministry and
# language (中国|人, 日本|队, 美国|会); a war, case, law, decree, system, tax or fee (贸易|战,
# 台湾关系|法, 征兵|制); a trade, circle or kind (军事|化); a delegation, member, head, craft or
# office (访华|团); a state of a list (中日|韩, 美日|澳); a nationality (台湾|籍); a language
# (普通|话, so ``通话`` does not match Mandarin); shares (中资|股); an officer or a hall (外交|官,
# a diplomat; 大使|馆, an embassy); a student or a person (国防|生, a defence cadet; 脱北|者,
# defectors); goods (水产|品), their origin, edition, cuisine or make (日本|产, 美国|版, 法国|菜,
# 日本|货) or a descent (韩|裔); what lies between (中美|间, 两国|间); a crime (间谍|罪); a
# vehicle (进口|车, 电动|车) or an amount (出口|量, 货运|量, 出口|额); a ministry's department
# (礼宾|司, 亚洲|司); a sea (日本|海, so ``日本`` matches the Sea of Japan as ``台湾`` does the
# Taiwan Strait); and the particles jieba glues to the word before them (涉俄|为,
# "Russia-related as").
_TRAILING = frozenset(
    "都州市省县区国人队会方军党部语战案法令制税费业界化性式团员长机舰局院署为同在与和及将等岛话籍股官馆生者品罪府办车量"
    "产版菜货裔间额司海河洋" + _STATES
)


def _single_part(char: str, first: bool, last: bool, person: bool) -> bool:
    """Whether one character may be a part of a longer Chinese word (``split``): at its start
    (中|美洲, so ``中美`` does not match Central America; 零|关税, "zero tariffs"), or at its
    end if it is a word of its own there (``_TRAILING``); a state's abbreviation anywhere
    (jieba's 涉俄为, "Russia-related as", is 涉|俄|为), and so is 驻 ("stationed in": jieba's
    中国驻韩国大使馆 is 中国|驻|韩国|大使|馆); and anywhere in a person's name, whose
    parts the dictionary seldom holds (石|破|茂, Ishiba Shigeru; jieba's 王毅同, "Wang Yi with")."""
    return first or person or char in _STATES or char == "驻" or (last and char in _TRAILING)


# Taiwan's cities whose second character starts a more frequent word in jieba's (mainland)
# dictionary: 台北京華城 was 台|北京|華城 (Beijing), 台中共有 台|中共|有 (the CCP), 台南海安路
# 台|南海 (the South China Sea), 台中東區 台|中東 (the Middle East), 新北約 新|北約 (NATO),
# 台東海濱 台|東海 (the East China Sea).
_TW_CITIES = frozenset({"台北", "台中", "台南", "新北", "台东"})
# one of them at a text's start or after a pause: the only place ``_taiwan_cities`` joins one in
# simplified text, so most simplified texts skip its pass over their words
_TW_CITY_AT_PAUSE = re.compile(f"(?<![{CJK_CLASS}])(?:{'|'.join(sorted(_TW_CITIES))})")


# Taiwan's words for the PLA's aircraft, ships and forces (共機, 共艦, 共軍, as the text reads once
# mapped to simplified), which the mainland dictionary lacks: 共機擾台 was one unknown word
# 共機擾, so ``共機`` missed it. At 2,000 (共 alone has 22,997) the route 共军|机舰 beats
# 共|军机|舰, and 总共|军费 or 公共|机构 keep theirs.
# and 陸客, mainland tourists (陸客團), and 共諜, the CCP's spies (涉共諜案), and 長照, long-term
# care (日台|長照交流, not 日|台長|照)
# and the twelve-year basic education's curriculum (十二年國教|課綱, not 國|教課|綱), and the
# ministry of health and welfare (攻防|衛福|部, not 攻|防衛|福部; 衛福|部長 keeps its minister), and
# the mainland side (批|陸方, not the made-up 批陸方), and a first home purchase and mainland
# capital (千萬元|首購, not 千萬|元首|購; 陸資|來台), and Teco, the motor maker (重電三雄中|東元,
# not 中東|元; 中東|元首 keeps the Middle East), severance pay (勞工|資遣費, not 勞|工資|遣費),
# cabin crew (空服員|工會, not 空服|員工|會), Niger as Taiwan names it (尼日|軍政府, not
# 尼|日軍), a gun salute as Taiwan writes it (21響|禮砲, not 響禮|砲) and a fort (砲台|海門, not
# 砲|台海|門), Japanese rule (深山中|日治|時期, not 中日|治), national-designated (其中|國定|古蹟,
# not 其|中國|定) and Cosmed, the pharmacy chain (康是美|國內, not 康是|美國|內)
_TW_WORDS = (
    "共机", "共舰", "共军", "陆客", "共谍", "国教", "课纲", "连假", "国台语", "戏外", "长片",
    "卫福", "陆方", "殖利率", "东协", "移工", "国造", "潜舰", "存底", "国手", "首购", "陆资",
    "东元", "资遣费", "空服员", "防制", "尼日", "礼砲", "砲台", "日治", "国定", "康是美", "军眷",
    "国乐团", "长照",
)  # fmt: skip
_ADDED_WORD_FREQ = 2000
# Mainland news words the dictionary lacks or rates below a neighbour: 自贸 (free trade, of 自贸协定
# and 自贸港), 核污染水 and 排海 (Fukushima's treated water and its release), and 对 + a state
# ("toward", as 对华 and 对日 are already) or against one (抗中保台): jieba read 中|韩自贸,
# 核污染|水排|海, 美对|俄 and 抗|中保|台, so ``中韩``, ``排海``, ``对俄`` and ``抗中`` missed
# them; 对|俄罗斯 and 对华|为 keep their reading. And three words whose neighbours jieba read
# as states: a talent show's auditions (线上|海选, not 线|上海|选), a soldier's wife (最美|军嫂,
# not 最|美军|嫂) and Macau's "our Macau" (今日|本澳, not 今|日本|澳). Drills (军演, and Taiwan's
# 演训) are words too, so that Taiwan's 共军 takes no 中共军演 apart (中|共军|演) and keeps
# 共军|演训. And a state's firms (在华|美企, not 在|华美|企: "gorgeous"), Japan's coast guard
# (日本|海保, not 日本海|保在), a chain of islands (钓鱼台|列屿, not the made-up 钓鱼台列) and
# reading together (國中|共讀, a junior high's reading scheme, not 推國|中共|讀計畫) and Hong
# Kong's flats with a view of the bay (大露台|灣景, not 大露|台灣|景), and China-chic (审美|国潮,
# "taste for China-chic", not 审|美国|潮; 甜美|国风, "sweet in the Chinese style"), a national
# exhibition (书法|国展, not 书|法国|展), Taiwan's word for a penalty (管制|裁罰, not
# 管|制裁|罰), the Nikkei (热潮|中|日经, not 热潮|中日|经), a defence minister (美国|防长, not
# 美国防|长), arms purchases (军购|案), Russian-made (演习|中|俄制) and Hong Kong's "our city"
# (教育日|本港, not 日本|港, as 本澳 is Macau's), long swells (嚴防|長浪, not 嚴|防長|浪), a
# lottery's win (抽中|国庆机票, not 抽|中国|庆), guarding against fraud (出國|防騙, not
# 出|國防|騙), daily pay (市场|中|日结岗位, not 市场|中日|结), intangible heritage
# (节目|中|非遗技艺, not 节目|中非|遗), born in the year of the horse (属马|来年, not 属|马来|年),
# a long queue (廟外|長龍, not 廟|外長|龍), the central state firms (其中|央企, not 其|中央|企),
# fraud prevention (我國|防詐, not 我|國防|詐), phase-change memory (全球|首|相变存储, not
# 首相|变), the Two Sessions and a shareholders' meeting (两会|谈, 股东会|谈: ``_talks_at``), and
# brands by their country (市场|中|日系品牌, not 中日|系), and a national memorial day (国家|公祭日|
# 中小学生, not 公祭|日|中小学生, whose 日中 started at a word), overwork (过劳|工伤, not
# 过|劳工|伤), Koreans abroad (在|美|韩侨, not 在|美韩|侨), cosmetics (日韩|美妆, not
# 日|韩美|妆), a chance (有机会|谈成, not 有机|会谈|成), Japanese abroad (在|韩|日侨, not
# 在|韩日|侨) and Japan's prime minister as Taiwan's and Hong Kong's press shortens it
# (日相|高市早苗), the World Cup's qualifiers (朝韩|世预赛, not 朝|韩世|预赛) and Taiwan's
# investor conference (台积电|法说会|谈, not 台积|电法|说|会谈: ``_talks_at``), and a prisoner
# swap (中美|换囚, not 中美换|囚), an influencer (台湾|网红, not the website 台湾网|红) and blocking
# (两国|防堵, not 两|国防|堵), the Indo-Pacific (美|印太|司令部, not 美印|太) and Japanese
# firms (在台|日商会, not 在|台日|商会). The markets' words: Japan's and Korea's stocks, China's
# stocks listed abroad and US Treasuries (日股|大涨, 中概股|盘前, 美債|殖利率, not the made-up
# 日|股大涨, 中|概|股盘, 美|債殖|利率; Taiwan's 殖利率 is the yield) and money remitted home
# (境外|匯回, not 境|外匯|回), and military aid and the pro-Russian (欧美|军援, not 欧|美军|援;
# 親俄|烏克蘭, not 親|俄烏|克蘭), a sea view (天台|海景, not 天|台海|景), sharing hard times
# (疫情中|共体时艰, not 疫情|中共|体|时艰), the pagoda tree (古村中|国槐, not 村|中国|槐) and the
# war's two sides before the Black Sea (俄乌|黑海, not 俄|乌黑|海, "jet-black") and Jingtang
# Port (河北|京唐港, not 河|北京|唐港) and Sai Kung (旅遊巴|西貢, not 巴西|貢), and "exquisite"
# (絕美|國畫, not 絕|美國|畫; 拒绝|美国 keeps its US), daily active users (年中|日活, not
# 中日|活), a long shot (禁区外|长射, not 外长|射), the US leagues (周日|美职联, not 日美|职联)
# and a long queue (医院外|长队, not 外长|队), and an aircraft's nose (机首|相撞, not 机|首相|撞),
# airlines (美日|航企, not 美|日航|企), mutual exemption (中泰|互免签证, not 中|泰互免), delivery
# times (國外|交期, not 國|外交|期), practising together (在家中|共修, not 家|中共|修) and fresh
# goods (今朝|鲜货, not 今|朝鲜|货).
_NEWS_WORDS = (
    "自贸", "核污染水", "排海", "对俄", "对韩", "对朝", "对欧", "抗中", "海选", "军嫂", "本澳",
    "军演", "演训", "美企", "日企", "韩企", "台企", "欧企", "海保", "列屿", "共读", "湾景", "国潮",
    "国风", "国展", "裁罚", "日经", "防长", "军购", "俄制", "本港", "长浪", "抽中", "防骗",
    "日结", "非遗", "属马", "长龙", "央企", "防诈", "相变", "两会", "股东会", "日系", "韩系",
    "美系", "光通讯", "港队", "争冠", "生死战", "国训", "防诈骗", "日晕", "公祭日", "脱北", "过劳",
    "韩侨", "美妆", "有机会", "日侨", "日相", "世预赛", "法说会", "换囚", "网红", "防堵",
    "印太", "日商", "日股", "中概股", "美债", "汇回", "国足", "国脚", "军援", "亲俄", "海景",
    "共体时艰", "国槐", "俄乌", "京唐港", "西贡", "碳达峰", "绝美", "日活", "长射", "长队",
    "机首", "航企", "互免", "交期", "共修", "鲜货",
    "美职联", "美职篮", "美职棒", "三地", "动保", "海钓", "军迷", "京港澳",
)  # fmt: skip


def _taiwan_cities(
    tokens: list[tuple[str, int, int]], text: str, traditional: bool
) -> list[tuple[str, int, int]]:
    """``tokens`` with each lone 台 or 新 that jieba left before a word starting with the second
    character of one of ``_TW_CITIES`` joined to that character. Only for text in traditional
    characters, as Taiwan's press writes: in simplified text 出台|中长期规划 has no lone 台,
    but 在台|中国人 ("Chinese in Taiwan") would read 台中, and mainland news seldom names the
    cities this way, except at the text's start or after a pause (台中东区, 台北约有三万人: no
    Middle East, no NATO)."""
    out: list[tuple[str, int, int]] = []
    for token in tokens:
        word, start, end = token
        if out and out[-1][0] == "夜台" and end - start >= 2 and "台" + word[0] in _TW_CITIES:
            # a night's 夜 before the city (跨年夜台北约有20万人, 跨年夜台中东区): jieba read
            # 夜台 (the grave, in old poems) and left 台北's 北 to 北约
            at = out[-1][1]
            out[-1] = ("夜", at, at + 1)
            out.append(("台" + word[0], at + 1, start + 1))
            out.append((word[1:], start + 1, end))
            continue
        if out and end - start >= 2 and out[-1][0] + word[0] in _TW_CITIES:
            before, at, _ = out[-1]
            if (
                at + len(before) == start
                and len(before) == 1
                and (traditional or at == 0 or not is_cjk(text[at - 1]))
            ):
                out[-1] = (before + word[0], at, start + 1)
                out.append((word[1:], start + 1, end))
                continue
        out.append(token)
    return out


# 中共有 after a word and before a number is 中|共有 ("among them, in all"), not the CCP (中共)
# and 有: 企业中共有186家, 名單中共有5部. At a headline's start, 中共有 stays the party's. A blank
# is a number too: the Chinese call sees the text with its digits blanked out.
_COUNT = re.compile("[ 0-9\uff10-\uff19一二两三四五六七八九十百千万逾近约超多数几]|上[百千万亿]")
# So is 中共 after a word and before a verb that tallies (专项行动中共抓获…, "in the operation,
# … were caught in all"): 中|共|抓获, not the CCP catching anyone.
_TALLIES = frozenset({
    "抓获", "查获", "破获", "侦破", "捣毁", "排查", "检出", "检测", "救助", "收治", "受理", "办理",
    "接待", "走访", "调解", "化解", "录取", "发放", "出动", "募得", "筹得", "售出", "吸引",
    "救出", "救起", "救治", "疏散", "撤离", "安置", "招募", "转移", "转运", "营救", "搜救",
    "展出", "收录", "招生", "招收", "发现", "查出", "藏", "栽植", "种植", "栽种", "养", "饲养",
    "找出", "收容", "搜出",
    # a player's (三场比赛中共飙20次三振, "20 strikeouts in all in three games"); not 拿下, a
    # party's as often (批中共拿下话语权)
    "飙", "砍下", "攻下", "投进", "打进", "轰出", "击出", "投出",
})  # fmt: skip
# and the tallies that need a count after them (调查中共记录70万只, "the survey recorded 700,000
# in all"; 中共记录 is also the Party's record)
_COUNTED_TALLIES = frozenset({"记录", "计"})
# and the adverbs before a tally (强降雨过程中共紧急转移群众, "in the downpour, … were moved in
# all, urgently")
_TALLY_ADVERBS = frozenset({"紧急", "先后", "分批", "累计", "及时", "成功", "安全", "有序"})


# A count or a group of states before their own word: jieba reads the 国 of 两国, 各国 or 多国 into
# the next word (两|国外|长, 兩|國防|制, 多|国家|属, 两|国安|保), so ``国外`` ("abroad"), ``国防``
# or ``国家`` matched and the ministers, the crime prevention, the families and the security were
# lost. Where a lone character that counts or groups states stands before jieba's 国X, and X with
# the single character after it is a word (外长, 防制, 家属, 安保, 会谈, 民众), the reading is
# 两国|外长. A longer word after 国X keeps it (许多|国会|议员, 各|国际|组织).
_STATE_COUNTS = "两三四五六七八九十各多该诸他敌友邻"
_COUNTED_STATES = re.compile(f"[{_STATE_COUNTS}]国")


def _counted_states(
    tokens: list[tuple[str, int, int]], text: str, known: Callable[[str], bool]
) -> list[tuple[str, int, int]]:
    """``tokens`` with each count|国X|Y read as count国|XY where XY is a word (``known``)."""
    if not _COUNTED_STATES.search(text):  # most texts: no pass over their tokens
        return tokens
    number = 0
    while (number := number + 1) < len(tokens) - 1:  # a reading takes a token away
        (count, begin, at), (word, start, end), (after, since, stop) = tokens[
            number - 1 : number + 2
        ]
        if (
            len(count) == 1
            and count in _STATE_COUNTS
            and at == start
            and len(word) == 2
            and word[0] == "国"
            and since == end
            and len(after) == 1
            and known(word[1] + after)
        ):
            tokens[number - 1 : number + 2] = [
                (count + "国", begin, start + 1),
                (word[1] + after, start + 1, stop),
            ]
    return tokens


def _among(tokens: list[tuple[str, int, int]], text: str) -> list[tuple[str, int, int]]:
    """``tokens`` with each 中共|有 that counts something read as 中|共有 (``_COUNT``) and each
    中共 before a tally (``_TALLIES``, or an adverb and a tally) as 中|共 and the tally."""
    if "中共" not in text:  # most texts: no pass over their tokens
        return tokens
    number = 0
    while (number := number + 1) < len(tokens) - 1:  # a reading may add a token: len grows
        word, start, end = tokens[number]
        if (
            word != "中共"
            or tokens[number - 1][2] != start
            or not _ALL_CJK.fullmatch(tokens[number - 1][0])
        ):
            continue
        after, stop = tokens[number + 1][0], tokens[number + 1][2]
        if after[0] == "有" and _COUNT.match(text, end + 1):  # 中共|有九校: 中|共有|九校
            parts = [("中", start, start + 1), ("共有", start + 1, end + 1)]
            tokens[number : number + 2] = (
                [*parts, (after[1:], end + 1, stop)] if stop > end + 1 else parts
            )
        elif after in _COUNTED_TALLIES and (
            _COUNT.match(text, stop) or text.startswith("达", stop)
        ):  # 调查中|共记录|70万只: "in all, recorded"
            tokens[number : number + 2] = [
                ("中", start, start + 1),
                ("共" + after, start + 1, stop),
            ]
        elif after not in _TALLIES and after[:2] in _TALLIES:  # 高中|共招收|新生
            tokens[number : number + 2] = [
                ("中", start, start + 1),
                ("共" + after[:2], start + 1, end + 2),
                (after[2:], end + 2, stop),
            ]
        elif after in _TALLIES or (
            after in _TALLY_ADVERBS
            and number + 2 < len(tokens)
            and tokens[number + 2][0] in _TALLIES
        ):  # 中|共抓获, 中|共紧急|转移: 共 is the tally's adverb
            tokens[number : number + 2] = [
                ("中", start, start + 1),
                ("共" + after, start + 1, stop),
            ]
    return tokens


# 条约 between a numeral and a number is a measure word and "about": 一条约5公里 ("one of about
# 5 km"), not a treaty (条约); so is 约 after a direction (以北|约30公里).
_NUMERAL = frozenset("一二两三四五六七八九十几每")


_DIRECTION = frozenset({"以", "向", "往", "偏", "东", "西"})  # 以北约30公里: "about 30 km north"
# 台北, 河北, 湖北, 华北 …, and the 东 or 西 of a direction after a name (库皮扬斯克西北约15公里:
# 斯克|西北|约, where jieba read 克西|北约), and 以 after one (富貴角以北約5浬: jieba's 角以|北約);
# and Zhubei (竹北約500戶)
_NORTH_OF = frozenset("台臺河湖华華淮江苏蘇皖陕陝冀城新东西镇鎮村县縣乡鄉区區以竹")


def _about(tokens: list[tuple[str, int, int]], text: str) -> list[tuple[str, int, int]]:
    """``tokens`` with each numeral|条约 before a number read as numeral条|约, and each 北约
    after a direction's word or a place's first character and before a number as 以北|约
    (以北约30公里: no NATO) or 台北|约."""
    if "条约" not in text and "北约" not in text:
        return tokens
    number = 0
    while (number := number + 1) < len(tokens) - 1:  # a reading may add a token: len grows
        word, start, end = tokens[number]
        numeral, at, _ = tokens[number - 1]
        if word == "条约" and _COUNT.match(text, end) and set(numeral) <= _NUMERAL:
            tokens[number - 1 : number + 1] = [
                (numeral + "条", at, start + 1),
                ("约", start + 1, end),
            ]
        elif word == "北约" and _COUNT.match(text, end) and numeral in _DIRECTION:
            tokens[number - 1 : number + 1] = [
                (numeral + "北", at, start + 1),
                ("约", start + 1, end),
            ]
        elif word == "北约" and _COUNT.match(text, end) and numeral[-1] in _NORTH_OF:
            # a place in 北 that jieba read across (距台|北约|一小时, "about an hour from
            # Taipei"): 距|台北|约; and a town's or a village's north (爱辉镇|北约|四公里处:
            # 爱辉|镇北|约)
            tokens[number - 1 : number + 1] = [
                *([(numeral[:-1], at, start - 1)] if len(numeral) > 1 else []),
                (numeral[-1] + "北", start - 1, start + 1),
                ("约", start + 1, end),
            ]
    return tokens


# 对华为 before what is done to a firm is 对|华为 ("against Huawei": 美对华为加码芯片出口限制), not
# 对华|为 ("toward China, as"): jieba's reading hid the firm from ``华为``.
_HUAWEI = re.compile("[加实制禁出断施打限封]")


def _huawei(tokens: list[tuple[str, int, int]], text: str) -> list[tuple[str, int, int]]:
    """``tokens`` with each 对华|为 before a measure (``_HUAWEI``) read as 对|华为, and a visit
    to the firm (参|访华|为慕尼黑研究所, 走访华为) as 参访|华为 (not 访华|为期三天, "a three-day
    visit to China")."""
    if "华为" not in text:
        return tokens
    for number in reversed(range(len(tokens) - 1)):  # a reading takes one token away
        word, start, _ = tokens[number]
        after, _, stop = tokens[number + 1]
        if word == "对华" and after == "为" and _HUAWEI.match(text, stop):
            tokens[number : number + 2] = [("对", start, start + 1), ("华为", start + 1, stop)]
        elif word == "访华" and after == "为" and number and text[stop : stop + 1] != "期":
            visitor, at, end = tokens[number - 1]
            if end == start and visitor in _VISITORS:
                tokens[number - 1 : number + 2] = [
                    (visitor + "访", at, start + 1),
                    ("华为", start + 1, stop),
                ]
    return tokens


_VISITORS = frozenset("参造到走拜")


# A meeting's name before 会谈 is the meeting's and 谈 "talks about" (雷军两会谈智能汽车, "Lei Jun
# at the Two Sessions on smart cars"; 股東會談AI, "at the shareholders' meeting, on AI"; 记者会谈
# 两岸, "at the press conference, on cross-Strait ties"), not 会谈 ("talks" between sides); jieba
# reads 两|会谈, 股东|会谈 and 记者|会谈. So does a guild's (藥師公會談缺藥, "the pharmacists' guild
# on drug shortages": 公|會談). So does a launch event before what it talks of (索尼發表會談及
# PS6, "Sony's launch touched on the PS6"; jieba: 發表|會談); 双方发表会谈公报 keeps its talks.
_MEETINGS = frozenset(
    {"两", "股东", "董事", "记者", "发布", "法说", "说明", "峰", "年", "进博", "服贸", "公"}
)
# and a conference or general meeting whose 大会 jieba cuts 大|会谈 (股东|大|会谈|出海, "at the
# shareholders' meeting, talks of going abroad"; 互联网|大|会谈|人工智能): 大会|谈; and any
# word that makes a common dictionary word with 会 (博览会, 研讨会, 交流会, 展会, 全会: 在展|会谈
# 全球化) after 在 ("at"): a venue, not who talks (首脑会谈 and 电话会谈 keep their talks: 首脑会
# and 电话会 are rare words)
_MEETING_FREQ = 30


def _talks_at(
    tokens: list[tuple[str, int, int]], text: str, frequency: Callable[[str], int]
) -> list[tuple[str, int, int]]:
    """``tokens`` with each meeting's name (``_MEETINGS``)|会谈 read as the meeting|谈.

    ``frequency``: how often jieba's dictionary has a word (0: not at all)."""
    if "会谈" not in text:
        return tokens
    for number in reversed(range(len(tokens) - 1)):  # a reading may add a token
        word, start, _ = tokens[number]
        after, at, stop = tokens[number + 1]
        if after != "会谈" or at != start + len(word):
            continue
        if word[0] == "在" and len(word) > 1 and frequency(word[1:] + "会") >= _MEETING_FREQ:
            tokens[number : number + 2] = [  # jieba's 在展|会谈: 在|展会|谈
                ("在", start, start + 1),
                (word[1:] + "会", start + 1, at + 1),
                ("谈", at + 1, stop),
            ]
            continue
        venue = "在" in text[:start] and frequency(word + "会") >= _MEETING_FREQ
        if (
            word in _MEETINGS
            or venue
            or (word == "大" and number and tokens[number - 1][2] == start)
            or (word == "发表" and text[stop : stop + 1] in ("及", "到", "起"))
        ):
            tokens[number : number + 2] = [(word + "会", start, at + 1), ("谈", at + 1, stop)]
    return tokens


def _national_players(
    tokens: list[tuple[str, int, int]], text: str, known: Callable[[str], bool]
) -> list[tuple[str, int, int]]:
    """``tokens`` with a state's 国 before 手 read as 国手, a national-team player, where jieba
    gives the state the 国 (中|韩国|手对抗赛, "the China-Korea players' match", is 中|韩|国手;
    Taiwan's 國|中國|手奪, "a junior-high national player wins", 國|中|國手|奪): no Korea, no
    China. A dictionary word after the state keeps it (中国|手机, 美国|手中); and the Cup, then a
    state pair (农心杯|中韩, not 杯中, "in the cup")."""
    if "国手" not in text and "杯中" not in text:
        return tokens
    number = 0
    while number + 1 < len(tokens):
        word, start, end = tokens[number]
        after, at, stop = tokens[number + 1]
        if at == end and len(word) == 2 and word[1] == "国" and word[0] in _STATES:
            if after[0] == "手" and (after == "手" or not known(after)):
                rest = [(after[1:], at + 1, stop)] if stop > at + 1 else []
                tokens[number : number + 2] = [
                    (word[0], start, start + 1),
                    ("国手", start + 1, at + 1),
                    *rest,
                ]
        elif at == end and word == "杯中" and "中" + after[0] in _STATE_PAIRS:
            tokens[number : number + 1] = [("杯", start, start + 1), ("中", start + 1, end)]
        number += 1
    return tokens


def _overseas(tokens: list[tuple[str, int, int]], text: str) -> list[tuple[str, int, int]]:
    """``tokens`` with 海|外交 before a delivery read as 海外|交 (海外交车, "vehicles delivered
    abroad"; jieba: 海|外交|车): no diplomacy, and ``海外`` holds."""
    if "海外交" not in text:
        return tokens
    for number in range(len(tokens) - 1):
        (word, start, _), (after, at, stop) = tokens[number : number + 2]
        if word == "海" and after == "外交" and at == start + 1 and text[stop : stop + 1] in _GOODS:
            tokens[number : number + 2] = [("海外", start, at + 1), ("交", at + 1, stop)]
    return tokens


_GOODS = frozenset("车货付")
_PEAK_WILL = frozenset({"出现", "落在", "提前", "延后", "到来", "来临", "持续"})


# jieba's dictionary has 韩美军 (of 驻韩美军, the US forces in Korea) and 美军方, and reads
# 韩美军演 ("the Korea-US drills") as 韩美军|演, 韩美军事同盟 as 韩美军|事|同盟 and 中美军方 ("the
# Chinese and US militaries") as 中|美军方: ``美军`` matched them and ``军事`` missed the
# alliance. A pair's 军 before 演, 事, 队 or 方 is that word's: 韩美|军演, 中美|军方; 驻韩美军司令
# keeps its 美军.
_FORCES_OF = frozenset("演事队方")
_CRAFT = frozenset("机舰费")  # 军机, 军舰, and 军费 (中美|军费差距, not 中|美军|费)
# the second state's 军方 of 中|美军方, and the aircraft of 中|俄军|机
_PAIR_ARMS = frozenset("军" + x for x in _FORCES_OF | _CRAFT)


def _pair_forces(
    tokens: list[tuple[str, int, int]], text: str, known: Callable[[str], bool]
) -> list[tuple[str, int, int]]:
    """``tokens`` with each state pair's 军 before one of ``_FORCES_OF`` read as their word, in
    both of jieba's readings: the pair's 军|演, and the first state|the second's 军方. ``known``:
    whether jieba's dictionary has a word (驻韩美军|演习 keeps its 美军)."""
    if not any(arm in text for arm in _PAIR_ARMS):
        return tokens
    for number in range(len(tokens) - 1):
        if number + 1 >= len(tokens):  # a reading below took a token away
            break
        word, start, end = tokens[number]
        after, at, stop = tokens[number + 1]
        if at != end:
            continue
        if (
            word[2:] == "军"
            and word[:2] in _STATE_PAIRS
            and (  # or its drills before a word jieba made up (韩美军|演下|月: 韩美|军演|下|月)
                after in _FORCES_OF or (after[0] == "演" and len(after) == 2 and not known(after))
            )
        ):
            tokens[number : number + 2] = [
                (word[:2], start, end - 1),
                ("军" + after[0], end - 1, at + 1),
                *([(after[1:], at + 1, stop)] if stop > at + 1 else []),
            ]
        elif after[1:] in _PAIR_ARMS and word + after[0] in _STATE_PAIRS:  # 中|美军方
            tokens[number : number + 2] = [
                (word + after[0], start, at + 1),
                (after[1:], at + 1, stop),
            ]
        elif (  # 中|俄军|机 (jieba): 中俄|军机, the two states' military aircraft, ships or budgets
            after[1:] == "军"
            and word + after[0] in _STATE_PAIRS
            and number + 2 < len(tokens)
            and tokens[number + 2][0] in _CRAFT
            and tokens[number + 2][1] == stop
        ):
            tokens[number : number + 3] = [
                (word + after[0], start, at + 1),
                ("军" + tokens[number + 2][0], at + 1, tokens[number + 2][2]),
            ]
    return tokens


# A state's abbreviation before 日本 and 周 or 月 is a pair, then "this week" or "this month"
# (美日本周举行外长防长会谈, "the US and Japan this week hold …"): jieba reads 美|日本|周, so
# ``日本`` matched and ``美日`` did not.
def _this_week(tokens: list[tuple[str, int, int]], text: str) -> list[tuple[str, int, int]]:
    """``tokens`` with each state|日本|周 (or 月) read as the pair and 本周 (本月)."""
    if "日本周" not in text and "日本月" not in text:
        return tokens
    for number in reversed(range(1, len(tokens) - 1)):  # a reading takes one token away
        (state, at, start), (word, begin, _), (after, _, stop) = tokens[number - 1 : number + 2]
        if (
            word == "日本"
            and after in ("周", "月")
            and state in _STATES
            and start == begin == at + 1
        ):
            tokens[number - 1 : number + 2] = [
                (state + "日", at, start + 1),
                ("本" + after, start + 1, stop),
            ]
    return tokens


def _pair_before(tokens: list[tuple[str, int, int]], number: int, text: str) -> bool:
    """Whether token ``number`` (a word jieba made up that starts with a state) follows a state
    alone, at the text's start or after a pause, with which its first character makes a pair
    (日|韓賞|櫻熱, "the Japan and Korea cherry-blossom craze"): then it is no person's name, as
    ``_unknown_state_word`` would take it (世界卫生日|韩红 and 决赛中|韩旭 keep the singer and the
    player)."""
    if not number:
        return False
    before, at, end = tokens[number - 1]
    start = tokens[number][1]
    return (
        (at, end) == (start - 1, start)
        and before + tokens[number][0][0] in _STATE_PAIRS
        and (at == 0 or not _ALL_CJK.match(text, at - 1))
    )


def _heads_of_state(tokens: list[tuple[str, int, int]], number: int) -> bool:
    """Whether the 美元 ("dollar") token ``number`` is the 美 of a state pair and the 元 of 元首
    ("head of state"): jieba cuts 中美元首会晤 ("the China-US summit") as 中|美元|首|会晤, so
    ``中美`` missed the most common way Chinese news names a summit. 100万美元首付 (a down
    payment in dollars) has no state before it and stays as it is."""
    before = tokens[number - 1][0] if number else ""
    after = tokens[number + 1][0] if number + 1 < len(tokens) else ""
    return len(before) == 1 and before in _STATES and after.startswith("首")


# A run of three or more states' abbreviations that starts and ends on words is a list of states,
# each a word, as in Japanese (``_JA_STATE_RUN``): jieba reads 美日|澳菲, so ``日澳`` missed it.
_ZH_STATE_RUN = re.compile(f"[{_STATES}粤]{{3,}}|美(?:加墨|墨加)")  # and Guangdong's 粤 of 粤港澳,
# and the USMCA's three (美加墨协定; jieba: 美|加墨, "add ink")


# the count of states after a list, which jieba joins to its last state (中日|韩三国, a place)
_ZH_STATE_COUNT = re.compile(f"[{_STATES}][两三四五六七八九十]国")


def _state_list(tokens: list[tuple[str, int, int]], text: str) -> list[tuple[str, int, int]]:
    """``tokens`` with each run of ``_ZH_STATE_RUN`` that starts and ends on words read as one
    word a state. A list names each state once and does not start at Taichung (台中台74线, 台中港
    are the city's); it may end before its count (中日韩|三国, ``_ZH_STATE_COUNT``)."""
    for run in reversed(list(_ZH_STATE_RUN.finditer(text))):
        if len(set(run[0])) < len(run[0]) or run[0].startswith("台中"):
            continue
        first = next((n for n, t in enumerate(tokens) if t[1] == run.start()), None)
        if first is None:
            continue
        last = next((n for n, t in enumerate(tokens) if t[2] == run.end()), None)
        if last is None:  # the count's word starts at the list's last state
            count = next((n for n, t in enumerate(tokens) if t[1] == run.end() - 1), None)
            if count is None or not _ZH_STATE_COUNT.fullmatch(tokens[count][0]):
                continue
            word, start, end = tokens[count]
            tokens[count : count + 1] = [(word[0], start, start + 1), (word[1:], start + 1, end)]
            last = count
        at = run.start()
        tokens[first : last + 1] = [(state, at + n, at + n + 1) for n, state in enumerate(run[0])]
    return tokens


def _unknown_state_word(word: str, tag: list[tuple[str, str]]) -> bool:
    """Whether a word jieba made up (its HMM joins characters the dictionary has no word for)
    that starts with a state's abbreviation is that state and a word: 中|韩应 ("China and Korea
    should") is 中|韩|应 and 美新海洋战略 ("the US's new maritime strategy") 美|新, where ``中韩``
    and ``美`` found no end. A person's name (``tag`` ``nr``) stays whole, as 韩 is a surname
    (半决赛中|韩旭, the player Han Xu), unless it is a tour (日|韩游, "a tour of Japan and
    Korea", which the HMM tags a person), and so do a state's media (美媒, 英媒: "US media report
    …", where the state is no party to the story) and a Taiwanese city's name (台中台74线, a
    highway of Taichung)."""
    person = tag[0][1] == "nr" and word[1:] != "游"
    return not person and word[1] != "媒" and word[:2] not in _TW_CITIES


def _chinese(rjieba: Any) -> Spans:
    jieba = rjieba.Jieba()
    log_total = math.log(JIEBA_TOTAL)
    # each variant group's simplified member is the one jieba's (simplified) dictionary knows best
    simplest = {
        g: max((c for c in g if c not in LOCAL_SPELLINGS), key=jieba.suggest_freq)
        for g in set(VARIANTS.values())
    }
    to_simplified = {ord(c): simplest[g] for c, g in VARIANTS.items() if simplest[g] != c}
    # spelled as the text reaches jieba: the dictionary knows 購 better than 购, so 军购 is 军購
    for word in _TW_WORDS + _NEWS_WORDS:
        jieba.add_word(word.translate(to_simplified), _ADDED_WORD_FREQ, "n")

    def coined(word: str, i: int, j: int) -> bool:
        """Whether ``word[i:j]`` is a compound Chinese news coins on a state's abbreviation and
        one more character (朝核 "the North Korean nuclear issue", 伊核, 美债) at the start of a
        word whose rest is a dictionary word: 朝核问题 is 朝核|问题, where the dictionary had
        no route and ``朝核`` missed it. Such a part costs a frequency of 1, so a route takes it
        only where the dictionary has none, and a transliterated name (俄亥俄, Ohio) whose rest
        is no word keeps no part."""
        rest = word[j:]
        return i == 0 and j == 2 and word[0] in _STATES and len(rest) >= 2 and jieba.has_word(rest)

    def dictionary_frequency(word: str) -> int:
        return jieba.suggest_freq(word) if jieba.has_word(word) else 0

    @lru_cache(maxsize=_SPLIT_CACHE)
    def split(word: str, first: bool = True, last: bool = True) -> tuple[int, ...]:
        """Inner boundaries of jieba's best route through ``word`` without ``word`` itself,
        through words of two characters or more, a single character only at the start or, one
        of ``_TRAILING``, at the end (``first`` and ``last``: ``word`` starts or ends the word
        it is a part of).

        A single character inside is no part of a word: cut into characters, a transliterated
        name held states' abbreviations (日|内|瓦, Geneva, held 日, Japan; 俄|亥|俄|州, Ohio, 俄;
        法兰|克|福, Frankfurt, 法), and so did a set phrase (重|中|之|重, "the top priority",
        中). A last character stays a part where it is a word of its own: 东京|都 (so ``东京``
        matches it and ``京都`` does not), 中日|韩, 访华|团. None inside an idiom (jieba's tag
        ``i``): 美中不足 ("a flaw in something fine") is not 美中|不足, so ``美中`` (US-China)
        does not match it, unless the dictionary has seen it too seldom to trust the tag
        (停火协议, "a ceasefire agreement", 4 times); a set phrase (tag ``l``) has no single
        character at all, so 祖国统一 ("the motherland's unification") holds ``统一`` and
        南北对话 ``南北``."""
        tag = jieba.tag(word)
        if tag == [(word, "i")] and jieba.suggest_freq(word) >= _PART_FREQ:
            return ()
        phrase = tag == [(word, "l")]
        person = len(tag) == 1 and tag[0][1].startswith("nr")
        n = len(word)
        none = (-math.inf, n)  # no route from here (a single character only)
        best: list[tuple[float, int]] = [(0.0, n)] * (n + 1)
        for i in range(n - 1, -1, -1):
            options = [none]
            for j in range(i + 1, n + 1):
                part = word[i:j]
                known = jieba.has_word(part) and jieba.suggest_freq(part) >= _PART_FREQ
                if part == word or (j > i + 1 and not known and not coined(word, i, j)):
                    continue
                if j == i + 1 and (  # a set phrase has no single-character part at all
                    phrase or not _single_part(part, i == 0 and first, j == n and last, person)
                ):
                    continue
                freq = jieba.suggest_freq(part) if known else 1
                options.append((math.log(max(freq, 1)) - log_total + best[j][0], j))
            best[i] = max(options)
        if best[0][0] == -math.inf:
            return ()
        cuts: list[int] = []
        i = best[0][1]
        while i < n:
            cuts.append(i)
            i = best[i][1]
        # a part that is itself a long dictionary word is cut in turn: 香港特区政府 is
        # 香港特区|政府 and then 香港|特区|政府, so ``香港`` matches it
        for a, b in pairwise((0, *cuts, n)):
            if b - a >= 3:
                # a part followed only by a last single character ends the word as well:
                # 外交部|长 is 外交|部|长, so ``外交`` matches 外交部长
                ends = last and (b == n or (b == n - 1 and word[b] in _TRAILING))
                cuts.extend(a + cut for cut in split(word[a:b], first and a == 0, ends))
        return tuple(sorted(cuts))

    def spans(text: str) -> tuple[list[int], list[int], list[int], list[int]]:
        # a space is no word, and the words beside it bound it already
        simplified = text.translate(to_simplified)
        tokens = [t for t in jieba.tokenize(simplified) if t[0][0] != " "]
        traditional = simplified != text  # Taiwan's or Hong Kong's press
        if traditional or _TW_CITY_AT_PAUSE.search(simplified):
            tokens = _taiwan_cities(tokens, simplified, traditional)
        tokens = _counted_states(tokens, simplified, jieba.has_word)
        tokens = _about(_among(tokens, simplified), simplified)
        tokens = _huawei(_state_list(tokens, simplified), simplified)
        tokens = _talks_at(tokens, simplified, dictionary_frequency)
        tokens = _overseas(_national_players(tokens, simplified, jieba.has_word), simplified)
        tokens = _this_week(_pair_forces(tokens, simplified, jieba.has_word), simplified)
        cuts: list[int] = []
        tight: list[int] = []
        for number, (word, start, end) in enumerate(tokens):
            if word == "高峰会" and traditional:
                # Taiwan's and Hong Kong's press mean a summit (亞太高峰會在台北登場): 高|峰會;
                # the mainland's 高峰会 is mostly a rush hour's peak that will … (晚高峰|会更堵),
                # and so is a flow's or a disease's in Taiwan (收假北返高峰|會出現, 春運高峰|會,
                # 流感高峰|會在春節後出現), or one that will come or move (高峰|會提前)
                peak = (start and simplified[start - 1] in "返游运潮电感情") or (
                    simplified[end : end + 2] in _PEAK_WILL
                )
                cuts.append(start + (2 if peak else 1))
                continue
            if (
                word == "高峰"
                and traditional
                and tokens[number + 1 : number + 2]
                and tokens[number + 1][0] in ("会上", "会中", "会后", "会前")
            ):
                # Taiwan's summit, then at, during, after or before it (G7高峰會上): 高|峰會|上,
                # not 高峰|會上 ("at the meeting")
                at_it = tokens[number + 1]
                tokens[number : number + 2] = [
                    ("高", start, start + 1),
                    ("峰会", start + 1, end + 1),
                    (at_it[0][1:], end + 1, at_it[2]),
                ]
                continue
            if word == "美元" and _heads_of_state(tokens, number):
                if tokens[number + 1][0] != "首":
                    cuts.append(start + 1)  # 中美|元首…, not 中|美元|首…
                    continue
                tokens[number : number + 2] = [
                    ("美", start, start + 1),
                    ("元首", start + 1, end + 1),
                ]
                continue  # 中美|元首, not 中|美元|首: ``美元`` is no word here
            size = end - start
            if size < 2 or not _ALL_CJK.fullmatch(word):
                continue
            if word[0] == "共" and word[1:] in _TALLIES:
                continue  # ``_among``'s 共抓获 is one word
            # ``_talks_at``'s 股东会 and 博览会 (and 有机会|谈成): no 会谈 from their 会
            talk_after = word[-1] == "会" and tokens[number + 1 : number + 2] == [
                ("谈", end, end + 1)
            ]
            if (
                size == 2
                and word[0] in _STATES
                and word[1] in _ZH_STYLES
                and number
                and tokens[number - 1][2] == start
                and tokens[number - 1][0] in _ZH_STYLE_FIRST
                and tokens[number - 1][0] + word[0] in _STATE_PAIRS
                and (number == 1 or tokens[number - 2][0] not in _ZH_WHERE)
            ):
                cuts.append(start + 1)  # a state alone, then another's style: 日|韩|系
                continue
            if word == "陆客" and number and tokens[number - 1] == ("大", start - 1, start):
                cuts.append(start + 1)  # mainland tourists, 大|陆客: 大陆|客 (扩大|陆客 keeps none)
                continue
            if size == 2 and word in _ZH_STATE_AFFIXES:
                tight.append(start + 1)
                continue
            known = jieba.has_word(word)
            if (
                size == 2
                and not known
                and word[1] in _STATES
                and number + 1 < len(tokens)
                and tokens[number + 1][1:] == (end, end + 1)
                and word[1] + tokens[number + 1][0] in _STATE_PAIRS
            ):
                # a word jieba made up of a verb and a state, before another state alone
                # (称朝|俄|同盟, "calls the North Korea-Russia alliance …"): 称|朝俄
                cuts.append(start + 1)
                continue
            if (
                word[0] in _STATES
                and not known
                and (
                    _pair_before(tokens, number, simplified)
                    or _unknown_state_word(word, jieba.tag(word))
                )
            ):
                cuts.append(start + 1)
                if size == 3 and word[:2] in _STATE_PAIRS and word[2] in "核战戰贸貿峰谈談新":
                    cuts.append(start + 2)  # a pair and its issue: 美|伊|核谈判, 中|美|核谈判
            if size == 3 and word[2] == "派" and not known:
                cuts.append(start + 2)  # a made-up word of a name and its faction: 岸田|派
            if size == 2:  # no parts: a state pair is the one cut
                if word in _STATE_PAIRS:
                    cuts.append(start + 1)
                continue
            # the parts of a longer word, and a state pair inside any of them
            edges = (0, *split(word), size)
            for a, b in pairwise(edges):
                if b - a == 2 and word[a:b] in _STATE_PAIRS:
                    cuts.append(start + a + 1)
                # a place the dictionary has (its HMM tags words it makes up ns too: 因中美)
                if b == 1 and known and jieba.tag(word) == [(word, "ns")]:
                    if word[0] in _STATES:  # a place's 俄|罗斯: no 中俄 in 冲突中|俄罗斯
                        tight.append(start + 1)
                    continue  # and 白俄罗斯 (Belarus) holds no 俄罗斯
                if (
                    b < size
                    and not (b == 1 and word[0] == "北")
                    and not (talk_after and b == size - 1)
                ):
                    cuts.append(start + b)
        # both Koreas (jieba: 南北|韩) hold the North: 南|北韩
        cuts.extend(both.start() + 1 for both in re.finditer("南北韩", simplified))
        for pair in _ZH_MATCHUP.finditer(simplified):
            if pair.group() in _STATE_PAIRS:
                cuts.extend(pair.span())
        # a pair before its vehicles' use (日台车用电子, "Japan-Taiwan automotive electronics";
        # jieba: 日|台车|用, a trolley): the pair ends before 车
        cuts.extend(pair.end() for pair in _ZH_PAIR_VEHICLES.finditer(simplified))
        # and between a pair (中日间, 美日间; jieba: 中|日间, "daytime"): the pair ends before 间,
        # where its first state is a word (not 高中|日間部, a school's day classes)
        if "日间" in simplified:
            starts = {t[1] for t in tokens}
            cuts.extend(
                m.end() for m in _ZH_PAIR_BETWEEN.finditer(simplified) if m.start() - 1 in starts
            )
        if "上空中" in simplified:
            for pair in _ZH_OVERHEAD.finditer(simplified):
                if pair.group() in _STATE_PAIRS:
                    cuts.extend(pair.span())
        if "籍" in simplified:
            for pair in _ZH_NATIONALS.finditer(simplified):
                if pair.group() in _STATE_PAIRS and any(t[1] == pair.start() for t in tokens):
                    cuts.extend(pair.span())
        return [t[1] for t in tokens], [t[2] for t in tokens], cuts, tight

    return spans


# Three or more one-character state names in a row are a list of states (日中韓, 日米韓, 日米豪),
# each a word: Sudachi reads 日中|韓, and 日中 ("daytime") is no pair by itself (``_JA_PAIRS``),
# so ``中韓`` missed 日中韓外相会談. A run that starts or ends inside a word is none (日米|中学生),
# nor does the Asahi (朝日, "the morning sun") start one: 朝日|中学校.
_JA_STATE_RUN = re.compile(f"[{_JA_STATES}]{{3,}}")
# between two states (米中間の緊張, "the tension between the US and China"), which Sudachi reads
# 米|中間 ("the middle"): the pair ends before 間; 米中間選挙 (the US midterms) holds none
_JA_BETWEEN = re.compile(f"中(?=間[のでにがはも、])(?<=[{_JA_STATES}]中)")
# words Sudachi keeps whole whose first part is a term: 北|朝鮮 (a headline's 北 and ``朝鮮`` both
# match it), 安保|理 (the Security Council), 中|南米 (Central and South America) and 中|東欧
# (Central and Eastern Europe, which is no 中東, the Middle East)
_JA_PARTS = {"北朝鮮": 1, "安保理": 2, "中南米": 1, "中東欧": 1}


def _japanese(sudachipy: Any) -> Spans:
    tokenizer = sudachipy.Dictionary(dict="small").tokenizer(mode=sudachipy.SplitMode.A)

    def spans(text: str) -> tuple[list[int], list[int], list[int], list[int]]:
        starts: list[int] = []
        ends: list[int] = []
        pairs: list[int] = []
        tight: list[int] = []
        for morpheme in tokenizer.tokenize(text):  # one pass: each call builds a Python object
            begin, end = morpheme.begin(), morpheme.end()
            starts.append(begin)
            ends.append(end)
            if end - begin == 2:
                surface = morpheme.surface()
                if surface in _JA_PAIRS:
                    pairs.append(begin + 1)
                elif surface in _JA_STATE_AFFIXES:
                    tight.append(begin + 1)
            elif end - begin == 3 and morpheme.surface() in _JA_PARTS:
                pairs.append(begin + _JA_PARTS[morpheme.surface()])
        pairs.extend(m.end() for m in _JA_BETWEEN.finditer(text))
        pairs.extend(m.end() for m in _JA_SHORT_WORDS.finditer(text))
        for run in _JA_STATE_RUN.finditer(text):  # 日中韓: 日中 ("daytime") is a pair here
            start, end = run.span()
            if text.startswith("朝日", start) and start + 2 in ends:
                start += 2  # the Asahi, the morning sun: 朝日中学校 is no 朝|日|中
            if end - start > 2 and start in starts and end in ends:
                pairs.extend(range(start + 1, end))
        return starts, ends, pairs, tight

    return spans


# What Korean news writes right after a run of states in one word (한중관계, 한미정상회담):
# mecab-ko reads some of these across the run's end (한|중관|계), so ``한중`` missed them.
_KO_RELATIONS = (
    "관계", "정상회담", "정상", "회담", "외교", "동맹", "협력", "갈등", "무역", "공조", "안보",
    "대화", "합의", "훈련", "연합훈련", "외교장관", "국방장관", "협의", "교류", "경제", "분쟁",
    "국경", "국방", "군사", "관세", "통상", "수교", "대립", "밀착", "협상", "협정", "교역",
    "회동", "통화", "연합", "연합사", "연합군", "간",
)  # fmt: skip

# Korean news names states by one syllable and runs them together: 한미일 (Korea-US-Japan),
# 북러 (North Korea-Russia), 한일전 (a Korea-Japan match). mecab-ko-dic reads such runs
# unevenly (한|미일, 한미 and 한일전 whole, 한|중전 "queen consort"), so ``한미`` missed 한미일
# and ``한일`` 한일전. A word (eojeol) made only of two or more of these (북한 and 남한 count as
# one), then at most 전 ("match", "war") or one or two relations (``_KO_RELATIONS``:
# 한미관세협상, 한중수교, 한일간; 한중간, "right in the middle", is a name kept whole) and a
# particle, has a word at each: 한|미|일, 한|일|전, 한|중|관계.
# A longer word keeps its own reading (미러리스, "mirrorless"; 우리, "we"), and names are kept
# whole after this (한미약품, ``cjk_names``).
_KO_STATE_RUN = re.compile(
    "(?<![\uac00-\ud7a3])((?:북한|남한|[한미일중북러남우]){2,})"
    f"(전|(?:{'|'.join(_KO_RELATIONS)}){{1,2}})?(?:에서|으로|[은는이가을를의와과도에로])?"
    "(?![\uac00-\ud7a3])"
)
_KO_STATE_UNIT = re.compile("북한|남한|.")
# the same in the hanja a Korean headline abbreviates states with: 韓美日 is 韓|美|日 (but 對中,
# "toward China", stays one word: a topic's 對中 NEAR 美 would read 對美·對中, exports to both,
# as China-US)
_KO_HANJA_RUN = re.compile("[韓美日中北露朝英獨佛印臺台]{2,}")
# a visit to a state, then its visitors, its delegation or its journey: mecab-ko reads 방|한객
# and 방|중단 ("a suspension"), so ``방한`` missed 방한객 and ``방중`` 방중단
_KO_VISIT = re.compile("방[한미일중북러](?=[객단길])(?<![\uac00-\ud7a3]방[한미일중북러])")
# words mecab-ko-dic has whole that hold a term: the Gaza Strip (가자지구), those abducted to
# the North (납북자) or exposed to the bombs (피폭자), what is made in or comes from Iran or China
# (이란산 원유, 이란발 유가 급등; 중국산 전기차, which mecab-ko keeps whole), and an envoy in a
# state (주중대사, mecab-ko: 주|중대|사) or in Taiwan (주대만 대표부, mecab-ko: 주대|만), and the
# statutory cap or inheritance (법정상한, mecab-ko: 법|정상한)
_KO_HELD = re.compile(
    "(?<![\uac00-\ud7a3])(?:가자(?=지구)|납북(?=자)|피폭(?=자)|이란(?=[산발])"
    "|주[중미일한러](?=대사|공사|영사)|(?:중국|미국|일본|러시아|대만)(?=산)|주(?=대만)"
    "|법정(?=상[한속]))"
)
# security (안보) before the body or the line it names: mecab-ko reads 안|보협|의 in 안보협의회의
# (the Security Consultative Meeting), 안|보회|의 and 외교|안|보라|인, so ``안보`` found no end
_KO_SECURITY = re.compile(
    "안보(?:(?<![\uac00-\ud7a3]안보)|(?<=외교안보)|(?<=국가안보)|(?<=경제안보))"
    "(?=협의|회의|라인|전략|정책|위협|동맹|협력|분야|태세|환경|위기|이익|공약|포럼|대화|보좌관"
    "|수장|사령탑|실장|실)"
)
# words at a word's start that end there, where mecab-ko reads across them: a state before what
# is made in it, its army, its inside or a word of its own (한국|제품, 한국|가정식, 중국|제 소총,
# "a Chinese-made rifle", 중국|군, 한국|내; mecab-ko: 한국제품 whole, 중|국군, 한|국가정식,
# 한|국내), and the National Assembly's 국회|의 (mecab-ko: 국|회의, a meeting, at a text's
# start), and a coast guard ship (해경|선; mecab-ko: 해|경선, a primary), Japan's defence
# ministry (방위|성; mecab-ko keeps it whole), and a restriction before the states it lists
# (수입제한|국, the states that restrict imports; mecab-ko: 수입|제|한국), and a defection before
# its verb (탈북|한 외교관, "a diplomat who defected"; mecab-ko: 탈|북한) or its prevention
# (탈북|방지; mecab-ko: 탈|북방|지, the northern front). No word starts at their
# second syllable (``_no_boundary``): no 국제, 국가, 국군, 국내, 회의, 경선, 한국 or 북한;
# 대한국제법학회 keeps its 국제
_KO_WORD_ENDS = re.compile(
    "(?<![\uac00-\ud7a3])(?:[한중미영태]국(?=[제가군내])|국회(?=의)|해경(?=선)|방위(?=성)"
    "|탈북(?=[한하했해방]))|제한(?=국)"
)
# a state's army, style, territory, people, edition, nationality or what comes from it, which
# mecab-ko's dictionary keeps whole (일본군 위안부, 한국식 민주주의, 프랑스령 폴리네시아, 호주인,
# 한국판, 일본국적, 캐나다발): the state ends before it, so ``일본`` holds 일본군
_KO_STATE_ARMY = re.compile(
    "(?<![\uac00-\ud7a3])(?:일본|중국|한국|미국|대만|영국|독일|러시아|프랑스|캐나다|호주|남한|인도)"
    "(?=[군식령인발풍판]|국적)"
)
_KO_PAIR_BORDER = re.compile("중국(?=경)(?<=[북남한미일러]중국)")
# East and West Japan (동일본대지진, the 2011 earthquake), which hold Japan
_KO_EAST_JAPAN = re.compile("[동서]일본(?<![\uac00-\ud7a3][동서]일본)")
# a place and 행, "bound for" (일본행 항공권, 평양행 열차): mecab-ko reads 일|본행, 평|양행 and
# 러시|아행, so ``일본`` found no end
_KO_BOUND_FOR = re.compile(
    "[\uac00-\ud7a3](?<![\uac00-\ud7a3]{2})[\uac00-\ud7a3]+"
    "(?=행(?:[은는이가을를의에도]|으로|에서)?(?![\uac00-\ud7a3]))"
)


def _korean_states(text: str) -> list[int]:
    """Offsets between the state syllables of ``text``'s state runs (``_KO_STATE_RUN``), after
    a visit to one (``_KO_VISIT``), a term a dictionary word holds (``_KO_HELD``) or a word
    mecab-ko reads across (``_KO_WORD_ENDS``), around 안보 before what it names
    (``_KO_SECURITY``), before
    the 행 of a place it is bound for (``_KO_BOUND_FOR``), before a state's army or style
    (``_KO_STATE_ARMY``) and around East Japan's 일본."""
    cuts: list[int] = []
    for run in _KO_STATE_RUN.finditer(text):
        at, end = run.span(1)
        cuts.extend(unit.end() + at for unit in _KO_STATE_UNIT.finditer(text[at:end]))
        if run.group(2) is None:
            cuts.pop()  # the run ends where a morpheme ends already
    for run in _KO_HANJA_RUN.finditer(text):
        cuts.extend(range(run.start() + 1, run.end()))
    cuts.extend(visit.end() for visit in _KO_VISIT.finditer(text))
    cuts.extend(held.end() for held in _KO_HELD.finditer(text))
    cuts.extend(word.end() for word in _KO_WORD_ENDS.finditer(text))
    for security in _KO_SECURITY.finditer(text):
        cuts.extend(security.span())
    cuts.extend(place.end() for place in _KO_BOUND_FOR.finditer(text))
    cuts.extend(state.end() for state in _KO_STATE_ARMY.finditer(text))
    for east in _KO_EAST_JAPAN.finditer(text):  # mecab-ko keeps 동일본 whole
        cuts.extend((east.start() + 1, east.end()))
    return cuts


def _korean(mecab: Any) -> Spans:
    # MeCab.parse builds a named tuple per morpheme in Python, 1.5 ms a 270-character summary;
    # the tagger it wraps returns MeCab's own text output in one call, a third of that
    tagger = mecab.MeCab()._tagger
    lattice_of = importlib.import_module("mecab.utils").create_lattice

    def spans(text: str) -> tuple[list[int], list[int], list[int], list[int]]:
        lattice = lattice_of(text)
        if not tagger.parse(lattice):  # pragma: no cover -- MeCab's own failure
            raise RuntimeError(tagger.what())
        starts: list[int] = []
        ends: list[int] = []
        cuts: list[int] = []
        tights: list[int] = []
        suffix: tuple[int, int] | None = None
        at = 0
        for line in lattice.to_string().splitlines():  # "surface<TAB>feature", then "EOS"
            surface, tab, feature = line.partition("\t")
            if not tab:
                break
            start = text.index(surface, at)
            at = start + len(surface)
            starts.append(start)
            ends.append(at)
            # pos, semantic, jongseong, reading, type, first pos, last pos, expression
            features = feature.split(",")
            # a compound's last part of one syllable before a particle (살충·제|의, 외국·인|의):
            # its cut is tight, so a term may start there inside the compound (제) but not run
            # on into the particle (제의, "a proposal"; 인의)
            if suffix is not None and start == suffix[1] and features[0].startswith("J"):
                tights.append(suffix[0])
            suffix = None
            kind, expression = features[4:8:3]
            if kind == "Compound" and expression != "*":
                cut = start
                for part in expression.split("+"):
                    surface = part.split("/", 1)[0]
                    if text[cut : cut + len(surface)] != surface:
                        break  # a part that is not spelled as in the text: keep the word whole
                    if cut + len(surface) == at and len(surface) == 1 and cut > start:
                        suffix = (cut, at)
                    cut += len(surface)
                    cuts.append(cut)
        cuts.extend(_korean_states(text))  # in any order: the segmenter bisects the starts
        return starts, ends, cuts, tights

    return spans


@cache
def shared_segmenter() -> Segmenter:
    """The process-wide segmenter, created on first use (its dictionaries load lazily too)."""
    return Segmenter()
