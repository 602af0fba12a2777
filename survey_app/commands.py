"""Command-line commands: ``flask --app survey_app db|questionnaires|responses|rounds|sample``."""
from __future__ import annotations

import csv
import os
import sys
import tempfile
import unicodedata
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import AppGroup

from analysis.outputs import not_regular, protected_match, sqlite_files
from survey_app.config import ROOT
from survey_app.models import CHANNELS

db_cli = AppGroup("db", help="Database schema (Alembic migrations).")
responses_cli = AppGroup("responses", help="Import, count and export stored responses.")
rounds_cli = AppGroup("rounds", help="Collection rounds and the baseline.")
sample_cli = AppGroup("sample", help="The real sample data shipped in the repository.")

#: The sample slice of real NEAS Friends and Family Test comments, and its mapping.
SAMPLE_CSV = ROOT / "sample_data" / "neas_fft_sample.csv"
SAMPLE_MAPPING = ROOT / "sample_data" / "neas_fft_mapping.yaml"



def _plural(n: int, word: str) -> str:
    """``word`` or ``word + "s"`` for a count of ``n`` ("1 response", "2 responses")."""
    return word if n == 1 else word + "s"

def init_commands(app: Flask) -> None:
    """Register every command group on ``app``."""
    from survey_app.questionnaire.cli import questionnaires_cli

    for group in (db_cli, questionnaires_cli, responses_cli, rounds_cli, sample_cli):
        app.cli.add_command(group)


def _engine() -> sa.Engine:
    """The app's engine, once a connection to its database has been made.

    Raises :class:`click.ClickException` (one line, exit 1) naming the database, its password
    hidden, and the driver's reason when no connection can be made: a PostgreSQL database not
    created yet (``createdb``) or a server that is down had been a hundred lines of traceback
    from ``make db`` (a new user's find).
    """
    from survey_app.extensions import db

    engine = db.engine
    try:
        with engine.connect():
            pass
    except sa.exc.DBAPIError as error:
        where = engine.url.render_as_string(hide_password=True)
        reason = " ".join(str(error.orig or error).split())
        raise click.ClickException(
            f"cannot connect to the database at {where} ({reason}): check DATABASE_URL, that the server is "
            "running and that the database exists (PostgreSQL: createdb NAME)."
        ) from None
    return engine


