"""Language packs (claimscope/lexicons/*.toml): validated data, one file per language."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimscope.errors import ExtractionError
from claimscope.extract.clauses import split_clauses
from claimscope.extract.cues import CueKind, load_lexicon
from claimscope.lexicons import AnswerKind, Words, load_pack, supported_languages
from claimscope.lexicons import CueKind as PackCueKind
from claimscope.models import HedgingLevel
from claimscope.text import SUPPORTED_LANGUAGES

# A third language, as small as a pack can be: one cue of two kinds, a few words.
FRENCH = """
language = "fr"
name = "French"

[levels]
unconfirmed = ["n'a pas confirmé"]
rumored = ["selon des rumeurs"]
conditional = []
hedged = []

[frames]
reportative = []
attribution = ["selon {source}", "{source} a (?:{reporting_verbs})"]
origin = []
anonymous = []
relay = []
prospective = []
provision = []
reference = []
derived = []
not_claim = []

[alternations]
reporting_verbs = ["déclaré", "annoncé"]

[words]
{words}

[aliases]
"Bercy" = "Ministère de l'Économie"

[addressed]
patterns = ["cliquez ici"]

[phrases]
not_found = "Les articles archivés ne répondent pas à cette question."
extractive_intro = "D'après les articles archivés :"
article_says = "L'article affirme :"
source_label = "source"
unassessed = "niveau non évalué"
no_claim_here = "aucune affirmation extraite de ce passage"
attributed_to_unnamed = "la source citée"
anonymous_source = "des sources anonymes"
disagreement = "Les articles divergent sur ce chiffre : {figures}."
contradiction_denied = "Les articles divergent : {denier} rapporte un démenti de {reporters}."
contradiction_not_confirmed = "Les articles divergent : selon {denier}, {reporters} n'est pas confirmé."
overview_counts = "Articles : {articles} · affirmations : {claims} ({counts})."
overview_shared = "- Rapportée par {articles} articles : {text}"
overview_shift = "- Niveau différent selon {articles} articles ({levels}) : {text}"

[phrases.hedges]
unconfirmed = "Selon des informations non confirmées,"
rumored = "Selon des rumeurs,"
conditional = "Seulement si la condition se réalise,"
hedged = "Peut-être,"
attributed = "Selon {source},"

[phrases.level_names]
asserted = "affirmé par l'article"
attributed = "attribué à une source"
hedged = "dit avec prudence"
conditional = "conditionnel"
rumored = "rumeur"
unconfirmed = "information non confirmée"

[answer_kinds.questions]
time = ["quand"]

[figure_units]
"milliards" = "billion"

