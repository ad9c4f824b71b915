"""Walking an OpenAPI description: a plausible value for any schema, and every string field in it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from hypothesis import find
from hypothesis import strategies as st

Path = tuple[str | int, ...]
_FORMATS = {"date": "2026-01-15", "date-time": "2026-01-15T10:00:00Z", "email": "a@example.org"}
_MAX_DEPTH = 5


@dataclass(frozen=True)
class Field:
    """A string somewhere in a request: where ("query", "path", "body", "form"), its path, a value."""

    location: str
    path: Path

    @property
    def name(self) -> str:
        """The innermost property or parameter name."""
        return next(str(part) for part in reversed(self.path) if isinstance(part, str))

    def __str__(self) -> str:
        return f"{self.location}:{'.'.join(map(str, self.path))}"


class Spec:
    """An OpenAPI document with $refs resolved on demand."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        """SCHEMA with its $ref followed, and a nullable union narrowed to its non-null branch."""
        while "$ref" in schema:
            node: Any = self.document
            for part in schema["$ref"].removeprefix("#/").split("/"):
                node = node[part]
            schema = node
        for key in ("anyOf", "oneOf"):
            if key in schema:
                options = [o for o in schema[key] if o.get("type") != "null"]
                return self.resolve(options[0]) if options else {"type": "null"}
        if "allOf" in schema:
            return self.resolve(schema["allOf"][0])
        return schema

    def sample(self, schema: dict[str, Any], depth: int = 0) -> Any:
        """A value SCHEMA accepts (required properties only), the simplest one that fits."""
        schema = self.resolve(schema)
        if "enum" in schema:
            return schema["enum"][0]
        if "const" in schema:
            return schema["const"]
        kind = schema.get("type", "object")
        if kind == "string":
            return _string(schema)
        if kind == "integer":
            return max(int(schema.get("minimum", 1)), 1)
        if kind == "number":
            return float(schema.get("minimum", 1))
        if kind == "boolean":
            return False
        if kind == "array":
            return [self.sample(schema.get("items", {}), depth + 1)] * max(schema.get("minItems", 1), 1)
        if kind == "object" and depth < _MAX_DEPTH:
            props = schema.get("properties", {})
            return {name: self.sample(props[name], depth + 1) for name in schema.get("required", [])}
        return None

    def strings(self, schema: dict[str, Any], path: Path = (), depth: int = 0) -> Iterator[Path]:
        """The path of every string (required or optional) inside SCHEMA, through objects and arrays."""
        schema = self.resolve(schema)
        kind = schema.get("type", "object")
        if kind == "string" and schema.get("format") != "binary" and "contentMediaType" not in schema:
            yield path
        elif kind == "array" and depth < _MAX_DEPTH:
            yield from self.strings(schema.get("items", {}), (*path, 0), depth + 1)
        elif kind == "object" and depth < _MAX_DEPTH:
            for name, sub in schema.get("properties", {}).items():
                yield from self.strings(sub, (*path, name), depth + 1)

    def with_value(self, schema: dict[str, Any], path: Path, value: Any) -> Any:
        """A sample of SCHEMA in which the field at PATH (added if optional) holds VALUE."""
        if not path:
            return value
        schema = self.resolve(schema)
        head, rest = path[0], path[1:]
        if isinstance(head, int):
            return [self.with_value(schema.get("items", {}), rest, value)]
        sample = self.sample(schema) or {}
        sample[head] = self.with_value(schema["properties"][head], rest, value)
        return sample


def _string(schema: dict[str, Any]) -> str:
    if schema.get("format") in _FORMATS:
        return _FORMATS[schema["format"]]
    low, high = schema.get("minLength", 0), schema.get("maxLength", 100)
    if "pattern" in schema:
        return _matching(schema["pattern"], low, high)
    text = "Sample text"
    return (text * (low // len(text) + 1))[: max(low, min(high, len(text)))]


@cache
def _matching(pattern: str, low: int, high: int) -> str:
    """The simplest string of LOW..HIGH characters matching PATTERN (Hypothesis' shrinker finds it)."""
    return find(st.from_regex(pattern, fullmatch=True), lambda s: low <= len(s) <= high)
