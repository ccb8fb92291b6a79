"""Import OGP's commitment data export (one CSV row a commitment) into the data edition.

The Open Government Partnership publishes its commitment database as a spreadsheet: the
country or locality, the action plan, the commitment's title and full text, its lead and
supporting institutions (free text) and the Independent Reporting Mechanism's assessments.
:func:`convert` reads such a file into edition records without writing anything;
:func:`write_edition` writes them as a data folder (``plans/<plan>/plan.yaml`` and
``bodies.yaml``, the CSV copied under ``sources/``), atomically; :func:`import_ogp` does both.

Rows are counted as RFC 7111 counts them: the header is row 1, the first commitment row 2,
whatever line breaks the cells hold. Every record cites its row (``rows: [N, N]``); a body
also cites the column that named it first.

Institution cells are split by :func:`split_institutions` and each name is classified by
:func:`classify_body`; the tables of separators, headings, connectors and keywords they use
are constants below. ``docs/ogp-import.md`` states the rules in prose.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from napkg.graph.errors import DataError
from napkg.graph.folders import swap_in

__all__ = [
    "Mention", "BadRow", "Conversion", "ImportResult", "BAD_ROW_POLICIES", "COLUMNS", "FIELD_COLUMNS",
    "NULL_CELLS", "COMPLETION_VALUES", "IMPACT_VALUES", "OPEN_GOV_VALUES", "ALPHA3_TO_ALPHA2",
    "split_institutions", "classify_body", "name_key", "slugify", "country_code", "commitment_code",
    "parse_date", "convert", "write_edition", "import_ogp",
]

# ---------------------------------------------------------------------------
# The export's columns and values
# ---------------------------------------------------------------------------

BAD_ROW_POLICIES = ("skip", "fail")

#: Columns an export must have; the import stops at once when one is missing.
REQUIRED_COLUMNS = (
    "Commitment Unique Identifier", "Country/Locality", "Action Plan ID", "Commitment Number",
    "Year Of Submission", "Action Plan End Year", "Commitment Title", "Lead Institution",
    "Supporting Institution(s)",
)
#: Columns read when present.
OPTIONAL_COLUMNS = (
    "Code", "Action Plan Number", "Short Title", "Full Text", "Start Date", "End Date", "URL",
    "Completion (Progress Report)", "Completion (End Of Term)", "Potential Impact",
    "Did It Open Government (Overall)",
)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

#: Which column each imported fact comes from (edition field -> OGP column).
FIELD_COLUMNS = {
    "plan.id": "Action Plan ID",
    "plan.country": "Country/Locality",
    "plan.country.code": "Code",
    "plan.period.start": "Year Of Submission",
    "plan.period.end": "Action Plan End Year",
    "activity.identifier": "Commitment Unique Identifier",
    "activity.code": "Commitment Number",
    "activity.title": "Commitment Title",
    "activity.description": "Full Text",
    "activity.url": "URL",
    "activity.start_date": "Start Date",
    "activity.end_date": "End Date",
    "activity.period": "Start Date, End Date",
    "activity.lead": "Lead Institution",
    "activity.supporting": "Supporting Institution(s)",
    "activity.assessments.completion_mid_term": "Completion (Progress Report)",
    "activity.assessments.completion_end_of_term": "Completion (End Of Term)",
    "activity.assessments.potential_impact": "Potential Impact",
    "activity.assessments.did_it_open_government": "Did It Open Government (Overall)",
}

#: Cell values that mean "nothing here" (compared case-insensitively, white space folded).
NULL_CELLS = frozenset({
    "", "na", "n/a", "n.a.", "n.a", "nd", "nr", "none", "null", "-", "--", "—", "unclear", "tbd", "tbc",
    "see action plan", "not specified", "not applicable", "no aplica", "n/d", "s/d", "sin información",
})

_GAPS = {
    "nd": "no-data", "no data": "no-data",
    "nr": "not-reviewed", "not reviewed": "not-reviewed",
    "na": "not-applicable", "n/a": "not-applicable", "not applicable": "not-applicable",
    "withdrawn": "withdrawn",
    "unclear": "unclear",
}
#: ``Completion (...)`` values -> the edition's status or gap key.
COMPLETION_VALUES = {
    "not started": "not-started", "limited": "limited", "substantial": "substantial",
    "complete": "complete", "completed": "complete", **_GAPS,
}
#: ``Potential Impact`` values.
IMPACT_VALUES = {"none": "none", "minor": "minor", "moderate": "moderate", "transformative": "transformative", **_GAPS}
#: ``Did It Open Government (Overall)`` values.
OPEN_GOV_VALUES = {
    "worsened": "worsened", "worsens": "worsened", "did not change": "did-not-change",
    "marginal": "marginal", "major": "major", "outstanding": "outstanding",
    "no early results to report yet": "no-early-results", **_GAPS,
}
_ASSESSMENT_COLUMNS = {
    "completion_mid_term": ("Completion (Progress Report)", COMPLETION_VALUES),
    "completion_end_of_term": ("Completion (End Of Term)", COMPLETION_VALUES),
    "potential_impact": ("Potential Impact", IMPACT_VALUES),
    "did_it_open_government": ("Did It Open Government (Overall)", OPEN_GOV_VALUES),
}

# ISO 3166-1 alpha-3 -> alpha-2 (OGP's ``Code`` column gives alpha-3 for national members),
# plus XKX -> XK for Kosovo, the user-assigned code in general use.
_ISO = """
AFG AF ALA AX ALB AL DZA DZ ASM AS AND AD AGO AO AIA AI ATA AQ ATG AG ARG AR ARM AM ABW AW AUS AU AUT AT
AZE AZ BHS BS BHR BH BGD BD BRB BB BLR BY BEL BE BLZ BZ BEN BJ BMU BM BTN BT BOL BO BES BQ BIH BA BWA BW
BVT BV BRA BR IOT IO BRN BN BGR BG BFA BF BDI BI CPV CV KHM KH CMR CM CAN CA CYM KY CAF CF TCD TD CHL CL
CHN CN CXR CX CCK CC COL CO COM KM COG CG COD CD COK CK CRI CR CIV CI HRV HR CUB CU CUW CW CYP CY CZE CZ
DNK DK DJI DJ DMA DM DOM DO ECU EC EGY EG SLV SV GNQ GQ ERI ER EST EE SWZ SZ ETH ET FLK FK FRO FO FJI FJ
FIN FI FRA FR GUF GF PYF PF ATF TF GAB GA GMB GM GEO GE DEU DE GHA GH GIB GI GRC GR GRL GL GRD GD GLP GP
GUM GU GTM GT GGY GG GIN GN GNB GW GUY GY HTI HT HMD HM VAT VA HND HN HKG HK HUN HU ISL IS IND IN IDN ID
IRN IR IRQ IQ IRL IE IMN IM ISR IL ITA IT JAM JM JPN JP JEY JE JOR JO KAZ KZ KEN KE KIR KI PRK KP KOR KR
KWT KW KGZ KG LAO LA LVA LV LBN LB LSO LS LBR LR LBY LY LIE LI LTU LT LUX LU MAC MO MDG MG MWI MW MYS MY
MDV MV MLI ML MLT MT MHL MH MTQ MQ MRT MR MUS MU MYT YT MEX MX FSM FM MDA MD MCO MC MNG MN MNE ME MSR MS
MAR MA MOZ MZ MMR MM NAM NA NRU NR NPL NP NLD NL NCL NC NZL NZ NIC NI NER NE NGA NG NIU NU NFK NF MKD MK
MNP MP NOR NO OMN OM PAK PK PLW PW PSE PS PAN PA PNG PG PRY PY PER PE PHL PH PCN PN POL PL PRT PT PRI PR
QAT QA REU RE ROU RO RUS RU RWA RW BLM BL SHN SH KNA KN LCA LC MAF MF SPM PM VCT VC WSM WS SMR SM STP ST
SAU SA SEN SN SRB RS SYC SC SLE SL SGP SG SXM SX SVK SK SVN SI SLB SB SOM SO ZAF ZA SGS GS SSD SS ESP ES
LKA LK SDN SD SUR SR SJM SJ SWE SE CHE CH SYR SY TWN TW TJK TJ TZA TZ THA TH TLS TL TGO TG TKL TK TON TO
TTO TT TUN TN TUR TR TKM TM TCA TC TUV TV UGA UG UKR UA ARE AE GBR GB USA US UMI UM URY UY UZB UZ VUT VU
VEN VE VNM VN VGB VG VIR VI WLF WF ESH EH YEM YE ZMB ZM ZWE ZW XKX XK
"""
ALPHA3_TO_ALPHA2: dict[str, str] = dict(zip(_ISO.split()[::2], _ISO.split()[1::2]))

# ---------------------------------------------------------------------------
# Tables for splitting institution cells
# ---------------------------------------------------------------------------

#: Characters that start a list item (bullets, including the private-use bullets of PDF copies).
BULLETS = "•●▪◦‣∙■□➢►▶✓\uf0b7\uf0a7\uf076\uf0d8\uf0fc"

#: Headings that introduce a group of names; the sector they state is applied to the names that
#: follow ("non-public" = civil society, private sector or multilaterals, undecided). Matched
#: case-insensitively anywhere in a cell, before anything is split.
HEADINGS: tuple[tuple[str, str | None], ...] = (
    (r"other actors involved\s*(?:[-–:]\s*|\(\s*)(?:the\s+)?(?:government|public|state(?:\s+actors)?)\)?\s*:?", "public"),
    (r"other actors involved\s*[-–:]\s*(?:csos?|civil society)\b[^\n•]*(?:multilaterals?(?:\s*,?\s*etc\b\.?)?|"
     r"working groups)\s*:?", "non-public"),
    (r"other actors involved\s*\(\s*(?:csos?|civil society)\s*\)\s*:?", "non-public"),
    (r"other actors involved(?: in the implementation of the commitment)?\s*:?", None),
    (r"state actors involved\s*:?", "public"),
    (r"csos?\s*,\s*private sector\s*,\s*multilaterals?\s*,?\s*(?:and\s+)?(?:working groups)?\s*:?", "non-public"),
    (r"osc\s*,\s*sector\s+privado\s*,\s*organizaciones\s+multilaterales\s*,\s*grupos\s+de\s+trabajos?"
     r"(?:\s+involucrados)?\s*:?", "non-public"),
    (r"osc\s*,\s*sector\s+privado\s*,?\s*organizaciones\s+multilaterales\s*,?\s*grupos\s+de\s+trabajo\s*:?", "non-public"),
    (r"actores\s+(?:de\s+gobierno|estatales\s+involucrados|de\s+entidades\s+p[uú]blicas)\s*:?", "public"),
    (r"(?:sociedad\s+civil\s*/\s*iniciativa\s+privada|civil\s+society\s*/\s*private\s+sector)\s*:?", "non-public"),
    (r"(?:non-governmental agencies involved|other government agencies involved|active partners could include)\s*:", None),
    (r"(?:state and municipal institutions)\b", "public"),
    (r"representatives of the society\b", "civil-society"),
)
#: A heading that ends a segment with a colon or an attached dash ("Government:", "CSO-").
SHORT_HEADINGS: dict[str, str | None] = {
    "government": "public", "gobierno": "public", "governo": "public", "gouvernement": "public",
    "state actors": "public", "public sector": "public", "public": "public", "ministries/agencies": "public",
    "responsible institution": "public", "institutions": "public", "partner lgu offices": "public",
    "civil society": "civil-society", "sociedad civil": "civil-society", "société civile": "civil-society",
    "sociedade civil": "civil-society", "cso": "civil-society", "csos": "civil-society", "osc": "civil-society",
    "partner cso": "civil-society", "ngos": "civil-society", "academia": "civil-society",
    "academics": "civil-society", "media partners": "civil-society",
    "private sector": "private", "sector privado": "private", "iniciativa privada": "private",
    "business": "private", "multilaterals": "international", "development partners": "international",
    "international partners": "international", "donors": "international",
    "citizens": "persons", "individuals": "persons", "senior accountable officer": "persons",
    "technical focal person": "persons", "contact": "persons", "contact person": "persons",
    "initiator": None, "coordinator": None, "coordinador": None, "coordinadora": None, "lead": None,
    "partners": None, "others": None, "other actors": None,
}
#: Phrases that join two bodies in one clause; the cell is split there and the phrase dropped.
CONNECTORS = (
    r"in (?:close )?(?:cooperation|coordination|collaboration|partnership|consultation) with",
    r"with (?:the )?(?:support|participation|assistance|help) (?:from|of)", r"with support from",
    r"together with", r"jointly with", r"as well as", r"upon the proposal (?:by|of)", r"at the (?:behest|request) of",
    r"supported by", r"promoted by", r"through its", r"por medio de", r"a través de", r"por conducto de", r"en (?:coordinación|colaboración|cooperación) con",
    r"con (?:el )?apoyo (?:de|del)", r"con la participación de", r"junto con", r"em parceria com",
    r"en collaboration avec", r"avec l'appui de", r"in Zusammenarbeit mit",
)
#: Leading phrases that are not part of a name ("Approval by the Parliament ..." -> "Parliament ...").
LEADING_FILLERS = (
    r"approval(?: of the law)? by", r"approved by", r"led by", r"coordinated by", r"lead(?:ing)? institution:?",
    r"implemented by", r"responsible institution:?", r"initiator:?", r"coordinator:", r"coordinated by",
    r"coordinador(?:a)?:", r"and", r"y", r"et", r"including:?", r"such as", r"specifically;?", r"namely", r"involving",
    r"in charge:?", r"a través de", r"through", r"actualmente", r"currently", r"formerly", r"now",
)
#: Qualifiers dropped wherever they stand.
DROPPED_PHRASES = (
    r"\((?:by|upon) (?:their )?(?:agreement|consent)\)", r"\(as necessary\)", r"\(if necessary\)",
    r"\(tbc\)", r"\(tbd\)", r"\(where applicable\)", r"\(to be (?:confirmed|selected|determined)[^)]*\)",
    r"\((?:por|previo) acuerdo\)", r"\betc\.{0,3}", r"\.\.\.", r"…", r"\band others\b", r"\bamong other actors\b",
    r"\bamong others\b", r"\bentre otros\b", r"\by otr[oa]s\b", r"\bet al\.?", r"\bin general\b", r"\ben general\b", r"\bwhere appropriate\b",
    r"\bif (?:needed|necessary|required)\b",
)
#: Words after which a name never ends (a line ending with one continues on the next line).
CONNECTOR_WORDS = frozenset({
    "of", "for", "the", "and", "to", "in", "on", "with", "at", "by", "from", "under", "de", "del", "la",
    "las", "los", "el", "y", "e", "para", "en", "con", "a", "al", "du", "des", "et", "pour", "le", "les",
    "und", "für", "der", "die", "das", "da", "do", "dos", "das", "&", "-", "–", "of the", "i", "o", "u",
})
_CONJUNCTIONS = r"and|y|e|et|und|i|&|or|o|ou"
_ARTICLES = frozenset({"the", "la", "el", "los", "las", "le", "les", "l'", "der", "die", "das", "o", "a", "os", "as"})

#: Words that head a body's name. A clause starting with one (after an article and up to two of
#: HEAD_ADJECTIVES) after "and" is a new body: "Ministry of Health and Ministry of Finance" is two,
#: "Ministry of Justice and Public Security" one.
HEAD_WORDS = frozenset("""
ministry ministries ministerio ministerios ministère ministero ministério ministerstvo minister ministra ministro
department departments departamento département dept office offices oficina oficinas bureau bureaux
agency agencies agencia agência agence authority authorities autoridad autoridade autorité
commission comisión comissão commissione commissioner comisionado council consejo conselho conseil consiglio
committee comité comite parliament parlamento parlement assembly asamblea assemblée assembleia senate senado sénat
congress congreso congresso chamber cámara câmara chambre house court courts tribunal tribunale corte
secretariat secretaría secretaria secrétariat secretary service services servicio serviço
directorate dirección direção direction directorate-general institute instituto institut istituto
centre center centro foundation fundación fundação fondation stiftung fundația fundatia
association asociación associação asociatia asociația government gobierno governo gouvernement
presidency presidencia presidência présidence unit unidad unidade unité fund fondo bank banco
municipality municipalidad municipio municipalité city ciudad network red coalition union unión
federation federación forum foro platform university universidad universidade université
prosecutor procuraduría procuradoría fiscalía ombudsman defensoría contraloría auditor treasury tesorería
registry registro inspectorate inspection police policía cabinet gabinete administration administración
programme program programa knesset riigikogu saeima seimas oireachtas sejm senat
""".split())
HEAD_PHRASES = ("prime minister", "vice president", "attorney general", "attorney-general", "state committee")
HEAD_ADJECTIVES = frozenset({
    "national", "state", "federal", "central", "supreme", "presidential", "parliamentary", "general",
    "nacional", "estatal", "federal", "central", "general", "suprema", "supremo", "superior",
})
#: Words that begin a portfolio name which may list its fields with commas ("Ministry of Gender,
#: Children and Social Protection").
PORTFOLIO_HEADS = ("ministries of", "ministerios de", "ministry", "ministerio", "ministère", "ministero", "ministério", "department of",
                   "secretariat of state", "secretaría de estado", "minister of", "minister for", "ministry of",
                   "secretary of state")
#: Legal-form suffixes that a comma separates from their name ("Mahintana Foundation, Inc.").
LEGAL_SUFFIXES = frozenset({"inc", "inc.", "ltd", "ltd.", "llc", "plc", "s.a.", "sa", "s.a", "d.o.o.", "d.d.",
                            "gmbh", "ag", "a.c.", "s.r.l.", "srl", "co.", "corp.", "limited", "ngo", "lepl"})
#: Abbreviations a full stop does not end a clause after.
ABBREVIATIONS = frozenset({"dr", "mr", "mrs", "ms", "hon", "prof", "st", "no", "inc", "ltd", "co", "jr", "sr", "sra",
                           "ph", "lic", "ing", "av", "vs", "e.g", "i.e", "etc", "nr", "corp", "dept", "gen", "gov",
                           "govt", "int", "intl", "nat", "min"})
#: A segment that starts with one of these names a person, not a body.
PERSON_TITLES = ("mr", "mrs", "ms", "miss", "dr", "hon", "prof", "sr", "sra", "srta", "lic", "ing", "diputado",
                 "diputada", "senator", "senador", "senadora", "mp ", "madam", "sir", "dame")
_PERSON_MARKERS = re.compile(r"\((?:expert|consultant|independent expert)\)|\bindependent consultant\b|"
                             r"(?<!office of the )(?<!office of )\bchief of staff\b|\bfocal person\b|\bfocal point\b|"
                             r"^head of (?!service|government|state|the civil service)", re.I)
_FINITE_VERBS = re.compile(r"\b(?:will|would|shall|should|can|could|may|might|must|have|has|had|is|are|was|were|"
                           r"been|involves|consists)\b", re.I)
_SENTENCE_MARKERS = re.compile(
    r"\b(?:will|would|shall|should|can|could|may|might|must|have|has|had|been|is|are|was|were|"
    r"take place|taken|held|consulted|participate[sd]?|consider|implement|submitted|deberá|serán?|"
    r"podrán?|participan|sont|seront)\b", re.I)

#: Keyword tables for kinds of bodies, tried in this order. Patterns match the name's key (lower
#: case, accents stripped). International, private and civil-society markers are tried before the
#: public kinds, except that a name that *starts* with a public head keeps its public kind
#: ("Council for the Development of Civil Society" is a public council).
NAMED_INTERNATIONAL = (
    r"united nations", r"\bundp\b", r"\bunicef\b", r"\bunesco\b", r"\bun women\b", r"\bun-habitat\b", r"\bunodc\b",
    r"\bunhcr\b", r"\bohchr\b", r"\bundesa\b", r"naciones unidas", r"nations unies", r"\bpnud\b",
    r"world bank", r"banco mundial", r"banque mondiale", r"\bimf\b", r"international monetary fund", r"\boecd\b",
    r"\bocde\b", r"european union", r"\beu\b", r"union europea", r"union europeenne", r"european commission",
    r"comision europea", r"council of europe", r"consejo de europa", r"\bosce\b", r"\busaid\b",
    r"agency for international development", r"\bgiz\b", r"gesellschaft fur internationale zusammenarbeit",
    r"german (?:agency|corporation) for international cooperation", r"\bdfid\b", r"\buk aid\b", r"\bfcdo\b",
    r"department for international development", r"foreign,? commonwealth", r"national democratic institute",
    r"\bndi\b", r"international republican institute", r"\biri\b", r"westminster foundation", r"\bwfd\b",
    r"konrad adenauer", r"hanns seidel", r"friedrich ebert", r"friedrich naumann", r"heinrich boll", r"\bnimd\b",
    r"netherlands institute for multiparty democracy", r"\bidea international\b", r"\bogp support unit\b", r"\beurosocial\b",
    r"agence francaise de developpement", r"agencia francesa de desarrollo", r"french development agency",
    r"\bafd\b", r"\bjica\b", r"\bkoica\b", r"inter-american development bank", r"\bidb\b", r"\bbid\b",
    r"african development bank", r"asian development bank", r"\badb\b", r"\bafdb\b", r"millennium challenge",
    r"\bnepad\b", r"\baprm\b", r"african union", r"organization of american states", r"\boas\b", r"\boea\b",
    r"\bgreco\b", r"group of states against corruption",
    r"international budget partnership", r"\bibp\b", r"parliamentary assembly of the council of europe",
    r"global partnership for", r"\bosiwa\b", r"open society initiative for", r"\bidlo\b", r"\bcipe\b",
    r"australian department of foreign affairs", r"\bdfat\b", r"\bsegib\b", r"\bucgl?\b", r"\bcepal\b",
    r"\bunited states agency\b",
)
GENERIC_INTERNATIONAL = (
    r"development partners?", r"\bdonors?\b", r"multilaterals?", r"cooperantes", r"international organi[sz]ations?",
    r"organismos internacionales", r"international partners?", r"embassy", r"embajada", r"ambassade",
)
INTERNATIONAL_PATTERNS = NAMED_INTERNATIONAL + GENERIC_INTERNATIONAL
PRIVATE_PATTERNS = (
    r"\bltd\b", r"\bllc\b", r"\binc\b", r"\bplc\b", r"\bd\.?o\.?o\b", r"\bd\.d\b", r"\bgmbh\b", r"\bs\.?a\.?$",
    r"\bs\.?r\.?l\b", r"\bcompany\b", r"\bcompanies\b", r"chamber of (?:commerce|mines|industry)",
    r"camara de comercio", r"chambre de commerce", r"\bbusiness(?:es)?\b", r"\bemployers?\b", r"private sector",
    r"sector privado", r"iniciativa privada", r"secteur prive", r"\bempresas?\b(?! (?:publica|estatal|del estado))",
    r"\bentreprises?\b", r"\bmicrosoft\b", r"\bgoogle\b", r"\bibm\b", r"\bamazon\b", r"\bindustry association\b",
    r"manufacturers", r"\bbankers association\b", r"\bcorporation\b(?!.*\b(?:municipal|public|state)\b)",
    r"private (?:health )?providers", r"commercial entities", r"mining companies",
)
CIVIL_SOCIETY_PATTERNS = (
    r"\bngos?\b", r"\bnon-?governmental\b", r"\bnon-?government organi[sz]ations?\b", r"\bnon-?profit\b",
    r"\bnot-for-?profit\b", r"\bnpos?\b", r"\bcsos?\b", r"\boscs?\b", r"\bong\b", r"\bongs\b", r"civil society",
    r"sociedad civil", r"sociedade civil", r"societe civile", r"foundation", r"fundacion", r"fundacao", r"fondation",
    r"stiftung", r"fundatia", r"\bassociation\b", r"\basociacion\b", r"\bassociacao\b", r"\basociatia\b",
    r"\bcoalition\b", r"\bcoalicion\b", r"\balliance\b", r"\balianza\b", r"\bnetwork\b", r"\bred de\b", r"\btrust\b",
    r"transparency international", r"open society", r"\bcaritas\b", r"\bcharit(?:y|able)\b", r"\bcooperativa\b",
    r"\bobservator(?:y|io|ies|ios)\b", r"\bplatform\b", r"\bplataforma\b", r"\bthink tanks?\b", r"\bjournalists?\b",
    r"\bperiodistas\b", r"\btrade unions?\b", r"\bunion of\b", r"\bfederation of\b", r"\buniversit(?:y|ies)\b",
    r"\buniversidad(?:es)?\b", r"\buniversidade\b", r"\buniversite\b", r"\bacademi(?:a|cs?)\b", r"\bresearchers?\b",
    r"\bexperts?\b", r"\bcitizens?\b", r"\bciudadan(?:os|ia|as)\b", r"\bgeneral public\b", r"\bmedia\b(?! council| commission| agency| authority| office| regulator)",
    r"\bwatch\b", r"\baction aid\b", r"\bactionaid\b", r"\boxfam\b", r"\bchristian aid\b", r"\bsave the children\b",
    r"\bamnesty\b", r"\barticle 19\b", r"\bpublish what you pay\b", r"\bone campaign\b", r"\bhuman rights watch\b",
    r"\bwater ?aid\b", r"\bbudgit\b", r"\bushahidi\b", r"\bmzalendo\b", r"\bpoder ciudadano\b", r"\bdirectorio legislativo\b",
    r"\bconocimiento abierto\b", r"\bciudadania inteligente\b", r"\bcippec\b", r"\bacij\b", r"\bidfi\b", r"\bgyla\b",
    r"\binitiative\b(?! (?:of|for) the (?:government|ministry))", r"\bmovement\b", r"\bmovimiento\b", r"\bclub\b",
    r"\bassociations\b", r"\borganizaciones? (?:de la )?sociedad\b", r"\bsociety for\b", r"\bsociety\b(?! development| integration)",
    r"\bforum\b(?! of the government)", r"\blab\b", r"\bacademic community\b", r"\bschools\b", r"\bcolleges\b",
    r"\bparents\b", r"\byouth (?:centers|centres|organi[sz]ations)\b", r"\bthird sector\b",
)
NAMED_CIVIL_SOCIETY = (
    r"transparency international", r"open society", r"\boxfam\b", r"\baction ?aid\b", r"\bchristian aid\b",
    r"save the children", r"\bamnesty\b", r"\barticle 19\b", r"publish what you pay", r"\bone campaign\b",
    r"human rights watch", r"\bwater ?aid\b", r"\bcaritas\b",
)
#: Public kinds of the edition, by keyword; among these the keyword found earliest in the name wins
#: (the longest at the same place): "Office of the Clerk of Parliament" is an office.
PUBLIC_KINDS: tuple[tuple[str, str], ...] = (
    ("executive-office", r"cabinet of ministers|council of ministers|office of the president|presidency|presidencia|"
                         r"presidencia de la republica|office of the prime minister|prime minister'?s? office|"
                         r"prime minister|prime ministry|vice president|deputy president|president of the republic|"
                         r"head of government|chancellery|state chancellery|cabinet secretariat|cabinet office|"
                         r"executive office|government office|office of the government|administration of the government|"
                         r"secretariat general of the government|secretariat of the government|general secretariat|"
                         r"jefatura de gabinete|poder ejecutivo|executive power|^government$|^government of\b|\bgovernment$|"
                         r"^gobierno(?: de| del|$)|^governo(?: de| do|$)|^gouvernement"),
    ("parliament", r"parliament|parlamento|parlement|national assembly|legislative assembly|asamblea legislativa|"
                   r"asamblea nacional|assemblee nationale|\bassembly of\b|\bassembly\b|senate|senado|\bsenat\b|"
                   r"chamber of deputies|camara de diputad|camara de senadores|chamber of senators|"
                   r"house of representatives|camara de representantes|congress|congreso|congresso|knesset|riigikogu|"
                   r"saeima|seimas|oireachtas|verkhovna rada|sobranie|\bsejm\b|national legislature|\blegislature\b|"
                   r"poder legislativo|legislative branch|\bkhurals?\b|\bhurals?\b|sangguniang|parliamentary|"
                   r"mps?\b|members of parliament|lawmakers|legislators"),
    ("ministry", r"ministry|ministerio|ministere|ministero|ministerio|ministerstvo|ministries|\bminister\b|"
                 r"\bministra\b|\bministro\b|department of|secretaria de estado|secretary of state|secretariat of state|"
                 r"state secretariat"),
    ("prosecution", r"prosecutor|procuradur|fiscalia|ministerio publico|public prosecution|attorney general|"
                    r"attorney-general|procuraduria general"),
    ("court", r"\bcourts?\b|tribunal(?! de cuentas)|judiciary|juzgados?|judicial|poder judicial|corte suprema|"
              r"supreme court|constitutional court"),
    ("audit-institution", r"auditor[- ]general|audit office|court of auditors|contraloria|tribunal de cuentas|"
                          r"audit service|accounting chamber|national audit|supreme audit|auditoria general|"
                          r"cour des comptes|controller of budget|accountant[- ]general"),
    ("ombudsman", r"ombudsman|defensoria|defensor del pueblo|public defender|people'?s advocate|"
                  r"human rights defender|commissioner for human rights|comisionado nacional de los derechos humanos"),
    ("central-bank", r"central bank|banco central|banque centrale|national bank of|bank of [a-z]+$|mongol bank|"
                     r"reserve bank"),
    ("state-committee", r"state committee"),
    ("local-government", r"municipal|municipality|municipalidad|municipio|city of|city council|city hall|"
                         r"ayuntamiento|alcaldia|intendencia|county|counties|provincial|province|regional government|"
                         r"local government|local self-government|self-government|local authorit|governor|mayor|"
                         r"district|junta departamental|gobernacion|prefecture|metropolitan|territorial (?:collectivities|communities|authorities)|"
                         r"local state administrations|communes|\blgus?\b"),
    ("commission", r"commission|comision|comissao|commissione"),
    ("council", r"council|consejo|conselho|conseil|consiglio"),
    ("state-owned-company", r"state enterprise|state-owned|empresa publica|public enterprise|state company"),
    ("public-legal-entity", r"\blepl\b|\bncle\b|legal entity of public law|public law entity|state institution"),
    ("state-agency", r"agency|agencia|agence|authority|autoridad|autorite|\bservice\b|servicio|servico|office|"
                     r"oficina|bureau|directorate|direccion|direction generale|secretariat|secretaria|\bunit\b|"
                     r"unidad|inspectorate|inspection|treasury|tesoreria|registry|registro|superintendenc|"
                     r"department|departamento|institute of statistics|statistics|statistical office|police|policia|"
                     r"customs|revenue|tax authority|\bfund\b|committee|comite|comision|task ?force|working group|"
                     r"secretary|secretario|plenipotentiary|commissioner|comisionado|regulator|regulatory|"
                     r"\barchives?\b|national library|biblioteca"),
)
#: A name starting with one of these is public whatever else it says.
PUBLIC_LEADS = re.compile(
    r"^(?:the\s+)?(?:ministry|ministerio|ministere|ministero|department|office|oficina|council|consejo|"
    r"commission|comision|government|gobierno|state|national (?:agency|commission|council|committee|office|authority|assembly)|"
    r"agency|agencia|authority|parliament|parlamento|secretariat|secretaria|directorate|direccion|presidency|"
    r"cabinet|senate|senado|congress|congreso|chamber of deputies|camara|house of representatives|court|"
    r"municipal|city|county|provincial|federal|central|public|prime minister|deputy prime minister|minister|"
    r"plenipotentiary|administration|ombudsman|defensoria|procuradur|fiscalia|contraloria|tribunal)\b"
)
#: Names that stand for an unnamed group: a quantifier first, or a plural head.
COLLECTIVE_LEADS = re.compile(
    r"^(?:all|most|other|others|relevant|concerned|interested|various|line|unspecified|non-specified|selected|any|every|"
    r"several|some|many|respective|competent|participating|involved|appropriate|responsible|partner|"
    r"otros|otras|todas?|todos|demas|diversas?|diversos|las demas|los demas|autres|toutes|tous|"
    r"outros|outras|todas as|todos os)\b")
COLLECTIVE_HEADS = frozenset("""
ministries ministerios ministeres agencies agencias authorities autoridades bodies institutions instituciones
organisations organizations organizaciones organismos entities entidades ngos csos oscs ongs municipalities
municipalidades municipios governments gobiernos units unidades departments departamentos universities
universidades partners socios donors citizens ciudadanos ciudadania experts expertos academics academia
researchers media stakeholders actors actores parties partidos companies empresas businesses administrations
communities comunidades schools colleges leaders representatives members associations asociaciones groups
committees comites commissions councils offices services servicios counties governors mayors assemblies
providers users public society sector professionals lawyers teachers students pupils parents youth women
farmers workers consumers journalists ngo-s
""".split())
_GROUP_PHRASES = re.compile(
    r"^(?:civil society|sociedad civil|sociedade civil|societe civile|private sector|sector privado|"
    r"general public|public|academia|media|local governments?|local authorities|"
    r"the judiciary|judiciary|citizenship|citizens|youth|women|working groups?)$")

# Transliteration for ids: letters that Unicode decomposition leaves alone.
_LATIN = {"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th",
          "Þ": "Th", "œ": "oe", "Œ": "OE", "ı": "i", "ð": "d", "Ð": "D", "ħ": "h", "ŧ": "t"}
_CYRILLIC = dict(zip("абвгґдеёєжзиіїйклмнопрстуфхцчшщъыьэюя",
                     "a b v g g d e e ye zh z i i yi y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya".split()))
_GREEK = dict(zip("αβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώϊϋΐΰ",
                  "a v g d e z i th i k l m n x o p r s s t y f ch ps o a e i i o y o i y i y".split()))
_GEORGIAN = dict(zip("აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ",
                     "a b g d e v z t i k l m n o p zh r s t u p k gh q sh ch ts dz ts ch kh j h".split()))
_TRANSLIT = {**_LATIN, **{k: ("" if v == "_" else v) for k, v in {**_CYRILLIC, **_GREEK, **_GEORGIAN}.items()}}

# ---------------------------------------------------------------------------
# Small text helpers
# ---------------------------------------------------------------------------


def _fold(text: str) -> str:
    return " ".join(text.split())


def _strip_accents(text: str) -> str:
    text = "".join(_TRANSLIT.get(c, _TRANSLIT.get(c.lower(), c)) for c in text)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def is_null(cell: str | None) -> bool:
    """Whether a cell holds nothing: empty, or a marker such as ``NA``, ``ND``, ``NR``.

    >>> is_null(" NA "), is_null("N/A"), is_null("Ministry of Justice")
    (True, True, False)
    """
    return cell is None or _fold(cell).casefold().strip(" .") in NULL_CELLS


def slugify(text: str, *, max_length: int = 64) -> str:
    """A lowercase kebab-case ASCII id: accents stripped, other scripts transliterated.

    >>> slugify("Secretaría Técnica de Planificación (STP)")
    'secretaria-tecnica-de-planificacion-stp'
    >>> slugify("Міністерство юстиції України")
    'ministerstvo-yustitsiyi-ukrayini'
    >>> slugify("Attorney-General's Department")
    'attorney-generals-department'
    """
    ascii_text = _strip_accents(text).encode("ascii", "ignore").decode().lower()
    ascii_text = re.sub(r"['’`]", "", ascii_text)
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug


def name_key(name: str, *, country: str | None = None) -> str:
    """The key two spellings of one body share: case, accents, punctuation, articles, "&" versus
    "and", British versus American spelling, a leading "NGO" and a trailing "of <country>" set aside.

    >>> name_key("Ministry of the Interior") == name_key("MINISTRY OF INTERIOR")
    True
    >>> name_key("Department of Public Expenditure & Reform") == name_key("Department of Public Expenditure and Reform.")
    True
    >>> name_key("Parliament of Georgia", country="Georgia") == name_key("Parliament")
    True
    >>> name_key("Center for Democratic Development") == name_key("Centre for Democratic Development")
    True
    """
    text = _strip_accents(name).casefold().replace("&", " and ")
    if country:
        place = re.escape(_strip_accents(country).casefold())
        text = re.sub(rf"\s*(?:,|\bof)\s+(?:the\s+)?(?:republic\s+of\s+)?{place}\s*\.?$", "", text)
        text = re.sub(rf"\s*(?:de|del|de la)\s+(?:la\s+)?(?:republica\s+(?:de\s+)?)?{place}\s*\.?$", "", text)
    text = re.sub(r"['’`]", "", text)
    text = re.sub(r"[^\w]+", " ", text)
    words = [_SPELLING.get(w, w) for w in text.split() if w not in _KEY_ARTICLES]
    if len(words) > 1 and words[0] == "ngo":
        words = words[1:]
    return " ".join(words)


_KEY_ARTICLES = frozenset({"the", "a", "an", "la", "el", "los", "las", "le", "les", "l", "il", "lo"})
_SPELLING = {"center": "centre", "organization": "organisation", "organizations": "organisations",
             "program": "programme", "labor": "labour", "defense": "defence", "ministries": "ministries"}


def _is_acronym(text: str) -> bool:
    """Whether a short token looks like an acronym (``DPER``, ``CDD-Ghana``, ``MoJ``).

    >>> [_is_acronym(t) for t in ("DPER", "CDD-Ghana", "MoJ", "Ghana", "UN Women", "T.E.A.")]
    [True, True, True, False, False, True]
    """
    text = text.strip(" .,;")
    if not text or len(text) > 16 or " " in text:
        return False
    letters = [c for c in text if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return len(letters) >= 2 and upper >= 2 and upper * 2 >= len(letters) and text[0].isupper() or (
        len(letters) >= 2 and upper >= 3 and upper * 3 >= len(letters))


def _initials_cover(acronym: str, phrase: str) -> bool:
    """Whether an acronym is made of the initials of a phrase's capitalised words."""
    letters = [c for c in acronym if c.isalpha() and c.isupper()]
    initials = [w[0] for w in re.split(r"[\s\-/]+", re.sub(r"['’]s\b", "", phrase)) if w[:1].isupper()]
    return len(letters) >= 3 and letters == initials


