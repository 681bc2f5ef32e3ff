"""How long the web page's routes take in-process (FastAPI's test client, no network).

Stores the demo article through the page's own form (ingest, embed, rules extraction), then
times the pages a reader opens most, warm: the documents list, the article page with its
highlights, the htmx table fragment for a level filter, a claim's detail, and the exports.

    .venv/bin/python bench/web_pages.py
    .venv/bin/python bench/web_pages.py --rounds 50
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from claimscope.settings import Settings
from claimscope.store import Store
from claimscope.web.app import create_app

DEMO = Path(__file__).resolve().parents[1] / "examples" / "microsoft-openai-stargate.it.txt"


def timed_ms(client: TestClient, path: str, rounds: int, headers: dict[str, str]) -> list[float]:
    client.get(path, headers=headers)  # warm: templates compiled, store opened
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(path, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(_env_file=None, data_dir=Path(data_dir))  # type: ignore[call-arg]
        client = TestClient(create_app(settings), base_url="http://127.0.0.1")
        started = time.perf_counter()
        stored = client.post(
            "/documents", data={"text": DEMO.read_text(encoding="utf-8")}, follow_redirects=False
        )
        store_seconds = time.perf_counter() - started
        document_id = stored.headers["location"].split("/documents/")[1].split("?")[0]
        claims = Store.open(settings).get_claims(document_id)
        first = claims[0].id
        htmx = {"HX-Request": "true"}
        routes = {
            "documents list": ("/", {}),
            "article page": (f"/documents/{document_id}", {}),
            "table fragment (level filter)": (
                f"/documents/{document_id}?level={claims[0].hedging.value}",
                {**htmx, "HX-Target": "claim-table"},
            ),
            "claim detail fragment": (f"/documents/{document_id}/claims/{first}", htmx),
            "export JSON Lines": (f"/documents/{document_id}/claims.jsonl", {}),
            "export CSV": (f"/documents/{document_id}/claims.csv", {}),
        }
        print(f"{platform.python_implementation()} {platform.python_version()}, ", end="")
        print(f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
        print(
            f"store demo article via the form (cold: model load, embed, {len(claims)} claims): "
            f"{store_seconds:.1f} s"
        )
        print(f"{'route':32} {'median ms':>10} {'p90 ms':>8}   ({arguments.rounds} rounds)")
        for name, (path, headers) in routes.items():
            times = sorted(timed_ms(client, path, arguments.rounds, headers))
            p90 = times[int(0.9 * (len(times) - 1))]
            print(f"{name:32} {statistics.median(times):10.1f} {p90:8.1f}")


if __name__ == "__main__":
    main()
