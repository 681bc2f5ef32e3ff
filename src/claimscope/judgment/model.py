"""The committed weights of the judgment stage and how they predict.

The weights are plain numbers in a JSON file (`model.json` beside this module), validated
by pydantic on load: no pickle, nothing that depends on the scikit-learn version that
trained them, and a diff that shows what changed.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from claimscope.errors import ExtractionError

MODEL_FILE = "model.json"


class LinearLayer(BaseModel):
    """A linear model's weights: one row of `coef` and one `intercept` per class."""

    model_config = ConfigDict(extra="forbid")

    classes: list[str]
    coef: list[list[float]]
    intercept: list[float]

    @model_validator(mode="after")
    def _shapes_agree(self) -> LinearLayer:
        widths = {len(row) for row in self.coef}
        if len(self.coef) != len(self.classes) or len(self.intercept) != len(self.classes):
            raise ValueError("coef, intercept and classes must have one entry per class")
        if len(widths) != 1:
            raise ValueError("every row of coef must have the same length")
        return self

    @property
    def inputs(self) -> int:
        return len(self.coef[0])

    def decision(self, features: np.ndarray) -> np.ndarray:
        """One row per input, one column per class."""
        decision: np.ndarray = np.atleast_2d(features) @ np.array(self.coef).T + self.intercept
        return decision

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """Each class on its own (one-vs-rest): the logistic of its decision."""
        probabilities: np.ndarray = 1.0 / (1.0 + np.exp(-self.decision(features)))
        return probabilities

    def predict(self, features: np.ndarray) -> list[str]:
        return [self.classes[i] for i in self.decision(features).argmax(axis=1)]


class JudgmentModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: str
    embedder: str
    feature_names: list[str]
    detector: LinearLayer
    """Per sentence embedding: the probability that it holds a cue of each level."""
    level: LinearLayer
    """Per claim feature vector: the hedging level."""
    unit_feature_names: list[str]
    unit: LinearLayer
    """Per claim: the probability that the rules' claim is a claim at all (one class)."""
    unit_threshold: float = Field(ge=0.0, le=1.0)
    """Claims below it are dropped: statements about the reporting, datelines, fragments."""
    split_feature_names: list[str]
    split: LinearLayer
    """Per place a claim may be cut: the probability that its parts are separate claims."""
    trained_on: dict[str, list[str]]
    """Data set → the articles the model was fitted on."""

    @model_validator(mode="after")
    def _layers_fit_features(self) -> JudgmentModel:
        if self.level.inputs != len(self.feature_names):
            raise ValueError(
                f"the level layer takes {self.level.inputs} inputs, "
                f"the model names {len(self.feature_names)} features"
            )
        if self.unit.inputs != len(self.unit_feature_names) or len(self.unit.classes) != 1:
            raise ValueError("the unit layer must have one class and one input per unit feature")
        if self.split.inputs != len(self.split_feature_names) or len(self.split.classes) != 1:
            raise ValueError("the split layer must have one class and one input per cut feature")
        return self


def default_model_path() -> Path:
    return Path(str(resources.files("claimscope.judgment").joinpath(MODEL_FILE)))


@lru_cache(maxsize=4)
def load_model(path: Path | None = None) -> JudgmentModel:
    """The committed model (or the one at `path`); ExtractionError when it is missing,
    unreadable or not a judgment model."""
    path = path or default_model_path()
    try:
        return JudgmentModel.model_validate_json(path.read_bytes())
    except OSError as error:
        raise ExtractionError(
            f"judgment model {path} cannot be read ({error.strerror}); "
            "rebuild it with 'make train' or use --engine rules"
        ) from error
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem["loc"]) or "the file"
        raise ExtractionError(
            f"judgment model {path} is not valid ({where}: {problem['msg']}); "
            "rebuild it with 'make train'"
        ) from error
