"""Synthetic plans shaped like real ones, at any scale, for tests and benchmarks.

:func:`write_synthetic_edition` writes a data edition folder (``data/README.md``) for
``activities`` activities and ``bodies`` bodies:

- sections of about :data:`SECTION_SIZE` activities, numbered "1", "2", … with activity codes
  "1.1", "1.2", … as real plans print them;
- 1–8 implementers per activity (most have one or two), drawn with a Zipf-like skew
  (weight ``1 / rank``) so that a few bodies carry much of the load, as ministries of finance
  and justice do in real plans; collective bodies ("central executive authorities") among
  them; about a third of the activities also recommended to one or two other bodies;
- periods within the plan's (a few missing, with a note), and a progress report whose
  evidence grades most activities on the completion scale, quotes a phrase as its basis and
  names some implementers as actors; recommendations and a summary figure;
- two source documents (``sources/<plan>-plan.txt`` and ``sources/<plan>-report.txt``) that
  print every verbatim text at the lines the records cite, so provenance is real and the
  build's quote check runs on synthetic plans as on real ones.

The output is a function of the arguments only (``seed`` included): the same call writes the
same bytes. It loads and builds through the same code path as the real data
(:func:`napkg.graph.edition.load_edition`, :func:`napkg.graph.publish.build_and_check`) and
passes the same shapes. Texts are made of English words but say nothing real; body names
are invented (a fictitious country, code ``XS``).

The edition is written as JSON (``plan.json``, ``bodies.json``, ``progress-<date>.json``), the
machine-written form of the data format, which loads many times faster than YAML at scale.

Examples
--------
>>> import tempfile
>>> from napkg.graph.edition import load_edition
>>> with tempfile.TemporaryDirectory() as tmp:
...     summary = write_synthetic_edition(tmp, activities=40, bodies=12, seed=1)
...     edition = load_edition(tmp)
>>> summary.activities, len(edition.plans[0].activities), len(edition.plans[0].bodies)
(40, 40, 12)
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "SyntheticSummary", "write_synthetic_edition", "synthetic_plan_id", "SECTION_SIZE", "COUNTRY",
    "zipf_weights",
]

SECTION_SIZE = 8
"""Activities per section (real plans have 5 to 15)."""

COUNTRY = ("XS", "Synthetic Republic")
"""The fictitious country of synthetic plans (``XS`` is a user-assigned ISO 3166 code)."""

PLAN_START, PLAN_END = 2021, 2024
REPORT_DATE = "2023-06-30"
_STATUS_WEIGHTS = (("not-started", 15), ("limited", 30), ("substantial", 30), ("complete", 25))

_DOMAINS = (
    "Finance", "Justice", "Education", "Health", "Economy", "Labour and Social Protection", "Energy",
    "Agriculture", "Transport", "Digital Development", "Culture", "Youth and Sports", "Ecology",
    "Internal Affairs", "Foreign Affairs", "Defence", "Emergency Situations", "Taxes", "Customs",
    "Statistics", "Public Procurement", "Property Issues", "Land Registry", "Water Resources",
    "Tourism", "Migration", "Family and Children", "Construction", "Communications", "Public Services",
    "Anti-Corruption", "Competition", "Audit", "Pensions", "Housing", "Forestry", "Fisheries",
    "Science", "Innovation", "Archives", "Civil Service", "Elections", "Local Development",
    "Financial Markets", "Mining", "Veterinary Control", "Food Safety", "Standards", "Patents",
    "Religious Affairs", "Diaspora", "Refugees", "Veterans", "Roads", "Railways", "Aviation",
    "Maritime Affairs", "Telecommunications", "Media", "Consumer Protection",
)
_KINDS = (  # (name pattern, kind, weight)
    ("Ministry of {d}", "ministry", 10), ("State Committee for {d}", "state-committee", 6),
    ("State Service for {d}", "state-service", 8), ("State Agency for {d}", "state-agency", 10),
    ("Commission on {d}", "commission", 4), ("Council for {d}", "council", 4),
    ("Public Legal Entity for {d}", "public-legal-entity", 4), ("{d} Company", "state-owned-company", 3),
    ("Association of {d} Professionals", "professional-body", 2), ("{d} Watch", "civil-society", 5),
    ("{d} Research Centre", "private", 2), ("International Partnership for {d}", "international", 1),
    ("Local Authority of {d}", "local-government", 3),
)
_COLLECTIVES = (
    "central executive authorities", "local executive authorities", "state bodies", "municipalities",
    "relevant state bodies", "civil society institutions", "state-owned companies", "courts",
    "public legal entities", "law enforcement bodies", "higher education institutions", "media organisations",
)
_SYLLABLES = ("ka", "ra", "bel", "nu", "van", "zor", "li", "ta", "mir", "sha", "dor", "ben", "qa", "lo", "sut", "ev",
              "ar", "min", "gol", "tu", "ser", "ya", "kon", "di")
_VERBS = ("Improving", "Expanding", "Ensuring", "Strengthening", "Developing", "Introducing", "Preparing",
          "Establishing", "Increasing", "Modernising", "Drafting", "Conducting", "Publishing", "Simplifying")
_OBJECTS = ("transparency of", "public participation in", "accountability for", "electronic services for",
            "open data on", "the legal framework of", "public oversight of", "access to information on",
            "the monitoring of", "integrity standards in", "the registry of", "feedback mechanisms for",
            "the disclosure of", "training programmes on", "risk assessment in")
_TOPICS = ("public procurement", "budget spending", "beneficial ownership", "state grants", "public services",
           "local self-governance", "extractive industries", "customs procedures", "court decisions",
           "asset declarations", "public consultations", "complaint handling", "state property",
           "tax administration", "social benefits", "health services", "school management",
           "environmental permits", "construction permits", "civil society registration")
_INDICATORS = ("Number of {t} published online", "Methodology on {t} adopted", "Share of {t} processed electronically",
               "Annual report on {t} published", "Draft law on {t} submitted", "Portal on {t} launched",
               "Training on {t} held", "Survey on {t} conducted")
_DONE = ("has been completed", "was adopted", "was launched", "has been published", "was held")
_PROGRESS = ("is being drafted", "has been partially implemented", "is under discussion with stakeholders",
             "was started", "is in its pilot phase")
_WAITING = ("is planned for the next year", "has not yet started", "was postponed", "awaits funding")
_VERB_OF_STATUS = {"complete": _DONE, "substantial": _PROGRESS, "limited": _PROGRESS, "not-started": _WAITING}
_FILLER = ("In the reporting period", "According to the information received", "As part of this measure",
           "In cooperation with civil society", "With the support of international partners", "In addition")


@dataclass(frozen=True)
class SyntheticSummary:
    """What :func:`write_synthetic_edition` wrote."""

    folder: Path
    plan_id: str
    activities: int
    bodies: int
    collective_bodies: int
    evidence: int
    seed: int


def synthetic_plan_id(activities: int, seed: int) -> str:
    """The plan id (and folder name) of a synthetic plan.

    >>> synthetic_plan_id(5000, 0)
    'xs-synthetic-5000-s0'
    """
    return f"xs-synthetic-{activities}-s{seed}"


def zipf_weights(n: int, *, exponent: float = 1.0) -> list[float]:
    """Zipf-like weights ``1 / rank**exponent`` for ranks 1..n.

    >>> [round(w, 2) for w in zipf_weights(4)]
    [1.0, 0.5, 0.33, 0.25]
    """
    return [1.0 / (rank ** exponent) for rank in range(1, n + 1)]


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _place_name(index: int) -> str:
    """An invented region name for ``index`` (distinct for distinct indexes)."""
    parts, n = [], index
    while True:
        parts.append(_SYLLABLES[n % len(_SYLLABLES)])
        n //= len(_SYLLABLES)
        if n == 0:
            break
    return "".join(parts).capitalize()


@dataclass
class _Body:
    id: str
    name: str
    kind: str
    alias: str | None = None
    parent: str | None = None
    line: int = 0


def _make_bodies(rng: random.Random, count: int) -> list[_Body]:
    """``count`` bodies with distinct ids and names; about 3 % are collective."""
    n_collective = min(len(_COLLECTIVES), max(1, count * 3 // 100)) if count >= 4 else 0
    bodies: list[_Body] = [_Body(_slug(name), name[0].upper() + name[1:], "collective")
                           for name in _COLLECTIVES[:n_collective]]
    patterns = [k for k in _KINDS for _ in range(k[2])]
    seen = {b.id for b in bodies}
    combos = [(p, d) for p in _KINDS for d in _DOMAINS]
    rng.shuffle(combos)
    region = 0
    for index in itertools.count():
        if len(bodies) >= count:
            break
        if index < len(combos):
            (pattern, kind, _), domain = combos[index]
            name = pattern.format(d=domain)
        else:  # regional bodies once the national ones are used up
            pattern, kind, _ = rng.choice(patterns)
            name = f"{pattern.format(d=rng.choice(_DOMAINS))} of {_place_name(region)} Region"
            region += 1
        body_id = _slug(name)
        if body_id in seen:
            continue
        seen.add(body_id)
        bodies.append(_Body(body_id, name, kind))
    ministries = [b for b in bodies if b.kind == "ministry"]
    for body in bodies:
        roll = rng.random()
        if body.kind != "collective" and roll < 0.25:
            body.alias = f"{body.name} of the {COUNTRY[1]}"
        if body.kind in ("state-service", "state-agency") and ministries and roll > 0.7:
            body.parent = rng.choice(ministries).id
    return bodies


def _sentence(rng: random.Random, words: Sequence[str]) -> str:
    return " ".join(rng.choice(words) for _ in range(3))


class _Lines:
    """A source document being written, line by line; knows the next line's number."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, text: str) -> int:
        self.lines.append(text)
        return len(self.lines)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _pick(rng: random.Random, cumulative: list[float], population: list[int], k: int, exclude: set[int]) -> list[int]:
    """``k`` distinct indexes drawn with the weights whose running sums are ``cumulative``."""
    chosen: list[int] = []
    total = cumulative[-1]
    tries = 0
    while len(chosen) < k and tries < 50 * k:
        tries += 1
        index = population[bisect.bisect_right(cumulative, rng.random() * total)]
        if index not in exclude and index not in chosen:
            chosen.append(index)
    return chosen


