"""What every page needs: the settings, the store, the templates, and how to answer htmx."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from claimscope.errors import ConfigError
from claimscope.extract import Extractor, get_extractor, resolve_engine
from claimscope.models import HedgingLevel
from claimscope.presentation import LEVEL_LOOKS
from claimscope.rendering import template_environment
from claimscope.settings import EngineChoice, Settings
from claimscope.store import Store

STATIC_DIR = Path(__file__).parent / "static"


def _environment() -> jinja2.Environment:
    # Every value in a page is escaped unless a template says otherwise, and no template
    # says so for user data.
    environment = template_environment("claimscope.web", strict=True)
    environment.globals.update(
        levels=list(HedgingLevel),
        level_tags={level: look.tag for level, look in LEVEL_LOOKS.items()},
        level_meanings={level: look.meaning for level, look in LEVEL_LOOKS.items()},
        engines=list(EngineChoice),
    )
    return environment


class WebContext:
    """The settings and the store that every request of one app shares."""

    def __init__(self, settings: Settings, extractor: Extractor | None = None) -> None:
        self.settings = settings
        self.templates = Jinja2Templates(env=_environment())
        self._extractor = extractor
        self._store: Store | None = None
        self._store_lock = threading.Lock()

    def store(self) -> Store:
        """The store, opened on first use so that a bad data directory shows as a page."""
        with self._store_lock:
            if self._store is None:
                self._store = Store.open(self.settings)
            return self._store

    def extractor(self, engine: EngineChoice | None) -> Extractor:
        return self._extractor or get_extractor(self.settings, engine)

    def default_engine(self) -> str:
        """What `auto` means here, as the CLI would resolve it, for the page header."""
        if self._extractor is not None:
            return self._extractor.name
        try:
            return resolve_engine(self.settings).value
        except ConfigError:  # reported as an error page when extraction runs
            return self.settings.engine.value


def web_context(request: Request) -> WebContext:
    context: WebContext = request.app.state.web
    return context


def is_htmx(request: Request) -> bool:
    """A partial update asked by htmx (a history restore wants the whole page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render(request: Request, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    context = web_context(request)
    values.setdefault("layout", "fragment.html" if is_htmx(request) else "base.html")
    values.setdefault("default_engine", context.default_engine())
    response: HTMLResponse = context.templates.TemplateResponse(
        request, template, values, status_code=status_code
    )
    return response
