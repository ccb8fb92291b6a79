"""Quote selectors anchor in their sources: ``oa:exact`` is the source's own text, positions agree."""

from __future__ import annotations

import pytest
from rdflib import RDF

from napkg.graph.build import build_graph
from napkg.graph.namespace import NAP, OA, PROV
from napkg.graph.edition.quotes import assembly
from napkg.graph.settings import DEFAULT_DATA_DIR

LETTER = (DEFAULT_DATA_DIR / "sources" / "progress-letter-2021-08-31.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def graph():
    return build_graph(DEFAULT_DATA_DIR)


def test_every_exact_quote_is_a_literal_substring_of_its_source(graph):
    exact = [str(o) for o in graph.objects(None, OA.exact)]
    assert len(exact) >= 73
    assert [q[:60] for q in exact if q not in LETTER] == []


def test_the_folded_form_stays_in_nap_text_and_is_assembled_from_the_literal_quote(graph):
    differing = 0
    for evidence in graph.subjects(RDF.type, NAP.Evidence):
        text = str(graph.value(evidence, NAP.text))
        exact = str(graph.value(_selector(graph, evidence), OA.exact))
        differing += exact != text
        assert assembly(text, exact) is not None, evidence
    assert differing >= 10  # quotes the extraction broke over lines or wrapped in <p> tags


def _selector(graph, record):
    target = graph.value(record, PROV.wasDerivedFrom)
    return next(s for s in graph.objects(target, OA.hasSelector) if (s, RDF.type, OA.TextQuoteSelector) in graph)


def test_each_quote_has_a_text_position_selector_pointing_at_the_same_text(graph):
    checked = 0
    for target in set(graph.subjects(OA.hasSelector, None)):
        selectors = list(graph.objects(target, OA.hasSelector))
        quote = next((s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in graph), None)
        position = next((s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in graph), None)
        if quote is None:
            continue
        assert position is not None
        start, end = int(graph.value(position, OA.start)), int(graph.value(position, OA.end))
        assert LETTER[start:end] == str(graph.value(quote, OA.exact))
        checked += 1
    assert checked >= 73
