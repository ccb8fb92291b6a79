"""The keyword tables the institution splitter and the classifier read: bullets, headings, connecting
phrases, head words, person markers, and the patterns of each kind of body, in several languages.

``docs/ogp-import.md`` states the rules they serve in prose.
"""

from __future__ import annotations

import re

__all__ = [
    "BULLETS", "HEADINGS", "SHORT_HEADINGS", "CONNECTORS", "LEADING_FILLERS", "DROPPED_PHRASES",
    "CONNECTOR_WORDS", "CONJUNCTIONS", "ARTICLES", "HEAD_WORDS", "HEAD_PHRASES", "HEAD_ADJECTIVES",
    "PORTFOLIO_HEADS", "LEGAL_SUFFIXES", "ABBREVIATIONS", "PERSON_TITLES", "PERSON_MARKERS", "FINITE_VERBS",
    "SENTENCE_MARKERS", "NAMED_INTERNATIONAL", "GENERIC_INTERNATIONAL", "INTERNATIONAL_PATTERNS",
    "PRIVATE_PATTERNS", "CIVIL_SOCIETY_PATTERNS", "NAMED_CIVIL_SOCIETY", "PUBLIC_KINDS", "PUBLIC_LEADS",
    "COLLECTIVE_LEADS", "COLLECTIVE_HEADS", "GROUP_PHRASES"
]


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
    (r"\band\s+(?:related|other|its|their|relevant)\s+[^•:;\n]*?\bgovernment\s+teams?\s+(?:including|such as|namely)\s*:",
     "public"),
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
    r"implemented by", r"responsible institution:?", r"honou?rable", r"initiator:?", r"coordinator:", r"coordinated by",
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
CONJUNCTIONS = r"and|y|e|et|und|i|&|or|o|ou"
ARTICLES = frozenset({"the", "la", "el", "los", "las", "le", "les", "l'", "der", "die", "das", "o", "a", "os", "as"})

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
programme program programa knesset riigikogu saeima seimas oireachtas sejm senat movement movimiento
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
PERSON_MARKERS = re.compile(r"\((?:expert|consultant|independent expert)\)|\bindependent consultant\b|"
                             r"(?<!office of the )(?<!office of )\bchief of staff\b|\bfocal person\b|\bfocal point\b|"
                             r"^head of (?!service|government|state|the civil service)", re.I)
FINITE_VERBS = re.compile(r"\b(?:will|would|shall|should|can|could|may|might|must|have|has|had|is|are|was|were|"
                           r"been|involves|consists)\b", re.I)
SENTENCE_MARKERS = re.compile(
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
    r"\bnot-for-?profit\b", r"\bnpos?\b", r"\bcs[o0]s?\b", r"\boscs?\b", r"\bong\b", r"\bongs\b", r"civil society",
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
    r"\bparents\b", r"\byouth (?:centers|centres|organi[sz]ations)\b", r"\bthird sector\b", r"\bpeak bodies\b",
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
                  r"human rights defender(?!s)|commissioner for human rights|comisionado nacional de los derechos humanos"),
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
    ("state-owned-company", r"state enterprise|state-owned|empresa publica|public enterprise|state company|"
                            r"^empresa (?:nacional|estatal|municipal|[a-z]+(?:ena|ana|ina|esa|ola)) de\b"),
    ("public-legal-entity", r"\blepl\b|\bncle\b|legal entity of public law|public law entity|state institution"),
    ("state-agency", r"agency|agencia|agence|authority|autoridad|autorite|\bservice\b|servicio|servico|office|"
                     r"oficina|bureau|directorate|direccion|direction generale|secretariat|secretaria|\bunit\b|"
                     r"unidad|inspectorate|inspection|treasury|tesoreria|registry|registro|superintendenc|"
                     r"department|departamento|institute of statistics|statistics|statistical office|police|policia|"
                     r"customs|revenue|tax authority|\bfund\b|committee|comite|comision|task ?force|working group|"
                     r"secretary|secretario|plenipotentiary|commissioner|comisionado|regulator|regulatory|"
                     r"\barchives?\b|national library|biblioteca|school of public administration|"
                     r"academy of public administration|institute of public administration|"
                     r"\bdirection (?:for|of|de|du|des)\b"),
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
    r"outros|outras|todas as|todos os|sujetos obligados)\b")
COLLECTIVE_HEADS = frozenset("""
ministries ministerios ministeres agencies agencias authorities autoridades bodies institutions instituciones
organisations organizations organizaciones organismos entities entidades ngos csos oscs ongs municipalities
municipalidades municipios governments gobiernos units unidades departments departamentos universities
universidades partners socios donors citizens ciudadanos ciudadania experts expertos academics academia
researchers media stakeholders actors actores parties partidos companies empresas businesses administrations
communities comunidades schools colleges leaders representatives members associations asociaciones groups
committees comites commissions councils offices services servicios counties governors mayors assemblies
providers users public society sector professionals lawyers teachers students pupils parents youth women
farmers workers consumers journalists ngo-s collectivities hurals federations centers centres institutes
sujetos cs0s
""".split())
GROUP_PHRASES = re.compile(
    r"^(?:civil society|sociedad civil|sociedade civil|societe civile|private sector|sector privado|"
    r"general public|public|academia|media|local governments?|local authorities|"
    r"the judiciary|judiciary|citizenship|citizens|youth|women|working groups?)$")
