"""Safe YAML loading with positions and limits.

Only the standard scalar, sequence and mapping tags are constructed (nothing executes); duplicate keys,
several documents, alias bombs, deep nesting, non-UTF-8 bytes and oversized files are refused with a
`yaml-syntax` finding at the offending line and column. Positions are resolved lazily from the node
tree, so a clean file pays nothing for them.
"""

from __future__ import annotations

import re
from typing import Any, Optional, Union

import yaml
from yaml.constructor import SafeConstructor

from ..errors import ManifestError
from ..findings import Finding, Span
from ..inert import shorten
from .lines import LineTable
from .rawfile import MAX_BYTES, decode, fail
from .yamlresolve import FastLoader

MAX_DEPTH = 64  #: deeper nesting is refused (no RecursionError, whatever the input)
MAX_NODES = 100_000  #: node visits after alias expansion (stops "billion laughs")


_Loader: Any = FastLoader  #: the C safe loader (where built) with the resolver's common cases fast-pathed
_MERGE = "tag:yaml.org,2002:merge"
_MERGES = ("merges",)  #: key of a mapping's merge sources in a key index (never a YAML key: not a str)
_SCALAR_TAGS = {
    f"tag:yaml.org,2002:{name}": getattr(SafeConstructor, f"construct_yaml_{name}")
    for name in ("null", "bool", "int", "float", "str", "timestamp")
}
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_CONSTRUCTOR = SafeConstructor()
_RESOLVER = yaml.resolver.Resolver()
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_KIND = {"null": "null (~, null or nothing)", "bool": "a boolean (true or false)", "int": "an integer",
         "float": "a number", "timestamp": "a date or time (e.g. 2027-03-31)"}


def _tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


class _Refused(Exception):
    def __init__(self, message: str, node_or_mark: Any) -> None:
        super().__init__(message)
        self.where = node_or_mark


def node_span(node: Any, lines: LineTable) -> Span:
    """The node's span, from libyaml's character offsets (its own line count is not the editor's)."""
    return lines.span(node.start_mark.index, node.end_mark.index)


def _bad_tagged_value(node: Any) -> Optional[str]:
    """Why a scalar with an explicit tag (`!!bool maybe`) has a value its tag cannot hold, or None when
    the tag is implicit (a plain 2027-02-30 stays text, and the schema says why)."""
    implicit = _RESOLVER.resolve(yaml.ScalarNode, node.value, (True, False)) if not node.style else _STR
    if implicit == node.tag:
        return None
    name = node.tag.rsplit(":", 1)[-1]
    return (f"the value tagged !!{name} is not {_KIND.get(name, 'valid for its tag')}; remove the tag or "
            "fix the value")


class Document:
    """Loaded data plus the node tree it came from, for positions on demand. (A plain slotted class, not a
    dataclass: one fewer class to generate at every start.)"""

    __slots__ = ("data", "name", "root", "text", "_lines", "_keys", "validation")

    def __init__(self, data: Any, name: str, root: Any = None, text: str = "") -> None:
        self.data = data
        self.name = name
        self.root = root
        self.text = text
        self._lines: Optional[LineTable] = None
        self._keys: dict = {}  #: mapping node id -> key index
        #: (normalized data, schema errors) once validated (validate.check_manifest), so later stages
        #: (waivers) do not validate the same entries again
        self.validation: Optional[tuple] = None

    def __repr__(self) -> str:
        return f"Document(data={self.data!r}, name={self.name!r}, root={self.root!r}, text={self.text!r})"

    @property
    def lines(self) -> LineTable:
        """The text's line table (built on first use: a clean file never needs one)."""
        if self._lines is None:
            self._lines = LineTable(self.text)
        return self._lines

    def span(self, path: tuple = (), key: bool = False) -> Span:
        """Position of the value at `path` (or of its key when `key`); the nearest existing ancestor's key
        when the path does not exist (a missing field points at its parent)."""
        node, last_key = self.root, None
        if node is None:
            return Span.at(1, 1)
        for step in path:
            found = _child(node, step, self._keys)
            if found is None:
                break
            last_key, node = found
        else:
            if key and last_key is not None:
                return node_span(last_key, self.lines)
            return node_span(node, self.lines)
        return node_span(last_key if last_key is not None else node, self.lines)

    def plain_scalar(self, path: tuple) -> Optional[str]:
        """The source text of the value at `path` when it is an unquoted scalar that YAML resolved to
        something other than a string (`on`, `no`, `1:20`, `2027-01-01`), else None."""
        node = self.root
        for step in path:
            found = _child(node, step, self._keys) if node is not None else None
            if found is None:
                return None
            node = found[1]
        if isinstance(node, yaml.ScalarNode) and not node.style and node.tag != _STR:
            return str(node.value)
        return None

    def finding(self, message: str, path: tuple = (), *, check: str, key: bool = False,
                severity: str = "error", rule: Optional[str] = None) -> Finding:
        return Finding(check, severity, message, self.name, self.span(path, key), rule, path)


