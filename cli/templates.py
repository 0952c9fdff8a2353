"""``marketo-ops templates``: the built-in program templates, listed and shown."""

from __future__ import annotations

from typing import Any

import click

from .application import EXIT_USAGE, App, pass_app


@click.group("templates")
def templates() -> None:
    """Built-in program templates (usable by short name in validate and import)."""


@templates.command("list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_app
def list_templates(app: App, as_json: bool) -> None:
    """List the built-in templates with their description."""
    from marketo_ops.templates import list_builtin_templates

    found = list_builtin_templates()
    if as_json:
        app.terminal.json(
            [{"name": t.name, "description": t.description, "path": str(t.path)} for t in found]
        )
        return
    if not found:
        app.terminal.warning("No built-in templates are installed.")
        return
    width = max(len(t.name) for t in found)
    lines = [f"{'NAME'.ljust(width)}  DESCRIPTION"]
    lines += [f"{t.name.ljust(width)}  {t.description}" for t in found]
    stream = app.terminal.out.file
    stream.write("\n".join(lines) + "\n")
    stream.flush()


@templates.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_app
def show_template(app: App, name: str, as_json: bool) -> None:
    """Show what a template contains, before importing it.

    NAME is a built-in template's short name or a template folder. Prints the program, its
    naming variables, what the instance must already have (channel, tags, lead fields,
    segmentations), the My Tokens, the assets as a tree, and each smart campaign's triggers,
    filters and flow steps. Names are shown with the variables' default values.
    """
    from marketo_ops.templates import (
        ProgramTemplate,
        TemplateError,
        TemplateNotFoundError,
        resolve_template,
    )
    from marketo_ops.templates.outline import template_outline

    try:
        template = ProgramTemplate.load(resolve_template(name))
    except TemplateNotFoundError as exc:
        app.abort(str(exc), code=EXIT_USAGE)
    except TemplateError as exc:
        app.abort(f"{exc}\nRun 'marketo-ops validate {name}' for every problem.")
    outline = template_outline(template)
    if as_json:
        app.terminal.json(outline)
        return
    stream = app.terminal.out.file
    stream.write("\n".join(render_outline(outline)) + "\n")
    stream.flush()


def render_outline(outline: dict[str, Any]) -> list[str]:
    """The outline as plain text lines (never wrapped, so it can be grepped and diffed)."""
    program = outline["program"]
    title = f"Template {outline['name']}"
    lines = [f"{title}: {outline['description']}" if outline["description"] else title, ""]
    lines += ["Program", f"  {program['name']} ({program['type']} program)"]
    lines.append(f"  Channel: {program['channel']}")
    if program["statuses"]:
        lines.append(f"  Statuses: {', '.join(program['statuses'])}")
    if program["tags"]:
        lines.append("  Tags: " + ", ".join(_tag(t) for t in program["tags"]))
    lines += ["", "Naming variables"]
    lines += [_variable(v) for v in outline["variables"]] or ["  (none)"]
    lines += ["", "Prerequisites", *_prerequisites(outline["prerequisites"])]
    lines += ["", f"My Tokens ({len(outline['tokens'])})"]
    lines += [_token_line(t) for t in outline["tokens"]] or ["  (none)"]
    lines += ["", "Assets", f"  {_node(outline['assets']['program'])}"]
    lines += _tree(outline["assets"]["program"]["children"], "  ")
    design = outline["assets"]["design_studio"]
    if design:
        lines.append("  Design Studio")
        for i, item in enumerate(design):
            branch = "└── " if i == len(design) - 1 else "├── "
            lines.append(f"  {branch}{item['folder']}/{item['name']} ({item['kind']})")
    lines += ["", f"Smart campaigns ({len(outline['smart_campaigns'])})"]
    for campaign in outline["smart_campaigns"]:
        lines += _campaign(campaign)
    return lines


def _tag(tag: dict[str, str]) -> str:
    return f"{tag['tag_type']} = {tag['value']}"


def _variable(variable: dict[str, Any]) -> str:
    text = f"  {{{{ {variable['name']} }}}}"
    if variable.get("default") is not None:
        text += f" = {variable['default']}"
    if variable.get("description"):
        text += f": {variable['description']}"
    if variable.get("pattern"):
        text += f" (pattern {variable['pattern']})"
    if variable.get("values"):
        text += f" (one of {', '.join(variable['values'])})"
    return text


def _prerequisites(prerequisites: dict[str, Any]) -> list[str]:
    channel = prerequisites["channel"]
    text = f"  Channel {channel['name']} for {channel['program_type']} programs"
    if channel["statuses"]:
        text += f", with statuses {', '.join(channel['statuses'])}"
    lines = [text]
    lines += [f"  Tag {_tag(tag)}" for tag in prerequisites["tags"]]
    for field in prerequisites["fields"]:
        how = (
            "the API can create it (--create-prerequisites)"
            if field["creatable"]
            else "an admin creates it in Admin > Field Management"
        )
        lines.append(
            f"  Lead field {field['display_name']} ({field['name']}, {field['type']}): {how}"
        )
    lines += [
        f"  Segmentation {name} (approved): an admin creates it in Database"
        for name in prerequisites["segmentations"]
    ]
    return lines


def _token_line(token: dict[str, Any]) -> str:
    value = token.get("value")
    shown = " ".join(value.split()) if value is not None else f"(from {token.get('file')})"
    return f"  {{{{my.{token['name']}}}}} ({token['type']}): {shown}"


def _node(node: dict[str, Any]) -> str:
    return f"{node['name']} ({node['kind']})" if node["kind"] != "folder" else f"{node['name']}/"


def _tree(children: list[dict[str, Any]], indent: str) -> list[str]:
    lines = []
    for i, child in enumerate(children):
        last = i == len(children) - 1
        lines.append(f"{indent}{'└── ' if last else '├── '}{_node(child)}")
        lines += _tree(child["children"], indent + ("    " if last else "│   "))
    return lines


def _campaign(campaign: dict[str, Any]) -> list[str]:
    facts = [campaign["kind"]]
    if campaign["folder"]:
        facts.append(f"in {campaign['folder']}")
    if campaign["qualification"]:
        facts.append(f"each person {campaign['qualification']}")
    if campaign["activate"]:
        facts.append("activate")
    lines = [f"  {campaign['name']} ({', '.join(facts)})"]
    lines += [f"    Trigger: {rule}" for rule in campaign["triggers"]]
    lines += [f"    Filter {n}: {rule}" for n, rule in enumerate(campaign["filters"], start=1)]
    if campaign["filter_logic"]:
        lines.append(f"    {campaign['filter_logic']}")
    lines += [f"    Flow {n}: {step}" for n, step in enumerate(campaign["flow"], start=1)]
    return lines
