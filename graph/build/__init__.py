"""The build: the edition's records emitted as quads with their provenance (:mod:`.emit`) and checked
against the SHACL shapes (:mod:`.validate`)."""

from napkg.graph.build.emit import *  # noqa: F403 (the package's public names are emit's)
from napkg.graph.build.emit import __all__  # noqa: F401
