"""The one settings object, read from the environment and `.env`.

claimscope's own variables carry the CLAIMSCOPE_ prefix (chromadb also reads `./.env`
with unprefixed names, so unprefixed names would leak into it). The OpenAI variables
keep the names the OpenAI SDK uses. `.env.example` documents every field; copied to
`.env` unedited it must behave like no `.env` at all: an empty value counts as unset and
`~` in a path is the home directory.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class EmbeddingBackend(StrEnum):
    E5 = "e5"
    USE = "use"
    OPENAI = "openai"


class EngineChoice(StrEnum):
    AUTO = "auto"
    LLM = "llm"
    OFFLINE = "offline"
    """The rules engine's claims with the learned judgment of levels and sources."""
    RULES = "rules"
    """The rules engine alone: deterministic, the baseline the learned stage is measured by."""


class RetrievalMode(StrEnum):
    LEXICAL = "lexical"
    DENSE = "dense"
    HYBRID = "hybrid"


class RetrievalSources(StrEnum):
    CHUNKS = "chunks"
    CLAIMS = "claims"
    BOTH = "both"
    PASSAGES = "passages"


class StructuredOutputMethod(StrEnum):
    AUTO = "auto"
    JSON_SCHEMA = "json_schema"
    FUNCTION_CALLING = "function_calling"
    JSON_MODE = "json_mode"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CLAIMSCOPE_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
        # `OPENAI_API_KEY=` must not count as a key (auto would pick the LLM, without one).
        env_ignore_empty=True,
    )

    data_dir: Path = Field(default=Path("~/.claimscope"), validate_default=True)
    embedding_backend: EmbeddingBackend = EmbeddingBackend.E5
    openai_embedding_model: str = "text-embedding-3-small"

    chroma_host: str | None = None
    chroma_port: int = 8000

    chunk_size: int = Field(default=800, ge=100)
    chunk_overlap: int = Field(default=150, ge=0)
    max_file_bytes: int = Field(default=5_000_000, ge=1)
    fetch_timeout: float = Field(default=20.0, gt=0)

    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "CLAIMSCOPE_OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_BASE_URL", "CLAIMSCOPE_OPENAI_BASE_URL")
    )
    llm_model: str = "gpt-4o-mini"
    llm_temperature: float = 0.0
    llm_timeout: float = Field(default=60.0, gt=0)
    llm_max_retries: int = Field(default=2, ge=0)
    structured_output: StructuredOutputMethod = StructuredOutputMethod.AUTO
    llm_max_tokens: int = Field(default=2048, ge=16)
    llm_context_chars: int = Field(default=6000, ge=0)
    # Worked examples in the extraction prompt, in file order (None: all). A small local
    # model with an 8k context answers nothing when the prompt is long: give it 1 or 0.
    llm_prompt_examples: int | None = Field(default=None, ge=0)
    local_llm_port: int = Field(default=8080, ge=1, le=65535)
    local_llm_context_tokens: int = Field(default=8192, ge=512)
    engine: EngineChoice = EngineChoice.AUTO

    web_host: str = "127.0.0.1"
    web_port: int = Field(default=8787, ge=0, le=65535)

    # Chosen by measurement on eval/gold: eval/README.md, "Retrieval for questions".
    retrieval: RetrievalMode = RetrievalMode.DENSE
    retrieval_sources: RetrievalSources = RetrievalSources.PASSAGES
    answer_top_k: int = Field(default=5, ge=1, le=50)
    # The lowest relevance an answer may stand on: halfway between the lowest answerable
    # development question and the closest off-topic probe under it (eval/README.md,
    # "Refusals"; bench/refusal_decision.py).
    answer_min_relevance: float = 0.818
    max_question_chars: int = Field(default=2000, ge=10)
    corroboration_threshold: float = Field(default=0.92, ge=0.0, le=1.0)
    corroboration_paraphrase: float = Field(default=0.96, ge=0.0, le=1.0)

    @field_validator("data_dir", mode="after")
    @classmethod
    def _home_expanded(cls, path: Path) -> Path:
        """`~/.claimscope` from a .env file or the environment: no shell expanded it."""
        return path.expanduser()

    @property
    def llm_configured(self) -> bool:
        """An LLM is usable when there is a key or an OpenAI-compatible server to talk to."""
        return self.openai_api_key is not None or bool(self.openai_base_url)

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def llm_cache_path(self) -> Path:
        return self.data_dir / "llm-cache.sqlite"


def load_settings(**overrides: object) -> Settings:
    """Read the settings; keyword overrides win over the environment (used by the CLI)."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})  # type: ignore[arg-type]
