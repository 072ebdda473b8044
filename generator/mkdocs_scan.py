"""mkdocs.yml before MkDocs reads it: nothing in it may run code, publish a secret or hide a key.

`build` and `serve` hand mkdocs.yml to MkDocs, whose loader constructs Python objects from YAML tags
and follows `INHERIT` to another file. So both commands first read every file MkDocs would read, the
way MkDocs reads it but without constructing anything, and refuse (exit 2, at the file and line):

- a tag other than `!!python/name:` (Material's settings use it), `!ENV` and `!relative`;
- a key written twice in one mapping (MkDocs keeps the last; a reader of the file sees the first);
- an `INHERIT` that is not a plain relative path, written as such, to a file inside the repository
  (not through `!ENV`, an alias target outside, or a merge key);
- an `!ENV` naming a secret variable (secretvars.py): a page would publish it.

What remains can still run the repository's own Python on purpose (hooks, theme overrides, a plugin
or Markdown extension living in the repository, trusted page templates): `repository_code` names it,
and `guard_repository_code` lets it run only when the person running the command says they trust
it (`--trust-code`, or SUCCESSPLANS_TRUST_CODE=1 in the environment): a setting inside the
repository cannot give that consent, since a merge request could change it with the code.
"""

from __future__ import annotations

import os
import site
import sysconfig
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .errors import ConfigError
from .files import read_regular
from .secretvars import is_secret
from .yamlread import MAX_BYTES, decode, printable

if TYPE_CHECKING:
    from .config import Config

_PYTHON_NAME = "tag:yaml.org,2002:python/name:"
_CORE = "tag:yaml.org,2002:"
_SAFE_TAGS = {"!ENV", "!relative", "!"} | {_CORE + t for t in ("str", "int", "float", "bool", "null", "map", "seq")}
_MERGE = _CORE + "merge"


def check_mkdocs_yml(mkdocs_yml: Path) -> tuple[Path, ...]:
    """Refuse (ConfigError) a mkdocs.yml that MkDocs must not read; returns it and the files it inherits.

    Every file in the chain is checked the same way; an INHERIT must stay inside the repository
    (the folder of mkdocs.yml), so a merge request cannot make MkDocs read a file from elsewhere.
    """
    root = Path(os.path.realpath(mkdocs_yml.parent))
    chain: list[Path] = []
    path: Path | None = mkdocs_yml
    while path is not None:
        real = Path(os.path.realpath(path))
        if real in (Path(os.path.realpath(p)) for p in chain):
            raise ConfigError(f"{printable(str(path))}: INHERIT loops back to this file")
        chain.append(path)
        path = _check_one(path, root)
    return tuple(chain)


def _check_one(path: Path, root: Path) -> Path | None:
    """Check one file of the chain; the file it inherits, if any."""
    from .config import read_mkdocs_yml

    shown = printable(str(path))
    read_mkdocs_yml(path)  # the reader with budgets first: no alias bomb reaches PyYAML's constructor
    text = _text(path)
    try:
        _check_tags(text, shown)
        loader = _Inert(text, shown)
        try:
            node = loader.get_single_node()
            explicit = list(node.value) if isinstance(node, yaml.MappingNode) else []
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise ConfigError(f"{shown}:{line}: YAML syntax error: {printable(str(getattr(exc, 'problem', exc)))}") \
            from None
    if not isinstance(data, dict) or "INHERIT" not in data:
        return None
    return _inherited(path, shown, root, explicit)


def _text(path: Path) -> str:
    shown = printable(str(path))
    try:
        text, issue = decode(read_regular(path, MAX_BYTES))
    except OSError as exc:
        raise ConfigError(f"cannot read {shown}: {exc.strerror or exc}") from None
    if text is None:
        raise ConfigError(f"{shown}:{issue.line if issue else 1}: {issue.message if issue else 'unreadable'}")
    return text


