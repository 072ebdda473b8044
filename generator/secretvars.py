"""Environment variables that hold secrets: never written into a page, a deck or any other output.

`mkdocs.yml` may copy an environment variable into the site with `!ENV NAME`. The CI files shipped
in ci-templates/ put a token able to post on merge requests into the environment of every job, and
other secrets of the tool (a chat webhook, a mail password) live there too: `build` and `serve`
refuse an `!ENV` naming any variable this module calls secret. A new secret of the tool needs no
change here when its name starts with `SUCCESSPLANS_` (every such variable is the tool's own
setting, none is meant for a page); a secret of another system is caught by the words in its name.
"""

from __future__ import annotations

import re

TOOL_PREFIX = "SUCCESSPLANS_"
"""Every variable of the tool itself (tokens, webhooks, passwords, and its settings)."""

NAMED = frozenset({
    "GH_TOKEN", "GITHUB_TOKEN", "ACTIONS_RUNTIME_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
    "CI_JOB_TOKEN", "CI_JOB_JWT", "CI_JOB_JWT_V1", "CI_JOB_JWT_V2", "CI_REGISTRY_PASSWORD",
    "CI_DEPLOY_PASSWORD", "CI_DEPENDENCY_PROXY_PASSWORD",
})
"""The forges' own secrets in a CI job's environment (GitHub Actions, GitLab CI)."""

CHAT_WEBHOOK = "SUCCESSPLANS_CHAT_WEBHOOK"
SMTP_USER = "SUCCESSPLANS_SMTP_USER"
SMTP_PASSWORD = "SUCCESSPLANS_SMTP_PASSWORD"
DELIVERY = frozenset({CHAT_WEBHOOK, SMTP_USER, SMTP_PASSWORD})
"""The secrets of the agenda's delivery (`agenda --send`): the chat webhook's URL (whoever has it
can post to the channel) and the mail server's login."""

SECRET_WORDS = re.compile(r"TOKEN|PASSWORD|PASSWD|SECRET|WEBHOOK|CREDENTIAL|PRIVATE|JWT", re.IGNORECASE)
"""Words that mark a variable of any other system as a secret."""


def is_secret(name: str) -> bool:
    """Whether the environment variable `name` may hold a secret (and so never reaches a page)."""
    upper = name.strip().upper()
    return upper.startswith(TOOL_PREFIX) or holds_secret(upper)


def holds_secret(name: str) -> bool:
    """Whether the value of `name` is itself a secret, so that a message must never show it (the
    tool's other settings, such as a mail server's name, may be shown)."""
    upper = name.strip().upper()
    return upper in NAMED or upper in DELIVERY or SECRET_WORDS.search(upper) is not None
