"""Turn text into search terms: fold case and accents, split and join compounds, stem.

The same analysis runs on the documents when the index is built and on a phrase when it is
searched, so that "Anti-Corruption", "anticorruption" and "anti corruption" meet:

- case and accents are folded (``casefold`` and Unicode decomposition, so "Bakı" is "baki");
- a hyphenated word gives its parts *and* its joined form ("anti-corruption" gives "anti",
  "corruption" and "anticorruption"; an apostrophe joins as a hyphen does, "d'Alembert");
  a possessive "'s" is dropped;
- every word is stemmed with the Snowball stemmer of its text's language (PyStemmer), so
  "hotlines" is "hotline" and "organisations" meets "organizations" (see :data:`SPELLINGS`);
- stop words and question words are dropped from a phrase (never from a document), so
  "who is responsible for the ombudsman hotline?" searches "ombudsman" and "hotline".
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass

import Stemmer

__all__ = [
    "fold", "words", "Analyzer", "QueryWord", "STOP_WORDS", "QUESTION_WORDS", "SPELLINGS", "SPELLING_WORDS",
    "STEMMERS", "STEMS_KEPT", "KEPT_WORD_LETTERS",
]

STEMS_KEPT = 500_000
"""How many words' stems an analyser remembers (the texts' words first, then the queries'): past it,
a new word's stem is worked out each time it is asked, so queries cannot grow the memory."""

KEPT_WORD_LETTERS = 40
"""A word longer than this is stemmed each time, never remembered."""

STEMMERS = {
    "en": "english", "ru": "russian", "fr": "french", "es": "spanish", "de": "german", "pt": "portuguese",
    "it": "italian", "tr": "turkish", "az": "turkish", "nl": "dutch", "ro": "romanian", "hy": "armenian",
    "el": "greek", "ca": "catalan", "id": "indonesian", "sr": "serbian", "lt": "lithuanian", "hu": "hungarian",
    "fi": "finnish", "sv": "swedish", "da": "danish", "no": "norwegian", "cs": "czech", "pl": "polish",
    "ar": "arabic", "uk": "russian",
}
"""Language tag → Snowball algorithm. Azerbaijani uses the Turkish stemmer (a close agglutinative
relative: it strips the shared case and plural endings); a language not listed is not stemmed."""

STOP_WORDS = frozenset("""
a an the and or but nor of to in on at by for from with without into onto upon about as than then
is are was were be been being am do does did done doing has have had having will would shall should
can could may might must this that these those it its it's their there here they them we our you your
i me my he she his her not no so such very also any all some each every other which whose own
""".split())
"""English words too common to search by: a phrase drops them, the documents keep them."""

QUESTION_WORDS = frozenset("""
who whom what when where why how which whose responsible responsibility charge owns owner owners
implements implementing implementer implementers handles handling tell show find list please
""".split())
"""Words of a question ("who is responsible for …?") that say how a person asks, not what about."""

SPELLINGS = (
    ("isation", "ization"), ("isations", "izations"), ("ise", "ize"), ("ised", "ized"), ("ises", "izes"),
    ("ising", "izing"), ("yse", "yze"), ("ysed", "yzed"), ("yses", "yzes"), ("ysing", "yzing"),
    ("our", "or"), ("ours", "ors"), ("tre", "ter"), ("tres", "ters"), ("ogue", "og"), ("ogues", "ogs"),
    ("mme", "m"), ("mmes", "ms"),
)
"""British endings and their American forms; an English word is indexed and searched by its
American form ("organisation" = "organization", "centre" = "center", "programme" = "program")."""

SPELLING_WORDS = {
    "defence": "defense", "licence": "license", "offence": "offense", "practise": "practice",
    "practised": "practiced", "judgement": "judgment", "enrolment": "enrollment", "fulfil": "fulfill",
}
"""British words no ending rule covers, and their American forms."""

_WORD = re.compile(r"[^\W_]+(?:[-‐‑'’][^\W_]+)*")
_TOKEN = re.compile(r"[^\W_]+")
_COMPOUND = re.compile(r"[^\W_]+(?:[-‐‑'’][^\W_]+)+")
_JOINERS = re.compile(r"[-‐‑'’]")
_POSSESSIVE = re.compile(r"['’]s\b")
_SEPARATORS = str.maketrans({c: " " for c in string.punctuation + "“”‘’«»„–—‐‑…•·§№\u00a0\u2009\u202f"})
_AMERICAN = dict(SPELLINGS)
_ENDINGS = sorted(_AMERICAN, key=len, reverse=True)
_ANY_ENDING = tuple(_ENDINGS)


