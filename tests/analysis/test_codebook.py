"""Codebook: validation on load and reachability of every QDC sub-category and priority."""
from pathlib import Path

import pandas as pd
import pytest
import yaml

from analysis.codebook import CODEBOOK_PATH, CodebookError, load_codebook
from analysis.columns import DOMAIN_IDS
from analysis.datasets import NEAS_PATH, NON_THEME_COLUMNS, neas_label_columns
from analysis.priorities import PRIORITIES, PRIORITY_IDS

QDC_V7 = Path(__file__).resolve().parents[2] / "analysis" / "data" / "qdc_v7_subcategories.csv"


def test_priorities_are_the_nine_from_the_mission():
    assert PRIORITY_IDS == (
        "person_centred_care", "co_production", "outcomes_focussed_care", "safety", "joint_systems",
        "clear_and_transparent", "clear_accountability", "flexibility", "culture",
    )
    assert [p.id for p in PRIORITIES.values() if p.wider_programme] == ["culture"]


def test_every_priority_reachable_from_a_theme():
    cb = load_codebook()
    reached = {p for t in cb.themes.values() for p in t.priorities}
    assert reached == set(PRIORITY_IDS)


def test_every_domain_reachable():
    cb = load_codebook()
    assert {d for t in cb.themes.values() for d in t.domains} == set(DOMAIN_IDS)


def test_every_v6_label_column_maps_to_exactly_one_theme():
    header = pd.read_csv(NEAS_PATH, nrows=0)
    v6 = set(neas_label_columns(header))
    assert set(load_codebook().by_qdc()) == v6
    assert not v6 & set(NON_THEME_COLUMNS)


def test_every_v7_subcategory_reachable():
    v7 = set(pd.read_csv(QDC_V7)["Sub-category"])
    reached = {t.qdc_v7 for t in load_codebook().themes.values()} | {"Labelling not possible"}
    assert v7 <= reached


def test_partnership_themes_present_with_cues():
    cb = load_codebook()
    partnership = [cb.themes[t] for t in cb.partnership_ids]
    assert {p for t in partnership for p in t.priorities} >= {
        "co_production", "joint_systems", "clear_accountability", "flexibility", "culture",
        "outcomes_focussed_care", "clear_and_transparent",
    }
    assert all(t.cues for t in partnership)


def _write(tmp_path, raw):
    path = tmp_path / "cb.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


@pytest.fixture
def raw():
    return yaml.safe_load(CODEBOOK_PATH.read_text(encoding="utf-8"))


def test_needs_cue_without_cues_rejected_and_loaded_otherwise(tmp_path, raw):
    theme = raw["themes"][0]
    theme["needs_cue"] = True
    assert load_codebook(_write(tmp_path, raw)).themes[theme["id"]].needs_cue is True
    theme["cues"], theme["decisive_cues"], theme["cue_rules"] = [], [], []
    with pytest.raises(CodebookError, match=rf"theme '{theme['id']}' needs_cue: true but it has no cues"):
        load_codebook(_write(tmp_path, raw))


def test_unknown_priority_rejected(tmp_path, raw):
    raw["themes"][0]["priorities"] = ["world_peace"]
    with pytest.raises(CodebookError, match="world_peace"):
        load_codebook(_write(tmp_path, raw))


def test_duplicate_theme_rejected(tmp_path, raw):
    raw["themes"].append(dict(raw["themes"][0]))
    with pytest.raises(CodebookError, match="duplicate"):
        load_codebook(_write(tmp_path, raw))


def test_schema_violation_rejected(tmp_path, raw):
    del raw["themes"][0]["cues"]
    with pytest.raises(CodebookError, match="cues"):
        load_codebook(_write(tmp_path, raw))


def test_cue_rule_with_one_list_rejected_naming_the_field(tmp_path, raw):
    raw["themes"][0]["cue_rules"] = [[["asked"]]]
    with pytest.raises(CodebookError, match=r"cb\.yaml.*'themes', 0, 'cue_rules', 0"):
        load_codebook(_write(tmp_path, raw))


