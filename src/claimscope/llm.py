"""The LLM layer: a chat model from Settings, structured answers, a response cache, usage.

One code path serves OpenAI and every OpenAI-compatible server (Ollama, vLLM,
llama.cpp): langchain-openai's ChatOpenAI with an explicit base URL and key.
`StructuredLLM` asks for answers shaped as a pydantic model, negotiating how to ask
(json_schema, function_calling, json_mode) with servers that reject some of them,
retrying answers that cannot be used, turning transport failures into one-line
LLMErrors that name the server and never the key, and counting tokens.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from functools import cache, cached_property
from pathlib import Path
from typing import Any, Generic, TypeVar

import openai
from langchain.chat_models import init_chat_model
from langchain_core.caches import RETURN_VAL_TYPE, BaseCache
from langchain_core.exceptions import ModelRefusalError
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import (
    AIMessage,
    BaseMessage,
    HumanMessage,
    message_to_dict,
    messages_from_dict,
)
from langchain_core.outputs import ChatGeneration, Generation
from langchain_core.prompts import PromptTemplate
from langchain_core.runnables import Runnable
from langchain_core.utils.function_calling import convert_to_openai_tool
from langsmith import tracing_context
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ValidationError

from claimscope.errors import ConfigError, LLMError
from claimscope.settings import Settings, StructuredOutputMethod

OPENAI_URL = "https://api.openai.com/v1"
# The user:password@ of a URL, which messages must never show.
_URL_CREDENTIALS = re.compile(r"(?<=://)[^/\s@]+@")
# Local servers want a key in the header but accept any.
PLACEHOLDER_KEY = "not-needed"
CACHE_HIT = "claimscope_cache_hit"
CUT_OFF = "the answer was cut off at the token limit (CLAIMSCOPE_LLM_MAX_TOKENS)"
# Retries for answers that arrive but cannot be used; transport retries are the client's.
ANSWER_RETRIES = 2
NEGOTIATION_ORDER = (
    StructuredOutputMethod.JSON_SCHEMA,
    StructuredOutputMethod.FUNCTION_CALLING,
    StructuredOutputMethod.JSON_MODE,
)
# Statuses with which a server says it does not support a way of asking (llama.cpp: 500).
REJECTION_STATUSES = frozenset({400, 422, 500, 501})

SchemaT = TypeVar("SchemaT", bound=BaseModel)


def prompts_dir() -> Path:
    """prompts/ of the checkout, or the copy packed into the wheel."""
    packaged = Path(__file__).parent / "prompts"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "prompts"


@cache
def prompt_text(name: str) -> str:
    path = prompts_dir() / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"prompt file {path} cannot be read ({error.strerror})") from error


def prompt_version() -> str:
    return prompt_text("VERSION").strip()


def endpoint(settings: Settings) -> str:
    """The server the settings point at, as shown in messages: without credentials."""
    return without_credentials((settings.openai_base_url or OPENAI_URL).rstrip("/"))


def without_credentials(text: str) -> str:
    """`text` with the user and password of every URL in it replaced by ***."""
    return _URL_CREDENTIALS.sub("***@", text)


class SQLiteCache(BaseCache):
    """LangChain's response cache in one SQLite file, shared by every process.

    Entries are keyed by server, model parameters and prompt, so a changed prompt,
    model or server is a miss. Hits are marked so that usage counts them as free.
    """

    def __init__(self, path: Path, namespace: str = "") -> None:
        self.path = path
        self.namespace = namespace
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with self._connection() as connection:
                connection.execute(
                    "CREATE TABLE IF NOT EXISTS responses ("
                    "key TEXT PRIMARY KEY, generations TEXT NOT NULL)"
                )
        except (OSError, sqlite3.Error) as error:
            raise ConfigError(f"cannot open the LLM cache {path} ({error})") from error

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=30)) as connection, connection:
            yield connection

    def _key(self, prompt: str, llm_string: str) -> str:
        parts = (self.namespace, llm_string, prompt)
        return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()

    def lookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        with self._connection() as connection:
            row = connection.execute(
                "SELECT generations FROM responses WHERE key = ?", (self._key(prompt, llm_string),)
            ).fetchone()
        return [_generation(entry) for entry in json.loads(row[0])] if row else None

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        entries = json.dumps([_entry(generation) for generation in return_val])
        with self._connection() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO responses (key, generations) VALUES (?, ?)",
                (self._key(prompt, llm_string), entries),
            )

    def clear(self, **kwargs: Any) -> None:
        with self._connection() as connection:
            connection.execute("DELETE FROM responses")


def _entry(generation: Generation) -> dict[str, Any]:
    if isinstance(generation, ChatGeneration):
        return {"message": message_to_dict(generation.message)}
    return {"text": generation.text}


def _generation(entry: dict[str, Any]) -> Generation:
    if "message" not in entry:
        return Generation(text=entry["text"])
    message = messages_from_dict([entry["message"]])[0]
    message.response_metadata = {**message.response_metadata, CACHE_HIT: True}
    return ChatGeneration(message=message)


def chat_model(settings: Settings, http_client: Any | None = None) -> BaseChatModel:
    """The chat model the settings describe, with the response cache in the data dir.

    `http_client` (an httpx2.Client) replaces the transport, which tests use to script
    the server's answers.
    """
    if not settings.llm_configured:
        raise ConfigError("no LLM configured: set OPENAI_API_KEY or OPENAI_BASE_URL")
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else ""
    options: dict[str, Any] = {}
    if settings.openai_base_url:
        options["use_responses_api"] = False
        # LangChain sends only `max_completion_tokens`, which llama.cpp's server ignores.
        options["extra_body"] = {"max_tokens": settings.llm_max_tokens}
    if http_client is not None:
        options["http_client"] = http_client
    model: BaseChatModel = init_chat_model(
        settings.llm_model,
        model_provider="openai",
        base_url=settings.openai_base_url,
        api_key=key or PLACEHOLDER_KEY,
        temperature=settings.llm_temperature,
        timeout=settings.llm_timeout,
        max_retries=settings.llm_max_retries,
        max_tokens=settings.llm_max_tokens,
        cache=SQLiteCache(settings.llm_cache_path, namespace=endpoint(settings)),
        **options,
    )
    return model


class UnusableAnswerError(LLMError):
    """The model answered, but not with a usable structured answer (after the retries)."""


class Usage(BaseModel):
    """What the calls made so far cost: cache hits count as calls that took no tokens."""

    calls: int = 0
    cached_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def record(self, message: BaseMessage) -> None:
        if message.response_metadata.get(CACHE_HIT):
            self.cached_calls += 1
            return
        self.calls += 1
        usage = message.usage_metadata if isinstance(message, AIMessage) else None
        if usage:
            self.prompt_tokens += usage["input_tokens"]
            self.completion_tokens += usage["output_tokens"]

    def record_completion(self, completion: ChatCompletion) -> None:
        """A call whose answer the SDK rejected before LangChain saw it."""
        self.calls += 1
        if completion.usage:
            self.prompt_tokens += completion.usage.prompt_tokens
            self.completion_tokens += completion.usage.completion_tokens


# What each server accepted, for the rest of the process: base URL -> (method, why).
_negotiated: dict[str, tuple[StructuredOutputMethod, str]] = {}


def forget_negotiations() -> None:
    """Forget what servers accepted (a new run, or a server that changed)."""
    _negotiated.clear()


class StructuredLLM(Generic[SchemaT]):
    """Answers shaped as `schema`, whatever way of asking the server supports.

    `invoke` raises UnusableAnswerError when the model keeps answering with something
    that cannot be used, and LLMError when the server cannot be reached or refuses the
    request. `usage` and `notices` accumulate over the calls of one instance.
    """

    def __init__(
        self, settings: Settings, schema: type[SchemaT], model: BaseChatModel | None = None
    ) -> None:
        self.settings = settings
        self.schema = schema
        self.model = model or chat_model(settings)
        self.usage = Usage()
        self.notices: list[str] = []
        self._runnables: dict[StructuredOutputMethod, Runnable[Any, Any]] = {}
        self._rejections: list[str] = []
        self._reported = False

    @property
    def method(self) -> StructuredOutputMethod | None:
        """The way of asking in use: the configured one, or the negotiated one (if any yet)."""
        if self.settings.structured_output is not StructuredOutputMethod.AUTO:
            return self.settings.structured_output
        negotiated = _negotiated.get(endpoint(self.settings))
        return negotiated[0] if negotiated else None

    def invoke(self, messages: Sequence[BaseMessage]) -> SchemaT:
        with tracing_context(enabled=False):
            try:
                return self._negotiate(list(messages))
            except openai.OpenAIError as error:
                raise self._failure(error) from None

    def _negotiate(self, messages: list[BaseMessage]) -> SchemaT:
        if self.method is not None:
            return self._answer(self.method, messages)
        for method in NEGOTIATION_ORDER[:-1]:
            try:
                return self._answer(method, messages)
            except openai.APIStatusError as error:
                if error.status_code not in REJECTION_STATUSES:
                    raise
                self._rejections.append(f"{method.value} rejected (HTTP {error.status_code})")
        return self._answer(NEGOTIATION_ORDER[-1], messages)

    def _answer(self, method: StructuredOutputMethod, messages: list[BaseMessage]) -> SchemaT:
        runnable = self._runnable(method)
        prompt = self._framed(method, messages)
        problem = ""
        attempts = 1 + ANSWER_RETRIES
        for attempt in range(1, attempts + 1):
            note = (
                _render("structured-retry.md", attempt=attempt, attempts=attempts, problem=problem)
                if problem
                else ""
            )
            # The retry is a different prompt: not the cached bad answer, nor a replay of it.
            outcome = self._attempt(method, runnable, _with_note(prompt, note))
            if not isinstance(outcome, str):
                return outcome
            problem = outcome
        raise UnusableAnswerError(f"{problem} ({attempts} attempts)")

    def _attempt(
        self,
        method: StructuredOutputMethod,
        runnable: Runnable[Any, Any],
        prompt: list[BaseMessage],
    ) -> SchemaT | str:
        """The answer, or why it cannot be used."""
        try:
            reply = runnable.invoke(prompt)
        except openai.LengthFinishReasonError as cut:
            # The SDK checks the finish reason itself whenever a response format is asked.
            self._accepted(method)
            self.usage.record_completion(cut.completion)
            return CUT_OFF
        self._accepted(method)
        self.usage.record(reply["raw"])
        error = reply["parsing_error"]
        if error is None and reply["parsed"] is not None:
            try:
                return self.schema.model_validate(reply["parsed"])
            except ValidationError as invalid:
                error = invalid
        problem = _problem(reply["raw"], error)
        if isinstance(error, ModelRefusalError):
            raise UnusableAnswerError(problem)
        return problem

    def _accepted(self, method: StructuredOutputMethod) -> None:
        """The server answered a request made this way: remember it and say so, once."""
        if self.settings.structured_output is not StructuredOutputMethod.AUTO or self._reported:
            return
        where = endpoint(self.settings)
        if where not in _negotiated:
            _negotiated[where] = (method, "; ".join(self._rejections) or "accepted")
        chosen, reason = _negotiated[where]
        self.notices.append(f"structured output via {chosen.value} at {where} ({reason})")
        self._reported = True

    @cached_property
    def _function(self) -> dict[str, Any]:
        """The schema as an OpenAI function: references resolved, which local servers need.

        Asking with this dict rather than the class keeps the OpenAI SDK from parsing the
        answer itself, so every unusable answer reaches `_answer` with its usage.
        """
        function: dict[str, Any] = convert_to_openai_tool(self.schema)["function"]
        return function

    def _runnable(self, method: StructuredOutputMethod) -> Runnable[Any, Any]:
        if method not in self._runnables:
            options: dict[str, Any] = {}
            if method is StructuredOutputMethod.JSON_SCHEMA:
                options["strict"] = True
            if method is StructuredOutputMethod.JSON_MODE:
                # llama.cpp and vLLM constrain decoding to a schema given here.
                options["response_format"] = {
                    "type": "json_object",
                    "schema": self._function["parameters"],
                }
            self._runnables[method] = self.model.with_structured_output(
                self._function, method=method.value, include_raw=True, **options
            )
        return self._runnables[method]

    def _framed(
        self, method: StructuredOutputMethod, messages: list[BaseMessage]
    ) -> list[BaseMessage]:
        """JSON mode does not carry the schema to every server: the prompt states it too."""
        if method is not StructuredOutputMethod.JSON_MODE:
            return messages
        schema = json.dumps(self._function["parameters"], ensure_ascii=False)
        return _with_note(messages, _render("structured-json-mode.md", schema=schema))

    def _failure(self, error: openai.OpenAIError) -> LLMError:
        key = self.settings.openai_api_key
        message = describe_failure(error, self.settings)
        if key and key.get_secret_value():
            message = message.replace(key.get_secret_value(), "***")
        return LLMError(message)


def _render(prompt_name: str, **values: object) -> str:
    template = PromptTemplate.from_template(prompt_text(prompt_name), template_format="jinja2")
    return template.format(**values).strip()


def _with_note(messages: list[BaseMessage], note: str) -> list[BaseMessage]:
    """The messages with `note` added to the last user turn (some chat templates reject two
    user or system turns in a row)."""
    if not note:
        return messages
    *earlier, last = messages
    if isinstance(last, HumanMessage):
        return [*earlier, HumanMessage(f"{last.text}\n\n{note}")]
    return [*messages, HumanMessage(note)]


def _problem(raw: BaseMessage, parsing_error: BaseException | None) -> str:
    """Why an answer cannot be used, in a few words."""
    if isinstance(parsing_error, ModelRefusalError):
        return f"the model refused to answer: {_one_line(str(parsing_error))}"
    if raw.response_metadata.get("finish_reason") == "length":
        return CUT_OFF
    tool_calls = raw.tool_calls if isinstance(raw, AIMessage) else []
    if not raw.text.strip() and not tool_calls:
        return "the model gave an empty answer"
    if parsing_error is not None:
        return f"the answer does not match the schema: {_one_line(str(parsing_error))}"
    return "the answer holds no structured output"


def _one_line(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def describe_failure(error: openai.OpenAIError, settings: Settings) -> str:
    """One line that says what went wrong with which server (and never shows the key)."""
    where = endpoint(settings)
    if isinstance(error, openai.APITimeoutError):
        return (
            f"the LLM server at {where} did not answer within {settings.llm_timeout:g}s "
            "(CLAIMSCOPE_LLM_TIMEOUT)"
        )
    if isinstance(error, openai.APIConnectionError):
        return f"cannot reach the LLM server at {where}: is it running? (OPENAI_BASE_URL)"
    if isinstance(error, openai.AuthenticationError):
        return f"the LLM server at {where} rejected the API key (HTTP 401): check OPENAI_API_KEY"
    if isinstance(error, openai.PermissionDeniedError):
        return f"the API key may not use model '{settings.llm_model}' at {where} (HTTP 403)"
    if isinstance(error, openai.RateLimitError):
        return (
            f"the LLM server at {where} kept answering 'too many requests' (HTTP 429) after "
            f"{settings.llm_max_retries} retries: wait, or lower the load"
        )
    if isinstance(error, openai.NotFoundError):
        return (
            f"the LLM server at {where} has no model '{settings.llm_model}' or no chat "
            "completions endpoint (HTTP 404): check CLAIMSCOPE_LLM_MODEL and OPENAI_BASE_URL"
        )
    if isinstance(error, openai.APIStatusError):
        return f"the LLM server at {where} answered HTTP {error.status_code}: {without_credentials(_one_line(error.message))}"
    return f"the LLM call to {where} failed: {without_credentials(_one_line(str(error))) or type(error).__name__}"
