"""Phrases as people type them, over the real edition: each finds what a reader means in the top three.

The rows were written from Azerbaijan's 2020-2022 plan (titles, indicators, the progress
letter's evidence and the bodies' names): plurals, typos, hyphens and their absence, British
and American spellings, questions, partial and reordered names.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from napkg.graph.edition import load_edition
from napkg.graph.search import SearchIndex, activity_docs, body_docs

DATA = Path(__file__).resolve().parents[1] / "data"
PLAN = "az-2020-2022"

ACTIVITY_PHRASES = [
    # (phrase as typed, activity code expected in the top three, what it tries)
    ("hotlines", "1.8", "plural of a title word"),
    ("hotline", "1.7", "singular"),
    ("anticorruption webinar", "1.5", "hyphen left out"),
    ("anti corruption e-learning", "1.5", "hyphen typed as a space"),
    ("anti-corruption trainings for businesses", "8.2", "hyphen and plural"),
    ("procurment", "2.11", "typo: letter left out"),
    ("procurement portal", "2.11", "two title words"),
    ("who is responsible for the ombudsman hotline?", "1.8", "a question"),
    ("161 hotline", "1.7", "a number of a compound apart"),
    ("call centre for utilities", "9.4", "British spelling"),
    ("utility call center", "9.4", "American spelling, singular"),
    ("money laundering risk assessment", "3.1", "several title words"),
    ("beneficial owners", "3.8", "a form of the word in the text"),
    ("financial declarations of officials", "1.4", "plural"),
    ("asset declaration", "1.4", "a word only the evidence has"),
    ("goverment bonds auction", "2.6", "typo: letter left out"),
    ("external debt", "2.7", "the evidence's word for the title's 'foreign'"),
    ("who publishes the draft state budget?", "2.1", "a question"),
    ("e-government infrastructure", "4.7", "hyphenated compound"),
    ("egovernment information system", "4.7", "compound written as one word"),
    ("electronic court", "4.8", "quoted name"),
    ("smart cities", "4.11", "plural of a quoted name"),
    ("electronic notary", "4.9", "quoted name"),
    ("registration of NGOs", "5.2", "abbreviation and plural"),
    ("grant contract registration", "5.3", "singular of the title's plural"),
    ("public councils in state bodies", "5.5", "title words"),
    ("open data section", "6.3", "title words"),
    ("access to information law", "6.1", "a law's name"),
    ("portal for municipalities", "7.4", "title"),
    ("municipal web pages", "7.3", "adjective for the noun"),
    ("shadow economy", "8.1", "title words"),
    ("ISO 37001", "8.3", "a standard's number"),
    ("anti-bribery management systems", "8.3", "hyphen"),
    ("ethical behaviour reports", "1.9", "British spelling"),
    ("cooperation with international organisations on anticorruption", "1.10", "British spelling and joined compound"),
    ("which body handles complaints about utility services?", "9.3", "a question"),
    ("corruption risks methodolgy", "1.1", "typo in a long word"),
    ("where are the Chamber of Accounts reports", "2.12", "a question with a body's name"),
    ("housing rights in unfinished buildings", "4.6", "a word the text says otherwise"),
    ("ASAN service index", "4.5", "an acronym"),
]

BODY_PHRASES = [
    # (phrase as typed, body id expected in the top three, what it tries)
    ("justice", "ministry-of-justice", "one word of the name"),
    ("prosecutor", "prosecutor-generals-office", "one word; units come after their body"),
    ("general prosecutors office", "prosecutor-generals-office", "alias, plural for possessive"),
    ("ombudsman", "commissioner-for-human-rights", "the word in brackets"),
    ("human rights commissioner", "commissioner-for-human-rights", "reordered"),
    ("finance ministry", "ministry-of-finance", "reordered"),
    ("Ministry of Labour", "ministry-of-labor-and-social-protection", "British spelling, partial"),
    ("anticorruption commission", "commission-on-combating-corruption", "alias, joined compound"),
    ("parliament", "milli-majlis", "a word of an alias"),
    ("milli majilis", "milli-majlis", "a misspelling the alias list holds"),
    ("customs", "state-customs-committee", "one word"),
    ("statistics committee", "state-statistics-committee", "partial"),
    ("financial monitoring", "financial-monitoring-service", "partial"),
    ("egovernment development centre", "e-government-development-center", "joined compound, British spelling"),
    ("azerishiq", "azerishig", "typo"),
    ("council of europe", "council-of-europe", "a body above its units"),
    ("NGO support agency", "agency-for-state-support-to-ngos", "partial, abbreviation"),
    ("transport ministry", "ministry-of-transport-communications-and-high-technologies", "partial"),
    ("cabinet", "cabinet-of-ministers", "one word"),
    ("central bank", "central-bank", "full name"),
]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    edition = load_edition(DATA)
    return SearchIndex.build(activity_docs(edition), body_docs(edition))


@pytest.mark.parametrize(("phrase", "code", "tries"), ACTIVITY_PHRASES, ids=[p for p, _, _ in ACTIVITY_PHRASES])
def test_activity_phrase_finds_its_activity_in_the_top_three(index: SearchIndex, phrase: str, code: str,
                                                             tries: str) -> None:
    top = index.activities(phrase, limit=3).keys
    assert f"{PLAN}/{code}" in top, f"{phrase!r} ({tries}): top three {top}"


@pytest.mark.parametrize(("phrase", "body", "tries"), BODY_PHRASES, ids=[p for p, _, _ in BODY_PHRASES])
def test_body_phrase_finds_its_body_in_the_top_three(index: SearchIndex, phrase: str, body: str, tries: str) -> None:
    top = index.bodies(phrase, limit=3).keys
    assert body in top, f"{phrase!r} ({tries}): top three {top}"


def test_the_table_is_large_enough_to_mean_something() -> None:
    assert len(ACTIVITY_PHRASES) + len(BODY_PHRASES) >= 30
    assert len({code for _, code, _ in ACTIVITY_PHRASES}) >= 30


@pytest.mark.parametrize(("phrase", "first"), [
    ("justice", "ministry-of-justice"),
    ("prosecutor", "prosecutor-generals-office"),
    ("ombudsman", "commissioner-for-human-rights"),
    ("council of europe", "council-of-europe"),
])
def test_the_main_body_comes_first(index: SearchIndex, phrase: str, first: str) -> None:
    assert index.bodies(phrase).keys[0] == first


@pytest.mark.parametrize("phrase", [
    "кто отвечает за горячую линию омбудсмена",
    "korrupsiyaya qarşı mübarizə üzrə qaynar xətt",
    "qui est responsable de la ligne d'assistance du médiateur",
    "¿quién es responsable de la contratación pública?",
])
def test_a_phrase_in_another_language_says_the_texts_are_in_english(index: SearchIndex, phrase: str) -> None:
    result = index.activities(phrase)
    assert result.total == 0
    assert result.message is not None and result.message.endswith("the texts are in English")
    assert result.language in {"ru", "az", "fr", "es"}
