"""Configuration (SPEC §6): the `successplans` entry under `plugins:` in mkdocs.yml.

The command line and the MkDocs plugin read the same options through `Config.from_mapping`.
mkdocs.yml may carry Material's `!!python/name:` tags; they are read as inert values and never run.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .files import read_regular
from .schema import DEFAULT_SEGMENTS, ID_RE, date_in_range, to_python
from .yamlread import MAX_BYTES, decode, parse_yaml, printable

PLUGIN_NAME = "successplans"


@dataclass(frozen=True, kw_only=True)
class Config:
    """Options of the `successplans` plugin entry, with their defaults."""

    customers_dir: str = "customers"
    """Folder holding one folder per customer, relative to mkdocs.yml."""
    stale_after_days: int = 90
    """An open objective not revalidated for more days than this is stale (SP101, SP102)."""
    activity_gap_days: int = 14
    """No activity for more days than this raises SP103."""
    max_open_objectives: int = 3
    """More open objectives than this raises SP105: keep the focus on 1–3."""
    renewal_window_days: int = 90
    """Renewals this many days ahead are listed, and need a recent EBR (SP108)."""
    exec_checkin_days: int = 90
    """An executive check-in or EBR is expected within this many days (SP109)."""
    ebr_lead_days: int = 60
    """The agenda asks for the EBR before a renewal this many days ahead of the renewal date, so
    there is time to prepare it and act on what the customer says."""
    risk_review_days: int = 14
    """An open medium- or high-severity risk comes back on the agenda this many days after its
    latest dated update (or its opening date, before the first update)."""
    on_track_tolerance: Fraction = Fraction(1, 10)
    """Progress may trail expected progress by this much and still be on track."""
    at_risk_tolerance: Fraction = Fraction(1, 4)
    """Progress trailing by more than on_track_tolerance and at most this is at risk."""
    segments: tuple[str, ...] = DEFAULT_SEGMENTS
    """Allowed values of `segment` in customer.yaml."""
    company_name: str = "Our company"
    """Your company's name, shown on decks and digests."""
    deck_template: str | None = None
    """Path to a branded .pptx deck template, relative to mkdocs.yml (not .potx)."""
    templates_dir: str | None = None
    """Folder whose files replace the shipped page templates, CSS and deck template of the same name,
    relative to mkdocs.yml (default: site_templates/ beside mkdocs.yml, when there is one)."""
    as_of: dt.date | None = None
    """A fixed as-of date for demos and archived reports; unset means today."""
    trust_templates: bool = False
    """Render the repository's own page templates (templates_dir, else site_templates/) with full
    access to Python. Off, they render in Jinja's sandbox, so a template changed in a merge request
    cannot run code on the machines that build the site. On, the templates are code: `build` and
    `serve` say so when they start, and they belong under code_owners' review."""
    code_owners: tuple[str, ...] = ()
    """Who reviews the repository's code files (mkdocs.yml, CI, hooks, templates, CODEOWNERS...) in
    the CODEOWNERS lines `successplans codeowners` prints, e.g. ['@brightwell/cs-leads']: forge
    user or team names, or e-mail addresses."""
    rules: Mapping[str, str] = field(default_factory=dict)
    """Per warning code, `off` (never reported: counted as waived), `warning` or `error` (fails
    `check`, and nothing else), e.g. {SP107: off}. Error codes stay errors."""
    status_colors: Mapping[str, str] = field(default_factory=dict)
    """Deck status colours by status (on_track, at_risk, off_track, overdue, planned, unmeasured,
    not_measured, achieved, closed) as RRGGBB hex, for a company's palette; unset ones keep the
    defaults."""
    root: Path = Path(".")
    """The folder holding mkdocs.yml; paths in problems are relative to it (not an option)."""

    @property
    def customers_path(self) -> Path:
        return self.root / self.customers_dir

    @classmethod
    def from_mapping(cls, options: dict[str, Any], root: Path) -> Config:
        """Typed options from a plain mapping; unknown or ill-typed options raise ConfigError."""
        known = {f.name for f in fields(cls)} - {"root"}
        values: dict[str, Any] = {"root": root}
        for key, raw in options.items():
            if key not in known:
                import difflib

                close = difflib.get_close_matches(key, sorted(known), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                raise ConfigError(f"unknown option '{key}' in the {PLUGIN_NAME} plugin configuration{hint}")
            values[key] = _convert(key, raw)
        on, at = values.get("on_track_tolerance", cls.on_track_tolerance), values.get("at_risk_tolerance", cls.at_risk_tolerance)
        if not on <= at:
            raise ConfigError("on_track_tolerance must not exceed at_risk_tolerance")
        return cls(**values)


LOOK_OPTIONS = frozenset({"company_name", "deck_template", "templates_dir", "trust_templates", "code_owners",
                          "status_colors"})
"""Options that change how the plans look or who reviews them, never a computed value (health,
tracks, problems, agenda): a change to any other option can change what the model says."""
PLACE_OPTIONS = frozenset({"customers_dir", "as_of"})
"""Options that say where the plans are and as of when they are computed, not how."""

MAX_DAYS = 36_500  # a hundred years: day counts beyond that are mistakes, and would overflow dates
_INT_OPTIONS = {"stale_after_days", "activity_gap_days", "max_open_objectives", "renewal_window_days",
                "exec_checkin_days"}
_NARROW_INT_OPTIONS = {"ebr_lead_days": (0, 365), "risk_review_days": (1, 365)}
"""Day counts with a range of their own: (lowest, highest)."""


def _convert(key: str, raw: Any) -> Any:
    if key in _INT_OPTIONS:
        if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= MAX_DAYS:
            raise ConfigError(f"option '{key}' must be a whole number from 0 to {MAX_DAYS:,}, not {_shown(raw)}")
        return raw
    if key in _NARROW_INT_OPTIONS:
        low, high = _NARROW_INT_OPTIONS[key]
        if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
            raise ConfigError(f"option '{key}' must be a whole number from {low} to {high}, not {_shown(raw)}")
        return raw
    if key in ("on_track_tolerance", "at_risk_tolerance"):
        if isinstance(raw, float) and math.isfinite(raw):  # MkDocs' own loader gives floats
            raw = Decimal(str(raw))
        finite = isinstance(raw, int) and abs(raw) < 10 or isinstance(raw, Decimal) and raw.is_finite() \
            and -100 < raw.adjusted() < 3
        if isinstance(raw, bool) or not finite:
            raise ConfigError(f"option '{key}' must be a number between 0 and 1, not {_shown(raw)}")
        value = Fraction(raw)
        if not 0 <= value <= 1:
            raise ConfigError(f"option '{key}' must be between 0 and 1, not {raw}")
        return value
    if key == "segments":
        if not isinstance(raw, list) or not raw or not all(isinstance(s, str) and ID_RE.match(s) for s in raw):
            raise ConfigError("option 'segments' must be a non-empty list of ids")
        return tuple(raw)
    if key in ("customers_dir", "company_name"):
        if not isinstance(raw, str) or not raw.strip():
            raise ConfigError(f"option '{key}' must be non-empty text")
        return raw
    if key == "deck_template":
        if raw is None:
            return None
        if not isinstance(raw, str) or not raw.strip():
            raise ConfigError("option 'deck_template' must be a path to a .pptx file")
        return raw
    if key == "templates_dir":
        return _folder_option(key, raw)
    if key == "as_of":
        if raw is None:
            return None
        try:
            day = raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw))
        except ValueError:
            raise ConfigError(f"option 'as_of' must be a date YYYY-MM-DD, not {_shown(raw)}") from None
        if not date_in_range(day):
            raise ConfigError(f"option 'as_of' must lie between 1900-01-01 and 2999-12-31, not {day.isoformat()}")
        return day
    if key == "status_colors":
        return _status_colors(raw)
    if key == "rules":
        return _rule_settings(raw)
    if key == "trust_templates":
        if not isinstance(raw, bool):
            raise ConfigError(f"option 'trust_templates' must be true or false, not {_shown(raw)}")
        return raw
    if key == "code_owners":
        return parse_code_owners(raw)
    raise ConfigError(f"option '{key}' is not supported")  # pragma: no cover - known covers all


