"""CueMatcher: cue phrases and co-occurrence rules (``cue_rules``) on small codebooks."""
import yaml

from analysis.codebook import load_codebook
from analysis.model import CueMatcher


def _matcher(tmp_path, cues, rules=(), decisive=(), not_cues=()):
    raw = {
        "version": "t",
        "themes": [
            {
                "id": "co_production_design", "name": "n", "description": "d", "priorities": ["co_production"],
                "domains": ["well_led"], "why": "w", "cues": list(cues), "cue_rules": [list(r) for r in rules],
                "decisive_cues": list(decisive), "not_cues": list(not_cues),
            },
        ],
    }
    path = tmp_path / "cb.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return CueMatcher(load_codebook(path))


RULE = [["nobody asked", "consulted"], ["closed", "redesign*"]]


def test_rule_needs_a_phrase_from_every_list(tmp_path):
    m = _matcher(tmp_path, [], [RULE])
    assert m.find("nobody asked us before they closed the centre") == {"co_production_design": "nobody asked + closed"}
    assert m.find("nobody asked us anything") == {}
    assert m.find("they closed the centre") == {}


def test_rule_lists_must_meet_in_one_sentence(tmp_path):
    m = _matcher(tmp_path, [], [RULE])
    assert m.find("nobody asked. the centre closed at five") == {}
    assert m.find("the centre closed at five; nobody asked") == {}
    assert m.find("it was lovely. we were consulted when they redesigned the ward") == {
        "co_production_design": "consulted + redesigned"
    }


def test_three_list_rule(tmp_path):
    m = _matcher(tmp_path, [], [[["ask"], ["before"], ["change"]]])
    assert m.find("ask the parents before you change it") == {"co_production_design": "ask + before + change"}
    assert m.find("ask the nurse to change the dressing") == {}


def test_plain_cue_wins_over_rule_and_wildcards_match_word_starts(tmp_path):
    m = _matcher(tmp_path, ["co-production"], [RULE])
    assert m.find("co-production: nobody asked before they closed it") == {"co_production_design": "co-production"}
    assert m.find("they were consulted on the redesign") == {"co_production_design": "consulted + redesign"}
    assert m.find("they were consulted on the design") == {}


def test_partnership_rules_in_the_shipped_codebook():
    m = CueMatcher(load_codebook())
    found = m.find("the crisis team said it was the gp's job and the gp said it was the crisis team")
    assert "passed_around" in found and " + " in found["passed_around"]
    assert "passed_around" not in m.find("the gp said it was nothing to worry about")


def test_unicode_sentence_ends_split_sentences(tmp_path):
    m = _matcher(tmp_path, [], [RULE])
    assert m.find("nobody asked us\u2026 they closed it") == {}
    assert m.find("nobody asked us\u3002they closed it") == {}
    assert m.find("nobody asked us, they closed it") == {"co_production_design": "nobody asked + closed"}


def test_decisive_cue_is_a_cue_and_reported_before_an_earlier_plain_cue(tmp_path):
    m = _matcher(tmp_path, ["staff*"], decisive=["short staffed", "didn't listen"])
    assert m.decisive == {"co_production_design": frozenset({"short staffed", "did not listen"})}
    assert m.find("the staff said they were short staffed") == {"co_production_design": "short staffed"}
    assert m.find("short staffed again") == {"co_production_design": "short staffed"}
    assert m.find("the staff were lovely") == {"co_production_design": "staff"}
    assert m.find("they did not listen") == {"co_production_design": "did not listen"}


def test_a_possessive_neither_hides_a_cue_nor_stands_in_for_one(tmp_path):
    # codebook 2026.6: "other's" was one token, so "each other" never matched "each other's"
    m = _matcher(tmp_path, ["each other", "carer's assessment", "team's"])
    assert m.find("they trust each other's judgement") == {"co_production_design": "each other"}
    assert m.find("i never had a carer's assessment") == {"co_production_design": "carer's assessment"}
    assert m.find("the community team said no") == {}
    assert m.find("it is the community team's job") == {"co_production_design": "team's"}
    assert m.find("mrs o'neill came") == {}


def test_not_cues_hide_the_cue_words_inside_them(tmp_path):
    m = _matcher(tmp_path, ["therapist", "therapy"], [RULE], decisive=["talking therapies"],
                 not_cues=["occupational therap*", "talking therapies service"])
    assert m.find("the occupational therapist was kind") == {}
    assert m.find("occupational therapy and then a therapist for my anxiety") == {"co_production_design": "therapist"}
    assert m.find("the talking therapies service never rang") == {}
    assert m.find("talking therapies helped") == {"co_production_design": "talking therapies"}
    # a not-cue hides cues only: a rule still matches in the same comment
    assert m.find("nobody asked the occupational therapist before they closed it") == {
        "co_production_design": "nobody asked + closed"
    }


def test_shipped_not_cues():
    m = CueMatcher(load_codebook())
    assert "psychological_therapy" not in m.find("the occupational therapist came out")
    assert m.find("waiting a year for therapy")["psychological_therapy"] == "therapy"
    assert "honesty_clarity" not in m.find("i was honest with the nurse about my drinking")
    assert "honesty_clarity" not in m.find("to be honest with you the staff were great")
    assert m.find("the social worker was honest with us")["honesty_clarity"] == "was honest"
    assert "rigid_rules" not in m.find("mam will not let strangers wash her")
    assert m.find("they will not let me visit after 8pm")["rigid_rules"] == "will not let"


def test_a_decisive_cue_without_a_plain_cue_in_it_codes_but_is_no_model_feature(tmp_path):
    m = _matcher(tmp_path, ["funding", "money"], decisive=["direct payments", "more funding"])
    found = [m.find(t) for t in ("direct payments work well", "we need more funding", "money is tight", "nothing")]
    assert found == [
        {"co_production_design": "direct payments"},
        {"co_production_design": "more funding"},
        {"co_production_design": "money"},
        {},
    ]
    # "more funding" holds the plain cue "funding", so it stays a feature; "direct payments" does not
    assert m.matrix(found).toarray().ravel().tolist() == [0.0, 1.0, 1.0, 0.0]


def test_money_taken_from_someone_is_no_funding_cue():
    m = CueMatcher(load_codebook())
    assert "funding_resources" not in m.find("the carer keeps taking money from mam's purse")
    assert m.find("there is no money for respite")["funding_resources"] == "money"
    # a new user's "Her son takes her pension money" was coded as funding (financial abuse)
    assert "funding_resources" not in m.find("her son takes her pension money")
    assert "funding_resources" in m.find("the fees take all of her pension money")


def test_respite_is_decisive_for_carers():
    # a new user's "Emergency respite that can be booked at short notice" got only
    # appointment arrangements (the cue "booked"), and no carers' theme
    m = CueMatcher(load_codebook())
    assert m.find("emergency respite that can be booked at short notice")["family_carers"] == "respite"
    assert "family_carers" in m.decisive


def test_service_hours_and_short_notice_rigidity_are_rigid_rules():
    # two new users' carers' notes never reached Flexibility
    m = CueMatcher(load_codebook())
    found = m.find("carers groups only meet in the daytime so i can never go")
    assert "rigid_rules" in found and found["family_carers"] == "carers groups"
    assert "rigid_rules" in m.find("you can not book respite at short notice")  # "cannot" as normalised
    assert "rigid_rules" not in m.find("emergency respite that can be booked at short notice")
    assert "rigid_rules" not in m.find("the carers come in the day and my son helps at night")
