"""Normalisation, contractions, language check and personal-details redaction."""
import pytest

from analysis.language import detect_language
from analysis.redact import nhs_number_valid, redact
from analysis.text import expand_contractions, normalise


def test_normalise_quotes_and_invisible_spaces():
    assert normalise("It isn\u2019t\u00a0 great\u200b\n") == "It isn't great"
    assert normalise(None) == ""
    assert normalise(float("nan")) == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("It isn't great", "It is not great"),
        ("It isnt great", "It is not great"),
        ("I can't fault them", "I can not fault them"),
        ("We won't return", "We will not return"),
        ("they've been", "they have been"),
    ],
)
def test_expand_contractions(raw, expected):
    assert expand_contractions(raw) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Obsługa była okropna", "other"),
        ("Muy bueno el servicio, gracias", "other"),
        ("Сотрудники были очень добры", "other"),
        ("The crew were lovely", "en"),
        ("Excellent", "en"),
        ("👍", "en"),
        ("", "empty"),
    ],
)
def test_language(text, lang):
    assert detect_language(text) == lang


def test_nhs_number_modulus_11():
    # 943 476 5919 is the NHS Digital documentation example; weights 10..2 give check 9.
    assert nhs_number_valid("9434765919")
    assert not nhs_number_valid("9434765918")
    assert not nhs_number_valid("123")


def test_redacts_nhs_number_phone_email():
    out = redact("NHS no 943 476 5919, ring 07700 900123 or email jo.bloggs@example.org please")
    assert out == "NHS no [NHS_NUMBER], ring [PHONE] or email [EMAIL] please"


def test_invalid_nhs_number_is_not_called_an_nhs_number():
    assert "[NHS_NUMBER]" not in redact("ref 943 476 5918")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My DOB is 12/03/1954", "My DOB is [DATE_OF_BIRTH]"),
        ("I was born on 3rd March 1950", "I was born on [DATE_OF_BIRTH]"),
        ("I live at 14 Acacia Avenue, NG7 2UH", "I live at [ADDRESS], [POSTCODE]"),
        ("Dr Patel and Nurse Jones were kind", "[NAME] and [NAME] were kind"),
        ("The paramedic called Steve was rude", "The paramedic called [NAME] was rude"),
        ("Thank you Sarah Smith", "Thank you [NAME]"),
        ("Ring 0115 956 7890 now", "Ring [PHONE] now"),
    ],
)
def test_redaction_kinds(text, expected):
    assert redact(text) == expected


def test_redaction_leaves_ordinary_text_alone():
    text = "The Staff were great, it took 2 hours and the Ambulance arrived at 3pm"
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kind staff, Bob from the day centre always says hello",
         "Kind staff, [NAME] from the day centre always says hello"),
        ("I came with my wife Doreen", "I came with my wife [NAME]"),
        ("our neighbour Aisha Khan rang 999", "our neighbour [NAME] rang 999"),
        ("my husband Bill was scared", "my husband [NAME] was scared"),
        ("I want to thank Aisha and Sarah", "I want to thank [NAME] and [NAME]"),
        ("Thanks to Aisha, Bob and Precious", "Thanks to [NAME], [NAME] and [NAME]"),
        ("grateful to Doreen", "grateful to [NAME]"),
        ("Sister O'Neill was lovely", "[NAME] was lovely"),
        ("Mr Smith-Jones and Dr McDonald came", "[NAME] and [NAME] came"),
        ("Father O'Brien and Reverend Okafor visited", "[NAME] and [NAME] visited"),
        ("Bob and Jill helped", "[NAME] and [NAME] helped"),
        ("Jill, Sedgefield and Woodlands all came", "[NAME], Sedgefield and Woodlands all came"),
    ],
)
def test_names_after_cues_are_redacted(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I came with my wife. Was seen quickly",
        "my wife Was poorly",
        "I just want to thank You all",
        "my son Has autism",
        "my daughter and I waited",
        "She was moved to the Sister ward",
        "Sister ward was clean",
        "the Dr's surgery rang back",
        "Everyone from the day centre was kind",
        "Thanks to Everyone at the hospital",
        "The Ambulance from the station came fast",
        "I go to Darlington, Sedgefield and Woodlands",
    ],
)
def test_ordinary_words_after_name_cues_are_left_alone(text):
    assert redact(text) == text
