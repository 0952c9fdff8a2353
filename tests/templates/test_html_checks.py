"""HTML that Marketo would refuse or that content cannot target."""

from __future__ import annotations

from pathlib import Path

from marketo_ops.templates import validate_template

BASE = """\
format_version: 1
program: {name: HTML checks, channel: Operational}
email_templates:
  - {name: T, file: t.html}
"""


def findings(folder: Path) -> list[tuple[str, str, str, int, str]]:
    report = validate_template(folder)
    return [
        (Path(f.file).name, f.severity.value, f.code, f.line, f.message) for f in report.findings
    ]


def test_v2_module_outside_a_container(make_template) -> None:
    html = (
        '<div class="mktoContainer" id="main">\n'
        '  <table class="mktoModule" id="hero" mktoName="Hero"><tr><td>x</td></tr></table>\n'
        "</div>\n"
        '<table class="mktoModule" id="stray" mktoName="Stray"><tr><td>y</td></tr></table>\n'
    )
    assert findings(make_template(BASE, {"t.html": html})) == [
        (
            "t.html",
            "error",
            "module-outside-container",
            4,
            "mktoModule 'stray' is not inside a mktoContainer; Marketo's Email Editor 2.0 rejects "
            "such templates",
        ),
    ]


def test_editable_without_id_and_duplicate_ids(make_template) -> None:
    html = (
        '<div class="mktEditable">a</div>\n'
        '<div class="mktEditable" id="x">b</div>\n'
        '<div class="mktoText" id="x" mktoName="X">c</div>\n'
    )
    assert findings(make_template(BASE, {"t.html": html})) == [
        (
            "t.html",
            "error",
            "editable-without-id",
            1,
            "mktEditable element in email template 'T' has no id; Marketo addresses every "
            "editable section by its id",
        ),
        (
            "t.html",
            "error",
            "duplicate-section-id",
            2,
            "editable id 'x' is used 2 times in email template 'T'; section ids must be unique",
        ),
    ]


def test_sloppy_html_is_still_scanned(make_template) -> None:
    html = "<p><div class='mktEditable' id=main>unclosed <b>tags<table>"
    assert findings(make_template(BASE, {"t.html": html})) == []


LP = """\
format_version: 1
program: {name: LP checks, channel: Operational}
landing_page_templates:
  - {name: Guided, file: guided.html, type: guided}
  - {name: Free, file: free.html, type: freeForm}
landing_pages:
  - name: Page
    template: Guided
    content:
      hero: {html: <p>x</p>}
"""


def test_landing_page_templates(make_template) -> None:
    folder = make_template(
        LP,
        {
            "guided.html": '<div class="mktoText" id="body">Body</div>\n',
            "free.html": "<body><p>No content area</p></body>\n",
        },
    )
    assert findings(folder) == [
        (
            "free.html",
            "warning",
            "no-editable-section",
            1,
            "free-form landing-page template 'Free' has no <div id=\"mktoContent\">, where Marketo "
            "places the page's elements",
        ),
        (
            "guided.html",
            "warning",
            "missing-mktoname",
            1,
            "mktoText 'body' has no mktoName; the landing page editor shows it without a label",
        ),
        (
            "program.yaml",
            "error",
            "unknown-section",
            10,
            "landing-page template 'Guided' has no editable element 'hero'; its elements are: body",
        ),
    ]
