"""The fixed words of the journey (buttons, headings, the check, thank-you and resume
pages) in each version a respondent can choose: standard English and easy read.

Questionnaire texts come from the questionnaire files; these are the words around them.
Templates read them as ``T.<key>`` after ``{% set T = fixed_texts(locale) %}``. Easy read
follows the Mencap / Department of Health guidance: short sentences, everyday words, one
idea per sentence, numbers as digits. The page's ``lang`` stays ``en``: easy read is English.
"""
from __future__ import annotations

from collections.abc import Mapping

__all__ = ["FIXED_TEXTS", "fixed_texts"]

#: Standard English: the wording the pages always had.
_EN: dict[str, str] = {
    "skip_link": "Skip to main content",
    "back": "Back",
    "page": "Page",
    "of": "of",
    "optional": "(optional)",
    "continue": "Continue",
    "save_for_later": "Save and come back later",
    "no_name": "You do not have to give your name. Questions marked “(optional)” can be left blank.",
    "minutes_one": "It takes about 1 minute.",
    "minutes_many": "It takes about {n} minutes.",
    "resume_link_before": "You can ",
    "resume_link": "continue with answers you saved earlier",
    "resume_link_after": ".",
    "there_is_a_problem": "There is a problem",
    "error_prefix": "Error:",
    "important": "Important",
    "select_all": "Select all that apply.",
    "or": "or",
    "specify_other": "If other, please specify",
    "specify_chosen": "If you chose “{label}”, please specify",
    "date_example": "For example, 27 3 2024",
    "day": "Day",
    "month": "Month",
    "year": "Year",
    "rank_hint": "Choose a position for each option: 1 is the most important. "
    "Use each number only once, from 1 up with none missed out.",
    "not_ranked": "Not ranked",
    "scale_low": "0 = lowest",
    "scale_high": "10 = highest",
    "check_heading": "Check your answers before sending them",
    "not_answered": "Not answered",
    "change": "Change",
    "change_hidden": " your answer to: ",
    "help_question": "Did someone help you fill this in?",
    "help_hint": "For example a family member, carer, friend, volunteer or member of staff. "
    "This helps us understand how people answer.",
    "help_yes": "Yes",
    "help_no": "No",
    "send_heading": "Now send your answers",
    "send_agree_before": "By sending your answers you agree that the partnership can use them, "
    "without your name, to improve services. Read the ",
    "privacy_link": "privacy notice",
    "send_agree_after": ".",
    "send": "Send my answers",
    "thanks_heading": "Thank you – your answers have been sent",
    "next_heading": "What happens next",
    "next_body": "We read every response. Answers are put together with everyone else's and used to "
    "decide what the partnership should improve. We publish what we learn, but never anything "
    "that could identify you.",
    "worried": "If you are worried about your safety or someone else's, do not wait for us to read "
    "your answers: call 999 in an emergency, or contact your local adult or children's social care team.",
    "start_page_link": "Go back to the start page",
    "saved_heading": "Your answers are saved",
    "code_is": "Your resume code is",
    "write_code": "Write this code down now",
    "code_once": "We show this code only once, and we do not know who you are, so we cannot send it "
    "to you. Write it down, or take a photo of this page.",
    "code_how": "To carry on, go to the questionnaire and choose “continue with answers you saved "
    "earlier”, then enter the code. The code stops working once you send your answers.",
    "code_shown_once": "For your security we showed your resume code only once. If you did not write "
    "it down, you can carry on now from this device",
    "code_new_option": ", or get a new code (the old code will stop working)",
    "full_stop": ".",
    "new_code": "Get a new code",
    "shared_computer": "If you are using a shared computer, close the browser window when you have "
    "finished so nobody else can see your answers.",
    "carry_on_now": "Carry on with the questionnaire now",
    "continue_later": "Continue later with your code",
    "enter_code": "Enter your resume code",
    "code_hint": "This is the 12-character code (letters and numbers) we gave you when you saved your "
    "answers, for example ABCD-EFGH-JKMN.",
    "start_again": "Start again without a code",
    "footer_help": "Need help answering? Ask a member of staff, a carer or a friend, or call the "
    "partnership feedback team on 0300 000 0000 (Monday to Friday, 9am to 5pm).",
    "support_links": "Support links",
    "accessibility": "Accessibility statement",
    "privacy": "Privacy notice",
}

