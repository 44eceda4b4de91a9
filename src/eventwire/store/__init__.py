"""Storage: SQLite by default (store.sqlite.Store)."""
from .sqlite import Store

__all__ = ["Store"]
