"""The build: the data edition as RDF (:mod:`~napkg.graph.build.emit`) and its validation against
the shapes (:mod:`~napkg.graph.build.validate`). The names most callers need are importable from here."""

from napkg.graph.build.emit import *  # noqa: F401,F403
from napkg.graph.build.emit import __all__ as _emit_all
from napkg.graph.build.validate import *  # noqa: F401,F403
from napkg.graph.build.validate import __all__ as _validate_all

__all__ = [*_emit_all, *_validate_all]
