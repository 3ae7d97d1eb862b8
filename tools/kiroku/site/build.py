"""Building and serving the site through MkDocs, with errors a person can act on."""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import logging
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from kiroku.errors import KirokuError
from kiroku.project import Project

if TYPE_CHECKING:
    from kiroku.site.unchanged import Inputs

CONFIG_NAME = "mkdocs.yml"
DOCS_GEN = "docs-gen"
NO_SITEMAP = (
    "kiroku: no site_url, so no sitemap.xml (its addresses would all start with None); "
    "set site_url in mkdocs.yml or pass --site-url to kiroku build"
)


def config_path(project: Project) -> tuple[Path, bool]:
    """The project's `mkdocs.yml`, written from the packaged default if it has none yet."""
    path = project.root / CONFIG_NAME
    if path.exists():
        return path, False
    template = (resources.files("kiroku.site") / "mkdocs.default.yaml").read_text(encoding="utf-8")
    hook = Path(str(resources.files("kiroku.site") / "hook.py")).as_posix()
    path.write_text(template.replace("tools/kiroku/site/hook.py", hook), encoding="utf-8")
    return path, True


@contextlib.contextmanager
def mkdocs_logging(verbose: bool) -> Iterator[None]:
    """Show MkDocs' warnings (and with `verbose` its progress) on stderr while it runs."""
    os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.INFO if verbose else logging.WARNING)
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


@contextlib.contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Python's cyclic collector off while a build runs, then on again and run once.

    A build creates millions of objects and frees almost none until it ends (every log,
    page, file and search entry stays alive), so each collection walks them all for
    nothing: about a sixth of an incremental build's time. Reference counting still frees
    what it can, and the collection afterwards reclaims the build's cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
            gc.collect()


@dataclass(frozen=True)
class BuiltSite:
    """What a build left: the site folder and how many pages (`index.html` files) it holds."""

    site_dir: Path
    pages: int


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, or None on another C library."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return cast(Callable[[int], int], trim)