# ---------------------------------------------------------------------------
# Splitting institution cells
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """One name found in an institution cell.

    ``name`` is the cleaned name, ``raw`` the text it was cut from, ``acronym`` an acronym the
    text gave for it, ``context`` the sector a heading before it stated (``public``,
    ``civil-society``, ``private``, ``international``, ``non-public`` or None).
    """

    name: str
    raw: str
    acronym: str | None = None
    context: str | None = None


@dataclass(frozen=True)
class _Skipped:
    text: str
    reason: str


_HEADING_RE = [(re.compile(p.replace(" ", r"\s+"), re.I), c) for p, c in HEADINGS]
_CONNECTOR_RE = re.compile(r"\s*,?\s*\b(?:" + "|".join(CONNECTORS) + r")\b\s*:?\s*", re.I)
_LEADING_RE = re.compile(r"^(?:(?:" + "|".join(LEADING_FILLERS) + r")\s+)+", re.I)
_DROPPED_RE = re.compile("|".join(DROPPED_PHRASES), re.I)
_EMAIL = re.compile(r"[\w.+-]+\s*[@©]\s*[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?:\b(?:tel|phone|mob|mobile|email|e-mail)\s*[:.]?\s*)?\+?\d[\d\s\-/'()]{6,}\d")
_MARKER = "\x00"  # a hard separator, put where a heading stood
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
    text = _EMAIL.sub(";", text)  # contact details stand between entries
    text = _PHONE.sub(";", text)
    text = re.sub(r"(?i)\b(?:tel|phone|email|e-mail)\s*:", " ", text)
    return text


