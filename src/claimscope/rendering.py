"""The Jinja2 environment for claimscope's own reports (src/claimscope/templates/).

HTML templates are autoescaped, so article text and model output reach a page only as
text; Markdown templates are not, since escaping would show up as entities.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape

from claimscope.models import HedgingLevel

# Firmest first: the order in which levels are listed.
FIRMEST_FIRST = tuple(reversed(HedgingLevel))


@cache
def environment() -> Environment:
    templates = Environment(
        loader=PackageLoader("claimscope", "templates"),
        autoescape=select_autoescape(
            disabled_extensions=("md.j2",), default=True, default_for_string=True
        ),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    templates.globals["levels"] = list(FIRMEST_FIRST)
    return templates