def release_freed_memory() -> None:
    """Give the memory freed since the last call back to the system, after a phase of a
    build that made and dropped much (planning every page; building one language).

    glibc keeps freed blocks of its heap for reuse and returns only the top of it: after the
    plan of 10,000 logs it held about 200 MB free that stayed in the process until the end of
    the build, while MkDocs allocated as much again beside it."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def build_site(
    project: Project,
    strict: bool = False,
    site_url: str | None = None,
    verbose: bool = False,
    incremental: bool = False,
) -> Path:
    """Render the archive into `site/`; returns the site folder (see `build`)."""
    return build(project, strict, site_url, verbose, incremental).site_dir


def build(
    project: Project,
    strict: bool = False,
    site_url: str | None = None,
    verbose: bool = False,
    incremental: bool = False,
) -> BuiltSite:
    """Render the archive into `site/`.

    Every build records what it rendered (`kiroku.site.incremental`); with `incremental` only
    pages whose inputs changed since then are rendered again, and when no input or output
    changed at all since the last build (`kiroku.site.unchanged`), MkDocs is not started.
    The pages are counted once, after a build by MkDocs; a build without it (nothing to do,
    or patched pages) leaves the same pages, so it tells the count recorded then."""
    from kiroku.site import patch_build, unchanged

    path, _ = config_path(project)
    options = {"strict": strict, "site_url": site_url}
    inputs = unchanged.Inputs.read(project, path)
    if incremental:
        kept = unchanged.nothing_to_build(project, path, options, inputs)
        if kept is not None:
            pages = patch_build.recorded_pages(project, kept)
            return BuiltSite(kept, patch_build.page_count(kept) if pages is None else pages)
    site_dir = unchanged.configured_site_dir(project, path)

    def run_mkdocs() -> tuple[Path, Any]:
        return _mkdocs_build(project, path, strict, site_url, verbose, incremental)

    return _patched_or_built(project, path, options, inputs, site_dir, incremental, run_mkdocs)


def _patched_or_built(
    project: Project,
    path: Path,
    options: dict[str, Any],
    inputs: Inputs,
    site_dir: Path,
    patch: bool,
    run_mkdocs: Callable[[], tuple[Path, Any]],
) -> BuiltSite:
    """The last build's pages patched (with `patch`, when the change allows it), else a
    build by MkDocs (`run_mkdocs`: the site folder and the configuration it built); either
    way recorded for the next build to patch or to find nothing to do. What `kiroku build`
    and `kiroku serve` both do."""
    from kiroku.site import patch_build, unchanged

    before = inputs.key(options, manifest=False)
    frame = patch_build.frame_key(inputs, options)
    if patch:
        with cyclic_gc_paused():
            patched = patch_build.patched_build(project, path, frame, site_dir)
        if patched is not None:
            site_dir = patched.site_dir
            outputs = unchanged.record(project, path, options, site_dir, before, patched.outputs)
            shape = patch_build.recorded_shape(project, site_dir)
            patch_build.record_build(project, path, site_dir, frame, shape, outputs, patched.pages)
            return BuiltSite(site_dir, patched.pages)
    unchanged.forget(project, site_dir)
    patch_build.forget(project, site_dir)
    site_dir, config = run_mkdocs()
    outputs = unchanged.record(project, path, options, site_dir, before)
    settings = patch_build.shape_of_config(config)
    pages = patch_build.page_count(site_dir)
    patch_build.record_build(project, path, site_dir, frame, settings, outputs, pages)
    return BuiltSite(site_dir, pages)


def _mkdocs_build(
    project: Project,
    path: Path,
    strict: bool,
    site_url: str | None,
    verbose: bool,
    incremental: bool,
) -> tuple[Path, Any]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    from kiroku.site.incremental import PLUGIN_NAME, IncrementalBuild, state_path

    (project.root / DOCS_GEN).mkdir(exist_ok=True)
    with mkdocs_logging(verbose), cyclic_gc_paused():
        try:
            config = load_config(str(path), strict=strict, site_url=site_url)
            config.plugins[PLUGIN_NAME] = IncrementalBuild(
                state_path(project.cache_dir, Path(config.site_dir)), project.root, incremental
            )
            build(config)
        except PluginError as error:
            raise KirokuError(str(error)) from None
        except (Abort, ConfigurationError) as error:
            raise KirokuError(f"site build failed: {error}", path) from None
    return Path(config.site_dir), config


def serve_site(project: Project, dev_addr: str | None = None, open_browser: bool = False) -> None:
    """Serve the site locally, rebuilding when a log, a raw file or a hand-written page changes.

    Every rebuild after the first is incremental: only pages whose inputs changed are
    rendered again, so saving one label shows up in seconds, not after a full build; and only
    the open pages it rewrote reload (`kiroku.site.live_reload`)."""
    from mkdocs.commands import serve as mkdocs_serve
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from kiroku.site import patch_build, unchanged
    from kiroku.site.incremental import PLUGIN_NAME, IncrementalBuild, state_path
    from kiroku.site.mkdocs_adapter import (
        serving_pages_reloaded_alone,
        serving_with_build,
        serving_with_config,
    )

    path, _ = config_path(project)
    (project.root / DOCS_GEN).mkdir(exist_ok=True)
    watch = [
        str(project.root / name)
        for name in ("logs", "archive", "docs")
        if (project.root / name).is_dir()
    ]
    states: set[Path] = set()
    sites: set[Path] = set()

    def incremental_config(*args: Any, **kwargs: Any) -> Any:
        config = load_config(*args, **kwargs)
        state = state_path(project.cache_dir, Path(config.site_dir))
        states.add(state)
        config.plugins[PLUGIN_NAME] = IncrementalBuild(state, project.root, incremental=True)
        return config

    def patched_or_built(config: Any, serve_url: str | None = None, dirty: bool = False) -> None:
        """Patch the changed pages into the served site when the change allows it (a label,
        a translation), else build it with MkDocs; as `kiroku build --incremental` does."""
        site_dir = Path(config.site_dir)
        sites.add(site_dir)
        options = {"strict": False, "site_url": config.site_url}

        def run_mkdocs() -> tuple[Path, Any]:
            mkdocs_build(config, serve_url=serve_url, dirty=dirty)
            return site_dir, config

        inputs = unchanged.Inputs.read(project, path)
        _patched_or_built(project, path, options, inputs, site_dir, True, run_mkdocs)

    with (
        mkdocs_logging(verbose=True),
        serving_with_config(incremental_config),
        serving_with_build(patched_or_built),
        serving_pages_reloaded_alone(unwatched=[patch_build.configured_docs_dir(project, path)]),
    ):
        try:
            mkdocs_serve.serve(
                str(path), dev_addr=dev_addr, open_in_browser=open_browser, watch=watch
            )
        finally:
            for state in states:
                state.unlink(missing_ok=True)
            for site_dir in sites:
                patch_build.forget(project, site_dir)
                unchanged.forget(project, site_dir)
