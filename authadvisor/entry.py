"""The console-script entry point. Kept free of heavy imports: `authadvisor --version` answers without
loading click, the CLI skips pydantic's plugin discovery (an entry-point scan costing ~20 ms), the
regular expressions every start compiles come compiled from earlier runs (startup/regexcache.py), and the
garbage collector neither rescans start-up's objects nor scans everything at exit (startup/collector.py)."""

from __future__ import annotations

import os
import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from .version import version

        sys.stdout.write(f"authadvisor {version()}\n")
        return
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from .startup import collector, regexcache

    collector.defer()
    regexcache.install()  # before click and PyYAML compile theirs
    try:
        from .cli import main as cli_main

        cli_main()
    finally:
        regexcache.save()
        collector.skip_exit_collection()
