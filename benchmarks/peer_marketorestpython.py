"""The peer: OP-Lead Management imported call by call with marketorestpython, as a script would.

What a user without marketo-ops writes to do the same import: find the three destination
folders by name, create the file, the email template (with the file's URL in it) and approve
it, the program, its two folders and five tokens, the email (then its preheader, its three
editable sections) and approve it, the two smart campaigns; then read back, one asset at a
time, what a check of the result needs (the program, its folders, tokens, file, template,
email and its content, the campaigns). One call after the other, as marketorestpython runs
them (it paces itself to 5 calls per second). The values come from the built-in template's
``program.yaml`` so that both sides create exactly the same assets.

    pip install marketorestpython   # not a dependency of marketo-ops
    python -m benchmarks.peer_marketorestpython BASE_URL [--unpaced]

``--unpaced`` switches marketorestpython's own pacing off (it sleeps so that two calls of the
same HTTP method start at least 0.2 s apart): what the same sequential script costs when only
the latency counts. Prints one JSON line, ``{"seconds": S, "calls": N}``: the script's time
after its imports and the API calls marketorestpython counted.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from marketo_ops.templates import builtin_templates_dir

from .served import CLIENT_ID, CLIENT_SECRET, MUNCHKIN_ID

INSTALL_HINT = "marketorestpython is not installed: pip install marketorestpython"


def _template() -> tuple[Path, dict[str, Any]]:
    folder = builtin_templates_dir() / "op-lead-management"
    return folder, yaml.safe_load((folder / "program.yaml").read_text(encoding="utf-8"))


def _by_name(mc: Any, name: str, folder_type: str) -> int:
    """A Design Studio or Marketing Activities folder of the Default workspace, by name."""
    for folder in mc.get_folder_by_name(name, workSpace="Default") or []:
        if folder.get("folderType") == folder_type:
            return int(folder["id"])
    raise SystemExit(f"no {folder_type} folder called {name!r}")


def import_program(mc: Any, work: Path) -> None:
    """The import: 3 look-ups, 19 writes, 10 reads, sequential."""
    source, spec = _template()
    program_spec = spec["program"]
    file_spec, template_spec, email_spec = (
        spec["files"][0],
        spec["email_templates"][0],
        spec["emails"][0],
    )

    zone = _by_name(mc, "Default", "Zone")
    images = _by_name(mc, "Images and Files", "Image")
    templates = _by_name(mc, "Templates", "Email Template")

    uploaded = mc.create_file(
        file_spec["name"],
        str(source / file_spec["file"]),
        json.dumps({"id": images, "type": "Folder"}),
        description=file_spec["description"],
    )[0]
    html = (source / template_spec["file"]).read_text(encoding="utf-8")
    html_file = work / "quick-start.html"
    html_file.write_text(html.replace("{{image:Quick Start Logo}}", uploaded["url"]), "utf-8")
    template = mc.create_email_template(
        template_spec["name"],
        templates,
        "Folder",
        str(html_file),
        description=template_spec["description"],
    )[0]
    mc.approve_email_template(template["id"])

    program = mc.create_program(
        zone,
        "Folder",
        program_spec["name"],
        program_spec["type"],
        program_spec["channel"],
        description=program_spec["description"],
    )[0]
    folders = {
        f["name"]: mc.create_folder(f["name"], program["id"], "Program", f["description"])[0]
        for f in spec["folders"]
    }
    for token in program_spec["tokens"]:
        mc.create_token(program["id"], "Program", token["type"], token["name"], str(token["value"]))

    email = mc.create_email(
        email_spec["name"],
        folders[email_spec["folder"]]["id"],
        "Folder",
        template["id"],
        description=email_spec["description"],
        subject=email_spec["subject"],
        fromName=email_spec["from_name"],
        fromEmail=email_spec["from_email"],
        replyEmail=email_spec["reply_to"],
        operational=str(email_spec["operational"]).lower(),
    )[0]
    mc.update_email(email["id"], preHeader=email_spec["preheader"])
    for section, content in email_spec["content"].items():
        value = content.get("html") or (source / content["file"]).read_text(encoding="utf-8")
        mc.update_email_content_in_editable_section(email["id"], section, "Text", value)
    mc.approve_email(email["id"])

    campaigns = [
        mc.create_smart_campaign(
            c["name"], folders[c["folder"]]["id"], "Folder", description=c["description"]
        )[0]
        for c in spec["smart_campaigns"]
    ]

    # Read back what a check of the import needs, one asset at a time.
    mc.get_program_by_id(program["id"])
    for folder in folders.values():
        mc.get_folder_by_id(folder["id"], "Folder")
    mc.get_tokens(program["id"], "Program")
    mc.get_file_by_id(uploaded["id"])
    mc.get_email_template_by_id(template["id"])
    mc.get_email_by_id(email["id"])
    mc.get_email_content(email["id"])
    for campaign in campaigns:
        mc.get_smart_campaign_by_id(campaign["id"])


def main() -> int:
    try:
        from marketorestpython.client import MarketoClient  # type: ignore[import-untyped]
    except ImportError:
        print(INSTALL_HINT, file=sys.stderr)
        return 1
    base_url = sys.argv[1]
    if "--unpaced" in sys.argv[2:]:
        from types import SimpleNamespace

        from marketorestpython.helper import http_lib  # type: ignore[import-untyped]

        # The pacing decorator reads ``time`` from its module's globals at call time.
        http_lib.time = SimpleNamespace(time=time.time, sleep=lambda _seconds: None)
    started = time.perf_counter()
    mc = MarketoClient(MUNCHKIN_ID, CLIENT_ID, CLIENT_SECRET)
    mc.host = base_url.rstrip("/")  # marketorestpython builds https://<munchkin>.mktorest.com
    with tempfile.TemporaryDirectory() as tmp:
        import_program(mc, Path(tmp))
    print(json.dumps({"seconds": time.perf_counter() - started, "calls": mc.API_CALLS_MADE}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