def option_range(key: str) -> str:
    """The values an option accepts, in words (for the reference; `_convert` enforces them)."""
    if key in _INT_OPTIONS:
        return f"whole number from 0 to {MAX_DAYS:,}"
    if key in _NARROW_INT_OPTIONS:
        low, high = _NARROW_INT_OPTIONS[key]
        return f"whole number from {low} to {high}"
    return {
        "on_track_tolerance": "0 to 1, at most at_risk_tolerance",
        "at_risk_tolerance": "0 to 1, at least on_track_tolerance",
        "segments": "non-empty list of ids",
        "customers_dir": "folder, relative to mkdocs.yml",
        "company_name": "non-empty text",
        "deck_template": "path to a .pptx file, relative to mkdocs.yml",
        "templates_dir": "existing folder, relative to mkdocs.yml",
        "as_of": "date from 1900-01-01 to 2999-12-31",
        "status_colors": "RRGGBB hex per status: " + ", ".join(STATUS_KEYS),
        "trust_templates": "true or false",
        "code_owners": "list of @user, @group/team or e-mail addresses",
        "rules": "warning code → off, warning or error (error codes only error)",
    }[key]


_OWNER = re.compile(r"^(@[A-Za-z0-9][A-Za-z0-9._/-]{0,254}|[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253})\Z")


