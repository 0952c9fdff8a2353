"""Images and files of Design Studio: uploaded, reused when identical, never deletable by API.

A file's content is compared by digest with the template's bytes, downloaded from its public
URL only when the sizes agree. A URL that cannot be downloaded makes the file "could not read":
it is left as it is (never re-uploaded on every run), and verify says so instead of failing.
"""

from __future__ import annotations

import mimetypes
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ...templates import File as FileEntry
from ..export_context import file_url_names
from ..model import Action, AssetKind, Op
from ..provenance import mark, unmarked
from ..reader import Phase, Reader, Task
from ..rules import cli_name
from ..snapshot import Section
from . import writing
from .base import ApplyContext, ImportStepError, Kind, PlanContext, RollbackContext
from .compare import content_hash
from .design import (
    HTML_SEEN,
    DesignAsset,
    DesignChain,
    ExportedDesign,
    decide,
    design_folder,
    exported,
    folder_needs,
    keep_exported,
    prepare_folder,
    read_chain,
)

if TYPE_CHECKING:
    from ...types.asset import File
    from ..export_context import ExportContext
    from ..journal import Entry

KIND = AssetKind.FILE
FILES: Section[dict[str, DesignChain]] = Section("files", dict)


def _key(entry: FileEntry) -> str:
    return f"file:{entry.name}"


def read(reader: Reader, phase: Phase) -> list[Task]:
    if reader.exporting:
        return export_reads(reader, phase)
    if phase is not Phase.LOCATE or not reader.wants(KIND):
        return []
    return [_reader(reader, entry) for entry in reader.template.files]


def _reader(reader: Reader, entry: FileEntry) -> Task:
    template = reader.template
    size = len(template.file_bytes(entry))
    api = reader.assets.files

    def load(found: File) -> DesignAsset:
        asset = DesignAsset(
            id=int(found.id or 0),
            name=str(found.name or ""),
            description=found.description,
            folder_id=found.folder.id if found.folder is not None else None,
            size=found.size,
            url=str(found.url) if found.url else None,
        )
        if asset.size is not None and asset.size != size:
            asset.content = f"size:{asset.size}"
            return asset
        data = reader.download(asset.url) if asset.url else None
        if data is None:
            asset.readable = False
            reader.snapshot.mark_unread(f"files:{asset.name}", "its URL could not be downloaded")
        else:
            asset.content = content_hash(data)
        return asset

    def run() -> None:
        written = reader.written_id(KIND, _key(entry))
        if written is not None:
            chain = DesignChain([load(api.get(written))])
        else:
            chain = read_chain(
                entry.name,
                lambda name: api.get_by_name(name=name),
                load,
                template_id=reader.request.template_id,
                keep_extension=True,
                first_only=reader.request.rules.images == "replace",
            )
        reader.snapshot.section(FILES)[entry.name] = chain

    return run


def plan(ctx: PlanContext) -> None:
    chains = ctx.snapshot.section(FILES)
    rule = ctx.request.rules.images
    for entry in ctx.template.files:
        data = ctx.template.file_bytes(entry)
        digest = content_hash(data)

        def identical(candidate: DesignAsset, digest: str = digest) -> bool | None:
            if not candidate.readable:
                return None
            return candidate.content == digest

        mime = mimetypes.guess_type(entry.file)[0] or "application/octet-stream"
        action, binding, existing = decide(
            ctx,
            key=_key(entry),
            kind=KIND,
            entry=entry.name,
            chain=chains.get(entry.name, DesignChain(free_name=entry.name)),
            location=f"Design Studio/{entry.folder}",
            identical=identical,
            replace=rule == "replace",
            rule_label=f"{cli_name('images')}={rule}",
            keep_extension=True,
            payload={
                "folder_path": ctx.request.design_path(entry.folder),
                "description": mark(entry.description, ctx.template_id),
                "path": entry.file,
                "sha256": digest,
                "mime": mime,
                "filename": entry.file.rsplit("/", 1)[-1],
            },
        )
        if existing is not None:
            binding.url = existing.url
            action.payload["url"] = existing.url
        if action.op is Op.REPLACE:
            action.affects = [
                "every email, template and landing page showing this image (its URL stays)"
            ]
        ctx.bindings[action.key] = binding


def _bytes(ctx: ApplyContext, action: Action) -> bytes:
    template = ctx.request_template
    if template is None:
        raise ImportStepError("applying a file needs its template folder")
    data = template.read_bytes(str(action.payload["path"]))
    if content_hash(data) != action.payload["sha256"]:
        raise ImportStepError(
            f"the file {action.payload['path']} of the template changed since the plan was made"
        )
    return data


