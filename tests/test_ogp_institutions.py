"""Institution cells read as an analyst reads them: lists and single names, labels, units with their
parent, posts, umbrella groups, acronyms, merges within a country, and "unknown" sectors."""

from __future__ import annotations

import pytest

from napkg.graph.ogp import classify_body, split_institutions
from napkg.graph.ogp.classify import cell_language, sectors_from_neighbours
from napkg.graph.ogp.institutions import Mention
from napkg.graph.ogp.merge import BodyMention, merge_bodies


def _names(cell: str) -> list[str]:
    return [m.name for m in split_institutions(cell)]


SPLITS = [
    # lists versus single names with "and", "y", "&" or commas
    ("Justice Canada and the Privy Council Office", ["Justice Canada", "Privy Council Office"]),
    ("non-government organisations including Transparency International Australia and Tax Justice Network",
     ["Transparency International Australia", "Tax Justice Network"]),
    ("unspecified NGOs and international organisations", ["unspecified NGOs", "international organisations"]),
    ("National Gender and Equality Commission", ["National Gender and Equality Commission"]),
    ("Criminal, Misdemeanour and Petty Offense Courts 10 and 13", ["Criminal, Misdemeanour and Petty Offense Courts 10 and 13"]),
    ("Ministry of Finance and Economy, Ministry for Europe and Foreign Affairs, Partners for Change and Development in Albania",
     ["Ministry of Finance and Economy", "Ministry for Europe and Foreign Affairs",
      "Partners for Change and Development in Albania"]),
    ("Civil society organizations working in areas of government transparency, corruption and governance, research "
     "and analyses, Mongolian National Broadcaster- Radio and TV",
     ["Civil society organizations working in areas of government transparency, corruption and governance, research "
      "and analyses", "Mongolian National Broadcaster- Radio and TV"]),
    ("MITIC - STP CIRD - Civilab", ["MITIC", "STP", "CIRD", "Civilab"]),
    ('Society "Latvian Civic Alliance" Public Policy\n Center "PROVIDUS" Association "Public\n Participation Fund"',
     ["Society Latvian Civic Alliance", "Public Policy Center PROVIDUS", "Association Public Participation Fund"]),
    # a list that shares its head word
    ("Ministries of Communication, Finance, Justice", ["Ministry of Communication", "Ministry of Finance", "Ministry of Justice"]),
    ("Ministries of: - Finance - Industry, Commerce and Tourism - Ecological Transition",
     ["Ministry of Finance", "Ministry of Industry, Commerce and Tourism", "Ministry of Ecological Transition"]),
    # qualifiers that are not bodies
    ("Association for Legal Assistance to Consumers - city ofPlovdiv", ["Association for Legal Assistance to Consumers - city ofPlovdiv"]),
    ("Network for legal strengthening, consisted of 19 civil society organizations (CSOs), coordinated by the Foundation "
     "Open Society - Macedonia (FOSM)", ["Network for legal strengthening, consisted of 19 civil society organizations",
                                         "Foundation Open Society - Macedonia"]),
    # persons, posts, contacts and the public are not bodies; a minister stands for the ministry
    ("Foundation Open Society (FOSM) Ivona Stalevska, FOSM ivona.stalevska@fosm.mk", ["Foundation Open Society"]),
    ("Religious, customary, traditional leaders", []),
    ("experts and researchers in the field of openness development", []),
    ("Ministry of the Interior - Deputy Secretary General, Alternate Minister for Reform, State Chairman", ["Ministry of the Interior"]),
    ("Deputy Prime Minister and the Minister of Justice", ["Office of the Deputy Prime Minister", "Ministry of Justice"]),
    ("Public information for the entire citizenry", []),
    # sentences that open with a body, bracketed members, umbrella phrases
    ("All public bodies will be involved in implementation once the Bill is enacted", ["All public bodies"]),
    ("Members of the transparency team, including representatives of NPOs (such as the Israel Democracy Institute, the "
     "Movement for Quality Government and the Freedom of Information Movement)",
     ["Members of the transparency team", "Israel Democracy Institute", "Movement for Quality Government",
      "Freedom of Information Movement"]),
    ("Transverse commitment to all Departments and Districts.", ["all Departments and Districts"]),
    # labels and headings are not institutions
    ("Government • Municipal Chamber of Piracicaba • Federal Senate \n\nCivil Society • Parlametria",
     ["Municipal Chamber of Piracicaba", "Federal Senate", "Parlametria"]),
]


@pytest.mark.parametrize(("cell", "names"), SPLITS, ids=[c[:40] for c, _ in SPLITS])
def test_a_cell_gives_the_bodies_an_analyst_lists(cell, names):
    assert _names(cell) == names


UNITS = [
    ("Poder Legislativo – Cámara de Senadores", [("Cámara de Senadores", "Poder Legislativo")]),
    ("Ministry of Justice / Directorate for the Promotion of Good Governance",
     [("Directorate for the Promotion of Good Governance", "Ministry of Justice")]),
    ("Digital Inclusion Policy Team, Ministry of Science and ICT", [("Digital Inclusion Policy Team", "Ministry of Science and ICT")]),
    ("The Treasury, Corporations Branch, Markets Conduct and Digital Division",
     [("Corporations Branch", "Treasury"), ("Markets Conduct and Digital Division", "Treasury")]),
    ("Secretariat of state in charge of governance (The general directorate for reforms) and the Ministry of Finance",
     [("General directorate for reforms", "Secretariat of state in charge of governance"), ("Ministry of Finance", None)]),
    ("De la Cámara de Diputadas y Diputados: • Unidad de Transparencia • Departamento de Informática Del Senado: "
     "• Departamento de Informática",
     [("Unidad de Transparencia", "Cámara de Diputadas y Diputados"), ("Departamento de Informática", "Cámara de Diputadas y Diputados"),
      ("Departamento de Informática", "Senado")]),
    ("Cámara de Diputados de la Nación - Senado de la Nación", [("Cámara de Diputados de la Nación", None),
                                                                 ("Senado de la Nación", None)]),
    ("Ministerio de Justicia (MJ). Secretaría Nacional Anticorrupción (SENAC).",
     [("Ministerio de Justicia", None), ("Secretaría Nacional Anticorrupción", None)]),
]


