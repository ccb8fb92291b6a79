"""One search engine for activities and bodies: phrases as people type them in, ranked hits out.

:class:`SearchIndex` is built once from :class:`ActivityDoc` and :class:`BodyDoc` records
(:func:`activity_docs` and :func:`body_docs` make them from a data edition) and answers
:meth:`SearchIndex.activities` and :meth:`SearchIndex.bodies` with :class:`Hits`. What it
understands is described in docs/search.md.
"""

from napkg.graph.search.documents import ActivityDoc, BodyDoc, Hit, Hits, activity_docs, body_docs
from napkg.graph.search.index import SearchIndex
from napkg.graph.search.language import guess_language

__all__ = ["SearchIndex", "ActivityDoc", "BodyDoc", "Hit", "Hits", "activity_docs", "body_docs", "guess_language"]
