"""International organisations and foreign bodies belong to no plan's country, so every plan joins them."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from napkg.graph.build import build_dataset, build_graph, report_iri
from napkg.graph.namespace import ID, NAP
from napkg.graph.settings import DEFAULT_DATA_DIR

INT = "https://w3id.org/nap-kg/id/body/int/"


@pytest.fixture(scope="module")
def dataset():
    return build_dataset(DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def graph():
    return build_graph(DEFAULT_DATA_DIR)


@pytest.mark.parametrize("body", ["usaid", "open-government-partnership", "oecd", "council-of-europe", "cisco",
                                  "international-center-for-non-commercial-law"])
def test_an_international_or_foreign_body_is_minted_outside_any_country(graph, dataset, body):
    iri = URIRef(INT + body)
    assert (iri, NAP.slug, None) in graph
    assert (URIRef(f"https://w3id.org/nap-kg/id/body/az/{body}"), None, None) not in graph
    assert graph.value(iri, NAP.country) is None
    assert {str(g) for _, _, _, g in dataset.quads((iri, NAP.slug, None, None))} == {str(ID["bodies/int"])}


def test_a_national_body_stays_under_its_country_and_references_follow_the_body(graph):
    dataset = graph
    assert (URIRef("https://w3id.org/nap-kg/id/body/az/ministry-of-justice"), NAP.country, None) in dataset
    recommendation = URIRef(report_iri("az-progress-2021-08-31") + "/recommendation/csc-1")
    assert dataset.value(recommendation, NAP.issuedBy) == URIRef(INT + "criteria-and-standards-subcommittee")
    evidence = URIRef(report_iri("az-progress-2021-08-31") + "/evidence/8.2")
    assert URIRef(INT + "international-center-for-non-commercial-law") in set(dataset.objects(evidence, NAP.actor))
