"""How long the commands take: `claimscope --help` and `docs` (targets 0.5 s and 1 s), `ask`
in a fresh process (target 3 s) and a question in a warm process, as chat and the web page
ask (target 150 ms). The store holds eval/story's six articles, ingested once (not timed).

    .venv/bin/python bench/command_speed.py [--runs 5]

Medians of the runs, wall time; the machine's other load shows in the spread.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLAIMSCOPE = str(Path(sys.executable).with_name("claimscope"))
QUESTIONS = [
    "Chi ha smentito la notizia dei seggi in consiglio?",
    "Quanto vale la quota di Nordel?",
    "When did Nordel and Aurelia sign the agreement?",
]


def wall(command: list[str], environment: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=environment, check=True, capture_output=True)
    return time.perf_counter() - started


def warm_seconds(data_dir: str) -> list[float]:
    """One process, one answerer: after a first question, every question of
    eval/qa-story-dev is asked once (none repeated, so nothing comes from a cache)."""
    from claimscope.eval.questions import load_dataset
    from claimscope.qa import Answerer
    from claimscope.settings import Settings

    dataset = load_dataset(ROOT / "eval" / "story", ROOT / "eval" / "qa-story-dev")
    answerer = Answerer.open(Settings(data_dir=Path(data_dir)))
    answerer.ask("Chi guida Aurelia Labs?")
    seconds = []
    for located in dataset.questions:
        started = time.perf_counter()
        answerer.ask(located.question.question)
        seconds.append(time.perf_counter() - started)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="claimscope-speed-") as data_dir:
        environment = {**os.environ, "CLAIMSCOPE_DATA_DIR": data_dir}
        subprocess.run(
            [CLAIMSCOPE, "ingest", str(ROOT / "eval" / "story")],
            env=environment,
            check=True,
            capture_output=True,
        )
        commands = {
            "claimscope --help": [CLAIMSCOPE, "--help"],
            "claimscope docs": [CLAIMSCOPE, "docs"],
            "claimscope ask (cold)": [CLAIMSCOPE, "ask", QUESTIONS[0]],
        }
        for label, command in commands.items():
            seconds = [wall(command, environment) for _ in range(args.runs)]
            print(
                f"{label:<28} median {statistics.median(seconds):.2f} s  (min {min(seconds):.2f})"
            )
        warm = warm_seconds(data_dir)
        print(
            f"{'ask, warm process':<28} median {statistics.median(warm) * 1000:.0f} ms  "
            f"(max {max(warm) * 1000:.0f}, {len(warm)} questions)"
        )


if __name__ == "__main__":
    main()
