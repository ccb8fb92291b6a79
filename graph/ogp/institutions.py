"""Splitting an institution cell of the export into the names of bodies (:func:`split_institutions`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from napkg.graph.ogp.keywords import (ABBREVIATIONS, ARTICLES, BULLETS, COLLECTIVE_LEADS, CONJUNCTIONS, CONNECTORS, CONNECTOR_WORDS, FINITE_VERBS, HEADINGS, HEAD_ADJECTIVES, HEAD_PHRASES, HEAD_WORDS, LEGAL_SUFFIXES, NAMED_CIVIL_SOCIETY, NAMED_INTERNATIONAL, PORTFOLIO_HEADS, SHORT_HEADINGS)
from napkg.graph.ogp.text import (fold, initials_cover, is_acronym, is_null, name_key, strip_accents)
from napkg.graph.ogp.classify import is_collective
from napkg.graph.ogp.names import Skipped as _Skipped, classified as _classified, clean_name as _clean, head_words as _head_words, titled as _titled
from napkg.graph.ogp.units import ADDED, PARENT_MARK, expand_distributive, mark_units, unit_of

__all__ = ["Mention", "split_institutions"]


@dataclass(frozen=True)
class Mention:
    """One name found in an institution cell.

    ``name`` is the cleaned name, ``raw`` the text it was cut from, ``acronym`` an acronym the
    text gave for it, ``context`` the sector a heading before it stated (``public``,
    ``civil-society``, ``private``, ``international``, ``non-public`` or None), ``parent`` the
    body the text says it is a unit of, ``block`` the number of its group of names in the cell
    (a heading, a blank line, or a semicolon in a cell that also uses commas, starts a group).
    """

    name: str
    raw: str
    acronym: str | None = None
    context: str | None = None
    parent: str | None = None
    block: int = 0


_HEADING_RE = [(re.compile(p.replace(" ", r"\s+"), re.I), c) for p, c in HEADINGS]
_CONNECTOR_RE = re.compile(r"\s*,?\s*\b(?:" + "|".join(CONNECTORS) + r")\b\s*:?\s*", re.I)
_EMAIL = re.compile(r"[\w.+-]+\s*[@©]\s*[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?:\b(?:tel|phone|mob|mobile|email|e-mail)\s*[:.]?\s*)?\+?\d[\d\s\-/'()]{6,}\d")
_MARKER = "\x00"  # a hard separator, put where a heading stood
_CONTACT = "\x05"  # where an e-mail address stood: the names just before it are a person's
_HEAD_MARK = "\x01"  # heading context markers: \x01<context>\x01


def _protected(text: str) -> list[bool]:
    """For each character, whether it stands inside matched brackets or quotes (never split there)."""
    inside = [False] * len(text)
    stack: list[tuple[str, int]] = []
    pairs = {"(": ")", "[": "]", "“": "”", "«": "»", "„": "“"}
    spans = []
    for i, c in enumerate(text):
        if stack and c == pairs.get(stack[-1][0]) or (stack and c == '"' and stack[-1][0] == '"'):
            spans.append((stack.pop()[1], i))
        elif c in pairs or (c == '"' and not (stack and stack[-1][0] == '"')):
            stack.append((c, i))
        elif c in ")]”»" and stack:
            # a closer of another kind: close the innermost bracket it belongs to, if any
            for depth in range(len(stack) - 1, -1, -1):
                if pairs.get(stack[depth][0]) == c:
                    spans.append((stack[depth][1], i))
                    del stack[depth:]
                    break
    for start, end in spans:
        for i in range(start + 1, end):
            inside[i] = True
    return inside


def _spans_outside(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """The (start, end) spans of ``text`` between matches of ``pattern`` outside brackets and quotes."""
    inside = _protected(text)
    spans, start = [], 0
    for m in pattern.finditer(text):
        if m.start() == m.end() or inside[m.start()]:
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _split_outside(text: str, pattern: re.Pattern[str], *, keep: bool = False) -> list[str]:
    """Split ``text`` at matches of ``pattern`` that stand outside brackets and quotes."""
    inside = _protected(text)
    parts, start = [], 0
    for m in pattern.finditer(text):
        if m.start() == m.end() or inside[m.start()]:
            continue
        parts.append(text[start:m.start()])
        if keep:
            parts.append(m.group())
        start = m.end()
    parts.append(text[start:])
    return parts


def _normalise_cell(cell: str) -> str:
    text = cell.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ").replace("\u00a0", " ")
    text = re.sub(r"[\u200b\u200c\u200d\ufeff]", "", text)
    text = re.sub(f"[{re.escape(BULLETS)}]", "•", text)
    text = re.sub(r"(?:^|(?<=\s))[-–—](?=[A-Za-zÀ-ÿ])", "•", text, flags=re.M)
    text = re.sub(r"\|", "•", text)
    text = re.sub(r"\)(?=[A-Z][a-z])", ");", text)  # "(PMB)(authority ...)Central Finance ...": glued by a PDF copy
    text = re.sub(r"(?<=\S)\s+(?=(?:De la|Del|De los|De las)\s+[^•:;\n]{2,60}:)", " • ", text)  # "... Del Senado: •"
    members = r"\((?:such as|including|e\.g\.,?|like|namely|in particular|incl\.|como|tales como)\s+([^()]+)\)"
    # a bracketed list of members gives the members, without the umbrella it explains
    text = re.sub(r"(?:,\s*|\s+)(?:including|such as|incl\.)\s+[^,;•\n()]{0,60}?\s*" + members, r"; \1;", text)
    text = re.sub(r"\s*" + members, r"; \1;", text)
    text = _EMAIL.sub(";" + _CONTACT + ";", text)  # contact details stand between entries
    text = _PHONE.sub(";", text)
    text = re.sub(r"(?i)\b(?:tel|phone|email|e-mail)\s*:", " ", text)
    return text


def _mark_headings(text: str) -> str:
    """Replace headings with a hard separator carrying the sector they state."""
    for pattern, context in _HEADING_RE:
        text = pattern.sub(lambda _m, c=context: f"{_MARKER}{_HEAD_MARK}{c or ''}{_HEAD_MARK}{_MARKER}", text)
    return _MID_HEADING.sub(lambda m: f"{_MARKER}{_HEAD_MARK}"
                            f"{_SHORT_HEADINGS[fold(strip_accents(m.group(1))).casefold()] or ''}"
                            f"{_HEAD_MARK}{_MARKER}", text)


def _ends_with_connector(line: str) -> bool:
    words = line.rstrip().split()
    return bool(words) and words[-1].casefold() in CONNECTOR_WORDS


def _join_wrapped_lines(text: str) -> str:
    """Line breaks separate names, except where a name was wrapped over two lines.

    A line continues the one before when that one ends inside brackets or quotes, with a
    hyphenated word part, or with a connecting word ("of", "de", "and"); when it starts with a
    lower-case letter, a bracket or a digit; when the cell is a bulleted list and it has no
    bullet; or when the cell is wrapped prose (most lines hold commas inside them).
    """
    lines = [line.strip() for line in text.split("\n")]
    if len(lines) == 1:
        return lines[0]
    item = re.compile(r"^(?:[•\-–—*]|\d{1,2}[.)]\s|[a-z][.)]\s)")
    full = [line for line in lines[:-1] if line]
    inline = sum(bool(re.search(r"[,;]\s*\S", line)) and not re.search(r"[,;•]$", line) for line in full)
    wrapped = len(full) >= 2 and inline * 2 >= len(full) and any(not re.search(r"[,;:•.]$", l) for l in full)
    bulleted = sum(bool(item.match(line)) for line in lines if line) >= 2
    out = lines[0]
    for line in lines[1:]:
        if not line:
            out += "\n"
            continue
        prev = out.rstrip(" ")
        if not prev or prev.endswith("\n"):
            out = prev + line
            continue
        starts_item = bool(item.match(line))
        last_line = prev.rsplit("\n", 1)[-1]
        depth_open = last_line.count("(") > last_line.count(")") or last_line.count('"') % 2 == 1
        if not starts_item and re.search(r"[a-záéíóúñ]-$", prev) and line[:1].islower():
            out = prev[:-1] + line
        elif not starts_item and re.search(r"\w-$", prev):
            out = prev + line
        elif starts_item or re.search(r"[,;•:]$", prev):
            out = prev + "\n" + line
        elif depth_open or _ends_with_connector(prev) or re.match(r"^[a-z(\[)]|^\d+(?![.)]\s)", line):
            out = prev + " " + line
        elif bulleted and not prev.endswith("."):
            out = prev + " " + line
        elif wrapped:
            out = prev + " " + line
        else:
            out = prev + "\n" + line
    return out


_TOP_SEPARATORS = re.compile(
    r"\n+|;|•|,|\s+(?:and|y|et|e)\s+(?=(?:all|other|others|otros|otras|todas|todos|autres|demas|demás)\b)"
    r"|(?:(?<=\s)|^)\d{1,2}[.)](?=\s+[A-ZÁÉÍÓÚÑ])"  # "1. Department ... 2. Bureau"
    r"|(?:(?<=\s)|^)[a-h]\)(?=\s+[A-Z])"
    r"|(?<=[\w)\]])\.(?=\s+[A-ZÁÉÍÓÚÑ\"“])"  # a full stop between clauses
)


def _split_top(text: str) -> list[tuple[str, str]]:
    """(segment, separator before it) at top-level separators, abbreviations and names mended."""
    pieces = _split_outside(text, _TOP_SEPARATORS, keep=True)
    segments: list[tuple[str, str]] = [(pieces[0], "")]
    for k in range(1, len(pieces), 2):
        sep, piece = pieces[k], pieces[k + 1]
        if sep.strip() == "." and not _full_stop_ends_clause(segments[-1][0]):
            segments[-1] = (segments[-1][0] + "." + piece, segments[-1][1])
            continue
        segments.append((piece, sep))
    return _rejoin(segments)


def _full_stop_ends_clause(before: str) -> bool:
    words = before.rstrip().split()
    if not words:
        return False
    last = words[-1].casefold().rstrip(".")
    if last in ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
        return False
    return not re.search(r"\b[A-Z]\.[A-Z]$", words[-1])


def _starts_new_body(clause: str) -> bool:
    """Whether a clause after "and" begins with a head word (after an article and adjectives)."""
    words = re.findall(r"[\w'’-]+", clause)
    while words and words[0].casefold() in ARTICLES:
        words = words[1:]
    if not words or not words[0][:1].isupper():
        return False
    lowered = " ".join(w.casefold() for w in words[:3])
    if any(lowered.startswith(p) for p in HEAD_PHRASES):
        return True
    for k, w in enumerate(words[:3]):
        lw = w.casefold()
        if lw in _NEEDS_COMPLEMENT:
            return len(words) > k + 1 and words[k + 1].casefold() in ("of", "de", "del", "do", "du", "da")
        if lw in HEAD_WORDS and lw not in ("public", "state", "general"):
            return True
        if lw not in HEAD_ADJECTIVES or k == 2:
            return False
    return False


#: Heads that open a new body after "and" only with a complement ("and Government of Georgia", not
#: "Comisión de Transparencia y Gobierno Electrónico").
_NEEDS_COMPLEMENT = frozenset({"government", "gobierno", "governo", "gouvernement", "administration", "administración",
                               "service", "servicio", "services", "servicios", "programme", "program", "programa"})


def _rejoin(segments: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Undo comma splits inside names: portfolio lists and legal-form suffixes. Separators are
    kept as written, so a mended name is a stretch of the cell; the result gives each segment
    with the kind of separator before it (``,``, ``;``, ``•``, a line break ``\\n``, ...)."""
    out = _rejoin_raw(segments)
    return [(text, ("\n\n" if sep.count("\n") >= 2 else "\n") if "\n" in sep else (sep.strip() or " "))
            for text, sep in out]


