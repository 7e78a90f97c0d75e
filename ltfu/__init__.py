"""ltfu: the long-term follow-up desk for cell-therapy trials."""

__version__ = "0.1.0"