def _mark_headings(text: str) -> str:
    """Replace headings with a hard separator carrying the sector they state."""
    for pattern, context in _HEADING_RE:
        text = pattern.sub(lambda _m, c=context: f"{_MARKER}{_HEAD_MARK}{c or ''}{_HEAD_MARK}{_MARKER}", text)
    return _MID_HEADING.sub(lambda m: f"{_MARKER}{_HEAD_MARK}"
                            f"{_SHORT_HEADINGS[_fold(_strip_accents(m.group(1))).casefold()] or ''}"
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


def _head_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[\w'’-]+", text.casefold()) if w in HEAD_WORDS]


def _starts_new_body(clause: str) -> bool:
    """Whether a clause after "and" begins with a head word (after an article and adjectives)."""
    words = re.findall(r"[\w'’-]+", clause)
    while words and words[0].casefold() in _ARTICLES:
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


def _classified(text: str) -> bool:
    key = name_key(text)
    return any(re.search(p, key) for p in INTERNATIONAL_PATTERNS + CIVIL_SOCIETY_PATTERNS + PRIVATE_PATTERNS)


def _rejoin(segments: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Undo comma splits inside names: portfolio lists and legal-form suffixes. Separators are
    kept as written, so a mended name is a stretch of the cell; the result gives each segment
    with the kind of separator before it (``,``, ``;``, ``•``, a line break ``\\n``, ...)."""
    out = _rejoin_raw(segments)
    return [(text, "\n" if "\n" in sep else (sep.strip() or " ")) for text, sep in out]


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
        if out and kind == "," and _is_portfolio(out[-1][0]):
            run, j = [], k
            while j < len(segments) and kinds[j] == "," and _is_field(segments[j][0]):
                run.append(j)
                if re.search(rf"(?:^|\s)(?:{_CONJUNCTIONS})\s", segments[j][0].strip()) or (
                        j + 1 < len(segments) and kinds[j + 1] in ("and", "y", "et", "e")):
                    break
                j += 1
            plural = bool(re.match(r"^(?:the\s+)?(?:ministries|ministerios|ministères|departments)\b",
                                   out[-1][0].strip(), re.I))
            last = segments[run[-1]][0] if run else ""
            closes = bool(run) and (re.search(rf"(?:^|\s)(?:{_CONJUNCTIONS})\s", last.strip()) is not None
                                    or (run[-1] + 1 < len(segments) and kinds[run[-1] + 1] in ("and", "y", "et", "e")))
            if run and (closes or (plural and not (run[-1] + 1 < len(segments) and kinds[run[-1] + 1] == ","))):
                merged = out[-1][0] + "".join(segments[i][1] + segments[i][0] for i in run)
                out[-1] = (merged, out[-1][1])
                k = run[-1] + 1
                continue
        out.append((text, sep))
        k += 1
    return out


def _is_portfolio(text: str) -> bool:
    """A name whose last words may be a list of fields: a ministry's, or a head word and a complement
    ("Parliamentary Committee on Legal, Constitutional and Parliamentary Affairs")."""
    key = _strip_accents(text).casefold().strip()
    key = re.sub(r"^(?:the|la|el)\s+", "", key)
    if any(key.startswith(h) for h in PORTFOLIO_HEADS):
        return True
    return bool(_head_words(text)) and bool(re.search(r"\s(?:of|for|on|de|del|para|in charge of)\s+\S+$", key))


def _is_field(text: str) -> bool:
    """A comma-separated word group that can be a field of a ministry's portfolio."""
    stripped = re.sub(rf"^(?:{_CONJUNCTIONS})\s+", "", text.strip())
    stripped = re.sub(r"\s*\([^()]*\)\s*\.?$", "", stripped)
    words = stripped.split()
    if not stripped or len(words) > 8 or not stripped[:1].isupper():
        return False
    if _head_words(stripped) or _is_acronym(stripped) or "(" in stripped or _classified(stripped):
        return False
    return True


_AND_RE = re.compile(rf"\s+(?:{_CONJUNCTIONS})\s+")
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
    if trailing and _is_acronym(trailing.group(1)) and _initials_cover(trailing.group(1), text[:trailing.start()]):
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
        left_whole = bool(_head_words(left) or _is_acronym(left) or _classified(left) or _is_collective(left))
        first = right.split()[0]
        new = (
            (_starts_new_body(right) and len(right_clause.split()) >= 2)
            or bool(COLLECTIVE_LEADS.match(_strip_accents(right).casefold()))
            or (_is_acronym(first) and len(first) >= 3 and (_is_acronym(left.split()[-1]) or (
                len(left.split()) >= 2 and not _is_portfolio(left) and not _head_words(left))))
            or (_ends_with_head(left) and _ends_with_head(right_clause) and len(right_clause.split()) >= 2)
        )
        if new and (left_whole or _is_acronym(first)):
            parts.append(text[start:m.start()])
            start = m.end()
    parts.append(text[start:])
    return parts


def _ends_with_head(text: str) -> bool:
    text = re.sub(r"\s*\([^()]*\)\s*$", lambda m: " ()" if _is_acronym(m.group().strip(" ()")) else "", text.strip())
    if text.endswith(" ()"):
        return True
    words = re.findall(r"[\w'’-]+", text.casefold())
    return bool(words) and words[-1] in HEAD_WORDS


def _name_like(text: str) -> bool:
    words = text.split()
    return len(words) >= 2 or (len(words) == 1 and (words[0].casefold() in HEAD_WORDS or _is_acronym(words[0])))


def _split_pair(text: str, pattern: re.Pattern[str]) -> list[tuple[str, str | None]]:
    """Split at dashes or slashes between two names of two words or more; a lone acronym after a
    name is kept as that name's acronym (after an acronym it is another body). Returns (name,
    acronym) pairs, each name a stretch of the original text."""
    spans = [(s, e) for s, e in _spans_outside(text, pattern) if text[s:e].strip()]
    if len(spans) <= 1:
        return [(text, None)]
    out: list[tuple[int, int, str | None]] = []
    for start, end in spans:
        piece = text[start:end].strip()
        if out:
            previous = text[out[-1][0]:out[-1][1]].strip()
            if _is_acronym(piece) and _is_acronym(previous) and pattern is _SLASH_RE and len(piece) >= 3:
                out.append((start, end, None))
            elif _is_acronym(piece) and out[-1][2] is None and not _is_acronym(previous):
                out[-1] = (out[-1][0], out[-1][1], piece)
            elif not _name_like(piece) or not _name_like(previous):
                out[-1] = (out[-1][0], end, out[-1][2])
            else:
                out.append((start, end, None))
        else:
            out.append((start, end, None))
    return [(text[s:e].strip(), acronym) for s, e, acronym in out]


def _clean(raw: str) -> tuple[str, str | None] | _Skipped:
    """A cleaned name and its acronym, or why the text is not a body's name."""
    if _PERSON_MARKERS.search(_fold(raw).strip(" -–•")):
        return _Skipped(raw, "names a person")
    text = _DROPPED_RE.sub(" ", raw)
    text = _fold(text).strip(" \t\n.,;:-–—*•'\"")
    text = _LEADING_RE.sub("", text).strip(" .,;:-–—")
    text = re.sub(r"^.*?\b(?:are|include|includes|including|such as|namely)\s*:?\s+(?=[A-Z\"“])", "", text)
    text = re.sub(r"^(?:the|The)\s+(?=\S)", "", text)
    text = re.sub(r"\s+(?:including|such as|namely|incl\.?|e\.g\.?)\s*:?$", "", text, flags=re.I)
    if text.count("(") > text.count(")"):
        text = text[: text.rfind("(")].strip() if text.rfind("(") > 0 else text.replace("(", "")
    elif text.count(")") > text.count("("):
        text = text.replace(")", "")
    acronym = None
    while True:
        parens = list(re.finditer(r"\s*\(([^()]*)\)", text))
        if not parens:
            break
        for m in reversed(parens):
            inner = m.group(1).strip()
            if acronym is None and _is_acronym(inner):
                acronym = inner.strip(" .")
            text = (text[: m.start()] + " " + text[m.end():]).strip()
    text = _fold(re.sub(r"\s+([,.;:])", r"\1", text)).strip(" .,;:-–—'\"")
    if text.count('"') % 2:
        text = text.replace('"', "")
    if acronym is None:
        m = re.match(r"^(.{6,}?)\s*[-–—/,]\s*([A-Z][\w.&-]{1,14})$", text)
        if m and _is_acronym(m.group(2)) and not _is_acronym(m.group(1)):
            text, acronym = m.group(1).strip(), m.group(2)
    if not re.search(r"[^\W\d_]", text) or len(re.sub(r"[\W\d_]", "", text)) < 2:
        if acronym:
            text = acronym
        else:
            return _Skipped(raw, "no name in it")
    lowered = _strip_accents(text).casefold()
    words = text.split()
    if lowered.split()[0].rstrip(".") in PERSON_TITLES:
        return _Skipped(raw, "names a person")
    if (len(words) >= 7 and _SENTENCE_MARKERS.search(text)) or (len(words) >= 5 and _FINITE_VERBS.search(text)):
        return _Skipped(raw, "a sentence, not a name")
    if len(words) > 20:
        return _Skipped(raw, "too long to be a name")
    if lowered in ("others", "other", "otros", "otras", "autres", "partners", "etc", "and", "y", "ministry",
                   "ministerio", "department", "departamento", "agency", "agencia", "office", "oficina", "unit",
                   "secretariat", "secretaria", "institution", "institucion", "organisation", "organization"):
        return _Skipped(raw, "too vague to be a body")
    return text, acronym


def _segments(cell: str) -> list[tuple[str, str | None]]:
    """(text, context) pieces of a cell after headings and top-level separators."""
    text = _mark_headings(_normalise_cell(cell))
    out: list[tuple[str, str | None]] = []
    context: str | None = None
    for chunk in text.split(_MARKER):
        if chunk.startswith(_HEAD_MARK) and chunk.endswith(_HEAD_MARK):
            context = chunk.strip(_HEAD_MARK) or None
            continue
        joined = _join_wrapped_lines(chunk)
        joined = _AFTER_ACRONYM.sub(lambda m: m.group(1) + (";" if _is_acronym(m.group(2)) else " "), joined)
        pieces = _split_top(joined)
        for n, (piece, sep) in enumerate(pieces):
            stripped = piece.strip(" .")
            label = _fold(_strip_accents(stripped)).casefold()
            heading = re.match(r"^([^:()]{2,60}?)\s*(?::|(?<=\w)-(?=\s))\s*(.*)$", stripped, re.S)
            if heading and _fold(_strip_accents(heading.group(1))).casefold() in _SHORT_HEADINGS:
                context = _SHORT_HEADINGS[_fold(_strip_accents(heading.group(1))).casefold()]
                stripped = heading.group(2)
            elif heading and heading.group(2).strip() and ":" in stripped:
                # "Organizaciones que conforman la Alianza ...: ACESSA": a label unless it names a body
                label_text = heading.group(1)
                if _head_words(label_text) and not _is_collective(label_text):
                    out.append((label_text, context))
                stripped = heading.group(2)
            elif label in _LONE_HEADINGS and sep in ("", "\n", "•") and n + 1 < len(pieces) \
                    and pieces[n + 1][1] in ("\n", "•"):
                context = _LONE_HEADINGS[label]
                continue
            if len(stripped.split()) > 12 and re.search(r"\S {2,}\S", stripped):
                out += [(part, context) for part in re.split(r" {2,}", stripped) if part.strip()]
            elif stripped.strip():
                out.append((stripped, context))
    return out


_AFTER_ACRONYM = re.compile(r"(\(([^()]{2,16})\))[ \t]+(?=[A-ZÁÉÍÓÚÑ][\w’'-]*\s+[\w(])")


_SHORT_HEADINGS = {_strip_accents(k).casefold(): v for k, v in SHORT_HEADINGS.items()}
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
    for text, context in _segments(cell):
        if context == "persons":
            if skipped is not None:
                skipped.append((_fold(text), "listed under a heading of persons"))
            continue
        for clause in _split_outside(text, _CONNECTOR_RE):
            for part, dash_acronym in _split_pair(clause, _DASH_RE):
                for piece, slash_acronym in _split_pair(part, _SLASH_RE):
                    for name_text in _split_and(piece):
                        cleaned = _clean(name_text)
                        if isinstance(cleaned, _Skipped):
                            if skipped is not None and cleaned.text.strip(" .,;:"):
                                skipped.append((_fold(cleaned.text), cleaned.reason))
                            continue
                        name, acronym = cleaned
                        acronym = acronym or slash_acronym or dash_acronym
                        if acronym and name_key(acronym) == name_key(name):
                            acronym = None
                        key = name_key(name)
                        if key in seen:
                            continue
                        seen.add(key)
                        mentions.append(Mention(name=name, raw=_fold(name_text), acronym=acronym, context=context))
    return mentions


# ---------------------------------------------------------------------------
# Kinds of bodies
# ---------------------------------------------------------------------------

_SECTOR_OF = {"civil-society": "civil-society", "private": "private", "international": "international"}


_SINGULAR_HEADS = frozenset("""
ministry ministerio department departamento office oficina agency agencia authority autoridad commission comision
council consejo committee comite parliament parlamento assembly asamblea senate senado congress congreso chamber
camara court tribunal secretariat secretaria service servicio directorate direccion institute instituto centre
center centro foundation fundacion association asociacion network red coalition federation federacion union union
forum foro platform plataforma university universidad fund fondo bank banco alliance alianza trust programme program
programa initiative iniciativa observatory observatorio caucus house cabinet board team panel chamber
""".split())


def _is_collective(name: str) -> bool:
    """Whether a name stands for an unnamed group ("Line Ministries", "civil society organisations")."""
    key = _strip_accents(name).casefold().strip()
    key = re.sub(r"^(?:the|la|las|los|el|les)\s+", "", key)
    if _GROUP_PHRASES.match(key) or COLLECTIVE_LEADS.match(key):
        return True
    if _is_acronym(name.strip()):
        return False
    words = re.findall(r"[\w-]+", key)
    if not words:
        return False
    if words[0] in COLLECTIVE_HEADS and len(words) > 1 and words[1] in ("of", "de", "del", "des", "que", "who", "which"):
        return True  # "Organizations of Persons with Disabilities", "Members of Parliament"
    return words[-1] in COLLECTIVE_HEADS and not any(w in _SINGULAR_HEADS for w in words[:-1])


def classify_body(name: str, context: str | None = None) -> tuple[str, str]:
    """The kind (one of the edition's ``BODY_KINDS``) and sector a name states.

    Named international and civil-society organisations are recognised anywhere in a name.
    Otherwise the name's head decides: a keyword that opens the name ("Ministry of ...",
    "Fundación ..."), else the last keyword before the first preposition ("Croatian Regulatory
    Authority for Network Industries" is an authority, "Parliamentary Network Africa" a network),
    else the first keyword anywhere. ``context`` is the sector a heading before the name stated;
    it decides only when the name itself says nothing. A name that says nothing and has no
    heading is of kind ``other`` (and, as the edition's default, of the public sector).

    >>> classify_body("Ministry of Justice")
    ('ministry', 'public')
    >>> classify_body("Transparency International Ukraine")
    ('civil-society', 'civil-society')
    >>> classify_body("United Nations Development Programme")
    ('international', 'international')
    >>> classify_body("Council for the Development of Civil Society")
    ('council', 'public')
    >>> classify_body("Croatian Regulatory Authority for Network Industries")
    ('state-agency', 'public')
    >>> classify_body("Parliamentary Network Africa")
    ('civil-society', 'civil-society')
    >>> classify_body("Nova TV d.d.")
    ('private', 'private')
    >>> classify_body("unspecified NGOs and international organisations")
    ('collective', 'civil-society')
    >>> classify_body("GGI", "non-public"), classify_body("GGI")
    (('other', 'civil-society'), ('other', 'public'))
    """
    key = _fold(re.sub(r"[^\w'’&.-]+", " ", _strip_accents(name).casefold())).strip(" .")
    if _is_collective(name):
        for patterns, sector in ((CIVIL_SOCIETY_PATTERNS, "civil-society"), (PRIVATE_PATTERNS, "private"),
                                 (INTERNATIONAL_PATTERNS, "international"),
                                 ((r"organi[sz]ations|organizaciones|associations|asociaciones",), "civil-society")):
            if any(re.search(p, key) for p in patterns):
                return "collective", sector
        return "collective", _context_sector(context)
    public_opening = bool(PUBLIC_LEADS.match(key))
    if not public_opening and any(re.search(p, key) for p in NAMED_INTERNATIONAL):
        return "international", "international"
    office = re.match(r"^(?:office|oficina|bureau|cabinet|gabinete) (?:of|for|de|du|del)(?: the| la| el)? (.+)$", key)
    if office:
        inner_kind, inner_sector = classify_body(office.group(1))
        if inner_kind not in ("other", "collective"):
            return inner_kind, inner_sector
    if any(re.search(p, key) for p in NAMED_CIVIL_SOCIETY):
        return "civil-society", "civil-society"
    matches: list[tuple[int, int, str]] = []  # (start, end, kind)
    for patterns, kind in ((GENERIC_INTERNATIONAL, "international"), (PRIVATE_PATTERNS, "private"),
                           (CIVIL_SOCIETY_PATTERNS, "civil-society")):
        for pattern in patterns:
            matches += [(m.start(), m.end(), kind) for m in re.finditer(pattern, key)]
    for kind, pattern in PUBLIC_KINDS:
        matches += [(m.start(), m.end(), kind) for m in re.finditer(pattern, key)]
    if not matches:
        return "other", _context_sector(context)
    first_word = re.match(r"[\w'’-]*", key).group()
    opening = [m for m in matches if m[0] == 0 and first_word not in _ADJECTIVE_OPENERS]
    preposition = re.search(r"\s(?:of|for|on|in|to|at|under|against|with|de|del|da|do|des|du|para|pour|por)\s", key)
    prefix_end = preposition.start() if preposition else len(key)
    in_prefix = [m for m in matches if m[1] <= prefix_end]
    if opening:
        best = max(opening, key=lambda m: m[1])
    elif in_prefix:
        best = max(in_prefix, key=lambda m: (m[0], m[1]))
    else:
        best = min(matches, key=lambda m: (m[0], -m[1]))
    kind = best[2]
    return kind, _SECTOR_OF.get(kind, "public")


#: Keywords that are adjectives when they open an English name ("Parliamentary Network Africa").
_ADJECTIVE_OPENERS = frozenset({"parliamentary", "municipal", "provincial", "metropolitan", "judicial", "presidential",
                                "regional", "legislative", "territorial", "governmental", "county", "district"})


def _context_sector(context: str | None) -> str:
    if context in ("civil-society", "private", "international"):
        return context
    if context == "non-public":
        return "civil-society"
    return "public"


# ---------------------------------------------------------------------------
# Other cells: codes, dates, years
# ---------------------------------------------------------------------------


def country_code(code_cell: str | None, plan_id: str | None, name: str) -> str:
    """The edition's code for an OGP member: ISO alpha-2 for a country, OGP's own code for a locality.

    >>> country_code("ALB", "AP_ALB01", "Albania"), country_code("ARBA", "AP_ARBA02", "Buenos Aires, Argentina")
    ('AL', 'ARBA')
    >>> country_code("", "AP_XKX01", "Kosovo"), country_code(None, None, "Jalisco, Mexico")
    ('XK', 'JALISCO-MEXICO')
    """
    code = (code_cell or "").strip().upper()
    if not code and plan_id:
        m = re.match(r"^AP_([A-Z]{3,6}?)\d+$", plan_id.strip().upper())
        code = m.group(1) if m else ""
    if code:
        return ALPHA3_TO_ALPHA2.get(code, code)
    return slugify(name).upper()


def commitment_code(cell: str) -> tuple[str, str | None]:
    """A commitment's number as the plan prints it, mending the export's floating-point artefacts.

    >>> commitment_code("2.2999999999999998"), commitment_code("4.0999999999999996"), commitment_code("B.1.A")
    (('2.3', "OGP's export gives the number as '2.2999999999999998', a floating-point artefact; read as '2.3'."), ('4.1', "OGP's export gives the number as '4.0999999999999996', a floating-point artefact; read as '4.1'."), ('B.1.A', None))
    """
    text = _fold(cell).rstrip(".")
    if re.fullmatch(r"\d+\.\d*(?:9{6,}|0{6,})\d*", text):
        mended = repr(float(text))
        return mended, f"OGP's export gives the number as {text!r}, a floating-point artefact; read as {mended!r}."
    return text, None


_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), start=1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS.update({"sept": 9, "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
                "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12})


@dataclass(frozen=True)
class ParsedDate:
    """What a date cell says: an exact day, or only a year, or nothing usable (and why)."""

    day: date | None
    year: int | None
    problem: str | None = None


def _year(text: str) -> int | None:
    value = int(text)
    if len(text) == 2:
        value += 2000
    return value if 1900 <= value <= 2100 else None


def parse_date(cell: str, *, order: str | None = None) -> ParsedDate:
    """Read a Start/End Date cell: ``M/D/YYYY`` (OGP's usual form) where the second number is over
    12 or ``order="mdy"``, ``D/M/YYYY`` where the first is or ``order="dmy"``, ``Month YYYY``,
    ``Quarter N YYYY``, ``YYYY``; two-digit years are 20YY. A day whose month and day could be
    either way (and no ``order`` from the plan's other dates) is not guessed: only its year is kept.

    >>> parse_date("12/31/2022")
    ParsedDate(day=datetime.date(2022, 12, 31), year=2022, problem=None)
    >>> parse_date("31/12/2014").day, parse_date("July 2014"), parse_date("6/30/20").day
    (datetime.date(2014, 12, 31), ParsedDate(day=None, year=2014, problem=None), datetime.date(2020, 6, 30))
    >>> parse_date("1/7/2014").problem
    "'1/7/2014' could be day/month or month/day"
    >>> parse_date("1/7/2014", order="dmy").day
    datetime.date(2014, 7, 1)
    """
    text = _fold(cell)
    if is_null(text):
        return ParsedDate(None, None)
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})", text)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), _year(m.group(3))
        if y is None:
            return ParsedDate(None, None, f"{text!r} has no year nap-kg can read")
        if a > 12 or (order == "dmy" and b <= 12):
            month, day = b, a
        elif b > 12 or order == "mdy" or a == b:
            month, day = a, b
        elif order is None:
            return ParsedDate(None, y, f"{text!r} could be day/month or month/day")
        else:
            month, day = a, b
        try:
            return ParsedDate(date(y, month, day), y)
        except ValueError:
            return ParsedDate(None, y, f"{text!r} is not a date of the calendar")
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        try:
            return ParsedDate(date.fromisoformat(text), int(m.group(1)))
        except ValueError:
            return ParsedDate(None, None, f"{text!r} is not a date of the calendar")
    m = re.fullmatch(r"(?:([A-Za-zé]+)\.?,?|(?:quarter|q)\s*([1-4])|(?:spring|summer|autumn|fall|winter)|"
                     r"(?:first|second|1st|2nd) (?:half|semester)(?: of)?|(?:h|s)[12])\s+(\d{4})", text, re.I)
    if m:
        word = (m.group(1) or "").casefold()
        if m.group(1) and word not in _MONTHS:
            return ParsedDate(None, None, f"{text!r} is not a date nap-kg can read")
        year = _year(m.group(3))
        return ParsedDate(None, year, None if year else f"{text!r} has no year nap-kg can read")
    m = re.fullmatch(r"(\d{4})", text)
    if m:
        year = _year(text)
        return ParsedDate(None, year, None if year else f"{text!r} is not a year")
    return ParsedDate(None, None, f"{text!r} is not a date nap-kg can read")


def _date_order(cells: Iterable[str]) -> str | None:
    """``dmy`` or ``mdy`` when the unambiguous numeric dates among ``cells`` all agree."""
    orders = set()
    for cell in cells:
        m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](?:\d{4}|\d{2})", _fold(cell))
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            if a > 12 >= b:
                orders.add("dmy")
            elif b > 12 >= a:
                orders.add("mdy")
    return orders.pop() if len(orders) == 1 else None


def _plan_year(cell: str) -> int | None:
    text = _fold(cell)
    m = re.fullmatch(r"(\d{4})(?:\.0+)?", text)
    if not m:
        return None
    value = int(m.group(1))
    return value if 1900 <= value <= 2100 else None


# ---------------------------------------------------------------------------
# Converting a file
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BadRow:
    """A row that was not imported: its RFC 7111 row number, its identifier and what is wrong."""

    row: int
    identifier: str | None
    problem: str

    def __str__(self) -> str:
        ident = f" ({self.identifier})" if self.identifier else ""
        return f"row {self.row}{ident}: {self.problem}"


@dataclass
class _BodyMention:
    mention: Mention
    row: int
    column: str
    kind: str
    sector: str


@dataclass
class _Body:
    """A body of one country as the merge builds it."""

    key: str
    collective: bool
    mentions: list[_BodyMention] = field(default_factory=list)
    merged_from: list[tuple[str, _BodyMention, str]] = field(default_factory=list)
    id: str = ""
    name: str = ""
    kind: str = "other"
    sector: str = "public"
    aliases: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    merge_notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Conversion:
    """Everything an export converts to, before anything is written."""

    source: Path
    plans: tuple[dict[str, Any], ...]            # plan.yaml content, by plan
    bodies: dict[str, tuple[dict[str, Any], ...]]  # plan id -> bodies.yaml entries
    folders: dict[str, str]                      # plan id -> folder name
    bad_rows: tuple[BadRow, ...]
    rows: int
    report: dict[str, Any]


Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def _read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str], int]]]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise DataError("file not found", file=str(path)) from None
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise DataError("the file is empty; expected OGP's header row", file=str(path)) from None
        except csv.Error as exc:
            raise DataError(f"not a readable CSV file: {exc}", file=str(path)) from None
        header = [h.strip() for h in header]
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            raise DataError(f"not an OGP commitment export: missing column(s) {', '.join(map(repr, missing))}",
                            file=str(path))
        rows = []
        try:
            for number, values in enumerate(reader, start=2):
                if not any(v.strip() for v in values):
                    continue
                record = {h: (values[i] if i < len(values) else "") for i, h in enumerate(header)}
                rows.append((number, record, len(values)))
        except csv.Error as exc:
            raise DataError(f"row {reader.line_num}: not readable as CSV: {exc}", file=str(path)) from None
    return header, rows


