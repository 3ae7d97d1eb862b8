"""Digests of Kiroku's own code, so a cached result is dropped exactly when the code it came from changes."""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterable
from functools import cache
from importlib import metadata
from pathlib import Path

PACKAGE = "kiroku"


ROOT = Path(__file__).resolve().parent
"""The folder of the `kiroku` package: modules are found by name without importing them."""


@cache
def _module_file(name: str) -> Path | None:
    """The source file of a kiroku module (a package's `__init__.py`), None if there is none."""
    parts = name.split(".")
    if parts[0] != PACKAGE:
        return None
    base = ROOT.joinpath(*parts[1:])
    for path in (base / "__init__.py", base.with_suffix(".py")):
        if path.is_file():
            return path
    return None


_FROM = re.compile(
    r"^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]*)", re.MULTILINE
)
_IMPORT = re.compile(
    r"^[ \t]*import[ \t]+([\w.]+(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*[\w.]+(?:[ \t]+as[ \t]+\w+)?)*)",
    re.MULTILINE,
)
"""Import statements, found by a scan of the text (parsing every module took most of a second
on a busy machine). A line that only looks like one, in a string, adds a module to the
digest: a key then depends on a little more than it needs, never on less."""


@cache
def _imports(name: str) -> tuple[frozenset[str], frozenset[str]]:
    """The kiroku modules and the third-party top-level packages module `name` imports
    anywhere in its source (function-local imports included)."""
    path = _module_file(name)
    if path is None:
        return frozenset(), frozenset()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    text = path.read_text(encoding="utf-8")
    ours: set[str] = set()
    theirs: set[str] = set()

    def add(module: str) -> None:
        if module == PACKAGE or module.startswith(PACKAGE + "."):
            ours.add(module)
        elif module and module.split(".")[0] not in sys.stdlib_module_names:
            theirs.add(module.split(".")[0])

    for found in _IMPORT.finditer(text):
        for part in found.group(1).split(","):
            add(part.split()[0])
    for found in _FROM.finditer(text):
        base = found.group(1)
        level = len(base) - len(base.lstrip("."))
        base = base.lstrip(".")
        if level:
            parts = package.split(".")[: len(package.split(".")) - level + 1]
            base = ".".join([*parts, base] if base else parts)
        for alias in found.group(2).strip("()").replace("\n", " ").split(","):
            alias = alias.split("#")[0].strip()
            if alias:
                child = f"{base}.{alias.split()[0]}"
                add(child if _module_file(child) is not None else base)
    return frozenset(ours), frozenset(theirs)


DISTRIBUTIONS = {"markdown_it": "markdown-it-py", "ruamel": "ruamel.yaml", "yaml": "PyYAML"}
"""Top-level packages whose distribution has another name (asking `importlib.metadata` for
the map of every installed distribution takes most of a second)."""


@cache
def _library_version(package: str) -> str:
    """`name==version` of the distribution providing a top-level package."""
    name = DISTRIBUTIONS.get(package, package)
    try:
        return f"{name}=={metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return name


@cache
def code_version(roots: tuple[str, ...], exclude: tuple[str, ...] = ()) -> str:
    """A digest of the source of `roots` and every kiroku module they import, transitively,
    with the versions of the libraries they import; modules under `exclude` are left out
    (their own digest keys what depends on them, such as each importer)."""

    def excluded(module: str) -> bool:
        return any(module == prefix or module.startswith(prefix + ".") for prefix in exclude)

    seen: set[str] = set()
    libraries: set[str] = set()
    pending = [root for root in roots if not excluded(root)]
    while pending:
        module = pending.pop()
        if module in seen:
            continue
        seen.add(module)
        ours, theirs = _imports(module)
        libraries |= theirs
        pending += [m for m in ours if m not in seen and not excluded(m)]
    digest = hashlib.sha256(f"python {sys.version_info[:2]}\0".encode())
    for module in sorted(seen):
        path = _module_file(module)
        if path is not None:
            digest.update(module.encode() + b"\0" + path.read_bytes() + b"\0")
    for library in sorted(libraries):
        digest.update(_library_version(library).encode() + b"\0")
    return digest.hexdigest()


def package_modules(package: str) -> tuple[str, ...]:
    """Every module of a kiroku package, found from its folder (new modules count at once)."""
    path = _module_file(package)
    if path is None:
        return (package,)
    folder = path.parent
    names = [package]
    for file in sorted(folder.rglob("*.py")):
        if "__pycache__" in file.parts:
            continue
        relative = file.relative_to(folder).with_suffix("").parts
        if relative[-1] == "__init__":
            relative = relative[:-1]
        if relative:
            names.append(".".join((package, *relative)))
    return tuple(names)


def analysis_version() -> str:
    """The version of what `kiroku analyse` decides: the digest of every module of
    `kiroku.analysis` and what they import (the schema, pykakasi's version). It needs no
    bumping: editing any of those files is a new version."""
    return code_version(package_modules("kiroku.analysis"))


def parser_version(format_name: str) -> str:
    """The version of one importer: its module, what it imports, and its libraries.

    The module is found by the importers' naming (`csv-batch` in `importers/csv_batch.py`)
    without importing them all; a format named otherwise is looked up in their table."""
    module = f"kiroku.importers.{format_name.replace('-', '_')}"
    if _module_file(module) is None:
        from kiroku import importers

        module = importers.get(format_name).parse.__module__
    return code_version((module,))


def versions(names: Iterable[str]) -> str:
    """One digest of several versions (for a key that depends on more than one)."""
    return hashlib.sha256("\0".join(names).encode()).hexdigest()


@cache
def site_version() -> str:
    """The version of what the site is made of: every module of `kiroku.site` and what they
    import (the analysis, the schema, the dataset writers, their libraries), and the files
    it ships (stylesheets, scripts, the default configuration)."""
    digest = hashlib.sha256(code_version(package_modules("kiroku.site")).encode())
    folder = ROOT / "site"
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix != ".py" and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()
