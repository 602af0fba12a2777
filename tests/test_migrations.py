"""Data migrations, run on a database of their own (SQLite, or a PostgreSQL schema of its own
with ``TEST_DATABASE_URL``): rows stored at the revision before, then upgrade and downgrade."""
from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic import command
from pg_schema import own_schema

from survey_app.db_migrate import alembic_config, current_revision, upgrade

INITIAL = "f06d9b55da96"
WORKSHOP_AUDIENCE = "ff744bf1711f"
CORRECTED_AT = "65385735a1e0"
HELP_TRISTATE = "828734e76c1e"
SAVED_AT = "3b7d2e9c4a10"
PAGES_SEEN = "3756868ab15f"
TABLET = "adc6dfff63d7"
SAMPLE_PLACEHOLDERS = "b41c7e2d9f05"


@pytest.fixture
def engine(tmp_path) -> Iterator[sa.Engine]:
    """An engine on a new, empty database (not the session's shared one)."""
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    if not url:
        eng = sa.create_engine(f"sqlite:///{tmp_path / 'migrate.sqlite3'}")
        yield eng
        eng.dispose()
        return
    with own_schema(url, "migrate") as scoped:
        eng = sa.create_engine(scoped)
        yield eng
        eng.dispose()


def _downgrade(engine: sa.Engine, revision: str) -> None:
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def _insert_version(conn, vid: int, questionnaire_id: str) -> None:
    """One questionnaire_versions row, id ``vid``, audience ``any``."""
    conn.execute(
        sa.text(
            "INSERT INTO questionnaire_versions (id, questionnaire_id, version, content_hash, title, audience, "
            "definition, created_at) VALUES (:id, :q, '1', :h, 'T', 'any', '{}', :t)"
        ),
        {"id": vid, "q": questionnaire_id, "h": f"h{vid}", "t": datetime(2025, 1, 1, tzinfo=UTC)},
    )


def _store(
    conn, version_id: int, questionnaire_id: str, audience: str, present: str | None, *, helped: bool = False
) -> int:
    """One submitted response as the import stored it before the revision, with its
    ``audience_present`` answer (none when ``present`` is None) and ``completed_with_help``
    ``helped``; returns its id."""
    when = datetime(2025, 3, 12, tzinfo=UTC)
    rid = conn.execute(
        sa.text(
            "INSERT INTO responses (questionnaire_version_id, questionnaire_id, audience, channel, locale, status, "
            "started_at, submitted_at, completed_with_help, submission_token) "
            "VALUES (:v, :q, :a, 'workshop', 'en', 'submitted', :t, :t, :help, :tok) RETURNING id"
        ),
        {"v": version_id, "q": questionnaire_id, "a": audience, "t": when, "help": helped,
         "tok": f"tok-{questionnaire_id}-{audience}-{present}"},
    ).scalar_one()
    answers = [("contribution", None, "A note")] + ([("audience_present", present, None)] if present else [])
    for qid, option, text in answers:
        conn.execute(
            sa.text("INSERT INTO answers (response_id, question_id, option_value, text_value) VALUES (:r, :q, :o, :t)"),
            {"r": rid, "q": qid, "o": option, "t": text},
        )
    return rid


def _audiences(engine: sa.Engine) -> dict[int, str]:
    with engine.connect() as conn:
        return dict(conn.execute(sa.text("SELECT id, audience FROM responses")).all())


def test_workshop_responses_take_their_audience_from_the_stored_answer_and_downgrade_restores_any(engine):
    upgrade(engine, INITIAL)
    with engine.begin() as conn:
        for vid, qid in ((1, "workshop"), (2, "other")):
            _insert_version(conn, vid, qid)
        ids = {
            "carers": _store(conn, 1, "workshop", "any", "carers"),
            "staff": _store(conn, 1, "workshop", "any", "staff"),
            "people": _store(conn, 1, "workshop", "any", "people_who_use_services"),
            "mixed": _store(conn, 1, "workshop", "any", "mixed"),
            "unanswered": _store(conn, 1, "workshop", "any", None),
            # another questionnaire with the same question id is not the workshop's
            "other": _store(conn, 2, "other", "any", "carers"),
            # an audience other than "any" was set on purpose: left alone both ways
            "set": _store(conn, 1, "workshop", "staff", "carers"),
        }
    before = _audiences(engine)
    assert set(before.values()) == {"any", "staff"}

    upgrade(engine, WORKSHOP_AUDIENCE)
    assert current_revision(engine) == WORKSHOP_AUDIENCE
    after = _audiences(engine)
    assert {name: after[rid] for name, rid in ids.items()} == {
        "carers": "carers", "staff": "staff", "people": "people_who_use_services",
        "mixed": "any", "unanswered": "any", "other": "any", "set": "staff",
    }

    _downgrade(engine, INITIAL)
    assert current_revision(engine) == INITIAL
    assert _audiences(engine) == before


