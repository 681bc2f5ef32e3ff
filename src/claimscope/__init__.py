"""claimscope: the checkable claims of news articles, how firmly each is stated, and the proof."""

from claimscope.errors import ClaimscopeError
from claimscope.ingest import ingest
from claimscope.models import Chunk, Claim, Document, DocumentInfo, HedgingLevel, SearchHit
from claimscope.settings import Settings, load_settings
from claimscope.store import Store

__all__ = [
    "Chunk",
    "Claim",
    "ClaimscopeError",
    "Document",
    "DocumentInfo",
    "HedgingLevel",
    "SearchHit",
    "Settings",
    "Store",
    "ingest",
    "load_settings",
]
