"""Codes found while reading files; the loader reports them, these entries document them.

Each entry is (title, documentation) in the shape the rule modules' docstrings have (see
rules/__init__.py). SP005 is documented by its rule module, which covers what reading finds too.
"""

from ..problems import Severity

# What reading finds says the data is wrong (an error; SP009 for a logo file that is not there),
# but for a stray file (a warning).
READING_SEVERITY: dict[str, Severity] = {
    "SP001": "error", "SP002": "error", "SP003": "error", "SP004": "error", "SP005": "error", "SP006": "error",
    "SP007": "error", "SP009": "error", "SP113": "warning",
}

READING_CODES: dict[str, tuple[str, str]] = {
    "SP001": ("File unreadable", """\
The file cannot be read: it is not text in UTF-8, it is larger than 1 MiB, or it is a link or a
special file rather than a plain file.

Why it matters: nothing in it is checked or shown, so the customer's plan is missing that part.

How to fix: save the file as UTF-8 text (your editor's "Save with encoding"; a byte order mark is
fine), keep exports and attachments out of the plan, and replace a link with the file itself.

No example: the problem is in how the file is stored, not in a line you could show.
"""),
    "SP002": ("YAML syntax or front matter", """\
The file is not valid YAML, an objective or risk file does not open and close its fields with `---`
lines, or the data is nested more than 100 levels deep or expands to more than 100,000 values. The
line and column point at the spot, and the message says the usual slip in plain words.

Why it matters: nothing in the file can be read until it parses, so the whole file is left out.

How to fix: look at the line given (and the one above it): close the quote or bracket, put a title
holding a colon in quotes, indent with spaces, not tabs.

Example: stakeholders.yaml
Before:
      title: "VP Operations
After:
      title: VP Operations
"""),
    "SP003": ("Duplicate key", """\
The same key is written twice in one place. Only the first one is read; the problem points at the
second.

Why it matters: whoever reads the file sees the second value, the tool uses the first: the two
disagree without anyone noticing.

How to fix: keep the value you mean and delete the other line.

Example: objectives/faster-order-processing.md
Before:
    priority: 1
    priority: 2
After:
    priority: 1
"""),
    "SP004": ("Required field or file missing", """\
A required field is not written (the problem points at the entry that lacks it), or a customer
folder has no customer.yaml or stakeholders.yaml (the problem points at the folder).

Why it matters: the entry cannot be used without it: a stakeholder without a persona has no role in
the plan, an objective without a due date has no expected progress.

How to fix: add the field; the reference lists which fields each file requires. A customer with no
known stakeholders yet still needs stakeholders.yaml, holding `[]`.

Example: stakeholders.yaml
Before:
    - id: lee-chen
      name: Lee Chen
      title: Operations Analyst
After:
    - id: lee-chen
      name: Lee Chen
      title: Operations Analyst
      persona: adoption_champion
"""),
    "SP005": ("Wrong type or invalid value", "See the rule module sp005_semantics."),
    "SP006": ("Unknown field", """\
A key the format does not know, usually a typo; the hint suggests the closest known field. Keys
starting with `x-` are free fields for your own use and are never reported.

Why it matters: the value is ignored, so what you meant to record is missing from the plan.

How to fix: correct the spelling, or start the key with `x-` when it is a field of your own.

Example: objectives/faster-order-processing.md
Before:
    succes_criteria: Orders received by noon ship within two working days for a whole month.
After:
    success_criteria: Orders received by noon ship within two working days for a whole month.
"""),
    "SP007": ("Invalid id", """\
A customer folder, an objective or risk file name, or a stakeholder `id` is not a valid id: ids use
lowercase letters, digits and `-`, start with a letter or digit, and have at most 63 characters.

Why it matters: ids become web addresses and file names, and other files refer to them; a name with
spaces or capitals breaks both.

How to fix: rename the folder or file (`successplans rename` updates every reference), or write the
stakeholder's id in lowercase with dashes, e.g. `dana-whitfield`.

No example: the problem is usually in a file or folder name, which a text change cannot show.
"""),
    "SP113": ("Unknown file or folder", """\
A file or folder the tool does not read sits in a customer folder, or a file not ending in `.md` sits
in objectives/ or risks/.

Why it matters: usually it is a misspelt name (`activities.yaml`), and what it holds is silently
missing from the plan.

How to fix: rename it to the name the tool reads, or keep drafts and notes with a name starting with
`_` or `.` (and README.md), which are ignored.

No example: the problem is a file's name, not a line in it.
"""),
}
