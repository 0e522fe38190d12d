"""Snippets for many manifests at once (the docs render 9 per page): each snippet is its comment header,
which names the manifest (name, description, owner, org, brand), and a body, which depends on far fewer
values (the method, the hosts of the cluster, ...). A run renders each distinct body once and each
distinct header once, and joins them: byte for byte what `render_snippets` writes.

The split is made on the template's syntax tree, once per template: a target whose header is one
expression written straight to the output (`{{ h.header("# ", ...) | trim }}`, with literal arguments,
`h` imported from _lib/header.j2) is compiled twice, as a body with a marker in the header's place and
as a header template holding that expression alone. Anything else (a header inside a `set` block, as
Postman's is; a dynamic include) renders whole, as render_snippets does.

A body is cached under the values of every context name it, or any template it includes or imports,
reads (found statically: jinja2.meta); a header under its expression and the values of the names
_lib/header.j2 reads. Values are frozen with their types, so two contexts that differ in any value a
template reads never share an entry, and a cached piece carries nothing of the manifest that first
rendered it beyond those values. The caches are bounded (least recently used entries go first), so a
run over 100,000 manifests holds no more than a run over 1,000.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any, Optional
from weakref import WeakKeyDictionary

from .render import TARGETS, Snippet, environment, targets_for

HEADER = "_lib/header.j2"
#: stands for the header in a body; no filter writes a NUL (they refuse or escape control characters),
#: and a body that does not hold it exactly once is rendered whole instead
MARK = "\x00authadvisor:snippet-header\x00"
_ABSENT = ("absent",)


@dataclass(frozen=True)
class Plan:
    """How one target template renders: whole, or as a body and a header."""

    name: str
    body: Any  #: the body template (the whole template when `header` is None)
    reads: Optional[tuple[str, ...]]  #: context names the body reads; None: not cacheable (render whole)
    header: Optional[Any] = None  #: the header expression as a template of its own
    header_key: str = ""  #: the header expression (targets with the same one share its render)
    header_reads: tuple[str, ...] = ()  #: context names the header reads


def freeze(value: Any) -> Any:
    """A hashable value equal for equal inputs only: types are kept (1, 1.0, True and "1" differ) and
    so is the order of lists and of dict items (a template can iterate either)."""
    if isinstance(value, dict):
        return ("dict", tuple((freeze(k), freeze(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(freeze(v) for v in value))
    if value is None or isinstance(value, (str, int, float, bool)):
        return (type(value).__name__, value)
    raise TypeError(f"cannot key a snippet on a {type(value).__name__}")


class _Lru(OrderedDict):
    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def remember(self, key: Any, value: str) -> str:
        self[key] = value
        if len(self) > self.size:
            self.popitem(last=False)
        return value

    def recall(self, key: Any) -> Optional[str]:
        value = self.get(key)
        if value is not None:
            self.move_to_end(key)
        return value


def _reads(env: Any, ast: Any, seen: set[str]) -> Optional[set[str]]:
    """Every undeclared name of `ast` and of the templates it references, recursively (more than a
    template may read at run time, never less); None when a reference is dynamic."""
    from jinja2 import meta

    names = set(meta.find_undeclared_variables(ast))
    for ref in meta.find_referenced_templates(ast):
        if ref is None:
            return None
        if ref not in seen:
            seen.add(ref)
            more = _template_reads(env, ref)
            if more is None:
                return None
            names |= more
    return names


def _template_reads(env: Any, name: str) -> Optional[frozenset[str]]:
    """_reads of the template `name`, analysed once per environment."""
    cache = _analysis(env)["reads"]
    if name not in cache:
        found = _reads(env, env.parse(env.loader.get_source(env, name)[0], name=name), {name})
        cache[name] = None if found is None else frozenset(found)
    return cache[name]


#: environment -> {"reads": {template: names}, "plans": {template: Plan}}; templates do not change
#: while a process runs (the environments do not auto-reload), so each is analysed once
_ANALYSIS: MutableMapping[Any, dict[str, dict]] = WeakKeyDictionary()


def _analysis(env: Any) -> dict[str, dict]:
    found = _ANALYSIS.get(env)
    if found is None:
        found = _ANALYSIS[env] = {"reads": {}, "plans": {}}
    return found


def _header_node(ast: Any) -> Optional[tuple[Any, int, Any]]:
    """(the Output node, the index in it, the import node) of the one header expression written at the
    top level, with literal arguments; None when the template has no such single header."""
    from jinja2 import nodes

    imports = [n for n in ast.body if isinstance(n, nodes.Import) and isinstance(n.template, nodes.Const)
               and n.template.value == HEADER and n.with_context]
    calls = [c for c in ast.find_all(nodes.Call) if isinstance(c.node, nodes.Getattr) and c.node.attr == "header"]
    if len(imports) != 1 or len(calls) != 1:
        return None
    found = None
    for out in (n for n in ast.body if isinstance(n, nodes.Output)):
        for i, expr in enumerate(out.nodes):
            inner = expr
            while isinstance(inner, nodes.Filter) and not (inner.args or inner.kwargs or inner.dyn_args
                                                           or inner.dyn_kwargs):
                inner = inner.node
            if inner is calls[0]:
                found = (out, i)
    call = calls[0]
    if (found is None or not isinstance(call.node.node, nodes.Name) or call.node.node.name != imports[0].target
            or call.dyn_args or call.dyn_kwargs):
        return None
    try:
        for arg in (*call.args, *(k.value for k in call.kwargs)):
            arg.as_const()
    except nodes.Impossible:
        return None
    return found[0], found[1], imports[0]


def _compile(env: Any, ast: Any, name: str) -> Any:
    return env.template_class.from_code(env, env.compile(ast, name, name), env.make_globals(None), None)


def plan(env: Any, name: str) -> Plan:
    """How the target template `name` renders (see the module's docstring), worked out once."""
    plans = _analysis(env)["plans"]
    if name not in plans:
        plans[name] = _plan(env, name)
    return plans[name]


def _plan(env: Any, name: str) -> Plan:
    from jinja2 import nodes

    _BINDS = (nodes.Assign, nodes.AssignBlock, nodes.FromImport)

    ast = env.parse(env.loader.get_source(env, name)[0], name=name)
    found = _header_node(ast)
    if found is None:
        return Plan(name, env.get_template(name), None)
    out, index, imported = found
    expr = out.nodes[index]
    # names the template binds at its top level (more than it assigns: every name in those statements)
    assigned = {t.name for n in ast.body if isinstance(n, _BINDS) for t in n.find_all(nodes.Name)}
    assigned |= {n.name for n in ast.body if isinstance(n, nodes.Macro)}
    assigned |= {n.target for n in ast.body if isinstance(n, nodes.Import)}
    header_ast = nodes.Template([imported, nodes.Output([expr])], lineno=1)
    header_reads = _template_reads(env, HEADER)
    out.nodes[index] = nodes.TemplateData(MARK)
    ast.body.remove(imported)
    body_reads = _reads(env, ast, set())
    if body_reads is None or header_reads is None or assigned & header_reads or imported.target in body_reads:
        return Plan(name, env.get_template(name), None)  # the header depends on the template: no split
    ast.set_environment(env)
    header_ast.set_environment(env)
    return Plan(name, _compile(env, ast, f"{name} (body)"), tuple(sorted(body_reads)),
                _compile(env, header_ast, f"{name} (header)"), expr.dump(), tuple(sorted(header_reads)))


class SnippetMemo:
    """Renders snippets as render_snippets does, caching bodies and headers (see the module)."""

    def __init__(self, directory: Optional[str] = None, size: int = 256) -> None:
        self._env = environment(directory)
        self._bodies = _Lru(size)
        self._headers = _Lru(64)
        self.hits = self.misses = 0

    def render(self, manifest: Any, rec: Any, rules: Any, targets: Iterable[str]) -> list[Snippet]:
        from .context import build_context

        chosen = set(targets)
        for target in sorted(chosen - set(TARGETS)):
            targets_for(target)  # raises UsageError naming the unknown target
        ctx = build_context(manifest, rec, rules)
        frozen: dict[str, Any] = {}

        def key(names: Sequence[str]) -> tuple:
            for n in names:
                if n not in frozen:
                    frozen[n] = freeze(ctx[n]) if n in ctx else _ABSENT
            return tuple((n, frozen[n]) for n in names)

        out = []
        for target in (t for t in TARGETS if t in chosen):
            filename, mode = TARGETS[target]
            out.append(Snippet(target, filename, self._one(plan(self._env, f"{rec.method}/{target}.j2"), ctx, key),
                               mode))
        return out

    def _one(self, p: Plan, ctx: dict, key: Any) -> str:
        if p.reads is None:
            return str(p.body.render(ctx))
        body_key = (p.name, key(p.reads))
        body = self._bodies.recall(body_key)
        if body is None:
            self.misses += 1
            body = self._bodies.remember(body_key, p.body.render(ctx))
        else:
            self.hits += 1
        if p.header is None:
            return body
        header_key = (p.header_key, key(p.header_reads))
        header = self._headers.recall(header_key)
        if header is None:
            header = self._headers.remember(header_key, p.header.render(ctx))
        if body.count(MARK) != 1 or MARK in header:  # a value wrote a NUL after all: render it whole
            return str(self._env.get_template(p.name).render(ctx))
        return body.replace(MARK, header)
