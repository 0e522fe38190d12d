"""How a snippet template splits into pieces a run can cache (see snippets.memo), found once per template
on its syntax tree.

A target whose header is one expression written straight to the output (`{{ h.header("# ", ...) |
trim }}`, literal arguments, `h` imported from _lib/header.j2 with context) becomes a body, compiled
with MARK in the header's place, and the header's parts. _lib/header.j2 defines `header` as exactly
`about ~ details` (the manifest's own lines, then the hosts and variables): those two calls render
apart and are joined, then the expression's filters (`trim`, `java_comments`, ...) run on the join.
When header.j2 is not shaped so, the whole expression is the one part. Anything else (a header inside a
`set` block, as Postman's is; a dynamic include; a name the template binds that the header reads)
renders whole, as render_snippets does.

`reads` are every context name a piece, or any template it includes or imports, mentions (jinja2.meta):
more than it may read at run time, never less.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any, Callable, Optional
from weakref import WeakKeyDictionary

HEADER = "_lib/header.j2"
#: stands for the header in a body; no filter writes a NUL (they refuse or escape control characters),
#: and a body that does not hold it exactly once is rendered whole instead
MARK = "\x00authadvisor:snippet-header\x00"
#: the shape of header.j2's `header` macro that lets its two halves render apart
_HALVES = ('{% macro header(c, hosts=(), runnable=False) -%}\n'
           '{{ about(c) }}{{ details(c, hosts, runnable) }}\n{%- endmacro %}')


@dataclass(frozen=True)
class Part:
    key: str  #: the call it renders (targets writing the same call share its render)
    template: Any
    reads: tuple[str, ...]
    name: str  #: the compiled template's name (in tracebacks)
    code: Any  #: its compiled code (what snippets.plancache keeps)


@dataclass(frozen=True)
class Plan:
    """How one target template renders: whole (`reads` None), or as a body and header parts."""

    name: str
    body: Any  #: the body template (the whole template when `reads` is None)
    reads: Optional[tuple[str, ...]]  #: context names the body reads
    header: tuple[Part, ...] = ()  #: rendered, joined in order, then `chain` applied: the header
    chain: tuple[Callable[[str], str], ...] = ()
    filters: tuple[str, ...] = ()  #: the names of `chain`'s filters
    code: Any = None  #: the body's compiled code, when it is split

    def record(self) -> tuple | None:
        """The plan as plain data (snippets.plancache's record)."""
        if self.reads is None:
            return None
        parts = tuple((p.key, p.name, p.code, p.reads) for p in self.header)
        return (self.code, self.reads, parts, self.filters)


#: environment -> {"reads": {template: names}, "plans": {template: Plan}, ..., "stored": (plans file,
#: its records) once read}; templates do not change while a process runs (the environments do not
#: auto-reload), so each is analysed once
_ANALYSIS: MutableMapping[Any, dict[str, Any]] = WeakKeyDictionary()


def _analysis(env: Any) -> dict[str, Any]:
    found = _ANALYSIS.get(env)
    if found is None:
        found = _ANALYSIS[env] = {"reads": {}, "plans": {}, "halves": {}, "parts": {}, "stored": None}
    return found


def _parse(env: Any, name: str) -> Any:
    return env.parse(env.loader.get_source(env, name)[0], name=name)


def reads(env: Any, ast: Any, seen: set[str]) -> Optional[set[str]]:
    """Every undeclared name of `ast` and of the templates it references, recursively; None when a
    reference is dynamic."""
    from jinja2 import meta

    names = set(meta.find_undeclared_variables(ast))
    for ref in meta.find_referenced_templates(ast):
        if ref is None:
            return None
        if ref not in seen:
            seen.add(ref)
            more = template_reads(env, ref)
            if more is None:
                return None
            names |= more
    return names


def template_reads(env: Any, name: str) -> Optional[frozenset[str]]:
    cache = _analysis(env)["reads"]
    if name not in cache:
        found = reads(env, _parse(env, name), {name})
        cache[name] = None if found is None else frozenset(found)
    return cache[name]


def _halves(env: Any) -> Optional[dict[str, frozenset[str]]]:
    """{"about": names, "details": names} when header.j2's `header` is exactly about ~ details (and
    neither calls another macro of it), else None."""
    cache = _analysis(env)["halves"]
    if "found" not in cache:
        from jinja2 import meta, nodes

        ast = _parse(env, HEADER)
        macros = {m.name: m for m in ast.body if isinstance(m, nodes.Macro)}
        want = next(env.parse(_HALVES).find_all(nodes.Macro))
        found: Optional[dict[str, frozenset[str]]] = None
        if ("header" in macros and macros["header"].dump() == want.dump() and {"about", "details"} <= set(macros)
                and [a.name for a in macros["about"].args] == ["c"]):
            found = {h: frozenset(meta.find_undeclared_variables(_alone(env, macros[h]))) for h in
                     ("about", "details")}
            if any(names & set(macros) for names in found.values()) or list(meta.find_referenced_templates(ast)):
                found = None
        cache["found"] = found
    return cache["found"]


def _alone(env: Any, node: Any) -> Any:
    from jinja2 import nodes

    ast = nodes.Template([node], lineno=1)
    ast.set_environment(env)
    return ast


def _header_node(ast: Any) -> Optional[tuple[Any, int, Any, Any, list[Any]]]:
    """(Output node, index in it, import node, the call, its filters outermost last) of the one header
    expression written at the top level with literal arguments, else None."""
    from jinja2 import nodes

    imports = [n for n in ast.body if isinstance(n, nodes.Import) and isinstance(n.template, nodes.Const)
               and n.template.value == HEADER and n.with_context]
    calls = [c for c in ast.find_all(nodes.Call) if isinstance(c.node, nodes.Getattr) and c.node.attr == "header"]
    if len(imports) != 1 or len(calls) != 1:
        return None
    call = calls[0]
    if (not isinstance(call.node.node, nodes.Name) or call.node.node.name != imports[0].target
            or call.dyn_args or call.dyn_kwargs):
        return None
    try:
        for arg in (*call.args, *(k.value for k in call.kwargs)):
            arg.as_const()
    except nodes.Impossible:
        return None
    for out in (n for n in ast.body if isinstance(n, nodes.Output)):
        for i, expr in enumerate(out.nodes):
            inner: Any = expr
            chain: list[str] = []
            while isinstance(inner, nodes.Filter) and not (inner.args or inner.kwargs or inner.dyn_args
                                                           or inner.dyn_kwargs):
                chain.insert(0, inner.name)
                inner = inner.node
            if inner is call:
                return out, i, imports[0], call, chain
    return None


def _compile(env: Any, ast: Any, name: str) -> tuple[Any, Any]:
    """(the template, its code)."""
    ast.set_environment(env)
    code = env.compile(ast, name, name)
    return _template(env, code), code


def _template(env: Any, code: Any) -> Any:
    return env.template_class.from_code(env, code, env.make_globals(None), None)


def _plain_filters(env: Any, names: list[str]) -> Optional[tuple[Callable[[str], str], ...]]:
    """The filters as plain functions of the text, or None when one wants the context or environment."""
    from jinja2.utils import _PassArg

    funcs = [env.filters.get(n) for n in names]
    if any(f is None or _PassArg.from_obj(f) is not None for f in funcs):
        return None
    return tuple(funcs)  # type: ignore[arg-type]


def _parts(env: Any, name: str, imported: Any, expr: Any, call: Any, chain: list[str]
           ) -> tuple[tuple[Part, ...], tuple[str, ...]]:
    """The header's parts and the filters to apply to their join."""
    from jinja2 import nodes

    halves, funcs = _halves(env), _plain_filters(env, chain)
    if halves is None or funcs is None:
        whole = template_reads(env, HEADER) or frozenset()
        ast = nodes.Template([imported, nodes.Output([expr])], lineno=1)
        label = f"{name} (header)"
        template, code = _compile(env, ast, label)
        return (Part(expr.dump(), template, tuple(sorted(whole)), label, code),), ()
    parts = []
    for half in ("about", "details"):
        args, kwargs = call.args, call.kwargs
        if half == "about":  # about(c): one render for every target with the same comment prefix
            args, kwargs = args[:1], [k for k in kwargs if k.key == "c"]
        half_call = nodes.Call(nodes.Getattr(call.node.node, half, "load"), args, kwargs, None, None)
        key = f"{imported.dump()} {half_call.dump()}"
        compiled = _analysis(env)["parts"]
        if key not in compiled:  # targets writing the same call share one compiled template
            ast = nodes.Template([imported, nodes.Output([half_call])], lineno=1)
            label = f"{HEADER} ({half})"
            template, code = _compile(env, ast, label)
            compiled[key] = Part(key, template, tuple(sorted(halves[half])), label, code)
        parts.append(compiled[key])
    return tuple(parts), tuple(chain)


def plan(env: Any, name: str) -> Plan:
    """How the target template `name` renders, worked out once per environment, and kept across runs
    (snippets.plancache)."""
    from . import plancache

    analysis = _analysis(env)
    plans = analysis["plans"]
    if name not in plans:
        if analysis["stored"] is None:
            file = plancache.path(env)
            analysis["stored"] = (file, plancache.load(file))
        file, stored = analysis["stored"]
        if name in stored:
            plans[name] = _restore(env, name, stored[name])
        else:
            plans[name] = _plan(env, name)
            stored[name] = plans[name].record()
            plancache.store(file, stored)
    return plans[name]


def _restore(env: Any, name: str, record: Optional[tuple]) -> Plan:
    """The Plan a stored record describes (parts with the same key share one template, as _parts makes)."""
    if record is None:
        return Plan(name, env.get_template(name), None)
    body, reads, parts, filters = record
    compiled = _analysis(env)["parts"]
    header = []
    for key, label, code, part_reads in parts:
        if key not in compiled:
            compiled[key] = Part(key, _template(env, code), part_reads, label, code)
        header.append(compiled[key])
    return Plan(name, _template(env, body), reads, tuple(header), _chain(env, filters), filters, body)


def _plan(env: Any, name: str) -> Plan:
    from jinja2 import nodes

    ast = _parse(env, name)
    found = _header_node(ast)
    header_reads = template_reads(env, HEADER)
    if found is None or header_reads is None:
        return Plan(name, env.get_template(name), None)
    out, index, imported, call, chain = found
    # every name in any statement that binds names, anywhere in the template (more than it binds; never less)
    bound = {t.name for kind in (nodes.Assign, nodes.AssignBlock, nodes.FromImport, nodes.For, nodes.Macro)
             for n in ast.find_all(kind) for t in n.find_all(nodes.Name)}
    bound |= {n.name for n in ast.find_all(nodes.Macro)} | {n.target for n in ast.find_all(nodes.Import)}
    expr = out.nodes[index]
    out.nodes[index] = nodes.TemplateData(MARK)
    ast.body.remove(imported)
    body_reads = reads(env, ast, set())
    if body_reads is None or bound & header_reads or imported.target in body_reads:
        return Plan(name, env.get_template(name), None)  # the header depends on the template: whole
    parts, filters = _parts(env, name, imported, expr, call, chain)
    body, code = _compile(env, ast, f"{name} (body)")
    return Plan(name, body, tuple(sorted(body_reads)), parts, _chain(env, filters), filters, code)


def _chain(env: Any, filters: tuple[str, ...]) -> tuple[Callable[[str], str], ...]:
    """The filters by name as plain functions (_parts kept only filters that are)."""
    return _plain_filters(env, list(filters)) or ()
