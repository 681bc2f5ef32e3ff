"""The rules engine, one rule family at a time, on short sentences written for these tests."""

from __future__ import annotations

import pytest

from claimscope.extract.rules import RulesExtractor
from claimscope.models import Claim, Document, HedgingLevel


def extract(text: str, language: str = "it") -> list[Claim]:
    document = Document(id="t", title="t", text=text, source_path="t", language=language)
    return RulesExtractor().extract(document).claims


def claim_with(claims: list[Claim], words: str) -> Claim:
    found = [claim for claim in claims if words in claim.quote]
    assert found, f"no claim quotes {words!r}: {[c.quote for c in claims]}"
    return found[0]


def judged(claims: list[Claim], words: str) -> tuple[HedgingLevel, str | None]:
    """The level and source of the claim that quotes `words`."""
    claim = claim_with(claims, words)
    return claim.hedging, claim.source


# --- levels from cues in the claim's own sentence --------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "level"),
    [
        ("La società ha chiuso il bilancio con un utile di 3 milioni.", "it", "asserted"),
        ("Il nuovo modello potrebbe arrivare nei negozi a marzo.", "it", "hedged"),
        ("Il lancio è previsto per la primavera del prossimo anno.", "it", "hedged"),
        (
            "Se l'antitrust approva la fusione, il gruppo taglierà duemila posti.",
            "it",
            "conditional",
        ),
        ("The merger is expected to close in the second quarter.", "en", "hedged"),
        ("The plant may reopen next month after repairs.", "en", "hedged"),
        ("Unless the board objects, the bank will pay a special dividend.", "en", "conditional"),
        ("The retailer opened forty new stores across Germany last year.", "en", "asserted"),
        # "presunto" and "the alleged" are the article's own distance, as "reportedly" is.
        ("Il presunto accordo vale 40 milioni di euro.", "it", "rumored"),
        ("The alleged deal is worth 40 million euros.", "en", "rumored"),
    ],
)
def test_local_cues_set_the_level(text: str, language: str, level: str) -> None:
    claims = extract(text, language)
    assert len(claims) == 1
    assert claims[0].hedging is HedgingLevel(level)
    assert (claims[0].source is None) is (level in ("asserted", "hedged", "conditional"))


