"""The learned judgment stage: how firmly an article stands behind each claim, and who says it.

The rules engine finds the claims and their cues; this stage re-decides each claim's hedging
level (and so its source) with a small linear model trained on labelled news
(`make train`). It sees what the lexicon's regular expressions cannot: a sentence-level cue
detector over e5 sentence embeddings finds denials, non-confirmations and hearsay phrased in
ways no lexicon lists, and the features say where such sentences stand relative to the claim
and to its report.

- `context`: an article read once: sentences, paragraphs, lexicon cues, embeddings.
- `features`: the feature vector of one claim in its article.
- `model`: the committed weights (a pydantic model in `model.json`) and prediction.
- `stage`: the extractor that runs the rules engine and then the learned decision.
- `training`: builds the training examples from labelled sets, cross-validates, writes
  `model.json` (`python -m claimscope.judgment.training`).
"""
