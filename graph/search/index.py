"""The search index: activities and bodies, found by the words of a phrase, ranked by BM25F.

Text is analysed in Python (:mod:`napkg.graph.search.analysis`: folding, compounds, Snowball
stems in each text's language), so one index serves plans in several languages; the terms'
postings and scores are numpy arrays (:mod:`napkg.graph.search.postings`). A phrase is
answered in three steps:

1. each word of the phrase is resolved to index terms: its stem; for a compound, its joined form
   or its parts side by side; for a word written without its hyphen, the two indexed words it
   splits into ("anticorruption" → "anti corruption"; parts match where a document holds them
   all); and, for a word of five letters or more
   that the index does not hold, the indexed words within one edit (two from eight letters up),
   found with rapidfuzz;
2. documents that match any word are ranked first by how many of the phrase's words they
   match, then by BM25F over the fields (activities: title 3, indicator 2, evidence 1; bodies:
   canonical name 3, alias 2, and a unit of another body counts half, so a body comes before
   its units);
3. a hit tells which fields and which words matched; when nothing matches, the result carries
   the closest indexed words and, for a phrase in another language, the texts' languages.

A phrase in a language none of the texts are in (:func:`~napkg.graph.search.language.guess_language`)
is searched without its own stop words and without typo guesses, and matches only if every
one of its words does: a cognate ("corruption") still finds, a sentence never half-matches.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from napkg.graph.errors import InvalidParameter
from napkg.graph.search.analysis import Analyzer, QueryWord, fold, words
from napkg.graph.search.documents import ActivityDoc, BodyDoc, Hit, Hits
from napkg.graph.search.language import STOP_WORDS_BY_LANGUAGE, guess_language
from napkg.graph.search.postings import Postings, PostingsBuilder

__all__ = ["SearchIndex", "MAX_WORDS", "TYPO_MIN_LETTERS", "ACTIVITY_FIELDS", "BODY_FIELDS", "READINGS"]

MAX_WORDS = 32
"""The most words a phrase may have (after stop words are dropped)."""

TYPO_MIN_LETTERS = 5
"""A word this long or longer that the index does not hold is read as a typo of the closest words."""

READINGS = 4096
"""How many phrases the index keeps read (words, terms, typos, suggestions), the oldest dropped first."""

ACTIVITY_FIELDS = (("title", 3.0), ("indicator", 2.0), ("evidence", 1.0))
BODY_FIELDS = (("name", 3.0), ("aliases", 2.0))
_UNIT_FACTOR = 0.5
_TYPO_KEEP = 3


@dataclass(frozen=True)
class _Resolved:
    """A phrase word and the index terms it stands for."""

    word: QueryWord
    options: tuple[tuple[tuple[str, ...], str], ...]  # (index terms side by side, how they read)


class _Table:
    """The documents of one kind: their keys, vocabulary, analysers and scored postings."""

    def __init__(self, fields: Sequence[tuple[str, float]]) -> None:
        self.fields = tuple(f for f, _ in fields)
        self._field_names = [tuple(name for i, name in enumerate(self.fields) if mask >> i & 1)
                             for mask in range(1 << len(self.fields))]
        self._builder: PostingsBuilder | None = PostingsBuilder([w for _, w in fields])
        self._sentences: dict[str | None, dict[str, list[int]]] = {}
        self._near: dict[tuple[int, int], list[str]] = {}
        self.postings: Postings | None = None
        self.keys: list[str] = []
        self.term_ids: dict[str, int] = {}
        self.frequency: dict[str, int] = {}
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

    def add(self, key: str, language: str | None, texts: Sequence[str]) -> None:
        """Index one document: its key, its texts' language and its texts, field by field."""
        assert self._builder is not None, "no document can be added after freeze()"
        self._builder.add([self._ids(language, text) if text else [] for text in texts])
        self.keys.append(key)

    def _ids(self, language: str | None, text: str) -> list[int]:
        """The term ids of ``text``, sentence by sentence: reports repeat their sentences, analysed once."""
        cache = self._sentences.get(language)
        if cache is None:
            cache = self._sentences[language] = {}
        terms, ids, found = self.analyzer(language).terms, self.term_ids, []
        for sentence in text.split(". "):
            known = cache.get(sentence)
            if known is None:
                known = cache[sentence] = [ids[t] if t in ids else ids.setdefault(t, len(ids)) for t in terms(sentence)]
            found += known
        return found

    def freeze(self) -> None:
        """Finish building: the postings, the indexed words by length (for typos), a readable word for every term."""
        assert self._builder is not None
        self.postings = self._builder.build(len(self.term_ids))
        self._builder, self._sentences = None, {}
        df = self.postings.df.tolist()
        self.frequency = {term: df[i] for term, i in self.term_ids.items()}
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

    # --- reading a phrase ---------------------------------------------------------------------
    def resolve(self, word: QueryWord, analyzer: Analyzer, *, fuzzy: bool) -> _Resolved | None:
        """The index terms ``word`` stands for, or None when it matches nothing."""
        options = [a for a in word.alternatives if all(t in self.frequency for t in a)]
        if not options:
            split = self._split(word, analyzer)
            options = [split] if split else []
        if not options and fuzzy and len(word.text) >= TYPO_MIN_LETTERS and len(word.alternatives) == 1:
            options = [(term,) for term in self.close_terms(word.text)]
        if not options:
            return None
        return _Resolved(word, tuple((o, self.readable(o, word.text)) for o in options))

    def resolve_all(self, phrase_words: Sequence[QueryWord], analyzer: Analyzer, *, fuzzy: bool) -> list[_Resolved]:
        """Every word of a phrase that matches something; two words typed apart also match their joined form."""
        found = {w.text: self.resolve(w, analyzer, fuzzy=fuzzy) for w in phrase_words}
        for first, second in zip(phrase_words, phrase_words[1:]):
            joined = analyzer.stem(first.text + second.text)
            if "-" in first.text + second.text or joined not in self.frequency:
                continue
            for word in (first, second):
                known = found[word.text]
                options = known.options if known is not None else ()
                found[word.text] = _Resolved(word, (*options, ((joined,), self.readable((joined,), first.text + second.text))))
        return [r for r in found.values() if r is not None]

    def readable(self, terms: Sequence[str], typed: str) -> str:
        """The indexed words ``terms`` stand for, as close to what was typed as the index has them."""
        if len(terms) == 1 and self.stem_of.get(typed) == terms[0]:
            return typed
        chosen = []
        for term in terms:
            found = process.extractOne(typed, self.words_of.get(term, [term]), scorer=fuzz.ratio)
            chosen.append(found[0] if found else term)
        return " ".join(chosen)

    def _split(self, word: QueryWord, analyzer: Analyzer) -> tuple[str, ...] | None:
        """A word typed without its hyphen, as two indexed words ("anticorruption" → anti, corrupt)."""
        if len(word.alternatives) != 1 or len(word.alternatives[0]) != 1 or "-" in word.text:
            return None
        text = word.text
        for cut in range(2, len(text) - 2):
            head, tail = text[:cut], analyzer.stem(text[cut:])
            if head in self.frequency and tail in self.frequency:
                return head, tail
        return None

    def close_terms(self, typed: str) -> list[str]:
        """The terms of the indexed words within one edit of ``typed`` (two from eight letters up), commonest first."""
        distance = 1 if len(typed) < 8 else 2
        candidates = self._near.get((len(typed), distance))
        if candidates is None:
            candidates = self._near[len(typed), distance] = [
                w for n in range(len(typed) - distance, len(typed) + distance + 1) for w in self.by_length.get(n, ())]
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
    def search(self, resolved: Sequence[_Resolved], *, allowed: np.ndarray | None, factor: np.ndarray | None,
               limit: int, offset: int) -> tuple[int, list[tuple[int, float]]]:
        """(how many match, [(document, score)] best first)."""
        assert self.postings is not None, "search after freeze()"
        words = [[tuple(self.term_ids[t] for t in option) for option, _ in r.options] for r in resolved]
        return self.postings.rank(words, allowed=allowed, factor=factor, limit=limit, offset=offset)

    def hits(self, rows: Sequence[tuple[int, float]], resolved: Sequence[_Resolved]) -> tuple[Hit, ...]:
        """The hits of ``rows`` ((document, score), in order): which fields and which of the phrase's words
        each matched."""
        assert self.postings is not None
        if not rows:
            return ()
        docs = np.fromiter((doc for doc, _ in rows), dtype=np.int32, count=len(rows))
        fields = np.zeros(len(rows), dtype=np.uint8)
        terms: list[dict[str, str]] = [{} for _ in rows]
        for r in resolved:
            for option, readable in r.options:
                masks = [self.postings.masks_of(self.term_ids[t], docs) for t in option]
                held = np.logical_and.reduce([m != 0 for m in masks])
                if not held.any():
                    continue
                fields |= np.where(held, np.bitwise_or.reduce(masks), 0).astype(np.uint8)
                for i in np.flatnonzero(held).tolist():
                    terms[i].setdefault(r.word.text, readable)
        names = self._field_names
        return tuple(Hit(self.keys[doc], round(score, 4), names[mask], matched)
                     for (doc, score), mask, matched in zip(rows, fields.tolist(), terms))