def convert(path: Path | str, *, progress: Progress = _quiet) -> Conversion:
    """Read an OGP export into edition records (plans, their activities, bodies); writes nothing.

    Bad rows are collected (never raised) in ``Conversion.bad_rows``; a file that is not an OGP
    export at all raises :class:`~napkg.graph.errors.DataError`.
    """
    path = Path(path)
    header, rows = _read_rows(path)
    progress(f"read {len(rows)} row(s) of {path.name}")
    bad: list[BadRow] = []
    seen_ids: dict[str, int] = {}
    plans: dict[str, dict[str, Any]] = {}
    plan_rows: dict[str, int] = {}
    per_plan_dates: dict[str, list[str]] = {}
    accepted: list[tuple[int, dict[str, str]]] = []
    for number, record, width in rows:
        ident = _fold(record.get("Commitment Unique Identifier", ""))
        problem = _row_problem(record, ident, width, len(header), seen_ids, plans, plan_rows)
        if problem:
            bad.append(BadRow(number, ident or None, problem))
            continue
        seen_ids[ident] = number
        plan_id = _fold(record["Action Plan ID"])
        if plan_id not in plans:
            plans[plan_id] = _plan_fields(record)
            plan_rows[plan_id] = number
        per_plan_dates.setdefault(plan_id, []).extend(record.get(c, "") for c in ("Start Date", "End Date"))
        accepted.append((number, record))
    for b in bad:
        progress(f"bad {b}")

    # Bodies: every mention, then a conservative merge per country.
    skipped: list[dict[str, Any]] = []
    country_mentions: dict[str, list[_BodyMention]] = {}
    row_mentions: dict[int, dict[str, list[_BodyMention]]] = {}
    for count, (number, record) in enumerate(accepted, start=1):
        plan = plans[_fold(record["Action Plan ID"])]
        code = plan["country"]["code"]
        for column in ("Lead Institution", "Supporting Institution(s)"):
            lost: list[tuple[str, str]] = []
            found = split_institutions(record.get(column, ""), skipped=lost)
            if not found and not is_null(record.get(column)) and column == "Lead Institution":
                whole = _fold(record[column]).strip(" .;,")[:200]
                found = [Mention(name=whole, raw=whole)]
                lost = []
            for text, reason in lost:
                skipped.append({"row": number, "column": column, "text": text, "reason": reason})
            entries = []
            for mention in found:
                kind, sector = classify_body(mention.name, mention.context)
                entries.append(_BodyMention(mention, number, column, kind, sector))
            country_mentions.setdefault(code, []).extend(entries)
            row_mentions.setdefault(number, {})[column] = entries
        if count % 1000 == 0:
            progress(f"split the institutions of {count} row(s)")
    registry = {code: _merge_bodies(mentions, _country_name(plans, code)) for code, mentions in country_mentions.items()}
    by_mention: dict[int, str] = {}
    for bodies in registry.values():
        for body in bodies:
            for bm in body.mentions:
                by_mention[id(bm)] = body.id

    activities: dict[str, list[dict[str, Any]]] = {}
    used: dict[str, dict[str, None]] = {}
    codes: dict[str, Counter[str]] = {}
    for number, record in accepted:
        plan_id = _fold(record["Action Plan ID"])
        codes.setdefault(plan_id, Counter())[commitment_code(record["Commitment Number"])[0] or "?"] += 1
    for number, record in accepted:
        plan_id = _fold(record["Action Plan ID"])
        order = _date_order(per_plan_dates[plan_id])
        lead = [by_mention[id(bm)] for bm in row_mentions[number].get("Lead Institution", [])]
        supporting = [by_mention[id(bm)] for bm in row_mentions[number].get("Supporting Institution(s)", [])]
        activity = _activity(number, record, order, list(dict.fromkeys(lead)), list(dict.fromkeys(supporting)),
                             codes[plan_id])
        activities.setdefault(plan_id, []).append(activity)
        for body_id in activity.get("lead", []) + activity.get("supporting", []):
            used.setdefault(plan_id, {})[body_id] = None

    folders = {plan_id: _plan_slug(plan_id) for plan_id in plans}
    body_records = {code: {b.id: _body_record(b) for b in bodies} for code, bodies in registry.items()}
    plan_docs: list[dict[str, Any]] = []
    plan_bodies: dict[str, tuple[dict[str, Any], ...]] = {}
    source_file = f"sources/{path.name}"
    for plan_id, plan in sorted(plans.items(), key=lambda kv: folders[kv[0]]):
        code = plan["country"]["code"]
        doc = {
            "id": folders[plan_id],
            "title": plan.pop("title"),
            "country": plan["country"],
            "language": None,
            "period": plan["period"],
            "documents": {"export": {
                "file": source_file,
                "title": f"OGP commitment data export ({path.name})",
                "media_type": "text/csv",
                "columns": dict(FIELD_COLUMNS),
            }},
            "source": {"document": "export", "rows": [plan_rows[plan_id]] * 2, "column": "Action Plan ID"},
            "notes": plan["notes"],
            "activities": activities.get(plan_id, []),
        }
        plan_docs.append(doc)
        ids = sorted(used.get(plan_id, {}))
        plan_bodies[plan_id] = tuple(body_records[code][i] for i in ids)

    report = _report(path, rows, accepted, bad, plans, folders, registry, skipped)
    progress(f"{len(accepted)} commitment(s) in {len(plans)} plan(s); "
             f"{sum(len(b) for b in registry.values())} bodies in {len(registry)} countries/localities")
    return Conversion(
        source=path,
        plans=tuple(plan_docs),
        bodies={doc["id"]: plan_bodies[pid] for pid, doc in zip(sorted(plans, key=lambda p: folders[p]), plan_docs)},
        folders={pid: folders[pid] for pid in plans},
        bad_rows=tuple(bad),
        rows=len(rows),
        report=report,
    )


