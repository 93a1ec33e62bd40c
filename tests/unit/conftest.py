"""Load the addon's plain-Python rules without Odoo."""

import importlib.util
import pathlib
import sys

LIB = pathlib.Path(__file__).resolve().parents[2] / "mentorship_odoo" / "lib"


def _load(name):
    spec = importlib.util.spec_from_file_location(name, LIB / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


regulation = _load("regulation")
