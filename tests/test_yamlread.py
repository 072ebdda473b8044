"""The reader: YAML 1.2 scalars, positions, limits, front matter splitting."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from generator.yamlread import MAX_BYTES, decode, parse_yaml, split_front_matter


def values(text: str) -> dict[str, object]:
    root, issues = parse_yaml(text)
    assert issues == []
    assert root is not None
    return {key: entry.node.value for key, entry in root.value.items()}


def test_yaml_12_core_schema() -> None:
    assert values("a: no\nb: yes\nc: on\nd: true\ne: 012\nf: 0o12\ng: 0x1F\nh: 1.50\ni: 2026-01-05\nj: ~\n"
                  "k: 1e3\nl: '12'\nm: .inf\n") == {
        "a": "no", "b": "yes", "c": "on", "d": True, "e": 12, "f": 10, "g": 31, "h": Decimal("1.50"),
        "i": "2026-01-05", "j": None, "k": Decimal("1e3"), "l": "12", "m": Decimal("Infinity"),
    }


def test_positions_are_one_based_key_positions() -> None:
    root, _ = parse_yaml("top:\n  inner: 1\nlist:\n  - a\n  - b: 2\n")
    assert root is not None
    top = root.value["top"]
    assert (top.line, top.column) == (1, 1)
    inner = top.node.value["inner"]
    assert (inner.line, inner.column) == (2, 3)
    items = root.value["list"].node.value
    assert [(i.line, i.column) for i in items] == [(4, 5), (5, 5)]


def test_duplicate_keys_reported_at_the_second() -> None:
    root, issues = parse_yaml("a: 1\nb: 2\na: 3\n")
    assert [(i.code, i.line, i.column) for i in issues] == [("SP003", 3, 1)]
    assert root is not None and root.value["a"].node.value == 1


@pytest.mark.parametrize("text", [
    "a: !!python/object/apply:os.system ['echo hi']\n",
    "a: !!python/name:os.system\n",
    "a: !custom 1\n",
    "a: !!binary aGVsbG8=\n",
])
def test_foreign_tags_are_sp005_at_the_tag(text: str) -> None:
    _root, issues = parse_yaml(text)
    assert [(i.code, i.line, i.column) for i in issues] == [("SP005", 1, 4)]


def test_alias_bomb_is_refused_quickly() -> None:
    bomb = "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
    prev = "a"
    for name in "bcdefghijklmnop":
        bomb += f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]\n"
        prev = name
    start = time.perf_counter()
    root, issues = parse_yaml(bomb)
    assert time.perf_counter() - start < 1.0
    assert root is None
    assert issues[-1].code == "SP002" and "100,000 values" in issues[-1].message


def test_wide_alias_list_is_linear() -> None:
    text = "a: &a [1, 2, 3]\nb: [" + ", ".join(["*a"] * 30_000) + "]\n"
    start = time.perf_counter()
    root, issues = parse_yaml(text)
    assert time.perf_counter() - start < 1.0
    assert root is None and issues[-1].code == "SP002"


@pytest.mark.parametrize("text", ["[" * 10_000 + "]" * 10_000, "a:\n" + "".join(" " * i + "- \n" for i in range(1, 300)),
                                  "- " * 5_000 + "x\n", "{a: " * 10_000 + "1" + "}" * 10_000])
def test_deep_nesting_is_refused_quickly(text: str) -> None:
    start = time.perf_counter()
    root, issues = parse_yaml(text)
    assert time.perf_counter() - start < 1.0
    assert root is None
    assert issues[-1].code == "SP002"


def test_hundred_levels_are_fine() -> None:
    root, issues = parse_yaml("[" * 100 + "]" * 100)
    assert root is not None and issues == []


def test_several_documents_are_refused() -> None:
    _root, issues = parse_yaml("a: 1\n---\nb: 2\n")
    assert [(i.code, i.line) for i in issues] == [("SP002", 2)]


def test_decode_limits_and_bom() -> None:
    assert decode(b"\xef\xbb\xbfa: 1\n") == ("a: 1\n", None)
    text, issue = decode(b"x" * (MAX_BYTES + 1))
    assert text is None and issue is not None and issue.code == "SP001"
    assert decode(b"x" * MAX_BYTES)[1] is None
    text, issue = decode(b"a: 1\nb: caf\xe9\n")
    assert issue is not None and (issue.code, issue.line, issue.column) == ("SP001", 2, 7)


def test_front_matter_lines_with_crlf_and_blank_lines() -> None:
    front, issue = split_front_matter("---\r\n\r\ntitle: x\r\n---\r\nBody\r\n")
    assert issue is None and front is not None
    root, issues = parse_yaml(front.yaml_text, line_offset=front.yaml_first_line - 1)
    assert root is not None and root.value["title"].line == 3
    assert front.body == "Body\r\n" and front.body_first_line == 5


@pytest.mark.parametrize(("text", "message"), [
    ("title: x\n", "the file must start with a '---' line opening the front matter"),
    ("---\ntitle: x\n", "the front matter is not closed by a '---' line"),
    ("---", "the front matter is not closed by a '---' line"),
    ("", "the file must start with a '---' line opening the front matter"),
])
def test_front_matter_must_be_fenced(text: str, message: str) -> None:
    front, issue = split_front_matter(text)
    assert front is None and issue is not None
    assert (issue.code, issue.line, issue.message) == ("SP002", 1, message)


def test_closing_fence_must_be_exact() -> None:
    front, _ = split_front_matter("---\na: |\n  --- not a fence\n---\n")
    assert front is not None and front.yaml_text == "a: |\n  --- not a fence\n"


# The usual YAML mistakes, explained for people who do not write YAML every day: one case each.
MISTAKES = {
    "colon in a title": ("title: Cut: cycle time\nstatus: new\n", 1, 10,
                         "the value of 'title' holds ': ', which YAML reads as another key",
                         'put the value in quotes: title: "Cut: cycle time"'),
    "tab": ("title: x\nmetric:\n\tname: Cycle time\n", 3, 1, "this line is indented with a tab",
            "indent with spaces: YAML does not accept tabs (most editors can turn tabs into spaces)"),
    "unclosed quote": ('title: "Cut cycle time\nstatus: new\n', 1, 8, 'the quote " opened here is never closed',
                       'end the text with " on the same line, or remove the opening "'),
    "unclosed bracket": ("stakeholders: [dana, li\nstatus: new\n", 1, 15,
                         "the list opened with '[' here is not closed",
                         "close it with ']' on the same line, items separated by commas: [a, b]"),
    "no space after a colon": ("title: x\nstatus:new\ndue: 2027-01-01\n", 2, 7, "there is no space after 'status:'",
                               "write a space after the colon: status: new"),
    "indented under a value": ("title: x\nstatus: new\n  due: 2027-01-01\n", 3, 3,
                               "this line is indented under 'status', which already has a value",
                               "indent it like 'status' if it is a field of its own"),
    "misaligned list item": ("- id: dana\n name: Dana\n", 2, 2,
                             "this line is indented differently from the lines above it",
                             "line up the keys of one item under each other, using spaces"),
}


@pytest.mark.parametrize("case", sorted(MISTAKES))
def test_yaml_mistakes_are_explained(case: str) -> None:
    text, line, column, message, hint = MISTAKES[case]
    root, issues = parse_yaml(text)
    assert root is None
    assert [(i.code, i.line, i.column, i.message, i.hint) for i in issues] == [("SP002", line, column, message, hint)]


def test_the_explanations_follow_the_front_matter_offset() -> None:
    _root, issues = parse_yaml("title: Cut: cycle time\n", line_offset=1)
    assert (issues[0].line, issues[0].column) == (2, 10)


def test_a_plain_url_is_not_a_missing_space() -> None:
    root, issues = parse_yaml("crm_url: https://crm.example.com/x\nname: a\n")
    assert issues == [] and root is not None


def test_text_fields_read_a_number_as_it_was_written() -> None:
    from generator.schema import Findings, Text

    root, issues = parse_yaml("a: .inf\nb: 1.50\nc: 0x1F\nd: 1e3\ne: 2026-01-05\nf: plain\ng: '7'\n")
    assert not issues and root is not None
    nodes = {key: entry.node for key, entry in root.value.items()}
    assert nodes["a"].value == Decimal("Infinity") and nodes["c"].value == 31  # still numbers for number fields
    assert {key: node.text for key, node in nodes.items()} == {
        "a": ".inf", "b": "1.50", "c": "0x1F", "d": "1e3", "e": "2026-01-05", "f": "plain", "g": "7"}
    assert Text().check(nodes["a"], Findings(), "name") == ".inf"  # a customer named ".inf" is not "Infinity"


# --- a long list read again with items added at its end ------------------------------------------

def _shape(node: object) -> object:
    """Everything a parse gives for a node, nested: kind, value, position, size, text as written."""
    from generator.yamlread import DataNode, Entry

    assert isinstance(node, DataNode)
    if node.kind == "map":
        value: object = [(k, e.line, e.column, _shape(e.node)) for k, e in node.value.items()]
        assert all(isinstance(e, Entry) for e in node.value.values())
    elif node.kind == "seq":
        value = [_shape(item) for item in node.value]
    else:
        value = (type(node.value).__name__, node.value)
    return node.kind, value, node.line, node.column, node.size, node.written


LONG_LIST = "".join(f"- date: 2026-01-{1 + i % 28:02d}\n  kind: call\n  title: 'Weekly call {i}'\n"
                    for i in range(1500))

APPENDED = [
    # (the end of the earlier text, the items added): each read as a whole parse reads it
    ("", "- date: 2026-11-16\n  kind: call\n  title: Weekly sync\n"),
    ("- &shared\n  date: 2026-02-01\n  kind: call\n  title: Anchored\n", "- *shared\n"),  # alias above: whole parse
    ("- notes: |+\n    kept line\n\n\n", "- date: 2026-11-16\n  kind: call\n  title: After kept blanks\n"),
    ("- notes: >\n    folded\n    text\n# a closing comment\n\n", "- kind: call\n  kind: email\n"),  # duplicate key
    ("- title: \"two\n    lines\"\n", "- title: \"tab\\there\"\n  note: \x07\n"),
    ("...\n", "- date: 2026-11-16\n"),  # the list ended its document: the rest is a second one
    ("- title: no line end", "\n- date: 2026-11-16\n"),
    ("- title: joined", "- on\n- date: 2026-11-16\n"),  # the added text continues the last line
    ("- readings:\n    seats: 10\n  date: 2026-03-01\n", "- readings: {seats: 12}\n  date: 2026-11-16\n"),
]


@pytest.mark.parametrize(("end", "added"), APPENDED)
def test_a_list_with_items_added_reads_as_a_whole_parse(end: str, added: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import yamlread

    earlier = LONG_LIST + end
    assert len(earlier) >= yamlread.MEMO_MIN_CHARS
    monkeypatch.setattr(yamlread, "_memo", {})
    parse_yaml(earlier)  # remembered, as when an edit loaded the file
    root, issues = parse_yaml(earlier + added)
    whole, whole_issues = yamlread._parse_yaml(earlier + added, 0, False)
    assert (root is None) == (whole is None)
    if whole is not None:
        assert _shape(root) == _shape(whole)
    assert [(i.code, i.line, i.column, i.message, i.fatal) for i in issues] == \
        [(i.code, i.line, i.column, i.message, i.fatal) for i in whole_issues]


def test_items_added_to_a_long_list_are_the_only_ones_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import yamlread

    monkeypatch.setattr(yamlread, "_memo", {})
    parsed: list[int] = []
    real = yamlread._parse_yaml

    def counting(text: str, line_offset: int, allow_foreign_tags: bool) -> object:
        parsed.append(len(text))
        return real(text, line_offset, allow_foreign_tags)

    monkeypatch.setattr(yamlread, "_parse_yaml", counting)
    added = "- date: 2026-11-16\n  kind: call\n  title: Weekly sync\n"
    parse_yaml(LONG_LIST)
    root, _ = parse_yaml(LONG_LIST + added)
    assert parsed == [len(LONG_LIST), len(added)]
    assert root is not None and len(root.value) == 1501 and root.value[-1].line == LONG_LIST.count("\n") + 1
    # the control: an edit that changes a line above the end is parsed whole
    parse_yaml(LONG_LIST.replace("Weekly call 7'", "Weekly call seven'") + added)
    assert parsed[-1] == len(LONG_LIST) + len(added) + 4