def apply(action: Action, ctx: ApplyContext) -> None:
    api = ctx.client.assets.files
    payload = action.payload
    upload = (str(payload["filename"]), _bytes(ctx, action), str(payload["mime"]))
    if action.op.adds:
        entry = writing.start(ctx, action)
        made, created = writing.create_or_adopt(
            ctx,
            lambda: api.create(
                name=action.name,
                file=upload,
                folder=payload["folder"],
                description=str(payload["description"]),
                insert_only=True,
            ),
            lambda: api.get_by_name(name=action.name),
        )
        with ctx.lock:
            ctx.urls[action.entry] = str(made.url or "")
        writing.done(ctx, entry, writing.id_of(made, action.name), created=created, key=action.key)
        return
    file_id = writing.target_id(ctx, action)
    existing = api.get(file_id)
    entry = writing.start(ctx, action, id=file_id)
    previous = ctx.client.download(str(existing.url)) if existing.url else None
    if previous is not None:
        ctx.journal.keep_bytes(entry, previous)
        entry.before["mime"] = existing.mime_type or payload["mime"]
    updated = api.update_content(file_id, file=upload)
    with ctx.lock:
        ctx.urls[action.entry] = str(updated.url or existing.url or "")
    writing.done(ctx, entry, file_id, created=False, key=action.key)


def rollback(entry: Entry, ctx: RollbackContext) -> None:
    if entry.created:
        ctx.manual.append(
            f"Delete the image/file '{entry.name}' (id {entry.id}) in Design Studio: "
            "Marketo's REST API cannot delete files."
        )
        return
    if entry.id is None or not entry.before:
        return
    data = ctx.journal.read_bytes(entry)
    if data is None:
        raise ImportStepError(f"the previous content of file '{entry.name}' is not kept")
    mime = str(entry.before.get("mime") or "application/octet-stream")
    ctx.client.assets.files.update_content(entry.id, file=(entry.name, data, mime))
    ctx.restored.append(f"file '{entry.name}'")


FILE = Kind(
    kind=KIND,
    read=read,
    plan=plan,
    needs=folder_needs,
    prepare=prepare_folder,
    apply=apply,
    rollback=rollback,
)


# -- export ----------------------------------------------------------------------------------------


def export_reads(reader: Reader, phase: Phase) -> list[Task]:
    """The images and files the program's HTML shows, found by the name their URL ends with
    (Design Studio file names are unique), and downloaded from their public URL."""
    if phase is not Phase.FILES:
        return []
    names = sorted({n for html in reader.snapshot.section(HTML_SEEN) for n in file_url_names(html)})
    return [_export_reader(reader, name) for name in names]


def _export_reader(reader: Reader, name: str) -> Task:
    def run() -> None:
        found = reader.assets.files.get_by_name(name=name)
        if found is None or found.id is None:
            return  # an image of another instance or domain: the HTML keeps its URL
        url = str(found.url) if found.url else None
        data = reader.download(url) if url else None
        folder_id = found.folder.id if found.folder is not None else None
        asset = DesignAsset(
            id=int(found.id),
            name=str(found.name or name),
            description=found.description,
            folder_id=folder_id,
            size=found.size,
            url=url,
            readable=data is not None,
        )
        extra = {"mime": found.mime_type or ""}
        item = ExportedDesign(asset, design_folder(reader, folder_id), extra, data)
        keep_exported(reader, KIND, item)

    return run


def export(ctx: ExportContext) -> None:
    for item in sorted(exported(ctx.snapshot, KIND).values(), key=lambda i: i.asset.name.lower()):
        asset = item.asset
        if item.data is None:
            ctx.problem(f"file '{asset.name}'", f"its URL {asset.url} could not be downloaded")
            continue
        suffix = _suffix(asset.name, str(item.extra.get("mime") or ""))
        stem = (
            asset.name.rsplit(".", 1)[0] if suffix and asset.name.endswith(suffix) else asset.name
        )
        path = ctx.write("images", stem, suffix, item.data)
        fields: dict[str, Any] = {
            "name": asset.name,
            "file": path,
            "description": unmarked(asset.description) or None,
        }
        if item.folder:
            fields["folder"] = item.folder
        ctx.add("files", FileEntry(**fields))
        ctx.images[asset.name] = asset.name


def _suffix(name: str, mime: str) -> str:
    """The file's extension: its name's, else its MIME type's (``image/png`` -> ``.png``)."""
    tail = name.rsplit("/", 1)[-1]
    if "." in tail and len(tail.rsplit(".", 1)[1]) <= 5:
        return "." + tail.rsplit(".", 1)[1].lower()
    guessed = mimetypes.guess_extension(mime.split(";", 1)[0].strip()) if mime else None
    return guessed or ""


FILE = replace(FILE, export=export)
