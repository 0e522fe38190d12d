"""The console-script entry point. Kept free of heavy imports: `authadvisor --version` answers without
loading click, the CLI skips pydantic's plugin discovery (an entry-point scan costing ~20 ms), our own
modules come from one file of their compiled code (startup/modulecache.py), the regular expressions and
the libraries' string annotations every start compiles come compiled from earlier runs
(startup/regexcache.py, startup/forwardrefs.py), the garbage collector does not rescan start-up's
objects (startup/collector.py), and the process ends without tearing the interpreter down once the
output is flushed (startup/quickexit.py)."""

from __future__ import annotations

import os
import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from .version import version

        sys.stdout.write(f"authadvisor {version()}\n")
        return
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from .startup import collector

    collector.defer()  # before anything that allocates much (typing, the rest of ours) is imported
    from .startup import modulecache

    modulecache.install()  # before the rest of ours is imported
    from .startup import forwardrefs, quickexit, regexcache

    regexcache.install()  # before click and PyYAML compile theirs
    forwardrefs.install()  # before click and Jinja2 annotate theirs
    try:
        from .cli import main as cli_main

        cli_main()
        code: object = 0
    except SystemExit as done:  # click ends every run with one
        code = done.code
    finally:
        regexcache.save()
        forwardrefs.save()
        modulecache.save()
    quickexit.leave(code)
