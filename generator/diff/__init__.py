"""What a change to the plans means: compare two portfolios (two git revisions) in the plan's terms.

- gitsource: a revision's customer files in a temporary folder
- compare: PlanDiff, the differences between two portfolios computed at the same as-of date
- render: Markdown for a merge request comment, and JSON
"""

from .compare import PlanDiff, compare_portfolios
from .render import diff_json, diff_markdown

__all__ = ["PlanDiff", "compare_portfolios", "diff_json", "diff_markdown"]
