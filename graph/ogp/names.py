"""Cleaning one name cut from an institution cell (:func:`clean_name`): qualifiers and fillers
dropped, the acronym and a bracketed parent or unit kept apart, and the text that is not a body's
name told apart: persons, posts, the public, sentences (unless they open with a body).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from napkg.graph.ogp.classify import is_collective
from napkg.graph.ogp.keywords import (CIVIL_SOCIETY_PATTERNS, COLLECTIVE_LEADS, CONNECTOR_WORDS, DROPPED_PHRASES, FINITE_VERBS, HEAD_WORDS, INTERNATIONAL_PATTERNS, LEADING_FILLERS, PERSON_MARKERS, PERSON_TITLES, PRIVATE_PATTERNS, SENTENCE_MARKERS)
from napkg.graph.ogp.text import fold, is_acronym, name_key, strip_accents
from napkg.graph.ogp.units import ADDED, body_of_post, is_post

__all__ = ["Skipped", "clean_name", "head_words", "classified", "titled"]


@dataclass(frozen=True)
class Skipped:
    """Text of a cell that is not a body's name, and why."""

    text: str
    reason: str


_LEADING_RE = re.compile(r"^(?:(?:" + "|".join(LEADING_FILLERS) + r")\s+)+", re.I)
_DROPPED_RE = re.compile("|".join(DROPPED_PHRASES), re.I)


def head_words(text: str) -> list[str]:
    """The words of a text that head a body's name (:data:`HEAD_WORDS`)."""
    return [w for w in re.findall(r"[\w'’-]+", text.casefold()) if w in HEAD_WORDS]


def classified(text: str) -> bool:
    """Whether a text names an international, civil-society or private organisation by its words."""
    key = name_key(text)
    return any(re.search(p, key) for p in INTERNATIONAL_PATTERNS + CIVIL_SOCIETY_PATTERNS + PRIVATE_PATTERNS)


def titled(text: str) -> bool:
    """Whether every word of a name that is not a short link word is capitalised."""
    words = re.findall(r"[\w'’-]+", text)
    return bool(words) and all(w[:1].isupper() or w.casefold() in CONNECTOR_WORDS for w in words)


