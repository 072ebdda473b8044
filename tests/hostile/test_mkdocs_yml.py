"""build and serve never let MkDocs construct Python objects from mkdocs.yml's tags."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.mark.parametrize("command", [["build", "--no-decks"], ["serve", "-a", "127.0.0.1:1"]])
def test_a_code_running_tag_is_refused_before_mkdocs_reads_the_file(plans: Path, command: list[str],
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    marker = plans.parent / "ran"
    _append(plans / "mkdocs.yml", f"extra:\n  x: !!python/object/apply:pathlib.Path.touch [{str(marker)!r}]\n")
    assert main(command) == 2
    err = capsys.readouterr().err
    assert "mkdocs.yml:6: the YAML tag '!!python/object/apply:pathlib.Path.touch' is refused" in err
    assert not marker.exists()
    assert not (plans / "site").exists()


def test_an_inherited_file_is_scanned_too(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    marker = plans.parent / "ran"
    (plans / "base.yml").write_text(f"theme:\n  name: !!python/object/new:pathlib.Path [{str(marker)!r}]\n",
                                    encoding="utf-8")
    _append(plans / "mkdocs.yml", "INHERIT: base.yml\n")
    assert main(["build", "--no-decks"]) == 2
    assert "base.yml:2: the YAML tag '!!python/object/new:pathlib.Path' is refused" in capsys.readouterr().err


@pytest.mark.heavy
def test_materials_name_tags_env_and_relative_are_allowed(plans: Path) -> None:
    _append(plans / "mkdocs.yml", "markdown_extensions:\n  - pymdownx.superfences:\n      custom_fences:\n"
            "        - name: mermaid\n          class: mermaid\n          format: !!python/name:pymdownx.superfences.fence_code_format\n"
            "extra:\n  home: !ENV [HOME, '/']\n")
    assert main(["build", "--no-decks"]) == 0