def _row_problem(record: dict[str, str], ident: str, width: int, expected: int, seen_ids: dict[str, int],
                 plans: dict[str, dict[str, Any]], plan_rows: dict[str, int]) -> str | None:
    if width != expected:
        return f"has {width} field(s), the header has {expected}"
    if not ident or is_null(ident):
        return "missing Commitment Unique Identifier"
    if ident in seen_ids:
        return f"duplicated Commitment Unique Identifier {ident!r} (first at row {seen_ids[ident]})"
    plan_id = _fold(record.get("Action Plan ID", ""))
    if not plan_id or is_null(plan_id):
        return "missing Action Plan ID"
    if not slugify(plan_id):
        return f"Action Plan ID {plan_id!r} has no letters or digits"
    if is_null(record.get("Country/Locality")):
        return "missing Country/Locality"
    for column in ("Year Of Submission", "Action Plan End Year"):
        if _plan_year(record.get(column, "")) is None:
            return f"unparsable year in {column!r}: {record.get(column, '')!r}"
    start, end = _plan_year(record["Year Of Submission"]), _plan_year(record["Action Plan End Year"])
    assert start is not None and end is not None
    if end < start:
        return f"the plan ends ({end}) before it is submitted ({start})"
    title = _fold(record.get("Commitment Title", "")) or _fold(record.get("Short Title", ""))
    if not title or is_null(title):
        return "missing Commitment Title"
    if plan_id in plans:
        known = plans[plan_id]
        fields = _plan_fields(record)
        for label, a, b in (("Country/Locality", known["country"]["name"], fields["country"]["name"]),
                            ("Year Of Submission", known["period"]["start"], fields["period"]["start"]),
                            ("Action Plan End Year", known["period"]["end"], fields["period"]["end"])):
            if a != b:
                return (f"{label} {b!r} disagrees with row {plan_rows[plan_id]} of the same plan {plan_id!r} ({a!r})")
    return None


