"""Cue families of ordinary Italian and English news language beyond the development
articles: each sentence is written for this test, one phrasing per case."""

from __future__ import annotations

import pytest

from claimscope.extract.rules import RulesExtractor
from claimscope.models import Claim, Document


def extract(text: str, language: str) -> list[Claim]:
    document = Document(id="t", title="t", text=text, source_path="t", language=language)
    return RulesExtractor().extract(document).claims


def judged(text: str, language: str, words: str) -> tuple[str, str | None]:
    """The level and source of the claim that quotes `words`."""
    claims = extract(text, language)
    found = [claim for claim in claims if words in claim.quote]
    assert found, f"no claim quotes {words!r}: {[c.quote for c in claims]}"
    return found[0].hedging.value, found[0].source


ANONYMOUS_IT = [
    "Stando a quanto risulta a questa testata, la banca chiuderà venti filiali.",
    "Secondo quanto appreso da ambienti sindacali, il gruppo taglierà mille posti.",
    "Da quanto trapela, il consiglio approverà la cessione entro giugno.",
    "Circolano voci di corridoio su una fusione tra le due compagnie aeree.",
    "Una fonte interna conferma che il marchio verrà ceduto a un fondo.",
    "Fonti interne alla società parlano di un aumento di capitale da 200 milioni.",
    "Fonti vicine al ministero indicano che il decreto slitterà a settembre.",
    "Una persona informata dei fatti spiega che l'accordo vale 3 miliardi.",
    "Chi ha chiesto l'anonimato racconta che il progetto è stato sospeso.",
    "In ambienti finanziari si dà per certa la vendita della controllata.",
    "Negli ambienti di Piazza Affari si dà per certa un'offerta pubblica sul gruppo.",
    "Secondo i rumors, il produttore lancerà un'auto elettrica economica.",
    "Si parla di un investimento da due miliardi nello stabilimento.",
    "Secondo la stampa locale, la fabbrica di Melfi chiuderà due linee a settembre.",
    "Un dirigente, che preferisce restare anonimo, racconta che lo stabilimento chiuderà.",
    "Secondo una fonte a conoscenza del dossier, il prezzo è di 3 euro per azione.",
]

ANONYMOUS_EN = [
    "A person briefed on the talks said the bid values the insurer at $4 billion.",
    "The bank will cut 300 jobs, sources said.",
    "According to a source, the retailer will close 40 stores.",
    "People close to the chief executive expect a sale of the unit.",
    "A person with knowledge of the plans said the launch slipped to May.",
    "An insider at the studio said the sequel was cancelled.",
    "Speaking on condition of anonymity, an official said the tariff will double.",
    "The airline is understood to be in talks with two lessors.",
    "There is chatter in the industry about a merger of the two carriers.",
    "Word on the street is that the fund will shut down by the summer.",
    "The factory will close two lines in September, local media reported.",
    "According to local media reports, the factory will close two lines in September.",
    "The founder is rumoured to be stepping down next month.",
    "One executive, who asked not to be identified, said the plant will close.",
    "The bank is weighing a sale of its unit, two people with direct knowledge of the talks said.",
    "The bank has held early talks about a sale, one of the people said.",
]

# A report, then a sentence (or paragraph) that does not confirm it or denies it.
REPORT = {
    "it": ("Secondo indiscrezioni Ardea venderà la rete in fibra a un fondo.", "venderà la rete"),
    "en": ("Ardea will reportedly sell its network.", "sell its network"),
}
UNCONFIRMED = [
    ("\n\nLa notizia non trova conferme.", "it"),
    ("Ardea nega con decisione di voler cedere la rete.", "it"),
    ("Ardea respinge la ricostruzione sulla rete.", "it"),
    ("Ardea ha negato la vendita della rete.", "it"),
    ("Ardea smentisce la cessione della rete.", "it"),
    ("La notizia non è confermata.", "it"),
    ("Ardea non conferma la vendita della rete.", "it"),
    ("La notizia sulla rete è priva di fondamento.", "it"),
    ("Ardea non ha voluto confermare la cessione della rete.", "it"),
    ("Ardea si è detta estranea alla cessione della rete.", "it"),
    ("Ardea has yet to confirm the sale of its network.", "en"),
    ("The report could not be independently verified.", "en"),
    ("Ardea declined to confirm the sale of its network.", "en"),
    ("Ardea rejected the report about its network.", "en"),
    ("Ardea dismissed the report about its network as speculation.", "en"),
    ("Ardea called the report about its network baseless.", "en"),
    ("Ardea did not confirm the sale of its network.", "en"),
]

