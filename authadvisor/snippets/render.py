"""Render the snippets: templates/snippets/<method>/<target>.j2 in a sandboxed Jinja2 environment."""

import os
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, Optional

from ..errors import UsageError
from ..startup.namedtuples import NamedTuple

#: target -> (file name written by --out, file mode); the order is the output order
TARGETS: dict[str, tuple[str, int]] = {
    "curl": ("auth.sh", 0o755),
    "python": ("auth.py", 0o755),
    "javascript": ("auth.mjs", 0o755),
    "http": ("requests.http", 0o644),
    "env": (".env.example", 0o644),
    "openapi": ("openapi.yaml", 0o644),
    "java": ("Auth.java", 0o644),
    "csharp": ("Auth.cs", 0o644),
    "php": ("auth.php", 0o755),
    "postman": ("auth.postman_collection.json", 0o644),
    "postman-env": ("auth.postman_environment.json", 0o644),
}
#: a target that brings others along: `--lang postman` writes the collection and its environment file
COMPANIONS: dict[str, tuple[str, ...]] = {"postman": ("postman-env",)}
#: the targets pages show inline (onboarding docs, the questionnaire): a Postman collection is a file
#: to import, not to read, so pages leave it to `authadvisor snippets --lang postman`
INLINE_TARGETS: tuple[str, ...] = tuple(t for t in TARGETS if t not in ("postman", "postman-env"))


class Snippet(NamedTuple):  # a NamedTuple, not a dataclass: ~1 ms less of every start
    target: str
    filename: str
    content: str
    mode: int

    def to_dict(self) -> dict[str, str]:
        return {"filename": self.filename, "content": self.content}


@lru_cache(maxsize=4)
def environment(directory: Optional[str] = None) -> Any:
    """The sandboxed environment over the built-in templates (StrictUndefined: a typo is an error)."""
    from jinja2 import StrictUndefined, select_autoescape

    from ..render.templatecache import sandboxed_environment
    from ..resources import data_path
    from .filters import FILTERS

    root = directory or os.path.join(data_path("templates"), "snippets")
    env = sandboxed_environment(
        "snippets: autoescape .html and .xml",
        root,
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html", "xml"), default_for_string=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates do not change during a run: no stat() per render
    )
    env.filters.update(FILTERS)
    return env


def targets_for(lang: str) -> list[str]:
    if lang == "all":
        return list(TARGETS)
    if lang not in TARGETS:
        raise UsageError(f'unknown snippet target "{lang}" (choose from {", ".join(TARGETS)}, all)')
    return [lang, *COMPANIONS.get(lang, ())]


def render_snippets(manifest: Any, rec: Any, rules: Any, targets: Optional[Iterable[str]] = None) -> list[Snippet]:
    """The snippets for the recommended method, one per target, in TARGETS order."""
    from .context import build_context

    chosen = set(TARGETS if targets is None else targets)
    for target in sorted(chosen - set(TARGETS)):
        targets_for(target)  # raises UsageError naming the unknown target
    wanted = [t for t in TARGETS if t in chosen]
    ctx = build_context(manifest, rec, rules)
    env = environment()
    out = []
    for target in wanted:
        filename, mode = TARGETS[target]
        text = env.get_template(f"{rec.method}/{target}.j2").render(ctx)
        out.append(Snippet(target, filename, text, mode))
    return out


def write_snippets(snippets: Iterable[Snippet], directory: str) -> list[str]:
    """Write each snippet into `directory` (created if missing) atomically with its mode; the paths."""
    try:
        os.makedirs(directory, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create {directory}: {exc.strerror}") from None
    written = []
    for s in snippets:
        path = os.path.join(directory, s.filename)
        tmp = f"{path}.tmp-{os.getpid()}"
        try:
            with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(s.content)
            os.chmod(tmp, s.mode)
            os.replace(tmp, path)
        except OSError as exc:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise UsageError(f"cannot write {path}: {exc.strerror}") from None
        written.append(path)
    return written