def _child(node: Any, step: Any, index: dict) -> Optional[tuple]:
    """(key node or None, value node) of `step` under `node`. A mapping's keys are indexed on first use
    (`index`, per document), so finding 10,000 keys costs 10,000 look-ups, not 10,000 scans."""
    if isinstance(node, yaml.MappingNode):
        keys = index.get(id(node))
        if keys is None:
            keys = index[id(node)] = {}
            for knode, vnode in node.value:
                if knode.tag == _MERGE:
                    keys.setdefault(_MERGES, []).append(vnode)
                elif isinstance(knode, yaml.ScalarNode):
                    keys.setdefault(knode.value, (knode, vnode))
        found = keys.get(step) if isinstance(step, str) else None
        if found is not None:
            return found
        for merged in keys.get(_MERGES, ()):
            for candidate in merged.value if isinstance(merged, yaml.SequenceNode) else [merged]:
                found = _child(candidate, step, index)
                if found is not None:
                    return found
    elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        return None, node.value[step]
    return None


class _Builder:
    """Turns a composed node tree into plain Python data, enforcing the limits."""

    def __init__(self) -> None:
        self.visits = 0

    def build(self, node: Any, depth: int = 0) -> Any:
        self.visits += 1
        if self.visits > MAX_NODES:
            raise _Refused(f"the document expands to more than {MAX_NODES:,} nodes "
                           "(an alias bomb?); manifests are small", node)
        if depth > MAX_DEPTH:
            raise _Refused(f"nesting deeper than {MAX_DEPTH} levels is not allowed", node)
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:  # the common case, without the constructor's calls
                return node.value
            construct = _SCALAR_TAGS.get(node.tag)
            if construct is None:
                raise _Refused(f"YAML tag {_tag(node.tag)} is not allowed; only plain YAML data is read "
                               "(safe loading, nothing executes)", node)
            try:
                value = construct(_CONSTRUCTOR, node)
            except (ValueError, OverflowError, KeyError, IndexError, AttributeError, TypeError):
                problem = _bad_tagged_value(node)  # `!!bool maybe`, `!!int ""`, `!!timestamp soon`
                if problem:
                    raise _Refused(problem, node) from None
                return node.value  # e.g. a plain 2027-02-30: keep the text, the schema says why
            if value is None and node.value not in _NULLS:  # `!!null x` would silently drop the text
                raise _Refused(_bad_tagged_value(node) or "", node)
            return value
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise _Refused(f"YAML tag {_tag(node.tag)} is not allowed on a list", node)
            return [self.build(child, depth + 1) for child in node.value]
        if node.tag != _MAP:
            raise _Refused(f"YAML tag {_tag(node.tag)} is not allowed on a mapping", node)
        return self._mapping(node, depth)

    def _mapping(self, node: Any, depth: int) -> dict:
        result: dict = {}
        merges = []
        for knode, vnode in node.value:
            if knode.tag == _MERGE:
                merges.append(vnode)
                continue
            if not isinstance(knode, yaml.ScalarNode):
                raise _Refused("complex (non-scalar) keys are not allowed", knode)
            key = knode.value  # keys are read as their text: `on:` is "on", not True
            if key in result:
                raise _Refused(f"duplicate key {shorten(key)!r} (YAML would silently keep only the last one)", knode)
            if vnode.tag == _STR and self.visits < MAX_NODES and depth < MAX_DEPTH \
                    and isinstance(vnode, yaml.ScalarNode):
                self.visits += 1  # a string value, as build() would count and return it, without the call
                result[key] = vnode.value
            else:
                result[key] = self.build(vnode, depth + 1)
        for merged in merges:
            sources = merged.value if isinstance(merged, yaml.SequenceNode) else [merged]
            for source in sources:
                if not isinstance(source, yaml.MappingNode):
                    raise _Refused("a merge key (<<) must refer to a mapping", source)
                for k, v in self._mapping(source, depth + 1).items():
                    result.setdefault(k, v)
        return result