def write_synthetic_edition(
    out_dir: Path | str,
    *,
    activities: int,
    bodies: int | None = None,
    seed: int = 0,
    exponent: float = 1.0,
) -> SyntheticSummary:
    """Write a synthetic data edition for ``activities`` activities and ``bodies`` bodies into ``out_dir``.

    ``bodies`` defaults to ``activities // 5`` (at least 8). ``exponent`` is the skew of the
    implementer draw (weight ``1 / rank**exponent``; 0 draws uniformly). ``out_dir`` becomes a
    data folder: ``sources/`` and ``plans/<plan id>/`` (``plan.json``, ``bodies.json``,
    ``progress-<date>.json``); existing files of the same names are replaced.
    """
    if activities < 1:
        raise ValueError("activities must be at least 1")
    bodies = max(8, activities // 5) if bodies is None else bodies
    if bodies < 2:
        raise ValueError("bodies must be at least 2")
    rng = random.Random(seed)
    out = Path(out_dir)
    plan_id = synthetic_plan_id(activities, seed)
    folder = out / "plans" / plan_id
    folder.mkdir(parents=True, exist_ok=True)
    (out / "sources").mkdir(parents=True, exist_ok=True)
    plan_file, report_file = f"sources/{plan_id}-plan.txt", f"sources/{plan_id}-report.txt"

    body_list = _make_bodies(rng, bodies)
    singles = [i for i, b in enumerate(body_list) if b.kind != "collective"]
    collectives = [i for i, b in enumerate(body_list) if b.kind == "collective"]
    ranked = singles[:]
    rng.shuffle(ranked)  # which bodies carry the load: a random order, weighted by rank
    cumulative = list(itertools.accumulate(zipf_weights(len(ranked), exponent=exponent)))

    plan_text, report_text = _Lines(), _Lines()
    title = f"Synthetic National Action Plan {PLAN_START}-{PLAN_END} ({activities} activities, seed {seed})"
    title_line = plan_text.add(title)
    n_sections = max(1, -(-activities // SECTION_SIZE))
    out_plan: dict[str, Any] = {
        "id": plan_id, "title": title, "country": {"code": COUNTRY[0], "name": COUNTRY[1]},
        "period": {"start": PLAN_START, "end": PLAN_END}, "adopted": f"{PLAN_START}-01-15",
        "documents": {
            "plan": {"file": plan_file, "title": title, "date": f"{PLAN_START}-01-15"},
            "report": {"file": report_file, "title": "Self-assessment report on the " + title, "date": REPORT_DATE},
        },
        "source": _place("plan", title_line, title_line),
        "notes": f"A synthetic plan written by napkg synth: {activities} activities, {len(body_list)} bodies, "
                 f"seed {seed}. Texts and bodies are invented.",
    }
    section_list: list[dict[str, Any]] = []
    activity_list: list[dict[str, Any]] = []
    evidence_list: list[dict[str, Any]] = []
    codes: list[str] = []
    named: dict[int, int] = {}  # body index -> the line where the plan first names it
    statuses = [s for s, w in _STATUS_WEIGHTS for _ in range(w)]
    k_weights = list(itertools.accumulate((40, 25, 14, 9, 5, 3, 2, 2)))  # 1..8 implementers
    remaining = activities
    for s in range(1, n_sections + 1):
        topic = _TOPICS[(s - 1) % len(_TOPICS)]
        section_title = f"Measures on {topic} ({s})"
        line = plan_text.add(f"{s}. {section_title}")
        section_list.append({"number": str(s), "title": section_title, "source": _place("plan", line, line)})
        for a in range(1, min(SECTION_SIZE, remaining) + 1):
            code = f"{s}.{a}"
            codes.append(code)
            act_topic = rng.choice(_TOPICS)
            act_title = f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {act_topic} in {rng.choice(_DOMAINS).lower()}"
            indicator = rng.choice(_INDICATORS).format(t=act_topic) if rng.random() < 0.9 else None
            k = bisect.bisect_right(k_weights, rng.random() * k_weights[-1]) + 1
            implementers = _pick(rng, cumulative, ranked, min(k, len(ranked)), set())
            if collectives and rng.random() < 0.08:
                implementers.append(rng.choice(collectives))
            if rng.random() < 0.03:  # only recommended, as some real rows are
                implementers = []
            recommended: list[int] = []
            if rng.random() < 0.35:
                recommended = _pick(rng, cumulative, ranked, rng.choice((1, 1, 2)), set(implementers))
            if rng.random() < 0.97:
                start = rng.randint(PLAN_START, PLAN_END)
                period: tuple[int, int] | None = (start, rng.randint(start, PLAN_END))
            else:
                period = None
            names = "; ".join(body_list[i].name for i in implementers) or "-"
            first = plan_text.add(f"{code}. {act_title}")
            plan_text.add(f"Indicator: {indicator or '-'}")
            last = plan_text.add(
                f"Implementers: {names} | Recommended to: {'; '.join(body_list[i].name for i in recommended) or '-'}"
                f" | Period: {f'{period[0]}-{period[1]}' if period else 'not given'}")
            for i in implementers + recommended:
                named.setdefault(i, last)
            activity: dict[str, Any] = {
                "code": code, "section": str(s), "title": act_title, "indicator": indicator,
                "implementers": [body_list[i].id for i in implementers],
                "recommended_to": [body_list[i].id for i in recommended],
                "period": _period(period), "source": _place("plan", first, last),
            }
            if period is None:
                activity["notes"] = "The plan prints no period for this activity (gap)."
            activity_list.append(activity)
            if rng.random() < 0.85:  # most activities have evidence in the report
                status = rng.choice(statuses)
                subject = f"The work on {act_topic}"
                basis = f"{subject} {rng.choice(_VERB_OF_STATUS[status])}"
                actors = [i for i in implementers if rng.random() < 0.5]
                actor_names = ", ".join(body_list[i].name for i in actors)
                text = f"{rng.choice(_FILLER)}, {basis}."
                if actor_names:
                    text += f" The measures were carried out by {actor_names}."
                text += f" {_sentence(rng, _TOPICS).capitalize()} were reviewed."
                heading = report_text.add(f"{code}. {act_title}")
                body_line = report_text.add(text)
                evidence_list.append({
                    "activity": code, "reported_title": act_title, "reported_period": _period(period),
                    "text": text, "status": status, "basis": basis, "actors": [body_list[i].id for i in actors],
                    "source": _place("report", heading, body_line),
                })
        remaining -= SECTION_SIZE

    plan_text.add("Annex: bodies named in this plan")
    for i, body in enumerate(body_list):
        body.line = named.get(i) or plan_text.add(f"- {body.name}")

    # the report's recommendations and summary figure
    recommendation_list: list[dict[str, Any]] = []
    issuer = body_list[ranked[0]]
    for r in range(1, max(1, activities // 200) + 1):
        addressed = sorted(rng.sample(codes, min(len(codes), rng.randint(1, 3))), key=codes.index)
        response = f"Recommendation {r} on {rng.choice(_TOPICS)} is addressed by activities {', '.join(addressed)}."
        line = report_text.add(response)
        recommendation_list.append({
            "id": f"rec-{r}", "label": f"Recommendation {r} of the review panel", "issued_by": issuer.id,
            "part_of": None, "response": response, "addressed_by": addressed, "source": _place("report", line, line),
        })
    evidenced = len(evidence_list)
    rate = round(100 * evidenced / activities)
    quote = f"the plan was implemented by {rate}%"
    figure_line = report_text.add(f"In the reporting period {quote} according to the self-assessment.")
    report_head = report_text.add(f"Self-assessment report of {REPORT_DATE}")

    out_bodies = [
        {"id": body.id, "name": body.name, "aliases": [body.alias] if body.alias else [], "kind": body.kind,
         "parent": body.parent, "source": _place("plan", body.line, body.line)}
        for body in body_list
    ]
    out_report = {
        "id": f"{plan_id}-report", "title": "Self-assessment report on the " + title, "date": REPORT_DATE,
        "document": "report", "author": issuer.id, "source": _place("report", 1, report_head),
        "evidence": evidence_list, "recommendations": recommendation_list,
        "figures": [{
            "id": "implementation-rate", "label": "Share of activities with reported progress", "value": rate,
            "unit": "percent", "assessed_by": issuer.id, "quote": quote,
            "source": _place("report", figure_line, figure_line),
        }],
    }
    _write(out / plan_file, plan_text.text())
    _write(out / report_file, report_text.text())
    _write_json(folder / "plan.json", {**out_plan, "sections": section_list, "activities": activity_list})
    _write_json(folder / "bodies.json", {"bodies": out_bodies})
    _write_json(folder / f"progress-{REPORT_DATE}.json", out_report)
    return SyntheticSummary(folder=folder, plan_id=plan_id, activities=activities, bodies=len(body_list),
                            collective_bodies=len(collectives), evidence=evidenced, seed=seed)


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _write_json(path: Path, data: dict[str, Any]) -> None:
    """One indented JSON file: readable, diffable and fast to read."""
    _write(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def _place(document: str, first: int, last: int) -> dict[str, Any]:
    return {"document": document, "lines": [first, last]}


def _period(period: tuple[int, int] | None) -> dict[str, int] | None:
    return {"start": period[0], "end": period[1]} if period else None