def _plan_fields(record: dict[str, str]) -> dict[str, Any]:
    name = _fold(record["Country/Locality"])
    plan_id = _fold(record["Action Plan ID"])
    code = country_code(record.get("Code"), plan_id, name)
    start, end = _plan_year(record["Year Of Submission"]), _plan_year(record["Action Plan End Year"])
    number = _fold(record.get("Action Plan Number", ""))
    numbered = f", action plan number {number}" if number and not is_null(number) else ""
    return {
        "title": f"{name} Action Plan {start}-{end}",
        "country": {"code": code, "name": name},
        "period": {"start": start, "end": end},
        "notes": (f"Imported from OGP's commitment data export: Action Plan ID {plan_id}{numbered}. The export "
                  f"gives no plan title; this one is composed from the country or locality, the year of "
                  f"submission and the end year."),
    }


def _country_name(plans: dict[str, dict[str, Any]], code: str) -> str:
    for plan in plans.values():
        if plan["country"]["code"] == code:
            return plan["country"]["name"].split(",")[0].strip()
    return ""


def _plan_slug(plan_id: str) -> str:
    return slugify(plan_id.replace("_", "-"))


def _assessments(record: dict[str, str], notes: list[str]) -> dict[str, str]:
    out = {}
    for key, (column, table) in _ASSESSMENT_COLUMNS.items():
        raw = record.get(column)
        if raw is None:
            continue
        value = _fold(raw)
        if not value:
            continue
        mapped = table.get(value.casefold())
        if mapped is None:
            notes.append(f"{column} says {value!r}, which is neither on the IRM's scale nor a known gap; not imported.")
        else:
            out[key] = mapped
    return out


