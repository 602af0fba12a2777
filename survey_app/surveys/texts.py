"""The fixed words of the journey (buttons, headings, the check, thank-you and resume
pages, and every validation message and notice) in each version a respondent can
choose: standard English and easy read.

Questionnaire texts come from the questionnaire files; these are the words around them.
Templates read them as ``T.<key>`` after ``{% set T = fixed_texts(locale) %}``; code reads
:func:`message` (``err_*`` and ``notice_*`` keys, filled in with ``str.format``). Easy read
follows the Mencap / Department of Health guidance: short sentences, everyday words, one
idea per sentence, numbers as digits. The page's ``lang`` stays ``en``: easy read is English.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["FIXED_TEXTS", "LOCALE_NAMES", "SUPPORTED_LOCALES", "fixed_texts", "message"]

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
    "date_example_month": "For example, 3 2024",
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
    "close_browser": "If other people use this phone, tablet or computer, close the browser when you have "
    "finished so nobody else can see your answers.",
    "code_cleared": "We have cleared your answers from this device, so the next person cannot see them. "
    "Only your code brings them back.",
    "code_shown_once_cleared": "For your security we showed your resume code only once. Your answers are no "
    "longer on this device: only the code brings them back.",
    "carry_on_now": "Carry on with the questionnaire now",
    "continue_later": "Continue later with your code",
    "finish_link": "Finish and go back to the start page",
    "enter_code": "Enter your resume code",
    "code_hint": "This is the 12-character code (letters and numbers) we gave you when you saved your "
    "answers, for example ABCD-EFGH-JKMN.",
    "start_again": "Start again without a code",
    "footer_help": "Need help answering? Ask a member of staff, a carer or a friend, or call the "
    "partnership feedback team on 0300 000 0000 (Monday to Friday, 9am to 5pm).",
    "support_links": "Support links",
    "accessibility": "Accessibility statement",
    "privacy": "Privacy notice",
    "switch_to_easy": "Easy read version",
    "switch_to_standard": "Standard version",
    "switch_hint": "Your answers on this page are kept.",
    "char_hint": "You can enter up to {limit} characters. Do not include names or other details that "
    "could identify you or anyone else.",
    # Messages: validation errors and notices (``{...}`` is filled in by the code that uses them).
    "err_choice_unknown": "Select one of the options shown for “{text}”",
    "err_choice_one": "Select only one answer for “{text}”",
    "err_write_in_long": "What you wrote for “{option}” in “{text}” must be {limit} characters or fewer",
    "err_write_in_other": "You wrote something in “If other, please specify” but chose “{chosen}”. "
    "Choose “{option}” or clear the box",
    "err_exclusive": "For “{text}”, select “{label}” on its own, or other answers, not both",
    "err_rating": "Select a number from 0 to 10 for “{text}”",
    "err_number": "Enter a number for “{text}”, like 3 or 12",
    "err_number_between": "Enter a number between {lo} and {hi} for “{text}”",
    "err_number_min": "Enter a number that is {lo} or more for “{text}”",
    "err_number_max": "Enter a number that is {hi} or less for “{text}”",
    "err_number_whole": "Enter a whole number for “{text}”, like 3 or 12",
    "err_date_missing": "The date for “{text}” must include a {parts}",
    "err_date_real": "The date for “{text}” must be a real date",
    "err_date_year": "The year for “{text}” must include 4 numbers",
    "err_date_early": "The date for “{text}” must be after {year}",
    "err_date_past": "The date for “{text}” must be today or in the past",
    "err_date_real_month": "The date for “{text}” must be a real month and year",
    "err_date_past_month": "The date for “{text}” must be this month or in the past",
    "err_rank_range": "Choose a position from 1 to {n} for “{text}”",
    "err_rank_twice": "Each position can only be used once in “{text}”: you chose {pos} for “{first}” and "
    "“{second}”",
    "err_rank_gap": "Choose position {gap} for one of the options in “{text}”: positions must follow on from 1 "
    "without a gap",
    "err_text_long": "“{text}” must be {limit} characters or fewer (you have {count})",
    "err_postcode_district": "Enter only the first part of your postcode, like DH1",
    "err_required_multi": "Select at least one answer for “{text}”",
    "err_required_matrix": "Select an answer for each statement in “{text}”",
    "err_required_ranking": "Choose a position for at least one option in “{text}”",
    "err_required_enter": "Enter an answer for “{text}”",
    "err_required_select": "Select an answer for “{text}”",
    "err_required_consent": "Select the box for “{text}” if you are happy to take part",
    "err_help": "Select yes or no, or leave this question blank",
    "err_code_missing": "Enter your resume code",
    "err_code_length": "Enter the 12 letters and numbers of your resume code, like ABCD-EFGH-JKMN",
    "err_code_letters": "The code only uses letters and the numbers 2 to 9 (there is no 0, 1, O, I or L)",
    "err_code_unknown": "We could not find saved answers with that code. Check the code and try again. "
    "A code stops working once the answers have been sent.",
    "err_code_too_many": "You have tried too many codes. Wait {minutes} minutes, then try again.",
    "notice_timeout": "Your session timed out, so we could not save that page. "
    "Your answers are still here — please submit again.",
    "notice_timeout_restart": "Your session timed out, so we have not cleared anything. If you still want to "
    "start again, select “Start again” once more.",
    "notice_timeout_new_code": "Your session timed out, so we have not made a new code. The code you were given "
    "before still works. If you need a new one, select “Get a new code” once more.",
    "notice_not_yours": "We could not match this page to answers started in this browser, so we did not save it. "
    "Your answers on this page are still here — please submit again to start afresh, or use "
    "your resume code if you saved your answers.",
    "notice_moved": "You carried on with these answers on another device, using your resume code, so we have not "
    "saved this page here. Nothing on the other device has changed.",
    "notice_sent_elsewhere": "These answers were sent from another device, so we have not saved this page here. "
    "The answers that were sent have not changed.",
    "notice_typed_kept": "What you typed on this page is still below: copy anything you want to keep before you "
    "leave this page.",
    "moved_resume": "Enter your resume code to carry on with your answers on this device",
    "moved_again": "Fill in the questionnaire again to tell us more",
    "notice_added": "Because of your answer, there is another question on this page.",
    "notice_lang_unavailable": "This questionnaire is not available in the language you asked for, so it is "
    "shown in English. It is available in {available}.",
    "locales_only": "{name} only",
    "locales_and": "{first} and {last}",
    "notice_answer_first": "Answer this page first. The page you tried to open comes later in the survey.",
    "notice_cleared": "For your privacy, we cleared the answers on this device because nothing was done for "
    "{minutes}. If you saved your answers, you can continue with your resume code.",
    "shared_device": "This device is shared. Your answers are cleared from it if nothing is done for {minutes}.",
    "notice_sent_already": "These are the same answers you sent from this device a few minutes ago, so we have "
    "not sent them again. If you meant to send them twice, select the button below.",
    "send_again": "Send these answers again",
    "in_progress_heading": "You have answers in progress",
    "in_progress_body": "Someone has started this questionnaire on this device. If it was you, you can continue "
    "where you left off. If not, start again: the answers will be cleared from this device.",
    "in_progress_continue": "Continue where you left off",
    "in_progress_restart": "Start again (clear these answers)",
    "in_progress_saved": "Answers saved with a resume code can still be continued with that code.",
    # Page titles (``<title>``, before the questionnaire's title), where they differ from the heading.
    "title_check": "Check your answers",
    "title_thanks": "Thank you",
    "title_saved": "Your answers are saved",
    "title_resume": "Continue with saved answers",
    # Error pages (``error.html``, ``surveys/too_large.html``).
    "error_400_title": "Something was wrong with that request",
    "error_400_body": "Please go back and try again.",
    "error_404_title": "Page not found",
    "error_404_body": "If you typed the web address, check it is correct.",
    "error_405_title": "This page cannot be used that way",
    "error_405_body": "Go back to the start page and follow the links from there.",
    "error_413_title": "That was too much to send at once",
    "error_413_body": "Your answer was longer than we can accept. Please shorten it and try again.",
    "error_500_title": "Sorry, there is a problem with the service",
    "error_500_body": "Please try again later. Your earlier pages are saved.",
    "error_start_page": "Go to the start page",
    "too_large_heading": "Your answer was too long to send",
    "too_large_body": "That page had more text than we can accept in one go, so it was not saved. "
    "Answers you gave on earlier pages are still saved.",
    "too_large_shorten": "Please go back, shorten your answers (each box shows how many characters it can take) "
    "and try again.",
    "too_large_back": "Go back to the page",
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
    "date_example_month": "For example, 3 2024 for March 2024",
    "rank_hint": "Give each answer a number. 1 is the most important. Use each number only once. "
    "Start at 1. Do not miss out a number.",
    "not_ranked": "No number",
    "scale_low": "0 = the least",
    "scale_high": "10 = the most",
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
    "close_browser": "Do other people use this phone, tablet or computer? Close the browser when you finish. "
    "Then nobody else can see your answers.",
    "code_cleared": "We have taken your answers off this device. The next person cannot see them. "
    "Only your code can get them back.",
    "code_shown_once_cleared": "We only showed your code once. Your answers are not on this device any more. "
    "Only your code can get them back.",
    "carry_on_now": "Carry on with the survey now",
    "continue_later": "Finish later with your code",
    "finish_link": "Finish and go back to the start",
    "enter_code": "Type in your code",
    "code_hint": "We gave you this code when you saved your answers. It has 12 letters and numbers. "
    "For example ABCD-EFGH-JKMN.",
    "start_again": "Start again without a code",
    "footer_help": "Do you need help? Ask a member of staff, a carer or a friend. Or call us on "
    "0300 000 0000. We are open Monday to Friday, 9am to 5pm.",
    "char_hint": "You can write up to {limit} letters and spaces. Please do not write anyone's name.",
    "switch_hint": "We keep your answers on this page.",
    "char_left": "You can write {n} more letters and spaces",
    "char_over": "You wrote {n} letters and spaces too many",
    "err_choice_unknown": "Choose 1 of the answers for this question: “{text}”.",
    "err_choice_one": "Choose only 1 answer for this question: “{text}”.",
    "err_write_in_long": "What you wrote for “{option}” is too long. You can write up to {limit} letters and "
    "spaces.",
    "err_write_in_other": "You wrote in the box for “{option}”. But you chose “{chosen}”. "
    "Choose “{option}”. Or delete what you wrote in the box.",
    "err_exclusive": "You chose “{label}” and other answers for this question: “{text}”. Choose “{label}” on its "
    "own. Or choose other answers.",
    "err_rating": "Choose a number from 0 to 10 for this question: “{text}”.",
    "err_number": "Write a number for this question: “{text}”. For example 3 or 12.",
    "err_number_between": "Write a number from {lo} to {hi} for this question: “{text}”.",
    "err_number_min": "Write a number for this question: “{text}”. It must be {lo} or more.",
    "err_number_max": "Write a number for this question: “{text}”. It must be {hi} or less.",
    "err_number_whole": "Write a whole number for this question: “{text}”. For example 3 or 12. Do not write a "
    "dot.",
    "err_date_missing": "Write the {parts} of the date for this question: “{text}”.",
    "err_date_real": "The date is not a real date for this question: “{text}”. Check {check}.",
    "err_date_year": "Write the year with 4 numbers for this question: “{text}”. For example 2024.",
    "err_date_early": "The date must be after {year} for this question: “{text}”.",
    "err_date_past": "The date cannot be in the future for this question: “{text}”. Write today or a day before "
    "today.",
    "err_date_real_month": "The date is not a real date for this question: “{text}”. Check {check}.",
    "err_date_past_month": "The date cannot be in the future for this question: “{text}”. Write this month or a "
    "month before.",
    "err_rank_range": "Choose a number from 1 to {n} for this question: “{text}”.",
    "err_rank_twice": "You gave number {pos} to “{first}” and to “{second}” in this question: “{text}”. Use each "
    "number only once.",
    "err_rank_gap": "You missed out number {gap} in this question: “{text}”. Give number {gap} to 1 of the "
    "answers.",
    "err_text_long": "Your answer is too long for this question: “{text}”. You can write up to {limit} letters "
    "and spaces. You wrote {count}.",
    "err_postcode_district": "Write only the first part of your postcode. For example DH1.",
    "err_required_multi": "Please answer this question: “{text}”. Choose 1 or more answers.",
    "err_required_matrix": "Please choose an answer for every line in this question: “{text}”.",
    "err_required_ranking": "Please give a number to at least 1 answer in this question: “{text}”.",
    "err_required_enter": "Please answer this question: “{text}”.",
    "err_required_select": "Please choose an answer for this question: “{text}”.",
    "err_required_consent": "Tick the box for this question: “{text}”. Only tick it if you want to do the survey.",
    "err_help": "Choose yes or no. Or you can leave this question out.",
    "err_code_missing": "Type in your code.",
    "err_code_length": "Your code has 12 letters and numbers. For example ABCD-EFGH-JKMN.",
    "err_code_letters": "The code only has letters and the numbers 2 to 9. It has no 0, 1, O, I or L.",
    "err_code_unknown": "We cannot find answers saved with this code. Check the code and try again. "
    "The code stops working when you send your answers.",
    "err_code_too_many": "You typed too many wrong codes. Wait {minutes} minutes. Then try again.",
    "notice_timeout": "You took a long time, so we could not save this page. Your answers are still here. "
    "Please press the button again.",
    "notice_timeout_restart": "You took a long time, so we did not clear anything. Do you still want to start "
    "again? Then press the button again.",
    "notice_timeout_new_code": "You took a long time, so we did not make a new code. Your old code still works. "
    "Do you need a new code? Then press the button again.",
    "notice_not_yours": "We could not save this page. It does not match answers started on this device. "
    "Your answers on this page are still here. Press the button again to start again. "
    "Or use your code if you saved your answers.",
    "notice_moved": "You went on with these answers on another device. You used your code. So we did not save "
    "this page. The answers on the other device are the same as before.",
    "notice_sent_elsewhere": "Your answers were sent from another device. So we did not save this page. "
    "The answers you sent are the same as before.",
    "notice_typed_kept": "Your answers on this page are still here. We did not save them. You can copy them "
    "before you leave this page.",
    "moved_resume": "Type in your code to carry on here",
    "moved_again": "Fill in the survey again to tell us more",
    "notice_added": "There is 1 more question on this page. This is because of your answer.",
    "notice_lang_unavailable": "We do not have this survey in the language you asked for. It is in easy read "
    "English. You can have it in {available}.",
    "locales_only": "{name} only",
    "locales_and": "{first} or {last}",
    "notice_answer_first": "Please answer this page first. Then you can go on to the next pages.",
    "notice_cleared": "Nobody used this survey for {minutes}. So we cleared the answers from this device. "
    "This keeps them private. Did you save your answers? Then you can use your code to go back to them.",
    "shared_device": "Other people use this device too. If you do nothing for {minutes}, we clear your answers "
    "from it.",
    "notice_sent_already": "You already sent these same answers a few minutes ago. We did not send them again. "
    "Do you want to send them again? Then press the button.",
    "send_again": "Send them again",
    "in_progress_heading": "Someone has started this survey",
    "in_progress_body": "Someone has answered some questions on this device. Was it you? Then you can carry on. "
    "Was it not you? Then start again. We will clear the answers from this device.",
    "in_progress_continue": "Carry on where you stopped",
    "in_progress_restart": "Start again and clear the answers",
    "in_progress_saved": "Did you save your answers with a code? You can still use the code to go back to them.",
    "title_check": "Check your answers",
    "title_thanks": "Thank you",
    "title_saved": "We have saved your answers",
    "title_resume": "Go back to your saved answers",
    "error_400_title": "Something went wrong",
    "error_400_body": "Please go back and try again.",
    "error_404_title": "We cannot find this page",
    "error_404_body": "Did you type the web address? Check it is right.",
    "error_405_title": "You cannot use this page like that",
    "error_405_body": "Go back to the start. Then use the links.",
    "error_413_title": "You wrote too much to send",
    "error_413_body": "Your answer is too long. Please make it shorter. Then try again.",
    "error_500_title": "Sorry, something is wrong with the website",
    "error_500_body": "Please try again later. We saved the pages you did before.",
    "error_start_page": "Go back to the start",
    "too_large_heading": "Your answer was too long to send",
    "too_large_body": "You wrote too much on that page. We could not save it. "
    "We still have your answers from the pages before.",
    "too_large_shorten": "Please go back. Make your answers shorter. Each box tells you how much you can write. "
    "Then try again.",
    "too_large_back": "Go back to the page",
}

#: The name of each locale a questionnaire may list, as the notice for a language with no
#: version lists them (:func:`survey_app.surveys.services.unavailable_locale_notice`).
LOCALE_NAMES: dict[str, str] = {"en": "English", "en-easy": "easy read"}

#: Fixed texts by locale.
FIXED_TEXTS: dict[str, dict[str, str]] = {"en": _EN, "en-easy": _EN_EASY}
#: The locales a questionnaire may list: the journey has fixed texts in each of them.
SUPPORTED_LOCALES: tuple[str, ...] = tuple(FIXED_TEXTS)


def fixed_texts(locale: str | None = "en") -> Mapping[str, str]:
    """The fixed texts for ``locale``, each falling back to standard English (also for an
    unknown or missing locale)."""
    return {**_EN, **FIXED_TEXTS.get(locale or "en", {})}


#: A full stop after a closing quote that already ends its sentence: “How was our service?”.
_STOP_AFTER_QUOTE = re.compile(r"([.?!])”\.")


def message(locale: str | None, key: str, **values: object) -> str:
    """The message ``key`` (e.g. ``err_rating``) in ``locale``, filled in with ``values``.

    A quoted question that ends with its own ``?`` or ``.`` is not followed by a second full
    stop (the easy-read messages end "…this question: “{text}”.").
    """
    return _STOP_AFTER_QUOTE.sub(r"\1”", fixed_texts(locale)[key].format(**values))
