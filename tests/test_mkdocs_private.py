"""The private MkDocs names the preview relies on are all in generator/site/mkdocs_private.py, and the
installed MkDocs still has each of them as it was written against: a release that renames one or
changes its parameters fails here, by name."""

from __future__ import annotations

import importlib
import inspect
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from mkdocs.livereload import LiveReloadServer

from generator.site import mkdocs_private
from generator.site.mkdocs_private import PRIVATE

ROOT = Path(__file__).resolve().parent.parent


def _parameters(obj: object) -> str:
    """A callable's parameters as written, without annotations: "(page, config, dirty=False)"."""
    signature = inspect.signature(obj)  # type: ignore[arg-type]
    return "(" + ", ".join(
        p.name if p.default is inspect.Parameter.empty else f"{p.name}={p.default!r}"
        for p in signature.parameters.values()) + ")"


def _rendered_page() -> Any:
    """A page MkDocs has rendered from "# Title"."""
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    with tempfile.TemporaryDirectory() as docs:
        config = MkDocsConfig()
        config.load_dict({"site_name": "t", "docs_dir": docs, "site_dir": docs + "-site"})
        errors, _ = config.validate()
        assert errors == []
        file = File("index.md", src_dir=None, dest_dir=config.site_dir, use_directory_urls=True)
        page = Page(None, file, config)
        page.markdown = "# Title\n"
        page.render(config, Files([file]))
    return page


def _installed(name: str) -> str:
    if name.startswith("Page()."):  # an attribute a rendered page has
        return type(getattr(_rendered_page(), name.removeprefix("Page()."))).__name__
    if name.startswith("LiveReloadServer()."):  # an attribute a new server sets up
        server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=".")
        try:
            return type(getattr(server, name.removeprefix("LiveReloadServer()."))).__name__
        finally:
            server.server_close()
    module, _, attribute = name.rpartition(".")
    try:
        owner: object = importlib.import_module(module)
    except ModuleNotFoundError:  # a method: the module is one level up
        module, _, cls = module.rpartition(".")
        owner = getattr(importlib.import_module(module), cls)
    return _parameters(getattr(owner, attribute))


def test_every_private_name_is_as_the_preview_expects() -> None:
    changed = {name: (expected, _installed(name)) for name, expected in PRIVATE.items()}
    assert {name: both for name, both in changed.items() if both[0] != both[1]} == {}


def test_a_changed_private_name_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    # the control: a release that adds a parameter to one of them, or drops an attribute, reads differently
    import mkdocs.commands.build

    def changed(page: object, config: object, files: object, dirty: bool = False, strict: bool = False) -> None: ...

    monkeypatch.setattr(mkdocs.commands.build, "_populate_page", changed)
    assert _installed("mkdocs.commands.build._populate_page") != PRIVATE["mkdocs.commands.build._populate_page"]
    monkeypatch.delattr(mkdocs.commands.build, "_build_page")
    with pytest.raises(AttributeError):
        _installed("mkdocs.commands.build._build_page")


def test_no_other_module_names_a_private_mkdocs_name() -> None:
    names = {name.rpartition(".")[2] for name in PRIVATE}
    adapter = Path(mkdocs_private.__file__).resolve()
    found = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        if path.resolve() == adapter:
            continue
        text = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(ROOT)}: {name}" for name in sorted(names)
                  if re.search(rf"\b{re.escape(name)}\b", text)]
    assert found == []