@pytest.mark.parametrize(
    ("text", "language", "words", "level", "source"),
    [
        (
            "Secondo Fincantieri, le commesse del 2025 valgono 9 miliardi di euro.",
            "it",
            "commesse",
            "attributed",
            "Fincantieri",
        ),
        (
            "Northwind said that its quarterly revenue rose 12% to $4.1 billion.",
            "en",
            "revenue rose",
            "attributed",
            "Northwind",
        ),
        (
            '"The factory will hire 300 engineers by 2027," says Brightline.',
            "en",
            "hire 300 engineers",
            "attributed",
            "Brightline",
        ),
        (
            "Secondo alcune indiscrezioni la banca sta preparando un'offerta su Carige.",
            "it",
            "offerta",
            "rumored",
            "anonymous",
        ),
        # One unnamed expert is hearsay, as "gli esperti" with none named is (guide, level 2).
        ("Secondo un trader, il titolo salirà del 5%.", "it", "titolo", "rumored", "anonymous"),
        (
            "Il titolo salirà del 5% entro marzo, spiegano diversi operatori.",
            "it",
            "titolo",
            "rumored",
            "anonymous",
        ),
        (
            "According to one analyst, the shares will rise another 5%.",
            "en",
            "shares",
            "rumored",
            "anonymous",
        ),
        # "si legge in una nota" credits the note's author, not the article.
        (
            "Le trattative con Lumo, si legge in una nota di Norvia, rientrano nella norma.",
            "it",
            "trattative",
            "attributed",
            "Norvia",
        ),
        # An outlet citing people it does not name relays hearsay (guide, level 2: "Reuters,
        # citando tre fonti anonime"), in a relative or a gerund.
        (
            "Secondo il Quotidiano del Nord, che cita due funzionari del ministero, il "
            "decreto arriverebbe a marzo.",
            "it",
            "decreto",
            "rumored",
            "Quotidiano del Nord",
        ),
        (
            "Il Quotidiano del Nord, citando ambienti vicini al ministero, scrive che il "
            "decreto arriverà a marzo.",
            "it",
            "decreto",
            "rumored",
            "Quotidiano del Nord",
        ),
        (
            "According to the Daily Courier, which cited two senior officials, the decree "
            "will arrive in March.",
            "en",
            "decree",
            "rumored",
            "Daily Courier",
        ),
        # Guide v2.1: "pare", "a quanto pare", "sembrerebbe" read as "reportedly"; "sembra"
        # is a hedge.
        ("Pare che Alfa stia trattando l'acquisto di Beta.", "it", "Beta", "rumored", "anonymous"),
        (
            "Il nuovo modello arriverà, a quanto pare, entro marzo.",
            "it",
            "modello",
            "rumored",
            "anonymous",
        ),
        (
            "Sembrerebbe che le trattative siano a buon punto.",
            "it",
            "trattative",
            "rumored",
            "anonymous",
        ),
        ("Sembra che le trattative siano a buon punto.", "it", "trattative", "hedged", None),
        # The speaker after the verb, with any reporting verb and a time or channel between
        # ("racconta al telefono", "ha comunicato oggi").
        (
            "«Il cantiere chiuderà a giugno», racconta al telefono Lucia Ferri.",
            "it",
            "cantiere",
            "attributed",
            "Lucia Ferri",
        ),
        (
            "Le tariffe saliranno del 3% da gennaio, ha comunicato oggi l'Autorità.",
            "it",
            "tariffe",
            "attributed",
            "Autorità",
        ),
        (
            "Il porto riaprirà il 2 marzo, ha assicurato in conferenza stampa Paolo Neri.",
            "it",
            "porto",
            "attributed",
            "Paolo Neri",
        ),
        # One unnamed person credited after the words is hearsay, like "secondo un analista".
        (
            "«Il porto riaprirà a marzo», ammette un funzionario della Regione.",
            "it",
            "porto",
            "rumored",
            "anonymous",
        ),
        ("The port will reopen in March, one official said.", "en", "port", "rumored", "anonymous"),
        (
            "The port will reopen in March, said a senior official.",
            "en",
            "port",
            "rumored",
            "anonymous",
        ),
        # A name followed by the kind of body it is: the name speaks.
        (
            "Bus drivers will strike on May 4, the Transtel union said on Monday.",
            "en",
            "strike",
            "attributed",
            "Transtel",
        ),
        # A capitalised negation opening a quotation is no one's name.
        (
            "Norvia chiude in utile. «Non abbiamo alcun piano di vendita – si legge in una nota».",
            "it",
            "piano",
            "attributed",
            "Norvia",
        ),
    ],
)
def test_who_states_the_claim_sets_its_level_and_source(
    text: str, language: str, words: str, level: str, source: str
) -> None:
    assert judged(extract(text, language), words) == (HedgingLevel(level), source)


def test_the_cue_that_credits_a_source_is_kept_verbatim() -> None:
    claims = extract("Secondo Fincantieri, le commesse del 2025 valgono 9 miliardi di euro.")
    assert "Secondo Fincantieri" in claim_with(claims, "commesse").cues


def test_a_typo_in_the_rumor_cue_is_still_a_rumor() -> None:
    claims = extract("Secondo alcune indiscrezione il gruppo sta trattando la cessione di Iveco.")
    assert claim_with(claims, "cessione").hedging is HedgingLevel.RUMORED


def test_people_familiar_with_the_matter_are_anonymous() -> None:
    claims = extract(
        "The airline is weighing a bid for the regional carrier, people familiar with the "
        "matter said.",
        language="en",
    )
    assert judged(claims, "weighing a bid") == (HedgingLevel.RUMORED, "anonymous")


def test_reportative_conditional_without_a_source_is_rumored() -> None:
    claims = extract("Il fondo avrebbe già firmato un accordo preliminare con i soci.")
    assert judged(claims, "accordo preliminare") == (HedgingLevel.RUMORED, "anonymous")


# --- carry-over ----------------------------------------------------------------------


def test_non_confirmation_reaches_the_rumor_it_refers_to_across_paragraphs() -> None:
    text = (
        "Secondo alcune indiscrezioni Stellantis sta valutando la chiusura di uno stabilimento.\n\n"
        "Il gruppo ha investito 2 miliardi in Italia nel 2023.\n\n"
        "Tuttavia, tali voci non sono ancora state confermate dall'azienda."
    )
    claims = extract(text)
    rumor = claim_with(claims, "chiusura")
    assert rumor.hedging is HedgingLevel.UNCONFIRMED
    assert rumor.source == "anonymous"
    assert any("non sono ancora state confermate" in cue for cue in rumor.cues)
    assert claim_with(claims, "investito").hedging is HedgingLevel.ASSERTED
    assert not [c for c in claims if "confermate" in c.quote], "a statement about a report"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Secondo alcune indiscrezioni, il gruppo comprerà Lumo per 3 miliardi. "
            "La notizia circola da ieri senza trovare conferme.",
            "it",
        ),
        (
            "According to rumours, the group will buy Lumo for 3 billion. "
            "The story has spread since yesterday without any confirmation.",
            "en",
        ),
    ],
)
def test_a_story_spreading_without_confirmation_leaves_its_report_unconfirmed(
    text: str, language: str
) -> None:
    claims = extract(text, language)
    assert [c.hedging for c in claims] == [HedgingLevel.UNCONFIRMED]


