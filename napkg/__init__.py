"""nap-kg: a knowledge graph of Open Government Partnership National Action Plans."""

__version__ = "0.1.0"
