"""The search index: activities and bodies in SQLite FTS5 tables, ranked by bm25 with field weights.

Text is analysed in Python (:mod:`napkg.graph.search.analysis`: folding, compounds, Snowball
stems in each text's language) and FTS5 stores the terms, so one index serves plans in several
languages. A phrase is answered in three steps:

1. each word of the phrase is resolved to index terms: its stem; for a compound, its joined form
   or its parts side by side; for a word written without its hyphen, the two indexed words it
   splits into ("anticorruption" → "anti corruption"); and, for a word of five letters or more
   that the index does not hold, the indexed words within one edit (two from eight letters up),
   found with rapidfuzz;
2. documents that match any word are ranked first by how many of the phrase's words they
   match, then by bm25 over the fields (activities: title 3, indicator 2, evidence 1; bodies:
   canonical name 3, alias 2, and a unit of another body counts half, so a body comes before
   its units);
3. a hit tells which fields and which words matched; when nothing matches, the result carries
   the closest indexed words and, for a phrase in another language, the texts' languages.

A phrase in a language none of the texts are in (:func:`~napkg.graph.search.language.guess_language`)
is searched without its own stop words and without typo guesses, and matches only if every
one of its words does: a cognate ("corruption") still finds, a sentence never half-matches.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from napkg.graph.errors import InvalidParameter
from napkg.graph.search.analysis import Analyzer, QueryWord, fold, words
from napkg.graph.search.documents import ActivityDoc, BodyDoc, Hit, Hits
from napkg.graph.search.language import STOP_WORDS_BY_LANGUAGE, guess_language

__all__ = ["SearchIndex", "MAX_WORDS", "TYPO_MIN_LETTERS", "ACTIVITY_FIELDS", "BODY_FIELDS"]

MAX_WORDS = 32
"""The most words a phrase may have (after stop words are dropped)."""

TYPO_MIN_LETTERS = 5
"""A word this long or longer that the index does not hold is read as a typo of the closest words."""

ACTIVITY_FIELDS = (("title", 3.0), ("indicator", 2.0), ("evidence", 1.0))
BODY_FIELDS = (("name", 3.0), ("aliases", 2.0))
_UNIT_FACTOR = 0.5
_TYPO_KEEP = 3


@dataclass(frozen=True)
class _Resolved:
    """A phrase word and the FTS5 expression of the index terms it stands for."""

    word: QueryWord
    expression: str
    options: tuple[tuple[tuple[str, ...], str], ...]  # (index terms side by side, how they read)


class _Table:
    """One FTS5 table of documents with weighted fields, its vocabulary and its analysers."""

    def __init__(self, db: sqlite3.Connection, name: str, fields: Sequence[tuple[str, float]],
                 extra: Sequence[str]) -> None:
        self.db, self.name = db, name
        self.fields = tuple(f for f, _ in fields)
        self.extra = tuple(extra)
        self.weights = ", ".join(str(w) for _, w in fields)
        columns = ", ".join([*self.fields, *(f"{c} UNINDEXED" for c in extra)])
        db.execute(f"CREATE VIRTUAL TABLE {name} USING fts5({columns}, tokenize='unicode61 remove_diacritics 0')")
        self.keys: list[str] = []
        self.frequency: Counter[str] = Counter()
        self.surface: dict[str, str] = {}
        self.analyzers: dict[str | None, Analyzer] = {}
        self.vocabulary: list[str] = []
        self.stem_of: dict[str, str] = {}
        self.words_of: dict[str, list[str]] = {}
        self.by_length: dict[int, list[str]] = {}

    def analyzer(self, language: str | None) -> Analyzer:
        found = self.analyzers.get(language)
        if found is None:
            found = self.analyzers[language] = Analyzer(language)
        return found

    def add(self, rows: Iterable[tuple[str, str | None, tuple[str, ...], tuple[object, ...]]]) -> None:
        """Index ``(key, language, texts by field, extra values)`` rows."""
        columns = ", ".join(["rowid", *self.fields, *self.extra])
        insert = f"INSERT INTO {self.name}({columns}) VALUES ({', '.join('?' * (1 + len(self.fields) + len(self.extra)))})"
        frequency = self.frequency
        batch: list[tuple[object, ...]] = []
        for key, language, texts, extra in rows:
            analyzer = self.analyzer(language)
            analysed = [" ".join(analyzer.terms(t)) for t in texts]
            frequency.update(set(" ".join(analysed).split()))
            batch.append((len(self.keys), *analysed, *extra))
            self.keys.append(key)
            if len(batch) >= 5000:
                self.db.executemany(insert, batch)
                batch = []
        if batch:
            self.db.executemany(insert, batch)

    def freeze(self) -> None:
        """Finish building: the indexed words by length (for typos) and a readable word for every term."""
        for analyzer in self.analyzers.values():
            for word, stem in analyzer._stems.items():
                if stem in self.frequency and word not in self.stem_of:
                    self.stem_of[word] = stem
                    self.words_of.setdefault(stem, []).append(word)
                    if stem not in self.surface or len(word) < len(self.surface[stem]):
                        self.surface[stem] = word
        self.vocabulary = sorted(self.stem_of)
        for word in self.vocabulary:
            self.by_length.setdefault(len(word), []).append(word)
        self.db.execute(f"INSERT INTO {self.name}({self.name}) VALUES ('optimize')")

    # --- reading a phrase ---------------------------------------------------------------------
    def resolve(self, word: QueryWord, *, fuzzy: bool) -> _Resolved | None:
        """The index terms ``word`` stands for, or None when it matches nothing."""
        options = [a for a in word.alternatives if all(t in self.frequency for t in a)]
        if not options:
            split = self._split(word)
            options = [split] if split else []
        if not options and fuzzy and len(word.text) >= TYPO_MIN_LETTERS and len(word.alternatives) == 1:
            options = [(term,) for term in self.close_terms(word.text)]
        if not options:
            return None
        readable = tuple((o, self.readable(o, word.text)) for o in options)
        return _Resolved(word, "(" + " OR ".join(_quoted(o) for o in options) + ")", readable)

    def readable(self, terms: Sequence[str], typed: str) -> str:
        """The indexed words ``terms`` stand for, as close to what was typed as the index has them."""
        if len(terms) == 1 and self.stem_of.get(typed) == terms[0]:
            return typed
        chosen = []
        for term in terms:
            found = process.extractOne(typed, self.words_of.get(term, [term]), scorer=fuzz.ratio)
            chosen.append(found[0] if found else term)
        return " ".join(chosen)

    def _split(self, word: QueryWord) -> tuple[str, ...] | None:
        """A word typed without its hyphen, as two indexed words ("anticorruption" → anti, corrupt)."""
        if len(word.alternatives) != 1 or len(word.alternatives[0]) != 1 or "-" in word.text:
            return None
        text = word.text
        analyzer = next(iter(self.analyzers.values()), None)
        if analyzer is None:
            return None
        for cut in range(2, len(text) - 2):
            head, tail = text[:cut], analyzer.stem(text[cut:])
            if head in self.frequency and tail in self.frequency:
                return head, tail
        return None

    def close_terms(self, typed: str) -> list[str]:
        """The terms of the indexed words within one edit of ``typed`` (two from eight letters up), commonest first."""
        distance = 1 if len(typed) < 8 else 2
        candidates = [w for n in range(len(typed) - distance, len(typed) + distance + 1) for w in self.by_length.get(n, ())]
        found = process.extract(typed, candidates, scorer=Levenshtein.distance, score_cutoff=distance, limit=20)
        stems = dict.fromkeys(self.stem_of[w] for w, _, _ in sorted(found, key=lambda f: f[1]))
        return sorted(stems, key=lambda t: -self.frequency[t])[:_TYPO_KEEP]

    def suggestions(self, phrase_words: Sequence[QueryWord], n: int = 5) -> tuple[str, ...]:
        """Readable indexed words closest to the phrase's words, best first."""
        found: dict[str, float] = {}
        for word in phrase_words:
            for match, score, _ in process.extract(word.text, self.vocabulary, scorer=fuzz.ratio, score_cutoff=70,
                                                   limit=n):
                surface = self.surface[self.stem_of[match]]
                found[surface] = max(found.get(surface, 0.0), score)
        return tuple(sorted(found, key=lambda s: -found[s])[:n])

    # --- ranking -------------------------------------------------------------------------------
    def search(self, resolved: Sequence[_Resolved], *, where: str, parameters: Sequence[object],
               limit: int, offset: int, unit_column: str | None = None) -> tuple[int, list[tuple[int, float, int]]]:
        """(how many match, [(rowid, relevance, words matched)] best first)."""
        anywhere = " OR ".join(r.expression for r in resolved)
        filters = f" AND {where}" if where else ""
        total = self.db.execute(f"SELECT count(*) FROM {self.name} WHERE {self.name} MATCH ?{filters}",
                                [anywhere, *parameters]).fetchone()[0]
        if not total:
            return 0, []
        coverage = " + ".join(f"(rowid IN (SELECT rowid FROM {self.name} WHERE {self.name} MATCH ?))"
                              for _ in resolved) if len(resolved) > 1 else "1"
        relevance = f"bm25({self.name}, {self.weights})"
        if unit_column:
            relevance = f"{relevance} * (CASE WHEN {unit_column} THEN {_UNIT_FACTOR} ELSE 1.0 END)"
        query = (f"SELECT rowid, -{relevance} AS relevance, {coverage} AS words FROM {self.name} "
                 f"WHERE {self.name} MATCH ?{filters} ORDER BY words DESC, relevance DESC, rowid LIMIT ? OFFSET ?")
        subqueries = [r.expression for r in resolved] if len(resolved) > 1 else []
        rows = self.db.execute(query, [*subqueries, anywhere, *parameters, limit, offset]).fetchall()
        return total, [(rowid, relevance, n) for rowid, relevance, n in rows]

    def analysed(self, rowids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        """The indexed terms of each field of the documents ``rowids``, as FTS5 holds them."""
        marks = ", ".join("?" * len(rowids))
        found = self.db.execute(f"SELECT rowid, {', '.join(self.fields)} FROM {self.name} WHERE rowid IN ({marks})",
                                list(rowids)).fetchall()
        return {row[0]: tuple(row[1:]) for row in found}


def _seen(languages: set[str], language: str | None) -> str | None:
    if language:
        languages.add(language)
    return language


def _quoted(terms: Sequence[str]) -> str:
    return '"' + " ".join(terms) + '"'


class SearchIndex:
    """Activities and bodies, searchable by phrases as people type them.

    >>> index = SearchIndex.build(
    ...     [ActivityDoc("a1", "p", "Creating a unified hotline for the Ombudsman"),
    ...      ActivityDoc("a2", "p", "Anti-corruption training", evidence=("A hotline was set up.",))],
    ...     [BodyDoc("pgo", "AZ", "Prosecutor General's Office"),
    ...      BodyDoc("acd", "AZ", "Anti-Corruption Directorate with the Prosecutor General", unit=True)])
    >>> index.activities("who runs the ombudsman hotlines?").keys
    ['a1', 'a2']
    >>> index.activities("anticorruption").keys, index.activities("trainnig").hits[0].terms
    (['a2'], {'trainnig': 'training'})
    >>> index.bodies("prosecutor").keys
    ['pgo', 'acd']
    >>> index.activities("горячая линия").message
    'no match; the phrase looks Russian and the texts are in English'
    """

    def __init__(self, db: sqlite3.Connection, activities: _Table, bodies: _Table, languages: Iterable[str]) -> None:
        self._db, self._activities, self._bodies = db, activities, bodies
        self._lock = threading.Lock()
        self.languages = tuple(sorted(set(languages))) or ("en",)
        """The languages of the texts (tags), as the documents say them."""

    @classmethod
    def build(cls, activities: Iterable[ActivityDoc], bodies: Iterable[BodyDoc]) -> SearchIndex:
        """Index ``activities`` and ``bodies`` in memory (the index keeps their keys, not the documents)."""
        languages: set[str] = set()
        db = sqlite3.connect(":memory:", check_same_thread=False)
        table = _Table(db, "activity", ACTIVITY_FIELDS, ["plan"])
        table.add((d.key, _seen(languages, d.language), (d.title, d.indicator or "", "\n".join(d.evidence)), (d.plan,))
                  for d in activities)
        names = _Table(db, "body", BODY_FIELDS, ["country", "unit"])
        names.add((d.key, _seen(languages, d.language), (d.name, "\n".join(d.aliases)), (d.country, int(d.unit)))
                  for d in bodies)
        with db:
            table.freeze()
            names.freeze()
        return cls(db, table, names, languages)

    def __len__(self) -> int:
        return len(self._activities.keys)

    def activities(self, phrase: str, *, limit: int = 20, offset: int = 0,
                   plans: Collection[str] | None = None) -> Hits:
        """Activities matching ``phrase``, best first; ``plans`` keeps those of the given plan ids."""
        where, parameters = "", []
        if plans is not None:
            where = f"plan IN ({', '.join('?' * len(plans))})" if plans else "0"
            parameters = list(plans)
        return self._search(self._activities, phrase, limit=limit, offset=offset, where=where,
                            parameters=parameters)

    def bodies(self, phrase: str, *, limit: int = 20, offset: int = 0, country: str | None = None) -> Hits:
        """Bodies matching ``phrase``, best first: by canonical name, then alias; units after their body."""
        where, parameters = ("country = ?", [country]) if country else ("", [])
        return self._search(self._bodies, phrase, limit=limit, offset=offset, where=where, parameters=parameters,
                            unit_column="unit")

    def _search(self, table: _Table, phrase: str, *, limit: int, offset: int, where: str, parameters: list[object],
                unit_column: str | None = None) -> Hits:
        if limit < 0 or offset < 0:
            raise InvalidParameter(f"limit={limit}, offset={offset}: both must be 0 or more", parameter="limit",
                                   hint="page with limit=20&offset=0, then offset=20, …")
        language = guess_language(phrase)
        foreign = language if language not in self.languages else None
        with self._lock:  # one connection; the analysers' caches are shared
            analyzer = table.analyzer(self.languages[0])
            phrase_words = analyzer.phrase(phrase)
            if foreign is not None:  # its own stop words say nothing either, and a typo guess would mislead
                stop = {fold(w) for w in STOP_WORDS_BY_LANGUAGE.get(foreign, ())}
                phrase_words = [w for w in phrase_words if w.text not in stop]
            typed = words(phrase)
            ignored = tuple(w for w in dict.fromkeys(typed) if w not in {q.text for q in phrase_words})
            if len(phrase_words) > MAX_WORDS:
                raise InvalidParameter(f"the phrase has {len(phrase_words)} words to search by; the most is {MAX_WORDS}",
                                       parameter="q", hint="search with fewer words: the most telling ones")
            resolved = [r for w in phrase_words if (r := table.resolve(w, fuzzy=foreign is None)) is not None]
            unmatched = tuple(w.text for w in phrase_words if w.text not in {r.word.text for r in resolved})
            base = dict(words=tuple(w.text for w in phrase_words), ignored=ignored, unmatched=unmatched,
                        language=foreign, text_languages=self.languages)
            if not resolved or (foreign is not None and unmatched):
                suggestions = table.suggestions(phrase_words) if foreign is None else ()
                return Hits(0, (), suggestions=suggestions, **base)
            total, rows = table.search(resolved, where=where, parameters=parameters, limit=limit, offset=offset,
                                       unit_column=unit_column)
            analysed = table.analysed([rowid for rowid, _, _ in rows])
            hits = tuple(self._hit(table, rowid, relevance, n, resolved, analysed[rowid]) for rowid, relevance, n in rows)
        return Hits(total, hits, **base)

    @staticmethod
    def _hit(table: _Table, rowid: int, relevance: float, matched: int, resolved: Sequence[_Resolved],
             fields: tuple[str, ...]) -> Hit:
        found_fields: list[str] = []
        found_terms: dict[str, str] = {}
        for name, text in zip(table.fields, fields):
            present = set(text.split())
            for r in resolved:
                for option, readable in r.options:
                    if all(t in present for t in option):
                        found_terms.setdefault(r.word.text, readable)
                        if name not in found_fields:
                            found_fields.append(name)
        score = matched + relevance / (1.0 + relevance) if relevance > 0 else float(matched)
        return Hit(table.keys[rowid], round(score, 4), tuple(found_fields), found_terms)