def _rejoin_raw(segments: list[tuple[str, str]]) -> list[tuple[str, str]]:
    segments = [(text, sep) for text, sep in segments]
    kinds = [sep.strip() for _, sep in segments]
    out: list[tuple[str, str]] = []
    k = 0
    while k < len(segments):
        text, sep = segments[k]
        kind = kinds[k]
        stripped = text.strip()
        if out and kind == "," and stripped.casefold().rstrip(".") in {s.rstrip(".") for s in LEGAL_SUFFIXES}:
            out[-1] = (out[-1][0] + sep + text, out[-1][1])
            k += 1
            continue
        if out and _continues(out[-1][0], stripped, kind):
            out[-1] = (out[-1][0] + sep + text, out[-1][1])
            k += 1
            continue
        if out and kind == "," and _is_adjective(out[-1][0].rsplit(",", 1)[-1]):
            out[-1] = (out[-1][0] + sep + text, out[-1][1])
            k += 1
            continue
        if out and kind == "," and _is_portfolio(out[-1][0]):
            run, j = [], k
            while j < len(segments) and kinds[j] == "," and _is_field(segments[j][0]):
                run.append(j)
                if re.search(rf"(?:^|\s)(?:{CONJUNCTIONS})\s", segments[j][0].strip()) or (
                        j + 1 < len(segments) and kinds[j + 1] in ("and", "y", "et", "e")):
                    break
                j += 1
            plural = bool(re.match(r"^(?:the\s+)?(?:ministries|ministerios|ministères|departments)\b",
                                   out[-1][0].strip(), re.I))
            last = segments[run[-1]][0] if run else ""
            closes = bool(run) and (re.search(rf"(?:^|\s)(?:{CONJUNCTIONS})\s", last.strip()) is not None
                                    or (run[-1] + 1 < len(segments) and kinds[run[-1] + 1] in ("and", "y", "et", "e")))
            if run and (closes or (plural and not (run[-1] + 1 < len(segments) and kinds[run[-1] + 1] == ","))):
                merged = out[-1][0] + "".join(segments[i][1] + segments[i][0] for i in run)
                out[-1] = (merged, out[-1][1])
                k = run[-1] + 1
                continue
        out.append((text, sep))
        k += 1
    return out


