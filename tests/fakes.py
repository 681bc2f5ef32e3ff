"""Stand-ins for an LLM: a scripted chat model, and a scripted OpenAI-compatible server
behind the real OpenAI client (httpx2's MockTransport). They test plumbing, never quality.
And a Chroma server that refuses every connection, and a judgment model of fixed answers."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

import httpx2
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatResult
from pydantic import Field

from claimscope.ingest import document_id
from claimscope.judgment.features import DETECTED, feature_names, unit_feature_names
from claimscope.judgment.model import JudgmentModel, LinearLayer
from claimscope.models import Document, HedgingLevel

Handler = Callable[[httpx2.Request], httpx2.Response]


class ScriptedChatModel(GenericFakeChatModel):
    """Answers with the queued replies in turn and keeps the prompts it was sent."""

    prompts: list[list[BaseMessage]] = Field(default_factory=list)

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> ScriptedChatModel:
        return self

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        self.prompts.append(messages)
        return super()._generate(messages, stop=stop, run_manager=run_manager, **kwargs)


def scripted(*replies: AIMessage | str) -> ScriptedChatModel:
    return ScriptedChatModel(messages=iter(replies))


def claim(
    quote: str,
    hedging: str = "asserted",
    cues: Sequence[str] = (),
    source: str | None = None,
    text: str | None = None,
) -> dict[str, Any]:
    """One claim as the model's structured answer holds it."""
    return {
        "text": text or quote,
        "quote": quote,
        "hedging": hedging,
        "cues": list(cues),
        "source": source,
    }


def claims_reply(*claims: dict[str, Any], tokens: tuple[int, int] = (120, 30)) -> AIMessage:
    """A tool-calling answer carrying `claims`, with token usage."""
    return AIMessage(
        content="",
        tool_calls=[{"name": "ExtractedClaims", "args": {"claims": list(claims)}, "id": "call-1"}],
        usage_metadata={
            "input_tokens": tokens[0],
            "output_tokens": tokens[1],
            "total_tokens": sum(tokens),
        },
    )


def italian_document(text: str, title: str, source_path: str) -> Document:
    """An Italian article as ingest would make it, without the store."""
    return Document(
        id=document_id(text), title=title, text=text, source_path=source_path, language="it"
    )


# The OpenAI wire format ------------------------------------------------------------------


def completion(
    *,
    content: str | None = None,
    tool_args: dict[str, Any] | None = None,
    refusal: str | None = None,
    finish_reason: str = "stop",
    tokens: tuple[int, int] = (100, 25),
) -> dict[str, Any]:
    """A chat completion body as an OpenAI-compatible server sends it."""
    message: dict[str, Any] = {"role": "assistant", "content": content, "refusal": refusal}
    if tool_args is not None:
        message["tool_calls"] = [
            {
                "id": "call-1",
                "type": "function",
                "function": {"name": "ExtractedClaims", "arguments": json.dumps(tool_args)},
            }
        ]
        finish_reason = "tool_calls" if finish_reason == "stop" else finish_reason
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 0,
        "model": "test-model",
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
        "usage": {
            "prompt_tokens": tokens[0],
            "completion_tokens": tokens[1],
            "total_tokens": sum(tokens),
        },
    }


class ScriptedServer:
    """An OpenAI-compatible server that answers from a script and records every request."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[httpx2.Request] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        return self.handler(request)

    @property
    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(request.content) for request in self.requests]

    def client(self) -> httpx2.Client:
        return httpx2.Client(transport=httpx2.MockTransport(self))


def replies(*responses: httpx2.Response) -> Handler:
    """A handler that answers with `responses` in turn, then repeats the last one."""
    queue = list(responses)

    def handler(request: httpx2.Request) -> httpx2.Response:
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return handler


def refused_connection(*args: object, **kwargs: object) -> NoReturn:
    """Stands for `chromadb.HttpClient` when the server's port is closed (the real closed
    port is tested in the server tier, where sockets to loopback are allowed)."""
    raise ConnectionError("[Errno 111] Connection refused")


def tiny_model(level: str, keep: bool = True) -> JudgmentModel:
    """A model that always answers `level`, keeps every claim (or none) and cuts none: its
    intercepts decide, every weight is 0."""
    width = len(feature_names())
    units = unit_feature_names(384)
    levels = [str(lv) for lv in HedgingLevel]
    return JudgmentModel(
        version="test",
        embedder="hashed",
        feature_names=feature_names(),
        detector=LinearLayer(
            classes=[str(d) for d in DETECTED],
            coef=[[0.0] * 384 for _ in DETECTED],
            intercept=[0.0] * len(DETECTED),
        ),
        level=LinearLayer(
            classes=levels,
            coef=[[0.0] * width for _ in levels],
            intercept=[1.0 if name == level else 0.0 for name in levels],
        ),
        unit_feature_names=units,
        unit=LinearLayer(classes=["claim"], coef=[[0.0] * len(units)], intercept=[0.0]),
        unit_threshold=0.4 if keep else 0.6,
        split_feature_names=["separator=,"],
        split=LinearLayer(classes=["cut"], coef=[[0.0]], intercept=[-10.0]),
        trained_on={},
    )
