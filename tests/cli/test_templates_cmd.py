"""``marketo-ops templates list`` and ``templates show``: the built-in templates, and what one
contains, before anything is imported."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cli.application import EXIT_ERROR, EXIT_USAGE
from cli.main import cli
from marketo_ops.templates import list_builtin_templates

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_templates_list() -> None:
    result = CliRunner().invoke(cli, ["templates", "list"])
    assert result.exit_code == 0
    assert result.stdout == (
        "NAME                          DESCRIPTION\n"
        "em-single-email-send          One email sent once with an Email program (A/B test "
        "optional): the email on the Quick Start template, From and Reply-To in My Tokens, and a "
        "campaign that marks clickers as a success.\n"
        "lead-lifecycle                Lead Status from New to MQL, a sales-acceptance SLA, "
        "recycling into nurture, and a Talk to Sales landing page that fast-tracks hand-raisers.\n"
        "lead-scoring                  Behavioural and demographic lead scoring with a monthly "
        "decay; every point value is a My Token.\n"
        "nur-simple-nurture            A simple nurture (Engagement program): three cadenced "
        "emails, campaigns that add people, pause and resume their cadence around sales "
        "follow-up, and mark clickers as engaged.\n"
        "op-acquisition-api            Acquisition tracking for API sources: people created "
        "through the REST API get this program as their acquisition program, by trigger going "
        "forward and by a one-off batch for the backlog.\n"
        "op-data-management            Data hygiene: normalise country values, flag blocklisted "
        "and partner records, and set Person Source from the channel of the program that "
        "acquired a person (batch and trigger variants).\n"
        "op-deliverability-management  Deliverability hygiene: marketing-suspend chronic "
        "non-responders and soft bouncers (with the reason), and reset Email Invalid and "
        "Marketing Suspended when an address changes.\n"
        "op-lead-management            Operational lead management: sync new people to the CRM "
        "and alert sales when a person's score reaches the MQL threshold.\n"
        "op-scoring-behavior           Behaviour scoring on a Behavior Score field: points for "
        "email clicks, form fills, key pages, PDF downloads, paid visits and event attendance; "
        "points off for inactivity and unwanted pages.\n"
        "op-scoring-demographic        Demographic scoring on a Demographic Score field: tiers "
        "for revenue, industry, job title and source, points for company size, points off for "
        "free email domains and junk names.\n"
        "wbn-webinar                   A webinar (Event program on the Webinar channel): "
        "registration page and processing, three invitations, confirmation, reminder to attend, "
        "follow-ups for attendees and no-shows.\n"
    )


def test_templates_list_json() -> None:
    result = CliRunner().invoke(cli, ["templates", "list", "--json"])
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert [t["name"] for t in listed] == [t.name for t in list_builtin_templates()]
    assert len(listed) >= 11
    by_name = {t["name"]: t for t in listed}
    assert by_name["op-lead-management"]["path"] == str(
        REPO_ROOT / "program_templates" / "op-lead-management"
    )


def test_templates_show() -> None:
    result = CliRunner().invoke(cli, ["templates", "show", "op-deliverability-management"])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        "Template op-deliverability-management: Deliverability hygiene: marketing-suspend "
        "chronic non-responders and soft bouncers (with the reason), and reset Email Invalid and "
        "Marketing Suspended when an address changes.",
        "",
        "Program",
        "  OP-Deliverability Management (Default program)",
        "  Channel: Operational",
        "  Statuses: Not in Program, Member",
        "",
        "Naming variables",
        "  (none)",
        "",
        "Prerequisites",
        "  Channel Operational for Default programs, with statuses Not in Program, Member",
        "  Lead field Marketing Suspended Reason (marketingSuspendedReason, string): the API can "
        "create it (--create-prerequisites)",
        "",
        "My Tokens (2)",
        "  {{my.Reason - Non-Responder}} (text): Chronic non-responder",
        "  {{my.Reason - Chronic Bounces}} (text): Chronic soft bounces",
        "",
        "Assets",
        "  OP-Deliverability Management (Default program)",
        "  ├── Manage/",
        "  │   ├── Marketing Suspend Chronic Non-Responders (smart campaign)",
        "  │   ├── Marketing Suspend Chronically Bouncing Emails (smart campaign)",
        '  │   ├── Reset "Email Invalid" after Email Update (smart campaign)',
        '  │   └── Reset "Marketing Suspended" after Email Update (smart campaign)',
        "  └── Review/",
        "",
        "Smart campaigns (4)",
        "  Marketing Suspend Chronic Non-Responders (batch, in Manage, each person once every "
        "1 month)",
        "    Filter 1: Was Sent Email: Email is any; Min. Number of Times is 10; Date of Activity "
        "in past 6 months",
        "    Filter 2: Not Opened Email: Email is any; Date of Activity in past 6 months",
        "    Filter 3: Not Clicked Link in Email: Email is any; Date of Activity in past 6 months",
        "    Filter 4: Marketing Suspended: Marketing Suspended is false",
        "    Use ALL filters",
        "    Flow 1: Change Data Value: Attribute = Marketing Suspended, New Value = true",
        "    Flow 2: Change Data Value: Attribute = Marketing Suspended Reason, New Value = "
        "{{my.Reason - Non-Responder}}",
        "  Marketing Suspend Chronically Bouncing Emails (trigger, in Manage, each person every "
        "time, activate)",
        "    Trigger: Email Bounces Soft: Email is any",
        "    Filter 1: Email Bounced Soft: Email is any; Min. Number of Times is 5; Date of "
        "Activity in past 30 days",
        "    Filter 2: Marketing Suspended: Marketing Suspended is false",
        "    Use ALL filters",
        "    Flow 1: Change Data Value: Attribute = Marketing Suspended, New Value = true",
        "    Flow 2: Change Data Value: Attribute = Marketing Suspended Reason, New Value = "
        "{{my.Reason - Chronic Bounces}}",
        '  Reset "Email Invalid" after Email Update (trigger, in Manage, each person every '
        "time, activate)",
        "    Trigger: Data Value Changes: Attribute is Email Address",
        "    Filter 1: Email Invalid: Email Invalid is true",
        "    Flow 1: Change Data Value: Attribute = Email Invalid, New Value = false",
        "    Flow 2: Change Data Value: Attribute = Email Invalid Cause, New Value = NULL",
        '  Reset "Marketing Suspended" after Email Update (trigger, in Manage, each person every '
        "time, activate)",
        "    Trigger: Data Value Changes: Attribute is Email Address",
        "    Filter 1: Marketing Suspended: Marketing Suspended is true",
        "    Flow 1: Change Data Value: Attribute = Marketing Suspended, New Value = false",
        "    Flow 2: Change Data Value: Attribute = Marketing Suspended Reason, New Value = NULL",
    ]


def test_templates_show_variables_tags_design_studio_and_choices() -> None:
    result = CliRunner().invoke(cli, ["templates", "show", "wbn-webinar"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    for expected in (
        "  WBN-YYYY-MM-DD-Webinar Program (Event with Webinar program)",
        "  Tags: Event Format = Virtual",
        "  {{ event_date }} = YYYY-MM-DD: The webinar date, part of the program name "
        "(WBN-2026-03-12-Webinar Program). (pattern YYYY-MM-DD|\\d{4}-\\d{2}-\\d{2})",
        "  Tag Event Format = Virtual",
        "  {{my.Event-Description}} (rich text): (from tokens/event-description.html)",
        "  │   └── Forms/",
        "  └── Reports/",
        "  Design Studio",
        "  ├── Emails/Templates/Quick Start Email Template (email template)",
        "  ├── Landing Pages/Templates/Quick Start LP Template (landing-page template)",
        "  └── Images and Files/Quick Start Logo (file)",
        "    Flow 1: Send Email: Choice 1: If Member of Program: WBN-YYYY-MM-DD-Webinar Program, "
        "Program Status is Webinar - Attended: Email = 06 - Email - Follow-up - Attended; "
        "Default choice: Email = 07 - Email - Follow-up - No Show",
    ):
        assert expected in lines
    assert (
        lines.index("Assets") < lines.index("  Design Studio") < lines.index("Smart campaigns (8)")
    )


def test_templates_show_json() -> None:
    result = CliRunner().invoke(cli, ["templates", "show", "op-scoring-behavior", "--json"])
    assert result.exit_code == 0
    outline = json.loads(result.stdout)
    assert outline["path"] == str(REPO_ROOT / "program_templates" / "op-scoring-behavior")
    assert outline["program"]["name"] == "OP-Scoring-Behavior"
    assert outline["prerequisites"]["fields"] == [
        {
            "name": "behaviorScore",
            "display_name": "Behavior Score",
            "type": "score",
            "description": (
                "What a person has done (clicks, forms, visits, attendance), kept apart from fit."
            ),
            "creatable": True,
        }
    ]
    assert outline["tokens"][2] == {"name": "Email - Clicks Link", "type": "score", "value": "+2"}
    tree = outline["assets"]["program"]
    assert [(f["name"], len(f["children"])) for f in tree["children"]] == [
        ("Interactions", 9),
        ("Program Status Changes", 4),
        ("Score Decay", 2),
    ]
    decay = outline["smart_campaigns"][-2]
    assert decay["name"] == "Decrease Score - No Activity"
    assert decay["kind"] == "batch"
    assert decay["filters"][0] == "Behavior Score: Behavior Score greater than 0"
    assert decay["flow_steps"] == [
        {
            "action": "Change Score",
            "params": {
                "Score Name": "Behavior Score",
                "Change": "{{my.Decrease Score - No Activity}}",
            },
            "choices": [],
        }
    ]


def test_templates_show_a_minimal_template_of_ones_own(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "program.yaml").write_text(
        "format_version: 1\n"
        "variables: {region: {description: Region served}}\n"
        "program: {name: '{{ region }} - Scoring', channel: Operational}\n"
        "prerequisites:\n"
        "  fields: [{name: notes, display_name: Sales Notes, type: text}]\n"
        "  segmentations: [Lifecycle Stage]\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["templates", "show", str(folder)])
    assert result.exit_code == 0
    assert result.stdout == (
        "Template mine\n"
        "\n"
        "Program\n"
        "  {{ region }} - Scoring (Default program)\n"
        "  Channel: Operational\n"
        "\n"
        "Naming variables\n"
        "  {{ region }}: Region served\n"
        "\n"
        "Prerequisites\n"
        "  Channel Operational for Default programs\n"
        "  Lead field Sales Notes (notes, text): an admin creates it in Admin > Field Management\n"
        "  Segmentation Lifecycle Stage (approved): an admin creates it in Database\n"
        "\n"
        "My Tokens (0)\n"
        "  (none)\n"
        "\n"
        "Assets\n"
        "  {{ region }} - Scoring (Default program)\n"
        "\n"
        "Smart campaigns (0)\n"
    )


def test_templates_show_an_unknown_template_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["templates", "show", "op-lead-managment"])
    assert result.exit_code == EXIT_USAGE
    assert result.stdout == ""
    assert result.stderr.startswith(
        "Error: 'op-lead-managment' is neither a template folder nor a built-in template "
    )


def test_templates_show_a_template_that_does_not_load(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "program.yaml").write_text("format_version: 1\nprogram: {name: X}\n")
    result = CliRunner().invoke(cli, ["templates", "show", str(folder)])
    assert result.exit_code == EXIT_ERROR
    assert result.stdout == ""
    assert f"Error: cannot load the template in {folder.as_posix()}" in result.stderr
    assert "program.channel: missing required field 'channel' [missing-field]" in result.stderr
    assert result.stderr.rstrip().endswith(
        f"Run 'marketo-ops validate {folder}' for every problem."
    )


def test_commands_have_help() -> None:
    for args in (
        ["validate", "--help"],
        ["schema", "--help"],
        ["templates", "list", "--help"],
        ["templates", "show", "--help"],
    ):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0
        assert result.stdout.startswith("Usage: ")
