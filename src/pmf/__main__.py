"""Run pmf as ``python -m pmf``: the same program as ``pmf``."""

from pmf.cli import main

main()