CONDITIONS = [
    ("Purché i soci approvino, la fusione sarà operativa a luglio.", "it", "fusione"),
    ("Nel caso in cui il tribunale accolga il ricorso, l'asta salterà.", "it", "asta"),
    ("L'assunzione di 200 tecnici è subordinata al via libera della Regione.", "it", "tecnici"),
    ("In caso di pioggia, la gara verrà rinviata a domenica.", "it", "gara"),
    ("Salvo imprevisti, il cantiere chiuderà entro dicembre.", "it", "cantiere"),
    ("Il cantiere della diga partirà solo dopo il via libera del Cipess.", "it", "cantiere"),
    (
        "Previa approvazione dei soci, la banca pagherà un dividendo straordinario.",
        "it",
        "dividendo",
    ),
    ("Subject to regulatory approval, the merger will create the largest bank.", "en", "merger"),
    ("Pending a court ruling, the company will pay the fine in instalments.", "en", "fine"),
    ("The loan is contingent on the sale of the stadium.", "en", "loan"),
    ("Ove necessario, la Regione stanzierà altri fondi per la sanità.", "it", "fondi"),
    ("Nel caso di un rialzo dei tassi, il mutuo costerà 200 euro in più.", "it", "mutuo"),
    ("The pipeline will open in 2027, provided regulators sign off.", "en", "pipeline"),
    ("Should the vote fail, the government will call an election.", "en", "election"),
    ("Assuming demand holds, the plant will double output next year.", "en", "output"),
    ("In case of a strike, the airline will cancel half its flights.", "en", "flights"),
]

HEDGES = [
    ("È probabile che la Bce tagli i tassi a giugno.", "it", "tassi"),
    ("Apparentemente il progetto è stato accantonato.", "it", "progetto"),
    ("Il nuovo ponte è atteso entro la fine del 2027.", "it", "ponte"),
    ("Si prevede un calo delle vendite nel secondo trimestre.", "it", "vendite"),
    ("Con ogni probabilità l'aumento di capitale verrà rinviato.", "it", "aumento"),
    ("La produzione potrebbe ripartire già a febbraio.", "it", "produzione"),
    ("Prices are likely to fall after the harvest.", "en", "Prices"),
    ("The founder is believed to own a third of the shares.", "en", "founder"),
    ("It is likely that the vote will be postponed.", "en", "vote"),
    ("In all likelihood the mill will close in spring.", "en", "mill"),
    ("Si ritiene che il nuovo stadio costerà almeno 600 milioni.", "it", "stadio"),
    ("Tutto fa pensare che la fusione slitterà al prossimo anno.", "it", "fusione"),
    ("It is widely believed that the chairman will retire in June.", "en", "chairman"),
    ("The carmaker looks set to cut its dividend for the first time.", "en", "dividend"),
    ("The deal could be worth as much as $2 billion.", "en", "deal"),
]

