"""The evaluation's reliability: which copy of a repeated event counts, and precision by confidence."""

from dipwatch.evaluate import score_events


def _event(confidence: float, target: str = "RUS") -> dict:
    return {"doc": "d", "actor": "AFG", "type": "SUPPORT", "target": target, "status": "occurred",
            "date": None, "confidence": confidence}


def test_the_more_confident_copy_takes_the_gold_match():
    gold = [_event(1.0)]
    score = score_events(gold, [_event(0.6), _event(0.95), _event(0.85, target="CHN")])
    assert score.strict_tp == 1
    assert sorted(score.confidences) == [(0.6, False), (0.85, False), (0.95, True)]
    assert score.precision_at_least(0.8) == (0.5, 2)
    assert score.precision_at_least(0.9) == (1.0, 1)
    assert score.precision_at_least(0.99) == (None, 0)
