"""What the project promises its users and its tests: typed, and strict about warnings."""

from __future__ import annotations

import warnings
from importlib import resources

import pytest


def test_the_package_says_it_is_typed() -> None:
    assert resources.files("claimscope").joinpath("py.typed").is_file()


def test_a_warning_in_a_test_is_an_error(pytestconfig: pytest.Config) -> None:
    with pytest.raises(UserWarning):
        warnings.warn("a test that warns fails", UserWarning, stacklevel=1)
    assert pytestconfig.option.strict_markers
