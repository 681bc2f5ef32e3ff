"""A cited article reports a fact, another denies it or says it is not confirmed: the answer
says so in the question's language, offline and after the LLM's checked answer. Invented
articles with hand-made claims (no extraction engine involved)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimscope.ingest import ingest
from claimscope.models import Answer, Citation, Claim, HedgingLevel
from claimscope.qa import Answerer
from claimscope.qa.contradictions import CitedStance, Stance, contradictions, stance
from claimscope.settings import Settings
from claimscope.store import Store
from fakes import scripted
from test_qa import draft_reply, llm_answerer, llm_settings  # noqa: F401 (a fixture)

# (file name, text, quote of its claim, level, cue phrases of the claim)
ClaimSpec = tuple[str, str, str, HedgingLevel, list[str]]

REPORT_IT: ClaimSpec = (
    "gazzetta-nord.txt",
    "Gazzetta del Nord, economia\n\n"
    "Secondo fonti vicine al dossier, Ventora chiuderà lo stabilimento di Brescia entro marzo "
    "e trasferirà le linee di montaggio a Cracovia. Il titolo ha chiuso la seduta in rialzo. "
    "Il sindacato ha chiesto un incontro al ministero. L'amministratore delegato parlerà a un "
    "convegno a Parigi il mese prossimo. Gli analisti prevedono dividendi più alti.",
    "Ventora chiuderà lo stabilimento di Brescia entro marzo e trasferirà le linee di "
    "montaggio a Cracovia",
    HedgingLevel.RUMORED,
    ["Secondo fonti vicine al dossier"],
)
DENIAL_IT: ClaimSpec = (
    "eco-di-brescia.txt",
    "Eco di Brescia, imprese\n\n"
    "Ventora ha smentito ieri le ricostruzioni secondo cui lo stabilimento di Brescia "
    "chiuderebbe entro marzo con il trasferimento delle linee di montaggio a Cracovia. "
    "La società ha presentato un nuovo modello di frigorifero. Le vendite crescono in Germania. "
    "Un nuovo marchio comparirà sui prodotti in primavera. L'azienda sponsorizza una gara "
    "ciclistica locale.",
    "lo stabilimento di Brescia chiuderebbe entro marzo con il trasferimento delle linee di "
    "montaggio a Cracovia",
    HedgingLevel.UNCONFIRMED,
    ["ha smentito", "secondo cui"],
)
REPORT_EN: ClaimSpec = (
    "northern-herald.txt",
    "Northern Herald, business\n\n"
    "Ventora will close its Leeds assembly plant by March and move the production lines to "
    "Krakow, people familiar with the plans said. Its shares rose in morning trading. "
    "Unions have asked for a meeting with the government. The chief executive will speak at a "
    "conference in Paris next month. Analysts expect higher dividends this year.",
    "Ventora will close its Leeds assembly plant by March and move the production lines to Krakow",
    HedgingLevel.RUMORED,
    ["people familiar with the plans said"],
)
DOUBT_EN: ClaimSpec = (
    "leeds-post.txt",
    "Leeds Post, companies\n\n"
    "Ventora has not confirmed reports that it will close the Leeds assembly plant by March "
    "and move its production lines to Krakow. The company launched a new fridge last week. "
    "Its sales are growing in Germany. A new logo will appear on its products in the spring. "
    "The firm sponsors a local cycling race.",
    "it will close the Leeds assembly plant by March and move its production lines to Krakow",
    HedgingLevel.UNCONFIRMED,
    ["has not confirmed"],
)
# A denial of another fact of the same company, in Brescia too: no contradiction.
OTHER_FACT_IT = "Ventora ha smentito che l'utile della sede di Brescia sia sceso sotto le attese"


def store_with(settings: Settings, folder: Path, *specs: ClaimSpec) -> Store:
    """The articles stored, each with its one hand-made claim."""
    store = Store.open(settings)
    for name, text, quote, level, cues in specs:
        (folder / name).write_text(text, encoding="utf-8")
        document_id = ingest([str(folder / name)], settings=settings, store=store)[0].document.id
        start = text.index(quote)
        claim = Claim(
            id=f"{name}-c1",
            text=quote,
            quote=quote,
            start=start,
            end=start + len(quote),
            hedging=level,
            cues=cues,
            document_id=document_id,
            engine="hand",
        )
        store.replace_claims(document_id, [claim])
    return store


def citation(number: int, document: str, quote: str) -> Citation:
    return Citation(
        number=number, document_id=document, title=document, quote=quote, start=0, end=1
    )


def number_of(answer: Answer, spec: ClaimSpec) -> str:
    return next(f"[{c.number}]" for c in answer.citations if spec[2] in c.quote)


# (the reporting article, the denying or doubting one, the question, the line expected with
# {reported} and {against} for the two citation numbers)
CONTRADICTIONS = [
    (
        REPORT_IT,
        DENIAL_IT,
        "Ventora chiude la fabbrica bresciana?",
        "Gli articoli non concordano: {against} riferisce una smentita di quanto riportato in "
        "{reported}.",
    ),
    (
        REPORT_EN,
        DOUBT_EN,
        "Will Ventora close its plant in Leeds?",
        "The articles disagree: according to {against}, the report in {reported} is not confirmed.",
    ),
]


@pytest.mark.parametrize(("reporting", "against", "question", "line"), CONTRADICTIONS)
def test_the_answer_says_one_article_denies_or_doubts_what_another_reports(
    settings: Settings,
    tmp_path: Path,
    reporting: ClaimSpec,
    against: ClaimSpec,
    question: str,
    line: str,
) -> None:
    store = store_with(settings, tmp_path, reporting, against)
    answer = Answerer(store, settings).ask(question)
    numbers = {"reported": number_of(answer, reporting), "against": number_of(answer, against)}
    assert line.format(**numbers) in answer.text.splitlines()


def test_a_denial_of_another_fact_is_no_contradiction() -> None:
    """Both passages name Ventora and Brescia; nothing else ties them."""
    report = CitedStance(citation(1, "gazzetta", REPORT_IT[2]), Stance.REPORTS)
    other = CitedStance(citation(2, "eco", OTHER_FACT_IT), Stance.DENIES)
    assert contradictions([report, other], "it") == []
    denial = CitedStance(citation(2, "eco", DENIAL_IT[2]), Stance.DENIES)
    assert len(contradictions([report, denial], "it")) == 1


def test_the_llm_answer_gets_the_line_after_its_checked_statements(
    settings: Settings,
    tmp_path: Path,
    llm_settings: Settings,  # noqa: F811 (the fixture imported above)
) -> None:
    store = store_with(llm_settings, tmp_path, REPORT_IT, DENIAL_IT)
    question = "Ventora chiude la fabbrica bresciana?"
    items = Answerer(store, llm_settings).retriever.retrieve(
        question, "it", llm_settings.answer_top_k
    )
    report = next(n for n, item in enumerate(items, 1) if "Ventora chiuderà" in item.quote)
    denial = next(n for n, item in enumerate(items, 1) if "chiuderebbe" in item.quote)
    model = scripted(
        draft_reply(
            ("Secondo fonti, Ventora chiuderà lo stabilimento.", [(report, REPORT_IT[2])]),
            ("Ventora lo ha smentito.", [(denial, DENIAL_IT[2])]),
        )
    )
    answer = llm_answerer(store, llm_settings, model).ask(question)
    assert answer.text.splitlines()[-1] == (
        "Gli articoli non concordano: [2] riferisce una smentita di quanto riportato in [1]."
    )


@pytest.mark.parametrize(
    ("level", "cues", "language", "expected"),
    [
        (HedgingLevel.RUMORED, ["secondo indiscrezioni"], "it", Stance.REPORTS),
        (HedgingLevel.ASSERTED, [], "en", Stance.REPORTS),
        (HedgingLevel.UNCONFIRMED, ["ha smentito"], "it", Stance.DENIES),
        (HedgingLevel.UNCONFIRMED, ["non ha confermato"], "it", Stance.DOUBTS),
        (HedgingLevel.UNCONFIRMED, ["The company denied the report"], "en", Stance.DENIES),
        (HedgingLevel.UNCONFIRMED, ["has not confirmed"], "en", Stance.DOUBTS),
        (None, ["ha smentito"], "it", None),
    ],
)
def test_a_passage_stance_comes_from_its_level_and_cue_kind(
    level: HedgingLevel | None, cues: list[str], language: str, expected: Stance | None
) -> None:
    assert stance(level, cues, language) is expected


def test_articles_that_agree_or_one_article_alone_get_no_line() -> None:
    quote = "lo stabilimento di Brescia chiuderà entro marzo"
    same_article = [
        CitedStance(citation(1, "a", quote), Stance.REPORTS),
        CitedStance(citation(2, "a", quote), Stance.DENIES),
    ]
    agreeing = [
        CitedStance(citation(1, "a", quote), Stance.REPORTS),
        CitedStance(citation(2, "b", quote), Stance.REPORTS),
    ]
    assert contradictions(same_article, "it") == []
    assert contradictions(agreeing, "it") == []