def parse_code_owners(raw: Any, where: str = "option 'code_owners'") -> tuple[str, ...]:
    """Owners as CODEOWNERS takes them: @user, @group/team or an e-mail address."""
    if not isinstance(raw, list) or not all(isinstance(o, str) and _OWNER.match(o) for o in raw):
        raise ConfigError(f"{where} takes owners such as '@jane.doe', '@brightwell/cs-leads' or "
                          f"'jane.doe@brightwell.example', not {_shown(raw)}")
    return tuple(raw)


def _shown(raw: Any) -> str:
    text = repr(raw) if not isinstance(raw, Decimal) else str(raw)
    return printable(text if len(text) <= 40 else text[:37] + "...")


RULE_SETTINGS = ("off", "warning", "error")


def _rule_settings(raw: Any) -> dict[str, str]:
    """The `rules` option: each warning code off, a warning or an error; an error code stays one."""
    from .rules import documentation  # the codes and their severities, declared beside each rule

    severities = {d.code: d.severity for d in documentation()}
    if not isinstance(raw, dict):
        raise ConfigError("option 'rules' must map problem codes to off, warning or error, e.g. SP107: off")
    out = {}
    for code, setting in raw.items():
        if setting is False:  # MkDocs reads mkdocs.yml as YAML 1.1, where a bare off is false
            setting = "off"
        shown = printable(str(code))
        if code not in severities:
            import difflib

            close = difflib.get_close_matches(str(code), sorted(severities), n=1)
            raise ConfigError(f"option 'rules': unknown code '{shown}'" + (f" (did you mean '{close[0]}'?)" if close
                                                                          else ""))
        if setting not in RULE_SETTINGS:
            raise ConfigError(f"option 'rules': {shown} must be off, warning or error, not {_shown(setting)}")
        if severities[code] == "error" and setting != "error":
            raise ConfigError(f"option 'rules': {shown} is an error (the data is wrong) and cannot be {setting}")
        out[str(code)] = str(setting)
    return out


STATUS_KEYS = ("on_track", "at_risk", "off_track", "overdue", "planned", "unmeasured", "not_measured", "achieved",
               "closed")
_HEX = re.compile(r"^#?[0-9A-Fa-f]{6}\Z")


def _status_colors(raw: Any) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise ConfigError("option 'status_colors' must map statuses to colours, e.g. on_track: '2E7D32'")
    out = {}
    for status, color in raw.items():
        if status not in STATUS_KEYS:
            raise ConfigError(f"option 'status_colors': unknown status '{printable(str(status))}' "
                              f"(known: {', '.join(STATUS_KEYS)})")
        if not isinstance(color, str) or not _HEX.match(color):
            raise ConfigError(f"option 'status_colors': {status} must be a colour as RRGGBB hex, not {_shown(color)}")
        out[status] = color.lstrip("#").upper()
    return out


