"""``flask --app survey_app questionnaires validate|list``."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from survey_app.questionnaire.loader import validate_paths

questionnaires_cli = AppGroup("questionnaires", help="Check and list questionnaire definitions.")


@questionnaires_cli.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=True, file_okay=True))
def validate_command(paths: tuple[str, ...]) -> None:
    """Validate questionnaire files or folders (default: the configured folder).

    Prints each problem on one line (file:line: field: message) and exits 1 on any error.
    Warnings (``Warning: file:line: field: message``, e.g. a priority-tagged question that
    cannot score) are printed too but do not fail the check.
    """
    targets = list(paths) or [current_app.config["QUESTIONNAIRES_DIR"]]
    loaded, problems = validate_paths(targets)
    warnings = [w for q in sorted(loaded.values(), key=lambda q: q.source_path) for w in q.warnings]
    for warning in warnings:
        click.echo(f"Warning: {warning}")
    if problems:
        for problem in problems:
            click.echo(str(problem))
        files = len({p.path for p in problems})
        click.echo(
            f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {files} file{'s' if files != 1 else ''}.",
            err=True,
        )
        sys.exit(1)
    noted = f" ({len(warnings)} warning{'s' if len(warnings) != 1 else ''})" if warnings else ""
    click.echo(f"OK: {len(loaded)} questionnaire{'s' if len(loaded) != 1 else ''} valid{noted}")


@questionnaires_cli.command("list")
def list_command() -> None:
    """List the questionnaires in the configured folder (id, version, audience, pages, title).

    A questionnaire with ``open: false`` is marked "not public".
    """
    loaded, problems = validate_paths([current_app.config["QUESTIONNAIRES_DIR"]])
    for q in sorted(loaded.values(), key=lambda q: q.id):
        pages, questions = len(q.sections), len(q.questions())
        click.echo(
            f"{q.id}\tv{q.version}\t{q.audience}\t{pages} page{'s' if pages != 1 else ''}, "
            f"{questions} question{'s' if questions != 1 else ''}\t{q.title}\t{q.content_hash[:12]}"
            + ("" if q.open else "\tnot public (open: false; import only)")
        )
    if problems:
        click.echo(f"{len(problems)} problem(s) found; run 'flask questionnaires validate' for details.", err=True)
        sys.exit(1)