ATTRIBUTED = [
    (
        "Il ministro Carlo Neri sostiene che il deficit scenderà al 3%.",
        "it",
        "deficit",
        "Carlo Neri",
    ),
    ("Lo ha annunciato Acme in una nota: i ricavi sono saliti del 12%.", "it", "ricavi", "Acme"),
    (
        "Un portavoce di Ferrovie Nord ha detto che la linea riaprirà lunedì.",
        "it",
        "linea",
        "Ferrovie Nord",
    ),
    (
        "Secondo quanto dichiarato da Marta Villa, l'impianto assumerà 80 persone.",
        "it",
        "impianto",
        "Marta Villa",
    ),
    ("Veloce Spa fa sapere che la rete coprirà tutta la regione.", "it", "rete", "Veloce Spa"),
    ("Orbis rivela che gli utenti attivi sono 40 milioni.", "it", "utenti", "Orbis"),
    (
        "Come riferisce il Sole 24 Ore, la banca ha chiuso trenta filiali al Sud.",
        "it",
        "filiali",
        "Sole 24 Ore",
    ),
    (
        "Il sindacato Fiom denuncia che 200 lavoratori sono in cassa integrazione.",
        "it",
        "lavoratori",
        "Fiom",
    ),
    (
        "Stando alle stime di Confindustria, il Pil crescerà dello 0,8% nel 2026.",
        "it",
        "Pil",
        "Confindustria",
    ),
    (
        "A dirlo è l'amministratore delegato Paolo Riva: il gruppo assumerà 500 tecnici.",
        "it",
        "tecnici",
        "Paolo Riva",
    ),
    (
        "La Procura di Milano ipotizza che i fondi siano stati distratti.",
        "it",
        "fondi",
        "Procura di Milano",
    ),
    (
        "Ha dichiarato il portavoce di Alfa Spa che la fabbrica resterà aperta.",
        "it",
        "fabbrica",
        "Alfa Spa",
    ),
    ("A detta di Nomisma, i prezzi delle case saliranno del 4%.", "it", "prezzi", "Nomisma"),
    ("A spokesperson for Nordbank said the branch will close in June.", "en", "branch", "Nordbank"),
    ("Keller Foods announced that profit rose 8% last year.", "en", "profit", "Keller Foods"),
    ("Helix told investors that margins would improve.", "en", "margins", "Helix"),
    ("In a filing, Corvex disclosed a loss of $30 million.", "en", "loss", "Corvex"),
    ("The mayor, Anna Rossi, stated that the bridge is safe.", "en", "bridge", "Anna Rossi"),
    # A schedule is no doubt: the source's report stays attributed.
    (
        "According to Nordbank, the terminal is slated to open in 2027.",
        "en",
        "terminal",
        "Nordbank",
    ),
    ("Helix said the retailer is poised to buy its rival.", "en", "retailer", "Helix"),
    (
        "As first reported by Bloomberg, the bank is weighing a sale of its unit.",
        "en",
        "bank",
        "Bloomberg",
    ),
    ("Corvex pledged that the refinery will hire 300 workers.", "en", "refinery", "Corvex"),
    ("Corvex's spokesperson said the refinery will restart in June.", "en", "refinery", "Corvex"),
    (
        "L'ufficio stampa di Telmar ha precisato che le tariffe resteranno invariate fino a marzo.",
        "it",
        "tariffe",
        "Telmar",
    ),
    ("Nordbank reiterated that its capital ratio stands at 14%.", "en", "capital", "Nordbank"),
    (
        "Mayor Anna Rossi stressed that the bridge is safe for heavy traffic.",
        "en",
        "bridge",
        "Anna Rossi",
    ),
    (
        "Il sindaco Marco Neri ha spiegato che il ponte riaprirà entro l'estate.",
        "it",
        "ponte",
        "Marco Neri",
    ),
]


def test_unnamed_sources_relayed_by_an_outlet_are_credited_to_it() -> None:
    text = "Secondo quanto appreso dall'Ansa, il governo varerà il decreto sulle accise venerdì."
    assert judged(text, "it", "decreto") == ("rumored", "Ansa")


@pytest.mark.parametrize("text", ANONYMOUS_IT)
def test_unnamed_sources_in_italian_are_rumored(text: str) -> None:
    claims = extract(text, "it")
    assert claims and all(claim.hedging.value == "rumored" for claim in claims), [
        (c.quote, c.hedging.value) for c in claims
    ]


@pytest.mark.parametrize("text", ANONYMOUS_EN)
def test_unnamed_sources_in_english_are_rumored(text: str) -> None:
    claims = extract(text, "en")
    assert claims and all(claim.hedging.value == "rumored" for claim in claims), [
        (c.quote, c.hedging.value) for c in claims
    ]


@pytest.mark.parametrize(("text", "language"), UNCONFIRMED)
def test_non_confirmation_and_denial_make_the_report_unconfirmed(text: str, language: str) -> None:
    report, words = REPORT[language]
    assert judged(f"{report} {text}", language, words)[0] == "unconfirmed"


