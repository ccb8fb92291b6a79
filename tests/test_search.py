"""The search engine's rules, one by one: what a phrase matches, how hits are ranked and explained."""

from __future__ import annotations

import pytest

from napkg.graph.errors import InvalidParameter
from napkg.graph.search import ActivityDoc, BodyDoc, SearchIndex, guess_language
from napkg.graph.search import analysis
from napkg.graph.search.analysis import Analyzer, fold


def _index(*activities: ActivityDoc, bodies: tuple[BodyDoc, ...] = ()) -> SearchIndex:
    return SearchIndex.build(activities, bodies)


def test_case_and_accents_are_folded() -> None:
    assert fold("Bakı ŞƏHƏR Société") == "baki seher societe"
    index = _index(ActivityDoc("a", "p", "Réunion at the Bakı office"))
    assert index.activities("REUNION baki").keys == ["a"]


@pytest.mark.parametrize("typed", ["anti-corruption", "anticorruption", "anti corruption", "Anti-Corruption"])
@pytest.mark.parametrize("text", ["Anti-corruption training", "Anticorruption training"])
def test_a_compound_is_found_however_it_is_written(typed: str, text: str) -> None:
    index = _index(ActivityDoc("a", "p", text), ActivityDoc("b", "p", "Training on ethics"))
    assert index.activities(typed).keys[0] == "a"


def test_plurals_and_forms_of_a_word_meet_by_stem() -> None:
    index = _index(ActivityDoc("a", "p", "Registering NGOs"), ActivityDoc("b", "p", "Creating a hotline"))
    assert index.activities("registered ngo").keys == ["a"]
    assert index.activities("hotlines").keys == ["b"]


def test_british_and_american_spellings_meet() -> None:
    index = _index(ActivityDoc("a", "p", "Civil society organizations and the call center"))
    assert index.activities("organisations").keys == ["a"]
    assert index.activities("centre").keys == ["a"]


def test_a_typo_is_forgiven_in_words_of_five_letters_or_more() -> None:
    index = _index(ActivityDoc("a", "p", "Public procurement portal"), ActivityDoc("b", "p", "A new law"))
    found = index.activities("procurment")
    assert found.keys == ["a"] and found.hits[0].terms == {"procurment": "procurement"}
    assert index.activities("lwa").total == 0  # too short to guess at: "law" or "low"?


def test_stop_words_and_question_words_are_ignored() -> None:
    index = _index(ActivityDoc("a", "p", "A unified hotline for the Ombudsman"),
                   ActivityDoc("b", "p", "Who is responsible for the budget"))
    found = index.activities("who is responsible for the ombudsman hotline?")
    assert found.keys == ["a"]
    assert found.words == ("ombudsman", "hotline")
    assert set(found.ignored) == {"who", "is", "responsible", "for", "the"}


def test_a_title_match_ranks_above_an_indicator_match_above_an_evidence_match() -> None:
    index = _index(ActivityDoc("evidence", "p", "Budget", evidence=("A hotline was opened.",)),
                   ActivityDoc("indicator", "p", "Budget", indicator="A hotline opened"),
                   ActivityDoc("title", "p", "A hotline opened"))
    found = index.activities("hotline")
    assert found.keys == ["title", "indicator", "evidence"]
    assert [h.fields for h in found] == [("title",), ("indicator",), ("evidence",)]


def test_matching_more_of_the_phrase_ranks_higher_than_matching_one_word_often() -> None:
    index = _index(ActivityDoc("one", "p", "Hotline hotline hotline", indicator="hotline"),
                   ActivityDoc("both", "p", "Ombudsman", evidence=("The hotline.",)))
    found = index.activities("ombudsman hotline")
    assert found.keys == ["both", "one"]
    assert found.hits[0].score > found.hits[1].score


def test_a_body_comes_before_its_units_and_a_name_before_an_alias() -> None:
    index = _index(bodies=(
        BodyDoc("unit", "AZ", "Directorate of the Prosecutor General", unit=True),
        BodyDoc("alias", "AZ", "Chief Office", aliases=("Prosecutor's Office",)),
        BodyDoc("name", "AZ", "Prosecutor General's Office"),
    ))
    assert index.bodies("prosecutor").keys == ["name", "alias", "unit"]


def test_filters_keep_the_plans_or_the_country_asked_for() -> None:
    index = _index(ActivityDoc("a1", "p1", "Hotline"), ActivityDoc("a2", "p2", "Hotline"),
                   bodies=(BodyDoc("x", "AZ", "Ministry of Justice"), BodyDoc("y", "GE", "Ministry of Justice")))
    assert index.activities("hotline", plans={"p2"}).keys == ["a2"]
    assert index.activities("hotline", plans=()).total == 0
    assert index.bodies("justice", country="GE").keys == ["y"]