# A rumoured report, then a reaction to it (the tests below vary the reaction).
REPORT_IT = "Secondo alcune indiscrezioni, il gruppo comprerà Lumo per 3 miliardi. "
REPORT_EN = "According to rumours, the group will buy Lumo for 3 billion. "


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (REPORT_IT + "Il gruppo non commenta, ma non smentisce.", "it"),
        (REPORT_IT + "Lumo non ha smentito.", "it"),
        (REPORT_EN + "Lumo has not denied the report.", "en"),
    ],
)
def test_a_denial_under_a_negation_leaves_the_report_as_it_was(text: str, language: str) -> None:
    # Guide v2.1: "non commenta, ma non smentisce" is neither a denial nor a
    # non-confirmation, and says something about the reporting, not a fact.
    claims = extract(text, language)
    assert [c.hedging for c in claims] == [HedgingLevel.RUMORED]


def test_a_later_sentence_naming_who_broke_the_news_credits_the_report_before_it() -> None:
    text = (
        "Il tecnico lascerà la squadra a fine stagione e al suo posto arriverebbe Luca Bianchi. "
        "A dare la notizia è stato il Quotidiano del Nord."
    )
    claims = extract(text)
    assert {c.source for c in claims} == {"Quotidiano del Nord"}


@pytest.mark.parametrize(
    ("text", "language", "source"),
    [
        # the report named by any of its nouns, in the passive of any tense
        (
            "Borea venderà la sua rete entro marzo. L'indiscrezione è lanciata dal blog Tecnofili.",
            "it",
            "Tecnofili",
        ),
        (
            "Borea venderà la sua rete entro marzo. "
            "Lo scoop è stato pubblicato per primo da Finanza Oggi.",
            "it",
            "Finanza Oggi",
        ),
        # "lo riporta" with a common noun before the name
        ("Borea venderà la sua rete entro marzo. Lo riporta il blog Tecnofili.", "it", "Tecnofili"),
        (
            "Borea will sell its network by March. "
            "The story was first reported by the Daily Ledger.",
            "en",
            "Daily Ledger",
        ),
    ],
)
def test_a_later_passive_naming_who_published_the_report_credits_it(
    text: str, language: str, source: str
) -> None:
    claims = extract(text, language)
    assert [c.source for c in claims] == [source]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # a denial in the infinitive
        (REPORT_IT + "Lumo si è affrettata a smentire la notizia.", "it"),
        # "trovare conferma" in the conditional
        (REPORT_IT + "Le voci non troverebbero conferma.", "it"),
        (
            REPORT_IT + "Lumo, senza confermare né smentire, ha detto di valutare ogni opzione.",
            "it",
        ),
        (REPORT_EN + "Lumo executives scoffed at the report.", "en"),
        (REPORT_EN + 'A Lumo spokesperson called it "total fiction".', "en"),
    ],
)
def test_other_forms_of_a_denial_leave_the_report_unconfirmed(text: str, language: str) -> None:
    claims = extract(text, language)
    assert claim_with(claims, "3").hedging is HedgingLevel.UNCONFIRMED


