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
