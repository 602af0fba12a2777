"""`make report` end to end: the real NEAS sample loaded into the store, then the report of its
"2022 follow-up" round against its baseline, as the README's command makes it."""
from analysis.cli import main


def test_the_sample_round_report_builds(app, database_url, tmp_path):
    # `make report` crashed on a share the report publishes as "<1%" (5 of 1,266 comments on a
    # priority), which its chart read as a number; no smaller test data had such a share
    loaded = app.test_cli_runner().invoke(args=["sample", "load"])
    assert loaded.exit_code == 0, loaded.output
    out, html = tmp_path / "sample.pdf", tmp_path / "sample.html"
    args = ["report", "--db", database_url, "--round", "2022 follow-up", "--out", str(out), "--html", str(html)]
    assert main([*args, "--quiet"]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    page = html.read_text(encoding="utf-8")
    assert "Summary: the nine priorities at a glance" in page and "2021-22 baseline" in page
