"""Parse YAML (metadata files, front matter) keeping the line of every mapping key."""

from __future__ import annotations

from typing import Any

import yaml

from booklet.diagnostics import SourceLocation
from booklet.errors import ContentError


class LineDict(dict[str, Any]):
    """A YAML mapping that remembers the 1-based line of itself and of each key, and the
    text of each scalar value as written (so `phone: 02012345` stays "02012345")."""

    line: int = 1
    key_lines: dict[str, int]
    raw: dict[str, str]

    def line_of(self, key: str) -> int:
        """Line of `key`, or of the mapping itself when the key is absent."""
        return self.key_lines.get(key, self.line)


def empty_mapping(line: int = 1) -> LineDict:
    """A LineDict with nothing in it (for a missing or wrong-typed block)."""
    mapping = LineDict()
    mapping.line, mapping.key_lines, mapping.raw = line, {}, {}
    return mapping


#: The most values YAML aliases may expand a file to, each alias counted as all it stands
#: for: an alias "bomb" (nine levels of nine `*a`) stands for billions, and walking them
#: (checks, messages) would take minutes and gigabytes before any limit applies.
MAX_VALUES = 100_000


class _Loader(yaml.SafeLoader):
    """SafeLoader whose mappings are LineDicts; duplicate keys and bad values name their line;
    aliases may not expand the document past MAX_VALUES values."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._sizes: dict[int, int] = {}
        """Node id -> the values it expands to."""
        self._alias: yaml.Mark | None = None
        """Where the last alias was."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            self._alias = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            return super().compose_node(parent, index)
        node = super().compose_node(parent, index)
        children = node.value if isinstance(node, yaml.SequenceNode) else \
            [child for pair in node.value for child in pair] \
            if isinstance(node, yaml.MappingNode) else []
        size = 1 + sum(self._sizes.get(id(child), 1) for child in children)
        self._sizes[id(node)] = size
        if size > MAX_VALUES and self._alias is not None:
            raise _TooManyValues(self._alias)
        return node


class _TooManyValues(yaml.composer.ComposerError):
    """Aliases expand the document past MAX_VALUES values."""

    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__(None, None, f"aliases (*name) expand this to over {MAX_VALUES:,} "
                         "values", mark)


class _DuplicateKey(yaml.constructor.ConstructorError):
    """A key written twice in one mapping; `first` is the line of the first (in the text)."""

    def __init__(self, key: str, first: int, mark: yaml.Mark) -> None:
        super().__init__(None, None, f"key '{key}' appears twice", mark)
        self.key, self.first = key, first


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = empty_mapping(node.start_mark.line + 1)
    for key_node, value_node in node.value:
        key = str(loader.construct_object(key_node, deep=True))
        if key in result.key_lines:
            raise _DuplicateKey(key, result.key_lines[key], key_node.start_mark)
        try:
            result[key] = loader.construct_object(value_node, deep=True)
        except (ValueError, TypeError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"invalid value for '{key}': {exc}", value_node.start_mark) from None
        result.key_lines[key] = key_node.start_mark.line + 1
        if isinstance(value_node, yaml.ScalarNode):
            result.raw[key] = value_node.value
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_mapping(text: str, where: SourceLocation) -> LineDict:
    """Parse `text` (which starts at `where`) as a YAML mapping; lines are file lines.

    Raises:
        ContentError: the text is not valid YAML, or is not a mapping.
    """
    first = where.line or 1
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first + mark.line if mark is not None else first
        if isinstance(exc, yaml.reader.ReaderError):  # a NUL, say: it knows its offset only
            line = first + text.count("\n", 0, exc.position)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if isinstance(exc, _DuplicateKey):  # its lines are the text's: make them the file's
            problem = f"key '{exc.key}' appears twice (first on line {first + exc.first - 1})"
        raise ContentError(
            SourceLocation(where.path, line),
            f"invalid YAML: {problem}",
            "write the values out instead of repeating aliases"
            if isinstance(exc, _TooManyValues)
            else "remove the character from this line" if isinstance(exc, yaml.reader.ReaderError)
            else "check indentation, colons and quotes on this line",
        ) from None
    if data is None:
        data = empty_mapping(first)
    if not isinstance(data, LineDict):
        raise ContentError(where, "expected a YAML mapping of 'key: value' lines",
                           "write one 'key: value' per line")
    _shift(data, first - 1)
    return data


def _shift(value: Any, by: int) -> None:
    """Make lines relative to the file, not to the parsed text."""
    if isinstance(value, LineDict):
        value.line += by
        value.key_lines = {k: n + by for k, n in value.key_lines.items()}
        for item in value.values():
            _shift(item, by)
    elif isinstance(value, list):
        for item in value:
            _shift(item, by)
