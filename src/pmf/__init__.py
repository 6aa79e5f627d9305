"""pmf: a council's performance management framework as plain YAML in git."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pmf.version import __version__ as __version__

__all__ = ["PmfError", "Problem", "find_root", "load_portfolio"]

if TYPE_CHECKING:
    from pmf.errors import PmfError, Problem
    from pmf.loader import load_portfolio
    from pmf.repository import find_root


def __getattr__(name: str) -> Any:
    """Import on first use, so `pmf --help` does not load the models and the YAML reader."""
    if name in {"PmfError", "Problem"}:
        from pmf import errors

        return getattr(errors, name)
    if name == "find_root":
        from pmf.repository import find_root

        return find_root
    if name == "load_portfolio":
        from pmf.loader import load_portfolio

        return load_portfolio
    raise AttributeError(f"module 'pmf' has no attribute {name!r}")
