"""Small helpers every command shares: reading inputs, the rules table, styling, writing output."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable
from typing import Any, Optional, Union

import click

from ..errors import UsageError
from ..inert import inert_lines

HELP = "Show this message and exit."


def _show_help(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(ctx.get_help(), color=ctx.color)
        ctx.exit()


class _OwnHelp:
    """The -h/--help option built here, with its help text as a literal: click builds it through
    gettext, whose first lookup imports `locale` and searches for translations (~2 ms of every start)
    to print the same English text. Behaves as click's: eager, not a value, built once per command."""

    _own_help: Optional[click.Option] = None

    def get_help_option(self, ctx: click.Context) -> Optional[click.Option]:
        names = self.get_help_option_names(ctx)  # type: ignore[attr-defined]
        if not names or not self.add_help_option:  # type: ignore[attr-defined]
            return None
        if self._own_help is None:  # one object: click orders eager callbacks by identity
            self._own_help = click.Option([*names, "_authadvisor_help"], is_flag=True, expose_value=False,
                                          is_eager=True, help=HELP, callback=_show_help)
        return self._own_help


class Command(_OwnHelp, click.Command):
    """Every command's class (`@click.command(cls=Command)`)."""


class Group(_OwnHelp, click.Group):
    """Every group's class; its subcommands are Commands."""

    command_class = Command


def settings(ctx: Optional[click.Context] = None) -> Any:
    ctx = ctx or click.get_current_context()
    return ctx.find_root().obj


def load_rules_for(ctx: Optional[click.Context] = None, config: Any = None) -> Any:
    """The rules table chosen by --rules / AUTHADVISOR_RULES, else by `rules` in the configuration file
    (`config`, or the one found from the current directory), else the built-in one."""
    from ..rules.tables import load_rules

    rules_dir = settings(ctx).rules_dir
    if rules_dir is None:
        if config is None:
            from ..config import load_config

            config = load_config()
        rules_dir = config.rules
    if rules_dir is not None and not os.path.isdir(rules_dir):
        raise UsageError(f"rules directory not found: {rules_dir}")
    return load_rules(rules_dir)


def shown_path(path: str) -> str:
    """A path from the configuration file, as shown in output: relative to the current directory."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path


def read_input(path: str) -> tuple[bytes, str]:
    """(bytes, display name) of a FILE argument; `-` reads standard input."""
    from ..manifest.rawfile import MAX_BYTES, read_bytes

    if path == "-":
        return sys.stdin.buffer.read(MAX_BYTES + 1), "<stdin>"
    if not os.path.exists(path):
        raise UsageError(f"file not found: {path}")
    if os.path.isdir(path):
        raise UsageError(f"{path} is a directory; give a manifest file")
    from ..manifest.files import shown_name
    from ..manifest.regular import kind

    what = kind(os.stat(path).st_mode)
    if what is not None:  # a FIFO or device would block or never end: refused before opening it
        raise UsageError(f"{path} is {what}, not a regular file; give a manifest file")
    try:
        return read_bytes(path), shown_name(path)
    except PermissionError:
        raise UsageError(f"cannot read {path}: permission denied") from None


def load_manifest_arg(path: str) -> tuple[Any, dict]:
    """(Document, validated manifest data) for a FILE argument; ManifestError (exit 1) when invalid."""
    from ..manifest.safeyaml import load_yaml
    from ..manifest.validate import validate_manifest_data

    raw, name = read_input(path)
    doc = load_yaml(raw, name)
    return doc, validate_manifest_data(doc)


def style_for(stream: Any = None, output: Optional[str] = None) -> Any:
    """Colour when asked, or (auto) when writing to a terminal and NO_COLOR is unset; never into
    an --output file. Laid out for the terminal's width when writing to one, else for 88 columns."""
    from ..render.style import Style

    choice = settings().color
    stream = stream or sys.stdout
    if output not in (None, "-"):
        return Style()
    tty = bool(getattr(stream, "isatty", lambda: False)())
    if choice == "always":
        color = True
    elif choice == "never":
        color = False
    else:
        color = tty and not os.environ.get("NO_COLOR")
    width = 88  # not a terminal: a fixed layout, the same bytes wherever it runs
    if tty:  # the terminal's own width, coloured or not (NO_COLOR changes colour, not layout)
        import shutil

        width = shutil.get_terminal_size((88, 24)).columns
    return Style(color=color, width=min(width, 100) - 2, columns=width - 2)


def say(text: str = "", err: bool = False) -> None:
    """One message line for a person (stderr with `err`), made inert: no manifest text in it can
    forge a line or reach the terminal as an escape sequence."""
    click.echo(inert_lines(text, keep_style=True), err=err)


def destination(output: str) -> tuple[str, bool]:
    """(the path to write, written in place) for --output FILE: a device, FIFO or socket (/dev/null,
    /dev/stdout, a process substitution) is written in place, since renaming a file over it would
    replace it; a regular or new file gets an atomic write, through a symbolic link to what it points
    at. UsageError for a directory."""
    try:
        mode: Optional[int] = os.stat(output).st_mode  # through a symbolic link
    except FileNotFoundError:
        mode = None  # a new file (or a dangling link: written where it points)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror}") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise UsageError(f"cannot write {output}: it is a directory")
    if mode is not None and not stat.S_ISREG(mode):
        return output, True
    return (os.path.realpath(output) if os.path.islink(output) else output), False


def write_output(text: Union[str, Iterable[str]], output: Optional[str], make_parents: bool = False,
                 plain: bool = False) -> None:
    """Write `text` (a string, or pieces of one) to --output FILE or to stdout.

    A regular file (or a new one) is written atomically: a temporary file beside it, renamed into place,
    so a failed or interrupted write never leaves half a report; anything else is written in place (see
    destination). With `make_parents`, missing parent folders are created, like pytest's --junitxml.

    `plain`: the text is for a person (text formats), so it is made inert line by line; only the colour
    sequences of render.style survive. Structured formats (JSON, YAML, SARIF, XML, HTML) escape for
    themselves and are written byte for byte."""
    pieces = (text,) if isinstance(text, str) else text
    if plain:
        pieces = [inert_lines(piece, keep_style=True) for piece in pieces]
    if output is None or output == "-":
        for piece in pieces:
            click.echo(piece, nl=False, color=True)  # styling was decided already (style_for)
        return
    target, in_place = destination(output)
    tmp = target if in_place else f"{target}.tmp-{os.getpid()}"
    try:
        parent = os.path.dirname(target)
        if make_parents and parent and not in_place:
            os.makedirs(parent, exist_ok=True)
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            for piece in pieces:
                fh.write(piece)
        if not in_place:
            os.replace(tmp, target)
    except BaseException as exc:  # an OSError, or Ctrl-C mid-write: never leave a partial file behind
        if not in_place and os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise UsageError(f"cannot write {output}: {exc.strerror}") from None
        raise
