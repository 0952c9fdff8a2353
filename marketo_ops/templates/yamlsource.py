"""Safe YAML loading that remembers where every key and item came from.

PyYAML's ``safe_load`` forgets positions, silently keeps the last of two duplicate keys and
turns ``2024-01-01`` into a ``date``. Templates are reviewed by people, so we compose the node
graph with a SafeLoader and build plain data ourselves: every mapping key and sequence item gets
its line and column, duplicate keys become findings, timestamps stay strings (pydantic parses the
fields that really are dates), and only the YAML core types are accepted, never Python tags.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .findings import FieldPath, Finding, make_finding

MAX_NODES = 50_000
"""Alias expansion guard: a "billion laughs" document must become a finding, not a hang."""

MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
MERGE_TAG = "tag:yaml.org,2002:merge"
SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


class _Loader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver: dates stay text until a model asks for one."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass
class SourceMap:
    """Field path -> position in one YAML file; unknown paths fall back to their parent."""

    file: str
    positions: dict[FieldPath, Position] = field(default_factory=dict)

    def locate(self, path: FieldPath) -> Position:
        for end in range(len(path), -1, -1):
            found = self.positions.get(tuple(path[:end]))
            if found is not None:
                return found
        return Position(1, 1)

    def finding(self, path: FieldPath, code: str, message: str, **kwargs: Any) -> Finding:
        """A finding placed at ``path`` in this file."""
        pos = self.locate(path)
        return make_finding(self.file, pos.line, pos.column, code, message, field=path, **kwargs)


@dataclass
class Spans:
    """Where each scalar value lies in the text, to name the field at an offset."""

    items: list[tuple[int, int, FieldPath]] = field(default_factory=list)

    def field_at(self, offset: int) -> FieldPath:
        best: tuple[int, FieldPath] | None = None
        for start, end, path in self.items:
            if start <= offset <= end and (best is None or end - start < best[0]):
                best = (end - start, path)
        return best[1] if best is not None else ()


@dataclass
class LoadedYaml:
    data: Any
    source: SourceMap
    findings: list[Finding]
    spans: Spans = field(default_factory=Spans)


class _TooLarge(Exception):
    pass


def read_text_file(
    path: Path, display: str, *, max_bytes: int | None = None, limit_note: str = ""
) -> tuple[str | None, Finding | None]:
    """Read a UTF-8 text file, turning every OS or encoding failure into a finding.

    With ``max_bytes``, a larger file is a finding found from its size alone: it is never read.
    """
    try:
        if max_bytes is not None:
            size = path.stat().st_size
            if size > max_bytes:
                from .files import size_text

                message = f"is {size_text(size)}; {limit_note} {size_text(max_bytes)}".rstrip()
                return None, make_finding(display, 1, 1, "file-too-large", message)
        raw = path.read_bytes()
    except IsADirectoryError:
        return None, make_finding(display, 1, 1, "unreadable-file", "is a directory, not a file")
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return None, make_finding(display, 1, 1, "unreadable-file", f"cannot be read: {reason}")
    if b"\x00" in raw[:8192]:
        return None, make_finding(
            display, 1, 1, "not-text", "is a binary file, not UTF-8 text (it contains NUL bytes)"
        )
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, make_finding(
            display, line, 1, "not-text", f"is not UTF-8 text (invalid byte at offset {exc.start})"
        )


#: What YAML refuses to read anywhere in a document (PyYAML's Reader.NON_PRINTABLE).
NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def load_yaml(text: str, display: str) -> LoadedYaml:
    """Parse one YAML document into plain data plus positions; never raises on bad input.

    Characters YAML does not allow (a control character pasted into a name...) are each a
    finding at their line and field; the document is then read without them, so that every
    other problem of the file is still reported.
    """
    bad = list(NON_PRINTABLE.finditer(text))
    if not bad:
        return _load_clean(text, display)
    cleaned = NON_PRINTABLE.sub("", text)
    loaded = _load_clean(cleaned, display)
    for removed, match in enumerate(bad):
        offset = match.start()
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        path = loaded.spans.field_at(offset - removed)
        loaded.findings.append(
            make_finding(
                display,
                line,
                column,
                "control-character",
                f"{_character(match.group())} is not allowed in YAML (and invisible in most "
                "editors); delete it",
                field=path,
            )
        )
    return loaded


def _character(char: str) -> str:
    from .lookalike import describe

    return f"the control character {describe(char)}"


def _load_clean(text: str, display: str) -> LoadedYaml:
    source = SourceMap(display)
    findings: list[Finding] = []
    spans = Spans()
    try:
        loader = _Loader(text)
    except yaml.YAMLError as exc:  # the reader refuses the text as a whole
        findings.append(make_finding(display, 1, 1, "yaml-syntax", _clean(str(exc))))
        return LoadedYaml(None, source, findings, spans)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            findings.append(_yaml_error_finding(exc, display))
            return LoadedYaml(None, source, findings, spans)
        except yaml.YAMLError as exc:  # ReaderError and friends carry no mark object
            findings.append(make_finding(display, 1, 1, "yaml-syntax", _clean(str(exc))))
            return LoadedYaml(None, source, findings, spans)
        except RecursionError:
            findings.append(_too_deep(display))
            return LoadedYaml(None, source, findings, spans)
        if node is None:
            return LoadedYaml(None, source, findings, spans)
        builder = _Builder(loader, source, findings, spans)
        try:
            data = builder.build(node, ())
        except _TooLarge:
            findings.append(
                make_finding(
                    display,
                    1,
                    1,
                    "yaml-too-large",
                    f"the document expands to more than {MAX_NODES} values "
                    "(anchors and aliases are limited)",
                )
            )
            return LoadedYaml(None, source, findings, spans)
        except RecursionError:
            findings.append(_too_deep(display))
            return LoadedYaml(None, source, findings, spans)
        return LoadedYaml(data, source, findings, spans)
    finally:
        loader.dispose()


def _too_deep(display: str) -> Finding:
    return make_finding(display, 1, 1, "yaml-too-large", "the document is nested too deeply")


def _yaml_error_finding(exc: yaml.MarkedYAMLError, display: str) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    parts = [p for p in (exc.context, exc.problem) if p]
    message = "invalid YAML: " + _clean("; ".join(parts) or "syntax error")
    return make_finding(display, line, column, "yaml-syntax", message)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class _Builder:
    def __init__(
        self, loader: _Loader, source: SourceMap, findings: list[Finding], spans: Spans
    ) -> None:
        self.loader = loader
        self.source = source
        self.findings = findings
        self.spans = spans
        self.count = 0

    def _mark(self, path: FieldPath, node: Node) -> None:
        self.source.positions.setdefault(
            path, Position(node.start_mark.line + 1, node.start_mark.column + 1)
        )

    def _error(self, node: Node, path: FieldPath, code: str, message: str) -> None:
        self.findings.append(
            make_finding(
                self.source.file,
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                code,
                message,
                field=path,
            )
        )

    def build(self, node: Node, path: FieldPath) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooLarge
        self._mark(path, node)
        if isinstance(node, MappingNode):
            if node.tag != MAP_TAG:
                self._error(node, path, "yaml-tag", f"unsupported YAML tag {node.tag}")
                return None
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            if node.tag != SEQ_TAG:
                self._error(node, path, "yaml-tag", f"unsupported YAML tag {node.tag}")
                return None
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if isinstance(node, ScalarNode):
            self.spans.items.append((node.start_mark.index, node.end_mark.index, path))
        if not isinstance(node, ScalarNode) or node.tag not in SCALAR_TAGS:
            self._error(node, path, "yaml-tag", f"unsupported YAML tag {node.tag}")
            return None
        try:
            return self.loader.construct_object(node)
        except yaml.YAMLError as exc:
            self._error(node, path, "yaml-syntax", _clean(str(exc)))
            return None

    def _pairs(self, node: MappingNode, path: FieldPath) -> Iterator[tuple[str, Node, Node]]:
        """Key/value pairs with ``<<`` merge keys expanded (explicit keys win, as in YAML)."""
        merged: list[tuple[str, Node, Node]] = []
        own: list[tuple[str, Node, Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                for source in sources:
                    if isinstance(source, MappingNode) and source.tag == MAP_TAG:
                        merged.extend(self._pairs(source, path))
                    else:
                        self._error(value_node, path, "yaml-merge", "<< must merge a mapping")
                continue
            if not isinstance(key_node, ScalarNode):
                self._error(key_node, path, "yaml-key", "mapping keys must be plain text")
                continue
            own.append((str(key_node.value), key_node, value_node))
        seen = {k for k, _, _ in own}
        for key, key_node, value_node in merged:
            if key not in seen:  # the first merged mapping wins, as in YAML
                seen.add(key)
                yield key, key_node, value_node
        yield from own

    def _mapping(self, node: MappingNode, path: FieldPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key, key_node, value_node in self._pairs(node, path):
            child = (*path, key)
            if key in result and key in first_line:
                self._error(
                    key_node,
                    child,
                    "duplicate-key",
                    f"duplicate key '{key}' (first defined on line {first_line[key]}); "
                    "YAML would silently keep only the last one",
                )
                continue
            self._mark(child, key_node)
            self.spans.items.append((key_node.start_mark.index, key_node.end_mark.index, child))
            first_line[key] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, child)
        return result
