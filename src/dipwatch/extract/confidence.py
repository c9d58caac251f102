"""An event's confidence: the chance that a reader would agree the sentence states it.

The extractor records *signals* for each event (how sure the trigger word is, whether the
actor was named or inherited from another clause, resolved from a pronoun, implied by
context, whether the article restates it…); a logistic model whose weights live in
`knowledge/data/confidence.yaml` turns them into a probability. The weights are fitted by
`tools/fit_confidence.py` on the bundled sample corpus's gold events, and the reliability
of the result is checked on a different set (the development seeds): see the README.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

__all__ = ["SIGNALS", "confidence"]

# Every signal is a number in 0..1; absent signals count as 0.
SIGNALS = (
    "prior",  # the trigger entry's own confidence (triggers.yaml)
    "inherited_actor",  # the actor is the subject of a governing clause, not of the trigger
    "guessed_target",  # the target is another actor of the governing verb
    "reference_actor",  # the actor was a pronoun or a description ("the group")
    "reference_target",
    "implied",  # place, actor or report taken from the context, not the sentence
    "not_occurred",  # any status other than occurred
    "dated",  # the sentence gives the event a date
    "noun_trigger",  # a noun ("the visit") rather than a verb ("visited")
    "restated",  # the article states the same fact again (0, 0.5 once, 1 twice or more)
)


def confidence(signals: Mapping[str, float], model: Mapping[str, object]) -> float:
    """The model's probability for these signals, rounded to 3 places."""
    weights = model.get("weights", {})
    assert isinstance(weights, Mapping)
    total = float(model.get("bias", 0.0))  # type: ignore[arg-type]
    for name, value in signals.items():
        total += float(weights.get(name, 0.0)) * value
    return round(1.0 / (1.0 + math.exp(-total)), 3)