def test_pages_add_up_to_the_whole_ranking() -> None:
    index = _index(*(ActivityDoc(f"a{i}", "p", "hotline " * (i + 1)) for i in range(7)))
    whole = index.activities("hotline", limit=10).keys
    paged = [k for offset in range(0, 7, 3) for k in index.activities("hotline", limit=3, offset=offset).keys]
    assert paged == whole and len(whole) == 7 and index.activities("hotline", limit=3).total == 7


def test_nothing_matched_says_so_with_the_closest_words() -> None:
    index = _index(ActivityDoc("a", "p", "A unified hotline"))
    found = index.activities("hotlnie")
    assert found.total == 0 and found.unmatched == ("hotlnie",)
    assert found.suggestions[0] == "hotline"
    assert found.message == "no match; did you mean 'hotline'?"


def test_a_phrase_of_stop_words_only_says_it_has_nothing_to_search_by() -> None:
    found = _index(ActivityDoc("a", "p", "Who is who")).activities("who is it?")
    assert found.total == 0 and found.message is not None and "no word to search by" in found.message


@pytest.mark.parametrize(("phrase", "language"), [
    ("кто отвечает за горячую линию", "ru"),
    ("хто відповідає за гарячу лінію", "uk"),
    ("korrupsiyaya qarşı mübarizə", "az"),
    ("qui est responsable de la ligne", "fr"),
    ("quién es responsable de la línea", "es"),
    ("who is responsible for the hotline", None),
    ("anti-corruption", None),
])
def test_the_language_of_a_phrase_is_told_by_script_letters_and_stop_words(phrase: str, language: str | None) -> None:
    assert guess_language(phrase) == language


def test_a_foreign_phrase_matches_only_if_every_word_does() -> None:
    index = _index(ActivityDoc("a", "p", "Fight against corruption"), ActivityDoc("b", "p", "Responses to letters"))
    assert index.activities("la lutte contre la corruption").keys == ["a"]  # a cognate
    found = index.activities("qui est responsable de la ligne")
    assert found.total == 0 and found.language == "fr"
    assert found.message == "no match; the phrase looks French and the texts are in English"


def test_texts_in_another_language_are_stemmed_in_it() -> None:
    index = _index(ActivityDoc("ru", "p", "Горячие линии омбудсмена", language="ru"))
    assert index.activities("горячая линия").keys == ["ru"]
    assert index.languages == ("ru",)


def test_analysis_keeps_a_compounds_parts_and_its_joined_form() -> None:
    assert Analyzer("en").terms("e-services") == ["e", "servic", "eservic"]


def test_a_bad_page_or_a_phrase_too_long_names_the_parameter() -> None:
    index = _index(ActivityDoc("a", "p", "Hotline"))
    with pytest.raises(InvalidParameter) as bad:
        index.activities("hotline", limit=-1)
    assert bad.value.parameter == "limit"
    with pytest.raises(InvalidParameter) as long:
        index.activities(" ".join(f"word{i}" for i in range(40)))
    assert long.value.parameter == "q"


def test_a_phrase_searched_again_answers_as_the_first_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("napkg.graph.search.index.READINGS", 2)
    index = _index(ActivityDoc("a", "p", "A unified hotline", evidence=("Training on procurement.",)),
                   bodies=(BodyDoc("pgo", "AZ", "Prosecutor General's Office"),))
    phrases = ["hotlines", "procurment training", "hotlnie", "prosecutor", "горячая линия"]
    first = [(index.activities(p), index.bodies(p), index.activity_positions(p)[1]) for p in phrases]
    assert len(index._readings) == 2
    assert [(index.activities(p), index.bodies(p), index.activity_positions(p)[1]) for p in reversed(phrases)] == first[::-1]


def test_an_analyser_remembers_a_bounded_number_of_stems(monkeypatch):
    monkeypatch.setattr(analysis, "STEMS_KEPT", 100)
    en = analysis.Analyzer("en")
    typed = ["registered" * 5] + [f"hotlines{i}x" for i in range(500)]
    assert [en.stem(w) for w in typed] == [analysis.Analyzer("en").stem(w) for w in typed]
    assert len(en._stems) == 100, "queries of new words do not grow the analyser past its bound"
    assert "registered" * 5 not in en._stems
    assert en.stem("hotlines") == "hotlin"
