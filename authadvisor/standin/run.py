"""Run the stand-in in the foreground, for `authadvisor stand-in`: the environment a client needs as
eval-able `export` lines on stdout (flushed at once, so a script can read them while the server runs),
then a one-line banner on stderr. Standard library only."""

from __future__ import annotations

import ipaddress
import shlex
import socket
from typing import IO, Optional

from .faults import Config
from .server import StandIn

LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def exports(url: str, cfg: Config) -> list[str]:
    """`export NAME=value` lines (shell-quoted) with the stand-in's URLs and test credentials."""
    values = {
        "CAPILLARY_BASE_URL": url,
        "CAPILLARY_TILL_USERNAME": cfg.till_user,
        "CAPILLARY_TILL_PASSWORD": cfg.till_password,
        "CAPILLARY_CLIENT_KEY": cfg.client_key,
        "CAPILLARY_CLIENT_SECRET": cfg.client_secret,
        "CAPILLARY_AUTH_ENGINE_URL": url,
        "CAPILLARY_MOBILE_API_URL": url + "/mobile",
        "CAPILLARY_BRAND": cfg.brand,
        "CAPILLARY_DEVICE_ID": cfg.device_id,
        "CAPILLARY_MOBILE": cfg.mobile,
        "CAPILLARY_OTP": cfg.otp,
    }
    return [f"export {name}={shlex.quote(value)}" for name, value in values.items()]


class PortInUse(OSError):
    """The port is taken (or the address cannot be bound): the message says what to do."""


def start(host: str, port: int, cfg: Config) -> StandIn:
    try:
        return StandIn(cfg, host=host, port=port)
    except OSError as exc:
        raise PortInUse(f"cannot listen on {host}:{port}: {exc.strerror or exc}; pick another port with "
                        "--port, or --port 0 for a free one") from None


def serve(server: StandIn, faults: list[str], out: IO[str], err: IO[str],
          ready: Optional[socket.socket] = None) -> None:
    """Print the exports and the banner, then serve until interrupted (KeyboardInterrupt propagates)."""
    for line in exports(server.url, server.state.config):
        print(line, file=out)
    out.flush()
    shown = ", ".join(faults) if faults else "none"
    print(f"authadvisor stand-in: a local stand-in for Capillary's auth surface, NOT Capillary; serving "
          f"{server.url} (faults: {shown}); Ctrl-C stops it", file=err, flush=True)
    try:
        server.httpd.serve_forever(poll_interval=0.2)
    finally:
        server.httpd.server_close()
