"""Factuality: what the text asserts happened, and what it says did not."""

from tests.conftest import triples


def test_plain_assertion_is_occurred(extract):
    assert ("RUS", "RECOGNIZE", "AFG", "occurred") in triples(extract("Russia recognised the Taliban government."))


def test_negation_on_the_verb(extract):
    found = triples(extract("India has not recognised the Taliban government."))
    assert ("IND", "RECOGNIZE", "AFG", "negated") in found
    assert ("IND", "RECOGNIZE", "AFG", "occurred") not in found


def test_refusal_is_the_negated_positive_act(extract):
    found = triples(extract("Washington refused to recognise the Taliban administration."))
    assert ("USA", "RECOGNIZE", "AFG", "negated") in found


def test_stopped_short_of(extract):
    found = triples(extract("Unlike Russia, China has stopped short of formal recognition of the Taliban."))
    assert ("CHN", "RECOGNIZE", "AFG", "negated") in found
    assert not any(a == "RUS" for a, *_ in found), "the contrasted country is not an actor"


def test_future_is_planned(extract):
    assert ("UZB", "VISIT", "AFG", "planned") in triples(extract("Uzbekistan will send a delegation to Kabul next month."))


def test_purpose_clause_is_planned(extract):
    found = triples(extract("A Qatari delegation visited Kabul to secure the release of a British couple."))
    assert ("QAT", "VISIT", "AFG", "occurred") in found


def test_hedge_is_uncertain(extract):
    found = triples(extract("Iran reportedly deported thousands of Afghan refugees."))
    assert ("IRN", "DEPORT", "AFG", "uncertain") in found


def test_denial(extract):
    found = triples(extract("Pakistan denied that it had bombed Afghanistan."))
    assert ("PAK", "ATTACK", "AFG", "denied") in found


def test_threatened_act_is_not_a_second_event(extract):
    found = triples(extract("Pakistan threatened to bomb the Taliban."))
    assert ("PAK", "THREATEN", "AFG", "occurred") in found
    assert not any(t == "ATTACK" for _, t, _, _ in found)


def test_negated_tolerate_is_a_rejection(extract):
    found = triples(extract("The Taliban said they would not tolerate an American military presence."))
    assert ("AFG", "REJECT", "USA", "occurred") in found


def test_ordinal_first_to_do_is_done(extract):
    found = triples(extract("Russia became the first country to formally recognise the Taliban."))
    assert ("RUS", "RECOGNIZE", "AFG", "occurred") in found


def test_a_purpose_verb_the_parser_read_as_a_compound_noun_is_still_a_purpose(knowledge):
    """The parse of "welcomed officials at home to facilitate repatriations" that en_core_web_sm
    gives inside a long sentence: "to" a preposition, "facilitate" a compound of the noun."""
    import spacy
    from spacy.tokens import Doc

    from dipwatch.extract.status import status_of
    from dipwatch.records import Status

    words = ["Germany", "welcomed", "officials", "at", "home", "to", "facilitate", "repatriations", "."]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=[1, 1, 1, 1, 3, 1, 7, 5, 1],
              deps=["nsubj", "ROOT", "dobj", "prep", "pobj", "prep", "compound", "pobj", "punct"],
              pos=["PROPN", "VERB", "NOUN", "ADP", "NOUN", "ADP", "NOUN", "NOUN", "PUNCT"],
              lemmas=["Germany", "welcome", "official", "at", "home", "to", "facilitate", "repatriation", "."])
    entry = knowledge.triggers_by_lemma[("repatriation", "NOUN")][0]
    assert status_of(doc[7], entry, knowledge) is Status.PLANNED