def test_cue_rules_loaded_lower_case(tmp_path, raw):
    raw["themes"][0]["cue_rules"] = [[["Asked", "consulted"], ["closed"]]]
    theme = load_codebook(_write(tmp_path, raw)).themes[raw["themes"][0]["id"]]
    assert theme.cue_rules == ((("asked", "consulted"), ("closed",)),)


@pytest.mark.parametrize(
    ("field", "phrase", "message"),
    [
        ("cues", "*", "no letters or digits"),
        ("cues", "...", "no letters or digits"),
        ("cues", "ask* us", "not at the end"),
        ("cue_rules", "8.00", "sentence end"),
        ("cue_rules", "   ", "no letters or digits"),
        ("decisive_cues", "short staff*", "matched exactly, so list each form"),
        ("decisive_cues", "!!", "no letters or digits"),
        ("not_cues", "occupational * therapist", "not at the end"),
    ],
)
def test_phrase_that_can_never_match_rejected(tmp_path, raw, field, phrase, message):
    theme = raw["themes"][0]
    if field in ("cues", "decisive_cues", "not_cues"):
        theme[field] = [*theme.get(field, []), phrase]
    else:
        theme["cue_rules"] = [[["only"], [phrase, "8am"]]]
    with pytest.raises(CodebookError, match=rf"cb\.yaml: theme '{theme['id']}' {field}.*{message}"):
        load_codebook(_write(tmp_path, raw))


def test_rule_lists_that_one_occurrence_satisfies_rejected(tmp_path, raw):
    raw["themes"][0]["cue_rules"] = [[["carers group"], ["carers", "parents"]]]
    with pytest.raises(CodebookError, match="'carers group' and 'carers'.*one occurrence"):
        load_codebook(_write(tmp_path, raw))


def test_curly_apostrophes_in_phrases_made_straight(tmp_path, raw):
    raw["themes"][0]["cues"] = ["didn\u2019t ask"]
    raw["themes"][0]["cue_rules"] = [[["wouldn\u2019t"], ["rules"]]]
    theme = load_codebook(_write(tmp_path, raw)).themes[raw["themes"][0]["id"]]
    assert theme.cues == ("didn't ask",)
    assert theme.cue_rules == ((("wouldn't",), ("rules",)),)


def test_repeated_yaml_key_rejected(tmp_path):
    path = tmp_path / "cb.yaml"
    text = CODEBOOK_PATH.read_text(encoding="utf-8").replace(
        "    cue_rules:\n", "    cue_rules: [[[x], [y]]]\n    cue_rules:\n", 1
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CodebookError, match="repeated key 'cue_rules'"):
        load_codebook(path)


