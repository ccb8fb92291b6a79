"""Importing OGP's commitment export: every row, the counts, the roles, the statuses, the bodies, the provenance."""

from __future__ import annotations

import csv
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import SKOS

from napkg.cli import main
from napkg.graph.build import activity_iri, body_iri, plan_iri
from napkg.graph.edition import load_edition
from napkg.graph.errors import DataError
from napkg.graph.namespace import DCTERMS, FOAF, NAP, OA, PROV
from napkg.graph.ogp import (
    classify_body, commitment_code, convert, country_code, import_ogp, name_key, parse_date, split_institutions,
)
from napkg.graph.publish import build_and_check
from napkg.graph.settings import DEFAULT_DATA_DIR

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "ogp-commitments" / "ogp-commitments-sample.csv"
DATA = Path(__file__).resolve().parent / "data"
BAD_ROWS = DATA / "ogp-bad-rows.csv"
ODD_ROWS = DATA / "ogp-odd-rows.csv"

#: What the file's assessment values must become, written out here apart from the importer's tables.
COMPLETION = {
    "Not Started": NAP.NotStarted, "Limited": NAP.Limited, "Substantial": NAP.Substantial, "Complete": NAP.Complete,
    "ND": NAP.NoData, "NR": NAP.NotReviewed, "NA": NAP.NotApplicable, "Withdrawn": NAP.Withdrawn,
    "Unclear": NAP.Unclear,
}
IMPACT = {"None": NAP.ImpactNone, "Minor": NAP.ImpactMinor, "Moderate": NAP.ImpactModerate,
          "Transformative": NAP.ImpactTransformative, "ND": NAP.NoData, "NR": NAP.NotReviewed, "NA": NAP.NotApplicable}
OPEN_GOV = {"Worsens": NAP.OpenGovWorsened, "Did Not Change": NAP.OpenGovDidNotChange, "Marginal": NAP.OpenGovMarginal,
            "Major": NAP.OpenGovMajor, "Outstanding": NAP.OpenGovOutstanding, "ND": NAP.NoData, "NR": NAP.NotReviewed,
            "NA": NAP.NotApplicable, "No early results to report yet": NAP.NoEarlyResults}
