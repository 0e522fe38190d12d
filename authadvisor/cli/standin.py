"""`authadvisor stand-in`: a local stand-in of Capillary's auth surface, for development and tests."""

from __future__ import annotations

import sys

import click

from ..errors import UsageError
from .common import Command


def _fault_help() -> str:
    from ..standin import FAULTS

    return "; ".join(f"{name}: {help}" for name, (_, _, help) in sorted(FAULTS.items()))


@click.command("stand-in", cls=Command)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback only "
              "unless --allow-remote).")
@click.option("--port", default=8642, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on; 0 picks a free one (the exports show it).")
@click.option("--fault", "faults", multiple=True, metavar="NAME[=VALUE]",
              help="Inject a documented failure; repeatable. See --list-faults.")
@click.option("--list-faults", is_flag=True, help="List the faults and exit.")
@click.option("--allow-remote", is_flag=True, help="Allow a non-loopback --host (the stand-in accepts "
              "well-known test credentials: never expose it).")
def stand_in(host: str, port: int, faults: tuple[str, ...], list_faults: bool, allow_remote: bool) -> int:
    """Serve a local stand-in of Capillary's authentication surface (not Capillary).

    Prints `export CAPILLARY_...=...` lines for every method's test credentials on standard output,
    then a banner on standard error, and serves until Ctrl-C (exit 130).

    \b
    Examples:
      authadvisor stand-in --port 0 > stand-in.env & sleep 1; . ./stand-in.env
      authadvisor stand-in --fault rate-limit=5 --fault expiry-form=body-498 --fault expire-after=30
    """
    from ..standin import FAULTS, parse_faults
    from ..standin.run import PortInUse, is_loopback, serve, start

    if list_faults:
        for name, (_, _, text) in sorted(FAULTS.items()):
            click.echo(f"{name:16} {text}")
        return 0
    if not allow_remote and not is_loopback(host):
        raise UsageError(f"--host {host} is not a loopback address; the stand-in listens on loopback only "
                         "unless --allow-remote is given")
    try:
        cfg = parse_faults(list(faults))
    except ValueError as exc:
        raise UsageError(f"--fault: {exc}") from None
    try:
        server = start(host, port, cfg)
    except PortInUse as exc:
        raise UsageError(str(exc)) from None
    serve(server, list(faults), sys.stdout, sys.stderr)
    return 0