def _rows(engine: sa.Engine, *queries: str) -> tuple[list[sa.Row], ...]:
    """The rows of each SQL query, in one connection."""
    with engine.connect() as conn:
        return tuple(conn.execute(sa.text(q)).all() for q in queries)


def _columns(engine: sa.Engine) -> list[str]:
    return [c["name"] for c in sa.inspect(engine).get_columns("responses")]


def test_corrected_at_is_added_empty_and_dropped_without_losing_responses_or_answers(engine):
    from survey_app.extensions import configure_sqlite

    configure_sqlite(engine)  # foreign keys on, as the app's engine has them: a copied table would cascade
    upgrade(engine, WORKSHOP_AUDIENCE)
    with engine.begin() as conn:
        _insert_version(conn, 1, "workshop")
        rid = _store(conn, 1, "workshop", "carers", "carers")
    assert "corrected_at" not in _columns(engine)

    upgrade(engine, CORRECTED_AT)
    assert current_revision(engine) == CORRECTED_AT
    assert _columns(engine)[-1] == "corrected_at"
    when = datetime(2025, 4, 1, 9, 30, tzinfo=UTC)
    with engine.begin() as conn:
        assert conn.execute(sa.text("SELECT id, corrected_at FROM responses")).all() == [(rid, None)]
        conn.execute(sa.text("UPDATE responses SET corrected_at = :t"), {"t": when})

    def stored():
        return _rows(engine, "SELECT id, audience, submission_token FROM responses",
                     "SELECT response_id, question_id, option_value, text_value FROM answers ORDER BY question_id")

    kept = stored()
    assert kept[1] == [(rid, "audience_present", "carers", None), (rid, "contribution", None, "A note")]
    _downgrade(engine, WORKSHOP_AUDIENCE)
    assert current_revision(engine) == WORKSHOP_AUDIENCE
    assert "corrected_at" not in _columns(engine)
    assert stored() == kept
    upgrade(engine, CORRECTED_AT)  # and up again: the column is back, empty
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT id, corrected_at FROM responses")).all() == [(rid, None)]


def _help_nullable(engine: sa.Engine) -> bool:
    return next(c["nullable"] for c in sa.inspect(engine).get_columns("responses") if c["name"] == "completed_with_help")


def test_completed_with_help_becomes_nullable_false_becomes_not_recorded_and_downgrade_restores_false(engine):
    """A stored false was "No" or "not answered" alike: the upgrade makes it NULL ("not
    recorded") and keeps true; the downgrade makes NULL false again and refuses NULL. Both ways
    keep every response, answer and constraint, with the app's foreign keys on (SQLite copies
    the table, which would cascade the answers away)."""
    from survey_app.extensions import configure_sqlite

    configure_sqlite(engine)
    upgrade(engine, CORRECTED_AT)
    with engine.begin() as conn:
        _insert_version(conn, 1, "workshop")
        helped = _store(conn, 1, "workshop", "carers", "carers", helped=True)
        alike = _store(conn, 1, "workshop", "staff", "staff", helped=False)
        no_answer = _store(conn, 1, "workshop", "any", None, helped=False)

    def stored():
        return _rows(engine, "SELECT id, completed_with_help FROM responses ORDER BY id",
                     "SELECT id, response_id, question_id, option_value, text_value FROM answers ORDER BY id")

    before_help, answers = stored()
    assert before_help == [(helped, True), (alike, False), (no_answer, False)]
    assert len(answers) == 5 and not _help_nullable(engine)

    upgrade(engine, HELP_TRISTATE)
    assert current_revision(engine) == HELP_TRISTATE
    assert _help_nullable(engine)
    assert stored() == ([(helped, True), (alike, None), (no_answer, None)], answers)
    with engine.begin() as conn:  # the three values a response can now hold
        conn.execute(sa.text("UPDATE responses SET completed_with_help = :h WHERE id = :r"), {"h": False, "r": alike})
    with engine.begin() as conn, pytest.raises(sa.exc.IntegrityError):  # the table's checks came through the copy
        conn.execute(sa.text("UPDATE responses SET channel = 'fax' WHERE id = :r"), {"r": helped})
    assert stored()[0] == [(helped, True), (alike, False), (no_answer, None)]

    _downgrade(engine, CORRECTED_AT)
    assert current_revision(engine) == CORRECTED_AT
    assert not _help_nullable(engine)
    assert stored() == ([(helped, True), (alike, False), (no_answer, False)], answers)
    with engine.begin() as conn, pytest.raises(sa.exc.IntegrityError):
        conn.execute(sa.text("UPDATE responses SET completed_with_help = NULL WHERE id = :r"), {"r": helped})
    with engine.begin() as conn, pytest.raises(sa.exc.IntegrityError):  # the answers still point at their responses
        conn.execute(sa.text("INSERT INTO answers (response_id, question_id) VALUES (9999, 'x')"))

    upgrade(engine, HELP_TRISTATE)  # and up again
    assert stored() == ([(helped, True), (alike, None), (no_answer, None)], answers)


