"""Guess the language of a short phrase, cheaply: by its script, its letters and its stop words.

A phrase of a few words is too short for a statistical model, but it nearly always holds a
word that gives its language away: a script (Cyrillic, Armenian, Georgian, Arabic, Greek), a
letter only some languages write ("ə" Azerbaijani, "ñ" Spanish, "œ" French), or a stop word
("qui", "quién", "kim", "və"). :func:`guess_language` scores each language by these and answers
only when one clearly beats English; it answers None for a phrase that gives nothing away.
"""

from __future__ import annotations

import re

__all__ = ["guess_language", "STOP_WORDS_BY_LANGUAGE"]

STOP_WORDS_BY_LANGUAGE = {
    "en": frozenset("""the a an of and or to in on for with by from who what which where when why how is are
        was were be does do did this that about responsible owns""".split()),
    "fr": frozenset("""le la les l d des du un une et ou est qui que qu quoi où pour dans sur par avec au aux ce
        cette ces sont pas quel quelle quels comment pourquoi responsable lutte contre ligne""".split()),
    "es": frozenset("""el la los las de del un una y o es quién quien qué que dónde donde para por con en sobre
        al lo se su sus cómo como está son responsable lucha contra línea""".split()),
    "az": frozenset("""və bu ilə üçün kim nə hansı necə harada niyə də bir olan ki daha qədər üzrə haqqında
        məsul edir olunur qaynar xətt nazirliyi korrupsiya mübarizə""".split()),
    "de": frozenset("""der die das und ist wer was wo wie für mit von zu den dem des nicht ein eine gegen
        zuständig""".split()),
    "pt": frozenset("""o os as um uma e é quem que onde para por com em sobre do da dos das não responsável""".split()),
    "it": frozenset("""il lo gli le un una e è chi che dove per con in su del della dei non responsabile""".split()),
    "tr": frozenset("""ve bu ile için kim ne hangi nasıl nerede neden da de bir olan ki daha kadar sorumlu""".split()),
}
"""Common words of each language, as typed (case-folded, accents kept)."""

_SCRIPTS = (
    ("uk", re.compile(r"[іїєґ]")), ("ru", re.compile(r"[\u0400-\u04ff]")), ("hy", re.compile(r"[\u0530-\u058f]")),
    ("ka", re.compile(r"[\u10a0-\u10ff]")), ("ar", re.compile(r"[\u0600-\u06ff]")), ("el", re.compile(r"[\u0370-\u03ff]")),
)
_LETTERS = {
    "az": re.compile(r"[əğış]"), "es": re.compile(r"[ñ¿¡]"), "fr": re.compile(r"[œèêëàâîûù]"),
    "de": re.compile(r"[äß]"), "pt": re.compile(r"[ãõ]"), "tr": re.compile(r"[ğış]"),
}
_WORD = re.compile(r"[^\W\d_]+")


def guess_language(phrase: str) -> str | None:
    """The language tag ``phrase`` seems to be in, or None when it looks English or gives nothing away.

    >>> [guess_language(p) for p in ("кто отвечает за горячую линию", "qui est responsable de la ligne",
    ...                              "quién es responsable de la línea", "korrupsiya ilə mübarizə",
    ...                              "who is responsible for the hotline", "hotline")]
    ['ru', 'fr', 'es', 'az', None, None]
    """
    text = phrase.casefold()
    for tag, script in _SCRIPTS:
        if script.search(text):
            return tag
    words = _WORD.findall(text)
    scores = {tag: sum(w in stop for w in words) for tag, stop in STOP_WORDS_BY_LANGUAGE.items()}
    for tag, letters in _LETTERS.items():
        scores[tag] += 2 * len(letters.findall(text))
    best = max(scores, key=lambda tag: scores[tag])
    if best == "en" or scores[best] <= scores["en"] or scores[best] < 1:
        return None
    if best == "tr" and scores["az"] == scores["tr"]:
        return "az"
    return best
