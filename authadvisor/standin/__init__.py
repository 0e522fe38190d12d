"""A local stand-in for Capillary's authentication surface, for tests and offline development.

Standard library only: importable without click or pydantic. One implementation serves the test
suite and the `authadvisor stand-in` command.
"""

from __future__ import annotations

from .faults import EXPIRY_FORMS, FAULTS, FORBIDDEN, MISMATCH, Config, parse_faults
from .server import MOBILE_SAMPLE_PATH, SAMPLE_PATH, TOKEN_PATH, Seen, StandIn, basic_header

__all__ = ["EXPIRY_FORMS", "FAULTS", "FORBIDDEN", "MISMATCH", "MOBILE_SAMPLE_PATH", "SAMPLE_PATH", "TOKEN_PATH",
           "Config", "Seen", "StandIn", "basic_header", "parse_faults"]
