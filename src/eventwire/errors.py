"""One small exception per kind of failure, each with a message a user can act on."""
from __future__ import annotations


class EventwireError(Exception):
    """Base class: `str(err)` is a message for the user."""


class InputError(EventwireError):
    """A file or record could not be read; names the file and the reason."""

    def __init__(self, origin: str, reason: str):
        self.origin = origin
        self.reason = reason
        super().__init__(f"{origin}: {reason}")


class SkipDocument(EventwireError):
    """A stage decided a document holds nothing to use (empty, not news); not a failure."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


class StageNotConfigured(EventwireError):
    """An optional stage removes itself: its extra is not installed or it is switched off."""


class PipelineError(EventwireError):
    """The pipeline is wrongly composed: a stage needs what no earlier stage provides."""


class GazetteerError(EventwireError):
    """A user's place file is malformed; names the file, the line and the problem."""


class StoreError(EventwireError):
    """The database cannot be opened or written (locked, not an eventwire database, ...)."""
