"""The Jinja2 environments of claimscope's reports and pages, made by one factory.

HTML templates are autoescaped, so article text and model output reach a page only as
text; Markdown templates are not, since escaping would show up as entities.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, Undefined, select_autoescape

from claimscope.models import HedgingLevel

# Firmest first: the order in which levels are listed.
FIRMEST_FIRST = tuple(reversed(HedgingLevel))


def template_environment(package: str, *, strict: bool = False) -> Environment:
    """An environment over the `templates` folder of `package`; with `strict`, a name a
    template uses but is not given is an error rather than empty text."""
    return Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=select_autoescape(
            disabled_extensions=("md.j2",), default=True, default_for_string=True
        ),
        undefined=StrictUndefined if strict else Undefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def environment() -> Environment:
    """The environment of the library's own reports (src/claimscope/templates/)."""
    templates = template_environment("claimscope")
    templates.globals["levels"] = list(FIRMEST_FIRST)
    return templates