# A rumoured report of two claims that share no word with the denial that follows,
# which names the report only as a whole, in a later paragraph.
RUMOR_OF_TWO_IT = (
    "Secondo alcune indiscrezioni, Alfa starebbe per vendere la divisione auto al fondo Beta. "
    "L'operazione varrebbe 3 miliardi di euro.\n\n"
    "Il gruppo ha chiuso il 2025 con ricavi in crescita del 4%.\n\n"
)
RUMOR_OF_TWO_EN = (
    "According to people familiar with the matter, Alfa is preparing to sell its car unit to "
    "the Beta fund. The sale would reportedly value the unit at 3 billion dollars.\n\n"
    "The group closed 2025 with revenue up 4%.\n\n"
)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (RUMOR_OF_TWO_IT + "In serata Alfa si è affrettata a smentire le voci.", "it"),
        (RUMOR_OF_TWO_IT + "Alfa ha smentito seccamente le indiscrezioni sul fondo.", "it"),
        (RUMOR_OF_TWO_IT + "La notizia è stata smentita in serata da Alfa.", "it"),
        (
            RUMOR_OF_TWO_IT + "Riprese da due quotidiani, le indiscrezioni non hanno trovato "
            "conferme.",
            "it",
        ),
        (RUMOR_OF_TWO_EN + "Alfa denied the reports on Tuesday.", "en"),
        (RUMOR_OF_TWO_EN + "The story was later denied by Alfa.", "en"),
    ],
)
def test_a_denial_of_the_report_as_a_whole_covers_all_its_claims(text: str, language: str) -> None:
    # Guide, level 1: a statement about a report covers every claim of that report; "la
    # notizia", "le voci", "the reports" name it as a whole, as "tali voci" does.
    claims = extract(text, language)
    assert [c.hedging for c in claims] == [
        HedgingLevel.UNCONFIRMED,
        HedgingLevel.UNCONFIRMED,
        HedgingLevel.ASSERTED,
    ]
    assert {c.source for c in claims[:2]} == {"anonymous"}


def test_a_denied_report_with_its_content_after_it_is_still_a_claim() -> None:
    claims = extract(
        "Tamsin denied a separate report by The Register that it was looking to sell its stake.",
        language="en",
    )
    claim = claim_with(claims, "sell its stake")
    assert claim.hedging is HedgingLevel.UNCONFIRMED


@pytest.mark.parametrize(
    ("closing", "language"),
    [
        ("Il ministero non ha ancora ufficializzato nulla.", "it"),
        ("Neither side has confirmed the terms.", "en"),
    ],
)
def test_a_closing_non_confirmation_reaches_the_report_last_credited(
    closing: str, language: str
) -> None:
    report = {
        "it": "Secondo il Corriere della Sera, il ministero ha firmato il decreto sulle "
        "concessioni.\n\nIl gruppo ha chiuso il 2025 con ricavi in crescita.\n\n",
        "en": "According to the Financial Times, Acme agreed to buy Beta for 3 billion "
        "dollars.\n\nBeta shares rose 4% on Monday.\n\n",
    }[language]
    claims = extract(report + closing, language)
    assert [c.hedging for c in claims] == [HedgingLevel.UNCONFIRMED, HedgingLevel.ASSERTED]


def test_unconfirmed_statement_about_the_preceding_report() -> None:
    text = (
        "Vantage reportedly plans to cut 8% of its workforce. "
        "(The company has not publicly confirmed the figure.)"
    )
    claims = extract(text, language="en")
    assert [c.hedging for c in claims] == [HedgingLevel.UNCONFIRMED]


def test_a_denial_makes_the_denied_rumor_unconfirmed() -> None:
    claims = extract("Marlow has denied rumors that the brewery is up for sale.", language="en")
    claim = claim_with(claims, "up for sale")
    assert claim.hedging is HedgingLevel.UNCONFIRMED


def test_source_frame_carries_within_its_paragraph_when_the_text_continues_the_report() -> None:
    text = (
        "According to the Financial Times, Orbis is close to buying a stake in the port. "
        "The deal would reportedly be worth about €400 million.\n\n"
        "Orbis owns three terminals in Spain."
    )
    claims = extract(text, language="en")
    assert claim_with(claims, "worth about").source == "Financial Times"
    assert claim_with(claims, "worth about").hedging is HedgingLevel.ATTRIBUTED
    assert judged(claims, "three terminals") == (HedgingLevel.ASSERTED, None)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            'In una nota, Norvia ha fatto sapere di "aver chiuso l\'indagine".\n\n'
            '"Il guasto riguardava un solo server. I clienti non hanno perso alcun dato".',
            "it",
        ),
        (
            'In a statement, Norvia said it "has closed the investigation".\n\n'
            '"The fault affected a single server. Customers lost no data."',
            "en",
        ),
    ],
)
def test_a_paragraph_of_quotation_continues_the_speaker_quoted_before(
    text: str, language: str
) -> None:
    claims = extract(text, language)
    assert [(c.hedging, c.source) for c in claims[1:]] == [
        (HedgingLevel.ATTRIBUTED, "Norvia"),
        (HedgingLevel.ATTRIBUTED, "Norvia"),
    ]


def test_a_source_frame_does_not_cross_a_paragraph_without_a_reference() -> None:
    text = (
        "Secondo il Sole 24 Ore, Acea punta a raddoppiare gli investimenti.\n\n"
        "Acea gestisce la rete idrica di Roma dal 1999."
    )
    claims = extract(text)
    assert claim_with(claims, "rete idrica").hedging is HedgingLevel.ASSERTED