GRADES = {NAP.NotStarted, NAP.Limited, NAP.Substantial, NAP.Complete}
NULLS = {"", "NA", "N/A", "ND", "NR", "Unclear", "See Action Plan"}


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """The file's records with their RFC 7111 row numbers (header = row 1)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(enumerate(csv.DictReader(handle), start=2))


def _fold(text: str) -> str:
    return " ".join(text.split())


def _letters(text: str) -> str:
    """Letters and digits only: a raw name stands in its cell once line wraps and hyphens are set aside."""
    return re.sub(r"[\W_]+", "", text).casefold()


@pytest.fixture(scope="module")
def sample() -> Path:
    if not SAMPLE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"the OGP sample is missing: {SAMPLE}")
        pytest.skip(f"the OGP sample is not beside the repository ({SAMPLE})")
    return SAMPLE


@pytest.fixture(scope="module")
def imported(sample, tmp_path_factory):
    out = tmp_path_factory.mktemp("ogp") / "imported"
    return import_ogp(sample, out)


@pytest.fixture(scope="module")
def edition(imported):
    return load_edition(imported.out_dir)


@pytest.fixture(scope="module")
def built(imported):
    return build_and_check(imported.out_dir)


@pytest.fixture(scope="module")
def activities(edition):
    """identifier -> (plan, activity)"""
    return {a.identifier: (p, a) for p in edition.plans for a in p.activities}


# ---------------------------------------------------------------------------
# The real sample
# ---------------------------------------------------------------------------


def test_every_row_of_the_sample_is_imported(sample, imported, activities):
    rows = _rows(sample)
    assert len(rows) == 453
    assert imported.report["bad_rows"] == []
    assert imported.report["imported"] == 453
    assert set(activities) == {r["Commitment Unique Identifier"] for _, r in rows}


def test_commitments_per_country_and_per_plan_equal_the_files(sample, edition):
    rows = [r for _, r in _rows(sample)]
    per_country = Counter(r["Country/Locality"] for r in rows)
    per_plan = Counter(r["Action Plan ID"] for r in rows)
    assert Counter({p.country_name: 0 for p in edition.plans}) + Counter(
        {name: sum(len(p.activities) for p in edition.plans if p.country_name == name)
         for name in {p.country_name for p in edition.plans}}) == per_country
    imported_plans = {p.id: len(p.activities) for p in edition.plans}
    assert imported_plans == {plan_id.lower().replace("_", "-"): n for plan_id, n in per_plan.items()}
    assert len(edition.plans) == len(per_plan) == 178


def test_each_commitment_keeps_its_ogp_identifiers_texts_and_plan(sample, activities):
    for number, row in _rows(sample):
        plan, activity = activities[row["Commitment Unique Identifier"]]
        assert activity.source.rows == (number, number)
        assert activity.url == row["URL"]
        assert activity.title == _fold(row["Commitment Title"])
        assert activity.code.split(" (")[0] == commitment_code(row["Commitment Number"])[0]
        assert plan.country_name == row["Country/Locality"]
        assert (plan.period.start, plan.period.end) == (int(row["Year Of Submission"]), int(row["Action Plan End Year"]))
        if row["Full Text"].strip() not in NULLS:
            assert activity.description and activity.description.split()[:5] == row["Full Text"].split()[:5]


def test_every_lead_institution_is_found(sample, activities, edition):
    bodies = {(p.country_code, b.id): b for p in edition.plans for b in p.bodies}
    for number, row in _rows(sample):
        plan, activity = activities[row["Commitment Unique Identifier"]]
        cell = row["Lead Institution"]
        assert activity.lead_text == (cell if cell.strip() else None)
        if cell.strip() in NULLS:
            assert activity.lead == (), number
            continue
        assert activity.lead, f"row {number}: no lead body found in {cell!r}"
        letters = _letters(cell)
        for body_id in activity.lead:
            body = bodies[(plan.country_code, body_id)]
            assert any(_letters(raw) in letters for raw in body.raw_names), (number, body.raw_names)


def test_statuses_are_mapped_as_the_file_says(sample, built):
    graph = built.graph
    for number, row in _rows(sample):
        plan_id = row["Action Plan ID"].lower().replace("_", "-")
        code = next(c for c in graph.objects(None, DCTERMS.identifier) if str(c) == row["Commitment Unique Identifier"])
        activity = graph.value(None, DCTERMS.identifier, code)
        assert graph.value(activity, NAP.plan) == plan_iri(plan_id)
        mid = COMPLETION[row["Completion (Progress Report)"]]
        end = COMPLETION[row["Completion (End Of Term)"]]
        assert graph.value(activity, NAP.completionMidTerm) == mid, number
        assert graph.value(activity, NAP.completionEndOfTerm) == end, number
        latest = end if end in GRADES else mid if mid in GRADES else None
        assert graph.value(activity, NAP.status) == latest, number
        assert graph.value(activity, NAP.potentialImpact) == IMPACT[row["Potential Impact"]], number
        assert graph.value(activity, NAP.didItOpenGovernment) == OPEN_GOV[row["Did It Open Government (Overall)"]], number


def test_assessment_values_are_skos_concepts_of_their_schemes(built):
    graph = built.graph
    for prop in (NAP.completionMidTerm, NAP.completionEndOfTerm, NAP.potentialImpact, NAP.didItOpenGovernment):
        for value in set(graph.objects(None, prop)):
            assert (value, RDF.type, SKOS.Concept) in graph, value
            assert graph.value(value, SKOS.inScheme) is not None, value


def test_the_graph_built_from_the_import_conforms_to_the_shapes(built):
    assert built.report.conforms, built.report.summary()
    assert len(built.edition.plans) == 178


def test_lead_and_supporting_bodies_are_implementers_with_their_role(built, activities):
    graph = built.graph
    plan, activity = activities["AL0002"]
    iri = activity_iri(plan.id, activity.code)
    council, agency = body_iri("AL", "council-of-ministers"), body_iri("AL", "national-agency-for-information-society")
    assert set(graph.objects(iri, NAP.ledBy)) == {council}
    assert set(graph.objects(iri, NAP.supportedBy)) == {agency}
    assert set(graph.objects(iri, NAP.implementedBy)) == {council, agency}
    roles = {(graph.value(a, PROV.agent), graph.value(a, PROV.hadRole)) for a in graph.objects(iri, PROV.qualifiedAssociation)}
    assert roles == {(council, NAP.LeadRole), (agency, NAP.SupportingRole)}
    assert graph.value(iri, NAP.leadText) == Literal("Council of Ministers")
    assert graph.value(iri, DCTERMS.identifier) == Literal("AL0002")
    assert graph.value(iri, FOAF.page) == URIRef("https://opengovpartnership.org/members/albania/commitments/al0002")


def test_bodies_are_scoped_to_their_country(built):
    graph = built.graph
    albania, ukraine = body_iri("AL", "ministry-of-justice"), body_iri("UA", "ministry-of-justice")
    assert albania != ukraine
    for iri, country in ((albania, "al"), (ukraine, "ua")):
        assert str(graph.value(iri, NAP.country)).endswith(f"/country/{country}")
        assert str(graph.value(iri, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))) == "Ministry of Justice"
    buenos_aires = [b for b in graph.subjects(NAP.country, URIRef("https://w3id.org/nap-kg/id/country/arba"))
                    if (b, RDF.type, NAP.Body) in graph]
    assert buenos_aires and all("/body/arba/" in str(b) for b in buenos_aires)


def test_a_body_named_in_several_plans_of_a_country_has_one_record(edition):
    records: dict[tuple[str, str], object] = {}
    for plan in edition.plans:
        for body in plan.bodies:
            key = (plan.country_code, body.id)
            seen = records.setdefault(key, body)
            assert seen == body or (seen.name, seen.kind, seen.sector, seen.aliases, seen.raw_names) == (
                body.name, body.kind, body.sector, body.aliases, body.raw_names), key
    # the Ministry of Justice of Ukraine is named by several Ukrainian plans, always as one body
    plans = {p.id for p in edition.plans for b in p.bodies if p.country_code == "UA" and b.id == "ministry-of-justice"}
    assert len(plans) >= 3


def test_spellings_are_merged_within_a_country_and_every_merge_is_recorded(edition):
    bodies = {(p.country_code, b.id): b for p in edition.plans for b in p.bodies}
    dper = bodies[("IE", "department-of-public-expenditure-and-reform")]
    assert "DPER" in dper.aliases
    assert "Department of Public Expenditure & Reform" in dper.aliases
    assert dper.merge_notes and all("merged into" in note for note in dper.merge_notes)
    for body in bodies.values():
        spellings = {a for a in body.aliases if " " in a}  # acronyms are aliases, not merges
        assert len(body.merge_notes) >= len(spellings), (body.id, body.aliases, body.merge_notes)


def test_every_record_cites_the_file_the_row_and_the_column(sample, edition, built):
    rows = dict(_rows(sample))
    for plan in edition.plans:
        assert plan.documents["export"].media_type == "text/csv"
        assert plan.source.column == "Action Plan ID"
        assert rows[plan.source.rows[0]]["Action Plan ID"].lower().replace("_", "-") == plan.id
        for body in plan.bodies:
            assert body.source.column in ("Lead Institution", "Supporting Institution(s)")
            cell = _letters(rows[body.source.rows[0]][body.source.column])
            assert any(_letters(raw) in cell for raw in body.raw_names), body.id
    graph = built.graph
    iri = body_iri("AL", "council-of-ministers")
    target = graph.value(iri, PROV.wasDerivedFrom)
    assert str(graph.value(target, OA.hasSource)).endswith("/source/ogp-commitments-sample.csv")
    selector = graph.value(target, OA.hasSelector)
    assert str(graph.value(selector, RDF.value)) == "row=2"
    assert str(graph.value(target, NAP.rawText)) == "column: Lead Institution"


def test_every_fact_of_a_commitment_traces_to_its_file_row_and_column(sample, built):
    """An activity's row selector and its document's column mappings name the cell of each fact."""
    query = """
    PREFIX nap: <https://w3id.org/nap-kg/ontology#>
    PREFIX dcterms: <http://purl.org/dc/terms/>
    PREFIX prov: <http://www.w3.org/ns/prov#>
    PREFIX oa: <http://www.w3.org/ns/oa#>
    PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
    SELECT ?title ?file ?row ?column WHERE {
      ?a dcterms:identifier "AL0002" ; dcterms:title ?title ; prov:wasDerivedFrom ?place .
      ?place oa:hasSource ?doc ; oa:hasSelector/rdf:value ?row .
      ?doc nap:sourceFile ?file ; nap:columnMapping [ nap:mapsTo dcterms:title ; nap:column ?column ] .
    }"""
    (row,) = list(built.graph.query(query))
    rows = dict(_rows(sample))
    number = int(str(row.row).removeprefix("row="))
    assert str(row.file).endswith("ogp-commitments-sample.csv")
    assert _fold(rows[number][str(row.column)]) == _fold(str(row.title))


def test_imported_texts_carry_no_language_tag_and_the_curated_plan_stays_english(built):
    graph = built.graph
    title = graph.value(plan_iri("ap-arg03"), DCTERMS.title)
    assert title.language is None
    curated = build_and_check(DEFAULT_DATA_DIR, shapes=False).graph
    assert curated.value(plan_iri("az-2020-2022"), DCTERMS.title).language == "en"


# ---------------------------------------------------------------------------
# Bad rows, odd rows, the command
# ---------------------------------------------------------------------------


def test_bad_rows_are_reported_with_their_row_number_and_skipped(tmp_path):
    result = import_ogp(BAD_ROWS, tmp_path / "out")
    bad = {b["row"]: b["problem"] for b in result.report["bad_rows"]}
    assert set(bad) == {3, 4, 5}
    assert "missing Commitment Unique Identifier" in bad[3]
    assert "duplicated Commitment Unique Identifier 'AL0001' (first at row 2)" in bad[4]
    assert "unparsable year" in bad[5] and "20l6" in bad[5]
    edition = load_edition(tmp_path / "out")
    assert sorted(a.identifier for p in edition.plans for a in p.activities) == ["AL0001", "AL0005", "UA0001"]
    assert (tmp_path / "out" / "import-report.json").exists()


def test_failing_on_bad_rows_writes_nothing_and_keeps_the_previous_output(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(DataError) as error:
        import_ogp(BAD_ROWS, out, on_bad_row="fail")
    assert "row 3" in str(error.value) and "row 4" in str(error.value) and "row 5" in str(error.value)
    assert not out.exists()
    import_ogp(BAD_ROWS, out)
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    with pytest.raises(DataError):
        import_ogp(BAD_ROWS, out, on_bad_row="fail")
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left behind


def test_the_import_will_not_replace_a_folder_that_is_not_an_import(tmp_path):
    precious = tmp_path / "data"
    (precious / "plans").mkdir(parents=True)
    with pytest.raises(DataError, match="not an earlier import"):
        import_ogp(BAD_ROWS, precious)
    assert (precious / "plans").is_dir()


def test_a_file_that_is_not_an_ogp_export_is_refused(tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(DataError, match="missing column"):
        import_ogp(other, tmp_path / "out")


def test_roles_gaps_and_bodies_on_the_small_fixture(tmp_path):
    result = import_ogp(BAD_ROWS, tmp_path / "out")
    graph = build_and_check(tmp_path / "out").graph
    al5 = activity_iri("ap-alb02", "5")
    assert graph.value(al5, NAP.completionMidTerm) == NAP.NotStarted
    assert graph.value(al5, NAP.completionEndOfTerm) == NAP.Unclear
    assert graph.value(al5, NAP.status) == NAP.NotStarted
    # one body of Albania for "Ministry of Justice" and "Ministry of Justice (MoJ)"; another of Ukraine
    assert set(graph.objects(al5, NAP.ledBy)) == {body_iri("AL", "ministry-of-justice")}
    assert set(graph.objects(activity_iri("ap-ukr01", "1"), NAP.ledBy)) == {body_iri("UA", "ministry-of-justice")}
    ti = body_iri("UA", "ngo-transparency-international-ukraine")
    assert graph.value(ti, NAP.sector) == NAP.CivilSociety
    assert result.report["bodies_per_sector"]["public"] >= 3


def test_odd_rows_of_the_format_are_read(tmp_path):
    conversion = convert(ODD_ROWS)
    assert conversion.bad_rows == ()
    plans = {p["id"]: p for p in conversion.plans}
    assert set(plans) == {"ap-arg01", "ap-arba01", "ap-xkx01"}
    assert plans["ap-arba01"]["country"] == {"code": "ARBA", "name": "Buenos Aires, Argentina"}
    assert plans["ap-xkx01"]["country"]["code"] == "XK"
    arg = plans["ap-arg01"]["activities"]
    assert [a["code"] for a in arg] == ["2.3 (AR0001)", "2.3 (AR0002)"]
    assert "floating-point artefact" in arg[0]["notes"] and "2 commitments" in arg[0]["notes"]
    assert "start_date" not in arg[0] and "could be day/month or month/day" in arg[0]["notes"]
    assert "period" not in arg[1] and "'Underway' is not a date" in arg[1]["notes"]
    assert arg[0]["assessments"]["did_it_open_government"] == "no-early-results"
    kosovo = plans["ap-xkx01"]["activities"][0]
    assert kosovo["code"] == "XK0001" and "no commitment number" in kosovo["notes"]
    assert kosovo["assessments"] == {"completion_mid_term": "withdrawn", "completion_end_of_term": "not-applicable",
                                     "potential_impact": "transformative", "did_it_open_government": "worsened"}
    assert "supporting" not in kosovo and kosovo["supporting_text"] == "Unclear"
    buenos_aires = {b["name"]: b for b in conversion.bodies["ap-arba01"]}
    assert buenos_aires["ACIJ"]["sector"] == "civil-society"
    assert buenos_aires["Legislatura"]["sector"] == "public"
    assert buenos_aires["Jefatura de Gabinete de Ministros"]["aliases"] == ["JGM"]
    out = tmp_path / "out"
    import_ogp(ODD_ROWS, out)
    assert build_and_check(out).report.conforms


def test_the_command_imports_reports_bad_rows_and_fails_on_request(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["import-ogp", str(BAD_ROWS), "--out", str(out), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert "skipped row 3" in captured.err and "skipped row 4 (AL0001)" in captured.err
    assert "imported 3 of 6 commitment(s)" in captured.out
    assert main(["import-ogp", str(BAD_ROWS), "--out", str(tmp_path / "strict"), "--on-bad-row", "fail", "-q"]) == 2
    assert "3 bad row(s); nothing written" in capsys.readouterr().err
    assert not (tmp_path / "strict").exists()
    assert main(["build", "--data", str(out), "--out", str(tmp_path / "graph"), "--quiet"]) == 0
    assert (tmp_path / "graph" / "graph.nq").exists()


# ---------------------------------------------------------------------------
# Splitting institution cells
# ---------------------------------------------------------------------------

SPLITS = [
    ("Ministry of Justice and Public Security", ["Ministry of Justice and Public Security"]),
    ("Ministry of Health and Ministry of Finance", ["Ministry of Health", "Ministry of Finance"]),
    ("Parliament and Ministry of Information", ["Parliament", "Ministry of Information"]),
    ("State Chancellery, Society Integration Foundation and the Ministry of Culture",
     ["State Chancellery", "Society Integration Foundation", "Ministry of Culture"]),
    ("Ministry of Justice and Attorney-General’s Department (MJAGD)", ["Ministry of Justice and Attorney-General’s Department"]),
    ("Department of the Interior and Local Government (DILG) and Department of Budget and Management (DBM)",
     ["Department of the Interior and Local Government", "Department of Budget and Management"]),
    # commas inside names
    ("Ministry of Gender, Children and Social Protection, Ghana Audit Service",
     ["Ministry of Gender, Children and Social Protection", "Ghana Audit Service"]),
    ("Ministry of Finance, Budget and National Planning, Budget Office of the Federation",
     ["Ministry of Finance, Budget and National Planning", "Budget Office of the Federation"]),
    ("Ministry of Local Government, Decentralisation, and Rural Development",
     ["Ministry of Local Government, Decentralisation, and Rural Development"]),
    ("Administration of the Council of Ministers, Ministry of Transport, Information Technology and Communications "
     "and all other administrations",
     ["Administration of the Council of Ministers", "Ministry of Transport, Information Technology and Communications",
      "all other administrations"]),
    ("Partner CSO: Mahintana Foundation, Inc.", ["Mahintana Foundation, Inc"]),
    # bullets, numbers, semicolons, line breaks
    ("• Presidency of the Republic • Ministries responsible for Finance, Justice and Economy\uf0b7 ARTICLE 19",
     ["Presidency of the Republic", "Ministry responsible for Finance", "Ministry responsible for Justice",
      "Ministry responsible for Economy", "ARTICLE 19"]),
    ("1. Department of Finance 2. DOF-Bureau of the Treasury 3. Commission on Audit",
     ["Department of Finance", "DOF-Bureau of the Treasury", "Commission on Audit"]),
    ("Ministry of Culture; Agency for Electronic Media", ["Ministry of Culture", "Agency for Electronic Media"]),
    ("Agency for Electronic Media\nCroatian Competition Agency\nNova TV d.d.",
     ["Agency for Electronic Media", "Croatian Competition Agency", "Nova TV d.d"]),
    ("Ministry of Finance and Economy, The National Agency of\nInformation Society, Albanian School of Public "
     "Administration, Line\nMinistries, Ministry for Europe and Foreign Affairs",
     ["Ministry of Finance and Economy", "National Agency of Information Society",
      "Albanian School of Public Administration", "Line Ministries", "Ministry for Europe and Foreign Affairs"]),
    ("• Government\n- Presidency of the Cabinet of Ministers of the Go-\n vernment of the City of Buenos Aires\n"
     "• Civil Society / Private Sector\n- Directorio Legislativo",
     ["Presidency of the Cabinet of Ministers of the Government of the City of Buenos Aires", "Directorio Legislativo"]),
    ("-Ministry of ICT and Digital Economy -Executive Office of the President",
     ["Ministry of ICT and Digital Economy", "Executive Office of the President"]),
    # several languages
    ("Ministerio de Vivienda y Asentamientos Humanos, Instituto Costarricense de Turismo y Comisión Nacional de "
     "Prevención de Riesgos y Atención de Emergencias (CNE).",
     ["Ministerio de Vivienda y Asentamientos Humanos", "Instituto Costarricense de Turismo",
      "Comisión Nacional de Prevención de Riesgos y Atención de Emergencias"]),
    ("Agencia de Gobierno Electrónico y Sociedad de la Información y del Conocimiento y Dirección Nacional de "
     "Identificación Civil",
     ["Agencia de Gobierno Electrónico y Sociedad de la Información y del Conocimiento",
      "Dirección Nacional de Identificación Civil"]),
    ("Ministerio de Justicia (MJ). Secretaría Nacional Anticorrupción (SENAC).",
     ["Ministerio de Justicia", "Secretaría Nacional Anticorrupción"]),
    ("Cámara de Diputados de la Nación - Senado de la Nación", ["Cámara de Diputados de la Nación", "Senado de la Nación"]),
    ("Comisión Presidencial de Transparencia y Gobierno Electrónico", ["Comisión Presidencial de Transparencia y Gobierno Electrónico"]),
    ("Câmara dos Deputados e Senado Federal", ["Câmara dos Deputados", "Senado Federal"]),
    ("Ministère de la Justice et Ministère des Finances", ["Ministère de la Justice", "Ministère des Finances"]),
    ("Defensoría de los Habitantes/ Contraloría General de la República",
     ["Defensoría de los Habitantes", "Contraloría General de la República"]),
    # appositions, acronyms, connectors
    ("Open Society Foundation – Georgia", ["Open Society Foundation – Georgia"]),
    ("Ghana Anti-Corruption Coalition (GACC), Ghana Integrity Initiative (GII) and Centre for Democratic Development (CDD)",
     ["Ghana Anti-Corruption Coalition", "Ghana Integrity Initiative", "Centre for Democratic Development"]),
    ("Coalition on the Right to Information Bill (CRTI) Centre for Democratic Development",
     ["Coalition on the Right to Information Bill", "Centre for Democratic Development"]),
    ("Deputy Prime Minister and Minister of Justice in cooperation with the Attorney-General",
     ["Office of the Deputy Prime Minister", "Ministry of Justice", "Attorney-General"]),
    ("ASSEMBLY of RNM with support from the Parliamentary Support Programme (PSP)",
     ["ASSEMBLY of RNM", "Parliamentary Support Programme"]),
    ("Ministry of Mines and Mineral Resources or the Office of the Chief of Staff",
     ["Ministry of Mines and Mineral Resources", "Office of the Chief of Staff"]),
    ("NGO Transparency International Ukraine (by agreement) ", ["NGO Transparency International Ukraine"]),
    # headings, persons and sentences are not bodies
    ("State actors involved Parliament of Ghana \n\nCSOs, private sector, multilaterals, working groups "
     "Ghana Integrity Initiative (GII)", ["Parliament of Ghana", "Ghana Integrity Initiative"]),
    ("Government: IAIP, DPTMRE\nSociedad civil/Iniciativa privada: ASJ, FONAC", ["IAIP", "DPTMRE", "ASJ", "FONAC"]),
    ("Dr. Ken Ngangan, Department of Finance", ["Department of Finance"]),
    ("Citizens: Shalva Dekanozishvili; Kalenike Uridia", []),
    ("All public bodies will be involved in implementation once the Bill is enacted", ["All public bodies"]),
    ("Cámara de Diputados \nCámara de Diputados \nCámara de Diputados", ["Cámara de Diputados"]),
    ("NA", []), ("N/A", []), ("Unclear", []), ("", []), ("See Action Plan", []),
]


@pytest.mark.parametrize(("cell", "names"), SPLITS, ids=[cell[:40] or "empty" for cell, _ in SPLITS])
def test_institution_cells_are_split_into_names(cell, names):
    assert [m.name for m in split_institutions(cell)] == names


def test_split_keeps_acronyms_raw_text_and_heading_context():
    mentions = split_institutions("State actors involved Parliament \n\nCSOs, private sector, multilaterals, "
                                  "working groups Ghana Integrity Initiative (GII), Bank of Ghana")
    assert [(m.name, m.acronym, m.context) for m in mentions] == [
        ("Parliament", None, "public"), ("Ghana Integrity Initiative", "GII", "non-public"),
        ("Bank of Ghana", None, "non-public")]
    assert mentions[1].raw == "Ghana Integrity Initiative (GII)"
    skipped: list[tuple[str, str]] = []
    split_institutions("Mr. Muniru Kawa, Independent Consultant, Society for Democratic Initiatives", skipped=skipped)
    assert [reason for _, reason in skipped] == ["names a person", "names a person"]


KINDS = [
    ("Ministry of Justice", "ministry", "public"),
    ("Ministerio de Finanzas Públicas", "ministry", "public"),
    ("Hellenic Parliament", "parliament", "public"),
    ("Congreso de la República", "parliament", "public"),
    ("Cabinet of Ministers", "executive-office", "public"),
    ("Office of the Auditor-General of the Federation", "audit-institution", "public"),
    ("Central Bank of Nigeria", "central-bank", "public"),
    ("Defensoría de los Habitantes", "ombudsman", "public"),
    ("City of Milan", "local-government", "public"),
    ("State Committee on TV and Radio Broadcasting", "state-committee", "public"),
    ("Danish Business Agency", "state-agency", "public"),
    ("Fundación Directorio Legislativo", "civil-society", "civil-society"),
    ("Asociația Smart City", "civil-society", "civil-society"),
    ("Mzalendo Trust", "civil-society", "civil-society"),
    ("Griffith University", "civil-society", "civil-society"),
    ("RTL Hrvatska d.o.o.", "private", "private"),
    ("American Chamber of Commerce", "private", "private"),
    ("World Bank", "international", "international"),
    ("German Agency for International Cooperation (GIZ)", "international", "international"),
    ("Fundación Konrad Adenauer", "international", "international"),
    ("Ministry of Foreign Affairs, European Union and Cooperation", "ministry", "public"),
    ("Line Ministries", "collective", "public"),
    ("civil society organisations", "collective", "civil-society"),
    ("Organizaciones de Mujeres", "collective", "civil-society"),
    ("Mining Companies", "collective", "private"),
    ("development partners", "collective", "international"),
    ("Council of Governors", "council", "public"),
    ("Nigeria Network of NGOs", "civil-society", "civil-society"),
    ("INFOCIP", "other", "unknown"),
]


@pytest.mark.parametrize(("name", "kind", "sector"), KINDS, ids=[k[0] for k in KINDS])
def test_the_kind_of_body_is_marked_where_the_text_allows(name, kind, sector):
    assert classify_body(name) == (kind, sector)


def test_merging_keys_are_conservative():
    assert name_key("Ministry of the Interior") == name_key("Ministry of Interior")
    assert name_key("Ministerio Secretaría General de la Presidencia") == name_key("Ministerio Secretaria General de la Presidencia")
    assert name_key("Parliament of Georgia", country="Georgia") == name_key("Parliament")
    assert name_key("Ministry of Justice") != name_key("Minister of Justice")
    assert name_key("Institute of Economic Affairs") != name_key("Institute for Economic Affairs")
    assert name_key("National Agency of Information Society") != name_key("National Agency for Information Society")


@pytest.mark.parametrize(("cell", "day", "year"), [
    ("12/31/2022", "2022-12-31", 2022), ("31/12/2014", "2014-12-31", 2014), ("6/30/20", "2020-06-30", 2020),
    ("July 2014", None, 2014), ("Quarter 3 2014", None, 2014), ("2013", None, 2013), ("NA", None, None),
    ("Permanent activity", None, None), ("1/7/2014", None, 2014),
])
def test_dates_are_read_and_never_guessed(cell, day, year):
    parsed = parse_date(cell)
    assert (parsed.day.isoformat() if parsed.day else None, parsed.year) == (day, year)


def test_country_codes_are_iso_alpha_2_or_ogps_locality_code():
    assert country_code("UKR", "AP_UKR05", "Ukraine") == "UA"
    assert country_code("GBSC", "AP_GBSC01", "Scotland, United Kingdom") == "GBSC"
    assert country_code("", "AP_MKD04", "North Macedonia") == "MK"
