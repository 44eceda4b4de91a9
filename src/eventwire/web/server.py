"""`eventwire serve`: the application under uvicorn, on this machine only unless told otherwise."""
from __future__ import annotations

import ipaddress
import socket
from typing import Callable

from ..errors import EventwireError
from . import INSTALL_HINT, WebUnavailable, create_app

LOOPBACK_NAMES = ["localhost", "127.0.0.1", "::1"]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket, or an error that says what to change."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as err:
        sock.close()
        raise EventwireError(f"cannot listen on {host}:{port} ({err.strerror or err}); "
                             f"is another server using it? choose another with --port") from err
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def run(db: str, host: str = "127.0.0.1", port: int = 8000, *, tiles: str | None = None,
        tiles_attribution: str | None = None, say: Callable[[str], None] = print) -> None:
    """Serve until interrupted."""
    try:
        import uvicorn
    except ImportError as err:
        raise WebUnavailable(f"{INSTALL_HINT} ({err})") from err
    allowed = LOOPBACK_NAMES if is_loopback(host) else None
    app = create_app(db, tiles=tiles, tiles_attribution=tiles_attribution, allowed_hosts=allowed)
    sock = bind(host, port)
    shown = f"[{host}]" if ":" in host else host
    say(f"serving {db} at http://{shown}:{sock.getsockname()[1]}/  (Ctrl-C stops)")
    if not is_loopback(host):
        say(f"warning: listening on {host}: anyone who can reach this machine can read the database")
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    server.run(sockets=[sock])
