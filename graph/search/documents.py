"""What the search engine takes in and gives back: documents, hits, and a result that explains itself.

Documents are plain records, so the engine knows nothing of RDF or of the catalogue: an
:class:`ActivityDoc` holds an activity's key, plan, language and texts, a :class:`BodyDoc` a
body's key, country, names and whether it is a unit of another body. :func:`activity_docs` and
:func:`body_docs` make them from a loaded data edition.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from napkg.graph.edition import Edition

__all__ = ["ActivityDoc", "BodyDoc", "Hit", "Hits", "activity_docs", "body_docs", "LANGUAGE_NAMES"]

LANGUAGE_NAMES = {
    "en": "English", "ru": "Russian", "az": "Azerbaijani", "fr": "French", "es": "Spanish", "de": "German",
    "pt": "Portuguese", "it": "Italian", "tr": "Turkish", "uk": "Ukrainian", "hy": "Armenian", "ka": "Georgian",
    "ar": "Arabic", "nl": "Dutch", "ro": "Romanian",
}
"""Names of the languages a result may mention, by tag."""


@dataclass(frozen=True)
class ActivityDoc:
    """An activity as search sees it: its key (an IRI or ``plan/code``), plan, language and texts."""

    key: str
    plan: str
    title: str
    indicator: str | None = None
    evidence: tuple[str, ...] = ()
    language: str | None = "en"


@dataclass(frozen=True)
class BodyDoc:
    """A body as search sees it: its canonical name, aliases, and whether it is a unit of another."""

    key: str
    country: str
    name: str
    aliases: tuple[str, ...] = ()
    unit: bool = False
    language: str | None = "en"


@dataclass(frozen=True)
class Hit:
    """One document found: its key, its score (higher is better), the fields and terms that matched.

    ``terms`` maps each word of the phrase that matched to the index word it matched (the word
    itself, or the word a typo was read as, e.g. ``{"procurment": "procurement"}``).
    """

    key: str
    score: float
    fields: tuple[str, ...]
    terms: dict[str, str]


@dataclass(frozen=True)
class Hits:
    """A page of hits, best first, and what the engine made of the phrase.

    ``total`` counts every document that matched; ``ignored`` are the phrase's stop and
    question words; ``unmatched`` its words that matched nothing; when nothing matched,
    ``suggestions`` are the indexed words closest to the phrase's, ``language`` the language
    the phrase seems to be in (when it is not one of the texts'), and ``text_languages`` the
    languages the texts are in.
    """

    total: int
    hits: tuple[Hit, ...]
    words: tuple[str, ...] = ()
    ignored: tuple[str, ...] = ()
    unmatched: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    language: str | None = None
    text_languages: tuple[str, ...] = field(default=())

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    @property
    def keys(self) -> list[str]:
        """The hits' keys, best first."""
        return [h.key for h in self.hits]

    @property
    def message(self) -> str | None:
        """What to tell a person when nothing matched (None when something did).

        >>> Hits(0, (), words=("ligne",), language="fr", text_languages=("en",)).message
        'no match; the phrase looks French and the texts are in English'
        >>> Hits(0, (), words=("hotlnie",), suggestions=("hotline",), text_languages=("en",)).message
        "no match; did you mean 'hotline'?"
        """
        if self.total:
            return None
        if self.language is not None and self.language not in self.text_languages:
            return (f"no match; the phrase looks {LANGUAGE_NAMES.get(self.language, self.language)} "
                    f"and the texts are in {_names(self.text_languages)}")
        if not self.words:
            return "no match; the phrase has no word to search by, only stop words or question words"
        if self.suggestions:
            return "no match; did you mean " + " or ".join(repr(s) for s in self.suggestions[:3]) + "?"
        return f"no match; the texts are in {_names(self.text_languages)}"


def _names(languages: tuple[str, ...]) -> str:
    named = [LANGUAGE_NAMES.get(tag, tag) for tag in languages] or ["an unknown language"]
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]


def activity_docs(edition: Edition) -> list[ActivityDoc]:
    """The activities of every plan of ``edition``, with their evidence, keyed ``plan/code``."""
    docs = []
    for plan in edition.plans:
        evidence: dict[str, list[str]] = {}
        for report in plan.reports:
            for item in report.evidence:
                evidence.setdefault(item.activity, []).append(item.text)
        for activity in plan.activities:
            docs.append(ActivityDoc(f"{plan.id}/{activity.code}", plan.id, activity.title, activity.indicator,
                                    tuple(evidence.get(activity.code, ())), plan.language))
    return docs


def body_docs(edition: Edition) -> list[BodyDoc]:
    """The bodies of every plan of ``edition`` (each once per country), keyed by body id."""
    docs: dict[tuple[str, str], BodyDoc] = {}
    for plan in edition.plans:
        for body in plan.bodies:
            docs.setdefault((plan.country_code, body.id), BodyDoc(
                body.id, plan.country_code, body.name, tuple(body.aliases), body.parent is not None, plan.language))
    return list(docs.values())
