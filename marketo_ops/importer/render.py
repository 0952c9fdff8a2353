"""Plain-text rendering of plans, verifications and the imported program (Terraform style).

No colour and no terminal library here: the CLI decorates these lines, scripts and CI logs
read them as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .model import Action, Op
from .rules import describe_rules

if TYPE_CHECKING:
    from ..client import Marketo
    from .plan import Plan
    from .verify import VerifyReport


def action_line(action: Action) -> str:
    name = f"'{action.name}'"
    if action.template_name and action.template_name != action.name:
        name += f" (template entry '{action.template_name}')"
    return f"{action.op.symbol} {action.kind.label} {name}: {action.reason}"


def render_actions(actions: list[Action], *, show_unchanged: bool = True) -> list[str]:
    lines: list[str] = []
    for action in actions:
        if action.op is Op.REUSE and not show_unchanged:
            continue
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
    request = plan.request
    lines = [
        f"Importing '{request.template.name}' (template {request.template_id}) into "
        f"'{request.into}', workspace '{request.workspace}', at {plan.instance}",
        "Rules: " + "; ".join(describe_rules(request.rules)),
    ]
    if request.seed:
        lines.append(f"Seed: '{request.seed}' (cloned so smart lists and flows come along)")
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
    return "\n".join(lines)


def render_verify(report: VerifyReport) -> str:
    lines = [f"Verification of '{report.program}' in {report.location}"]
    for check in report.checks:
        mark = {"ok": "ok  ", "failed": "FAIL", "manual": "TODO"}[check.status]
        lines.append(f"  {mark} {check.subject}: {check.detail}")
    lines += render_manual_steps(report.manual_steps)
    failures = len(report.failures)
    steps = sum(len(items) for items in report.manual_steps.values())
    if not report.ok:
        verdict = f"Verification failed: {failures} difference{'s' if failures != 1 else ''}."
    elif steps:
        verdict = (
            "Verified: what the REST API can write matches the template; "
            f"{steps} manual step{'s' if steps != 1 else ''} above remain to be done in Marketo."
        )
    else:
        verdict = "Verified: the instance matches the template."
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


def program_tree(client: Marketo, program_id: int) -> TreeNode:
    """The program as it is in the instance: folders, local assets, tokens."""
    from .destination import Destination

    destination = Destination(client)
    program = client.assets.programs.get(program_id)
    contents = destination.program_contents(program)
    root = TreeNode(f"{program.name} ({program.type} program, channel {program.channel})")
    folders: dict[str, TreeNode] = {"": root}
    for path in sorted(contents.folders, key=lambda p: (p.count("/"), p)):
        parent = path.rsplit("/", 1)[0] if "/" in path else ""
        folders[path] = folders.get(parent, root).add(f"{path.rsplit('/', 1)[-1]}/")
    assets = [
        *(("email", e.name, e.folder, e.status) for e in contents.emails.values()),
        *(("smart campaign", c.name, c.folder, c.status) for c in contents.campaigns.values()),
        *(("landing page", p.name, p.folder, p.status) for p in contents.landing_pages.values()),
    ]
    for kind, name, folder, status in sorted(assets, key=lambda a: (a[0], str(a[1]))):
        node = folders.get(contents.path_of(folder), root)
        node.add(f"{kind}: {name}" + (f" [{status}]" if status else ""))
    tokens = destination.program_tokens(program_id)
    if tokens:
        my_tokens = root.add("My Tokens")
        for token in sorted(tokens.values(), key=lambda t: str(t.name)):
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
