"""The local web page: read articles through their claims, ask, summarise, see the eval.

Server-rendered with FastAPI and Jinja2, updated in place with htmx (vendored in static/);
it calls the same service layer (`claimscope.service`) as the CLI and has no logic of its
own.
"""
