"""pmf: a council's performance management framework as plain YAML in git."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pmf.version import __version__ as __version__

__all__ = ["PmfError", "Problem", "find_root", "load_portfolio"]

if TYPE_CHECKING:
    from pmf.errors import PmfError, Problem
    from pmf.loader import find_root, load_portfolio


def __getattr__(name: str) -> Any:
    """Import on first use, so `pmf --help` does not load the models and the YAML reader."""
    if name in {"PmfError", "Problem"}:
        from pmf import errors

        return getattr(errors, name)
    if name in {"find_root", "load_portfolio"}:
        from pmf import loader

        return getattr(loader, name)
    raise AttributeError(f"module 'pmf' has no attribute {name!r}")