def fold(text: str) -> str:
    """``text`` in lower case without accents (Azerbaijani "ə" is "e", Turkish dotless "ı" is "i").

    >>> fold("Bakı Şəhər İcra Hakimiyyəti, Société Générale")
    'baki seher icra hakimiyyeti, societe generale'
    """
    text = text.casefold()
    if text.isascii():
        return text
    text = text.replace("ə", "e").replace("ı", "i").replace("ø", "o").replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _american(word: str) -> str:
    """The American spelling of a folded English word (the word itself if it has none).

    >>> [_american(w) for w in ("organisations", "centre", "behaviour", "programme", "hour", "defence")]
    ['organizations', 'center', 'behavior', 'program', 'hour', 'defense']
    """
    if word in SPELLING_WORDS:
        return SPELLING_WORDS[word]
    if not word.endswith(_ANY_ENDING):
        return word
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return word[: -len(ending)] + _AMERICAN[ending]
    return word


def words(text: str) -> list[str]:
    """The folded words of ``text``, hyphenated and apostrophe words kept whole.

    >>> words("The “161-Hotline” of the Prosecutor General's Office")
    ['the', '161-hotline', 'of', 'the', 'prosecutor', "general's", 'office']
    """
    return _WORD.findall(fold(text))


@dataclass(frozen=True)
class QueryWord:
    """One word of a phrase as typed, and the alternatives of terms any of which it matches.

    ``alternatives`` holds term sequences: a single term ("hotlin"), or the parts of a compound
    that must stand side by side (("anti", "corrupt")).
    """

    text: str
    alternatives: tuple[tuple[str, ...], ...]


class Analyzer:
    """Stems words in one language and remembers each word's stem (the same words recur).

    >>> en = Analyzer("en")
    >>> en.terms("Anti-Corruption hotlines of the Organisation")
    ['anti', 'corrupt', 'hotlin', 'of', 'the', 'organiz', 'anticorrupt']
    >>> [w.alternatives for w in en.phrase("Who owns the anti-corruption hotlines?")]
    [(('anticorrupt',), ('anti', 'corrupt')), (('hotlin',),)]
    """

    def __init__(self, language: str | None = "en") -> None:
        self.language = (language or "").split("-")[0].lower() or None
        algorithm = STEMMERS.get(self.language or "")
        self._stemmer = Stemmer.Stemmer(algorithm) if algorithm else None
        self._english = self.language == "en"
        self._stems: dict[str, str] = {}

    def stem(self, word: str) -> str:
        """The stem of one folded word."""
        stem = self._stems.get(word)
        if stem is None:
            base = _american(word) if self._english else word
            stem = self._stemmer.stemWord(base) if self._stemmer is not None else base
            if len(word) <= KEPT_WORD_LETTERS and len(self._stems) < STEMS_KEPT:
                self._stems[word] = stem
        return stem

    def terms(self, text: str) -> list[str]:
        """The index terms of a document's text, in order; the joined forms of its compounds come last."""
        folded = fold(text)
        if "'" in folded or "’" in folded:
            folded = _POSSESSIVE.sub("", folded)
        tokens = folded.translate(_SEPARATORS).split()
        if not folded.isascii():  # a symbol the table does not list still separates words
            tokens = [t for token in tokens for t in _TOKEN.findall(token)]
        if "-" in folded or "'" in folded or "’" in folded or "‐" in folded or "‑" in folded:
            tokens += [_JOINERS.sub("", compound) for compound in _COMPOUND.findall(folded)]
        stems = self._stems
        return [stems[t] if t in stems else self.stem(t) for t in tokens]

    def phrase(self, text: str) -> list[QueryWord]:
        """The words of a phrase that say what it is about, each with the terms it may match.

        Stop words and question words are dropped.
        """
        typed = list(dict.fromkeys(words(text)))
        telling = [w for w in typed if _POSSESSIVE.sub("", w) not in _IGNORED]
        return [self._query_word(w) for w in telling]

    def _query_word(self, word: str) -> QueryWord:
        parts = [p for p in _JOINERS.split(_POSSESSIVE.sub("", word)) if p]
        if len(parts) > 1:
            alternatives = ((self.stem("".join(parts)),), tuple(self.stem(p) for p in parts))
        else:
            alternatives = ((self.stem(parts[0]),),) if parts else ()
        return QueryWord(word, alternatives)


_IGNORED = STOP_WORDS | QUESTION_WORDS
