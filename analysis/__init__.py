"""Analysis of survey and workshop feedback.

Pure Python on pandas DataFrames: never imports Flask or the web app. Subpackages and
modules are named for what they hold (codebook, sentiment, themes, priorities, urgent,
emergent themes, baselines, reports). Command line: ``python -m analysis --help``.
"""
