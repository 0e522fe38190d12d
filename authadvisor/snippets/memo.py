"""Snippets for many manifests at once (the docs render 9 per page): byte for byte what
`render_snippets` writes, with the pieces that repeat rendered once per run.

A snippet is its comment header, which names the manifest (name, description, owner, org, brand), and
a body, which depends on far fewer values (the method, the cluster's hosts, ...). snippets.split cuts
each target template into its body and the header's parts, once per process; a run renders each
distinct body and each distinct part once, and joins them.

Every piece is cached under the values of every context name it (or any template it includes or
imports) reads. Values are frozen with their types and order, so two contexts that differ in any value
a piece reads never share an entry, and a cached piece carries nothing of the manifest that first
rendered it beyond those values. The caches are bounded (the least recently used entries go first), so
a run over 100,000 manifests holds no more than a run over 1,000.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Any, Callable, Optional

from .render import TARGETS, Snippet, environment, targets_for
from .split import MARK, Plan, plan

_ABSENT = "<absent>"  #: the key of a name the context does not have (repr never gives this)
#: a piece that reads one of these names is this manifest's alone (names are unique in a run): it is
#: kept for the manifest's other targets only, never in the run's cache, where it would push out the
#: pieces manifests share
LOCAL = frozenset({"name"})


def freeze(value: Any) -> str:
    """A key equal for equal inputs only. The context is plain data (build_context makes dicts, lists,
    strings, numbers, booleans and None; a test holds it to that), whose repr spells every type and
    every item in order: 1, 1.0, True and "1" differ, and so do two dicts that list their items in a
    different order (a template can iterate either)."""
    return repr(value)


class Lru(OrderedDict):
    """A bounded cache: past `size` entries, the least recently used goes."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def get_or_make(self, key: Any, make: Callable[[], str]) -> tuple[str, bool]:
        """(the value, whether it was cached)."""
        value = self.get(key)
        if value is not None:
            self.move_to_end(key)
            return value, True
        value = self[key] = make()
        if len(self) > self.size:
            self.popitem(last=False)
        return value, False


class SnippetMemo:
    """Renders snippets as render_snippets does, caching the pieces (see the module). One per run."""

    def __init__(self, directory: Optional[str] = None, size: int = 512) -> None:
        self._env = environment(directory)
        self._pieces = Lru(size)
        self.hits = self.misses = 0

    def render(self, manifest: Any, rec: Any, rules: Any, targets: Iterable[str]) -> list[Snippet]:
        from .context import build_context

        chosen = set(targets)
        for target in sorted(chosen - set(TARGETS)):
            targets_for(target)  # raises UsageError naming the unknown target
        ctx = build_context(manifest, rec, rules)
        frozen: dict[str, Any] = {}
        local: dict[Any, str] = {}

        def key(names: Sequence[str]) -> tuple:
            for n in names:
                if n not in frozen:
                    frozen[n] = freeze(ctx[n]) if n in ctx else _ABSENT
            return tuple(frozen[n] for n in names)

        out = []
        for target in (t for t in TARGETS if t in chosen):
            filename, mode = TARGETS[target]
            text = self._one(plan(self._env, f"{rec.method}/{target}.j2"), ctx, key, local)
            out.append(Snippet(target, filename, text, mode))
        return out

    def _piece(self, key: Any, reads: Sequence[str], template: Any, ctx: dict, local: dict) -> str:
        if LOCAL.isdisjoint(reads):
            text, cached = self._pieces.get_or_make(key, lambda: str(template.render(ctx)))
        else:
            cached = key in local
            text = local[key] if cached else local.setdefault(key, str(template.render(ctx)))
        if cached:
            self.hits += 1
        else:
            self.misses += 1
        return text

    def _one(self, p: Plan, ctx: dict, key: Callable[[Sequence[str]], tuple], local: dict) -> str:
        if p.reads is None:
            return str(p.body.render(ctx))
        body = self._piece(("body", p.name, p.reads, key(p.reads)), p.reads, p.body, ctx, local)
        if not p.header:
            return body
        header = "".join(self._piece(("part", part.key, part.reads, key(part.reads)), part.reads, part.template,
                                     ctx, local) for part in p.header)
        for func in p.chain:
            header = func(header)
        if body.count(MARK) != 1 or MARK in header:  # a value wrote a NUL after all: render it whole
            return str(self._env.get_template(p.name).render(ctx))
        return body.replace(MARK, header)