@db_cli.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database to the latest schema."""
    from survey_app.db_migrate import upgrade

    engine = _engine()
    before, after = upgrade(engine)
    where = engine.url.render_as_string(hide_password=True)
    if before is None:
        click.echo(f"Created the database at {where} (schema {after}).")
    elif before != after:
        click.echo(f"Migrated the database at {where} from schema {before} to {after}.")
    else:
        click.echo(f"Database at {where} is already up to date (schema {after}).")


@db_cli.command("revision")
@click.argument("message")
def db_revision(message: str) -> None:
    """Autogenerate a migration from the models (for developers)."""
    from survey_app.db_migrate import revision

    revision(_engine(), message)


def _require_tables() -> None:
    """Stop with one line, not a "no such table" traceback (or every imported row rejected with
    "could not store"), when the database lacks a table or a column of the models: it was
    never created, or not migrated since a new column was added (e.g. ``responses.corrected_at``)
    or a column may be empty (``responses.completed_with_help``).

    Raises :class:`click.ClickException` naming the database and the first thing missing.
    """
    from survey_app.models import Base

    engine = _engine()
    inspector = sa.inspect(engine)
    have = set(inspector.get_table_names())
    missing = [t.name for t in Base.metadata.sorted_tables if t.name not in have]
    state = ""
    if missing:
        state = "has no tables yet" if len(missing) == len(Base.metadata.sorted_tables) else f"has no '{missing[0]}' table"
    else:
        for table in Base.metadata.sorted_tables:
            columns = {c["name"]: c for c in inspector.get_columns(table.name)}
            lacking = [c.name for c in table.columns if c.name not in columns]
            strict = [c.name for c in table.columns if c.nullable and not columns.get(c.name, {}).get("nullable", True)]
            if lacking:
                state = f"has no '{table.name}.{lacking[0]}' column"
                break
            if strict:  # e.g. completed_with_help before it could be "not recorded"
                state = f"refuses an empty '{table.name}.{strict[0]}'"
                break
    if state:
        where = engine.url.render_as_string(hide_password=True)
        raise click.ClickException(
            f"the database at {where} {state}: create or update it first with "
            "`flask --app survey_app db upgrade` (or `make db`)"
        )


def _questionnaire(questionnaire_id: str):  # type: ignore[no-untyped-def]
    from survey_app.questionnaire.loader import QuestionnaireError, load_all

    try:
        found = load_all(current_app.config["QUESTIONNAIRES_DIR"])
    except QuestionnaireError as exc:
        raise click.ClickException(str(exc)) from exc
    if questionnaire_id not in found:
        raise click.ClickException(
            f"no questionnaire '{questionnaire_id}' (known: {', '.join(sorted(found)) or 'none'})"
        )
    return found[questionnaire_id]


def _is_rejects_file(path: Path) -> bool:
    """Whether ``path`` is a regular file that is empty or starts with a header holding
    ``reject_reasons`` (what :func:`survey_app.responses.imports.write_rejects` writes): the
    only kind of file an import may replace, or delete when nothing was rejected."""
    if not path.is_file():
        return False
    if path.stat().st_size == 0:
        return True
    with path.open("rb") as fh:
        return b"reject_reasons" in fh.readline(65536)


#: How :func:`refuse_output` names the files of :func:`database_files`.
DATABASE_FILES = "the database in use (or its -wal, -shm or -journal file)"


def database_files() -> tuple[Path, ...]:
    """The SQLite database file the app uses and the -wal, -shm and -journal files SQLite
    keeps beside it (whether or not they exist now); ``()`` for another database or one in
    memory (:func:`analysis.outputs.sqlite_files`)."""
    return sqlite_files(_engine().url)


def refuse_output(path: Path, what: str, protected: dict[str, Sequence[Path]]) -> None:
    """Stop before a command writes ``path`` (described as ``what``, e.g. "the rejects file")
    over a file it must never replace.

    ``protected`` maps a description ("the file imported or its mapping") to the files it
    names; an existing ``path`` must also be a regular file (or a symbolic link to one), so a
    device, pipe or folder is never replaced. Raises :class:`click.ClickException` (exit 1)
    with one line naming ``path`` and the reason.
    """
    description = protected_match(path, protected.items())
    if description:
        raise click.ClickException(f"{path}: {what} cannot be {description}")
    if not_regular(path):
        raise click.ClickException(f"{path}: {what} must be a regular file")


def refuse_rejects_path(path: Path) -> None:
    """Stop before an import stores anything when ``path``, the rejects file it would write,
    holds a file it did not write (not :func:`_is_rejects_file`, e.g. a data file given to
    ``--rejects`` by mistake) or is a symbolic link to one, so no such file is ever replaced.
    A link to a rejects file, or to nothing, is replaced by the new file (its target is left
    alone, as ``responses export`` does). Raises :class:`click.ClickException` (exit 1)
    naming ``path`` and what to do."""
    if path.exists() and not _is_rejects_file(path):
        what = (
            f"is a symbolic link to {os.readlink(path)}, which is not a rejects file (the rejects file is "
            "never written through a link)" if path.is_symlink() else
            "already exists and is not a rejects file (its first line has no reject_reasons column)"
        )
        raise click.ClickException(f"{path} {what}, so it is not replaced: move it, or give --rejects another file name")
    try:  # find out now, not after storing, that the rejects file cannot be written beside it
        fd, probe = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise click.ClickException(f"{path}: cannot write the rejects file: {exc.strerror}") from exc


def run_import(
    questionnaire_id: str, csv_path: Path, mapping_path: Path, rejects_path: Path | None, *, corrections: bool = False
) -> int:
    """Import ``csv_path`` with ``mapping_path``; print a summary (counts only); return rejected rows.

    ``corrections`` lets a row whose reference (or group_by value) was imported before with
    other answers replace the stored response's answers (see
    :func:`survey_app.responses.imports.import_csv`); the summary then says how many were
    corrected. Raises :class:`click.ClickException` for a missing table, questionnaire,
    unusable mapping or unreadable file, before anything is stored.
    """
    from tqdm import tqdm

    from survey_app.extensions import db
    from survey_app.responses.imports import (
        REJECTS_COLUMNS,
        MappingError,
        columns_used,
        import_csv,
        load_mapping,
        read_csv,
        write_rejects,
    )

    _require_tables()
    questionnaire = _questionnaire(questionnaire_id)
    try:
        mapping = load_mapping(mapping_path, questionnaire)
    except MappingError as exc:
        raise click.ClickException(str(exc)) from exc
    if mapping.questionnaire and mapping.questionnaire != questionnaire_id:
        raise click.ClickException(f"{mapping_path}: questionnaire: is '{mapping.questionnaire}', not '{questionnaire_id}'")
    try:
        data = read_csv(csv_path)  # the only read: rows are imported and rejects copied from memory
    except (OSError, csv.Error) as exc:
        raise click.ClickException(f"{csv_path}: cannot read: {exc}") from exc
    header = data.header
    total = len(data.rows)
    if any("\x00" in name for name in header):  # every other byte NUL: UTF-16, e.g. Excel's "Unicode Text"
        raise click.ClickException(f"{csv_path}: the file is UTF-16 text; save it as 'CSV UTF-8' and import it again")
    if not any(name.strip() for name in header):
        raise click.ClickException(f"{csv_path}: no header row (an empty file), so nothing to import")
    used = columns_used(mapping)
    twice = sorted(c for c in used if header.count(c) > 1)
    if twice:
        raise click.ClickException(
            f"{csv_path}: "
            + "; ".join(f"column '{c}' appears {header.count(c)} times in the header" for c in twice)
            + f" (named in {mapping_path.name}; rename the copies so it is clear which to read)"
        )
    missing = sorted(used - set(header))
    if missing:
        from analysis.coding_cli import SEMICOLONS

        hint = f" ({SEMICOLONS})" if len(header) == 1 and ";" in header[0] else ""
        raise click.ClickException(
            f"{csv_path}: column(s) named in {mapping_path.name} not found: {', '.join(missing)}{hint}"
        )
    unused = [c for c in dict.fromkeys(header) if c and c not in used and c not in REJECTS_COLUMNS]
    if unused:  # a new user's export imported back lost its matrix and "please specify" columns unsaid
        shown = ", ".join(repr(c) for c in unused[:8]) + (f" and {len(unused) - 8} more" if len(unused) > 8 else "")
        click.echo(f"Note: {len(unused)} column(s) of {csv_path.name} are not in {mapping_path.name}, so not imported: {shown}.")
    rejects_path = rejects_path or csv_path.with_name(csv_path.stem + ".rejects.csv")
    refuse_output(
        rejects_path,
        "the rejects file",
        {"the file imported or its mapping": (csv_path, mapping_path), DATABASE_FILES: database_files()},
    )
    refuse_rejects_path(rejects_path)
    with tqdm(total=total, unit="row", file=sys.stderr, disable=total < 200, desc="importing") as bar:
        result = import_csv(
            db.session, questionnaire, data, mapping, on_row=lambda: bar.update(), corrections=corrections
        )
    db.session.commit()
    if total == 0:  # `responses export` of a questionnaire nobody has answered: a move goes on
        click.echo(f"Warning: {csv_path.name} has a header and 0 rows: nothing to import.", err=True)
    skipped = (
        f", skipped {result.already} {_plural(result.already, 'row')} already imported (from a file of this name or with these references)"
        if result.already
        else ""
    )
    if result.audience_set:
        skipped += f"; {result.audience_set} of them now have the audience their answer names"
    if result.restored:
        skipped += f"; {result.restored} of them now have the audience or questionnaire version the file gives"
    if result.blank:
        skipped += f", skipped {result.blank} blank {_plural(result.blank, 'row')}"
    corrected = f" corrected {result.corrected} {_plural(result.corrected, 'response')}," if corrections else ""
    click.echo(
        f"Read {result.rows} {_plural(result.rows, 'row')}: stored {result.stored} {_plural(result.stored, 'response')},"
        f"{corrected} rejected {len(result.rejects)} {_plural(len(result.rejects), 'row')}{skipped}."
    )
    if result.withheld and not (mapping.reference or mapping.group_by):
        click.echo(
            f"Corrections not applied: {mapping_path.name} names no reference column (reference: or "
            "group_by:), so this file's rows are known only by file name and row number, which do not "
            "say which response a row is once rows move; any row that differs from what was stored is "
            "rejected. To correct rows later, give every row a reference and name its column in the "
            "mapping from the first import (workshop/README.md)."
        )
    elif result.withheld:
        seen, keyed = result.withheld
        click.echo(
            f"Corrections not applied: only {seen} of the {keyed} responses in this file were imported before from "
            "a file of this name, so it looks like a new export that reuses references or respondent "
            "IDs, not a corrected copy of an imported file; any row that differs from what was stored is rejected."
        )
    if result.personal:
        click.echo(_personal_details_note(
            csv_path, mapping_path, result.personal, keyed=bool(mapping.reference or mapping.group_by)
        ))
    if result.rejects:
        write_rejects(rejects_path, data, result)
        click.echo(f"Rejected rows and reasons: {rejects_path}")
    elif _is_rejects_file(rejects_path):
        # an empty file, or an old one whose rows are now stored or skipped (a link: the link goes)
        had_rows = rejects_path.stat().st_size > 0
        rejects_path.unlink()
        if had_rows:
            click.echo(f"No rows rejected: removed the old rejects file {rejects_path}")
    return len(result.rejects)


#: How many cells :func:`_personal_details_note` lists before "and N more".
PERSONAL_LISTED = 20


def _personal_details_note(
    csv_path: Path, mapping_path: Path, found: list[tuple[int, str, list[str]]], *, keyed: bool
) -> str:
    """What the import says of workshop notes that look like they hold personal details: row
    number, column and the kinds found (``[NAME]``, ``[PHONE]``), never the text, and how to
    put it right (with a reference column the fixed file replaces the stored notes)."""
    rows = len({n for n, _, _ in found})
    lines = [
        f"Personal details? {len(found)} {_plural(len(found), 'cell')} in {rows} {_plural(rows, 'row')} of "
        f"{csv_path.name} may hold a name or contact details; the notes are stored as typed (reports and "
        "exports redact them):"
    ]
    lines += [f"  row {n}, column '{column}': {', '.join(tags)}" for n, column, tags in found[:PERSONAL_LISTED]]
    if len(found) > PERSONAL_LISTED:
        lines.append(f"  and {len(found) - PERSONAL_LISTED} more")
    if keyed:
        lines.append(
            f"Take them out of {csv_path.name} and import it again with --apply-corrections to replace the "
            "stored notes (workshop/README.md, \"Names and contact details\")."
        )
    else:
        lines.append(
            f"Take them out of {csv_path.name}. {mapping_path.name} names no reference column, so an import "
            "cannot replace these stored notes; give future files a Ref column (workshop/README.md, "
            "\"Names and contact details\")."
        )
    return "\n".join(lines)


@responses_cli.command("import")
@click.argument("questionnaire_id")
@click.argument("csv_path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--map", "mapping_path", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="YAML file mapping CSV columns to question ids.")
@click.option("--rejects", "rejects_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Where to write rejected rows (default: FILE.rejects.csv); an existing file is replaced "
                   "only if it is a rejects file.")
@click.option("--apply-corrections", "corrections", is_flag=True,
              help="A row whose reference (or group_by value) was imported before with different answers "
                   "replaces the stored response's answers, date, service and audience (and help and locale "
                   "where the mapping names their columns; same response, "
                   "counted as corrected); without this flag such a row is rejected. Rows known only by "
                   "their row number (no reference in the mapping) are never corrected, nor responses "
                   "that were not imported.")
def responses_import(
    questionnaire_id: str, csv_path: Path, mapping_path: Path, rejects_path: Path | None, corrections: bool
) -> None:
    """Import responses to QUESTIONNAIRE_ID from CSV_PATH (channel from the mapping).

    Rows already imported are skipped; rows with problems go to the rejects file with their
    reasons. See --apply-corrections to replace rows imported before.
    """
    run_import(questionnaire_id, csv_path, mapping_path, rejects_path, corrections=corrections)


@responses_cli.command("mapping")
@click.argument("questionnaire_id")
def responses_mapping(questionnaire_id: str) -> None:
    """Print a mapping that imports what `responses export QUESTIONNAIRE_ID` writes.

    Every answer column by its export name (matrix statements as question.row, write-ins as
    question:option), with response ids as references, and each response's channel,
    audience and questionnaire version. The versions this database holds are carried in it,
    so print it from the database the export came from. Save it and pass it to
    `responses import --map`, e.g. to move responses into another database.
    """
    from survey_app.responses.imports import export_mapping

    click.echo(export_mapping(_questionnaire(questionnaire_id), _stored_versions(questionnaire_id)), nl=False)


def _stored_versions(questionnaire_id: str) -> dict[str, dict]:
    """``version:`` -> definition of each version of ``questionnaire_id`` the database holds
    (the newest stored of each ``version:``); ``{}`` when the database has no tables yet."""
    from survey_app.extensions import db
    from survey_app.models import QuestionnaireVersion

    if "questionnaire_versions" not in sa.inspect(_engine()).get_table_names():
        return {}
    rows = db.session.execute(
        sa.select(QuestionnaireVersion.version, QuestionnaireVersion.definition)
        .where(QuestionnaireVersion.questionnaire_id == questionnaire_id)
        .order_by(QuestionnaireVersion.id)
    )
    return {version: definition for version, definition in rows}  # later rows replace earlier ones


@responses_cli.command("purge-drafts")
@click.option("--older-than", "days", type=click.IntRange(min=1, max=36500), default=90, show_default=True,
              help="Delete drafts not saved for more than this many days.")
@click.option("--dry-run", is_flag=True, help="Only say how many there are.")
def responses_purge_drafts(days: int, dry_run: bool) -> None:
    """Delete responses never sent (drafts, with what was typed in them) whose answers were
    last saved more than --older-than days ago. Submitted responses are never touched; a deleted draft's resume
    code no longer works. Run it on a schedule (e.g. weekly from cron)."""
    _require_tables()
    from survey_app.extensions import db
    from survey_app.responses.services import purge_drafts

    n = purge_drafts(db.session, days, dry_run=dry_run)
    what = "would be deleted" if dry_run else "deleted"
    click.echo(f"{n} draft{'s' * (n != 1)} not saved for more than {days} days {what}.")


@responses_cli.command("count")
def responses_count() -> None:
    """Print submitted responses per questionnaire and channel."""
    _require_tables()
    from survey_app.extensions import db
    from survey_app.models import Response

    rows = db.session.execute(
        sa.select(Response.questionnaire_id, Response.channel, sa.func.count())
        .where(Response.status == "submitted")
        .group_by(Response.questionnaire_id, Response.channel)
        .order_by(Response.questionnaire_id, Response.channel)
    ).all()
    for qid, channel, n in rows:
        click.echo(f"{qid}\t{channel}\t{n}")
    if not rows:
        click.echo("No submitted responses.")


def _export_questionnaire(questionnaire_id: str):  # type: ignore[no-untyped-def]
    """The questionnaire whose columns an export uses: its file, or when the file is gone
    its newest stored version. Raises :class:`click.ClickException` (exit 2) when neither."""
    from survey_app.extensions import db
    from survey_app.models import QuestionnaireVersion
    from survey_app.questionnaire.loader import questionnaire_from_definition

    try:
        return _questionnaire(questionnaire_id)
    except click.ClickException as exc:
        stored = db.session.scalar(
            sa.select(QuestionnaireVersion.definition)
            .where(QuestionnaireVersion.questionnaire_id == questionnaire_id)
            .order_by(QuestionnaireVersion.id.desc())
            .limit(1)
        )
        if stored is None:
            exc.exit_code = 2
            raise
        return questionnaire_from_definition(stored)


@responses_cli.command("export")
@click.argument("questionnaire_id")
@click.option("--out", "out_path", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="CSV file to write (readable by its owner only).")
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]),
              help="Only responses submitted on or after this date (UTC).")
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]),
              help="Only responses submitted on or before this date (UTC).")
@click.option("--channel", "channels", multiple=True, type=click.Choice(CHANNELS),
              help="Only responses from this channel; repeat for several (default: all).")
@click.option("--labels", is_flag=True,
              help="Choices as their labels instead of their values, and a second row with each question's text.")
@click.option("--raw-text", is_flag=True,
              help="Free text as written, not redacted (names, phone numbers, NHS numbers, ... stay in).")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
def responses_export(  # type: ignore[no-untyped-def]
    questionnaire_id: str, out_path: Path, date_from, date_to, channels: tuple[str, ...], labels: bool,
    raw_text: bool, force: bool,
) -> None:
    """Write QUESTIONNAIRE_ID's submitted responses to a CSV file, one row per response.

    Columns: response_id, submitted_at (UTC), channel, service, audience,
    questionnaire_version, then one per question (question id), then answers to questions
    of older versions. Free text is redacted unless --raw-text. The file holds personal
    data (equality answers, free text): it is created readable by its owner only.
    """
    from tqdm import tqdm

    from survey_app.extensions import db
    from survey_app.responses.export import count_responses, export_responses, private_file

    _require_tables()
    questionnaire = _export_questionnaire(questionnaire_id)
    if date_from and date_to and date_to < date_from:
        raise click.ClickException("--to is before --from")
    refuse_output(out_path, "the export file", {DATABASE_FILES: database_files()})
    if out_path.exists() and not force:
        raise click.ClickException(f"{out_path} already exists: give --force to overwrite it")
    if raw_text:
        click.echo(
            f"Warning: --raw-text: free text is written as people typed it, with any names, phone numbers, "
            f"NHS numbers and addresses; keep {out_path} as personal data and delete it when done.",
            err=True,
        )
    filters = {"date_from": date_from and date_from.date(), "date_to": date_to and date_to.date(), "channels": channels}
    total = count_responses(db.session, questionnaire.id, **filters)

    def skipped(response_id: int, reason: str) -> None:
        click.echo(f"Skipped response {response_id}: {reason}", err=True)

    try:
        with private_file(out_path, force=force) as fh, tqdm(
            total=total, unit="response", file=sys.stderr, disable=total < 1000, desc="exporting"
        ) as bar:
            result = export_responses(
                db.session, questionnaire, fh, labels=labels, raw_text=raw_text, on_skip=skipped,
                on_row=lambda: bar.update(), **filters,
            )
    except FileExistsError:
        raise click.ClickException(f"{out_path} already exists: give --force to overwrite it") from None
    except OSError as exc:
        raise click.ClickException(f"{out_path}: cannot write: {exc.strerror}") from exc
    except sa.exc.SQLAlchemyError as exc:  # the type only: parameters could hold answers
        raise click.ClickException(f"cannot read the database ({type(exc).__name__}); nothing written") from exc
    n = len(result.skipped)
    tail = f" ({n:,} skipped: see above)" if n else ""
    click.echo(f"Wrote {result.written:,} {_plural(result.written, 'response')} to {out_path}{tail}.")


#: The dates a round may have: anything outside is a typing mistake (and near 9999-12-31 the
#: report's date arithmetic overflows).
ROUND_DATES = (date(1900, 1, 1), date(2100, 12, 31))
#: Unicode categories a round name may not hold: control and format characters (tab, line
#: breaks, zero-width ones), line and paragraph separators, and unpaired surrogates (bytes
#: that were not UTF-8). ``rounds list`` prints one round per line, tab-separated.
_NAME_REFUSED = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def _round_name(name: str, longest: int) -> str:
    """``name`` with surrounding spaces trimmed, runs of spaces made one and accents in one
    form (Unicode NFC), or
    :class:`click.ClickException` when it holds a control character or is too long."""
    bad = next((c for c in name if unicodedata.category(c) in _NAME_REFUSED), None)
    if bad is not None:
        what = {"\t": "a tab", "\n": "a line break", "\r": "a line break"}.get(bad, f"the character U+{ord(bad):04X}")
        raise click.ClickException(
            f"a round name cannot hold {what} (nor any control character): `rounds list` shows one round a line"
        )
    name = unicodedata.normalize("NFC", " ".join(name.split()))  # "Café" typed two ways is one name
    if not name or len(name) > longest:
        raise click.ClickException(f"a round name is 1 to {longest} characters")
    return name


def _questionnaires_text(ids: Sequence[str]) -> str:
    return ", ".join(ids) or "all questionnaires"


def _round_warnings(row, rounds) -> list[str]:  # type: ignore[no-untyped-def]
    """Warnings (not errors) about ``row`` as it is about to be stored, beside the other ``rounds``:
    a round of the same questionnaires whose dates overlap it, and a baseline that starts
    after a round that will be compared with it."""
    out = []
    others = [r for r in rounds if r is not row]
    for other in others:
        if other.starts_on > row.ends_on or row.starts_on > other.ends_on:
            continue
        mine, theirs = set(row.questionnaire_ids or ()), set(other.questionnaire_ids or ())
        shared = (mine & theirs) if mine and theirs else (mine or theirs)
        if mine and theirs and not shared:
            continue
        out.append(
            f"'{row.name}' overlaps round '{other.name}' ({other.starts_on} to {other.ends_on}) for "
            f"{_questionnaires_text(sorted(shared))}: a response submitted in both date ranges counts in both rounds"
        )
    from analysis.sources import questionnaires_overlap

    def shares(a, b) -> bool:  # type: ignore[no-untyped-def]
        return questionnaires_overlap(a.questionnaire_ids or [], b.questionnaire_ids or [])

    # only what this change may have put before a baseline of the same questionnaires
    if row.is_baseline:
        pairs = [(row, r) for r in others if shares(row, r)]
    else:
        pairs = [(b, row) for b in others if b.is_baseline and shares(b, row)]
    out.extend(
        f"the baseline '{baseline.name}' (from {baseline.starts_on}) starts after round '{r.name}' (from "
        f"{r.starts_on}): rounds are compared with the baseline of their questionnaires, which is usually the earliest"
        for baseline, r in pairs
        if r.starts_on < baseline.starts_on
    )
    return out


@rounds_cli.command("create")
@click.argument("name")
@click.option("--from", "starts_on", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--to", "ends_on", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--questionnaire", "questionnaire_ids", multiple=True,
              help="Repeat for several. A new round without it covers all questionnaires; an existing "
                   "round keeps its questionnaires unless this or --all-questionnaires is given.")
@click.option("--all-questionnaires", "all_questionnaires", is_flag=True,
              help="The round covers every questionnaire (drops an existing round's restriction).")
@click.option("--baseline", is_flag=True,
              help="Make this round the baseline of its questionnaires (one per questionnaire: a baseline "
                   "sharing a questionnaire with it stops being one).")
def rounds_create(  # type: ignore[no-untyped-def]
    name: str, starts_on, ends_on, questionnaire_ids: tuple[str, ...], all_questionnaires: bool, baseline: bool
) -> None:
    """Create a named collection round, or update the round of that name.

    Names are the same round whatever their case and spacing ('2022 FOLLOW-UP' updates
    '2022 follow-up', which keeps its name); surrounding spaces are trimmed and control
    characters refused. An update says what it changed; it keeps the round's questionnaires
    unless --questionnaire or --all-questionnaires is given, and its baseline mark. Dates are
    1900-01-01 to 2100-12-31. Overlapping rounds of the same questionnaires, and a baseline
    that starts after another round, get a warning.
    """
    _require_tables()
    # imported here: it brings pandas, which start-up need not
    from analysis.sources import questionnaires_overlap, round_key
    from survey_app.extensions import db
    from survey_app.models import Response, Round

    name = _round_name(name, Round.__table__.c.name.type.length)
    first, last = ROUND_DATES
    for option, when in (("--from", starts_on.date()), ("--to", ends_on.date())):
        if not first <= when <= last:
            raise click.ClickException(f"{option} {when} is not a round date: they are from {first} to {last}")
    if ends_on < starts_on:
        raise click.ClickException("--to is before --from")
    if questionnaire_ids and all_questionnaires:
        raise click.ClickException("give --questionnaire or --all-questionnaires, not both")
    stored = set(db.session.scalars(sa.select(Response.questionnaire_id).distinct()))
    for qid in questionnaire_ids:
        if qid not in stored:
            _questionnaire(qid)  # refuses an id that is neither a questionnaire file nor in the data
    rounds = list(db.session.scalars(sa.select(Round).order_by(Round.starts_on, Round.id)))
    same = [r for r in rounds if r.name == name] or [r for r in rounds if round_key(r.name) == round_key(name)]
    if len(same) > 1:
        raise click.ClickException(
            f"rounds {', '.join(repr(r.name) for r in same)} differ only in case or spacing from '{name}': "
            "give the name exactly as `rounds list` shows it"
        )
    row = same[0] if same else Round(name=name, questionnaire_ids=[], is_baseline=False)
    before = (row.starts_on, row.ends_on, list(row.questionnaire_ids or ()), bool(row.is_baseline))
    row.starts_on, row.ends_on = starts_on.date(), ends_on.date()
    if questionnaire_ids or all_questionnaires:
        row.questionnaire_ids = list(dict.fromkeys(questionnaire_ids))
    row.is_baseline = baseline or bool(row.is_baseline)
    # one baseline per questionnaire: a baseline of other questionnaires stays one
    dropped = [
        r for r in rounds
        if row.is_baseline and r.is_baseline and r is not row
        and questionnaires_overlap(r.questionnaire_ids or [], row.questionnaire_ids or [])
    ]
    for r in dropped:
        r.is_baseline = False
    warnings = _round_warnings(row, rounds)
    db.session.add(row)
    db.session.commit()

    mark = " (baseline)" if row.is_baseline else ""
    dates, which = f"{row.starts_on} to {row.ends_on}", _questionnaires_text(row.questionnaire_ids)
    if not same:
        click.echo(f"Created round '{row.name}': {dates}, {which}{mark}.")
    else:
        typed = f" (as stored; you typed '{name}')" if row.name != name else ""
        changes = []
        if before[:2] != (row.starts_on, row.ends_on):
            changes.append(f"dates {before[0]} to {before[1]} → {dates}")
        if before[2] != row.questionnaire_ids:
            changes.append(f"questionnaires {_questionnaires_text(before[2])} → {which}")
        if before[3] != row.is_baseline:
            changes.append("now the baseline")
        if changes:
            kept = f"; questionnaires {which} (unchanged)" if before[2] == row.questionnaire_ids else ""
            click.echo(f"Updated round '{row.name}'{typed}: {'; '.join(changes)}{kept}.")
        else:
            click.echo(f"Round '{row.name}'{typed} unchanged: {dates}, {which}{mark}.")
    for r in dropped:
        click.echo(f"'{r.name}' is no longer a baseline ({_questionnaires_text(r.questionnaire_ids)}).")
    for warning in warnings:
        click.echo(f"Warning: {warning}.", err=True)


@rounds_cli.command("list")
def rounds_list() -> None:
    """Print every round: name, dates, questionnaires, baseline mark, submitted responses."""
    _require_tables()
    from survey_app.extensions import db
    from survey_app.models import Response, Round

    rounds = db.session.scalars(sa.select(Round).order_by(Round.starts_on)).all()
    if not rounds:
        click.echo("No rounds yet: flask --app survey_app rounds create NAME --from DATE --to DATE")
    for r in rounds:
        stmt = sa.select(sa.func.count()).select_from(Response).where(
            Response.status == "submitted",
            sa.func.date(Response.submitted_at) >= r.starts_on,
            sa.func.date(Response.submitted_at) <= r.ends_on,
        )
        if r.questionnaire_ids:
            stmt = stmt.where(Response.questionnaire_id.in_(r.questionnaire_ids))
        n = db.session.scalar(stmt)
        which = ", ".join(r.questionnaire_ids) or "all questionnaires"
        mark = "  (baseline)" if r.is_baseline else ""
        click.echo(f"{r.name}\t{r.starts_on} to {r.ends_on}\t{which}\t{n} responses{mark}")


#: The columns `rounds export` writes and `rounds import` reads, in order.
ROUND_COLUMNS = ("name", "starts_on", "ends_on", "questionnaires", "baseline")


@rounds_cli.command("export")
@click.option("--out", "out_path", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="CSV file to write.")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
def rounds_export(out_path: Path, force: bool) -> None:
    """Write every round to a CSV file that `rounds import` reads (e.g. into another database).

    Columns: name, starts_on, ends_on (YYYY-MM-DD), questionnaires (ids joined with ';',
    blank for all questionnaires), baseline (yes or no). A name a spreadsheet would run as a
    formula gets a leading ', which the import takes off.
    """
    _require_tables()
    from survey_app.extensions import db
    from survey_app.models import Round
    from survey_app.responses.export import private_file, spreadsheet_cell

    refuse_output(out_path, "the rounds file", {DATABASE_FILES: database_files()})
    if out_path.exists() and not force:
        raise click.ClickException(f"{out_path} already exists: give --force to overwrite it")
    rounds = db.session.scalars(sa.select(Round).order_by(Round.starts_on, Round.id)).all()
    try:
        with private_file(out_path, force=force) as fh:
            writer = csv.writer(fh)
            writer.writerow(ROUND_COLUMNS)
            for r in rounds:
                ids = ";".join(r.questionnaire_ids or ())
                writer.writerow([spreadsheet_cell(r.name), r.starts_on.isoformat(), r.ends_on.isoformat(), ids, "yes" if r.is_baseline else "no"])
    except FileExistsError:
        raise click.ClickException(f"{out_path} already exists: give --force to overwrite it") from None
    except OSError as exc:
        raise click.ClickException(f"{out_path}: cannot write: {exc.strerror}") from exc
    click.echo(f"Wrote {len(rounds)} {_plural(len(rounds), 'round')} to {out_path}.")


def _round_from_row(row: dict[str, str], known: set[str]) -> tuple[str, date, date, list[str], bool]:
    """(name, starts_on, ends_on, questionnaire ids, baseline) of one row of a rounds file, as
    `rounds create` would store them. Raises :class:`click.ClickException` saying what is
    wrong (the name, a date, a questionnaire not in ``known``, the baseline cell)."""
    from survey_app.models import Round
    from survey_app.responses.response_cells import read_help

    from survey_app.responses.export import unquote_formula
    from survey_app.responses.imports import read_date_cell

    name = _round_name(unquote_formula((row.get("name") or "").strip()), Round.__table__.c.name.type.length)
    first, last = ROUND_DATES
    when = []
    for column in ("starts_on", "ends_on"):
        cell = (row.get(column) or "").strip()
        day = read_date_cell(cell)  # a spreadsheet saves the export's 2024-03-01 as 01/03/2024
        if day is None:
            raise click.ClickException(f"{column}: '{cell[:30]}' is not a date YYYY-MM-DD or DD/MM/YYYY")
        if not first <= day <= last:
            raise click.ClickException(f"{column}: {day} is not a round date: they are from {first} to {last}")
        when.append(day)
    if when[1] < when[0]:
        raise click.ClickException("ends_on is before starts_on")
    ids = list(dict.fromkeys(q.strip() for q in (row.get("questionnaires") or "").split(";") if q.strip()))
    unknown = [q for q in ids if q not in known]
    if unknown:
        raise click.ClickException(
            f"questionnaires: no questionnaire {', '.join(repr(q) for q in unknown)} here (known: {', '.join(sorted(known))})"
        )
    try:
        baseline = bool(read_help(row.get("baseline") or ""))
    except ValueError:
        raise click.ClickException(f"baseline: '{(row.get('baseline') or '').strip()[:30]}' is not yes or no") from None
    return name, when[0], when[1], ids, baseline


@rounds_cli.command("import")
@click.argument("csv_path", type=click.Path(path_type=Path, dir_okay=False))
def rounds_import(csv_path: Path) -> None:
    """Create the rounds of a file `rounds export` wrote (e.g. in another database).

    A round already here with the same name, dates, questionnaires and baseline mark is
    skipped, so importing a file twice stores nothing twice. A row with a problem (a bad name
    or date, an unknown questionnaire, a round of that name here with other dates or
    questionnaires, a second baseline for a questionnaire) is not stored and is named with
    the reason; the other rows are stored. Rows are numbered as a spreadsheet numbers them;
    an empty row is skipped, and a date a spreadsheet saved as DD/MM/YYYY is read day first.
    """
    _require_tables()
    from analysis.sources import questionnaires_overlap, round_key
    from survey_app.extensions import db
    from survey_app.models import Response, Round
    from survey_app.questionnaire.loader import QuestionnaireError, load_all

    from survey_app.responses.imports import UNREADABLE, read_csv

    try:  # rows numbered as a spreadsheet numbers them, an empty line counting as an empty row
        data = read_csv(csv_path)
    except (OSError, csv.Error) as exc:
        raise click.ClickException(f"{csv_path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from exc
    header = data.header
    blank = [n for n, row in data.rows if not any((v or "").strip() for v in row.values())]
    rows = [(n, row) for n, row in data.rows if n not in blank]
    missing = [c for c in ROUND_COLUMNS if c not in header]
    if missing:
        what = "no header row (an empty file)" if not header else f"no column {', '.join(missing)}"
        fix = "write the file with `flask --app survey_app rounds export`"
        if len(header) == 1 and ";" in header[0]:  # a spreadsheet saving in a semicolon locale
            fix = "its columns are separated by ';': save it as 'CSV UTF-8 (comma delimited)'"
        raise click.ClickException(f"{csv_path}: {what} ({fix})")
    if twice := [c for c in ROUND_COLUMNS if header.count(c) > 1]:  # the last copy would win without a word
        raise click.ClickException(
            f"{csv_path}: " + "; ".join(f"column '{c}' appears {header.count(c)} times in the header" for c in twice)
            + " (rename the copies so it is clear which to read)"
        )
    if not rows:  # `rounds export` of a database without rounds: a move goes on
        click.echo(f"Warning: {csv_path.name} has a header and 0 rows: nothing to import.", err=True)
    try:
        known = set(load_all(current_app.config["QUESTIONNAIRES_DIR"]))
    except QuestionnaireError as exc:
        raise click.ClickException(str(exc)) from exc
    known |= set(db.session.scalars(sa.select(Response.questionnaire_id).distinct()))
    rounds = list(db.session.scalars(sa.select(Round).order_by(Round.starts_on, Round.id)))
    created = already = 0
    problems: list[str] = []
    for number, row in rows:
        label = f"row {number}" + (f" ('{(row.get('name') or '').strip()[:60]}')" if (row.get("name") or "").strip() else "")
        try:
            if UNREADABLE in row:
                raise click.ClickException(row[UNREADABLE])
            name, starts_on, ends_on, ids, baseline = _round_from_row(row, known)
            same = [r for r in rounds if round_key(r.name) == round_key(name)]
            if same:
                have = same[0]
                if (have.starts_on, have.ends_on, list(have.questionnaire_ids or ()), bool(have.is_baseline)) == (
                    starts_on, ends_on, ids, baseline
                ):
                    already += 1
                    continue
                raise click.ClickException(
                    f"a round '{have.name}' is here already with {have.starts_on} to {have.ends_on}, "
                    f"{_questionnaires_text(have.questionnaire_ids or [])}{' (baseline)' if have.is_baseline else ''}; "
                    "it is kept (change it with `rounds create` if the file is right)"
                )
            rival = next(
                (r for r in rounds if baseline and r.is_baseline and questionnaires_overlap(r.questionnaire_ids or [], ids)),
                None,
            )
            if rival is not None:
                raise click.ClickException(
                    f"'{rival.name}' is the baseline of {_questionnaires_text(rival.questionnaire_ids or [])} here "
                    "already (one baseline per questionnaire); not stored"
                )
            new = Round(name=name, starts_on=starts_on, ends_on=ends_on, questionnaire_ids=ids, is_baseline=baseline)
            try:
                with db.session.begin_nested():
                    db.session.add(new)
            except sa.exc.SQLAlchemyError as exc:
                raise click.ClickException(f"could not store it ({type(exc).__name__})") from None
            rounds.append(new)
            created += 1
        except click.ClickException as exc:
            problems.append(f"{label}: {exc.message}")
    db.session.commit()
    tail = f", skipped {already} already here" if already else ""
    tail += f", skipped {len(blank)} blank {_plural(len(blank), 'row')}" if blank else ""
    click.echo(
        f"Read {len(rows)} {_plural(len(rows), 'round')}: created {created}{tail}, "
        f"not stored {len(problems)}."
    )
    for problem in problems:
        click.echo(f"Not stored: {problem}", err=True)


@sample_cli.command("load")
def sample_load() -> None:
    """Load the real NEAS FFT sample into the ``fft`` questionnaire, once.

    Also creates the rounds "2021-22 baseline" and "2022 follow-up" over it. Running it
    again changes nothing, and nor does running it in a database the sample was moved into
    (`responses export` / `responses import`): its responses are found by what they say
    (:func:`_sample_found`), not by the file they came from.
    """
    _require_tables()
    from survey_app.extensions import db
    from survey_app.models import Response, Round

    already = db.session.scalar(
        sa.select(sa.func.count()).select_from(Response).where(Response.import_ref.like(f"{SAMPLE_CSV.name}:%"))
    )
    if already:
        click.echo(f"Sample data already loaded ({already:,} responses found, imported from {SAMPLE_CSV.name}); "
                   "nothing stored.")
        return
    found, total = _sample_found()
    if found:
        click.echo(
            f"Sample data already loaded ({found:,} of its {total:,} responses found, with the same answers, "
            "dates and services: moved from another database, or imported from a copy of the file); nothing stored."
        )
        return
    run_import("fft", SAMPLE_CSV, SAMPLE_MAPPING, None)
    for name, start, end, baseline in (
        ("2021-22 baseline", date(2021, 1, 1), date(2022, 3, 31), True),
        ("2022 follow-up", date(2022, 4, 1), date(2022, 12, 31), False),
    ):
        if db.session.scalar(sa.select(Round).where(Round.name == name)) is None:
            db.session.add(Round(name=name, starts_on=start, ends_on=end, questionnaire_ids=["fft"], is_baseline=baseline))
    db.session.commit()


def _sample_found() -> tuple[int, int]:
    """(how many of the sample's responses this database holds, how many it has): found by
    their answers, dates and services (:mod:`survey_app.responses.fingerprints`), so the
    sample is recognised after a move, which gives each response a new id, token and
    reference and, without ``--raw-text``, redacted text. Reads only the ``fft`` responses
    dated within the sample's dates, and nothing when there is no ``fft`` response (a new
    database: (0, 0))."""
    from survey_app.extensions import db
    from survey_app.models import Response
    from survey_app.responses.fingerprints import stored_fingerprints
    from survey_app.responses.imports import file_fingerprints, load_mapping

    if db.session.scalar(sa.select(Response.id).where(Response.questionnaire_id == "fft").limit(1)) is None:
        return 0, 0
    questionnaire = _questionnaire("fft")
    sample = file_fingerprints(questionnaire, SAMPLE_CSV, load_mapping(SAMPLE_MAPPING, questionnaire))
    if sample.first is None or sample.last is None:
        return 0, sample.total()
    return sample.found_in(stored_fingerprints(db.session, "fft", sample.first, sample.last)), sample.total()
