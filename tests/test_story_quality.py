"""Story grouping quality on two labeled sets of real items, and through the whole bot (issue 14).

- ``stories_dev/``: the project's development corpus (984 items, 15 outlets, 26-28 May 2024).
- ``stories_2023/``: a second set labeled with the dev corpus' conventions (1,190 items of
  15 outlets, 21-23 November 2023; its README says how).
- ``stories_labeled.json``: 881 items of ``outlets/`` labeled for issue 4 (2015-2022 captures).
  It splits one event's angles finer than the other two ("five dead" / "suspect named" are two
  stories there, one in the dev conventions), so its precision floor is lower.

The floors are the values measured with the default settings (bench/story_quality.py prints
them); a change that lowers one must say why. Look-alike pairs merged are a ceiling: the goal
is none, and the dev corpus' remaining ones are successive developments that share every word
but the verb (a slur reported / apologised for).
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from bench.story_pipeline import run as run_pipeline
from bench.story_quality import (
    DEV,
    LOADERS,
    NOV2022,
    LabeledSet,
    Score,
    arrival,
    measure,
    score,
)
from bot.core.dedupe import DedupeSettings, StoryIndex

# measured: dev published 0.969 / 0.408 (cross 0.410), 1 look-alike; feeds 0.992 / 0.376, 1
# 2023 published 0.982 / 0.194 (cross 0.197), 0 look-alikes; feeds 0.984 / 0.155, 0
# labeled published 0.731 / 0.721 (cross 0.621), 1 look-alike; feeds 0.792 / 0.673, 0
# 2022 published 0.875 / 0.140 (cross 0.156), 2 look-alikes; feeds 0.921 / 0.117, 1: measured
# before any tuning on it, far below issue 14's targets; the floors only keep it from getting worse
# (grouping across languages then made it 0.862 / 0.146 (cross 0.163); feeds 0.917 / 0.124: two
# wrong pairs are Ronaldo interviews the labels split, one Bezos's gift to Dolly Parton)
# (labeled published precision fell from 0.750 when a name missing from a headline-only item
# stopped counting against a pair: the pairs it adds are "suspect named" / "five killed" of one
# shooting, which that set's finer convention labels as two stories)
# Merging the stories one item bridges (dedupe._compatible) then moved every set: dev published
# 0.972 / 0.457 (cross 0.459), feeds 0.993 / 0.442; 2023 0.985 / 0.225, feeds 0.980 / 0.169;
# labeled 0.698 / 0.769, feeds 0.746 / 0.701 and 1 look-alike (the same outlet's "a look at other
# deadly attacks at US airports" joins the Fort Lauderdale story, as it already did published);
# 2022 0.870 / 0.156, feeds 0.946 / 0.155.
# 2023-08 (labeled blind, measured before and after that change, never tuned on): published
# 0.980 / 0.310 (cross 0.326), 3 look-alikes, feeds 0.952 / 0.225, 2 before; published 0.973 /
# 0.341 (cross 0.359), 3, feeds 0.940 / 0.323, 2 after. The look-alikes: a footballer under
# investigation / withdrawn from his squad, two matches of two cricket teams, "arrested again" /
# "won't be charged"; most wrong pairs are Women's World Cup final previews and two days of the
# Canada fires and of Hurricane Hilary, which the labels split by day. Withdrawal as a step,
# "charged" as a charge and two results with the sides the other way round as a veto then kept
# all three apart: 0.978 / 0.340, feeds 0.943 / 0.322, no look-alike, every other set unchanged.
# A step named after "after"/"amid" as background (dev 0.974 / 0.458, 2023-08 0.979 / 0.343) and
# "PM" as "prime", "EU" and "European" as "Europe" (2023 published 0.985 / 0.237, 2022 0.870 /
# 0.157, 2023-08 feeds 0.954 / 0.323), then irregular demonyms ("Spanish" as "Spain", "Dutch" as
# "Netherlands"): dev 0.975 / 0.479, feeds 0.993 / 0.444; 2023 0.984 / 0.252, feeds 0.981 /
# 0.177; 2022 feeds 0.949 / 0.165; 2023-08 0.979 / 0.344. Places as Polish, French, German and
# Spanish write them ("Rosja", "Pékin"): dev 0.976 / 0.497, feeds 0.993 / 0.452; 2023-08 0.979 /
# 0.350; 2022 feeds 0.949 / 0.166. "dead" as "killed": dev 0.977 / 0.504, feeds 0.993 / 0.459;
# labeled feeds 0.726 / 0.721 (its "suspect named" reports join "five killed").
FLOORS = [
    # (set, order, precision, recall, cross-outlet recall, look-alikes merged at most)
    # The follow-up rule (twenty-second session: an outlet's report 18 h or more from another of
    # its reports in a story of at most ten, under another headline and link, stays out): over
    # the 22 sets, look-alikes merged 27 -> 20 in publication order and 33 -> 24 in feed order,
    # mean precision 0.932 -> 0.936 and 0.938 -> 0.954, mean recall 0.286 -> 0.285 and 0.257 ->
    # 0.256; 2022 in feed order lost most (recall 0.169 -> 0.147: a Guardian piece on Ronaldo's
    # interview the next day, which the labels keep with the interview's reactions)
    # Then newsletters and briefings ("FirstFT: …", "Tuesday briefing: …") joining no story:
    # mean precision 0.936 -> 0.948 and 0.954 -> 0.957, recall 0.285 -> 0.284 and 0.256 -> 0.255;
    # 2023-11b 0.644 -> 0.851 (three newsletters on the al-Shifa raid); 2023-01 in feed order lost
    # most (recall 0.332 -> 0.301: its labels put a New York Times briefing in a cluster)
    # Then (twenty-third session) roundup columns ("Middle East round-up: …", "Health Care
    # Roundup: Market Talk") as newsletters, and one feed's short headline over pieces with other
    # leads as a section's label ("A Closer Look"): mean precision 0.948 -> 0.953 and 0.957 ->
    # 0.961, recall and look-alikes unchanged; 2023-11b 0.851 -> 0.897, 2023-12b 0.934 -> 0.959
    # Then (thirty-first session) the doer, the act's noun and the adjective as the word they
    # stand for ("shooter", "indictment", "volcanic"; bot.core.similarity._SAME_WORD): mean
    # precision 0.9519 -> 0.9534 and 0.9671 -> 0.9669, recall 0.3013 -> 0.3032 and 0.2762 ->
    # 0.2792, look-alikes 58 -> 57 and 50 -> 49 over the 50 sets; eleven floors lowered, the most
    # 2023-10 published (recall 0.342 -> 0.291 at precision 0.850 -> 0.910: a blob split) and
    # 2023-08 in feed order (precision 0.978 -> 0.950)
    # Then (thirty-second session) initials with dots read as the abbreviation ("U.K." is "UK"):
    # over the 50 sets mean precision 0.9477 -> 0.9479 and 0.9616 -> 0.9619, recall 0.3086 ->
    # 0.3091 and 0.2845 -> 0.2856, look-alikes unchanged; one floor lowered, 2023-09c in feed
    # order (cross-outlet recall 0.390 -> 0.3898)
    ("dev", "published", 0.97, 0.49, 0.49, 1),
    ("dev", "feeds", 0.98, 0.45, 0.45, 1),
    ("2023", "published", 0.97, 0.24, 0.24, 0),
    ("2023", "feeds", 0.96, 0.16, 0.17, 0),
    ("labeled", "published", 0.68, 0.76, 0.65, 1),
    ("labeled", "feeds", 0.71, 0.71, 0.61, 1),
    ("2022", "published", 0.90, 0.15, 0.16, 1),
    ("2022", "feeds", 0.93, 0.13, 0.16, 1),
    # Sentencing, charging and approval no longer steps (twenty-fourth session, bot.core.events):
    # here the "Barnes & Noble 'sniffer'" arrested again / won't be charged pair joins (1
    # look-alike), while 2022 (Alaa Abd El-Fattah) and 2023-03 in feed order (Cyclone Freddy)
    # lose one each
    ("2023-08", "published", 0.97, 0.34, 0.36, 1),
    ("2023-08", "feeds", 0.94, 0.31, 0.33, 0),
    # 2023-03, labeled blind by helpers in the sixteenth session and measured before any change:
    # published 0.970 / 0.419 (cross 0.433), 3 look-alikes (the Yoon-Kishida summit and the
    # missile fired before it, Cyclone Freddy's toll on two days, "some" then "all six" of the
    # missing women in Mexico found dead); feeds 0.927 / 0.365 (cross 0.376), 6 look-alikes
    ("2023-03", "published", 0.96, 0.41, 0.43, 1),
    ("2023-03", "feeds", 0.97, 0.36, 0.37, 2),
    # 2023-07, labeled blind by helpers in the seventeenth session, measured before any change:
    # published 0.973 / 0.322 (cross 0.327), 1 look-alike (Taiwan's report of China's drill and
    # the drill's second day); feeds 0.981 / 0.316 (cross 0.320), none
    ("2023-07", "published", 0.98, 0.31, 0.32, 1),
    ("2023-07", "feeds", 0.99, 0.30, 0.31, 0),
    # 2023-04, the same way: published 0.987 / 0.477 (cross 0.491), feeds 0.996 / 0.441 (cross
    # 0.453), no look-alike
    ("2023-04", "published", 0.98, 0.45, 0.48, 0),
    ("2023-04", "feeds", 0.99, 0.43, 0.44, 0),
    # 2023-09, the same way (eighteenth session): published 0.921 / 0.305 (cross 0.322), 3
    # look-alikes; feeds 0.674 / 0.191 (cross 0.200), 4: Kim's arrival in Russia and the summit
    # the next day, the Libya floods of two days, labeled apart by UTC date and joined here; and
    # the Wall Street Journal's daily columns, kept apart since by SERIES_H (published 0.929)
    # then the Washington Post's "Ukraine live briefing" as a roundup: published 0.960 / 0.303 ->
    # 0.978 / 0.294 (one briefing had bridged two reports of the Kim-Putin summit)
    ("2023-09", "published", 0.97, 0.29, 0.30, 2),
    ("2023-09", "feeds", 0.86, 0.21, 0.22, 3),
    # 2023-06, the same way: published 0.997 / 0.450 (cross 0.496), feeds 1.000 / 0.398 (cross
    # 0.438), no look-alike
    ("2023-06", "published", 0.98, 0.44, 0.49, 0),
    ("2023-06", "feeds", 0.99, 0.39, 0.43, 0),
    # 2023-10 and 2023-01, the same way (nineteenth session), grouping not changed for them:
    # 2023-10 published 0.680 / 0.361 (cross 0.344), 4 look-alikes, feeds 0.756 / 0.315 (cross
    # 0.287), 3: the Brussels shooting and its suspect shot dead by police the next morning,
    # labeled as two events, are one story here (88 of 107 wrong pairs); 2023-01 published 0.836
    # / 0.348 (cross 0.369), 2, feeds 0.957 / 0.332 (cross 0.351), 2: the steps of one day's
    # tank decision (Poland asks, Germany "soon", reports that it will send) are one story here
    # then police shooting a suspect as the "arrest" step (the end of the Brussels manhunt):
    # published 0.697 / 0.351 -> 0.840 / 0.342, 3 look-alikes; feeds 0.756 / 0.315 -> 0.907 / 0.278
    ("2023-10", "published", 0.82, 0.29, 0.26, 3),
    ("2023-10", "feeds", 0.87, 0.26, 0.24, 3),
    ("2023-01", "published", 0.83, 0.34, 0.36, 2),
    ("2023-01", "feeds", 0.95, 0.29, 0.30, 2),
    # 2023-12, the same way (twentieth session), grouping not changed for it: published 0.901 /
    # 0.200 (cross 0.224), 1 look-alike, feeds 0.837 / 0.188 (cross 0.213), 1: its largest
    # clusters hold a day's analyses and explainers (COP28's deal, the Rwanda vote), which share
    # too few words with the reports to join them
    # With "probe", "inquiry" and "investigation" one word (twenty-fourth session) published
    # 0.940 / 0.207 -> 0.920 / 0.219: Hunter Biden's remarks on the impeachment inquiry join the
    # House's vote on it, the same day, which the labels keep apart
    ("2023-12", "published", 0.91, 0.20, 0.23, 0),
    ("2023-12", "feeds", 0.86, 0.18, 0.19, 0),
    # 2023-05 and 2023-12b, the same way: 2023-05 published 0.952 / 0.236 (cross 0.255), feeds
    # 0.942 / 0.196 (cross 0.212), 1 look-alike each (a day's details of the Allen shooting are
    # one cluster there and several stories here); 2023-12b published 0.929 / 0.312 (cross
    # 0.336), feeds 0.969 / 0.349 (cross 0.373), 3 look-alikes each: Jonathan Majors' verdict and
    # Marvel dropping him hours later, and the Wall Street Journal's "Market Talk" columns of
    # different sectors, published minutes apart with boilerplate summaries
    ("2023-05", "published", 0.95, 0.23, 0.25, 1),
    ("2023-05", "feeds", 0.95, 0.19, 0.21, 1),
    ("2023-12b", "published", 0.95, 0.33, 0.35, 3),
    ("2023-12b", "feeds", 0.96, 0.34, 0.37, 3),
    # 2023-02 and 2023-08b, the same way (twenty-first session): 2023-02 published 0.905 / 0.149
    # (cross 0.146) before and 0.924 / 0.191 (cross 0.192) after the "calls for" framing rule
    # that came from it, feeds 0.952 / 0.120 (cross 0.115), 2 look-alikes each; 2023-08b
    # published 0.950 / 0.089 (cross 0.091), feeds 0.928 / 0.070 (cross 0.073), 3 look-alikes
    # each: the labels keep the Prigozhin crash with its reactions and analyses as one cluster of
    # 116 items (6,670 of 8,653 pairs), which the anti-chaining guards do not let one story become
    ("2023-02", "published", 0.92, 0.19, 0.19, 2),
    ("2023-02", "feeds", 0.95, 0.12, 0.11, 2),
    ("2023-08b", "published", 0.95, 0.08, 0.07, 2),
    ("2023-08b", "feeds", 0.93, 0.05, 0.07, 2),
    # 2023-04b and 2023-06b, the same way, grouping not changed for them: 2023-04b published
    # 0.959 / 0.274 (cross 0.278), no look-alike, feeds 0.907 / 0.284 (cross 0.287), 2; 2023-06b
    # published 0.970 / 0.025 (cross 0.022), feeds 0.990 / 0.026 (cross 0.024), 1 look-alike
    # each: the Wagner mutiny is two clusters of 76 and 43 items there (3,753 of 3,875 pairs)
    # and many stories here (the revolt, Rostov, the march, the deal, the withdrawal)
    ("2023-04b", "published", 0.95, 0.25, 0.27, 0),
    ("2023-04b", "feeds", 0.97, 0.28, 0.28, 1),
    ("2023-06b", "published", 0.96, 0.02, 0.02, 0),
    ("2023-06b", "feeds", 0.99, 0.02, 0.02, 0),
    # 2023-05b and 2023-03b, the same way (twenty-second session), grouping not changed for them:
    # at 0582dbf, 2023-05b published 0.958 / 0.244 (cross 0.247), feeds 0.964 / 0.255 (cross
    # 0.264), no look-alike; 2023-03b published 0.958 / 0.162 (cross 0.169), feeds 0.976 / 0.150
    # (cross 0.155), 1 look-alike each (Al Jazeera's "Sri Lanka to get first tranche … in two
    # days" and "Sri Lanka receives first tranche"). The session's follow-up and police rules,
    # written before these sets were read, change only 2023-03b in feed order (0.973 / 0.147).
    # Xi's visit to Moscow is one cluster of 50 items over both days there (1,225 of 2,678 pairs)
    ("2023-05b", "published", 0.94, 0.23, 0.23, 0),
    ("2023-05b", "feeds", 0.95, 0.24, 0.25, 0),
    ("2023-03b", "published", 0.94, 0.15, 0.15, 1),
    ("2023-03b", "feeds", 0.96, 0.13, 0.14, 1),
    # 2023-08c and 2023-11b, the same way: at 0582dbf, 2023-08c published 0.967 / 0.420 (cross
    # 0.431), no look-alike, feeds 0.901 / 0.396 (cross 0.405), 2; 2023-11b published 0.647 /
    # 0.157 (cross 0.151), feeds 0.918 / 0.161 (cross 0.156), none. The follow-up rule, uncapped,
    # took 2023-08c to 0.960 / 0.347 (outlets' next-day explainers of Villavicencio's
    # assassination kept out); capped at ten reports it gives the set back. 2023-11b's wrong
    # pairs are newsletters about the al-Shifa raid joining its story (91 of 95)
    ("2023-08c", "published", 0.96, 0.41, 0.42, 0),
    ("2023-08c", "feeds", 0.89, 0.38, 0.39, 2),
    ("2023-11b", "published", 0.88, 0.14, 0.14, 0),
    ("2023-11b", "feeds", 0.96, 0.14, 0.14, 0),
    # 2023-07b and 2023-02b, the same way (twenty-third session): at 03eaa98 and after the
    # session's section-label rule, 2023-07b published 0.958 / 0.328 (cross 0.338), feeds 0.948 /
    # 0.263 (cross 0.272), 1 look-alike each; 2023-02b published 0.913 / 0.117 (cross 0.123),
    # feeds 0.952 / 0.092 (cross 0.098), 2 look-alikes each. The Chinese balloon is one cluster of
    # 59 items there (1,711 of 2,155 pairs); its "second balloon … as Blinken postpones" report
    # joins the first balloon's story here (13 of 24 wrong pairs). Then a war's daily list of key
    # events as a roundup (2023-02b published 0.916) and "outlawing" as a ban (2023-07b recall 0.331
    # published, 0.265 feeds). With a name conflict weighed -1.2 (twenty-fourth session),
    # published 0.969 -> 0.909: a Tel Aviv car attack joins the Jenin raid ("Palestinian attacker
    # wounds 8 in Tel Aviv as Israel presses West Bank operation")
    ("2023-07b", "published", 0.90, 0.32, 0.33, 1),
    ("2023-07b", "feeds", 0.94, 0.26, 0.27, 1),
    ("2023-02b", "published", 0.91, 0.11, 0.12, 2),
    ("2023-02b", "feeds", 0.95, 0.09, 0.09, 2),
    # 2023-03c and 2023-04c, the same way, grouping not changed for them: at 03eaa98 and at
    # acaba19, 2023-03c published 0.964 / 0.340 (cross 0.362), feeds 0.969 / 0.343 (cross 0.365),
    # 1 look-alike each (12 of 15 wrong pairs: "Kidnapped Americans were in Mexico for tummy
    # tuck" joining the story of two of them found dead); 2023-04c published 0.962 / 0.380 (cross
    # 0.410), feeds 0.981 / 0.389 (cross 0.421), none: the leaked Pentagon documents are one
    # cluster of 17 there and 17 stories here, one a document
    ("2023-03c", "published", 0.95, 0.33, 0.36, 1),
    ("2023-03c", "feeds", 0.96, 0.34, 0.36, 1),
    ("2023-04c", "published", 0.95, 0.37, 0.40, 0),
    ("2023-04c", "feeds", 0.97, 0.38, 0.42, 0),
    # 2023-05c and 2023-09b, the same way: 2023-05c at 8b65af2 published 0.965 / 0.268 (cross
    # 0.289), feeds 0.976 / 0.235 (cross 0.254), 2 look-alikes each (at 03eaa98 0.942 and 0.973),
    # then 0.991 and 0.986 with the live briefing a roundup; 2023-09b published 0.730 / 0.159
    # (cross 0.182), 4 look-alikes, feeds 0.824 / 0.160 (cross 0.183), 3: Azerbaijan's offensive
    # in Nagorno-Karabakh and the ceasefire hours later are two clusters there and one story here
    # (123 of 153 wrong pairs)
    ("2023-05c", "published", 0.98, 0.26, 0.28, 2),
    ("2023-05c", "feeds", 0.98, 0.23, 0.25, 2),
    ("2023-09b", "published", 0.72, 0.15, 0.18, 4),
    ("2023-09b", "feeds", 0.81, 0.15, 0.18, 3),  # 0.816 with the name conflict at -1.2
    # 2023-07c and 2023-02c, the same way, grouping not changed for them: at db0d7db, 2023-07c
    # published 0.927 / 0.270 (cross 0.276), 2 look-alikes (0.936 at 03eaa98: with the live
    # briefing a roundup, a report of Russia's grain-deal exit bridges two stories), feeds 0.965 /
    # 0.217 (cross 0.223), 1; 2023-02c published 0.867 / 0.237 (cross 0.244), 2, feeds 0.966 /
    # 0.177 (cross 0.179), none (Biden in Kyiv is one cluster of 49 items there)
    ("2023-07c", "published", 0.92, 0.26, 0.27, 2),
    ("2023-07c", "feeds", 0.96, 0.21, 0.22, 1),
    ("2023-02c", "published", 0.86, 0.23, 0.24, 2),
    ("2023-02c", "feeds", 0.96, 0.16, 0.17, 0),
    # 2023-11c and 2023-06c, labeled blind in the twenty-fourth session and measured at bce3fc0
    # before its changes: 2023-11c published 0.856 / 0.219 (cross 0.250), 1 look-alike, feeds
    # 0.892 / 0.244 (cross 0.273), 1; 2023-06c published 0.942 / 0.314 (cross 0.318), 1, feeds
    # 0.948 / 0.291 (cross 0.296), 1. The session's changes, chosen on the other sets, moved them
    # to 0.858 / 0.224, 0.894 / 0.249, 0.942 / 0.315 and 0.949 / 0.301
    ("2023-11c", "published", 0.85, 0.22, 0.25, 1),
    ("2023-11c", "feeds", 0.89, 0.24, 0.27, 1),
    ("2023-06c", "published", 0.94, 0.31, 0.31, 1),
    ("2023-06c", "feeds", 0.94, 0.30, 0.30, 1),
    # 2023-10b and 2023-05d, the same way: 2023-10b published 0.995 / 0.310 (cross 0.363), feeds
    # 1.000 / 0.299 (cross 0.343), no look-alike, unchanged by the session; 2023-05d published
    # 0.991 / 0.219 (cross 0.225), 1 look-alike, feeds 0.995 / 0.206 (cross 0.213), 1, then 0.992
    # / 0.236 and 0.996 / 0.230 with the session's changes
    ("2023-10b", "published", 0.99, 0.30, 0.36, 0),
    ("2023-10b", "feeds", 0.99, 0.29, 0.34, 0),
    ("2023-05d", "published", 0.99, 0.23, 0.24, 1),
    ("2023-05d", "feeds", 0.99, 0.22, 0.23, 1),
    # 2023-08d and 2023-12c, labeled after the twenty-fourth session's grouping changes and
    # measured at 33efb71: 2023-08d published 0.953 / 0.199 (cross 0.212), 2 look-alikes, feeds
    # 0.957 / 0.169 (cross 0.179), 1 (at bce3fc0: 0.953 / 0.198 and 0.963 / 0.160); 2023-12c
    # published 0.981 / 0.197 (cross 0.213), 1, feeds 0.971 / 0.191 (cross 0.206), 1 (at
    # bce3fc0: 0.967 / 0.171 and 0.968 / 0.175)
    ("2023-08d", "published", 0.95, 0.19, 0.21, 2),
    ("2023-08d", "feeds", 0.95, 0.16, 0.17, 1),
    ("2023-12c", "published", 0.96, 0.19, 0.21, 1),
    ("2023-12c", "feeds", 0.95, 0.19, 0.20, 1),
    # 2023-09c and 2023-10c, labeled in the twenty-fifth session after every grouping change of
    # the twenty-fourth (the grouping code of 219f121): 2023-09c published 0.909 / 0.399 (cross
    # 0.406), 1 look-alike, feeds 0.959 / 0.383 (cross 0.392), 1; 2023-10c published 0.852 /
    # 0.509 (cross 0.543), 3, feeds 0.941 / 0.468 (cross 0.507), 2: most of its wrong pairs join
    # what the labels split within a day (Mike Johnson nominated overnight, elected next afternoon)
    ("2023-09c", "published", 0.90, 0.39, 0.40, 1),
    ("2023-09c", "feeds", 0.95, 0.38, 0.38, 1),
    ("2023-10c", "published", 0.85, 0.50, 0.54, 3),
    ("2023-10c", "feeds", 0.94, 0.46, 0.50, 2),
    # 2023-06d and 2023-11d, the same way: 2023-06d published 0.988 / 0.202 (cross 0.216), 2
    # look-alikes, feeds 0.987 / 0.197 (cross 0.210), 2 (a 36-item cluster, the second day of
    # the Nanterre riots, holds 630 of its 1,570 gold pairs); 2023-11d published 0.996 / 0.344
    # (cross 0.375), none, feeds 0.991 / 0.301 (cross 0.328), none
    ("2023-06d", "published", 0.98, 0.20, 0.21, 2),
    ("2023-06d", "feeds", 0.98, 0.19, 0.20, 2),
    ("2023-11d", "published", 0.99, 0.32, 0.35, 0),
    ("2023-11d", "feeds", 0.99, 0.29, 0.32, 0),
    # 2023-01b and 2023-07d, labeled in the twenty-sixth session after every grouping change of
    # the twenty-fifth (the grouping code of ee8a33e): 2023-01b published 0.992 / 0.486 (cross
    # 0.495), none, feeds 0.998 / 0.442 (cross 0.448), none; 2023-07d published 0.989 / 0.251
    # (cross 0.264), 1 look-alike, feeds 0.995 / 0.250 (cross 0.261), 1
    ("2023-01b", "published", 0.99, 0.48, 0.49, 0),
    ("2023-01b", "feeds", 0.99, 0.44, 0.44, 0),
    ("2023-07d", "published", 0.98, 0.25, 0.26, 1),
    ("2023-07d", "feeds", 0.99, 0.24, 0.26, 1),
    # 2023-03d and 2023-10d, the same way after the session's topic changes (14f513e; grouping
    # unchanged since ee8a33e): 2023-03d published 0.999 / 0.317 (cross 0.337), none, feeds
    # 0.995 / 0.281 (cross 0.297), none; 2023-10d published 0.995 / 0.291 (cross 0.316), none,
    # feeds 1.000 / 0.298 (cross 0.324), none
    ("2023-03d", "published", 0.99, 0.31, 0.33, 0),
    ("2023-03d", "feeds", 0.99, 0.27, 0.29, 0),
    ("2023-10d", "published", 0.99, 0.29, 0.31, 0),
    ("2023-10d", "feeds", 0.99, 0.29, 0.32, 0),
    # 2023-02d and 2023-09d, labeled in the twenty-seventh session (grouping unchanged since
    # 219f121): 2023-02d published 0.959 / 0.436 (cross 0.458), 4 look-alikes (West Bank raids
    # on two days, the BBC office raids and an explainer of the film's ban, the Super Bowl and a
    # shooting after it), feeds 0.960 / 0.401 (cross 0.423), 2; 2023-09d published 0.968 / 0.479
    # (cross 0.496), 2 (the Brazil storm's toll and its next-day rise), feeds 0.973 / 0.460
    # (cross 0.482), 2
    ("2023-02d", "published", 0.95, 0.43, 0.45, 4),
    ("2023-02d", "feeds", 0.95, 0.40, 0.42, 2),
    ("2023-09d", "published", 0.96, 0.47, 0.49, 2),
    ("2023-09d", "feeds", 0.97, 0.45, 0.48, 2),
    # 2024-04, the dev corpus' fifteen feeds on 16-17 April 2024, labeled the same way: published
    # 0.991 / 0.290 (cross 0.302), 1 look-alike (CNA's reports of two currency talks), feeds
    # 0.993 / 0.256 (cross 0.267), none
    ("2024-04", "published", 0.99, 0.28, 0.30, 1),
    ("2024-04", "feeds", 0.99, 0.25, 0.26, 0),
    # 2024-08, the same feeds on 20-21 August 2024: published 0.994 / 0.211 (cross 0.233), 1
    # look-alike (two reports of strikes on Kursk's bridges), feeds 0.996 / 0.173 (cross 0.194), 1
    ("2024-08", "published", 0.99, 0.21, 0.23, 1),
    ("2024-08", "feeds", 0.99, 0.17, 0.19, 1),
    # 2024-10, the same feeds on 15-16 October 2024: published 0.911 / 0.262 (cross 0.285), 3
    # look-alikes (a report naming two events the helper kept apart bridges them: Beirut strikes
    # and a mayor's killing; Kim's security meeting joined the roads he had blown up), feeds
    # 0.986 / 0.264 (cross 0.283), 1
    ("2024-10", "published", 0.90, 0.26, 0.28, 3),
    ("2024-10", "feeds", 0.98, 0.26, 0.28, 1),
    # 2024-02, the same feeds but the FT on 20-21 February 2024: published 0.983 / 0.465 (cross
    # 0.440), none; feeds 0.987 / 0.436 (cross 0.407), none (BBC lists most articles twice)
    ("2024-02", "published", 0.98, 0.46, 0.44, 0),
    ("2024-02", "feeds", 0.97, 0.43, 0.40, 0),
]
SETS: dict[str, LabeledSet] = {}


def labeled_set(name: str) -> LabeledSet:
    if name not in SETS:
        SETS[name] = LOADERS[name]()
    return SETS[name]


@pytest.mark.parametrize(
    ("name", "order", "precision", "recall", "cross", "look_alikes"),
    FLOORS,
    ids=[f"{f[0]}-{f[1]}" for f in FLOORS],
)
def test_grouping_stays_above_its_floors(
    name: str, order: str, precision: float, recall: float, cross: float, look_alikes: int
) -> None:
    result, _ = measure(labeled_set(name), order)
    assert result.precision >= precision, result
    assert result.recall >= recall, result
    assert result.cross_recall >= cross, result
    assert result.hard_negatives_merged <= look_alikes, result


@pytest.mark.parametrize("name", ["dev", "2023"])
def test_each_day_alone_keeps_precision(name: str) -> None:
    """Cross-validation view: no day of a set is much worse than the whole (each day alone is
    also a small corpus, where rarity is least reliable)."""
    data = labeled_set(name)
    for day in sorted(set(data.days)):
        part = data.subset([n for n, d in enumerate(data.days) if d == day], day)
        result, _ = measure(part, "published")
        assert result.precision >= 0.84, (day, result)  # measured >= 0.861
        assert result.recall >= 0.25, (day, result)  # measured >= 0.260


@pytest.mark.parametrize(("name", "folder", "least"), [("dev", DEV, 3), ("2022", NOV2022, 7)])
def test_some_pairs_across_languages_group(name: str, folder: Path, least: int) -> None:
    """English and Polish reports of one event: 0 of 53 (dev) and 0 of 135 (2022) pairs were
    grouped before names carried pairs across languages; 3 and 7 are."""
    data = labeled_set(name)
    languages = [
        json.loads(line)["lang"]
        for line in (folder / "items.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    _, stories = measure(data, "published")
    across = [
        (a, b)
        for cluster in data.clusters
        for a, b in itertools.combinations(cluster, 2)
        if languages[a] != languages[b]
    ]
    assert len(across) > least
    assert sum(stories[a] == stories[b] for a, b in across) >= least


def test_labels_are_consistent() -> None:
    for name in LOADERS:
        data = labeled_set(name)
        grouped = [i for c in data.clusters for i in c]
        assert len(grouped) == len(set(grouped)), f"{name}: an item is in two clusters"
        label = {i: n for n, c in enumerate(data.clusters) for i in c}
        for a, b in data.hard_negatives:
            assert label.get(a, -1) != label.get(b, -2), (name, a, b)


def test_the_scorer_can_fail() -> None:
    """One story for all items has terrible precision; one story each has no recall."""
    dev = labeled_set("dev")
    everything: Score = score(dev, dict.fromkeys(range(len(dev.docs)), 1))
    assert everything.precision < 0.01
    assert everything.recall == 1.0
    assert everything.hard_negatives_merged == len(dev.hard_negatives)
    alone = score(dev, {n: n for n in range(len(dev.docs))})
    assert (alone.recall, alone.precision) == (0.0, 1.0)


async def test_the_whole_bot_groups_years_old_items_polled_today(tmp_path: Path) -> None:
    """Every outlet polled once over loopback with today's clock: all items are far older
    than the window on arrival (a backfill), and they still group with each other."""
    stories, counts = await run_pipeline(tmp_path / "dev.db")
    dev = labeled_set("dev")
    assert len(stories) >= len(dev.keys) - 10  # a few share a canonical link with another
    predicted = {n: stories.get(key, -1 - n) for n, key in enumerate(dev.keys)}
    result = score(dev, predicted)
    assert counts["stories"] < counts["items"] - 150, counts
    assert result.precision >= 0.95, result  # measured 0.968 (feeds polled one by one, in order)
    assert result.recall >= 0.41, result  # measured 0.432


def test_stories_one_report_bridges_merge_only_when_they_fit_each_other() -> None:
    """On the dev set (published order) some items report an event that two stories hold
    (issue 14): those merge, and the merges join only pairs of the same labeled cluster."""
    data = labeled_set("dev")
    label = {i: n for n, c in enumerate(data.clusters) for i in c}
    index = StoryIndex(DedupeSettings())
    merged: list[tuple[list[int], list[int]]] = []
    fresh = itertools.count(1)
    for d in arrival(data.docs, "published"):
        decision = index.decide(d)
        story = decision.story_id if decision.story_id is not None else next(fresh) + 10**6
        for other in decision.also:
            assert "merged into it" in decision.explain()
            members = [i for i in range(len(data.docs)) if index.story_of(i) == story]
            merged.append(
                (members, [i for i in range(len(data.docs)) if index.story_of(i) == other])
            )
            index.merge(story, other)
        index.add(d, story)
    assert len(merged) >= 5, merged  # measured 11
    for kept, gone in merged:
        assert all(label.get(a, -1) == label.get(b, -2) for a in kept for b in gone), (kept, gone)