def read_mkdocs_yml(mkdocs_yml: Path) -> dict[str, Any]:
    """mkdocs.yml as plain data, without executing or failing on foreign tags."""
    try:
        data = read_regular(mkdocs_yml, MAX_BYTES)
    except OSError as exc:
        raise ConfigError(f"cannot read {printable(str(mkdocs_yml))}: {exc.strerror or exc}") from None
    return parse_mkdocs_yml(data, mkdocs_yml)


def parse_mkdocs_yml(data: bytes, mkdocs_yml: Path | str) -> dict[str, Any]:
    """The bytes of a mkdocs.yml (a file, or a git revision's) as plain data; `mkdocs_yml` names it
    in messages."""
    text, issue = decode(data)
    if issue is not None or text is None:
        raise ConfigError(f"{mkdocs_yml}:{issue.line if issue else 1}: {issue.message if issue else 'unreadable'}")
    root, issues = parse_yaml(text, allow_foreign_tags=True)
    fatal = [i for i in issues if i.fatal or i.code == "SP003"]
    if fatal:
        issue = fatal[0]
        # a repeated key: MkDocs would read the last one, this reader the first
        more = "; MkDocs would keep only the last: remove one" if issue.code == "SP003" else ""
        raise ConfigError(f"{printable(str(mkdocs_yml))}:{issue.line}:{issue.column}: {issue.message}{more}")
    config = to_python(root)
    if not isinstance(config, dict):
        raise ConfigError(f"{mkdocs_yml} must be a mapping of settings")
    return config


def plugin_options(mkdocs_yml: Path) -> dict[str, Any]:
    """The plugin's options from mkdocs.yml."""
    return plugin_options_of(read_mkdocs_yml(mkdocs_yml), mkdocs_yml)


def plugin_options_of(config: dict[str, Any], mkdocs_yml: Path | str) -> dict[str, Any]:
    """The plugin's options from mkdocs.yml read as plain data (read_mkdocs_yml, parse_mkdocs_yml)."""
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{k: v} for k, v in plugins.items()]
    if not isinstance(plugins, list):
        raise ConfigError(f"{mkdocs_yml}: 'plugins' must be a list")
    for item in plugins:
        if item == PLUGIN_NAME:
            return {}
        if isinstance(item, dict) and PLUGIN_NAME in item:
            options = item[PLUGIN_NAME]
            if options is None:
                return {}
            if not isinstance(options, dict):
                raise ConfigError(f"{mkdocs_yml}: the {PLUGIN_NAME} plugin options must be a mapping")
            return options
    return {}


CONFIG_FILE = "mkdocs.yml"
NOT_FOUND = f"no {CONFIG_FILE} here or in any parent folder (run successplans init, or pass -f)"


def _folder_option(key: str, raw: Any) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str) or not raw.strip():
        raise ConfigError(f"option '{key}' must be a folder path relative to {CONFIG_FILE}")
    return raw


def find_config_file(config_file: Path | None = None, start: Path | None = None) -> Path:
    """The mkdocs.yml to use: the one given (-f), else the nearest in `start` or a parent folder.

    Like git finding `.git`, this lets every command run from anywhere inside a plans repository.
    Found in the working folder itself, the path stays relative (`mkdocs.yml`), as before.
    """
    if config_file is not None:
        if not config_file.exists():
            raise ConfigError(f"config file {config_file} does not exist")
        return config_file
    here = Path(CONFIG_FILE)
    if start is None and here.is_file():
        return here
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / CONFIG_FILE).is_file():
            return candidate / CONFIG_FILE
    raise ConfigError(NOT_FOUND)


def load_config(config_file: Path | None = None) -> Config:
    """Config from mkdocs.yml: the file given, else the nearest one walking up from the working folder."""
    path = find_config_file(config_file)
    return Config.from_mapping(plugin_options(path), path.parent)
