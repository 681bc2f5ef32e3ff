"""Claim extraction: two engines behind one interface.

`offline` (the default with no LLM configured) is the rules engine's claims with levels and
sources re-decided by the learned judgment stage (`claimscope.judgment`); `rules` is the
deterministic rules engine alone, the eval baseline; `llm` is the LangChain chain over any
OpenAI-compatible server.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from claimscope.errors import ConfigError
from claimscope.models import Document, ExtractionReport
from claimscope.settings import EngineChoice, Settings
from claimscope.text import SUPPORTED_LANGUAGES

Progress = Callable[[int, int], None]
"""Called with (done, total) units of work as extraction advances."""


class Extractor(Protocol):
    name: str

    def extract(self, document: Document, progress: Progress | None = None) -> ExtractionReport: ...


def resolve_engine(settings: Settings, engine: EngineChoice | None = None) -> EngineChoice:
    """`auto` becomes `llm` when a key or base URL is configured, else `offline`."""
    chosen = engine or settings.engine
    if chosen is EngineChoice.AUTO:
        return EngineChoice.LLM if settings.llm_configured else EngineChoice.OFFLINE
    if chosen is EngineChoice.LLM and not settings.llm_configured:
        raise ConfigError(
            "the llm engine needs OPENAI_API_KEY or OPENAI_BASE_URL (or use --engine rules)"
        )
    return chosen


def get_extractor(settings: Settings, engine: EngineChoice | None = None) -> Extractor:
    chosen = resolve_engine(settings, engine)
    if chosen is EngineChoice.LLM:
        from claimscope.extract.llm import LLMExtractor

        return LLMExtractor(settings)
    if chosen is EngineChoice.OFFLINE:
        from claimscope.judgment.stage import OfflineExtractor

        return OfflineExtractor()
    from claimscope.extract.rules import RulesExtractor

    return RulesExtractor()


def extract_document(
    document: Document,
    settings: Settings,
    engine: EngineChoice | None = None,
    progress: Progress | None = None,
    extractor: Extractor | None = None,
) -> ExtractionReport:
    """The claims of one document, every quote grounded in `document.text`."""
    extractor = extractor or get_extractor(settings, engine)
    if document.language not in SUPPORTED_LANGUAGES:
        return ExtractionReport(
            document_id=document.id,
            engine=extractor.name,
            notices=[
                f"language '{document.language}' is not supported (only {', '.join(SUPPORTED_LANGUAGES)}): no claims extracted"
            ],
        )
    report = extractor.extract(document, progress)
    if extractor.name == EngineChoice.LLM:
        from claimscope.extract.addressed import flag_addressed
        from claimscope.extract.crosscheck import flag_disagreements

        flag_disagreements(document, report)
        flag_addressed(document, report)
    return report
