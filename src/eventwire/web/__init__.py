"""The web application: a JSON API under /api and the map page at /, over a stored database.

    from eventwire.web import create_app      # needs the [web] extra: FastAPI and uvicorn
    app = create_app("eventwire.db")

The page's sources are in web/ at the repository root; `make web` builds them into static/.
"""
from __future__ import annotations

from ..errors import EventwireError


class WebUnavailable(EventwireError):
    """FastAPI or uvicorn is not installed."""


INSTALL_HINT = "the web application needs FastAPI and uvicorn: pip install 'eventwire[web]'"


def create_app(*args, **kwargs):
    """See eventwire.web.app.create_app."""
    try:
        from .app import create_app as create
    except ImportError as err:
        raise WebUnavailable(f"{INSTALL_HINT} ({err})") from err
    return create(*args, **kwargs)


__all__ = ["create_app", "WebUnavailable", "INSTALL_HINT"]