@pytest.mark.parametrize(("text", "language", "words"), CONDITIONS)
def test_stated_conditions_make_the_claim_conditional(text: str, language: str, words: str) -> None:
    assert judged(text, language, words)[0] == "conditional"


@pytest.mark.parametrize(("text", "language", "words"), HEDGES)
def test_modality_and_expectation_hedge_the_claim(text: str, language: str, words: str) -> None:
    assert judged(text, language, words)[0] == "hedged"


@pytest.mark.parametrize(("text", "language", "words", "source"), ATTRIBUTED)
def test_reporting_frames_credit_the_named_source(
    text: str, language: str, words: str, source: str
) -> None:
    assert judged(text, language, words) == ("attributed", source)


# Generalisation pass (eval/dev): constructions of newsroom prose, one invented sentence each.

INSERTED_BETWEEN_SUBJECT_AND_VERB = [
    (
        "La fusione, se autorizzata dalla Consob, porterebbe alla nascita del primo gruppo del"
        " settore.",
        "it",
        "conditional",
    ),
    (
        "The merger, if cleared by regulators, would create the largest carrier in Spain.",
        "en",
        "conditional",
    ),
    ("Il fatturato, secondo Nomisma, salirà del 4% entro il 2027.", "it", "attributed"),
]


@pytest.mark.parametrize(("text", "language", "level"), INSERTED_BETWEEN_SUBJECT_AND_VERB)
def test_a_phrase_inserted_between_subject_and_verb_stays_in_one_claim(
    text: str, language: str, level: str
) -> None:
    claims = extract(text, language)
    assert len(claims) == 1, [c.quote for c in claims]
    assert claims[0].quote == text.rstrip(".")
    assert claims[0].hedging.value == level


APPOSITIONS_IN_A_REPORT = [
    (
        "Dorna, the Lyon-based maker of ski lifts, is in talks to buy a rival, people familiar"
        " with the matter said.",
        "en",
        "maker of ski lifts",
    ),
    (
        "Velaria, la compagnia ligure di traghetti, avrebbe ricevuto un'offerta da un fondo,"
        " secondo fonti vicine al dossier.",
        "it",
        "compagnia ligure di traghetti",
    ),
]


@pytest.mark.parametrize(("text", "language", "words"), APPOSITIONS_IN_A_REPORT)
def test_an_inserted_apposition_is_background_outside_the_report(
    text: str, language: str, words: str
) -> None:
    assert judged(text, language, words) == ("asserted", None)


def test_a_non_confirmation_covers_its_whole_report_not_only_the_words_it_shares() -> None:
    text = (
        "Dorna is in talks to buy Velo, people familiar with the matter said. The deal would be"
        " worth $2 billion, two of the people said, asking not to be named as the talks are"
        " private.\n\nNeither company has confirmed the talks."
    )
    assert judged(text, "en", "worth $2 billion") == ("unconfirmed", "anonymous")


def test_a_denial_covers_only_the_claims_it_names() -> None:
    text = (
        "Secondo alcune indiscrezioni, Ardea avrebbe ricevuto un'offerta per la rete e"
        " taglierebbe 300 posti. Ardea ha smentito di aver ricevuto un'offerta."
    )
    assert judged(text, "it", "offerta per la rete")[0] == "unconfirmed"
    assert judged(text, "it", "300 posti")[0] == "rumored"


def test_nobody_having_confirmed_a_report_makes_it_unconfirmed() -> None:
    report, words = REPORT["it"]
    text = f"{report} Nessuna delle due società ha finora confermato la notizia."
    assert judged(text, "it", words)[0] == "unconfirmed"


HEARSAY_RELAYED_BY_AN_OUTLET = [
    (
        "Da indiscrezioni raccolte dal Tirreno, il porto assumerà 200 gruisti.",
        "it",
        "gruisti",
        "Tirreno",
    ),
    (
        "Fonti vicine al ministero, sentite dall'Adnkronos, parlano di un decreto entro maggio.",
        "it",
        "decreto",
        "Adnkronos",
    ),
    (
        "The carrier will drop two routes, sources cited by Reuters said.",
        "en",
        "two routes",
        "Reuters",
    ),
]


