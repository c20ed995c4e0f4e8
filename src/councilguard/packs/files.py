"""A pack's files as text: ``{"protocol.yaml": "...", "rules/tone.yaml": "...", ...}``.

Uploaded packs (a zip) and packs stored in the web app's database are untrusted text, so
before the checker's loader sees them they are held to the pack's layout (nothing outside
``protocol.yaml``, ``rules/*.yaml`` and ``lexicons/*.yaml``), to sizes, and to plain YAML
(no anchors or aliases: a few lines of them can expand into a "billion laughs"). The
loader then validates them exactly as it validates a pack on disk, and its errors name the
file as the pack names it, not as a temporary directory would.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from dataclasses import replace
from pathlib import Path, PurePosixPath

import yaml

from ..checker.protocol import Protocol, ProtocolError, load_protocol
from .safety import pattern_problems

PackFiles = dict[str, str]

MAX_FILE_BYTES = 512 * 1024
MAX_PACK_BYTES = 8 * 1024 * 1024
MAX_FILES = 400
MAX_DEPTH = 20
MAX_NODES = 50_000
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*\.yaml$")


def check_path(name: str) -> str:
    """The pack-relative path ``name`` stands for, or a ProtocolError naming it."""
    path = PurePosixPath(name.replace("\\", "/"))
    parts = path.parts
    if path.is_absolute() or ".." in parts or not parts:
        raise ProtocolError(name, None, "is outside the pack (absolute paths and '..' are not allowed)")
    if parts == ("protocol.yaml",):
        return "protocol.yaml"
    if len(parts) == 2 and parts[0] in ("rules", "lexicons") and _NAME.match(parts[1]):
        return f"{parts[0]}/{parts[1]}"
    raise ProtocolError(
        name, None, "is not part of a pack (expected protocol.yaml, rules/NAME.yaml or lexicons/NAME.yaml)"
    )


def check_yaml(name: str, text: str) -> None:
    """Refuse YAML that could cost far more to load than its size: aliases that expand
    into more nodes than any pack needs (a "billion laughs"), or nesting deeper than that.

    The file is composed into YAML's node graph, in which an alias is the node it names,
    and its expanded size is counted once per node: linear in the file, whatever it expands to."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise ProtocolError(name, None, f"is larger than {MAX_FILE_BYTES // 1024} KB")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ProtocolError(name, line, f"invalid YAML: {exc.problem}") from None
    if root is None:
        return
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:  # iterative post-order walk: no recursion limit to hit
        node, depth, expanded = stack.pop()
        if depth > MAX_DEPTH:
            raise ProtocolError(name, node.start_mark.line + 1, f"is nested more than {MAX_DEPTH} levels deep")
        children = _children(node)
        if id(node) in sizes:
            continue
        if not expanded and children:
            stack.append((node, depth, True))
            stack.extend((child, depth + 1, False) for child in children if id(child) not in sizes)
            continue
        sizes[id(node)] = 1 + sum(sizes.get(id(child), 1) for child in children)
        if sizes[id(node)] > MAX_NODES:
            raise ProtocolError(
                name, node.start_mark.line + 1, f"expands to more than {MAX_NODES:,} YAML nodes (aliases)"
            )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def read_dir(pack_dir: str | Path) -> PackFiles:
    """The files of a pack directory (as the loader reads them)."""
    root = Path(pack_dir)
    files = {"protocol.yaml": (root / "protocol.yaml").read_text(encoding="utf-8")}
    for folder in ("rules", "lexicons"):
        for path in sorted((root / folder).glob("*.yaml")):
            files[f"{folder}/{path.name}"] = path.read_text(encoding="utf-8")
    return files


def read_zip(data: bytes) -> PackFiles:
    """The files of a zipped pack. The zip may hold the pack's files at its top or inside
    one folder (as "Compress" makes of a directory); anything else is refused by name."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ProtocolError("upload", None, "is not a zip file") from None
    entries = [i for i in archive.infolist() if not i.is_dir()]
    if len(entries) > MAX_FILES:
        raise ProtocolError("upload", None, f"holds more than {MAX_FILES} files")
    if sum(i.file_size for i in entries) > MAX_PACK_BYTES:
        raise ProtocolError("upload", None, f"unpacks to more than {MAX_PACK_BYTES // (1024 * 1024)} MB")
    names = [i.filename for i in entries]
    prefix = _common_folder(names)
    files: PackFiles = {}
    for info in entries:
        name = info.filename
        if (info.external_attr >> 16) & 0o170000 == 0o120000:
            raise ProtocolError(name, None, "is a symbolic link, which packs may not hold")
        relative = check_path(name[len(prefix) :] if prefix and name.startswith(prefix) else name)
        if info.file_size > MAX_FILE_BYTES:
            raise ProtocolError(relative, None, f"is larger than {MAX_FILE_BYTES // 1024} KB")
        raw = archive.read(info)
        try:
            files[relative] = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise ProtocolError(relative, line, "is not valid UTF-8") from None
    if "protocol.yaml" not in files:
        raise ProtocolError("upload", None, "has no protocol.yaml")
    return files


def _common_folder(names: list[str]) -> str:
    """ "havering-2018/" when every entry sits in that one folder (and it is not a pack folder)."""
    tops = {n.split("/", 1)[0] for n in names}
    if len(tops) == 1 and all("/" in n for n in names):
        top = tops.pop()
        if top not in ("rules", "lexicons") and not top.startswith("."):
            return top + "/"
    return ""


def to_zip(files: PackFiles, folder: str) -> bytes:
    """The pack as a zip of one folder, which unzips to a directory that
    ``councilguard check --protocol DIR`` accepts."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            archive.writestr(f"{folder}/{name}", files[name])
    return out.getvalue()


def write_dir(files: PackFiles, dest: str | Path) -> Path:
    """Write the pack's files under ``dest`` (created), after checking every path."""
    root = Path(dest)
    for name, text in files.items():
        target = root / check_path(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def check_files(files: PackFiles) -> None:
    """Layout, size and YAML safety of every file, before anything loads them."""
    if len(files) > MAX_FILES:
        raise ProtocolError("pack", None, f"holds more than {MAX_FILES} files")
    if "protocol.yaml" not in files:
        raise ProtocolError("protocol.yaml", None, "file not found")
    for name, text in files.items():
        check_yaml(check_path(name), text)


def declared_id(files: PackFiles) -> str:
    """The id ``protocol.yaml`` gives the pack (before the whole pack is validated)."""
    check_files(files)
    data = yaml.safe_load(files["protocol.yaml"])
    pack_id = data.get("id") if isinstance(data, dict) else None
    if not isinstance(pack_id, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", pack_id):
        raise ProtocolError("protocol.yaml", None, "'id' must be a slug: lower case letters, digits and hyphens")
    return pack_id


def load_files(
    files: PackFiles,
    *,
    version: str = "",
    adopted_by: str = "",
    allowed_patterns: frozenset[str] = frozenset(),
    check_patterns: bool = True,
) -> Protocol:
    """Validate and load a pack from its files' texts, as ``load_protocol`` loads a
    directory; errors name the pack-relative file (``rules/tone.yaml:12: ...``).

    ``version`` and ``adopted_by`` name the version and the decision that adopted it, for
    the checker to cite on every finding (the pack's own ``adopted`` block otherwise).
    A pattern that could take super-linear time is refused unless it is in
    ``allowed_patterns``: those of the version in force, whose own patterns are the
    loader's to make linear (a new or changed pattern must be safe as written).
    ``check_patterns=False`` loads a pack already checked when it was stored."""
    check_files(files)
    with tempfile.TemporaryDirectory(prefix="councilguard-pack-") as tmp:
        root = write_dir(files, Path(tmp) / "pack")
        try:
            protocol = load_protocol(root)
        except ProtocolError as exc:
            raise ProtocolError(_relative(exc.path, root), exc.line, exc.problem) from None
    rules = {rid: replace(rule, source=_relative(rule.source, root)) for rid, rule in protocol.rules.items()}
    for rule in rules.values():
        problem = pattern_problems(rule.params, allowed=allowed_patterns) if check_patterns else None
        if problem:
            file, _, line = rule.source.rpartition(":")
            raise ProtocolError(file, int(line) if line.isdigit() else None, f"params: {problem}")
    empty = sorted(name for name, terms in protocol.lexicons.items() if not terms)
    if empty:
        raise ProtocolError(f"lexicons/{empty[0]}.yaml", None, "has no terms: a lexicon may not be left empty")
    protocol.rules = rules
    protocol.path = Path(protocol.id)
    if version:
        protocol.version = version
    if adopted_by:
        protocol.adopted_by = adopted_by
    return protocol


def _relative(path: str, root: Path) -> str:
    prefix = str(root) + "/"
    return path[len(prefix) :] if path.startswith(prefix) else path
