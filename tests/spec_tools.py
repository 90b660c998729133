"""Helpers for asserting on Vega-Lite specs (``chart.to_dict()``) in the chart tests."""
from __future__ import annotations

from typing import Any, Iterator


def walk(node: Any) -> Iterator[dict]:
    """Yield every dict inside a Vega-Lite spec."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def rows_with(spec: dict, column: str) -> list[dict]:
    """The rows of the first inline dataset that has ``column``."""
    for rows in spec.get("datasets", {}).values():
        if rows and column in rows[0]:
            return rows
    raise AssertionError(f"no dataset with column {column!r}")


def filters(spec: dict) -> list[str]:
    """Every filter expression in the spec, as text."""
    return [str(d["filter"]) for d in walk(spec) if "filter" in d]
