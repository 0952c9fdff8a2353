"""What an export cannot read is never dropped in silence: template variables are named."""

from __future__ import annotations

from pathlib import Path

from marketo_ops import Marketo


def test_an_email_on_a_template_with_variables_is_named_as_a_placeholder(
    sandbox_client: Marketo, template_copy, tmp_path: Path
) -> None:
    path = template_copy()
    html = path / "email-templates" / "quick-start.html"
    html.write_text(
        html.read_text().replace(
            '<meta charset="utf-8">',
            '<meta charset="utf-8">\n  <meta class="mktoString" id="cta" mktoName="CTA" '
            'default="Call sales">',
        )
    )
    sandbox_client.importer.plan(path).apply(journal=tmp_path / "j.json")

    result = sandbox_client.importer.export("OP-Lead Management", tmp_path / "out")

    assert any(
        p.startswith("template variables of email '01 - Email - ALERT - MQL'")
        for p in result.placeholders
    ), result.placeholders
