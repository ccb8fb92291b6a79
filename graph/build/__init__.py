"""The build: the data edition as RDF (:mod:`~napkg.graph.build.emit`, whose names are importable
from here) and its validation against the shapes (:mod:`~napkg.graph.build.validate`)."""

from napkg.graph.build.emit import *  # noqa: F401,F403
from napkg.graph.build.emit import __all__