def _continues(previous: str, segment: str, kind: str) -> bool:
    """Whether a segment after a comma goes on with the name before it: a clause in lower case
    after a long description ("... working in areas of transparency, corruption and governance"),
    or "others who wish to take part" after a group."""
    if kind in ("and", "y", "et", "e"):
        return bool(re.match(r"^(?:other|others|otras|otros|autres)\s+(?:que|who|that|which|qui)\b", segment, re.I))
    if kind != ",":
        return False
    if re.match(r"^(?:consist(?:ed|ing|s) of|composed of|made up of|comprising|formed by)\b", segment, re.I):
        return True  # "Network for legal strengthening, consisted of 19 CSOs": a description of it
    words = previous.rsplit(":", 1)[-1].split()
    return (len(words) >= 4 and words[-1][:1].islower() and segment[:1].islower()
            and not re.match(r"^(?:the|a|an|la|el|los|las|le|les)\s", segment)
            and bool(re.search(r"\s(?:working|active|engaged|involved|in|on|of|for)\s", previous.rsplit(":", 1)[-1]))
            and not COLLECTIVE_LEADS.match(strip_accents(segment).casefold()))


def _is_adjective(text: str) -> bool:
    """A lone adjective before a comma that belongs with the next words ("Criminal, Misdemeanour
    and Petty Offense Courts"; "Religious, customary, traditional leaders")."""
    word = text.strip(" •-–—")
    return (" " not in word and "-" not in word and not is_acronym(word) and word.casefold() not in HEAD_WORDS
            and bool(re.search(r"(?:al|ous|ic|ive)$", word, re.I) or re.search(r"^[a-z]+ary$", word)))


