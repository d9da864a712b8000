"""CJK names kept whole: a small user dictionary applied after segmentation (``bot.core.segment``).

These are names that hold two states' abbreviations and that the dictionaries cut into them, so
that a state-pair term matched them: 中日 (China-Japan) in the Chunichi Shimbun and the Chunichi
Dragons (Sudachi: 中日|新聞, a proper noun either way), 한미 (Korea-US) in Hanmi Pharmaceutical
(mecab-ko: 한미|약품), 한일 (Korea-Japan) in Hanil Cement (한|일|시멘트), 북일 (North Korea-Japan)
in Bugil High School (북일고), a baseball school in the sports pages, and 대일 ("towards Japan")
in 일대일 ("one-on-one") and 일대일로 (the Belt and Road), which mecab-ko cuts into numerals
(일|대|일|로). As a MeCab user
dictionary would, each is one word wherever it occurs. Left out, as also ordinary text: 북한산
(Bukhansan, or "made in North Korea"), 中日本 (Central Japan, but also 在中日本大使館, "the
Japanese embassy in China") and Chinese 中日新闻 (also "China-Japan press"). The issue's own
trap, 대한일보, mecab-ko already reads 대한|일보. Chinese: the Kuomintang's full name, 中國國民黨
(jieba: 中國|國民黨), whose 中國 made every Taiwanese report naming the party a China-Taiwan story,
and two news agencies whose names hold the US (美国之音, Voice of America; 美联社, the AP), which
Google News puts at the end of a headline; in both, the Chosun Ilbo (朝鮮日報), whose 朝鮮 read as
North Korea in the title of every column of its Japanese edition; and China's ethnic Koreans
(朝鲜族, 朝鮮族: Yanbian's writers, dancers and schools), kept one word with 朝鲜 as its part: a
compound holds the state as 台湾海峡 does (seven blind writers read it so), and the north-korea
topic leaves them out by name.
From the blind probes (``tests/data/cjk_probe``): Taiwan's President Chain Store (統一超商),
its Uni-Lions (統一獅) and its parent (統一企業), whose 統一 is no unification; the rakugo master
桂米朝 (米朝, US-North Korea); the Bukhan River (북한강) and Bukhansan National Park; the memoir
한중록 (한중, Korea-China); North and Central America (북중미, the 2026 World Cup's hosts, not 북중
North Korea-China); the Chosun Ilbo in Korean (조선일보); 대만족 ("great satisfaction", mecab-ko:
대만|족, Taiwan); the Central African Republic (中非共和国), whose 中非 is no China-Africa; and
more names of people and places whose parts read as states or politicians (``NAMES`` says each).
From a blind feed day: Pyongyang's Kumsusan (금수산) palace and guest house, where Putin and Kim
met, whose 금수 read as an embargo. Two more that jieba cuts at the wrong place, so that a term
for them found no end: Lai Ching-te (赖清德国庆 read 赖清|德国|庆, "Germany") and Kursk as
Taiwan's press writes it (庫斯克約, "about … in Kursk", read 庫斯|克約).

Chinese names are written once, in either script: the segmenter compares them with the text
through the variant fold (``canonical_han``), so Taiwan's 賴清德 and Beijing's 赖清德 are
one entry, and a name met first in one script is kept whole in the other too.

One list here rather than a user dictionary compiled for each of the three libraries: no build
step at install, and the same rule for every language (no boundary inside a listed name). A name
whose parts are words of their own marks them with ``|``: 북|중미 (North and Central America)
holds 중미, Central America, and no 북중; 仙台|湾 (Sendai Bay) holds 仙台 and no 台湾.

About 400 lines, nearly all of them the table, one name a line with what it is and why it is
whole: split by language into modules, the one rule would be read in four places.
"""

from __future__ import annotations

from itertools import accumulate

from bot.core.hanvariants import canonical_han
from bot.core.scripts import is_cjk

# Japanese 中米 and 中欧 before one of their states are Central America and Central Europe
# (中米コスタリカ産, 中欧ハンガリー), not China-US or China-EU: the state's name is a word
# (``TAILS``), the region's none
CENTRAL_STATES = (
    *(
        "中米" + state
        for state in (
            "コスタリカ",
            "グアテマラ",
            "ホンジュラス",
            "エルサルバドル",
            "ニカラグア",
            "パナマ",
        )
    ),
    *(
        "中欧" + state
        for state in (
            "ハンガリー",
            "チェコ",
            "ポーランド",
            "スロバキア",
            "スロベニア",
            "オーストリア",
        )
    ),
)