def _check_tags(text: str, shown: str) -> None:
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        tag = getattr(event, "tag", None)
        if tag is None or tag in _SAFE_TAGS or tag.startswith(_PYTHON_NAME):
            continue
        written = "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag
        line = event.start_mark.line + 1 if event.start_mark is not None else 1
        raise ConfigError(f"{shown}:{line}: the YAML tag '{printable(written)}' is refused: MkDocs would run it "
                          "as code (only !!python/name:, !ENV and !relative are allowed)")


def _inherited(path: Path, shown: str, root: Path, explicit: list[tuple[yaml.Node, yaml.Node]]) -> Path:
    written = [(key, value) for key, value in explicit
               if isinstance(key, yaml.ScalarNode) and key.tag != _MERGE and key.value == "INHERIT"]
    if not written:
        raise ConfigError(f"{shown}: INHERIT comes from a merge key (<<); write 'INHERIT: <file>' in this file "
                          "itself")
    key, value = written[0]
    line = key.start_mark.line + 1
    if not isinstance(value, yaml.ScalarNode) or value.tag != _CORE + "str" or not value.value.strip():
        raise ConfigError(f"{shown}:{line}: INHERIT must be the plain path of a file in this repository, "
                          "not a tag, list or mapping (MkDocs would read whatever it names)")
    target = value.value
    if os.path.isabs(target) or target.startswith("~"):
        raise ConfigError(f"{shown}:{line}: INHERIT names '{printable(target)}', an absolute path; name a file in "
                          "this repository, relative to this file")
    parent = Path(os.path.normpath(os.path.join(path.parent, target)))
    real = Path(os.path.realpath(parent))
    if real != root and root not in real.parents:
        raise ConfigError(f"{shown}:{line}: INHERIT names '{printable(target)}', which lies outside the repository "
                          f"({printable(str(root))}); MkDocs may read only files of the repository")
    if not parent.is_file():
        raise ConfigError(f"{shown}:{line}: INHERIT names {printable(target)}, which does not exist")
    return parent


class _Inert(yaml.SafeLoader):
    """PyYAML's safe loader seeing mkdocs.yml as MkDocs' loader does (same keys, same merges), with
    MkDocs' own tags read as inert values and every mapping checked for a repeated key."""

    def __init__(self, text: str, shown: str) -> None:
        super().__init__(text)
        self.shown = shown

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:  # type: ignore[override]
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, _value in node.value:
                if key_node.tag == _MERGE:
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.get(key)
                except TypeError:  # a list or mapping as a key: the base class reports it
                    continue
                line = key_node.start_mark.line + 1
                if first is not None:
                    raise ConfigError(f"{self.shown}:{line}: the key '{printable(str(key))}' is written twice in "
                                      f"this mapping (first on line {first}); MkDocs would keep only the last: "
                                      "remove one")
                seen[key] = line
        return super().construct_mapping(node, deep=deep)


def _env(loader: _Inert, node: yaml.Node) -> str:
    names: list[yaml.Node] = [node] if isinstance(node, yaml.ScalarNode) else list(node.value) \
        if isinstance(node, yaml.SequenceNode) else []
    if isinstance(node, yaml.SequenceNode) and len(names) > 1:
        names = names[:-1]  # the last item is the default value, not a variable
    for item in names:
        if isinstance(item, yaml.ScalarNode) and is_secret(item.value):
            raise ConfigError(f"{loader.shown}:{item.start_mark.line + 1}: !ENV {printable(item.value)} is refused: "
                              "it names a secret (a token, password or webhook, or a setting of successplans), "
                              "and the site would publish its value")
    return "<environment variable>"


_Inert.add_constructor("!ENV", _env)
_Inert.add_constructor("!relative", lambda _loader, _node: "<relative path>")
_Inert.add_multi_constructor(_PYTHON_NAME, lambda _loader, suffix, _node: f"<python name {suffix}>")


# --- what a build runs from the repository -------------------------------------------------------

def merged_settings(chain: tuple[Path, ...]) -> dict[str, Any]:
    """The settings MkDocs reads from a checked chain: each file over the one it inherits."""
    from .config import read_mkdocs_yml

    merged: dict[str, Any] = {}
    for path in reversed(chain):
        merged = _merge(merged, read_mkdocs_yml(path))
    merged.pop("INHERIT", None)
    return merged


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        out[key] = _merge(out[key], value) if isinstance(out.get(key), dict) and isinstance(value, dict) else value
    return out


