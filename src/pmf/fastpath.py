"""Where a ``pmf`` installed before the entry point moved to ``pmf.cli`` starts: its script imports ``pmf.fastpath:main``.

An editable install keeps the script it was installed with, so a council that pulls a newer pmf
without installing again would get an ImportError on every command; this name keeps that script
working. ``pip install`` (or ``make install``) writes the current script, which starts ``pmf.cli:main``.
"""

from pmf.cli import main

__all__ = ["main"]