@pytest.mark.parametrize(("text", "language", "words", "outlet"), HEARSAY_RELAYED_BY_AN_OUTLET)
def test_hearsay_relayed_by_a_named_outlet_is_rumored_and_credited_to_it(
    text: str, language: str, words: str, outlet: str
) -> None:
    assert judged(text, language, words) == ("rumored", outlet)


SPEAKER_AFTER_WHAT_WAS_SAID = [
    ("The carrier will drop two routes in May, Reuters said.", "en", "two routes", "Reuters"),
    ("Orsa will shut its Lyon plant next year, Orsa said on Monday.", "en", "Lyon plant", "Orsa"),
]


@pytest.mark.parametrize(("text", "language", "words", "source"), SPEAKER_AFTER_WHAT_WAS_SAID)
def test_a_speaker_named_after_what_was_said_credits_it(
    text: str, language: str, words: str, source: str
) -> None:
    assert judged(text, language, words) == ("attributed", source)


def test_a_comma_closing_a_source_phrase_opens_no_apposition() -> None:
    text = "Da indiscrezioni raccolte dal Tirreno, l'offerta vale 90 milioni, debito incluso."
    assert judged(text, "it", "90 milioni") == ("rumored", "Tirreno")


SOURCES_INTRODUCED_IN_NEWSROOM_WAYS = [
    (
        "Il gruppo avrebbe chiuso tre negozi a Bari. A riferirlo è il Corriere del Mezzogiorno.",
        "tre negozi",
        "attributed",
        "Corriere del Mezzogiorno",
    ),
    (
        "A riferirlo è la Gazzetta di Parma, secondo cui il pastificio assumerà 80 persone.",
        "80 persone",
        "attributed",
        "Gazzetta di Parma",
    ),
    (
        "Per Laura Bassi, economista di Prometeia, i prezzi potrebbero scendere del 2%.",
        "prezzi",
        "hedged",
        "Laura Bassi",
    ),
    (
        "Per il direttore generale di Assolatte, Piero Conti, il latte costerà il 10% in più.",
        "latte",
        "attributed",
        "Piero Conti",
    ),
    (
        "Le vendite, stando ai dati dell'associazione di categoria Federlegno, sono calate del 3%.",
        "vendite",
        "attributed",
        "Federlegno",
    ),
    (
        "Il cantiere durerà almeno due anni, stima lo stesso Gianni Ferri.",
        "cantiere",
        "attributed",
        "Gianni Ferri",
    ),
    (
        "Secondo diversi osservatori, il governo rinvierà la gara.",
        "gara",
        "rumored",
        "anonymous",
    ),
]


@pytest.mark.parametrize(("text", "words", "level", "source"), SOURCES_INTRODUCED_IN_NEWSROOM_WAYS)
def test_italian_sources_introduced_in_newsroom_ways(
    text: str, words: str, level: str, source: str
) -> None:
    assert judged(text, "it", words) == (level, source)


def test_an_anaphor_for_the_last_outlet_continues_its_report() -> None:
    text = (
        "Fonti vicine al dossier, sentite dall'Ansa, parlano di una cessione entro maggio."
        " Secondo quanto riporta l'agenzia, il fondo avrebbe già scelto l'advisor."
    )
    assert judged(text, "it", "advisor") == ("rumored", "Ansa")


def test_citing_a_document_is_about_the_reporting_not_a_claim() -> None:
    text = "Il gruppo taglierà 40 posti, scrive La Nazione, che cita un documento interno."
    assert [c.quote for c in extract(text, "it") if "documento" in c.quote] == []


def test_the_company_after_its_own_sentence_subject_is_that_subject() -> None:
    text = (
        "Tarn Energy warns investors about the UK market.\n\n"
        "Orsa Mining, the Perth-based copper miner, will close two pits in Chile, the company"
        " said on Monday."
    )
    assert judged(text, "en", "two pits") == ("attributed", "Orsa Mining")


