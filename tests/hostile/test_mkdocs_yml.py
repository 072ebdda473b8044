"""build and serve never let MkDocs construct Python objects from mkdocs.yml, nor read a file it should not.

Every payload has its control: the same file read by MkDocs' own loader does run it (the marker
appears), so a refusal here is what stops it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.utils.yaml import yaml_load

from generator.cli import main
from generator.deliver import SETTINGS as DELIVERY_SETTINGS

COMMANDS = [["build", "--no-decks"], ["serve", "-a", "127.0.0.1:1"]]


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _payload(marker: Path) -> str:
    """A tag that creates `marker` when MkDocs' loader constructs it."""
    return f"!!python/object/apply:os.mkdir [{str(marker)!r}]"


def _mkdocs_runs(mkdocs_yml: Path) -> None:
    """The control: MkDocs' own loader reading the file, INHERIT included."""
    with mkdocs_yml.open("rb") as handle:
        try:
            yaml_load(handle)
        except Exception:  # noqa: BLE001 - the payload's value is no valid setting; it has run by then
            pass


@pytest.mark.parametrize("command", COMMANDS)
def test_a_code_running_tag_is_refused_before_mkdocs_reads_the_file(plans: Path, command: list[str],
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    marker = plans.parent / "ran"
    _append(plans / "mkdocs.yml", f"extra:\n  x: {_payload(marker)}\n")
    assert main(command) == 2
    err = capsys.readouterr().err
    assert "mkdocs.yml:6: the YAML tag '!!python/object/apply:os.mkdir' is refused" in err
    assert not marker.exists()
    assert not (plans / "site").exists()
    _mkdocs_runs(plans / "mkdocs.yml")
    assert marker.is_dir()  # the control: MkDocs would have run it


def test_an_inherited_file_is_scanned_too(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    marker = plans.parent / "ran"
    (plans / "base.yml").write_text(f"theme:\n  name: {_payload(marker)}\n", encoding="utf-8")
    _append(plans / "mkdocs.yml", "INHERIT: base.yml\n")
    assert main(["build", "--no-decks"]) == 2
    assert "base.yml:2: the YAML tag '!!python/object/apply:os.mkdir' is refused" in capsys.readouterr().err
    assert not marker.exists()
    _mkdocs_runs(plans / "mkdocs.yml")
    assert marker.is_dir()


@pytest.mark.parametrize("inherit, message", [
    ("INHERIT: !ENV [UNSET_VARIABLE_FOR_TEST, evil.yml]\n", "mkdocs.yml:5: INHERIT must be the plain path"),
    ("INHERIT: base.yml\nINHERIT: evil.yml\n", "mkdocs.yml:6:1: duplicate key 'INHERIT' (first on line 5); MkDocs "
     "would keep only the last"),
    ("anchors:\n  a: &a {INHERIT: evil.yml}\n<<: *a\n", "INHERIT comes from a merge key"),
])
@pytest.mark.parametrize("command", COMMANDS)
def test_inherit_written_any_other_way_is_refused(plans: Path, inherit: str, message: str, command: list[str],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    marker = plans.parent / "ran"
    (plans / "base.yml").write_text("site_description: harmless\n", encoding="utf-8")
    (plans / "evil.yml").write_text(f"extra:\n  x: {_payload(marker)}\n", encoding="utf-8")
    _append(plans / "mkdocs.yml", inherit)
    assert main(command) == 2
    assert message in capsys.readouterr().err
    assert not marker.exists()
    _mkdocs_runs(plans / "mkdocs.yml")
    assert marker.is_dir()  # MkDocs follows each of these to evil.yml


def test_a_repeated_key_in_an_inherited_file_is_refused(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (plans / "base.yml").write_text("extra:\n  a: 1\n  a: 2\n", encoding="utf-8")
    _append(plans / "mkdocs.yml", "INHERIT: base.yml\n")
    assert main(["build", "--no-decks"]) == 2
    assert "base.yml:3:3: duplicate key 'a' (first on line 2)" in capsys.readouterr().err


def test_keys_pyyaml_reads_as_one_are_a_repeated_key(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # YAML 1.1 (MkDocs' loader) reads `on` and `true` as the same key; the later one would win
    _append(plans / "mkdocs.yml", "extra:\n  on: 1\n  true: 2\n")
    assert main(["build", "--no-decks"]) == 2
    assert "mkdocs.yml:7: the key 'True' is written twice in this mapping (first on line 6)" in capsys.readouterr().err


@pytest.mark.parametrize("target", ["../outside/evil.yml", "{outside}/evil.yml", "linked.yml"])
def test_inherit_never_leaves_the_repository(plans: Path, target: str, capsys: pytest.CaptureFixture[str]) -> None:
    outside = plans.parent / "outside"
    (outside / "evil.yml").write_text("site_description: from outside\n", encoding="utf-8")
    (plans / "linked.yml").symlink_to(outside / "evil.yml")
    _append(plans / "mkdocs.yml", f"INHERIT: {target.format(outside=outside)}\n")
    assert main(["build", "--no-decks"]) == 2
    err = capsys.readouterr().err
    assert "INHERIT names" in err and ("outside the repository" in err or "absolute path" in err)
    assert not (plans / "site").exists()


def test_inherit_inside_the_repository_still_works(plans: Path) -> None:
    (plans / "config").mkdir()
    (plans / "config" / "base.yml").write_text("site_description: shared settings\n", encoding="utf-8")
    _append(plans / "mkdocs.yml", "INHERIT: config/base.yml\n")
    assert main(["build", "--no-decks"]) == 0
    assert "shared settings" in (plans / "site" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("variable", ["SUCCESSPLANS_NOTE_TOKEN", "SUCCESSPLANS_COMMENT_TOKEN", *sorted(DELIVERY_SETTINGS),
                                      "CI_JOB_TOKEN", "GITHUB_TOKEN"])
@pytest.mark.parametrize("written", ["!ENV {name}", "!ENV [UNSET_VARIABLE, {name}, fallback]", "!ENV [{name}]"])
def test_env_never_copies_a_secret_into_the_site(plans: Path, variable: str, written: str,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    secret = "glpat-0123456789abcdef"
    monkeypatch.setenv(variable, secret)
    _append(plans / "mkdocs.yml", f"site_description: {written.format(name=variable)}\n")
    assert main(["build", "--no-decks"]) == 2
    assert f"mkdocs.yml:5: !ENV {variable} is refused" in capsys.readouterr().err
    assert not (plans / "site").exists()
    # the control: MkDocs itself would have put the value into the pages
    with (plans / "mkdocs.yml").open("rb") as handle:
        assert yaml_load(handle)["site_description"] == secret


def test_env_of_an_ordinary_variable_is_substituted(plans: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_DESCRIPTION_FOR_TEST", "Plans of the north team")
    _append(plans / "mkdocs.yml", "site_description: !ENV [SITE_DESCRIPTION_FOR_TEST, none]\n")
    assert main(["build", "--no-decks"]) == 0
    assert "Plans of the north team" in (plans / "site" / "index.html").read_text(encoding="utf-8")


@pytest.mark.heavy
def test_materials_name_tags_env_and_relative_are_allowed(plans: Path) -> None:
    _append(plans / "mkdocs.yml", "markdown_extensions:\n  - pymdownx.superfences:\n      custom_fences:\n"
            "        - name: mermaid\n          class: mermaid\n          format: !!python/name:pymdownx.superfences.fence_code_format\n"
            "extra:\n  home: !ENV [HOME, '/']\n")
    assert main(["build", "--no-decks"]) == 0


def test_a_fifo_as_mkdocs_yml_is_refused_without_waiting(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    fifo = plans / "other.yml"
    os.mkfifo(fifo)
    assert main(["build", "--no-decks", "-f", str(fifo)]) == 2
    assert "not a regular file" in capsys.readouterr().err


@pytest.mark.heavy
@pytest.mark.parametrize("payload", ["tag", "hook"])
@pytest.mark.parametrize("mode", ["preview", "whole-site rebuilds"])
def test_a_payload_pulled_in_while_serving_is_refused_too(plans: Path, mode: str, payload: str,
                                                          tmp_path: Path) -> None:
    import os
    import subprocess
    import sys
    import time

    from tests.conftest import stop_process_group

    from .test_runaways import _free_port, _status

    mkdocs_yml = plans / "mkdocs.yml"
    if mode != "preview":  # a plugin that may read other pages: MkDocs' own serve rebuilds the site
        mkdocs_yml.write_text(mkdocs_yml.read_text(encoding="utf-8").replace("plugins:\n", "plugins:\n"
                                                                             "  - material/offline\n"),
                              encoding="utf-8")
    port = _free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}"], cwd=plans,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                env={**{k: v for k, v in os.environ.items() if k != "SUCCESSPLANS_TRUST_CODE"},
                                     "SUCCESSPLANS_TODAY": "2026-11-16"})
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if _status(port, "/") == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, log_path.read_text(encoding="utf-8")
                time.sleep(0.3)
            marker = plans.parent / "ran"
            if payload == "tag":
                _append(mkdocs_yml, f"extra:\n  x: {_payload(marker)}\n")
            else:  # a hook nobody running the server trusted
                (plans / "notify.py").write_text(f"import os\nos.mkdir({str(marker)!r})\n", encoding="utf-8")
                _append(mkdocs_yml, "hooks:\n  - notify.py\n")
            while "not rebuilt" not in log_path.read_text(encoding="utf-8") and \
                    "not updated" not in log_path.read_text(encoding="utf-8"):
                assert time.monotonic() < deadline + 60, log_path.read_text(encoding="utf-8")
                time.sleep(0.3)
            assert _status(port, "/") == 200  # still serving the site it had
        finally:
            stop_process_group(proc)
    output = log_path.read_text(encoding="utf-8")
    if payload == "tag":
        assert "the YAML tag '!!python/object/apply:os.mkdir' is refused" in output, output
    else:
        assert "building would run code from the repository: notify.py (a hook)" in output, output
    assert "Traceback" not in output
    assert not marker.exists()
    if payload == "tag":
        _mkdocs_runs(mkdocs_yml)
    else:  # the control: MkDocs loading the configuration imports the hook
        from mkdocs.config import load_config
        from mkdocs.exceptions import Abort

        (plans / "docs").mkdir(exist_ok=True)  # MkDocs checks docs_dir before it imports hooks
        try:
            load_config(str(mkdocs_yml))
        except Abort:  # a setting of this test repository MkDocs does not like; the hook ran by then
            pass
    assert marker.is_dir()
