"""pmf: a council's performance management framework as plain YAML in git."""

from pmf.errors import PmfError, Problem
from pmf.loader import find_root, load_portfolio

__all__ = ["PmfError", "Problem", "find_root", "load_portfolio"]
__version__ = "0.1.0"