@pytest.mark.parametrize(("cell", "units"), UNITS, ids=[c[:40] for c, _ in UNITS])
def test_a_unit_written_with_its_parent_is_one_body_of_that_parent(cell, units):
    assert [(m.name, m.parent) for m in split_institutions(cell)] == units


KINDS = [
    ("Institute for Research and Development Alternatives", None, "civil-society", "civil-society"),
    ("Katiba Institute", None, "civil-society", "civil-society"),
    ("Centre for Local Government Advocacy", None, "civil-society", "civil-society"),
    ("Human Rights Defenders Network", None, "civil-society", "civil-society"),
    ("National Institute of Statistics", None, "state-agency", "public"),
    ("Estonian Cooperation Assembly", None, "other", "unknown"),
    ("CIPA", None, "other", "unknown"),
    ("County Assemblies Forum", "public", "association", "public"),
    ("Empresa Hondureña de Telecomunicaciones", None, "state-owned-company", "public"),
    ("Agencia Francesa de Desarrollo", None, "international", "international"),
    ("PNG Media Council", None, "civil-society", "civil-society"),
    ("Universidade Federal de Alfenas", None, "public-legal-entity", "public"),
    ("Citizen Representatives Hurals", None, "collective", "public"),
    ("all concerned parties", None, "collective", "unknown"),
    ("Organizaciones de sociedad civil que participan en Gobierno Abierto", None, "collective", "civil-society"),
]


@pytest.mark.parametrize(("name", "context", "kind", "sector"), KINDS, ids=[k[0] for k in KINDS])
def test_kind_and_sector_come_from_the_name_or_are_unknown(name, context, kind, sector):
    assert classify_body(name, context) == (kind, sector)


def test_mp_is_the_prosecution_in_a_spanish_cell_and_members_of_parliament_in_english():
    cell = "Congreso Nacional (CN), TSC, MP por medio de la Fiscalía Especial"
    assert cell_language(cell) == "es"
    assert classify_body("MP", language=cell_language(cell)) == ("prosecution", "public")
    assert classify_body("MP", language=cell_language("MP and the Ministry of Finance"))[0] == "parliament"


def test_a_name_that_says_nothing_takes_the_sector_its_group_agrees_on():
    entries = [("civil-society", "civil-society", 0), ("other", "unknown", 0), ("ministry", "public", 1),
               ("civil-society", "civil-society", 1), ("other", "unknown", 1), ("other", "unknown", 2),
               ("other", "unknown", 2), ("other", "unknown", 2), ("civil-society", "civil-society", 2)]
    assert sectors_from_neighbours(entries) == [
        "civil-society", "civil-society", "public", "civil-society", "unknown", "unknown", "unknown", "unknown",
        "civil-society"]


def _bm(name: str, row: int, *, acronym: str | None = None, parent: str | None = None, kind: str = "state-agency",
        sector: str = "public") -> BodyMention:
    return BodyMention(Mention(name=name, raw=name, acronym=acronym, parent=parent), row, "Lead Institution", kind, sector)


def test_spellings_in_two_languages_with_the_same_acronym_are_one_body_with_its_merge_notes():
    bodies = merge_bodies([_bm("Unidad de Acceso a la Información Pública", 453, acronym="UAIP"),
                           _bm("Unit for Access to Public Information", 454, acronym="UAIP"),
                           _bm("UAIP", 454, kind="other", sector="unknown")], "Uruguay")
    assert len(bodies) == 1
    assert set(bodies[0].aliases) == {"Unit for Access to Public Information", "UAIP"}
    assert len(bodies[0].merge_notes) == 2 and "acronym UAIP" in bodies[0].merge_notes[0]


def test_an_acronym_merges_with_the_name_whose_initials_it_spells():
    bodies = merge_bodies([_bm("Governance Commission", 292, kind="commission"), _bm("GC", 292, kind="other",
                                                                                     sector="unknown")], "Liberia")
    assert [b.name for b in bodies] == ["Governance Commission"]
    assert "initials" in bodies[0].merge_notes[0]


def test_generic_unit_names_are_bodies_of_their_parent_not_of_the_country():
    bodies = merge_bodies([_bm("Cámara de Diputados", 14, kind="parliament"), _bm("Senado", 14, kind="parliament"),
                           _bm("Departamento de Informática", 14, parent="Cámara de Diputados"),
                           _bm("Departamento de Informática", 14, parent="Senado"),
                           _bm("Unidad de Transparencia", 20), _bm("Unidad de Transparencia", 21)], "Chile")
    units = {b.name: b.parent for b in bodies if b.name.startswith("Departamento")}
    assert units == {"Departamento de Informática (Cámara de Diputados)": "camara-de-diputados",
                     "Departamento de Informática (Senado)": "senado"}
    assert sum(b.name.startswith("Unidad de Transparencia") for b in bodies) == 2


def test_a_country_s_name_or_its_initials_after_of_do_not_make_another_body():
    bodies = merge_bodies([_bm("Ministry of Justice", 328, kind="ministry"),
                           _bm("Ministry of Justice of RM", 334, kind="ministry")], "North Macedonia")
    assert [b.name for b in bodies] == ["Ministry of Justice"] and bodies[0].merge_notes