[search]
stemmer = "french"
stopwords = ["le", "la", "de", "et"]
"""
WORDS = {name: [] for name in Words.model_fields} | {
    "coordinators": ["et", "mais"],
    "clause_connectors": ["et", "mais", "qui"],
    "references": ["la société"],
    "stopwords": ["le", "la", "de", "et"],
}


def pack_text(words: dict[str, list[str]] = WORDS, french: str = FRENCH) -> str:
    lines = "\n".join(f"{name} = {values!r}".replace("'", '"') for name, values in words.items())
    return french.replace("{words}", lines)


def write_pack(folder: Path, text: str, language: str = "fr") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{language}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_third_language_is_one_file_in_a_folder(tmp_path: Path) -> None:
    write_pack(tmp_path, pack_text())
    assert supported_languages(tmp_path) == ("fr",)
    lexicon = load_lexicon("fr", tmp_path)
    text = "Selon Reuters, Orbis a acheté Nova, mais la société n'a pas confirmé la vente."
    cues = lexicon.find(text)
    assert [(cue.kind, cue.text, cue.source) for cue in cues] == [
        (CueKind.ATTRIBUTION, "Selon Reuters", "Reuters"),
        (CueKind.UNCONFIRMED, "n'a pas confirmé", None),
    ]
    clauses = [clause.text for clause in split_clauses(text, 0, lexicon, cues)]
    assert clauses == [
        "Selon Reuters",
        "Orbis a acheté Nova",
        "mais la société n'a pas confirmé la vente",
    ]
    assert lexicon.aliases == {"Bercy": "Ministère de l'Économie"}


def test_a_third_language_words_its_answers_and_is_searched_with_its_stemmer(
    tmp_path: Path,
) -> None:
    write_pack(tmp_path, pack_text())
    pack = load_pack("fr", tmp_path)
    assert pack.phrases.hedge(HedgingLevel.RUMORED, None) == "Selon des rumeurs,"
    assert pack.phrases.hedge(HedgingLevel.ATTRIBUTED, "Reuters") == "Selon Reuters,"
    assert pack.answer_kinds.questions == {AnswerKind.TIME: ["quand"]}
    assert pack.answer_kinds.sentences == {}
    assert (pack.search.stemmer, pack.figure_units) == ("french", {"milliards": "billion"})


def test_a_pack_without_a_level_phrase_or_with_an_unknown_stemmer_is_an_error(
    tmp_path: Path,
) -> None:
    text = pack_text().replace('hedged = "Peut-être,"\n', "").replace('"french"', '"frnch"')
    write_pack(tmp_path, text)
    with pytest.raises(ExtractionError) as error:
        load_pack("fr", tmp_path)
    assert "levels without a phrase: hedged" in str(error.value)
    assert "no Snowball stemmer is called 'frnch'" in str(error.value)


def test_a_phrase_with_a_placeholder_code_does_not_fill_is_an_error(tmp_path: Path) -> None:
    write_pack(tmp_path, pack_text().replace("Selon des rumeurs,", "Selon {source},"))
    with pytest.raises(ExtractionError, match=r"hedges.rumored: no \{source\} is filled in"):
        load_pack("fr", tmp_path)


def test_an_alternation_list_is_joined_into_its_patterns(tmp_path: Path) -> None:
    write_pack(tmp_path, pack_text())
    found = load_lexicon("fr", tmp_path).find("Orbis a annoncé une hausse.")
    assert [(cue.kind, cue.source) for cue in found] == [(CueKind.ATTRIBUTION, "Orbis")]
    italian = load_pack("it").patterns(CueKind.ATTRIBUTION)
    assert any("afferma(?:to)?|affermano|dichiara(?:to)?" in pattern for pattern in italian)
    assert not any("{reporting_verbs}" in pattern for pattern in italian)


def test_a_misspelled_cue_kind_is_an_error_naming_the_file_and_the_key(tmp_path: Path) -> None:
    path = write_pack(tmp_path, pack_text().replace("hedged = []", "hedgd = []"))
    with pytest.raises(ExtractionError) as error:
        load_pack("fr", tmp_path)
    message = str(error.value)
    assert str(path) in message and "levels.hedgd" in message and "\n" not in message


def test_a_missing_word_list_is_an_error_naming_it(tmp_path: Path) -> None:
    words = {name: values for name, values in WORDS.items() if name != "roles"}
    path = write_pack(tmp_path, pack_text(words))
    with pytest.raises(ExtractionError, match=r"words\.roles: Field required") as error:
        load_pack("fr", tmp_path)
    assert str(path) in str(error.value)


def test_a_misspelled_word_list_is_an_error(tmp_path: Path) -> None:
    words = {("stopword" if name == "stopwords" else name): v for name, v in WORDS.items()}
    write_pack(tmp_path, pack_text(words))
    with pytest.raises(ExtractionError, match=r"words\.stopword: Extra inputs are not permitted"):
        load_pack("fr", tmp_path)


def test_a_missing_cue_kind_or_unknown_placeholder_is_an_error(tmp_path: Path) -> None:
    write_pack(tmp_path, pack_text().replace("not_claim = []\n", ""))
    with pytest.raises(ExtractionError, match=r"cue kinds missing .*: not_claim"):
        load_pack("fr", tmp_path)
    write_pack(tmp_path / "other", pack_text().replace("{reporting_verbs}", "{verbs}"))
    with pytest.raises(ExtractionError, match=r"unknown placeholder \{verbs\}"):
        load_pack("fr", tmp_path / "other")


def test_a_broken_pattern_is_an_error_naming_its_kind(tmp_path: Path) -> None:
    write_pack(tmp_path, pack_text().replace("selon des rumeurs", "selon (des rumeurs"))
    with pytest.raises(ExtractionError, match="'fr': a rumored pattern is not a valid regular"):
        load_lexicon("fr", tmp_path)


def test_a_broken_negated_denial_is_an_error_naming_its_list(tmp_path: Path) -> None:
    write_pack(tmp_path, pack_text(WORDS | {"negated_denials": ["ne (dément pas"]}))
    with pytest.raises(ExtractionError, match="'fr': a negated_denials pattern is not a valid"):
        load_lexicon("fr", tmp_path)


def test_a_pack_must_be_named_after_its_language(tmp_path: Path) -> None:
    write_pack(tmp_path, pack_text(), language="es")
    with pytest.raises(ExtractionError, match=r"es\.toml says language = 'fr'"):
        load_pack("es", tmp_path)


def test_a_missing_pack_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match=r"language pack .*de\.toml is missing"):
        load_pack("de", tmp_path)


def test_the_supported_languages_are_the_packaged_files() -> None:
    assert supported_languages() == SUPPORTED_LANGUAGES == ("en", "it")
    assert CueKind is PackCueKind


@pytest.mark.parametrize(
    ("sentence", "language", "reference"),
    [
        ("Alfa si è affrettata a smentire le voci.", "it", "le voci"),
        ("Il ministero ha smentito seccamente la notizia.", "it", "la notizia"),
        ("Ma la notizia, ripresa da tutti, è stata smentita.", "it", "la notizia"),
        ("Alfa denied the reports on Tuesday.", "en", "the reports"),
        ("But the rumors have not been confirmed.", "en", "the rumors"),
    ],
)
def test_a_report_named_as_a_whole_by_a_denial_is_a_reference(
    sentence: str, language: str, reference: str
) -> None:
    cues = load_lexicon(language).find(sentence)
    assert (CueKind.REFERENCE, reference) in [(cue.kind, cue.text) for cue in cues]
    assert CueKind.RUMORED not in {cue.kind for cue in cues}


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("Alfa ha smentito le voci secondo cui venderebbe la divisione.", "it"),
        ("Secondo le indiscrezioni, Alfa venderebbe Beta, ma non ha confermato.", "it"),
        ("Alfa denied rumors that it would sell the unit.", "en"),
    ],
)
def test_a_rumor_with_its_content_stays_a_rumor(sentence: str, language: str) -> None:
    cues = load_lexicon(language).find(sentence)
    assert CueKind.RUMORED in {cue.kind for cue in cues}
    assert CueKind.REFERENCE not in {cue.kind for cue in cues}


def test_a_pack_without_report_nouns_never_finds_a_denied_report(tmp_path: Path) -> None:
    french = FRENCH.replace('unconfirmed = ["n\'a pas confirmé"]', 'unconfirmed = ["a démenti"]')
    write_pack(tmp_path, pack_text(french=french))
    cues = load_lexicon("fr", tmp_path).find("La société a démenti la nouvelle.")
    assert [cue.kind for cue in cues] == [CueKind.UNCONFIRMED]