@pytest.mark.parametrize(
    ("text", "language", "words", "source"),
    [
        (
            "Il gruppo Tessiloro annuncia nuove assunzioni in Veneto.\n\n"
            "Alle 8.45 di ieri la società ha diffuso una nota: i nuovi contratti saranno 300,"
            " ha precisato l'azienda.",
            "it",
            "saranno 300",
            "Tessiloro",
        ),
        (
            "Il gruppo Tessiloro annuncia nuove assunzioni in Veneto.\n\n"
            "Contattata, l'azienda ha confermato che i nuovi contratti saranno 300.",
            "it",
            "saranno 300",
            "Tessiloro",
        ),
        (
            "Harlow Foods reported higher sales in Ireland.\n\n"
            "Contacted by phone, the company said it would open 12 stores in Cork.",
            "en",
            "12 stores",
            "Harlow Foods",
        ),
    ],
)
def test_a_time_or_a_participle_opening_the_sentence_is_not_the_company(
    text: str, language: str, words: str, source: str
) -> None:
    assert judged(text, language, words)[1] == source


def test_a_newspaper_named_with_dello_keeps_its_full_name_and_its_short_form_points_to_it() -> None:
    text = (
        "Secondo quanto riportato dalla Gazzetta dello Sport, il club avrebbe offerto 20"
        " milioni per il difensore.\n\n"
        "Secondo la Gazzetta, il contratto del difensore sarebbe di quattro anni."
    )
    assert judged(text, "it", "20 milioni")[1] == "Gazzetta dello Sport"
    assert judged(text, "it", "quattro anni")[1] == "Gazzetta dello Sport"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("ROMA, 7 dic (Adnkronos) - Il gruppo Tessiloro assumerà 300 persone in Veneto.", "it"),
        ("Milano, 16 gen. (askanews) - Il gruppo Tessiloro assumerà 300 persone.", "it"),
        ("NEW YORK, Dec 7 (Reuters) - Harlow Foods will open 12 stores in Cork next year.", "en"),
        ("LONDON (AFP) - Harlow Foods will open 12 stores in Cork next year.", "en"),
    ],
)
def test_a_wire_dateline_is_not_a_claim(text: str, language: str) -> None:
    quotes = [claim.quote for claim in extract(text, language)]
    assert quotes and not any("(" in quote for quote in quotes), quotes


def test_she_or_he_after_a_quote_is_the_person_named_last() -> None:
    text = (
        "An analyst at Fenwick Research said the bank may sell its Irish unit.\n\n"
        "Its former chair, Mary Quinn, joined a rival bank in June, she wrote on LinkedIn."
    )
    assert judged(text, "en", "rival bank") == ("attributed", "Mary Quinn")


def test_two_reported_clauses_joined_by_and_that_are_two_claims() -> None:
    text = (
        "The chief executive told staff that the plant would close in June and that the"
        " company expects to hire 200 engineers in Lyon."
    )
    quotes = [c.quote for c in extract(text, "en")]
    assert any(q.endswith("close in June") for q in quotes), quotes
    assert any(q.startswith("that the company expects") for q in quotes), quotes


def test_a_denial_after_a_coordinator_is_cut_from_what_the_speaker_said() -> None:
    text = (
        "A spokesperson for Orsa said the company had always paid its suppliers on time and"
        " denied that any audit had been opened."
    )
    quotes = [c.quote for c in extract(text, "en")]
    assert any(q.endswith("suppliers on time") for q in quotes), quotes


DENIED_REPORTS = [
    (
        "Orsa denied a report by the Herald that it was planning to sell its rail unit.",
        "en",
        "sell its rail unit",
        "Herald",
    ),
    (
        "Ardea ha smentito la ricostruzione del Tirreno secondo cui avrebbe ceduto la rete in"
        " fibra.",
        "it",
        "ceduto la rete",
        "Tirreno",
    ),
]


@pytest.mark.parametrize(("text", "language", "words", "source"), DENIED_REPORTS)
def test_a_denied_report_named_in_the_denial_is_an_unconfirmed_claim_of_its_outlet(
    text: str, language: str, words: str, source: str
) -> None:
    assert judged(text, language, words) == ("unconfirmed", source)
