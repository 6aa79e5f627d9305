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


def link_told(root: Path, service: Path, link: Path, inside: str | None) -> tuple[str, bool, list[Path]] | None:
    """What to say of ``link``, a link to a folder inside the repository in the service folder (or ``inside``
    measures/ or risks/), which pmf never follows (docs/files.md): the sentence; whether it is a warning alone,
    for a folder in plans/ (or holding it), whose files are read, or told of, where they are; and the YAML files
    it leads to, not read. None for a link to a folder holding no YAML file, left alone as such a folder is."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):  # (a broken link, or one leading round in a circle, is no folder here)
        return None
    plans, top = (root / "plans").resolve(), root.resolve()
    shown = f"{target.relative_to(top).as_posix()}/" if target != top else "the repository's own folder"
    if plans.is_relative_to(target):  # (the repository, or plans/ itself: never walked for its files)
        return (
            f"a link to {shown}, which pmf does not follow: it reads the plans where they are; remove the link",
            True,
            [],
        )
    files = yaml_inside(link)
    if not files:
        return None
    if target.is_relative_to(plans):
        return (
            f"a link to {shown}, which pmf does not follow: it reads (or tells of) the files there where they are, "
            "not here: remove the link",
            True,
            files,
        )
    return (
        f"a link to {shown}, which pmf does not follow: {unread_told(service, link.name, inside, files)}",
        False,
        files,
    )


def read_as_folder(service: Path, name: str) -> str | None:
    """The folder pmf reads (``measures``) that ``name`` (``Measures``) is, on a disk where capitals count the same
    (Windows, macOS), where pmf read its files already; None elsewhere."""
    read_as = name.lower()
    if read_as not in RECORDS or read_as == name:
        return None
    try:
        return read_as if os.path.samefile(service / name, service / read_as) else None
    except OSError:  # (no such folder: capitals count here)
        return None
