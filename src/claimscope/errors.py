"""The exceptions claimscope raises. Only the CLI turns them into messages and exit codes.

Every message is one line a user can act on; it never contains an API key.
"""

from __future__ import annotations


class ClaimscopeError(Exception):
    """Base of every error that claimscope reports to its user."""

    exit_code = 1


class ConfigError(ClaimscopeError):
    """The settings are missing, contradictory or point at something unusable."""

    exit_code = 2


class InputError(ClaimscopeError):
    """An input the user gave cannot be used (missing, empty, binary, too large...)."""

    exit_code = 2


class StoreError(ClaimscopeError):
    """The Chroma store cannot be opened, read or written."""

    exit_code = 3


class NotFoundError(StoreError):
    """A document id (or another stored thing) that the store does not hold."""


class ExtractionError(ClaimscopeError):
    """Claim extraction failed for a whole document."""

    exit_code = 4


class LLMError(ExtractionError):
    """The LLM server could not be reached, refused, timed out or answered nonsense."""


class EvalError(ClaimscopeError):
    """Gold data or predictions are malformed, or an eval run cannot be compared."""

    exit_code = 5
