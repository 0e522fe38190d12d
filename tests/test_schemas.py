"""The JSON Schemas the run-time validator uses are generated from the pydantic models: keep them fresh."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_committed_schemas_match_the_models() -> None:
    proc = subprocess.run([sys.executable, "-m", "authadvisor.manifest.schemagen", "--check"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_command_line_path_does_not_import_pydantic() -> None:
    # main() ends the process: the check runs as an atexit handler
    code = ("import atexit, sys; sys.argv = ['authadvisor', 'recommend', 'examples/pos-terminal.yaml']\n"
            "atexit.register(lambda: print('pydantic' in sys.modules, 'jinja2' in sys.modules, "
            "file=sys.stderr))\n"
            "from authadvisor.entry import main\n"
            "main()\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.stderr.strip().splitlines()[-1] == "False False", proc.stderr


def test_no_model_field_uses_a_default_factory() -> None:
    """The run-time validator fills defaults from the generated schema, which cannot express
    default_factory: every optional field needs a plain default."""
    import pydantic

    from authadvisor.manifest import model as manifest
    from authadvisor.rules import model as rulesmodel

    for module in (manifest, rulesmodel):
        for model in vars(module).values():
            if not (isinstance(model, type) and issubclass(model, pydantic.BaseModel)):
                continue
            if model.__module__ == module.__name__:
                for name, field in model.model_fields.items():
                    assert field.default_factory is None, f"{model.__name__}.{name}"
