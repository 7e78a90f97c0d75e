"""Memory helpers for the large in-memory calculations (no Qt, no database, no clock)."""

from ltfu.memory import collector_paused

__all__ = ["collector_paused"]
