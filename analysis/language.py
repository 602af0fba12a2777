"""Offline language check: is a comment English enough to score?

A comment is ``'en'`` when enough of its words are known English words (a vocabulary built
from the English training comments plus TextBlob's sentiment lexicon and a stop-word
list), ``'other'`` otherwise, and ``'empty'`` when it has no text at all. Comments with
no letters (numbers, emoji) count as ``'en'`` so emoji can be scored.
"""
from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path

from analysis.text import words

__all__ = ["NO_TEXT_MARKS", "STOP_WORDS", "detect_language", "english_vocabulary"]

VOCAB_PATH = Path(str(resources.files("analysis"))) / "data" / "english_vocab.txt"

_STOP = set(
    """a about above after again against all am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers herself him himself his how i if in into is it
its itself just me more most my myself no nor not now of off on once only or other our ours
ourselves out over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we were
what when where which while who whom why will with would you your yours yourself yourselves
ok okay thanks thank yes nothing everything everyone staff nurse doctor service""".split()
)
# Letters used by other European languages but (almost) never in English comments.
# (No IGNORECASE: with it, dotless "ı" would match a plain "i".)
_FOREIGN_LETTERS = re.compile(r"[ąćęłńśźżőűøåæßğşñõãçàèìòùâêîôûäöüëïÿœĄĆĘŁŃŚŹŻŐŰØÅÆĞŞÑÕÃÇÀÈÌÒÙÂÊÎÔÛÄÖÜËÏŸŒ]")
# Function words of the languages most often written in Latin script in England besides English
# (French, German, Spanish, Italian, Portuguese, Polish and Romanian without their accents),
# left out where they are also English words ("die", "war", "am", "no", "as", "do", "to").
# TextBlob's spelling list holds many of them, so known-word shares alone took whole French
# or Spanish sentences for English.
_FOREIGN_FUNCTION_WORDS = frozenset(
    """le la les des du et est etait était une pour pas tres très avec mais qui dans sur je nous
    vous elle ont ete été cette mon mes aux merci beaucoup der das und ist nicht sehr mit fur für
    ich wir sie ein eine auf aber auch viel dem sind wurde el los las es fue muy con por para
    pero que una del mi su gracias bueno muchas il lo gli che non per molto sono della grazie os
    uma nao não muito obrigado obrigada foi jest byl był bardzo sie się ze ale mnie nie si
    este foarte nu cu pentru nadie nada nunca siempre tambien también porque cuando donde
    estaba hay sin todo questo sempre anche perche perché tutto aussi suis sommes avoir etre
    être quando onde tambem também jestem bylo było tylko jeszcze przez dla sunt fost""".split()
)
_NON_LATIN = re.compile(r"[\u0370-\u03ff\u0400-\u04ff\u0590-\u06ff\u0900-\u0dff\u0e00-\u0eff"
                        r"\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
#: English function words (lower case), left out of the words shown as a theme's evidence
#: (the stop words above without the ones that carry meaning in feedback: "thanks", "staff").
STOP_WORDS = frozenset(_STOP) - frozenset(
    "ok okay thanks thank yes nothing everything everyone staff nurse doctor service".split()
)


@cache
def english_vocabulary() -> frozenset[str]:
    """Return the set of known English words (lower case).

    Notes
    -----
    Sources: ``analysis/data/english_vocab.txt`` (words used in at least two comments of
    the English NHS training data, built by ``python -m analysis.train``), TextBlob's
    sentiment lexicon and spelling word list (``en-spelling.txt``; MIT), and stop words.
    """
    vocab = set(_STOP)
    if VOCAB_PATH.exists():
        vocab.update(VOCAB_PATH.read_text(encoding="utf-8").split())
    from textblob.en import sentiment as pattern_sentiment

    vocab.update(w for w in pattern_sentiment if w.isalpha())
    spelling = Path(str(resources.files("textblob"))) / "en" / "en-spelling.txt"
    if spelling.exists():  # ~29k English words shipped with TextBlob (Gutenberg, BNC, Wiktionary)
        for line in spelling.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith(";"):
                vocab.add(line.split(" ", 1)[0].lower())
    return frozenset(vocab)


#: Cells that hold no comment but a spreadsheet's or a program's mark for one: Excel's error
#: values and the missing-value words pandas and databases write ("NaN", "NULL"). A tester's
#: "#VALUE!" and "NaN" were coded as gratitude with positive sentiment. ("N/A", "NA" and "None"
#: are not here: in the NEAS labelled comments they answer "what could be improved?" and are
#: labelled gratitude.)
NO_TEXT_MARKS = frozenset(
    {"nan", "null", "#value!", "#n/a", "#ref!", "#name?", "#div/0!", "#num!", "#null!", "#error!", "#spill!",
     # the NHS FFT exports behind the QDC-labelled data write it for a question left blank
     # (labelled "Labelling not possible"; analysis.datasets.PLACEHOLDER): 600 of the sample's 2,478 rows
     "did not answer"}
)


def _known_share(ws: list[str]) -> float:
    """The share of the words ``ws`` (at least one) that are known English words, a word with
    an apostrophe counting by its part before it ("staff's")."""
    vocab = english_vocabulary()
    return sum(w in vocab or w.split("'")[0] in vocab for w in ws) / len(ws)


def detect_language(text: str) -> str:
    """Return ``'en'``, ``'other'`` or ``'empty'`` for normalised ``text``.

    Parameters
    ----------
    text : str
        Normalised comment (see :func:`analysis.text.normalise`).

    Returns
    -------
    str
        ``'empty'`` for blank text and for a mark of a missing value alone
        (:data:`NO_TEXT_MARKS`, any case); ``'other'`` when the text is mostly in a non-Latin
        script, or has letters English does not use (ł, ñ, ß ...) and under 50% known
        English words (of its words of three letters or more, when it has any), or has 3+ words of which at least two, and more than its English
        stop words, are function words of French, German, Spanish, Italian, Portuguese,
        Polish or Romanian, or has 3+ words and under 34% known English words; else
        ``'en'`` (1-2 plain Latin words are too short to tell: English is the prior).

    Examples
    --------
    >>> detect_language("Obsługa była okropna")
    'other'
    >>> detect_language("Informacje po polsku o demencji i o zasiłkach.")
    'other'
    >>> detect_language("The crew were lovely")
    'en'
    >>> detect_language("#VALUE!"), detect_language("NaN"), detect_language("N/A")
    ('empty', 'empty', 'en')
    >>> detect_language("Did not answer"), detect_language("The GP did not answer")
    ('empty', 'en')
    >>> detect_language("Le personnel etait tres gentil mais le temps d attente etait trop long")
    'other'
    """
    if not text or text.strip().lower() in NO_TEXT_MARKS:
        return "empty"
    ws = words(text)
    if not ws:
        return "en"
    if _NON_LATIN.search(text) and sum(bool(_NON_LATIN.search(w)) for w in ws) * 2 >= len(ws):
        return "other"
    known = _known_share(ws)
    foreign = sum(w in _FOREIGN_FUNCTION_WORDS for w in ws)
    if len(ws) >= 3 and foreign >= 2 and foreign > sum(w in _STOP for w in ws):
        return "other"
    if _FOREIGN_LETTERS.search(text):
        # one- and two-letter words ("i", "o", "po", "na") are English words too often to
        # count: "Informacje po polsku o demencji i o zasiłkach" was half known
        longer = [w for w in ws if len(w) >= 3]
        return "other" if (_known_share(longer) if longer else known) < 0.5 else "en"
    if len(ws) <= 2:  # too short to tell without foreign letters: English is the prior
        return "en"
    return "other" if known < 0.34 else "en"
