"""Run pmf as ``python -m pmf``."""

from pmf.cli import app

app(prog_name="pmf")