def _activity(number: int, record: dict[str, str], order: str | None, lead: list[str], supporting: list[str],
              codes: Counter[str]) -> dict[str, Any]:
    notes: list[str] = []
    ident = _fold(record["Commitment Unique Identifier"])
    code, code_note = commitment_code(record.get("Commitment Number", ""))
    if code_note:
        notes.append(code_note)
    if not code or is_null(code):
        code = ident
        notes.append("The export gives no commitment number; the commitment's OGP identifier stands in for it.")
    elif codes[code] > 1:
        notes.append(f"The export gives the number {code!r} to {codes[code]} commitments of this plan; "
                     f"the OGP identifier is added to tell them apart.")
        code = f"{code} ({ident})"
    title = _fold(record.get("Commitment Title", "")) or _fold(record.get("Short Title", ""))
    if not _fold(record.get("Commitment Title", "")):
        notes.append("The export gives no Commitment Title; its Short Title is used.")
    activity: dict[str, Any] = {
        "code": code,
        "identifier": ident,
        "title": title,
        "source": {"document": "export", "rows": [number, number]},
    }
    url = _fold(record.get("URL", ""))
    if url and re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", url):
        activity["url"] = url
    elif url and not is_null(url):
        notes.append(f"The URL cell {url!r} is not a web address; not imported.")
    description = (record.get("Full Text") or "").strip()
    if description and not is_null(description):
        activity["description"] = description
    years = []
    for key, column in (("start_date", "Start Date"), ("end_date", "End Date")):
        parsed = parse_date(record.get(column, ""), order=order)
        if parsed.day:
            activity[key] = parsed.day
        if parsed.problem:
            notes.append(f"{column}: {parsed.problem}; not imported as a date.")
        years.append(parsed.year)
    if years[0] and years[1]:
        if years[0] <= years[1]:
            activity["period"] = {"start": years[0], "end": years[1]}
        else:
            notes.append(f"The export's dates end ({years[1]}) before they start ({years[0]}); no period imported.")
    if lead:
        activity["lead"] = lead
    if supporting:
        activity["supporting"] = supporting
    for key, column in (("lead_text", "Lead Institution"), ("supporting_text", "Supporting Institution(s)")):
        raw = record.get(column, "")
        if raw.strip():
            activity[key] = raw
    assessments = _assessments(record, notes)
    if assessments:
        activity["assessments"] = assessments
    if notes:
        activity["notes"] = " ".join(notes)
    return activity