def test_a_sentence_that_names_where_the_information_comes_from_points_back() -> None:
    text = (
        "Il prossimo smartphone di Nexa avrà una batteria da 6000 mAh. "
        "L'informazione arriva da TechLeaks, un insider che su X ha pubblicato le specifiche."
    )
    claims = extract(text)
    claim = claim_with(claims, "batteria")
    assert claim.source == "TechLeaks"
    assert claim.hedging is HedgingLevel.RUMORED


def test_a_derived_claim_is_no_firmer_than_its_basis() -> None:
    text = (
        "Secondo Enel, la centrale tornerà in funzione a giugno. "
        "Ciò significa che la produzione riprenderà prima dell'estate."
    )
    claims = extract(text)
    assert judged(claims, "produzione riprenderà") == (HedgingLevel.ATTRIBUTED, "Enel")


def test_a_levels_never_carry_backwards() -> None:
    text = (
        "La fabbrica di Melfi produrrà la nuova utilitaria dal 2026. "
        "Secondo Reuters, il modello costerà meno di 25mila euro."
    )
    claims = extract(text)
    assert claim_with(claims, "Melfi").hedging is HedgingLevel.ASSERTED
    assert claim_with(claims, "25mila").source == "Reuters"


# --- sources ---------------------------------------------------------------------------


def test_a_later_surname_is_credited_by_the_full_name_the_article_used() -> None:
    text = (
        "The chip designer Maria Kowalski left Intel last spring. "
        "Kowalski said the new processor will ship in May."
    )
    claims = extract(text, language="en")
    assert claim_with(claims, "processor").source == "Maria Kowalski"


def test_a_month_before_the_verb_is_a_date_not_the_speaker() -> None:
    claims = extract("Orvane will close two plants in March, said Mark Hill.", language="en")
    assert judged(claims, "plants") == (HedgingLevel.ATTRIBUTED, "Mark Hill")


def test_a_day_left_by_a_date_is_no_one_s_name() -> None:
    text = "Orvane will close two plants. The closures start on March 3, the company said."
    assert claim_with(extract(text, language="en"), "closures").source == "Orvane"


def test_a_metonym_is_credited_to_the_organisation() -> None:
    claims = extract("Sul proprio blog, Redmond ha ribadito che Teams resterà gratuito.")
    assert claim_with(claims, "Teams").source == "Microsoft"


def test_an_anaphor_is_credited_to_the_source_named_before() -> None:
    text = (
        "Telemar afferma che la rete coprirà il 90% del Paese. "
        "Secondo la stessa azienda, gli abbonati sono già 2 milioni."
    )
    claims = extract(text)
    assert claim_with(claims, "abbonati").source == "Telemar"


# --- clauses and not-claims ---------------------------------------------------------


def test_separate_verbs_make_separate_claims() -> None:
    claims = extract("Il servizio costa 10 euro al mese, include la fibra ed è attivo da marzo.")
    assert len(claims) == 3


def test_a_coordinator_before_an_unstressed_pronoun_and_its_verb_starts_a_claim() -> None:
    claims = extract("Il vertice si è tenuto a Torino e vi hanno preso parte i due amministratori.")
    assert [c.quote for c in claims] == [
        "Il vertice si è tenuto a Torino",
        "vi hanno preso parte i due amministratori",
    ]


def test_a_list_under_one_verb_stays_one_claim() -> None:
    claims = extract("The bundle includes storage, backups and a support line.", language="en")
    assert len(claims) == 1


def test_a_relative_clause_with_a_new_fact_is_its_own_claim() -> None:
    claims = extract("L'accordo riguarda Poste, che ha 12mila sportelli in Italia.")
    assert len(claims) == 2
    assert claims[1].quote.startswith("che ha 12mila")
    assert claims[1].text == "Poste ha 12mila sportelli in Italia"


def test_reporting_frame_alone_is_not_a_claim() -> None:
    claims = extract("Zenit ha dichiarato che il titolo sarà quotato a Milano.")
    assert [c.quote for c in claims] == ["il titolo sarà quotato a Milano"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Per saperne di più è necessario attendere i prossimi sviluppi.", "it"),
        ("Quanto costerà davvero il nuovo abbonamento?", "it"),
        ("The company declined to comment.", "en"),
        ("Read more about the launch on our site.", "en"),
        ("Le cose sono cambiate.", "it"),
        ("Il sindaco, contattato, non ha voluto commentare.", "it"),
        ("We have reached out to Ventra and will update this story if we hear back.", "en"),
    ],
)
def test_not_claims_are_skipped(text: str, language: str) -> None:
    assert extract(text, language) == []


