"""The full ruamel.yaml round trip, for the shapes a surgical edit does not handle (a flow list
such as `[]` at the top of activity.yaml). Settings come from the file itself: its indentation,
its quotes (preserve_quotes) and no line folding, so untouched lines come back as they were."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from ruamel.yaml.comments import CommentedSeq

from .yamltext import Style, to_ruamel, yaml_dumper
from .yamltext import EditError


def roundtrip(text: str, style: Style, mutate: Callable[[Any], Any]) -> str:
    """Load text, let mutate change the data (returning the new root), dump it back."""
    dumper = yaml_dumper(style)
    data = dumper.load(text)
    data = mutate(data)
    buffer = io.StringIO()
    dumper.dump(data, buffer)
    return buffer.getvalue()


def append_to_list(item: Any, flow_lists: bool) -> Callable[[Any], Any]:
    def mutate(data: Any) -> Any:
        if data is None:
            data = CommentedSeq()
        if not isinstance(data, CommentedSeq):
            raise EditError("the file is not a list of entries")
        data.fa.set_block_style()
        data.append(to_ruamel(item, flow_lists))
        return data
    return mutate
