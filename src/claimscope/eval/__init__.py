"""The evals: score an engine's claims, and the answers to questions, against hand-labelled
gold (eval/README.md).

Stages, one module each: `gold` reads and validates a data set, `predictions` reads saved
claims, `matching` pairs predicted with gold claims, `metrics` turns the pairs into scores,
`intervals` bootstraps them, `harness` runs it all, `report`, `tables` and `compare` show it.
`questions`, `qa_scoring`, `qa_harness` and `qa_report` are the same stages for the
question-answering eval (`claimscope eval-qa`), `qa_results` its models.
`scores` declares every score once (field, labels, format, whether a baseline gates it) for
all of them to read.
"""
