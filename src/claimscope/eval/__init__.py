"""The eval harness: score an engine's claims against hand-labelled gold (eval/README.md).

Stages, one module each: `gold` reads and validates a data set, `predictions` reads saved
claims, `matching` pairs predicted with gold claims, `metrics` turns the pairs into scores,
`intervals` bootstraps them, `harness` runs it all, `report`, `tables` and `compare` show it.
`scores` declares every score once (field, labels, format, whether a baseline gates it) for
all of them to read.
"""