def _syntax_message(exc: yaml.MarkedYAMLError, lines: LineTable) -> tuple[str, Span]:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    span = Span.at(*lines.position(mark.index)) if mark is not None else Span.at(1, 1)
    if mark is not None:
        line = lines.lines()[span.line - 1]
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            return ("tab characters are not allowed for indentation in YAML; indent with spaces",
                    Span.at(span.line, indent.index("\t") + 1))
    if "maximum nesting depth" in problem:  # libyaml's own limit, far above ours
        return f"nesting deeper than {MAX_DEPTH} levels is not allowed", span
    if "expected a single document" in (exc.context or ""):
        return ("several YAML documents in one file; a manifest is one document (remove the '---' "
                "separator or split the file)", span)
    message = problem[0].lower() + problem[1:] if problem else problem
    if exc.context and "expected a single document" not in exc.context:
        message = f"{message} ({exc.context})"
    return message, span


#: compiled on first use (by re's cache): only a JSON file with surrogate-pair escapes needs them
_QUOTED = r'"(?:[^"\\\n]|\\.)*"'
_ESCAPE = r"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})|\\."


def _fold_surrogate_escapes(text: str) -> str:
    """JSON writes characters beyond U+FFFF as surrogate-pair escapes ("\\ud83d\\ude00"), which YAML
    refuses; fold each pair inside double-quoted scalars into the character it encodes."""

    def pair(m: re.Match) -> str:
        if m.group(1) is None:
            return m.group(0)
        high, low = int(m.group(1), 16), int(m.group(2), 16)
        return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))

    return re.sub(_QUOTED, lambda q: re.sub(_ESCAPE, pair, q.group(0)), text)


def load_yaml(source: Union[str, bytes], name: str = "<input>", *, require_mapping: bool = True) -> Document:
    """Parse one YAML document safely. Raises ManifestError with a `yaml-syntax` finding."""
    text = decode(source, name) if isinstance(source, bytes) else source
    if text.startswith("\ufeff"):  # libyaml skips a BOM without counting it: drop it so offsets agree
        text = text[1:]
    if len(text) > MAX_BYTES:
        raise fail(name, f"document is over the {MAX_BYTES:,}-byte limit (1 MiB)", Span.at(1, 1))
    try:
        return _load(text, name, require_mapping)
    except ManifestError as exc:
        if "invalid Unicode character escape" not in str(exc):
            raise
        folded = _fold_surrogate_escapes(text)
        if folded == text:
            raise
        return _load(folded, name, require_mapping)


def _load(text: str, name: str, require_mapping: bool) -> Document:
    loader = None
    try:
        loader = _Loader(text)
        root = loader.get_single_node()
        data = None if root is None else _Builder().build(root)
    except yaml.MarkedYAMLError as exc:
        message, span = _syntax_message(exc, LineTable(text))
        raise fail(name, message, span) from None
    except _Refused as exc:
        where = exc.where
        span = node_span(where, LineTable(text)) if hasattr(where, "start_mark") else Span.at(1, 1)
        raise fail(name, str(exc), span) from None
    except yaml.reader.ReaderError as exc:  # the pure-Python reader's control-character check
        span = Span.at(*LineTable(text).position(exc.position))
        raise fail(name, f"unreadable YAML: control characters are not allowed (#x{exc.character:04x})",
                    span) from None
    except yaml.YAMLError as exc:
        raise fail(name, f"unreadable YAML: {exc}", Span.at(1, 1)) from None
    except RecursionError:
        raise fail(name, f"nesting deeper than {MAX_DEPTH} levels is not allowed", Span.at(1, 1)) from None
    finally:
        if loader is not None:
            loader.dispose()
    if require_mapping:
        if data is None:
            raise fail(name, "the file is empty; a manifest is a YAML mapping that starts with "
                        "'authadvisor: 1'",
                        Span.at(1, 1))
        if not isinstance(data, dict):
            kind = "a list" if isinstance(data, list) else f"a {type(data).__name__} scalar"
            raise fail(name, f"the top level is {kind}; a manifest is a mapping of keys to values",
                        node_span(root, LineTable(text)))
    return Document(data, name, root, text)
