"""A small Capillary client for `authadvisor verify`: HTTP with network faults told apart (transport),
what Capillary's response envelopes mean (envelope), and each method's flow as timed steps (flows).
Standard library only; no click, pydantic, YAML or Jinja2."""
