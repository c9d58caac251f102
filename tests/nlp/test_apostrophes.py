"""Curly apostrophes are parsed as straight ones, and the evidence keeps the article's own."""


def test_a_curly_possessive_is_parsed_as_a_possessive(nlp):
    text = "The regime’s sanctioned Foreign Minister, Amir Khan Muttaqi, was unable to travel to Pakistan and India."
    doc = nlp(text)
    assert len(doc.text) == len(text)  # one character for one: offsets still point into the article
    assert (doc[1].dep_, doc[2].dep_) == ("poss", "case")
    assert doc[3].dep_ == "amod"  # "sanctioned" describes the minister; it is not the sentence's verb


def test_evidence_keeps_the_curly_apostrophe(extract):
    text = "The regime’s sanctioned Foreign Minister, Amir Khan Muttaqi, was unable to visit Pakistan and India."
    visits = [e for e in extract(text, "2025-09-22") if e.type == "VISIT"]
    assert sorted((e.actor, e.target, str(e.status)) for e in visits) == [("AFG", "IND", "negated"), ("AFG", "PAK", "negated")]
    assert visits[0].evidence == text
