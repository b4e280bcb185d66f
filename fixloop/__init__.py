"""fixloop: after-sales repair service management."""

__version__ = "0.1.0"
