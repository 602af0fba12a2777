"""Questionnaire definitions: the file format (``schema.json``), loader, skip logic and model.

Public entry points: :func:`.loader.load_questionnaire`, :func:`.loader.load_all`,
:class:`.loader.QuestionnaireError`, :func:`.expressions.parse` / :func:`.expressions.evaluate`,
and the dataclasses in :mod:`.model`.
"""