TRUST_ENV = "SUCCESSPLANS_TRUST_CODE"
"""Set to 1, the environment trusts the repository's code (the CI job of a team that uses hooks)."""


def code_trusted() -> bool:
    """Whether the environment says the repository's code may run (`--trust-code` sets it too)."""
    return os.environ.get(TRUST_ENV, "").strip() == "1"


def guard_repository_code(chain: tuple[Path, ...], config: Config, *, trusted: bool) -> list[str]:
    """What the repository's code would run (see repository_code); refused (exit 2) unless trusted."""
    code = repository_code(chain, config)
    if code and not trusted:
        raise ConfigError(f"{printable(str(chain[0]))}: building would run code from the repository: "
                          f"{'; '.join(code)}. Read it first (a merge request may have changed it); if you trust "
                          f"it, run again with --trust-code or with {TRUST_ENV}=1 set")
    return code


def repository_code(chain: tuple[Path, ...], config: Config) -> list[str]:
    """What in the repository a build would run as Python, in words (empty: nothing).

    Hooks are Python files; theme overrides and trusted page templates are Jinja templates that can
    reach Python; a plugin or Markdown extension is repository code when its module lies in the
    repository rather than among the installed packages.
    """
    from .resources import templates_for

    root = Path(os.path.realpath(chain[0].parent))
    settings = merged_settings(chain)
    found: list[str] = []
    hooks = settings.get("hooks")
    for hook in hooks if isinstance(hooks, list) else []:
        found.append(f"{printable(str(hook))} (a hook)")
    theme = settings.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if isinstance(custom, str) and custom.strip():
        found.append(f"{printable(custom.rstrip('/'))}/ (theme templates)")
    for name in _names(settings.get("plugins")):
        if name != "successplans" and _in_repository(_entry_module("mkdocs.plugins", name), root):
            found.append(f"the {printable(name)} plugin")
    for name in _names(settings.get("markdown_extensions")):
        module = _entry_module("markdown.extensions", name) or name.partition(":")[0]
        if _in_repository(module, root):
            found.append(f"the Markdown extension {printable(name)}")
    templates = templates_for(config)
    if config.trust_templates and len(templates.folders) > 1:
        found.append(f"{printable(_shown(templates.folders[0], root))}/ (page templates trusted by trust_templates)")
    return found


def _shown(folder: Path, root: Path) -> str:
    try:
        return Path(os.path.realpath(folder)).relative_to(root).as_posix()
    except ValueError:
        return str(folder)


def _names(items: Any) -> list[str]:
    if isinstance(items, dict):
        return [str(k) for k in items]
    if not isinstance(items, list):
        return []
    return [item if isinstance(item, str) else str(next(iter(item))) for item in items
            if isinstance(item, str) or (isinstance(item, dict) and len(item) == 1)]


def _entry_module(group: str, name: str) -> str | None:
    from importlib.metadata import entry_points

    for point in entry_points(group=group):
        if point.name == name:
            return point.module
    return None


def _installed() -> list[Path]:
    places = {sysconfig.get_paths().get(key) for key in ("purelib", "platlib", "stdlib", "platstdlib")}
    places.update(site.getsitepackages() if hasattr(site, "getsitepackages") else [])
    return [Path(os.path.realpath(p)) for p in places if p]


def _in_repository(module: str | None, root: Path) -> bool:
    """Whether a module would be imported from the repository (not from the installed packages)."""
    if not module:
        return False
    from importlib.util import find_spec

    top = module.partition(".")[0]
    try:
        spec = find_spec(top)  # a top-level name: found, not imported
    except (ImportError, ValueError):
        return False
    if spec is None:
        return False
    places = list(spec.submodule_search_locations or []) or [spec.origin or ""]
    installed = _installed()
    for place in places:
        if not place or place in ("built-in", "frozen"):
            continue
        real = Path(os.path.realpath(place))
        inside = real == root or root in real.parents
        if inside and not any(real == i or i in real.parents for i in installed):
            return True
    return False
