"""The step an event report is about: apology, delay, condemnation, arrest, ... (issue 14).

Why: the look-alikes that must stay apart are successive developments of one thread. They share
every name and place of the thread and most of its rare words, so overlap cannot tell them apart
("Pope used derogatory term for gay men" / "Vatican apologises after Pope uses derogatory term";
"North Korea tells Japan it plans to launch a satellite" / "North Korea launches a satellite" /
"Seoul slams failed launch"; "Hostage deal agreed" / "Hostage release delayed"; "Premier lands in
Seoul for summit" / "leaders meet"; "Eyewitnesses describe strike on camp" / "Israel continues
striking Rafah despite outrage"). What tells them
apart is the step: a headline reporting a step that the other report never mentions is a new
development, whatever else they share. ``bot.core.dedupe`` asks that of a story as a whole, in both
directions, so the order the reports arrive in does not matter.

The steps are a short curated list of English words grouped by meaning, not a learned model: a
word list can be read, tested and extended by hand, and these few verbs are stable across outlets
and years. Deaths, injuries, strikes and tolls are deliberately absent: a report of the same attack
says "killed" or "dead" as it likes, and a changed toll within a day is an update of the same event
(numbers are weighed in ``bot.core.evidence``), except police shooting or killing a suspect,
which ends a manhunt as an arrest does and counts as that step: outlets report the end of the
hunt for the Brussels gunman of 16 October 2023 as "arrested" or as "police shoot dead", a
development of its own the next morning (16-17 October 2023 set, published and feed order:
precision 0.697 -> 0.840 and 0.756 -> 0.907, recall 0.351 -> 0.342 and 0.315 -> 0.278, one
look-alike fewer published; no other set changes). Reactions that every report of an event quotes
("welcomes", "urges") are absent too; condemnation is present because a government condemning an
act is reported as its own story ("Seoul slams failed launch").

A step named after a cause word in a headline ("UN suspends services at refugee camp after
clashes") is the background of the development the headline reports, not a development of its
own: the headline tells it, but does not name it (``headline_steps``). On the labeled sets this
kept 2023-08's "UN suspends services … after clashes" with the UNRWA reports it belongs to and
changed no look-alike (dev precision 0.972 -> 0.974, recall 0.457 -> 0.458).

Not steps: sentencing ("jailed"), charging ("indicted") and approval ("adopts", "overrides").
Counted over the 31 labeled sets in publication order, each refused (as the only new step) a
story an item scored into 16, 18 and 22 times when the item belonged there and once or never when
it did not: outlets report a charge with the arrest, a sentence with the verdict ("found guilty"
stays a step), and a vote's passage in the words of the bill. Without the three, the mean over
the sets is precision 0.9373 -> 0.9380 and recall 0.2940 -> 0.2969 in publication order, 0.9523
-> 0.9524 and 0.2651 -> 0.2694 in feed order, look-alikes merged 35 -> 35 and 35 -> 34.
"""

from __future__ import annotations

import re

_STEP_WORDS = {
    "apology": "apologise apologises apologised apologize apologizes apologized apology apologies "
    "sorry",
    "resignation": "resign resigns resigned resignation quits",
    "delay": "delay delays delayed postpone postpones postponed",
    "suspension": "suspend suspends suspended suspension scrap scraps scrapped",
    "conviction": "convict convicts convicted conviction guilty verdict",
    "arrest": "arrest arrests arrested detain detains detained into_custody police_shoot "
    "police_kill",  # headline present tense: "Police shoot dead suspect" (not "police killed")
    "lawsuit": "sue sues sued suing lawsuit",
    "ban": "ban bans banned bars barred outlaw outlaws outlawed outlawing prohibit prohibits "
    "prohibited",
    "withdrawal": "withdraw withdraws withdrew withdrawn pulls_out pulled_out",
    "riot": "riot riots rioting clash clashes clashed unrest",
    "diversion": "divert diverts diverted",
    "veto": "veto vetoes vetoed",
    "arrival": "arrive arrives arrived lands landed",
    "continuation": "continue continues continued continuing",
    "condemnation": "condemn condemns condemned slam slams slammed denounce denounces denounced",
    "plan": "plan plans planned planning",
    "demand": "urge urges urged demand demands demanded calls_for calls_on call_for call_on "
    "faces_calls",
}
STEP_OF = {
    word.replace("_", " "): step for step, words in _STEP_WORDS.items() for word in words.split()
}
"""Lower-case word or two-word phrase -> the step it names."""
PHRASE_HEADS = frozenset(word.split()[0] for word in STEP_OF if " " in word)
"""First words of the two-word phrases ("calls" of "calls for")."""
CAUSE_WORDS = frozenset(("after", "amid", "following", "despite", "as", "while"))
"""Words after which a headline gives the background of its news, not the news ("Musk sues Media
Matters as advertising exodus continues": the lawsuit is the news)."""
UNLESS_NEXT = {
    word: frozenset(("into",)) for word in ("slam", "slams", "slammed")
}  # fmt: skip
"""Step words whose step the next word cancels: "Cyclone slams into coast" is no condemnation."""
UNLESS_AFTER = {
    "bars": frozenset(("behind",)),
    "planned": frozenset(("a", "the", "its", "his", "her", "their", "off")),
}
"""Step words whose step the word before cancels: "sentenced to 22 years behind bars" names no
ban, and "calls off planned news conference" no plan ("planned" is an adjective there)."""

_WORD = re.compile(r"[^\W\d_]+")
_NONE: frozenset[str] = frozenset()


def steps(text: str) -> frozenset[str]:
    """Every step ``text`` names or tells ("Vatican apologises after ..." -> {"apology"})."""
    named, context = headline_steps(text)
    return named | context if context else named


def headline_steps(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The steps a headline names, and those it tells only as background after a cause word.

    "UN suspends services at refugee camp after clashes" -> ({"suspension"}, {"riot"}).
    ``bot.core.similarity`` finds the same steps while it tokenizes (one pass over the words);
    this is the reference, and a test keeps the two equal.
    """
    named: set[str] = set()
    context: set[str] = set()
    found = named
    previous = ""
    pending: tuple[str, set[str]] | None = None  # a step the word after may cancel, and where
    for match in _WORD.finditer(text):
        word = match.group().casefold()
        if pending is not None:
            if word not in UNLESS_NEXT[previous]:
                pending[1].add(pending[0])
            pending = None
        step = STEP_OF.get(word)
        if step is None and previous in PHRASE_HEADS:
            step = STEP_OF.get(f"{previous} {word}")
        elif step is not None and previous in UNLESS_AFTER.get(word, _NONE):
            step = None
        if step is not None:
            if word in UNLESS_NEXT:
                pending = (step, found)
            else:
                found.add(step)
        elif word in CAUSE_WORDS:
            found = context
        previous = word
    if pending is not None:
        pending[1].add(pending[0])
    return (frozenset(named) if named else _NONE), (frozenset(context) if context else _NONE)