@pytest.mark.parametrize(
    ("text", "language", "kept"),
    [
        (
            "In serata è arrivata la replica dell'azienda. Il piano prevede 300 assunzioni.",
            "it",
            ["Il piano prevede 300 assunzioni"],
        ),
        (
            "Dalla Regione arriva però una netta frenata: la delibera slitta a marzo.",
            "it",
            ["la delibera slitta a marzo"],
        ),
        ("La risposta del sindacato non si è fatta attendere.", "it", []),
        (
            "Il direttore sportivo ha glissato. La squadra ha vinto 14 partite su 20.",
            "it",
            ["La squadra ha vinto 14 partite su 20"],
        ),
        ("Nemmeno in Comune, del resto, si sbilanciano.", "it", []),
        ("Bocche cucite in casa Ferretti.", "it", []),
        ("Dalla società è arrivato un secco no-comment.", "it", []),
        (
            "The response came within hours. The plant employs 1,200 people.",
            "en",
            ["The plant employs 1,200 people"],
        ),
        ("The company remained tight-lipped about the figures.", "en", []),
        ("Halvorsen offered no comment on the report.", "en", []),
    ],
)
def test_a_reaction_told_as_an_event_is_about_the_reporting(
    text: str, language: str, kept: list[str]
) -> None:
    # The guide: that a party replied, kept quiet or declined is a statement about the
    # reporting, not a claim; what the reply says, when given, still is.
    assert [c.quote for c in extract(text, language)] == kept


@pytest.mark.parametrize(
    ("text", "language", "quote", "source"),
    [
        (
            "Il commento del sindaco Paolo Verdi: «Il Comune ha sempre agito correttamente».",
            "it",
            "Il Comune ha sempre agito correttamente",
            "Paolo Verdi",
        ),
        (
            "Più cauta l'assessora al Bilancio, Marta Neri: «Il deficit scenderà al 2%».",
            "it",
            "Il deficit scenderà al 2%",
            "Marta Neri",
        ),
        (
            "Il presidente Marco Bianchi a Radio Sette: «La squadra resta in città».",
            "it",
            "La squadra resta in città",
            "Marco Bianchi",
        ),
        (
            "La presidente Anna Galli, intervistata da Tele Nord: «La squadra resta in città».",
            "it",
            "La squadra resta in città",
            "Anna Galli",
        ),
        (
            'The reaction from union leader Tom Hale was blunt: "We represent 60% of the crew."',
            "en",
            "We represent 60% of the crew",
            "Tom Hale",
        ),
        (
            'Tom Hale to Radio Nine: "We represent 60% of the crew."',
            "en",
            "We represent 60% of the crew",
            "Tom Hale",
        ),
    ],
)
def test_a_speaker_named_before_a_colon_owns_the_quotation(
    text: str, language: str, quote: str, source: str
) -> None:
    # News introduces a quotation with the speaker's name and a colon, no reporting verb:
    # the quotation is attributed to that speaker and the introduction is no claim.
    claims = extract(text, language)
    assert [(c.quote, c.hedging, c.source) for c in claims] == [
        (quote, HedgingLevel.ATTRIBUTED, source)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "«La società resterà a Bologna». Così il presidente Marco Bianchi.",
        "«La società resterà a Bologna». Così Marco Bianchi, a margine dell'assemblea.",
        "«La società resterà a Bologna», le parole del presidente Marco Bianchi.",
    ],
)
def test_a_speaker_named_after_the_quotation_owns_it(text: str) -> None:
    claims = extract(text)
    assert [(c.hedging, c.source) for c in claims] == [(HedgingLevel.ATTRIBUTED, "Marco Bianchi")]
    assert claims[0].quote.startswith("La società resterà a Bologna")


def test_a_future_verb_is_content_not_a_frame() -> None:
    # "resterà" is a prospective cue, but it is what the claim says: with it, subject and
    # place make a claim.
    assert [c.quote for c in extract("La società resterà a Milano.")] == [
        "La società resterà a Milano"
    ]


def test_a_colon_after_a_credited_source_keeps_its_credit() -> None:
    claims = extract('Secondo la stessa azienda di Redmond: "Microsoft ha approvato il piano".')
    assert [c.source for c in claims] == ["Microsoft"]


_IT_REPORT = (
    "Secondo il Corriere della Sera, la Alfa Spa avrebbe ceduto il 20% di Beta a un fondo. "
)
_EN_REPORT = (
    "According to the Financial Times, Alfa Corp has agreed to sell 20% of Beta to a fund. "
)