def _is_portfolio(text: str) -> bool:
    """A name whose last words may be a list of fields: a ministry's, or a head word and a complement
    ("Parliamentary Committee on Legal, Constitutional and Parliamentary Affairs"). A name that
    already holds "and" has closed its list ("Ministry for Europe and Foreign Affairs, Partners ...")."""
    key = strip_accents(text).casefold().strip()
    key = re.sub(r"^(?:the|la|el)\s+", "", key)
    if re.search(rf"\s(?:{CONJUNCTIONS})\s", key) and not key.startswith(("ministries", "ministerios")):
        return False
    if any(key.startswith(h) for h in PORTFOLIO_HEADS):
        return True
    return bool(_head_words(text)) and bool(re.search(r"\s(?:of|for|on|de|del|para|in charge of)\s+\S+$", key))


def _is_field(text: str) -> bool:
    """A comma-separated word group that can be a field of a ministry's portfolio."""
    stripped = re.sub(rf"^(?:{CONJUNCTIONS})\s+", "", text.strip())
    stripped = re.sub(r"\s*\([^()]*\)\s*\.?$", "", stripped)
    words = stripped.split()
    if not stripped or len(words) > 8 or not stripped[:1].isupper():
        return False
    if _head_words(stripped) or is_acronym(stripped) or "(" in stripped or _classified(stripped):
        return False
    return not re.search(r"\s(?:for|in|to|at)\s", stripped)