# ---------------------------------------------------------------------------
# Merging the bodies of one country
# ---------------------------------------------------------------------------


def _merge_bodies(mentions: list[_BodyMention], country: str) -> list[_Body]:
    """Group a country's mentions into bodies, conservatively, recording every merge.

    Two spellings are one body when their :func:`name_key` agree (case, accents, punctuation,
    articles, "&", British/American spelling, a leading "NGO", a trailing "of <country>"), or
    when one is an acronym that exactly one other body of the country carries. Collective
    groups are never merged with single bodies.
    """
    bodies: dict[tuple[bool, str], _Body] = {}
    for bm in mentions:
        collective = bm.kind == "collective"
        key = (collective, name_key(bm.mention.name, country=country))
        body = bodies.setdefault(key, _Body(key=key[1], collective=collective))
        body.mentions.append(bm)
    # acronyms carried by exactly one body
    carriers: dict[str, set[tuple[bool, str]]] = {}
    for key, body in bodies.items():
        for bm in body.mentions:
            if bm.mention.acronym:
                carriers.setdefault(name_key(bm.mention.acronym), set()).add(key)
    for key in list(bodies):
        body = bodies[key]
        names = {bm.mention.name for bm in body.mentions}
        if key[0] or not all(_is_acronym(n) for n in names):
            continue
        owners = carriers.get(key[1], set()) - {key}
        if len(owners) == 1:
            target = bodies[owners.pop()]
            for bm in body.mentions:
                target.merged_from.append((bm.mention.name, bm, "acronym"))
            target.mentions.extend(body.mentions)
            del bodies[key]
    out = list(bodies.values())
    for body in out:
        _settle(body)
    _assign_ids(out)
    _check_aliases(out)
    return sorted(out, key=lambda b: b.id)


def _settle(body: _Body) -> None:
    """Choose a body's name, kind, sector and aliases from its mentions, and write its merge notes."""
    counts = Counter(bm.mention.name for bm in body.mentions)
    first = {}
    for i, bm in enumerate(body.mentions):
        first.setdefault(bm.mention.name, i)
    body.name = min(counts, key=lambda n: (_is_acronym(n), -counts[n], first[n]))
    kinds = [(bm.kind, bm.sector) for bm in body.mentions if bm.mention.name == body.name]
    kinds += [(bm.kind, bm.sector) for bm in body.mentions]
    decided = [ks for ks in kinds if ks[0] != "other"]
    kind, sector = (decided or kinds)[0]
    if body.collective:
        kind = "collective"
    body.notes = []
    if kind == "other":
        said = {bm.mention.context for bm in body.mentions if bm.mention.context}
        if said:
            body.notes.append("The export's text does not say what kind of body this is; its sector is taken "
                              "from the heading it is listed under.")
        else:
            body.notes.append("The export's text does not say what kind of body this is; it is left as 'other' "
                              "(and public, the edition's default sector).")
    body.kind, body.sector = kind, sector
    aliases = []
    for name in counts:
        if name != body.name and name.casefold() != body.name.casefold():
            aliases.append(name)
    for bm in body.mentions:
        if bm.mention.acronym and bm.mention.acronym not in aliases and bm.mention.acronym != body.name:
            aliases.append(bm.mention.acronym)
    unique: dict[str, str] = {}
    for alias in aliases:
        unique.setdefault(alias.casefold(), alias)
    body.aliases = list(unique.values())
    merged: list[str] = []
    noted: set[str] = set()
    via_acronym = {id(bm) for _, bm, _ in body.merged_from}
    for bm in body.mentions:
        spelling = bm.mention.name
        if spelling == body.name or spelling in noted:
            continue
        noted.add(spelling)
        where = f"row {bm.row}, {bm.column}"
        if id(bm) in via_acronym:
            merged.append(f"{spelling!r} ({where}) merged into {body.name!r}: it is the acronym the export gives "
                          f"for this body, and no other body of the country carries it.")
        else:
            merged.append(f"{spelling!r} ({where}) merged into {body.name!r}: the same name once case, accents, "
                          f"punctuation, articles, spelling variants and the country's name are set aside.")
    body.merged_from = []
    body.merge_notes = merged


def _assign_ids(bodies: list[_Body]) -> None:
    taken: set[str] = set()
    for body in sorted(bodies, key=lambda b: (b.mentions[0].row, b.name)):
        base = slugify(body.name) or "body-" + hashlib.sha1(body.key.encode()).hexdigest()[:8]
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        body.id = candidate
        taken.add(candidate)


def _check_aliases(bodies: list[_Body]) -> None:
    """An alias must name one body only: drop any that two bodies of a country claim."""
    owners: dict[str, set[str]] = {}
    for body in bodies:
        for name in [body.name, *body.aliases]:
            owners.setdefault(name.casefold(), set()).add(body.id)
    for body in bodies:
        kept = []
        for alias in body.aliases:
            if len(owners[alias.casefold()]) > 1:
                others = sorted(owners[alias.casefold()] - {body.id})
                body.notes.append(f"{alias!r} also names {', '.join(others)} in the export; it is not kept as an "
                                  f"alias of this body (it stays among the raw names).")
            else:
                kept.append(alias)
        body.aliases = kept


def _body_record(body: _Body) -> dict[str, Any]:
    first = body.mentions[0]
    record: dict[str, Any] = {
        "id": body.id,
        "name": body.name,
        "kind": body.kind,
        "sector": body.sector,
        "source": {"document": "export", "rows": [first.row, first.row], "column": first.column},
    }
    if body.aliases:
        record["aliases"] = body.aliases
    record["raw_names"] = list(dict.fromkeys(bm.mention.raw for bm in body.mentions))
    if body.merge_notes:
        record["merge_notes"] = body.merge_notes
    if body.notes:
        record["notes"] = " ".join(body.notes)
    return record


# ---------------------------------------------------------------------------
# The report and writing
# ---------------------------------------------------------------------------


def _report(path: Path, rows: list, accepted: list, bad: list[BadRow], plans: dict[str, dict[str, Any]],
            folders: dict[str, str], registry: dict[str, list[_Body]], skipped: list[dict[str, Any]]) -> dict[str, Any]:
    all_bodies = [b for bodies in registry.values() for b in bodies]
    per_country: Counter[str] = Counter()
    per_plan: Counter[str] = Counter()
    for _, record in accepted:
        per_country[_fold(record["Country/Locality"])] += 1
        per_plan[folders[_fold(record["Action Plan ID"])]] += 1
    return {
        "file": path.name,
        "row_numbers": "RFC 7111: the header is row 1, the first commitment row 2",
        "rows": len(rows),
        "imported": len(accepted),
        "bad_rows": [{"row": b.row, "identifier": b.identifier, "problem": b.problem} for b in bad],
        "plans": len(plans),
        "countries": len({p["country"]["code"] for p in plans.values()}),
        "commitments_per_country": dict(sorted(per_country.items())),
        "commitments_per_plan": dict(sorted(per_plan.items())),
        "bodies": len(all_bodies),
        "bodies_per_kind": dict(sorted(Counter(b.kind for b in all_bodies).items())),
        "bodies_per_sector": dict(sorted(Counter(b.sector for b in all_bodies).items())),
        "merges": sum(len(b.merge_notes) for b in all_bodies),
        "not_bodies": skipped,
        "columns": FIELD_COLUMNS,
    }


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]  # libyaml when present
    """YAML with multi-line texts as literal blocks and no line folding."""


def _str_representer(dumper: Any, value: str) -> Any:
    if "\n" in value and not re.search(r"[ \t]\n|\n[ \t]|[^\S\n]$|^\s", value) and "\r" not in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str_representer)


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6)


def write_edition(conversion: Conversion, out_dir: Path | str, *, progress: Progress = _quiet) -> Path:
    """Write a conversion as a data folder, atomically: staged beside ``out_dir``, swapped in at the end.

    Refuses to replace a folder that holds files but no ``import-report.json`` (it is not an
    earlier import, and might be a hand-made edition).
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and (not out_dir.is_dir() or (any(out_dir.iterdir())
                                                       and not (out_dir / "import-report.json").exists())):
        raise DataError("will not replace a folder that is not an earlier import (it has no import-report.json); "
                        "give an empty or new folder", file=str(out_dir))
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        (staging / "sources").mkdir()
        shutil.copyfile(conversion.source, staging / "sources" / conversion.source.name)
        for plan in conversion.plans:
            folder = staging / "plans" / plan["id"]
            folder.mkdir(parents=True)
            (folder / "plan.yaml").write_text(_dump(plan), encoding="utf-8")
            (folder / "bodies.yaml").write_text(_dump({"bodies": list(conversion.bodies[plan["id"]])}), encoding="utf-8")
        (staging / "import-report.json").write_text(
            json.dumps(conversion.report, indent=2, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")
        progress(f"wrote {len(conversion.plans)} plan folder(s)")
        swap_in(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out_dir


@dataclass(frozen=True)
class ImportResult:
    conversion: Conversion
    out_dir: Path

    @property
    def report(self) -> dict[str, Any]:
        return self.conversion.report


def import_ogp(path: Path | str, out_dir: Path | str, *, on_bad_row: str = "skip",
               progress: Progress = _quiet) -> ImportResult:
    """``napkg import-ogp``: convert an OGP export and write it as a data folder.

    With ``on_bad_row="fail"`` any bad row stops the import before anything is written, with
    a :class:`~napkg.graph.errors.DataError` listing every bad row; with ``"skip"`` bad rows
    are left out and listed in ``import-report.json``.
    """
    if on_bad_row not in BAD_ROW_POLICIES:
        raise DataError(f"on_bad_row must be one of {', '.join(BAD_ROW_POLICIES)}, not {on_bad_row!r}")
    conversion = convert(path, progress=progress)
    if conversion.bad_rows and on_bad_row == "fail":
        listed = "\n  ".join(str(b) for b in conversion.bad_rows)
        raise DataError(f"{len(conversion.bad_rows)} bad row(s); nothing written:\n  {listed}", file=str(path))
    if not conversion.plans:
        raise DataError("no row could be imported; nothing written", file=str(path))
    write_edition(conversion, out_dir, progress=progress)
    return ImportResult(conversion=conversion, out_dir=Path(out_dir))