@pytest.mark.parametrize(
    ("denial", "language"),
    [
        ("Dall'azienda non arrivano conferme.", "it"),
        ("Al momento non ci sono conferme da parte della società.", "it"),
        ("Nessuna conferma, per ora, dalla Alfa.", "it"),
        ("La Alfa ha bollato come «fantasiose» le indiscrezioni.", "it"),
        ("Una ricostruzione che la Alfa definisce «totalmente infondata».", "it"),
        ("La Alfa ha liquidato l'indiscrezione come «pura fantasia».", "it"),
        ('Alfa called the report "false".', "en"),
        ("The company pushed back on the report, calling it inaccurate.", "en"),
        ("Conferme ufficiali, al momento, non ce ne sono.", "it"),
        ("Ufficialmente, nessuno conferma.", "it"),
        ("Confirmation of the deal has yet to come from either company.", "en"),
        ("Officially, nobody is confirming anything.", "en"),
    ],
)
def test_other_words_for_a_report_denied_or_left_unconfirmed(denial: str, language: str) -> None:
    # The guide's level 1 in the words news uses for it: the report's claim is unconfirmed
    # and the denial itself is no claim.
    report = _IT_REPORT if language == "it" else _EN_REPORT
    claims = extract(report + denial, language)
    assert [c.hedging for c in claims] == [HedgingLevel.UNCONFIRMED]


def test_silence_is_neither_a_claim_nor_a_denial() -> None:
    claims = extract(_IT_REPORT + "La Alfa tace.")
    assert [(c.hedging, c.source) for c in claims] == [
        (HedgingLevel.ATTRIBUTED, "Corriere della Sera")
    ]


@pytest.mark.parametrize(
    ("text", "language", "source"),
    [
        ("La Alfa ha ceduto il 20% della Beta, scrive Repubblica.", "it", "Repubblica"),
        (
            "La Alfa cederà il 20% di Beta, scrive il Corriere della Sera.",
            "it",
            "Corriere della Sera",
        ),
        ("La Alfa cederà il 20% a Beta, riporta il Sole 24 Ore.", "it", "Sole 24 Ore"),
        ("Alfa will sell 20% of Beta, said Mark Hill.", "en", "Mark Hill"),
        ("Mark Hill said Alfa will sell Beta.", "en", "Mark Hill"),
        ("People close to the talks said Alfa will sell 20% of Beta.", "en", "anonymous"),
        (
            "Alfa plans to sell 20% of Beta, Bloomberg News reported, citing people familiar "
            "with the matter.",
            "en",
            "Bloomberg News",
        ),
        ("Ambienti vicini alla società riferiscono che la Alfa cederà Beta.", "it", "anonymous"),
        ("Dal ministero filtra che il decreto slitterà a gennaio.", "it", "anonymous"),
    ],
)
def test_who_says_it_in_the_common_word_orders(text: str, language: str, source: str) -> None:
    # A name just before ", scrive X" or just after "said" is part of what was said, not
    # its speaker; a closing "citing people…" leaves the claim before it standing.
    claims = extract(text, language)
    assert [c.source for c in claims] == [source]


@pytest.mark.parametrize(
    ("text", "language", "level"),
    [
        # A counterfactual is a hypothesis, not a reportative conditional (issue 10, 4).
        (
            "Senza l'aumento di capitale, la quota della Alfa sarebbe scesa al 20%.",
            "it",
            HedgingLevel.CONDITIONAL,
        ),
        (
            "Without the capital increase, Alfa's stake would have fallen to 20%.",
            "en",
            HedgingLevel.CONDITIONAL,
        ),
        ("Senza dubbio, la Alfa ha chiuso in utile.", "it", HedgingLevel.ASSERTED),
        ("Without giving details, Alfa cut 300 jobs.", "en", HedgingLevel.ASSERTED),
        # A permission is no hedge; a possibility is.
        (
            "In base all'accordo, la Alfa potrà vendere le azioni dopo il 2027.",
            "it",
            HedgingLevel.ASSERTED,
        ),
        ("Il decreto potrà essere rinviato a gennaio.", "it", HedgingLevel.HEDGED),
    ],
)
def test_counterfactuals_and_permissions(text: str, language: str, level: HedgingLevel) -> None:
    assert [c.hedging for c in extract(text, language)] == [level]