_AND_RE = re.compile(rf"\s+(?:{CONJUNCTIONS})\s+")
_SLASH_RE = re.compile(r"\s*/\s*")
_DASH_RE = re.compile(r"(?<=\S)\s+[-–—]\s*(?=\S)|(?<=[\w)])[-–—]\s+(?=\S)")


def _split_and(text: str) -> list[str]:
    """Split "A and B" where both A and B are whole bodies; see :data:`HEAD_WORDS`.

    B is a new body when it opens with a head word ("... and the Ministry of Culture"), with a
    quantifier ("... and all other administrations"), or is an acronym after an acronym or a
    name that is not a ministry's ("Abriendo Datos e IPLEX"); or when both A and B end with a
    head word or an acronym in brackets ("Science Agency (DISR) & Digital Transformation Agency").
    A is a whole body when it holds a head word, is an acronym, a group or a known organisation.
    A trailing acronym whose letters are the initials of both sides keeps them together.
    """
    trailing = re.search(r"\(([^()]{2,16})\)\s*\.?$", text)
    if trailing and is_acronym(trailing.group(1)) and initials_cover(trailing.group(1), text[:trailing.start()]):
        return [text]
    inside = _protected(text)
    parts, start = [], 0
    for m in _AND_RE.finditer(text):
        if inside[m.start()]:
            continue
        left, right = text[start:m.start()].strip(), text[m.end():].strip()
        right_clause = _AND_RE.split(right, maxsplit=1)[0]
        if not left or not right:
            continue
        left_whole = bool(_head_words(left) or is_acronym(left) or _classified(left) or is_collective(left))
        first = right.split()[0]
        titled = _titled_body(right_clause)
        if titled and (re.match(r"^(?:the|la|el|le|les|los|las)\s", right_clause, re.I) and _titled(left)
                       or _named(left)):
            left_whole = True  # "Justice Canada and the Privy Council Office"
        new = (
            titled and (bool(re.match(r"^(?:the|la|el|le|les|los|las)\s", right_clause, re.I)) or _named(left))
        ) or (_group_of_bodies(left) and is_collective(right_clause) and len(right_clause.split()) >= 2
              and not FINITE_VERBS.search(right)) or (
            (_starts_new_body(right) and len(right_clause.split()) >= 2)
            or bool(COLLECTIVE_LEADS.match(strip_accents(right).casefold()))
            or (is_acronym(first) and len(first) >= 3 and (is_acronym(left.split()[-1]) or (
                len(left.split()) >= 2 and not _is_portfolio(left) and not _head_words(left))))
            or (_ends_with_head(left) and _ends_with_head(right_clause) and len(right_clause.split()) >= 2)
        )
        if re.match(r"^(?:other|others|otras|otros|autres)\s+(?:que|who|that|which|qui)\b", right, re.I):
            new = False  # "... y otras que deseen participar": more of the same group
        if new and (left_whole or is_acronym(first)):
            parts.append(text[start:m.start()])
            start = m.end()
    parts.append(text[start:])
    return parts


def _titled_body(text: str) -> bool:
    """A capitalised name of two words or more that ends with a head word ("the Privy Council Office")."""
    text = re.sub(r"^(?:the|la|el|le|les|los|las)\s+", "", text.strip(), flags=re.I)
    text = re.sub(r"\s*\([^()]*\)\s*$", "", text)
    words = re.findall(r"[\w'’-]+", text.casefold())
    return len(words) >= 2 and text[:1].isupper() and _titled(text) and words[-1] in HEAD_WORDS \
        and words[-1] not in _NEEDS_COMPLEMENT