@pytest.mark.parametrize(
    ("column", "before", "revision", "value", "kind"),
    [
        # when a draft was last saved, for ``purge-drafts``
        ("saved_at", HELP_TRISTATE, SAVED_AT, datetime(2025, 3, 13, tzinfo=UTC), sa.DateTime(timezone=True)),
        # the pages a draft's respondent passed with Continue, for resuming it
        ("pages_seen", SAVED_AT, PAGES_SEEN, ["before_you_start", "your_experience"], sa.JSON()),
    ],
)
def test_a_new_responses_column_is_added_empty_and_dropped_without_losing_responses_or_answers(
    engine, column, before, revision, value, kind
):
    """A nullable column added to ``responses`` comes in NULL for every stored response, takes
    a value, and goes again with the app's foreign keys on, answers kept."""
    from survey_app.extensions import configure_sqlite

    configure_sqlite(engine)
    upgrade(engine, before)
    with engine.begin() as conn:
        _insert_version(conn, 1, "workshop")
        rid = _store(conn, 1, "workshop", "carers", "carers")
    assert column not in _columns(engine)

    def stored():
        return _rows(engine, "SELECT id, audience, started_at FROM responses",
                     "SELECT id, response_id, question_id, option_value, text_value FROM answers ORDER BY id")

    kept = stored()
    upgrade(engine, revision)
    assert current_revision(engine) == revision
    assert _columns(engine)[-1] == column
    responses = sa.table("responses", sa.column("id"), sa.column(column, kind))
    with engine.begin() as conn:
        assert conn.execute(sa.select(responses.c.id, responses.c[column])).all() == [(rid, None)]
        conn.execute(sa.update(responses).values({column: value}))
        assert conn.execute(sa.select(responses.c[column])).scalar_one() is not None
    _downgrade(engine, before)
    assert column not in _columns(engine)
    assert stored() == kept and len(kept[1]) == 2


def _set_channel(engine: sa.Engine, rid: int, channel: str) -> None:
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE responses SET channel = :c WHERE id = :r"), {"c": channel, "r": rid})


