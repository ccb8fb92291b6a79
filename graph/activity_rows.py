"""The one SELECT of the activities that the network and the catalogue both start from.

Each activity of a plan comes with its code, title, section, status and period (``nap:startYear``,
``nap:endYear``, ``nap:endDate``); everything but the plan is optional, so an activity the graph
says little about is still a row.
"""

from __future__ import annotations

from napkg.graph.vocabulary import SPARQL_PROLOGUE

__all__ = ["ACTIVITY_ROWS"]

ACTIVITY_ROWS = SPARQL_PROLOGUE + """
SELECT ?activity ?plan ?code ?title ?section ?status ?startYear ?endYear ?endDate WHERE {
  ?activity a nap:Activity ; nap:plan ?plan .
  OPTIONAL { ?activity nap:code ?code }
  OPTIONAL { ?activity dcterms:title ?title }
  OPTIONAL { ?activity nap:section ?section }
  OPTIONAL { ?activity nap:status ?status }
  OPTIONAL { ?activity nap:startYear ?startYear }
  OPTIONAL { ?activity nap:endYear ?endYear }
  OPTIONAL { ?activity nap:endDate ?endDate }
}"""
"""Every activity (``?activity``, ``?plan``) with what the graph says of it; unbound columns are left out of a row."""