def _named(text: str) -> bool:
    """A name the classifier knows ("Transparency International Australia")."""
    key = name_key(text)
    return any(re.search(p, key) for p in NAMED_CIVIL_SOCIETY + NAMED_INTERNATIONAL)


def _group_of_bodies(text: str) -> bool:
    """A group named by a plural of bodies ("unspecified NGOs"), which "and" may join to another group."""
    words = re.findall(r"[\w-]+", strip_accents(text).casefold())
    return is_collective(text) and bool(words) and words[-1] in _BODY_PLURALS


_BODY_PLURALS = frozenset({"ngos", "csos", "organisations", "organizations", "organizaciones", "institutions",
                           "bodies", "agencies", "ministries", "companies", "partners", "authorities",
                           "municipalities", "donors", "universities"})


def _ends_with_head(text: str) -> bool:
    text = re.sub(r"\s*\([^()]*\)\s*$", lambda m: " ()" if is_acronym(m.group().strip(" ()")) else "", text.strip())
    if text.endswith(" ()"):
        return True
    words = re.findall(r"[\w'’-]+", text.casefold())
    return bool(words) and words[-1] in HEAD_WORDS


def _name_like(text: str) -> bool:
    text = re.sub(r"\s*\([^()]{2,16}\)\s*$", "", text.strip())
    if re.match(r"^(?:city|town|region|province|district|village|municipality) of", text):
        return False  # "... - city ofPlovdiv": where the body is
    words = text.split()
    return len(words) >= 2 or (len(words) == 1 and (words[0].casefold() in HEAD_WORDS or is_acronym(words[0])))


def _split_pair(text: str, pattern: re.Pattern[str]) -> list[tuple[str, str | None]]:
    """Split at dashes or slashes between two names of two words or more; a lone acronym after a
    name is kept as that name's acronym (after an acronym it is another body). Returns (name,
    acronym) pairs, each name a stretch of the original text."""
    spans = [(s, e) for s, e in _spans_outside(text, pattern) if text[s:e].strip()]
    if len(spans) <= 1:
        return [(text, None)]
    pieces = [text[s:e].strip() for s, e in spans]
    if len(pieces) >= 3 and all(len(p.split()) <= 2 and all(w[:1].isupper() for w in p.split()) for p in pieces) \
            and sum(is_acronym(w) for p in pieces for w in p.split()) >= 2:
        return [(p, None) for p in pieces]  # "MITIC - STP CIRD - Civilab"
    out: list[tuple[int, int, str | None]] = []
    for start, end in spans:
        piece = text[start:end].strip()
        if out:
            previous = text[out[-1][0]:out[-1][1]].strip()
            if is_acronym(piece) and is_acronym(previous) and pattern is _SLASH_RE and len(piece) >= 3:
                out.append((start, end, None))
            elif is_acronym(piece) and out[-1][2] is None and not is_acronym(previous):
                out[-1] = (out[-1][0], out[-1][1], piece)
            elif not _name_like(piece) or not _name_like(previous) or (
                    text[out[-1][1]:out[-1][1] + 1] in ("-", "–")
                    and not _head_words(piece) and not is_acronym(piece) and not _classified(piece)):
                out[-1] = (out[-1][0], end, out[-1][2])
            else:
                out.append((start, end, None))
        else:
            out.append((start, end, None))
    return [(text[s:e].strip(), acronym) for s, e, acronym in out]


def _person_name(text: str) -> bool:
    """Two to four capitalised words with no head word and no known organisation: a person's name
    (said only of the names written beside an e-mail address)."""
    words = text.strip(" .,;•").split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() and not w.isupper() for w in words) \
        and not _head_words(text) and not _classified(text)


def _quoted_names(chunk: str) -> str:
    """A run of quoted names, each after its legal form ('Society "Latvian Civic Alliance" Public
    Policy Center "PROVIDUS" ...'), wrapped over lines: one name a quote."""
    if len(re.findall(r"\b[A-Z][\w-]*\s+[\"“][^\"”]+[\"”]", chunk)) < 2:
        return chunk
    text = " ".join(line.strip() for line in chunk.split("\n"))
    text = re.sub(r"([\"”])\s+(?=[A-ZÀ-Ý])", r"\1;", text)
    return re.sub(r"\)\s+(?=[A-Z][\w-]*\s+[\"“])", ");", text)


