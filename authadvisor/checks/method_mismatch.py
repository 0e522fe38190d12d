"""method-mismatch: `auth.method` is declared and differs from what the rules table recommends."""

from __future__ import annotations

from collections.abc import Iterable

from ..findings import Finding
from . import FileContext

CHECK = "method-mismatch"


def run(ctx: FileContext) -> Iterable[Finding]:
    key = ctx.key
    if key is None:  # the facts are not usable (the schema findings say why)
        return []
    auth = ctx.doc.data.get("auth")
    declared = auth.get("method") if isinstance(auth, dict) else None
    if not isinstance(declared, str) or declared not in ctx.rules.methods:
        return []
    rec = ctx.rules.evaluate(key)  # memoized per fact key: one evaluation per distinct manifest shape
    if declared == rec.method:
        return []
    message = (f'auth.method is "{declared}" but the recommended method for caller {key[0]} is '
               f'"{rec.method}" (rule {rec.rule}, scenario {rec.scenario}): switch to {rec.method}, or '
               f"correct the caller (see 'authadvisor explain FILE'), or waive {CHECK} with a reason")
    return [ctx.doc.finding(message, ("auth", "method"), check=CHECK, severity=ctx.severity(CHECK),
                            rule=rec.rule)]
