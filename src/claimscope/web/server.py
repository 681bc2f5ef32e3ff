"""`claimscope web`: bind the address first (so a busy port is a clear error), then serve."""

from __future__ import annotations

import socket
from collections.abc import Callable

import uvicorn

from claimscope.errors import ConfigError
from claimscope.settings import Settings
from claimscope.web.app import create_app


def bind(host: str, port: int) -> socket.socket:
    """A listening-ready socket on host:port; port 0 takes any free port."""
    bare_host = host.strip("[]")
    family = socket.AF_INET6 if ":" in bare_host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((bare_host, port))
    except OSError as error:
        sock.close()
        raise ConfigError(
            f"cannot listen on {host}:{port} ({error.strerror or error}); "
            "choose another --port or CLAIMSCOPE_WEB_PORT"
        ) from error
    # Listening now lets connections queue while the app starts up.
    sock.listen(socket.SOMAXCONN)
    return sock


def address_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def serve(settings: Settings, on_ready: Callable[[str], None]) -> None:
    """Serve the web app until interrupted; `on_ready` gets the address once it is bound."""
    sock = bind(settings.web_host, settings.web_port)
    app = create_app(settings)
    on_ready(address_of(sock))
    config = uvicorn.Config(app, log_level="warning", server_header=False, proxy_headers=False)
    uvicorn.Server(config).run(sockets=[sock])
