"""The store shared by several processes, and a process killed in the middle of a write.
Real processes: marked slow (each one loads Chroma and the embeddings)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from claimscope.ingest import chunk_document, ingest, load_document, read_input
from claimscope.settings import Settings
from claimscope.store import PENDING_FILE, Store
from claimscope.web.app import create_app

CLAIMSCOPE = str(Path(sys.executable).parent / "claimscope")
ORBITAL = (
    "Orbital taglia 400 posti\n\n"
    "Il produttore di satelliti Orbital taglierà 400 posti di lavoro in Texas, ha detto "
    "l'azienda martedì.\n"
)
CONTOSO = (
    "Contoso compra Fabrikam\n\n"
    "La società Contoso comprerà Fabrikam per 3 miliardi di euro, ha annunciato il "
    "gruppo lunedì.\n"
)
# Ingests the files named, then kills itself (SIGKILL, as `kill -9`) just before the
# record of the second document: its chunks are in the store, its record is not.
KILLED_MID_WRITE = """
import os, signal, sys
from chromadb.api.models.Collection import Collection
from claimscope.ingest import ingest

records = []
original_add = Collection.add

def add(self, *args, **kwargs):
    if self.name == "claimscope-documents":
        if records:
            os.kill(os.getpid(), signal.SIGKILL)
        records.append(kwargs["ids"])
    return original_add(self, *args, **kwargs)

Collection.add = add
ingest(sys.argv[1:])
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def environment(settings: Settings) -> dict[str, str]:
    return {**os.environ, "CLAIMSCOPE_DATA_DIR": str(settings.data_dir)}


@pytest.mark.slow
def test_the_web_page_sees_what_a_cli_ingest_wrote_meanwhile(
    settings: Settings, tmp_path: Path
) -> None:
    ingest([str(write(tmp_path / "a", "orbital.txt", ORBITAL))], settings=settings)
    web = TestClient(create_app(settings), base_url="http://127.0.0.1")
    first = web.post("/ask", data={"question": "Quanti posti taglia Orbital?", "engine": "rules"})
    assert first.status_code == 200 and "400 posti" in first.text
    contoso = write(tmp_path / "b", "contoso.txt", CONTOSO)
    subprocess.run(
        [CLAIMSCOPE, "ingest", str(contoso)], env=environment(settings), check=True, timeout=300
    )
    second = web.post(
        "/ask", data={"question": "Per quanto comprerà Fabrikam Contoso?", "engine": "rules"}
    )
    assert second.status_code == 200, second.text
    contoso_id = load_document(read_input(str(contoso), 10_000)).id
    assert f"/documents/{contoso_id}" in second.text
    assert "Contoso compra Fabrikam" in web.get("/").text


@pytest.mark.slow
def test_a_process_killed_mid_ingest_leaves_no_orphans(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    first = write(folder, "1-orbital.txt", ORBITAL)
    write(folder, "2-contoso.txt", CONTOSO)
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_MID_WRITE, str(folder)],
        env=environment(settings),
        capture_output=True,
        timeout=300,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert (settings.data_dir / PENDING_FILE).exists()
    store = Store.open(settings)
    orbital = load_document(read_input(str(first), 10_000))
    assert [d.id for d in store.list_documents()] == [orbital.id]
    hits = store.search("Contoso comprerà Fabrikam", limit=10)
    assert {hit.chunk.document_id for hit in hits} == {orbital.id}
    assert store.chunks.count() == len(chunk_document(orbital, settings))
    assert not (settings.data_dir / PENDING_FILE).exists()