def clean_name(raw: str) -> tuple[str, str | None, str | None] | Skipped:
    """A cleaned name, its acronym and the parent a bracket gives, or why the text is not a body's name."""
    if PERSON_MARKERS.search(fold(raw).strip(" -–•")) or _PERSONS.match(fold(raw).strip(" -–•")):
        return Skipped(raw, "names a person")
    if _THE_PUBLIC.search(raw):
        return Skipped(raw, "names the public, not a body")
    text = _DROPPED_RE.sub(" ", raw.replace(ADDED, " "))
    text = fold(text).strip(" \t\n.,;:-–—*•'\"")
    text = _LEADING_RE.sub("", text).strip(" .,;:-–—")
    before_all = re.match(r"^((?:transverse |cross-cutting |horizontal )?(?:commitment|applies|applicable|addressed|"
                          r"open)\b.*?)\b(?:to|for|with|of)\s+(?=(?:all|every|todas|todos|toutes|tous)\s)", text, re.I)
    if before_all and not head_words(before_all.group(1)):
        text = text[before_all.end():]  # "Transverse commitment to all Departments and Districts"
    bracket = re.match(r"^(.{4,}?)\s*\((?:the\s+)?([^()]{6,})\)\s*$", text, re.I)
    if bracket and _UNIT_IN_BRACKETS.match(bracket.group(2)):
        # "Secretariat of state ... (The general directorate for reforms ...)": the unit, of the body
        outer = clean_name(bracket.group(1))
        inner = clean_name(bracket.group(2))
        if not isinstance(outer, Skipped) and not isinstance(inner, Skipped):
            return inner[0][:1].upper() + inner[0][1:], inner[1], outer[0]
    if bracket and _PARENT_IN_BRACKETS.match(bracket.group(2)) and not head_words(bracket.group(1)).count("government"):
        # "Scottish Exchequer (Scottish Government)": the body, of the one in brackets
        outer = clean_name(bracket.group(1))
        if not isinstance(outer, Skipped):
            return outer[0], outer[1], fold(bracket.group(2))
    text = re.sub(r"^.*?\b(?:are|include|includes|including|such as|namely)\s*:?\s+(?=[A-Z\"“])", "", text)
    text = re.sub(r"^(?:the|The)\s+(?=\S)", "", text)
    text = re.sub(r"^(?:la|el|los|las)\s+(?=[A-ZÁÉÍÓÚ])", "", text)
    text = re.sub(r"\s+(?:including|such as|namely|incl\.?|e\.g\.?)\s*:?$", "", text, flags=re.I)
    if text.count("(") > text.count(")"):
        text = text[: text.rfind("(")].strip() if text.rfind("(") > 0 else text.replace("(", "")
    elif text.count(")") > text.count("("):
        text = text.replace(")", "")
    acronym = None
    while True:
        parens = list(re.finditer(r"\s*\(([^()]*)\)", text))
        if not parens:
            break
        for m in reversed(parens):
            inner = m.group(1).strip()
            if acronym is None and is_acronym(inner):
                acronym = inner.strip(" .")
            text = (text[: m.start()] + " " + text[m.end():]).strip()
    text = fold(re.sub(r"\s+([,.;:])", r"\1", text)).strip(" .,;:-–—'\"")
    if text.count('"') % 2:
        text = text.replace('"', "")
    if acronym is None:
        m = re.match(r"^(.{6,}?)\s*[-–—/,]\s*([A-Z][\w.&-]{1,14})$", text)
        if m and is_acronym(m.group(2)) and not is_acronym(m.group(1)):
            text, acronym = m.group(1).strip(), m.group(2)
    if not re.search(r"[^\W\d_]", text) or len(re.sub(r"[\W\d_]", "", text)) < 2:
        if acronym:
            text = acronym
        else:
            return Skipped(raw, "no name in it")
    lowered = strip_accents(text).casefold()
    words = text.split()
    if lowered.split()[0].rstrip(".") in PERSON_TITLES:
        return Skipped(raw, "names a person")
    post_body = body_of_post(text)
    if post_body:
        return post_body, acronym, None
    if is_post(text):
        return Skipped(raw, "a post, not a body")
    if ((len(words) >= 7 and SENTENCE_MARKERS.search(text)) or (len(words) >= 5 and FINITE_VERBS.search(text))) \
            and not (is_collective(text) and not FINITE_VERBS.search(text)):
        if is_acronym(words[0]) and len(words[0]) >= 3 and words[1][:1].isupper():
            return words[0].strip(".,"), None, None  # "IDSCS List of organizations consulted ..."
        subject = _subject(text)
        if subject:
            return subject, acronym, None
        return Skipped(raw, "a sentence, not a name")
    if len(words) > 20:
        return Skipped(raw, "too long to be a name")
    if lowered in ("others", "other", "otros", "otras", "autres", "partners", "etc", "and", "y", "ministry",
                   "ministerio", "department", "departamento", "agency", "agencia", "office", "oficina", "unit",
                   "secretariat", "secretaria", "institution", "institucion", "organisation", "organization"):
        return Skipped(raw, "too vague to be a body")
    return text, acronym, None


def _subject(sentence: str) -> str | None:
    """The body a sentence opens with ("All public bodies will be involved ...", "The Parliamentary
    Institute will consider ..."), or the whole of a group with a relative clause ("All authorities
    that can be subject to this process"); None if it opens otherwise."""
    verb = FINITE_VERBS.search(sentence)
    if not verb:
        return None
    before = sentence[:verb.start()].strip(" ,")
    relative = re.search(r"\s(?:that|which|who|que)$", before)
    if relative and is_collective(before):
        whole = sentence.strip(" .")  # a short group with its clause, or the group before a long clause
        return whole if len(whole.split()) <= 8 else re.sub(r"^(?:the|The)\s+", "", before[:relative.start()])
    before = re.sub(r"^(?:the|The)\s+", "", before)
    if not before or len(before.split()) > 8:
        return None
    if is_collective(before) and COLLECTIVE_LEADS.match(strip_accents(before).casefold()):
        return before
    if titled(before) and head_words(before) and before[:1].isupper():
        return before
    return None


#: Persons named as a group, not bodies ("experts and researchers in ...", "traditional leaders").
_PERSONS = re.compile(r"^(?:[\w-]+,?\s+){0,3}?(?:leaders|experts|researchers|specialists|consultants|individuals)\b"
                      r"(?!\s+(?:network|association|forum|council|group|organi[sz]ations?))", re.I)
_THE_PUBLIC = re.compile(r"\b(?:entire citizenry|citizenry|general public|public at large|the whole society)\b", re.I)
_UNIT_IN_BRACKETS = re.compile(r"^(?:the\s+)?(?:general\s+)?(?:directorate|department|division|unit|office|"
                               r"direccion|direction|departamento|unidad)\b", re.I)
_PARENT_IN_BRACKETS = re.compile(r"^(?:the\s+)?(?:[A-Z][\w-]+\s+)?(?:government|gobierno|ministry|ministerio)"
                                 r"(?:\s+of\s+[A-Z][\w ]+)?$")
