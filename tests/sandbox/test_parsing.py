"""Unit tests: lenient JSON, command-line value parsers, template HTML, Marketo timestamps."""

from __future__ import annotations

import pytest

from marketo_ops.sandbox import parse_faults, parse_latency, parse_rate_limit
from marketo_ops.sandbox.domain.html import parse_template
from marketo_ops.sandbox.lenient import LenientJSONError, loads
from marketo_ops.sandbox.timefmt import marketo_timestamp, parse_datetime


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"id": 12, "type": "Folder"}', {"id": 12, "type": "Folder"}),
        ("{'id': 12, 'type': Folder}", {"id": 12, "type": "Folder"}),
        ("{id: 12, type: Program}", {"id": 12, "type": "Program"}),
        ('{"id":1056,"type"="Folder"}', {"id": 1056, "type": "Folder"}),
        (
            "[{'tagType': 'Region', 'tagValue': 'EMEA'}]",
            [{"tagType": "Region", "tagValue": "EMEA"}],
        ),
        (
            "{'a': True, 'b': None, 'c': 1.5, 'd': 'it\\'s'}",
            {"a": True, "b": None, "c": 1.5, "d": "it's"},
        ),
        ("{'channel': Email Send}", {"channel": "Email Send"}),
        ("[1, 2,]", [1, 2]),
    ],
)
def test_lenient_json(text: str, expected: object) -> None:
    assert loads(text) == expected


@pytest.mark.parametrize("text", ["{", "{'id': 1", "{'id' 1}", "[1, 2", ""])
def test_lenient_json_still_rejects_garbage(text: str) -> None:
    with pytest.raises((LenientJSONError, ValueError)):
        loads(text)


def test_cli_value_parsers() -> None:
    assert parse_latency("150") == (150, 150)
    assert parse_latency("50-300") == (50, 300)
    assert parse_rate_limit("100/20") == (100, 20)
    assert parse_faults("604=0.1,502=0.05,drop=0.01,713") == {
        "604": 0.1,
        "http502": 0.05,
        "drop": 0.01,
        "713": 1.0,
    }
    for bad in ("fast", "300-50"):
        with pytest.raises(ValueError, match="latency"):
            parse_latency(bad)
    with pytest.raises(ValueError, match="CALLS/SECONDS"):
        parse_rate_limit("0/20")
    with pytest.raises(ValueError, match="unknown fault"):
        parse_faults("700=0.1")
    with pytest.raises(ValueError, match="must be a number"):
        parse_faults("604=often")


def test_template_sections_and_variables() -> None:
    info = parse_template(
        '<html><head><meta class="mktoColor" id="bg" default="#fff"/></head><body>'
        '<div class="mktoContainer" id="c"><table class="mktoModule" id="hero"><tr><td>'
        '<div class="mktoText" id="headline">Big <b>news</b></div>'
        '<img class="mktoImg" id="pic" src="a.png"></td></tr></table></div></body></html>'
    )
    assert [(s.html_id, s.content_type) for s in info.sections] == [
        ("headline", "Text"),
        ("pic", "Image"),
    ]
    assert info.sections[0].html == "Big <b>news</b>"
    assert info.sections[0].text == "Big news"
    assert [(v.name, v.default) for v in info.variables] == [("bg", "#fff")]
    assert info.modules == ["hero"]
    assert info.version == 2
    assert parse_template('<div class="mktEditable" id="x">y</div>').version == 1


def test_timestamps() -> None:
    assert marketo_timestamp(0) == "1970-01-01T00:00:00Z+0000"
    assert parse_datetime("1970-01-01T00:00:00Z+0000") == 0
    assert parse_datetime("2017-01-01T00:00:00-05:00") == parse_datetime("2017-01-01T05:00:00Z")
    assert parse_datetime("2017-01-01") == parse_datetime("2017-01-01T00:00:00+0000")
    assert parse_datetime("tomorrow") is None
