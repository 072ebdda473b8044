"""Codes found while reading files; the loader reports them, these entries document them."""

READING_CODES: dict[str, tuple[str, str]] = {
    "SP001": ("File unreadable", "The file cannot be read, is not UTF-8, or is over 1 MiB. Save it as UTF-8 "
              "(a leading BOM is fine) and keep bulk content such as exports out of the plan."),
    "SP002": ("YAML syntax or front matter", "The YAML does not parse, an objective or risk file does not open "
              "and close its front matter with `---` lines, or the data is pathological (more than 100 levels "
              "deep, or more than 100,000 values once aliases are expanded). The line points at the spot."),
    "SP003": ("Duplicate key", "The same key appears twice in one mapping. Only the first is read; the "
              "problem points at the second."),
    "SP004": ("Required field or file missing", "A required field is absent (reported at the mapping that "
              "lacks it), or customer.yaml / stakeholders.yaml is missing (reported at the folder)."),
    "SP005": ("Wrong type or invalid value", "A value has the wrong type or is not allowed: an unknown enum "
              "value, a date that is not YYYY-MM-DD, a negative ARR, a URL that is not http(s), a YAML tag "
              "such as `!!python/object`, `closed` on an open objective, or a reading for an objective that "
              "has no metric."),
    "SP006": ("Unknown field", "A key the format does not know, usually a typo; the hint suggests the closest "
              "known field. Keys starting with `x-` are free extension fields and never reported."),
    "SP007": ("Invalid id", "A customer folder, objective or risk file name, or stakeholder `id` is not a safe "
              "id: lowercase letters, digits and `-`, at most 63 characters, starting with a letter or digit. "
              "Ids become URLs and file names."),
    "SP113": ("Unknown file or folder", "A file or folder the tool does not read sits in a customer folder "
              "(or a non-.md file in objectives/ or risks/). Names starting with `.` or `_` and README.md are "
              "ignored, so keep drafts as `_draft.md`."),
}
