"""The version of demasque (one place, imported by the package, the pipeline and the edges)."""
__version__ = "0.2.0"