#: Easy read. A key left out falls back to standard English.
_EN_EASY: dict[str, str] = {
    "no_name": "You do not have to tell us your name. You can leave out questions that say “(optional)”.",
    "minutes_one": "It takes about 1 minute.",
    "minutes_many": "It takes about {n} minutes.",
    "resume_link_before": "Did you save your answers before? ",
    "resume_link": "Go back to your saved answers",
    "resume_link_after": ".",
    "save_for_later": "Save and finish later",
    "select_all": "You can choose more than 1 answer.",
    "specify_other": "Please tell us what it is",
    "specify_chosen": "You chose “{label}”. You can tell us more here",
    "date_example": "For example, 27 3 2024",
    "rank_hint": "Give each answer a number. 1 is the most important. Use each number only once. "
    "Start at 1. Do not miss out a number.",
    "not_ranked": "No number",
    "scale_low": "0 = very bad",
    "scale_high": "10 = very good",
    "check_heading": "Check your answers",
    "not_answered": "You did not answer",
    "help_question": "Did someone help you to do this survey?",
    "help_hint": "For example, someone in your family, a carer, a friend or a member of staff.",
    "send_heading": "Send your answers",
    "send_agree_before": "When you send your answers, we can use them to make services better. "
    "We do not use your name. Read our ",
    "send_agree_after": " to find out more.",
    "send": "Send",
    "thanks_heading": "Thank you. We have your answers.",
    "next_heading": "What happens next",
    "next_body": "We read all the answers. We put your answers together with everyone else's. "
    "We use them to make services better. We never tell anyone who you are.",
    "worried": "Are you worried that you or someone else is not safe? Do not wait for us to read "
    "your answers. In an emergency call 999. Or call your local social care team.",
    "start_page_link": "Go back to the start",
    "saved_heading": "We have saved your answers",
    "code_is": "Your code is",
    "write_code": "Write this code down now",
    "code_once": "We only show this code once. We cannot send it to you. "
    "Write it down, or take a photo of this page.",
    "code_how": "To finish the survey later, go back to the survey. Choose “Go back to your saved "
    "answers”. Then type in the code. The code stops working when you send your answers.",
    "code_shown_once": "We only showed your code once. Did you not write it down? "
    "You can carry on now on this device",
    "code_new_option": ". Or you can get a new code. Then the old code will stop working",
    "new_code": "Get a new code",
    "shared_computer": "Are other people using this computer? Close the browser window when you finish. "
    "Then nobody else can see your answers.",
    "carry_on_now": "Carry on with the survey now",
    "continue_later": "Finish later with your code",
    "enter_code": "Type in your code",
    "code_hint": "We gave you this code when you saved your answers. It has 12 letters and numbers. "
    "For example ABCD-EFGH-JKMN.",
    "start_again": "Start again without a code",
    "footer_help": "Do you need help? Ask a member of staff, a carer or a friend. Or call us on "
    "0300 000 0000. We are open Monday to Friday, 9am to 5pm.",
}

#: Fixed texts by locale.
FIXED_TEXTS: dict[str, dict[str, str]] = {"en": _EN, "en-easy": _EN_EASY}


def fixed_texts(locale: str | None = "en") -> Mapping[str, str]:
    """The fixed texts for ``locale``, each falling back to standard English (also for an
    unknown or missing locale)."""
    return {**_EN, **FIXED_TEXTS.get(locale or "en", {})}