def _seen(languages: set[str], language: str | None) -> str | None:
    if language:
        languages.add(language)
    return language


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

    def __init__(self, activities: _Table, bodies: _Table, *, plans: Sequence[str], countries: Sequence[str],
                 units: Sequence[bool], languages: Iterable[str]) -> None:
        self._activities, self._bodies = activities, bodies
        self._plans = np.asarray(plans, dtype=object)
        self._countries = np.asarray(countries, dtype=object)
        self._unit_factor = np.where(np.asarray(units, dtype=bool), _UNIT_FACTOR, 1.0).astype(np.float32)
        self._lock = threading.Lock()
        self._readings: dict[tuple[bool, str], tuple[tuple[_Resolved, ...], dict, Hits | None]] = {}
        self.languages = tuple(sorted(set(languages))) or ("en",)
        """The languages of the texts (tags), as the documents say them."""

    @classmethod
    def build(cls, activities: Iterable[ActivityDoc], bodies: Iterable[BodyDoc]) -> SearchIndex:
        """Index ``activities`` and ``bodies`` in memory (the index keeps their keys, not the documents)."""
        languages: set[str] = set()
        plans: list[str] = []
        table = _Table(ACTIVITY_FIELDS)
        for doc in activities:
            table.add(doc.key, _seen(languages, doc.language), (doc.title, doc.indicator or "", "\n".join(doc.evidence)))
            plans.append(doc.plan)
        countries: list[str] = []
        units: list[bool] = []
        names = _Table(BODY_FIELDS)
        for body in bodies:
            names.add(body.key, _seen(languages, body.language), (body.name, "\n".join(body.aliases)))
            countries.append(body.country)
            units.append(body.unit)
        table.freeze()
        names.freeze()
        return cls(table, names, plans=plans, countries=countries, units=units, languages=languages)

    def __len__(self) -> int:
        return len(self._activities.keys)

    def activities(self, phrase: str, *, limit: int = 20, offset: int = 0,
                   plans: Collection[str] | None = None) -> Hits:
        """Activities matching ``phrase``, best first; ``plans`` keeps those of the given plan ids."""
        return self._search(self._activities, phrase, limit=limit, offset=offset, allowed=self._plan_mask(plans),
                            factor=None)

    def bodies(self, phrase: str, *, limit: int = 20, offset: int = 0,
               country: str | Collection[str] | None = None) -> Hits:
        """Bodies matching ``phrase``, best first: by canonical name, then alias; units after their body.

        ``country`` keeps the bodies of that country (or of any of several)."""
        return self._search(self._bodies, phrase, limit=limit, offset=offset, allowed=self._country_mask(country),
                            factor=self._unit_factor)

    def activity_positions(self, phrase: str, *, plans: Collection[str] | None = None) -> tuple[np.ndarray, Hits]:
        """Every activity matching any word of ``phrase``, as its position among the documents the index
        was built from (ascending), and the result without hits (its ``total``, ``message``, …)."""
        found, hits = self._match(self._activities, phrase, self._plan_mask(plans))
        return found, hits

    def body_ranking(self, phrase: str, *, country: str | Collection[str] | None = None) -> tuple[list[str], Hits]:
        """The keys of every body matching ``phrase``, best first, and the result without hits."""
        resolved, base, empty = self._read(self._bodies, phrase)
        if empty is not None:
            return [], empty
        total, rows = self._bodies.search(resolved, allowed=self._country_mask(country), factor=self._unit_factor,
                                          limit=len(self._bodies.keys), offset=0)
        return [self._bodies.keys[doc] for doc, _ in rows], Hits(total, (), **base)  # type: ignore[arg-type]

    def _plan_mask(self, plans: Collection[str] | None) -> np.ndarray | None:
        if plans is None:
            return None
        return np.isin(self._plans, list(plans)) if plans else np.zeros(len(self._plans), bool)

    def _country_mask(self, country: str | Collection[str] | None) -> np.ndarray | None:
        if country is None:
            return None
        if isinstance(country, str):
            return self._countries == country
        return np.isin(self._countries, list(country)) if country else np.zeros(len(self._countries), bool)

    def _match(self, table: _Table, phrase: str, allowed: np.ndarray | None) -> tuple[np.ndarray, Hits]:
        resolved, base, empty = self._read(table, phrase)
        if empty is not None:
            return np.zeros(0, dtype=np.int64), empty
        assert table.postings is not None
        words_ = [[tuple(table.term_ids[t] for t in option) for option, _ in r.options] for r in resolved]
        found = table.postings.matching(words_, allowed=allowed)
        return found, Hits(len(found), (), **base)  # type: ignore[arg-type]

    def _read(self, table: _Table, phrase: str) -> tuple[tuple[_Resolved, ...], dict, Hits | None]:
        """(the phrase's words resolved to index terms, what the result says of the phrase, the result if
        nothing can match); the last :data:`READINGS` phrases read are kept, as the index never changes."""
        key = (table is self._bodies, phrase)
        known = self._readings.get(key)
        if known is not None:
            return known
        reading = self._reading(table, phrase)
        with self._lock:
            if len(self._readings) >= READINGS:
                self._readings.pop(next(iter(self._readings)), None)
            self._readings[key] = reading
        return reading

    def _reading(self, table: _Table, phrase: str) -> tuple[tuple[_Resolved, ...], dict, Hits | None]:
        language = guess_language(phrase)
        foreign = language if language not in self.languages else None
        with self._lock:  # the analysers' caches are shared
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
            resolved = tuple(table.resolve_all(phrase_words, analyzer, fuzzy=foreign is None))
        unmatched = tuple(w.text for w in phrase_words if w.text not in {r.word.text for r in resolved})
        base = dict(words=tuple(w.text for w in phrase_words), ignored=ignored, unmatched=unmatched,
                    language=foreign, text_languages=self.languages)
        if not resolved or (foreign is not None and unmatched):
            suggestions = table.suggestions(phrase_words) if foreign is None else ()
            return resolved, base, Hits(0, (), suggestions=suggestions, **base)  # type: ignore[arg-type]
        return resolved, base, None

    def _search(self, table: _Table, phrase: str, *, limit: int, offset: int, allowed: np.ndarray | None,
                factor: np.ndarray | None) -> Hits:
        if limit < 0 or offset < 0:
            raise InvalidParameter(f"limit={limit}, offset={offset}: both must be 0 or more", parameter="limit",
                                   hint="page with limit=20&offset=0, then offset=20, …")
        resolved, base, empty = self._read(table, phrase)
        if empty is not None:
            return empty
        total, rows = table.search(resolved, allowed=allowed, factor=factor, limit=limit, offset=offset)
        return Hits(total, table.hits(rows, resolved), **base)  # type: ignore[arg-type]