def _segments(cell: str) -> list[tuple[str, str | None, int]]:
    """(text, context, block) pieces of a cell after headings and top-level separators."""
    text = _mark_headings(_normalise_cell(cell))
    out: list[tuple[str, str | None, int]] = []
    context: str | None = None
    block = 0
    uses_commas = "," in text
    for chunk in text.split(_MARKER):
        parent_label: str | None = None
        if chunk.startswith(_HEAD_MARK) and chunk.endswith(_HEAD_MARK):
            context = chunk.strip(_HEAD_MARK) or None
            block += 1
            continue
        joined = _join_wrapped_lines(_quoted_names(chunk))
        joined = _AFTER_ACRONYM.sub(lambda m: m.group(1) + (";" if is_acronym(m.group(2)) else " "), joined)
        pieces = _split_top(expand_distributive(joined))
        for n, (piece, sep) in enumerate(pieces):
            if sep == "\n\n" or (sep == ";" and uses_commas):
                block += 1
            if _CONTACT in piece or n + 1 < len(pieces) and _CONTACT in pieces[n + 1][0] \
                    or n + 2 < len(pieces) and _CONTACT in pieces[n + 2][0] and is_acronym(pieces[n + 1][0].strip()):
                piece = piece.replace(_CONTACT, "")
                if _person_name(piece):
                    continue
            label = re.match(r"^\s*(?:De la|Del|De los|De las)\s+([^:]{2,60}):\s*$", piece)
            if label:
                parent_label = label.group(1).strip()
                continue
            if parent_label and piece.strip(" .•"):
                piece = parent_label + PARENT_MARK + piece.strip(" •")
            stripped = piece.strip(" .")
            label = fold(strip_accents(stripped)).casefold()
            heading = re.match(r"^([^:()]{2,60}?)\s*(?::|(?<=\w)-(?=\s))\s*(.*)$", stripped, re.S)
            if heading and fold(strip_accents(heading.group(1))).casefold() in _SHORT_HEADINGS:
                context = _SHORT_HEADINGS[fold(strip_accents(heading.group(1))).casefold()]
                stripped = heading.group(2)
            elif heading and heading.group(2).strip() and ":" in stripped:
                # "Organizaciones que conforman la Alianza ...: ACESSA": a label unless it names a body
                label_text = heading.group(1)
                if _head_words(label_text) and not is_collective(label_text):
                    out.append((label_text, context, block))
                stripped = heading.group(2)
            elif label in _LONE_HEADINGS and sep in ("", " ", "\n", "\n\n", "•") and n + 1 < len(pieces) \
                    and pieces[n + 1][1] in ("\n", "\n\n", "•"):
                context = _LONE_HEADINGS[label]
                block += 1
                continue
            if len(stripped.split()) > 12 and re.search(r"\S {2,}\S", stripped) \
                    and all(part.strip()[:1].isupper() for part in re.split(r" {2,}", stripped) if part.strip()):
                out += [(part, context, block) for part in re.split(r" {2,}", stripped) if part.strip()]
            elif stripped.strip():
                out.append((stripped, context, block))
    return mark_units(out)



_AFTER_ACRONYM = re.compile(r"(\(([^()]{2,16})\))[ \t]+(?=[A-ZÁÉÍÓÚÑ][\w’'-]*\s+[\w(])")


_SHORT_HEADINGS = {strip_accents(k).casefold(): v for k, v in SHORT_HEADINGS.items()}
_MID_HEADING = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(k) for k in sorted(SHORT_HEADINGS, key=len, reverse=True)
                               if len(k) >= 3 and k not in ("public", "institutions", "partners", "lead", "others",
                                                           "contact", "business"))
    + r")\s*(?::|[-–](?=\s))", re.I)
_LONE_HEADINGS = {k: v for k, v in _SHORT_HEADINGS.items() if k in (
    "government", "gobierno", "civil society", "sociedad civil", "private sector", "sector privado",
    "civil society / private sector", "academia", "state actors", "public sector")}
