"""The console-script entry point. Kept free of heavy imports: `authadvisor --version` answers without
loading click, the CLI skips pydantic's plugin discovery (an entry-point scan costing ~20 ms), the
regular expressions every start compiles come compiled from earlier runs (startup/regexcache.py), the
garbage collector does not rescan start-up's objects (startup/collector.py), and the process ends without
tearing the interpreter down once the output is flushed (startup/quickexit.py)."""

from __future__ import annotations

import os
import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from .version import version

        sys.stdout.write(f"authadvisor {version()}\n")
        return
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from .startup import collector, quickexit, regexcache

    collector.defer()
    regexcache.install()  # before click and PyYAML compile theirs
    try:
        from .cli import main as cli_main

        cli_main()
        code: object = 0
    except SystemExit as done:  # click ends every run with one
        code = done.code
    finally:
        regexcache.save()
    quickexit.leave(code)
