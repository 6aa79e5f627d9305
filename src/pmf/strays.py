"""Folders of a service that pmf passes over (``measure/``, ``Measures/``, ``measures/archive/``): the YAML
files they hold, and what to say of them. pmf.loader finds the folders and tells them."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

RECORDS = ("measures", "risks")  # the folders of a service pmf reads, beside its plans


def yaml_inside(folder: Path) -> list[Path]:
    """The YAML files in ``folder`` and its folders (not hidden ones, nor links), by name.

    One folder after another from a list, not by recursion (as ``os.walk`` does on Python 3.11), so a
    tree nested deeper than Python's recursion limit is walked too; a folder that cannot be read is passed over.
    """
    found: list[Path] = []
    waiting = [folder]
    while waiting:
        try:
            with os.scandir(waiting.pop()) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        waiting.append(Path(entry.path))
                    elif entry.name.lower().endswith((".yaml", ".yml")):
                        found.append(Path(entry.path))
        except OSError:
            continue
    return sorted(found)


def unread_told(service: Path, name: str, inside: str | None, files: Sequence[Path]) -> str:
    """What to say of folder ``name`` (in the service folder, or ``inside`` measures/ or risks/) holding ``files``."""
    import difflib

    what = f"{files[0].name} in it is" if len(files) == 1 else f"the {len(files)} YAML files in it are"
    them = files[0].name if len(files) == 1 else "them"
    if inside is not None:
        return (
            f"pmf reads no folder inside {inside}/, so {what} not read: pmf reads {inside} from "
            f"plans/{service.name}/{inside}/: move {them} there"
        )
    guess = difflib.get_close_matches(name.lower(), RECORDS, n=1, cutoff=0.6)
    if guess:
        mend = f"move {them} there" if (service / guess[0]).is_dir() else f"rename the folder '{guess[0]}'"
        return (
            f"pmf reads no folder '{name}' in a service folder, so {what} not read: did you mean '{guess[0]}'? "
            f"pmf reads {guess[0]} from plans/{service.name}/{guess[0]}/: {mend}"
        )
    return (
        f"pmf reads no folder '{name}' in a service folder, so {what} not read: pmf reads measures from "
        f"plans/{service.name}/measures/ and risks from plans/{service.name}/risks/: move {them} there"
    )
