"""Analyses of the activity–body network."""

from napkg.graph.analysis.results import *  # noqa: F403
from napkg.graph.analysis.results import __all__  # noqa: F401