_LONE_HEADINGS["civil society / private sector"] = "non-public"


def split_institutions(cell: str | None, *, skipped: list[tuple[str, str]] | None = None) -> list[Mention]:
    """The bodies an institution cell names, in order, without repeats.

    Lists are split at line breaks, semicolons, commas, bullets, numbered items, full stops
    between clauses, connecting phrases ("in cooperation with") and "and" where both sides are
    whole names; never inside brackets or quotes. Headings ("CSOs, private sector,
    multilaterals, working groups") are dropped and give the sector of the names after them. A
    trailing acronym in brackets is kept apart. Persons, sentences and fillers are left out
    (and listed in ``skipped`` when given).

    >>> [m.name for m in split_institutions("Ministry of Justice and Public Security")]
    ['Ministry of Justice and Public Security']
    >>> [m.name for m in split_institutions("Ministry of Health and Ministry of Finance")]
    ['Ministry of Health', 'Ministry of Finance']
    >>> [(m.name, m.acronym) for m in split_institutions("Department of Public Expenditure and Reform (DPER).")]
    [('Department of Public Expenditure and Reform', 'DPER')]
    >>> [m.name for m in split_institutions("Ministry of Gender, Children and Social Protection, Ghana Audit Service")]
    ['Ministry of Gender, Children and Social Protection', 'Ghana Audit Service']
    >>> split_institutions("NA")
    []
    """
    if is_null(cell):
        return []
    assert cell is not None
    mentions: list[Mention] = []
    seen: set[str] = set()
    for text, context, block in _segments(cell):
        if context == "persons":
            if skipped is not None:
                skipped.append((fold(text), "listed under a heading of persons"))
            continue
        parent: str | None = None
        if PARENT_MARK in text:
            parent_text, text = text.split(PARENT_MARK, 1)
            parent = _parent_name(parent_text)
        for clause in _split_outside(text, _CONNECTOR_RE):
            for part, dash_acronym, dash_parent in _units(_split_pair(clause, _DASH_RE)):
                for piece, slash_acronym, slash_parent in _units(_split_pair(part, _SLASH_RE)):
                    for name_text in (t for clause_text in _split_and(piece) for t in _acronym_run(clause_text)):
                        cleaned = _clean(name_text)
                        if isinstance(cleaned, _Skipped):
                            if skipped is not None and cleaned.text.strip(" .,;:"):
                                skipped.append((fold(cleaned.text), cleaned.reason))
                            continue
                        name, acronym, inner_parent = cleaned
                        acronym = acronym or slash_acronym or dash_acronym
                        if acronym and name_key(acronym) == name_key(name):
                            acronym = None
                        of = inner_parent or slash_parent or dash_parent or parent
                        key = name_key(name) + "/" + name_key(of or "")
                        if key in seen or (is_acronym(name) and name_key(name) in seen):
                            continue  # a name, or an acronym the cell gave before, is kept once
                        seen.update({key, name_key(acronym)} if acronym else {key})
                        mentions.append(Mention(name=name, raw=fold(name_text.rsplit(ADDED, 1)[-1]), acronym=acronym,
                                                context=context,
                                                parent=of, block=block))
    return mentions


def _parent_name(text: str) -> str | None:
    cleaned = _clean(text)
    return None if isinstance(cleaned, _Skipped) else cleaned[0]


def _units(pairs: list[tuple[str, str | None]]) -> list[tuple[str, str | None, str | None]]:
    """(name, acronym, parent): a name written after a body it is a unit of becomes that unit."""
    out: list[tuple[str, str | None, str | None]] = []
    for name, acronym in pairs:
        if out and len(pairs) == 2 and unit_of(out[-1][0], name):
            out[-1] = (name, acronym, _parent_name(out[-1][0]))
        else:
            out.append((name, acronym, None))
    return out


def _acronym_run(text: str) -> list[str]:
    """Acronyms written one after another with spaces only ("STP CIRD") are as many names."""
    words = text.split()
    if len(words) >= 2 and all(is_acronym(w) and 3 <= len(w.strip(".,")) <= 8 and w.casefold() not in HEAD_WORDS
                               and w.casefold() not in HEAD_ADJECTIVES for w in words):
        return words
    return [text]
