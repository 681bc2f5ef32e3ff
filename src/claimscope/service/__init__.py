"""The use cases the `claimscope` command and the web page share, one module each:
`articles` (store articles with their claims, extract again, search), `answers` (ask,
converse), `reports` (the summary, eval runs kept in the data directory).

The CLI (`claimscope.cli`) and the page (`claimscope.web`) parse, call these and render the
result; nothing here imports either of them.
"""
