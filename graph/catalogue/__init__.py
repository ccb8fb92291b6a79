"""The catalogue: find bodies, plans and activities by name, list and search them, read their details."""

from napkg.graph.catalogue.catalogue import *  # noqa: F403
from napkg.graph.catalogue.catalogue import __all__  # noqa: F401
