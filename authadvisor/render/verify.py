"""`authadvisor verify` as text: each step with its HTTP status and timing, then each diagnosis."""

from __future__ import annotations

from typing import Any

from ..snippets.filters import inert
from .style import SEVERITY_STYLE, Style
from .text import PLAIN


def verify_text(result: Any, name: str, method_title: str, style: Style = PLAIN) -> str:
    lines = [f"{name}: verifying {method_title} ({result.method})"]
    for key, host in result.hosts.items():
        lines.append(f"  {key.replace('_', ' ')} host: {host['url']}")
    for i, step in enumerate(result.steps, 1):
        status = f"HTTP {step.status}" if step.status is not None else "no answer"
        lines.append(f"  {i}. {step.method} {step.path}  {status}  {step.ms:g} ms  {inert(step.result)}")
    for d in result.diagnoses:  # messages may quote the server: shown inert
        lines.append(f"{style(d.severity, *SEVERITY_STYLE[d.severity])}: {inert(d.message)} [{d.id}]")
    if result.exit_code == 0:
        lines.append(style("verified:", "green", "bold") + " the credentials work for this method")
    else:
        lines.append(style("not verified", "red", "bold"))
    return "\n".join(lines) + "\n"