NAMES: dict[str, tuple[str, ...]] = {
    "ja": (
        "中日新聞",
        "中日ドラゴンズ",
        "中日スポーツ",
        "中日劇場",
        "中日ホール",  # Chunichi Hall, Nagoya's concert hall
        "東西南北",  # every direction (ゆず「東西南北」): no two Koreas
        "中台禅寺",  # Chung Tai Chan Monastery in Puli, Taiwan: no China-Taiwan
        "台南",  # Tainan (台南北区, its North District; Sudachi: 台|南北|区): no 南北
        "中国四国",  # the Chugoku and Shikoku regions (中国四国厚生局): no China
        "日韓|国民",  # the peoples of Japan and Korea (Sudachi: 日|韓国|民): no 韓国
        "北日本",  # Northern Japan (Sudachi: 北|日本): a headline's 北 alone is North Korea
        "朝鮮日報",  # the Chosun Ilbo (Sudachi: 朝鮮|日報), whose columns Yahoo!ニュース ranks
        "朝鮮|族",  # China's ethnic Koreans (中国朝鮮族): holds 朝鮮, and no 鮮族
        "桂米朝",  # a rakugo master's stage name, whose 米朝 is no US-North Korea
        "安倍川",  # the Abe River (Shizuoka): no Abe Shinzo
        "中国電力",  # Chugoku Electric Power (Hiroshima), whose 中国 is the Chūgoku region
        "南北線",  # Tokyo Metro's and Sapporo's Namboku Line: no inter-Korean 南北
        "麻生区",  # places named as the politicians are: Kawasaki's Asao ward, Nara's Takaichi
        "高市郡",  # district, Tochigi's Motegi town (Sudachi tags all three surnames as places)
        "茂木町",
        "中越地震",  # the Chūetsu earthquake (Niigata, 2004): no China-Vietnam
        "中越沖地震",
        "ソウルフード",  # "soul food": no Seoul
        "中国地方",  # the Chūgoku region (Hiroshima, Okayama: its weather, its roads): no China
        "中国山地",
        "中国自動車道",
        "韓国岳",  # Karakunidake, a peak of the Kirishima range: no Korea
        "ロンドンブーツ",  # London Boots Ichigo Nigo, a comedy duo: no London
        "統一教会",  # the Unification Church (旧統一教会): no unification
        "岸田劉生",  # Kishida Ryūsei, the painter: no Kishida Fumio
        "北方謙三",  # Kitakata Kenzō, the novelist: no northern territories
        "両国国技館",  # Ryōgoku Kokugikan, the sumo hall: no "both countries"
        "中東部",  # "the central-eastern part" (ウクライナ中東部): no Middle East
        "ジョージ・ワシントン",  # the USS George Washington: no Washington
        "デンゼル・ワシントン",  # the actor
        "イランイラン",  # ylang-ylang, the perfume tree: no Iran
        "天津飯",  # a Japanese-Chinese dish: no Tianjin
        "竹島水族館",  # Gamagōri's Takeshima island, its aquarium: no Dokdo
        "蒲郡の竹島",
        "蒲郡・竹島",
        "一日中",  # "all day long" (一|日中) and "within days, today": no Japan-China
        "数日中",
        "今日中",
        "本日中",
        "明日中",
        "日清食品",  # Nissin Foods and Nisshin Seifun: no Japan-Qing (日清戦争)
        "日清製粉",
        "板橋区中台",  # Nakadai, Itabashi ward: no China-Taiwan
        "国交省",  # the transport ministry (国土交通省): no diplomatic ties (国交)
        "中東遠",  # Chūtōen, a district of Shizuoka and its hospital: no Middle East
        "朝鮮人参",  # Korean ginseng (Panax ginseng), a crop of Aizu: no North Korea
        "朝鮮人蔘",
        "公明正大",  # "fair and square": no Komeito
        "仙台|湾",  # Sendai Bay (Sudachi: 仙|台湾): no Taiwan
        "安保瑠輝也",  # a kickboxer and a swimmer whose surname is Abo: no security treaty
        "河北新報",  # the Kahoku Shimpō, Sendai's paper: no Hebei
        "安保翔太",
        "靖国通り",  # Yasukuni-dōri, a Tokyo avenue: no shrine
        "南京錠",  # a padlock, bedbugs and peanuts: no Nanjing
        "南京虫",
        "南京豆",
        "ガーナミルク",  # Lotte's Ghana chocolate: no Ghana
        "ガーナチョコ",
        "中越地方",  # Niigata's Chūetsu region: no China-Vietnam
        "韓国瑜",  # Han Kuo-yu, Taiwan's legislative speaker: no South Korea
        "安保徹",  # Abo Toru, the immunologist: no security (安保)
        "中台八葉院",  # the central court of the Womb Realm mandala: no China-Taiwan
        "コロンビア大学",  # Columbia University: no Colombia
        "テレビ朝日",  # TV Asahi, beside the Asahi Shimbun: no 朝日 for the paper
        "中国大会",  # a school tournament of the Chūgoku region (高校野球中国大会): no China
        "朝日町",  # towns named Asahi (Toyama's, Mie's, Yamagata's): no North Korea-Japan
        "露店",  # a street stall (会期中露店, 一年中露店): no China-Russia
        "米|国会|議事堂",  # the US Capitol and a congressman (Sudachi: 米国|会議|事堂): hold 国会
        "米|国会|議員",
        "米|国会",  # the US Congress (米国会、…): no 米国; a firm's 米国|会社 keeps it
        "米|国土安全保障省",  # the US Department of Homeland Security: no 米国
        "外国人|参政権",  # foreigners' suffrage (Sudachi: 外国|人参|政権): no 政権, no carrot
        "国立市",  # Kunitachi, a city of Tokyo: no "national" (国立)
        "中小企業",  # small and medium firms (日台|中小企業, Sudachi: 日|台中|小): no Taichung
        "連雲港",  # Lianyungang (中国|連雲港, which Sudachi reads 中|国連|雲港): no UN
        "米|軍|人",  # a US serviceman (Sudachi: 米|軍人): holds 米軍 and 軍人
        "各自|衛生",  # each one's hygiene (各自衛生管理; Sudachi: 各|自衛|生): no self-defence
        "独自|衛生",  # its own hygiene (独自衛生基準)
        "中日文化賞",  # the Chunichi Shimbun's culture prize: no China-Japan
        "中日農業賞",  # and its agriculture prize
        "もち米",  # glutinous rice (もち米国産100%): no US
        "自衛|隊|員",  # an SDF member (Sudachi: 自衛|隊員): holds 自衛隊
        *CENTRAL_STATES,
        "原発性",  # "primary", of a disease (原発性アルドステロン症): no nuclear plant
        "日中線",  # the Nicchū Line, Kitakata's old railway and its cherry trees: no Japan-China
        "全日仏",  # the Japan Buddhist Federation (全日本仏教会): no Japan-France
    ),
    "ko": (
        "다원화",  # diversification (투자 다원화; mecab-ko: 다|원화): no won
        "신인상",  # a rookie award (V리그 신인상; mecab-ko: 신|인상, a raise): no raise
        "형사법",  # criminal law (국제형사법; mecab-ko: 형|사법): no judiciary
        "오일장",  # a five-day market (전통 오일장; mecab-ko: 오일|장): no oil
        "총련|계",  # Chongryon-affiliated (총련계 조선학교; mecab-ko: 총|련계): holds 총련
        "금수강산",  # "the land of embroidered rivers and mountains" (錦繡江山): no embargo
        "무기질",  # minerals (無機質 비료): no weapons
        "나토키나아제",  # nattokinase, an enzyme of natto: no NATO
        "제재|망",  # a sanctions net (대북 제재망; mecab-ko: 제|재망): holds 제재
        "고|관세",  # high tariffs (고관세 정책; mecab-ko: 고관|세, a high official): holds 관세
        "한중간",  # right in the middle (바다 한중간에서): no Korea-China; news spaces 한중 간
        "국경절",  # China's National Day (國慶節; mecab-ko: 국경|절): no border (國境)
        "군|인권|센터",  # the Center for Military Human Rights (mecab-ko: 군인|권|센터): no 군인
        "한국|무용",  # Korean dance (韓國舞踊; mecab-ko: 한|국무|용): no 국무, state affairs
        "국경일",  # a national holiday (國慶日): no border; 국경일대, the border area, keeps it
        "대화제약",  # Daehwa Pharmaceutical: no dialogue
        "대선조선",  # Daesun Shipbuilding: no presidential election
        "한미약품",
        "한미반도체",
        "한미사이언스",
        "한미글로벌",
        "한미정밀화학",
        "한미헬스케어",
        "한미은행",
        "한일시멘트",
        "한일현대시멘트",
        "한일홀딩스",
        "한일전기",
        "한일고속",
        "한일철강",
        "독도함",  # ROKS Dokdo, an amphibious assault ship: no Dokdo
        "주일미사",  # Sunday Mass and service (主日): no "in Japan" (駐日)
        "주일 미사",
        "주일예배",
        "주일 예배",
        "한일고",  # Hanil High School (Gongju): no Korea-Japan
        "배우 김정은",  # the actress Kim Jung-eun: no Kim Jong Un
        "가나초콜릿",  # Ghana chocolate, Lotte's brand: no Ghana
        "가나 초콜릿",
        "북일고",  # Bugil High School (Cheonan), a baseball name: 북일 is North Korea-Japan
        "북일고등학교",
        "북일면",  # Bugil-myeon, a township of Haenam: no North Korea-Japan
        "양천대일",  # Yangcheon Daeil, Seoul's go academy: no 대일 ("towards Japan")
        "일대일",  # one-on-one (一對一), and 일대일로 the Belt and Road: 대일 is "towards Japan"
        "남한강",  # the Namhan River: no South Korea
        "문태국",  # the cellist Moon Tae-guk: no Thailand
        "팔공산",  # Palgongsan, a mountain: no communists
        "강남북",  # both banks of the Han (강남북 균형): no inter-Korean
        "대일여래",  # Mahavairocana (大日如來): no "toward Japan"
        "이민|자",  # immigrants (mecab-ko keeps 이민자 whole, and reads 불법|이|민자): holds 이민
        "대북|방송",  # broadcasts to the North (mecab-ko: 대|북방|송): holds 대북
        "북한강",  # the Bukhan River (북한산, Bukhansan, is also "made in North Korea": left out)
        "북한산국립공원",  # Bukhansan National Park, its trails, its summit and its fortress
        "북한산 국립공원",
        "북한산 등산",
        "북한산 탐방",
        "북한산 둘레길",
        "북한산 정상",
        "북한산 자락",
        "북한산성",
        "한중록",  # Hanjungnok, Lady Hyegyeong's memoirs, whose 한중 is no Korea-China
        "금수산",  # Kumsusan, Pyongyang's palace and state guest house, whose 금수 is no embargo
        "북|중미",  # North and Central America (the 2026 World Cup's hosts): no North Korea-China
        "조선일보",  # the Chosun Ilbo, whose 조선 is no North Korea
        "대만족",  # "great satisfaction" (대+만족), which mecab-ko reads 대만|족 (Taiwan)
        "원산지",  # "place of origin", whose 원산 is no Wonsan
        "중동부",  # "the central-eastern (front)", whose 중동 is no Middle East
        "아베마리아",  # Ave Maria, whose 아베 is no Abe
        "이란성",  # "dizygotic" (이란성 쌍둥이, fraternal twins): no Iran
        "인도적",  # "humanitarian" (인도적 지원, aid to the North): no India
        "남한산성",  # Namhansanseong fortress: no South Korea
        "부천 중동",  # Bucheon's Jung-dong district: no Middle East
        "부천중동",
        "대중교통",  # "public transport", "pop culture", "popular music": 대중 is "the
        "대중문화",  # public" there, not "toward China"
        "대중음악",
        "대중가요",
        "조선업",  # shipbuilding, its yards, firms and shares: 조선 is no North Korea there
        "조선소",
        "조선사",
        "조선주",
        "독도법",  # map reading (讀圖法), a drill: no Dokdo
        "알사드",  # Al Sadd, a Qatari football club: no THAAD (사드)
        "이번 주중",  # "during this week": no 주중 "in China" (of an ambassador)
        "대미를 장식",  # "crowns the finale" (大尾): no 대미 "toward the US"
        "대미 장식",
        "대일외고",  # Daeil Foreign Language High School (Seoul): no "towards Japan"
        "방한용품",  # cold-weather gear (防寒): 방한 is no visit to Korea there
        "방한복",
        "방한화",
        "방한의류",
        "방한장갑",
        "방한대책",
        "교통수단",  # "means of transport, of payment …" (手段): no Sudan
        "결제수단",
        "이동수단",
        "통신수단",
        "운송수단",
        "생계수단",
        "신진대사",  # metabolism (新陳代謝): no ambassador
        "영사기",  # a film projector (映寫機): no consul
        "대사증후군",  # metabolic syndrome and disease: no ambassador
        "대사질환",
        "통일교",  # the Unification Church: no unification
        "가수 방미",  # the singer Bang Mi: no visit to the US
        "대일밴드",  # Daeil Band, an adhesive bandage: no "towards Japan"
        "미러리스",  # a mirrorless camera (mecab-ko: 미러|리스): no US-Russia
        "평양냉면",  # Pyongyang cold noodles, a Seoul restaurant dish: no Pyongyang
        "평양 냉면",
        "통상임금",  # "ordinary wage", a labour-law term: no trade (通商)
        "일제 단속",  # a crackdown, an inspection "all at once" (一齊): no Japanese imperialism
        "일제단속",
        "일제 점검",
        "일제점검",
        "북송 시대",  # the Northern Song dynasty: no repatriation to the North
        "북송시대",
        "제재소",  # a sawmill (製材所): no sanctions, but 제재소식 is "news of sanctions"
        "명대사",  # a film's or a drama's famous line (名臺詞): no ambassador
        "국정원",  # the National Intelligence Service (국가정보원): no state affairs (國政)
        "한국|정원",  # a Korean garden, after 국정원 so that it wins: no NIS
        "정상화",  # normalisation and "normal" (正常): no summit (頂上)
        "정상적",
        "비정상",  # abnormal (비정상 신호): no summit
        "대사은",  # a big thank-you sale (고객 대사은 행사): no ambassador
        "가나슈",  # ganache: no Ghana
        "개성만점",  # "full of character": no Kaesong
        "주일학교",  # a Sunday school: no 駐日
        "웨스틴조선",  # the Westin Chosun hotel: no Joseon
        "조선호텔",
        "장관출혈성",  # enterohaemorrhagic (장관출혈성대장균, 腸管): no minister
        "대중목욕탕",  # a public bath: no China policy
        "아나토미",  # anatomy (아나토미 오브 어 폴): no NATO
        "인도블록",  # pavement blocks: no India
        "방위각",  # an azimuth: no defence
        "대중화",  # popularisation (캠핑 대중화): no China policy
        "명대사",  # a famous line: no ambassador
        "인도네시아",  # Indonesia (mecab-ko: 인도|네|시|아산 before 산): no India
        "중|남미",  # Latin America (mecab-ko: 중남|미산 before 산): holds 남미
        "몽골|반점",  # the Mongolian spot (mecab-ko: 몽골반|점): holds 몽골
        "주|인도| |대사",  # the ambassador to India (mecab-ko: 주인|도, "the owner too")
        "조현병",  # schizophrenia: no Cho Hyun
        "한일병원",  # Hanil General Hospital (Seoul): no Korea-Japan
        "인도어",  # an indoor (driving range): no India
        "영동 영국사",  # Yeongguk Temple in Yeongdong and its ginkgo: no Britain (but 영국사 is
        "영국사 은행나무",  # also "British history")
        "천태산 영국사",
        "오만과 편견",  # Pride and Prejudice: no Oman
        "오만가지",  # "all sorts of" (오만가지 채소값): no Oman
        "오만 가지",
        "국방|세",  # a defence tax (mecab-ko: 국|방세, "a room's rent"): holds 국방
        "대사량",  # metabolic rate (기초대사량): no ambassador
        "함흥차사",  # "a messenger to Hamhung", one never heard from again: no Hamhung
        "조국해방전쟁",  # North Korea's name for the Korean War: no Cho Kuk
        "전남북",  # the two Jeolla provinces, and the two Gyeongsang and Chungcheong: no
        "경남북",  # inter-Korean (南北)
        "충남북",
        "조선해양",  # shipbuilding and offshore (HD한국조선해양, 대우조선해양): no Joseon
        "운영국",  # an operations bureau (방송운영국): no Britain
        "스쿠바",  # scuba (스쿠바다이빙): no Cuba
        "사이드미러",  # a car's side and rear-view mirrors: no US-Russia
        "룸미러",
        "미러링",  # mirroring a phone's screen: no US-Russia
        "미러전",  # a mirror match (저그 미러전): no US-Russia
        "아프리카tv",  # AfreecaTV, the streaming platform: no Africa
        "무한|미로",  # an endless maze (mecab-ko: 무|한미|로): no Korea-US
        "인도교",  # a footbridge (한강 인도교): no India; 인도교민 (Indians abroad) keeps it
        "관|세척",  # cleaning the water pipes (상수도 관세척): no tariff
        "기니피그",  # a guinea pig: no Guinea
        "비자림",  # Jeju's nutmeg-tree forest and its trees: no visa
        "비자나무",
        "허브아일랜드",  # Herb Island, Pocheon's theme park: no Ireland
        "대일밴드",  # Daeil Chemical and its plasters: no "toward Japan"
        "대일화학",
        "대|중소기업",  # large firms and small (대·중소기업 상생): no "toward China"
        "방일영",  # Bang Il-young, of the 방일영국악상 prize: no visit to Japan, no Britain
        "경상남북도",  # the two Gyeongsang, Jeolla and Chungcheong provinces in full: no
        "전라남북도",  # inter-Korean (南北)
        "충청남북도",
        "무기한",  # "indefinite" (무기한 파업), a life sentence and lethargy: no weapons
        "무기징역",
        "무기력",
        "기한일",  # a deadline's day (납부기한일): no Korea-Japan
        "인도주의",  # humanitarianism: no India
        "제재목",  # sawn timber (製材木): no sanctions
        "외상센터",  # a trauma centre (外傷): no foreign minister (外相)
        "중동역",  # Jungdong station (Bucheon, line 1): no Middle East
        "전국|회의",  # a national conference (mecab-ko: 전|국회|의): no National Assembly; not
        # before 원 (전국회의원, a former lawmaker)
        "대선단",  # a large fleet (중국어선 대선단): no presidential election; 대선단일화 keeps it
        "조|총련",  # Chongryon (조총련; mecab-ko: 조총|련): holds its short name 총련
        "수교|국",  # the states with ties (대만 수교국; mecab-ko: 수|교국): holds 수교
        "한일은행",  # the Hanil Bank (1932-1999; its old head office is a heritage site)
        "전대미문",  # "unprecedented" (前代未聞; mecab-ko: 전|대미|문의): no policy toward the US
        "한일장신대",  # Hanil University and Presbyterian Theological Seminary: no Korea-Japan
        "방산시장",  # Bangsan Market (Seoul's packaging and baking wholesalers): no arms industry
        "사대부고",  # a teachers' college's high school (강원대|사대부고): no ambassador (대사)
        "사대부중",
        "사대부초",
        "북한산우이역",  # a station of the Ui-Sinseol line: no North Korea
        "재외동포|청",  # the Overseas Koreans Agency (mecab-ko: 재|외동|포청): holds 재외동포
        "입국|자",  # an arrival from abroad (mecab-ko: 입|국자, "a ladle"): holds 입국
        "약국|가",  # the pharmacies of a street (mecab-ko: 약|국가): no state (국가)
        "조선대",  # Chosun University (Gwangju) and its hospital: no North Korea (조선)
        "이국적",  # "exotic": no nationality (국적)
        "한의원",  # a clinic of Korean medicine: no lawmaker (의원)
        "재정|권한",  # fiscal powers (mecab-ko: 재|정권|한): no regime (정권)
        "신당동",  # Sindang-dong, Seoul: no new party (신당)
        "재보궐|선거",  # a by-election (mecab-ko keeps it whole): holds 선거
        "금감원",  # the Financial Supervisory Service: no layoffs (감원)
        "해운대",  # Haeundae, Busan: no shipping (해운)
        "대선주조",  # Daesun Distilling, Busan's soju maker: no presidential election (대선)
        "대치동",  # Daechi-dong, Seoul's cram-school district: no standoff (대치)
        "입주|일",  # a move-in day (mecab-ko: 입|주일): no week, no 주일 (in Japan)
        "본회의|장",  # a plenary hall (mecab-ko: 본|회의장): no chair (의장); 국회의장 keeps it
        "미|국방|부",  # the US defence department and secretary unspaced (mecab-ko: 미국|방부):
        "미|국방|장관",  # no 미국 of its own, and 국방 is there
        "미|국무|부",  # the State Department and the Secretary of State, the same (mecab-ko:
        "미|국무|장관",  # 미국|무부, 미국|무|장관): 국무 is there
        "한미|군사|훈련",  # Korea-US drills (mecab-ko: 한|미군|사훈련): no US forces (미군)
        "한미|군사|연습",
        "한미|군사|위원회",
        "한미|군사|동맹",  # the Korea-US military alliance (mecab-ko: 한|미군|사동|맹): no 미군
        "한미|군사|훈련",  # and its drills, exercises, cooperation and talks
        "한미|군사|연습",
        "한미|군사|협력",
        "한미|군사|협의",
        "동|중국|해",  # the East and South China Seas (mecab-ko: 동중|국해): hold 중국
        "남|중국|해",
    ),
    "zh": (
        "中国国民党",  # the Kuomintang's full name: its 中国 is no China beside Taiwan's parties,
        # and its 国民党 is the party (``TAILS``)
        "美国之音",  # Voice of America (jieba: 美国|之|音), no US side: it ends headlines
        "明治安田",  # Meiji Yasuda Life (明治安田生命): no 治安 (public order)
        "仙台|湾",  # Sendai Bay (仙台灣外海; jieba: 仙|台灣): no Taiwan
        "上海|关区",  # Shanghai's customs district (jieba: 上|海关|区): no 海关 ("customs")
        "上海|关于",  # Shanghai, about … (上海關於優化房地產政策; jieba: 上|海關|於): no customs
        "上海|關於",
        "台中|东势",  # Taichung's Dongshi district (台中東勢區): no Middle East
        "珠海|关区",
        "日韩|国民",  # the peoples of Japan and Korea (jieba: 日|韩国|民): no 韩国
        "中韩|国民",
        "元山",  # Wonsan, North Korea's port (北韓元山; jieba: 北|韓元|山): no won
        "美联社",  # the Associated Press (jieba: 美|联社), whose 美 is a one-character US
        "朝鲜日报",  # the Chosun Ilbo, whose 朝鲜 is no North Korea
        "朝鲜|族",  # China's ethnic Koreans (Yanbian's writers, dancers, schools): holds 朝鲜
        "赖清德",  # Lai Ching-te: jieba cuts 赖清德国庆 as 赖清|德国|庆 (Germany)
        "库斯克",  # Kursk as Taiwan's press writes it: 庫斯克約 ("about … in Kursk") is 庫斯|克約
        "统一超商",  # Taiwan's President Chain Store (7-Eleven), its Uni-Lions, its parent: names
        "统一狮",
        "统一企业",
        "中非共和国",  # the Central African Republic, whose 中非 is no China-Africa
        "韩国瑜",  # Han Kuo-yu, Taiwan's Legislative Speaker: his 韓國 is no Korea
        "北京国安",  # Beijing Guoan, a football club: no national security (国安)
        "中日龙",  # the Chunichi Dragons as Taiwan's sports pages write them
        "双北",  # Taipei and New Taipei together: 雙北約有 ("about … in the two") is no NATO
        "美中西部",  # the US Midwest in Taiwan's press: no US-China
        "三星乡",  # Sanxing Township (Yilan): no Samsung
        "韩美药品",  # Hanmi Pharmaceutical in Chinese: no Korea-US
        "索马里",  # Somalia, which jieba tags a person's name and cuts 索|马里 (Mali)
        "韩某",  # "a certain Han" of court reports: 庭审中韩某 holds no China-Korea
        "北美館",  # the Taipei Fine Arts Museum: no North America (北美)
        "台中一中",  # Taichung First Senior High and its peers: no "one China" (一中)
        "台南一中",
        "嘉義一中",
        "新竹一中",
        "俄罗斯方块",  # Tetris: no Russia
        "东海大学",  # Tunghai University (Taichung): no East China Sea
        "朝鲜蓟",  # the artichoke: no North Korea
        "统一教",  # the Unification Church: no unification
        "马来西亚",  # Malaysia (jieba: 马来|西亚): no West Asia
        "朝日新闻",  # the Asahi Shimbun: no North Korea-Japan
        "朝日电视台",  # TV Asahi: no North Korea-Japan
        "英美烟草",  # British American Tobacco: no Britain and the US
        "英美菸草",
        "統一超",  # Taiwan's 7-Eleven by its short name
        "行天宫",  # Hsing Tian Kong, Taipei's temple: no Tiangong station
        "巴布亚新几内亚",  # Papua New Guinea and Equatorial Guinea: no Guinea
        "巴布亞紐幾內亞",
        "赤道几内亚",
        "中泰证券",  # Zhongtai Securities: no China-Thailand
        "巴西里",  # parsley, as Taiwan's markets name it: no Brazil
        "中台禅寺",  # Chung Tai Chan Monastery (Puli): no China-Taiwan
        "友邦保险",  # AIA, the insurer: no diplomatic ally (友邦)
        "友邦人寿",
        "高中国文",  # high school's Chinese class (高中|國文): no China
        "健美国手",  # a bodybuilding (健美) national athlete (國手): no US
        "钓鱼台国宾馆",  # the Diaoyutai State Guesthouse (Beijing): no Diaoyu Islands
        "苏丹红",  # Sudan Red, the dye of food scares: no Sudan
        "蓝白拖",  # blue-and-white flip-flops: no KMT-TPP alliance (藍白)
        "中南海香烟",  # the Zhongnanhai cigarette brand
        "中南海香菸",
        "中南海卷烟",  # its cigarettes as the tobacco trade writes them
        "中南海卷菸",
        "南海区",  # Foshan's Nanhai district: no South China Sea, but 南海区域 is its region
        "南沙区",  # Guangzhou's Nansha district: no Spratly Islands, but 南沙区域 is theirs
        "南海学园",  # the Nanhai Academy, Taipei's museum park
        "马里兰",  # Maryland: no Mali
        "旧金山金门大桥",  # San Francisco's Golden Gate Bridge: no Kinmen (nor its 金門大橋)
        "本台独家",  # "this station's exclusive" (本台|獨家): no Taiwan independence (台獨)
        "印加帝国",  # the Inca Empire: no India-Canada
        "瑞士卷",  # a Swiss roll: no Switzerland
        "瑞士捲",
        "加拿大一枝黄花",  # Canadian goldenrod, an invasive weed: no Canada
        "英德市",  # Yingde, a city of Guangdong: no Britain and Germany
        "中沙群岛",  # the Zhongsha Islands (Macclesfield Bank): no China-Saudi
        "美伊娜多",  # Menard, the Japanese cosmetics house: no US-Iran
        "美加净",  # Maxam, a Shanghai brand of hand cream: no US-Canada
        "九二一",  # Taiwan's 921 earthquake (1999): no 1992 Consensus (九二共识)
        "台中港",  # Taichung Port: no China-Hong Kong (中港)
        "汉光武帝",  # Emperor Guangwu of Han: no Han Kuang exercise (漢光)
        "巴黎世家",  # Balenciaga: no Paris
        "雅典娜",  # Athena: no Athens
        "中泰化学",  # Xinjiang Zhongtai Chemical: no China-Thailand
        "乌干达",  # Uganda (jieba's parts: 乌|干达): no Ukraine (驻乌干达, not 驻乌)
        "國發基金",  # Taiwan's National Development Fund (聯合|國發基金): no UN, no China
        "中國信託",  # CTBC, a Taiwanese bank: no China
        "中国信托",
        "佛山南海",  # Foshan's Nanhai district: no South China Sea
        "世贸天阶",  # The Place, a Beijing mall: no WTO
        "阿曼达",  # Amanda: no Oman
        "亚健康",  # "sub-health" (jieba's split: 亚|健康, so 白领中|亚健康 held 中亚)
        "國中國文",  # a junior high's Chinese lessons: no China (中國)
        "高市議會",  # Kaohsiung's city council, government and councillors (高市, Taiwan's
        "高市府",  # short name for the city): no Takaichi
        "高市議員",
        "台北世貿",  # the Taipei World Trade Center, its fairs: no WTO (世貿)
        "國中國小",  # Taiwan's junior high and primary schools: no China (中國)
        "國小國中",
        "北约克",  # North York, Toronto: no NATO
        "西南联大",  # the wartime Southwestern Associated University: no UN Assembly (联大)
        "国阵",  # Malaysia's Barisan Nasional (大选中|国阵): no China
        "巴西立",  # Singapore's Pasir Ris and Pasir Panjang: no Brazil
        "巴西班让",
        "西九龍",  # Hong Kong's West Kowloon (旅遊巴|西九龍站, a tour coach): no Brazil
        "西貢北約",  # Sai Kung North, a rural district of Hong Kong: no NATO
        "朝日啤酒",  # Asahi Breweries and its group: no North Korea-Japan
        "朝日集团",
        "國泰金",  # Cathay's financial holding, airline, insurer and bank (金控中國泰金: no 中國)
        "國泰航空",
        "國泰人壽",
        "國泰世華",
        "海安路",  # Tainan's Hai'an Road (台南|海安路): no South China Sea
        "拉美西斯",  # Ramesses: no Latin America
        "阿巴西",  # Abbasi (Pakistan's former prime minister): no Brazil
        "中方县",  # Zhongfang county (Hunan): no "the Chinese side"
        "中台顶",  # the central terrace of Mount Wutai: no China-Taiwan
        "期中國文",  # a midterm's Chinese paper (高中期中國文考題): no China
        "湾仔",  # Hong Kong's Wan Chai (月台|灣仔方向, "the platform toward Wan Chai"): no Taiwan
        "中美晶",  # Sino-American Silicon Products (Taiwan): no China-US
        "观日台",  # a sunrise-viewing platform (阿里山祝山觀日台): no Japan-Taiwan
        "两岸猿声",  # Li Bai's "monkeys crying on both banks" (the Yangtze's): no cross-strait
        "英伟达",  # Nvidia: no Britain
        "哈萨克",  # Kazakh (以|哈薩克語, "in Kazakh"): no Israel-Hamas
        "自主权",  # autonomy (自主權爭議): no sovereignty (主权)
        "港澳|游",  # a tour of Hong Kong and Macau (jieba keeps it one word): holds 港澳
        "纪念日",  # a day of remembrance (纪念日|韩总统, "on the day, Korea's president"): no 日韩
        "南韩|国会",  # South Korea's parliament (jieba: 南|韩国|会): holds 南韩 and 国会
        "高头大马",  # "a tall horse" (a groom riding one): no Malaysia (大马)
        "太空军",  # the (US) Space Force: no air force (空军)
        "来日方长",  # "there is time ahead", an idiom: no Japanese side (日方)
        "入选|举重",  # weightlifting (jieba: 入|选举|重): no election; 进入选举重要 keeps it
        "美联储",  # the Federal Reserve, one word: 年中|美联储 ("mid-year, the Fed") holds no 中美
        "美浓",  # Meinong, Kaohsiung's Hakka town (美濃菸農: jieba reads 美|濃菸): no US
        "会议|长达",  # a meeting that lasted … (委員會議長達五小時): no Speaker; not before 成, 到
        "八德",  # Bade, a district of Taoyuan (八德國小, its primary school): no Germany
        "大使|馆",  # an embassy (jieba: 大|使馆): holds 大使, the ambassador's word
        "美超微",  # Supermicro, the server maker (鏈中美超微): no US-China
        "联合|国产",  # "together with home-made" (华为联合国产厂商): no United Nations
        "联合|国内",  # "with domestic" (联合国内高校), not the UN's 联合国内部, 联合国内罗毕
        "白首|相守",  # "to grow old together", of a long marriage: no prime minister (首相)
        "自民|党",  # the LDP (jieba keeps 自民党 whole): holds 自民, the party's short name
        "国交|正常化",  # the normalization of relations (日韓國交正常化): no Korea (韩国)
        "水|产|品",  # aquatic products (jieba: 水|产品): hold 水产, the trade's word, and 产品
        "韩美|国会",  # the Korean and US parliaments (韓美國會議員; jieba: 韩|美国|会议员): no US
        "日韩|国会",  # the Japanese and Korean parliaments (日韩国会议员联盟): no South Korea
        "访|华府",  # a visit to Washington (訪華府; jieba: 访华|府): no visit to China (访华)
        "吴淞炮台湾",  # Wusong Paotaiwan, a wetland park in Shanghai: no Taiwan
        "国宝|南迁",  # the move of the Palace Museum's treasures south in the 1930s: no China
        "打印",  # printing (打印太慢, "printing too slowly"; jieba: 打|印太|慢): no Indo-Pacific
        "列印",  # and Taiwan's word for it
        "复印",
        "影印",
        "东南亚",  # Southeast Asia (东南亚国家联盟, ASEAN): no South Asia (南亚)
        "公明正大",  # "fair and square" (總裁選舉須公明正大進行): no Komeito
        "日本|中国地方",  # Japan's Chugoku region (日本中國地方暴雨): no China
        "中台禅寺",  # Chung Tai Chan Monastery in Puli, Taiwan: no China-Taiwan
        "两国|外长",  # the two foreign ministers before a place (兩國外長河內會談; jieba:
        # 兩|國外|長河|內), which ``segment._counted_states`` does not reach
        "美|国会|参议院",  # the US Senate (jieba: 美国|会|参议院): holds 国会 and no US
        "美|国会|众议院",  # the House
        "美|国会|山庄",  # the Capitol
        "美|国会|议员",  # a congressman (jieba: 美国|会议员)
        "美|国会|跨党派",  # a bipartisan delegation of Congress (美國會跨黨派議員訪台)
        "美|国会|通过",  # Congress passes (美國會通過台灣保證法; jieba: 美国|会|通过); so does the
        # rarer 美国会通过外交途径 ("the US will, through diplomacy")
        "美|国会|听证会",  # a hearing of Congress
        "国会|议长",  # a parliament's Speaker (韩国会议长禹元植; jieba: 韩国|会议|长): no 韩国
        "美|国家安全",  # the US's national security adviser, council (jieba: 美国|家|安全)
        "美|国土安全",  # the Department of Homeland Security (jieba: 美国|土|安全部)
        "台中|国小",  # a primary school of Taichung (视察台中国小): no China
        "北韩|国营",  # North Korea's state-run (北韓國營; jieba: 北|韩国|营): no South Korea
        "南韩|国营",
        "北韩|国庆",  # and its national day
        "黎智英",  # Jimmy Lai (黎智英國安案, his national security trial): no Britain
        "黎智英|国安",  # and that trial (jieba: 黎智|英国|安案): holds 国安
        "美团",  # Meituan, the delivery platform (市场中美团份额): no China-US
        "韩都衣舍",  # Handu Yishe, a fashion brand (品牌中韩都衣舍): no China-Korea
        "日月光",  # ASE, the chip packager (大廠中日月光): no China-Japan
        "圆山",  # Taipei's Yuanshan (首日圓山花博; jieba: 首|日圆|山): no yen
        "国安|基金",  # Taiwan's stabilization fund (震盪中國安基金進場): no China
        "难民|营",  # a refugee camp (jieba: 难|民营, "private-run"): holds 难民
        "中巴车",  # a minibus (一辆中巴车侧翻; jieba splits 中巴|车): no China-Pakistan
        "家政|工",  # a domestic worker (外籍家政工; jieba: 家|政工, "political work"): holds 家政
        "韩美半导体",  # Hanmi Semiconductor (韩美半导体获SK海力士大单): no Korea-US
        "韩美药品",  # Hanmi Pharmaceutical
    ),
}
UNLESS_BEFORE: dict[str, str] = {
    spelling: after + canonical_han(after)  # Chinese text is folded, Japanese text is not
    for name, after in {
        "제재소": "식",
        "국경일": "대",
        "인도교": "민",
        "대선단": "일",  # 대선|단일화, a presidential candidates' merger
        "전국회의": "원",
        "米国会": "社議計場見",  # 米国|会社 (a US firm), 米国|会議, 米国|会計 …
        "南海区": "域",
        "南沙区": "域",
        "中美晶": "片",  # 中美|晶片战, the China-US chip war
        "联合国内": "部罗",
        "入选举重": "要大",  # 进入选举重要阶段: the election's important phase
        "会议长达": "成到",  # 大会议长达成共识: the assembly's Speaker reached a consensus
        "国会议长": "达期久远",  # 韩国国会会议长达十小时 (the session lasted ten hours)
        "家政工": "作具程",  # 家政|工作, housework; 家政|工具, its tools
        "日韩国民": "团众",  # 在日|韩国|民团 (the Korean Residents Union), 連日|韓國|民眾
        "中韩国民": "团众",
    }.items()
    for spelling in {name, canonical_han(name)}
}
"""A name (as written and folded, ``canonical_han``) -> the characters after which it is no name
but two words (제재|소식, 南海|区域, 联合国|内部, 米国|会社)."""
TAILS: dict[str, int] = {canonical_han("中国国民党"): 2, **dict.fromkeys(CENTRAL_STATES, 2)}
"""A name (folded) -> where a word starts inside it that no word ends at: its tail is a word, its
head none (中国国民党, the KMT's full name, holds the party's 国民党 and no China)."""