def test_absurdly_nested_yaml_is_a_codebook_error(tmp_path):
    path = tmp_path / "cb.yaml"
    path.write_text("version: '1'\nthemes: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="cannot read codebook"):
        load_codebook(path)


def test_schema_error_names_the_theme_and_suggests_quoting(tmp_path, raw):
    raw["themes"][3]["cues"] = [480]
    with pytest.raises(CodebookError, match=rf"\(theme '{raw['themes'][3]['id']}'\) \(quote it in the YAML\)"):
        load_codebook(_write(tmp_path, raw))


def test_edited_codebook_file_is_read_again(tmp_path, raw):
    path = _write(tmp_path, raw)
    first = load_codebook(path)
    raw["version"] = first.version + "-edited"
    raw["themes"][0]["cues"] = ["a new cue"]
    _write(tmp_path, raw)
    again = load_codebook(path)
    assert again.version == first.version + "-edited"
    assert again.themes[raw["themes"][0]["id"]].cues == ("a new cue",)


def test_missing_codebook_file_is_a_codebook_error(tmp_path):
    with pytest.raises(CodebookError, match="cannot read codebook"):
        load_codebook(tmp_path / "nope.yaml")


def test_decisive_cues_loaded_lower_case_and_optional(tmp_path, raw):
    raw["themes"][0]["decisive_cues"] = ["Short Staffed", "carer\u2019s assessment"]
    themes = load_codebook(_write(tmp_path, raw)).themes
    assert themes[raw["themes"][0]["id"]].decisive_cues == ("short staffed", "carer's assessment")
    assert themes[raw["themes"][1]["id"]].decisive_cues == ()


def test_unknown_urgent_kind_rejected_with_the_known_ones(tmp_path, raw):
    raw["themes"][0]["urgent_kinds"] = ["safeguarding_abuse_or_neglect", "burglary"]
    with pytest.raises(CodebookError, match=r"cb\.yaml: theme '.*' urgent_kinds: unknown \['burglary'\] \(known: self_harm_or_suicide, safeguarding"):
        load_codebook(_write(tmp_path, raw))


def test_yaml_syntax_error_names_file_line_and_column(tmp_path):
    path = tmp_path / "cb.yaml"
    path.write_text('version: "1"\nthemes:\n  - id: a\n    cues: [one, two\n    name: x\n', encoding="utf-8")
    with pytest.raises(CodebookError, match=r"cb\.yaml:5:\d+: not valid YAML: .*flow sequence"):
        load_codebook(path)


def test_misspelt_key_named_with_its_theme_and_the_known_keys(tmp_path, raw):
    raw["themes"][0]["decisive_cue"] = ["x"]
    with pytest.raises(CodebookError, match=r"unknown key 'decisive_cue' in theme '\w+' \(known keys: id, name, .*decisive_cues"):
        load_codebook(_write(tmp_path, raw))


def test_unknown_priority_lists_the_known_ones(tmp_path, raw):
    raw["themes"][0]["priorities"] = ["saftey"]
    with pytest.raises(CodebookError, match=r"unknown priorities \['saftey'\] \(known: person_centred_care, .*safety"):
        load_codebook(_write(tmp_path, raw))


def test_codebook_command_checks_a_file_in_one_line(tmp_path, raw, capsys):
    from analysis.cli import main

    assert main(["codebook"]) == 0
    out = capsys.readouterr()
    assert out.out.startswith("ok: ") and len(out.out.strip().splitlines()) == 1
    assert out.err.startswith("model: up to date") and "raise `version`" in out.err
    assert main(["codebook", str(_write(tmp_path, raw))]) == 0
    out = capsys.readouterr()
    assert "raise `version`" in out.err and "make model" in out.err
    raw["themes"][0]["urgent_kinds"] = ["burglary"]
    assert main(["codebook", str(_write(tmp_path, raw))]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "urgent_kinds: unknown ['burglary']" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_codebook_check_says_when_the_model_was_trained_from_another_codebook():
    # a new user added a decisive cue, saw "ok" and coded with a model that had not seen it
    import dataclasses

    from analysis.codebook_cli import _model_status

    cb = load_codebook()
    theme = next(iter(cb.themes.values()))
    # a cue the training comments hold changes what the model learns from
    edited = dataclasses.replace(theme, cues=(*theme.cues, "ambulance"))
    changed = dataclasses.replace(cb, themes={**cb.themes, theme.id: edited})
    status = _model_status(changed)
    assert status.startswith("model: trained from a different codebook") and "make model" in status


@pytest.mark.parametrize("cue", ["c++", r"\d+", "a|b", "(wait)"])
def test_a_cue_with_a_pattern_character_is_refused_naming_it(tmp_path, raw, cue):
    # a tester's "c++", "\d+" and "a|b" loaded as "ok" and matched "c", "d" and "a b"
    theme = raw["themes"][0]
    theme["cues"] = [*theme["cues"], cue]
    with pytest.raises(CodebookError, match=rf"theme '{theme['id']}' cues: .* which cue phrases do not read"):
        load_codebook(_write(tmp_path, raw))


def test_yaml_aliases_are_refused_and_a_long_schema_error_is_cut(tmp_path, raw):
    path = tmp_path / "cb.yaml"
    bomb = 'version: "1"\na: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nthemes: []\n'
    path.write_text(bomb, encoding="utf-8")
    with pytest.raises(CodebookError, match=r"cb\.yaml:3:\d+: not valid YAML: aliases \(\*name\) are not allowed"):
        load_codebook(path)
    raw["themes"] = {t["id"]: t for t in raw["themes"]}  # a mapping where a list belongs: a 57 KB message
    with pytest.raises(CodebookError) as err:
        load_codebook(_write(tmp_path, raw))
    assert len(str(err.value)) <= CodebookError.MAX_MESSAGE and str(err.value).endswith(" ...")
