"""Plain-text rendering of plans, verifications and the imported program (Terraform style).

No colour and no terminal library here: the CLI decorates these lines, scripts and CI logs
read them as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..templates import ConflictRules
from .kinds.email import EMAILS
from .kinds.landing_page import PAGES
from .kinds.smart_campaign import CAMPAIGNS
from .kinds.token import TOKENS
from .model import Action, Op
from .rules import describe_rules

if TYPE_CHECKING:
    from .plan import Plan
    from .snapshot import Snapshot
    from .verify import VerifyReport


def action_line(action: Action) -> str:
    name = f"'{action.name}'"
    if action.template_name and action.kind.value != "token":
        name += f" (template entry '{action.template_name}')"
    return f"{action.op.symbol} {action.kind.label} {name}: {action.reason}"


def render_actions(actions: list[Action]) -> list[str]:
    lines: list[str] = []
    for action in actions:
        lines.append("  " + action_line(action))
        if action.location and action.op is not Op.REUSE:
            lines.append(f"      in {action.location}")
        for change in action.changes:
            lines.append(f"      ~ {change.field}: {change.before!r} -> {change.after!r}")
        if action.conflict:
            lines.append(f"      conflict: {action.conflict}")
        for affected in action.affects:
            lines.append(f"      affects: {affected}")
        for step in action.steps:
            lines.append(f"      then: {step}")
    return lines


def render_manual_steps(steps: dict[str, list[str]], *, box: str = "[ ]") -> list[str]:
    if not steps:
        return []
    lines = [
        "",
        "Manual steps in Marketo (the REST API cannot write smart lists and flows):",
    ]
    for campaign, items in steps.items():
        lines.append(f"  {campaign}")
        lines += [f"    {box} {item}" for item in items]
    return lines


def render_plan(plan: Plan) -> str:
    target, template = plan.target, plan.template
    lines = [
        f"Importing '{template.program}' (template {template.id}) into '{target.into}', "
        f"workspace '{target.workspace}', at {target.instance}",
        "Rules: " + "; ".join(describe_rules(ConflictRules.model_validate(plan.rules))),
    ]
    if plan.seed:
        lines.append(f"Seed: '{plan.seed}' (cloned so smart lists and flows come along)")
    lines.append("")
    lines += render_actions(plan.actions)
    for note in plan.notes:
        lines += ["", f"Note: {note}"]
    if plan.problems:
        lines += ["", f"Problems ({len(plan.problems)}): the plan cannot be applied until fixed."]
        for problem in plan.problems:
            lines.append(f"  ! {problem.message}")
            if problem.hint:
                lines.append(f"      fix: {problem.hint}")
    lines += render_manual_steps(plan.manual_steps)
    lines += ["", plan.summary.line()]
    if plan.problems:
        count = len(plan.problems)
        lines.append(f"Not applied: {count} problem{'s' if count != 1 else ''} to fix first.")
    return "\n".join(lines)


def render_verify(report: VerifyReport) -> str:
    lines = [f"Verification of '{report.program}' in {report.location}"]
    for check in report.checks:
        mark = {"ok": "ok  ", "failed": "FAIL", "manual": "TODO", "unread": "????"}[check.status]
        lines.append(f"  {mark} {check.subject}: {check.detail}")
    lines += render_manual_steps(report.manual_steps)
    failures = len(report.failures)
    steps = sum(len(items) for items in report.manual_steps.values())
    unread = len(report.unread)
    if not report.ok:
        verdict = f"Verification failed: {failures} difference{'s' if failures != 1 else ''}."
    elif steps:
        verdict = (
            "Verified: what the REST API can write matches the template; "
            f"{steps} manual step{'s' if steps != 1 else ''} above remain to be done in Marketo."
        )
    else:
        verdict = "Verified: the instance matches the template."
    if unread:
        verdict += (
            f" {unread} item{'s' if unread != 1 else ''} could not be read (marked ????): "
            "neither confirmed nor refuted."
        )
    lines += ["", verdict]
    return "\n".join(lines)


@dataclass
class TreeNode:
    label: str
    children: list[TreeNode] = field(default_factory=list)

    def add(self, label: str) -> TreeNode:
        node = TreeNode(label)
        self.children.append(node)
        return node


def snapshot_tree(snapshot: Snapshot) -> TreeNode | None:
    """The program as the snapshot saw it: folders, local assets, tokens (no API call)."""
    program = snapshot.program("program")
    if program is None:
        return None
    tree = snapshot.tree("program")
    root = TreeNode(f"{program.name} ({program.type} program, channel {program.channel})")
    folders: dict[str, TreeNode] = {"": root}
    for path in sorted(tree.folders, key=lambda p: (p.count("/"), p)):
        parent = path.rsplit("/", 1)[0] if "/" in path else ""
        folders[path] = folders.get(parent, root).add(f"{path.rsplit('/', 1)[-1]}/")
    assets: list[tuple[str, str, int | None, str | None, str]] = [
        *(
            ("email", e.name, e.folder_id, e.folder_type, e.status)
            for e in snapshot.section(EMAILS).values()
        ),
        *(
            ("smart campaign", c.name, c.folder_id, c.folder_type, c.status)
            for c in snapshot.section(CAMPAIGNS).values()
        ),
        *(
            ("landing page", p.name, p.folder_id, p.folder_type, p.status)
            for p in snapshot.section(PAGES).values()
        ),
    ]
    for kind, name, folder_id, folder_type, status in sorted(assets, key=lambda a: (a[0], a[1])):
        node = folders.get(tree.path_of(folder_id, folder_type), root)
        node.add(f"{kind}: {name}" + (f" [{status}]" if status else ""))
    tokens = snapshot.section(TOKENS)
    if tokens:
        my_tokens = root.add("My Tokens")
        for token in sorted(tokens.values(), key=lambda t: t.name):
            my_tokens.add(f"{{{{my.{token.name}}}}} = {token.value} ({token.type})")
    return root


def render_tree(node: TreeNode, prefix: str = "") -> str:
    lines = [node.label]

    def walk(current: TreeNode, indent: str) -> None:
        for i, child in enumerate(current.children):
            last = i == len(current.children) - 1
            lines.append(f"{indent}{'└── ' if last else '├── '}{child.label}")
            walk(child, indent + ("    " if last else "│   "))

    walk(node, prefix)
    return "\n".join(lines)