def surface(name: str) -> tuple[str, tuple[int, ...]]:
    """A ``NAMES`` entry as written in text, and the offsets of the ``|`` between its parts."""
    parts = name.split("|")
    return "".join(parts), tuple(accumulate(len(part) for part in parts[:-1]))


def keep_whole(
    name: str, text: str, edges: set[int], words: list[int], parts: tuple[int, ...] = ()
) -> list[int]:
    """Each occurrence of ``name`` in ``text`` is one word, or the words ``parts`` cut it into: no
    other boundary and word start strictly inside it, and a boundary at both its ends (jieba
    reads 赖清德国庆, "Lai Ching-te's National Day", as 赖清|德国|庆, whose 德国 is Germany, so
    赖清德 had no end). Returns where the occurrences kept whole start."""
    kept: list[int] = []
    at = text.find(name)
    unless = UNLESS_BEFORE.get(name)
    while at >= 0:
        end = at + len(name)
        if unless and end < len(text) and text[end] in unless:
            at = text.find(name, end)
            continue
        inside = range(at + 1, end)
        cuts = [at + part for part in parts]
        edges.difference_update(inside)
        edges.update((at, end, *cuts))
        starts = {w for w in words if w not in inside} | {at, *cuts}
        if end < len(text) and is_cjk(text[end]):  # a CJK word follows (no punctuation)
            starts.add(end)
        words[:] = sorted(starts)
        kept.append(at)
        at = text.find(name, end)
    return kept
