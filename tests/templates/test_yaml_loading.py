"""Safe YAML loading: positions for every key and item, and clean findings for bad input."""

from __future__ import annotations

from marketo_ops.templates.yamlsource import MAX_NODES, Position, load_yaml

DOC = """\
format_version: 1
program:
  name: Demo
  tokens:
    - name: A
      value: 10
    - name: B
emails: []
"""


def test_positions_of_keys_and_sequence_items() -> None:
    loaded = load_yaml(DOC, "program.yaml")
    assert loaded.findings == []
    source = loaded.source
    assert source.locate(("program", "name")) == Position(3, 3)
    assert source.locate(("program", "tokens", 0)) == Position(5, 7)
    assert source.locate(("program", "tokens", 1, "name")) == Position(7, 7)
    # a missing key is placed at its nearest parent
    assert source.locate(("program", "tokens", 1, "type")) == Position(7, 7)
    assert source.locate(("nothing", "here")) == Position(1, 1)


def test_values_keep_yaml_types_but_dates_stay_text() -> None:
    loaded = load_yaml("a: 2025-01-31\nb: 10\nc: yes\nd: ~\ne: 1.5\n", "x.yaml")
    assert loaded.data == {"a": "2025-01-31", "b": 10, "c": True, "d": None, "e": 1.5}


def test_merge_keys_are_expanded_and_explicit_keys_win() -> None:
    text = "base: &base {a: 1, b: 2}\nchild:\n  <<: *base\n  b: 3\n"
    loaded = load_yaml(text, "x.yaml")
    assert loaded.findings == []
    assert loaded.data["child"] == {"a": 1, "b": 3}


def test_duplicate_key_is_a_finding_and_the_first_value_is_kept() -> None:
    loaded = load_yaml("a: 1\nb: 2\na: 3\n", "x.yaml")
    assert loaded.data == {"a": 1, "b": 2}
    [finding] = loaded.findings
    assert (finding.code, finding.line, finding.column, finding.field) == (
        "duplicate-key",
        3,
        1,
        "a",
    )
    assert finding.message == (
        "duplicate key 'a' (first defined on line 1); YAML would silently keep only the last one"
    )


def test_python_tags_are_refused_not_executed() -> None:
    loaded = load_yaml("a: !!python/object/apply:os.system ['false']\n", "x.yaml")
    assert loaded.data == {"a": None}
    [finding] = loaded.findings
    assert finding.code == "yaml-tag"
    assert finding.message == "unsupported YAML tag tag:yaml.org,2002:python/object/apply:os.system"


def test_alias_bomb_is_stopped() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    loaded = load_yaml("\n".join(lines) + "\n", "x.yaml")
    assert loaded.data is None
    [finding] = loaded.findings
    assert finding.code == "yaml-too-large"
    assert str(MAX_NODES) in finding.message


def test_deep_nesting_is_a_finding_not_a_crash() -> None:
    loaded = load_yaml("[" * 3000, "x.yaml")
    assert [f.code for f in loaded.findings] == ["yaml-too-large"]


def test_syntax_error_names_line_and_column() -> None:
    loaded = load_yaml("a: [1, 2\nb: 3\n", "x.yaml")
    [finding] = loaded.findings
    assert (finding.code, finding.line, finding.column) == ("yaml-syntax", 2, 2)
    assert finding.message.startswith("invalid YAML: while parsing a flow sequence; expected ','")


def test_several_documents_are_refused() -> None:
    loaded = load_yaml("a: 1\n---\nb: 2\n", "x.yaml")
    [finding] = loaded.findings
    assert finding.message == (
        "invalid YAML: expected a single document in the stream; but found another document"
    )


def test_non_scalar_keys_are_refused() -> None:
    loaded = load_yaml("? [a, b]\n: c\nd: 1\n", "x.yaml")
    assert loaded.data == {"d": 1}
    assert [f.code for f in loaded.findings] == ["yaml-key"]
