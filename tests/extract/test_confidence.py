"""The confidence model: its weights cover every signal, and what it says orders sensibly."""

from __future__ import annotations

from dipwatch.extract.confidence import SIGNALS, confidence


def test_the_fitted_model_weighs_every_signal(knowledge):
    assert set(knowledge.confidence_model["weights"]) == set(SIGNALS)


def test_confidence_is_a_probability(knowledge):
    for signals in ({}, {name: 1.0 for name in SIGNALS}, {"prior": 0.9, "dated": 1.0}):
        assert 0.0 < confidence(signals, knowledge.confidence_model) < 1.0


def test_an_actor_named_in_the_clause_is_surer_than_one_inherited(extract):
    [direct] = [e for e in extract("Uzbekistan's foreign minister visited Kabul on Monday.") if e.type == "VISIT"]
    [inherited] = [e for e in extract("Uzbekistan said on Monday that it was the first to have visited Kabul.")
                   if e.type == "VISIT"]
    assert dict(inherited.signals)["inherited_actor"] == 1.0 and dict(direct.signals)["inherited_actor"] == 0.0
    assert direct.confidence > inherited.confidence


def test_a_restated_fact_is_surer_than_a_single_mention(extract):
    once = extract("Kazakhstan delisted the Taliban in December.")
    twice = extract("Kazakhstan delisted the Taliban in December. Kazakhstan delisted the Taliban, officials said.")
    [single] = [e for e in once if e.type == "EASE"]
    [repeated] = [e for e in twice if e.type == "EASE"]
    assert dict(repeated.signals)["restated"] > 0 and repeated.confidence > single.confidence
