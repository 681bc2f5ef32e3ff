"""Do the offline engines' eval scores stay the same across a refactoring?

Runs `claimscope eval --json` with `--engine rules` and `--engine offline` on every data set,
and `claimscope eval-qa --engine rules` on eval/gold (the answers' phrasing comes from the
same lexicons), and compares each result with one saved before the change, ignoring wall times and the run's
date. Save the reference outside the repository first, then check after each step:

    .venv/bin/python bench/eval_identity.py --save /work/notes/onehouse-before
    .venv/bin/python bench/eval_identity.py --check /work/notes/onehouse-before

Data sets: eval/gold, eval/dev, eval/holdout and, when present, ../shared/corpus/gold and
../shared/corpus/real-2 (the shared holdout is never read). Exits 1 when any result differs,
printing the first differing paths.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
DATA_SETS = {
    "gold": ROOT / "eval" / "gold",
    "dev": ROOT / "eval" / "dev",
    "holdout": ROOT / "eval" / "holdout",
    "shared-gold": SHARED / "gold",
    "shared-real-2": SHARED / "real-2",
}
# The rules engine alone, and the default offline engine (rules + learned judgment).
ENGINES = ("rules", "offline")
IGNORED_KEYS = {"seconds", "median_seconds_per_question", "date"}


def commands(engines: list[str]) -> dict[str, list[str]]:
    """Each check's name and its claimscope arguments (without --json)."""
    runs = {
        f"{engine}-{name}": ["eval", "--engine", engine, "--data", str(folder)]
        for engine in engines
        for name, folder in DATA_SETS.items()
        if folder.is_dir()
    }
    runs["qa-gold"] = ["eval-qa", "--engine", "rules", "--data", str(DATA_SETS["gold"])]
    return runs


def result_json(arguments: list[str]) -> Any:
    """What `claimscope ARGUMENTS --json FILE` writes, parsed, without the ignored keys."""
    claimscope = Path(sys.executable).with_name("claimscope")
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "result.json"
        # A fresh store per run: eval-qa ingests the articles into it.
        environment = {**os.environ, "CLAIMSCOPE_DATA_DIR": str(Path(scratch) / "store")}
        subprocess.run(
            [str(claimscope), *arguments, "--json", str(out)],
            check=True,
            capture_output=True,
            env=environment,
        )
        return without_ignored(json.loads(out.read_text(encoding="utf-8")))


def without_ignored(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_ignored(v) for k, v in value.items() if k not in IGNORED_KEYS}
    if isinstance(value, list):
        return [without_ignored(item) for item in value]
    return value


def differences(before: Any, after: Any, path: str = "") -> list[str]:
    """Paths (a.b[2].c) where the two JSON values differ."""
    if isinstance(before, dict) and isinstance(after, dict):
        keys = sorted(set(before) | set(after))
        return [d for k in keys for d in differences(before.get(k), after.get(k), f"{path}.{k}")]
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        pairs = enumerate(zip(before, after, strict=True))
        return [d for i, (b, a) in pairs for d in differences(b, a, f"{path}[{i}]")]
    return [] if before == after else [f"{path}: {before!r} -> {after!r}"[:300]]


def save(reference: Path, engines: list[str]) -> None:
    reference.mkdir(parents=True, exist_ok=True)
    for name, arguments in commands(engines).items():
        result = result_json(arguments)
        (reference / f"{name}.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
        print(f"saved {name}")


def check(reference: Path, engines: list[str]) -> bool:
    same = True
    for name, arguments in commands(engines).items():
        saved = reference / f"{name}.json"
        if not saved.is_file():
            print(f"{name}: no saved reference at {saved}")
            same = False
            continue
        found = differences(json.loads(saved.read_text(encoding="utf-8")), result_json(arguments))
        print(f"{name}: {'identical' if not found else f'{len(found)} differences'}")
        for line in found[:10]:
            print(f"  {line}")
        same = same and not found
    return same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--save", type=Path, metavar="FOLDER", help="write the reference")
    action.add_argument("--check", type=Path, metavar="FOLDER", help="compare with it")
    parser.add_argument(
        "--engines", nargs="+", default=list(ENGINES), help="engines to run (default: all)"
    )
    arguments = parser.parse_args()
    if arguments.save:
        save(arguments.save, arguments.engines)
    elif not check(arguments.check, arguments.engines):
        sys.exit(1)


if __name__ == "__main__":
    main()
