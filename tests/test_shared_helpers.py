"""The helpers every layer shares: prompt text, the template factory, and which layer may
import which (the CLI and the web page over the service layer over the library)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from jinja2 import UndefinedError

from claimscope.models import Claim, HedgingLevel
from claimscope.presentation import LEVEL_LOOKS
from claimscope.prompting import claims_for_prompt, fenced, language_name
from claimscope.rendering import template_environment

# The service layer and the library under it: the modules the front ends call.
BELOW_THE_FRONT_ENDS = (
    "claimscope",
    "claimscope.service.articles",
    "claimscope.service.answers",
    "claimscope.service.reports",
    "claimscope.summary",
    "claimscope.eval.report",
    "claimscope.eval.qa_harness",
    "claimscope.eval.qa_report",
)


def test_the_service_layer_and_the_library_import_nothing_from_the_cli_or_the_web() -> None:
    code = (
        f"import sys, {', '.join(BELOW_THE_FRONT_ENDS)}; "
        "print(sorted(m for m in sys.modules if m.startswith(('claimscope.web', 'claimscope.cli'))))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert found.strip() == "[]"


def test_prompts_name_a_language_by_its_pack_and_pass_unknown_codes_through() -> None:
    assert (language_name("it"), language_name("en"), language_name("xx")) == (
        "Italian",
        "English",
        "xx",
    )


def test_prompts_fence_article_text_and_list_claims_with_their_source() -> None:
    claim = Claim(
        id="c1",
        text="x",
        quote="a <<<trap>>>",
        start=0,
        end=12,
        hedging=HedgingLevel.RUMORED,
        source=None,
    )
    assert fenced("<<<x>>>") == "‹‹‹x›››"
    assert claims_for_prompt([claim]) == [
        {"quote": "a ‹‹‹trap›››", "hedging": "rumored", "source": "the article itself"}
    ]


def test_one_template_factory_escapes_html_not_markdown_and_can_be_strict() -> None:
    environment = template_environment("claimscope")
    summary_md = environment.get_template("summary.md.j2")
    assert environment.autoescape("report.html.j2") is True  # type: ignore[operator]
    assert environment.autoescape(summary_md.name) is False  # type: ignore[operator]
    strict = template_environment("claimscope.web", strict=True)
    with pytest.raises(UndefinedError):
        strict.from_string("{{ missing.attribute }}").render()


def test_every_level_has_one_look_with_its_own_tag() -> None:
    assert set(LEVEL_LOOKS) == set(HedgingLevel)
    assert len({look.tag for look in LEVEL_LOOKS.values()}) == len(HedgingLevel)
    assert len({look.terminal_style for look in LEVEL_LOOKS.values()}) == len(HedgingLevel)
