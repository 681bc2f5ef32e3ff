"""The LLM layer over the real OpenAI client with a scripted server (httpx2 MockTransport):
structured output negotiation, the response cache, token usage and every failure mode."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import SecretStr
from typer.testing import CliRunner

from claimscope.cli import app
from claimscope.errors import LLMError
from claimscope.extract import llm as extract_llm
from claimscope.extract.llm import ExtractedClaims
from claimscope.llm import (
    SQLiteCache,
    StructuredLLM,
    UnusableAnswerError,
    chat_model,
    forget_negotiations,
)
from claimscope.settings import Settings, StructuredOutputMethod
from fakes import Handler, ScriptedServer, claim, completion, replies

API_KEY = "sk-test-DO-NOT-PRINT-4242"
BASE_URL = "http://llm.test/v1"
ANSWER = {"claims": [claim("Lanterna ha chiuso il 2025 in utile")]}
PROMPT = [SystemMessage("Extract claims."), HumanMessage("Lanterna ha chiuso il 2025 in utile.")]


@pytest.fixture(autouse=True)
def fresh_negotiations() -> Iterator[None]:
    forget_negotiations()
    yield
    forget_negotiations()


@pytest.fixture
def llm_settings(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        openai_base_url=BASE_URL,
        openai_api_key=SecretStr(API_KEY),
        llm_model="test-model",
        llm_max_retries=0,
    )


def structured(settings: Settings, server: ScriptedServer) -> StructuredLLM[ExtractedClaims]:
    return StructuredLLM(settings, ExtractedClaims, chat_model(settings, server.client()))


def ok(**kwargs: Any) -> httpx2.Response:
    return httpx2.Response(200, json=completion(**kwargs))


def method_of(body: dict[str, Any]) -> str:
    if "tools" in body:
        return "function_calling"
    return str(body.get("response_format", {}).get("type"))


def rejecting(*rejected: str) -> ScriptedServer:
    """A server like llama.cpp's: HTTP 500 for the ways of asking it does not support."""

    def handler(request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        method = method_of(body)
        if method in rejected:
            return httpx2.Response(500, json={"error": {"message": f"{method} unsupported"}})
        if method == "function_calling":
            return ok(tool_args=ANSWER)
        return ok(content=json.dumps(ANSWER))

    return ScriptedServer(handler)


def test_json_schema_is_asked_strictly_and_usage_counted(llm_settings: Settings) -> None:
    server = ScriptedServer(replies(ok(content=json.dumps(ANSWER), tokens=(210, 33))))
    llm = structured(llm_settings, server)

    answer = llm.invoke(PROMPT)

    assert answer.claims[0].quote == "Lanterna ha chiuso il 2025 in utile"
    (body,) = server.bodies
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["strict"] is True
    assert (body["model"], body["temperature"]) == ("test-model", 0.0)
    assert body["max_tokens"] == body["max_completion_tokens"] == llm_settings.llm_max_tokens
    assert server.requests[0].url == f"{BASE_URL}/chat/completions"
    assert llm.usage.model_dump() == {
        "calls": 1,
        "cached_calls": 0,
        "prompt_tokens": 210,
        "completion_tokens": 33,
    }
    assert llm.notices == [f"structured output via json_schema at {BASE_URL} (accepted)"]


def test_a_rejected_json_schema_falls_back_to_function_calling_once(
    llm_settings: Settings,
) -> None:
    server = rejecting("json_schema")

    first = structured(llm_settings, server)
    first.invoke(PROMPT)
    second = structured(llm_settings, server)
    second.invoke([*PROMPT[:-1], HumanMessage("another article")])

    assert [method_of(body) for body in server.bodies] == [
        "json_schema",
        "function_calling",
        "function_calling",
    ]
    expected = (
        f"structured output via function_calling at {BASE_URL} (json_schema rejected (HTTP 500))"
    )
    assert first.notices == [expected] and second.notices == [expected]
    assert first.usage.calls == 1
    assert second.method is StructuredOutputMethod.FUNCTION_CALLING


def test_json_mode_is_the_last_resort_and_carries_the_schema(llm_settings: Settings) -> None:
    server = rejecting("json_schema", "function_calling")

    llm = structured(llm_settings, server)
    answer = llm.invoke(PROMPT)

    assert answer == ExtractedClaims.model_validate(ANSWER)
    assert [method_of(body) for body in server.bodies] == [
        "json_schema",
        "function_calling",
        "json_object",
    ]
    last = server.bodies[-1]
    assert last["response_format"]["schema"]["required"] == ["claims"]
    assert [m["role"] for m in last["messages"]] == ["system", "user"]
    assert '"claims"' in last["messages"][-1]["content"]
    assert "function_calling rejected (HTTP 500)" in llm.notices[0]


def test_a_configured_method_is_not_negotiated(llm_settings: Settings) -> None:
    settings = llm_settings.model_copy(
        update={"structured_output": StructuredOutputMethod.JSON_SCHEMA}
    )
    server = rejecting("json_schema")

    with pytest.raises(LLMError, match=rf"{BASE_URL} answered HTTP 500: .*json_schema"):
        structured(settings, server).invoke(PROMPT)
    assert len(server.requests) == 1


def test_a_second_run_is_answered_by_the_cache(llm_settings: Settings) -> None:
    server = ScriptedServer(replies(ok(content=json.dumps(ANSWER))))
    structured(llm_settings, server).invoke(PROMPT)

    again = structured(llm_settings, server)
    answer = again.invoke(PROMPT)

    assert len(server.requests) == 1
    assert answer == ExtractedClaims.model_validate(ANSWER)
    assert again.usage.model_dump() == {
        "calls": 0,
        "cached_calls": 1,
        "prompt_tokens": 0,
        "completion_tokens": 0,
    }
    assert llm_settings.llm_cache_path.is_file()


def test_the_cache_tells_models_servers_and_prompts_apart(llm_settings: Settings) -> None:
    server = ScriptedServer(replies(ok(content=json.dumps(ANSWER))))
    structured(llm_settings, server).invoke(PROMPT)
    other_model = llm_settings.model_copy(update={"llm_model": "other-model"})
    other_server = llm_settings.model_copy(update={"openai_base_url": "http://other.test/v1"})

    structured(other_model, server).invoke(PROMPT)
    structured(other_server, server).invoke(PROMPT)
    structured(llm_settings, server).invoke([*PROMPT[:-1], HumanMessage("changed")])

    assert len(server.requests) == 4


def test_the_cache_can_be_cleared(tmp_path: Path) -> None:
    cache = SQLiteCache(tmp_path / "cache.sqlite")
    cache.update("prompt", "model", [])
    assert cache.lookup("prompt", "model") == []
    cache.clear()
    assert cache.lookup("prompt", "model") is None


def test_a_malformed_answer_is_retried_with_the_problem(llm_settings: Settings) -> None:
    server = ScriptedServer(
        replies(ok(content='{"claims": [{"text": "x"'), ok(content=json.dumps(ANSWER)))
    )
    llm = structured(llm_settings, server)

    llm.invoke(PROMPT)

    assert len(server.requests) == 2
    retry = server.bodies[1]["messages"][-1]["content"]
    assert retry.startswith(PROMPT[-1].text) and "could not be used" in retry
    assert llm.usage.calls == 2


@pytest.mark.parametrize(
    ("reply", "problem"),
    [
        (
            ok(content='{"claims": [{"text": "cut', finish_reason="length"),
            "cut off at the token limit",
        ),
        (ok(content=""), "empty answer"),
        (ok(content='{"claims": "none"}'), "does not match the schema"),
    ],
)
def test_an_answer_that_stays_unusable_is_an_error(
    llm_settings: Settings, reply: httpx2.Response, problem: str
) -> None:
    server = ScriptedServer(replies(reply))

    with pytest.raises(UnusableAnswerError, match=rf"{problem}.*\(3 attempts\)"):
        structured(llm_settings, server).invoke(PROMPT)
    assert len(server.requests) == 3


def test_a_refusal_is_reported_without_retrying(llm_settings: Settings) -> None:
    server = ScriptedServer(replies(ok(refusal="I can't help with that.")))

    with pytest.raises(UnusableAnswerError, match=r"refused to answer: .*can.t help"):
        structured(llm_settings, server).invoke(PROMPT)
    assert len(server.requests) == 1


def raising(error: Exception) -> ScriptedServer:
    def handler(request: httpx2.Request) -> httpx2.Response:
        raise error

    return ScriptedServer(handler)


def test_a_timeout_names_the_server_and_the_setting(llm_settings: Settings) -> None:
    server = raising(httpx2.ReadTimeout("timed out"))

    with pytest.raises(
        LLMError, match=rf"{BASE_URL} did not answer within 60s \(CLAIMSCOPE_LLM_TIMEOUT\)"
    ):
        structured(llm_settings, server).invoke(PROMPT)


def test_an_unreachable_server_names_the_base_url_never_the_key(llm_settings: Settings) -> None:
    server = raising(httpx2.ConnectError("connection refused"))

    with pytest.raises(LLMError) as caught:
        structured(llm_settings, server).invoke(PROMPT)

    assert f"cannot reach the LLM server at {BASE_URL}" in str(caught.value)
    assert API_KEY not in str(caught.value) and API_KEY not in repr(caught.value)


def test_credentials_in_the_base_url_are_never_shown(llm_settings: Settings) -> None:
    secret_url = "http://reader:s3cret-pass@llm.test:8080/v1"
    settings = llm_settings.model_copy(update={"openai_base_url": secret_url})
    server = raising(httpx2.ConnectError(f"cannot connect to {secret_url}"))

    with pytest.raises(LLMError) as caught:
        structured(settings, server).invoke(PROMPT)

    assert "cannot reach the LLM server at http://***@llm.test:8080/v1" in str(caught.value)
    assert "s3cret" not in str(caught.value) and "reader" not in str(caught.value)
    accepted = structured(settings, ScriptedServer(replies(ok(content=json.dumps(ANSWER)))))
    accepted.invoke([HumanMessage("a fresh prompt")])
    assert accepted.notices and not any("s3cret" in notice for notice in accepted.notices)


def test_rate_limits_are_retried_by_the_client_then_reported(llm_settings: Settings) -> None:
    limited = httpx2.Response(
        429, headers={"retry-after-ms": "5"}, json={"error": {"message": "slow down"}}
    )
    patient = llm_settings.model_copy(update={"llm_max_retries": 2})
    recovering = ScriptedServer(replies(limited, limited, ok(content=json.dumps(ANSWER))))

    structured(patient, recovering).invoke(PROMPT)
    assert len(recovering.requests) == 3

    stuck = ScriptedServer(replies(limited))
    with pytest.raises(LLMError, match=r"too many requests' \(HTTP 429\) after 2 retries"):
        structured(patient, stuck).invoke([HumanMessage("not cached yet")])
    assert len(stuck.requests) == 3


def test_a_bad_key_is_a_clear_error_that_never_shows_the_key(
    llm_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server = ScriptedServer(
        replies(
            httpx2.Response(
                401, json={"error": {"message": f"Incorrect API key provided: {API_KEY}"}}
            )
        )
    )

    with pytest.raises(LLMError) as caught:
        structured(llm_settings, server).invoke(PROMPT)

    assert str(caught.value) == (
        f"the LLM server at {BASE_URL} rejected the API key (HTTP 401): check OPENAI_API_KEY"
    )
    assert API_KEY not in caplog.text
    assert server.requests[0].headers["authorization"] == f"Bearer {API_KEY}"


def test_a_server_message_that_echoes_the_key_is_redacted(llm_settings: Settings) -> None:
    server = ScriptedServer(
        replies(httpx2.Response(400, json={"error": {"message": f"key {API_KEY} is blocked"}}))
    )
    settings = llm_settings.model_copy(
        update={"structured_output": StructuredOutputMethod.JSON_SCHEMA}
    )

    with pytest.raises(LLMError) as caught:
        structured(settings, server).invoke(PROMPT)
    assert "answered HTTP 400: " in str(caught.value) and "key *** is blocked" in str(caught.value)
    assert API_KEY not in str(caught.value)


DEMO = Path(__file__).resolve().parents[1] / "examples" / "microsoft-openai-stargate.it.txt"
DEMO_QUOTE = "Microsoft perderà l'accesso alla tecnologia aziendale"


@pytest.fixture
def cli_server(monkeypatch: pytest.MonkeyPatch) -> Callable[[Handler], ScriptedServer]:
    """Routes the CLI's chat model to a scripted server, configured as a user would."""
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", BASE_URL)
    monkeypatch.setenv("CLAIMSCOPE_LLM_MAX_RETRIES", "0")

    def route(handler: Handler) -> ScriptedServer:
        server = ScriptedServer(handler)
        monkeypatch.setattr(
            extract_llm, "chat_model", lambda settings: chat_model(settings, server.client())
        )
        return server

    return route


def test_extract_runs_through_the_cli_and_reruns_from_the_cache(
    cli_server: Callable[[Handler], ScriptedServer],
) -> None:
    answer = {"claims": [claim(DEMO_QUOTE, hedging="conditional", cues=["quando"])]}
    server = cli_server(replies(ok(content=json.dumps(answer), tokens=(900, 60))))
    command = ["extract", "--engine", "llm", "--json", str(DEMO)]

    first = CliRunner().invoke(app, command)
    requests = len(server.requests)
    second = CliRunner().invoke(app, command)

    assert first.exit_code == 0 and second.exit_code == 0, first.stderr + second.stderr
    (report,) = json.loads(first.stdout)
    (again,) = json.loads(second.stdout)
    text = DEMO.read_text(encoding="utf-8")
    assert [(c["quote"], c["hedging"]) for c in report["claims"]] == [(DEMO_QUOTE, "conditional")]
    assert text[report["claims"][0]["start"] : report["claims"][0]["end"]] == DEMO_QUOTE
    assert report["calls"] == requests >= 2
    assert (report["prompt_tokens"], report["completion_tokens"]) == (900 * requests, 60 * requests)
    assert len(server.requests) == requests
    assert (again["calls"], again["cached_calls"], again["prompt_tokens"]) == (0, requests, 0)
    assert again["claims"] == report["claims"]


def test_the_cli_reports_a_bad_key_in_one_line_without_the_key(
    cli_server: Callable[[Handler], ScriptedServer],
) -> None:
    cli_server(replies(httpx2.Response(401, json={"error": {"message": f"bad key {API_KEY}"}})))

    result = CliRunner().invoke(app, ["extract", "--engine", "llm", str(DEMO)])

    assert result.exit_code == 4
    assert result.stderr.strip().splitlines() == [
        f"error: the LLM server at {BASE_URL} rejected the API key (HTTP 401): check OPENAI_API_KEY"
    ]
    assert API_KEY not in result.output