@pytest.mark.parametrize(
    ("text", "language", "source"),
    [
        # An elided article before a common noun opening the sentence is no name (issue 10, 5).
        (
            "L'intesa, ha spiegato l'amministratore delegato Mario Rossi, vale 300 milioni.",
            "it",
            "Mario Rossi",
        ),
        ("Alfa closed the plant, as Reuters first reported on Monday.", "en", "Reuters"),
    ],
)
def test_the_speaker_is_not_the_sentence_opening_noun(
    text: str, language: str, source: str
) -> None:
    assert [c.source for c in extract(text, language)] == [source]


def test_headings_are_not_claims() -> None:
    text = "Nexa, batteria più grande nel 2026\n\nNexa ha venduto 3 milioni di telefoni nel 2024."
    claims = extract(text)
    assert [c.quote for c in claims] == ["Nexa ha venduto 3 milioni di telefoni nel 2024"]


def test_a_prepositional_fragment_left_by_a_cut_is_not_a_claim() -> None:
    claims = extract(
        "In occasione della fiera di Milano, Nexa, il primo produttore di droni del Paese, "
        "ha presentato tre modelli."
    )
    assert not [c for c in claims if c.quote.startswith("In occasione")]
    assert claim_with(claims, "ha presentato tre modelli")


def test_a_sentence_without_its_verb_is_still_read() -> None:
    claims = extract("Fino a ieri, Acme il primo fornitore di chip per Orion. Oggi non più.")
    assert claim_with(claims, "primo fornitore").hedging is HedgingLevel.ASSERTED


def test_a_denial_reaches_only_the_rumors_it_names_by_their_words() -> None:
    text = (
        "Secondo alcune indiscrezioni Ardea avrebbe presentato un'offerta per Lumo. "
        "Secondo le stesse voci il prezzo si aggirerebbe sui 900 milioni.\n\n"
        "Lumo ha smentito di aver ricevuto un'offerta."
    )
    claims = extract(text)
    assert claim_with(claims, "presentato").hedging is HedgingLevel.UNCONFIRMED
    assert claim_with(claims, "900 milioni").hedging is HedgingLevel.RUMORED
    assert not [c for c in claims if "smentito" in c.quote], "a denial is about the report"


def test_a_denial_of_what_a_named_source_reported_covers_its_reportative_claims() -> None:
    claims = extract(
        "Secondo il Corriere Nord, il consiglio si sarebbe riunito ieri sera a Pisa e avrebbe "
        "approvato la vendita dello stabilimento. Il gruppo smentisce quanto riportato dal "
        "Corriere Nord in merito alla riunione del consiglio."
    )
    assert judged(claims, "approvato la vendita") == (HedgingLevel.UNCONFIRMED, "Corriere Nord")


def test_a_party_disputing_a_named_report_makes_its_claims_unconfirmed() -> None:
    text = (
        "Secondo l'Antitrust, Ventra avrebbe escluso i concorrenti dal proprio portale.\n\n"
        "«Contestiamo le conclusioni dell'Antitrust: il portale è aperto a tutti i concorrenti», "
        "ha dichiarato l'amministratore delegato Carla Neri."
    )
    claims = extract(text)
    assert claim_with(claims, "escluso i concorrenti").hedging is HedgingLevel.UNCONFIRMED
    assert judged(claims, "aperto a tutti") == (HedgingLevel.ATTRIBUTED, "Carla Neri")


def test_a_speaker_introducing_a_quotation_is_not_a_claim() -> None:
    claims = extract(
        "Il direttore tecnico, Paolo Neri, ha spiegato al nostro giornale: "
        "«Il guasto è stato risolto in due ore»."
    )
    assert [c.quote for c in claims] == ["Il guasto è stato risolto in due ore"]
    assert judged(claims, "guasto") == (HedgingLevel.ATTRIBUTED, "Paolo Neri")


def test_a_quotation_closed_by_its_speaker_stays_a_claim() -> None:
    claims = extract('"The plant will reopen in June," Ventra said.', language="en")
    assert len(claims) == 1
    assert claims[0].hedging is HedgingLevel.ATTRIBUTED


def test_a_headline_ending_in_a_quotation_is_a_heading() -> None:
    text = "Multa a Ventra: «Ha escluso i concorrenti»\n\nVentra ha chiuso il 2024 in utile."
    assert [c.quote for c in extract(text)] == ["Ventra ha chiuso il 2024 in utile"]


def test_a_denial_before_the_report_reaches_the_hearsay_after_it() -> None:
    text = (
        "Ieri Ventra aveva smentito ogni trattativa. "
        "Reuters, citando fonti anonime, aveva riferito che Ventra avrebbe offerto 90 milioni."
    )
    assert judged(extract(text), "offerto 90 milioni") == (HedgingLevel.UNCONFIRMED, "Reuters")