def test_channel_tablet_is_allowed_after_the_upgrade_and_stored_as_online_after_the_downgrade(engine):
    """A response sent from a kiosk tablet is stored with channel ``tablet`` (the FFT counts per
    collection mode): the upgrade widens the CHECK constraint and changes no stored channel; the
    downgrade stores ``tablet`` as ``online`` (as before) and refuses it again. Both ways keep every
    response, answer and the other checks, with the app's foreign keys on (SQLite copies the table)."""
    from survey_app.extensions import configure_sqlite

    configure_sqlite(engine)
    upgrade(engine, PAGES_SEEN)
    with engine.begin() as conn:
        _insert_version(conn, 1, "workshop")
        web = _store(conn, 1, "workshop", "carers", "carers")
        paper = _store(conn, 1, "workshop", "staff", "staff")
    _set_channel(engine, web, "online")
    _set_channel(engine, paper, "paper")
    with pytest.raises(sa.exc.IntegrityError):  # not yet a channel
        _set_channel(engine, web, "tablet")

    def stored():
        return _rows(engine, "SELECT id, channel, audience, submission_token FROM responses ORDER BY id",
                     "SELECT id, response_id, question_id, option_value, text_value FROM answers ORDER BY id")

    before, answers = stored()
    assert [(r[0], r[1]) for r in before] == [(web, "online"), (paper, "paper")] and len(answers) == 4

    upgrade(engine, TABLET)
    assert current_revision(engine) == TABLET
    assert stored() == (before, answers)  # no stored channel changes
    _set_channel(engine, web, "tablet")
    assert [(r[0], r[1]) for r in stored()[0]] == [(web, "tablet"), (paper, "paper")]
    with pytest.raises(sa.exc.IntegrityError):  # the constraint is still there, only wider
        _set_channel(engine, web, "fax")
    with engine.begin() as conn, pytest.raises(sa.exc.IntegrityError):  # the status check came through the copy
        conn.execute(sa.text("UPDATE responses SET status = 'lost' WHERE id = :r"), {"r": web})

    _downgrade(engine, PAGES_SEEN)
    assert current_revision(engine) == PAGES_SEEN
    assert stored() == (before, answers)  # tablet stored as online again, answers kept
    with pytest.raises(sa.exc.IntegrityError):
        _set_channel(engine, paper, "tablet")
    with engine.begin() as conn, pytest.raises(sa.exc.IntegrityError):  # the answers still point at their responses
        conn.execute(sa.text("INSERT INTO answers (response_id, question_id) VALUES (9999, 'x')"))

    upgrade(engine, TABLET)  # and up again
    _set_channel(engine, paper, "tablet")
    assert [(r[0], r[1]) for r in stored()[0]] == [(web, "online"), (paper, "tablet")]


def test_the_samples_placeholders_are_deleted_and_nothing_else(engine):
    """The NEAS sample's "Did not answer" (the export's placeholder, stored as a comment by the
    mapping before) goes, and so does a sample response left with no answer; the same words
    typed by someone, or in a response imported from another file, stay."""
    upgrade(engine, TABLET)
    with engine.begin() as conn:
        _insert_version(conn, 1, "fft")
        ids = {}
        for name, ref, answers in (
            ("mixed", "neas_fft_sample.csv:2:NEAS 1 - Q1 c=0123456789ab",
             [("fft", "good", None), ("what_was_good", None, "Did not answer"), ("what_could_be_better", None, "Kind")]),
            ("only", "neas_fft_sample.csv:308:NEAS 2 - Q2 c=0123456789ab", [("what_could_be_better", None, "Did not answer")]),
            ("moved", "fft.csv:5:17 c=0123456789ab", [("what_was_good", None, "Did not answer")]),
            ("web", None, [("what_was_good", None, "Did not answer")]),
        ):
            ids[name] = conn.execute(sa.text(
                "INSERT INTO responses (questionnaire_version_id, questionnaire_id, audience, channel, locale, status, "
                "started_at, submitted_at, submission_token, import_ref) "
                "VALUES (1, 'fft', 'any', 'import', 'en', 'submitted', :t, :t, :tok, :ref) RETURNING id"),
                {"t": datetime(2022, 2, 10, tzinfo=UTC), "tok": f"tok-{name}", "ref": ref}).scalar_one()
            for qid, option, text in answers:
                conn.execute(sa.text("INSERT INTO answers (response_id, question_id, option_value, text_value) "
                                     "VALUES (:r, :q, :o, :t)"), {"r": ids[name], "q": qid, "o": option, "t": text})
    upgrade(engine, SAMPLE_PLACEHOLDERS)
    with engine.connect() as conn:
        kept = conn.execute(sa.text("SELECT r.id, a.question_id, a.text_value FROM responses r "
                                    "LEFT JOIN answers a ON a.response_id = r.id ORDER BY r.id, a.question_id")).all()
    assert kept == [
        (ids["mixed"], "fft", None), (ids["mixed"], "what_could_be_better", "Kind"),
        (ids["moved"], "what_was_good", "Did not answer"), (ids["web"], "what_was_good", "Did not answer"),
    ]
    _downgrade(engine, TABLET)
    assert current_revision(engine) == TABLET


def test_the_sample_placeholder_revision_is_the_latest(engine):
    """The newest migration, which a new database is upgraded to."""
    upgrade(engine)
    assert current_revision(engine) == SAMPLE_PLACEHOLDERS
