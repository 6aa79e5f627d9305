"""The typer app: ``pmf`` and ``python -m pmf``; each command lives in ``pmf.commands``, the options they share in ``pmf.options``."""

import gc
import os

import typer

from pmf.commands import checking, editing, history, reports, repository, translating
from pmf.options import Command

app = typer.Typer(
    name="pmf",
    help="A council's performance management framework as plain YAML in git.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: `pmf --help` need not load rich
)
for commands in (checking, editing, history, repository):
    app.add_typer(commands.app)  # no name: their commands join pmf's own
app.add_typer(reports.report_app, name="report")
app.add_typer(translating.translate_app, name="translate")
for group in (checking.app, editing.app, history.app, repository.app, reports.report_app, translating.translate_app):
    for info in group.registered_commands:
        info.cls = Command  # help that names values as they are typed: <path>, never <list[Path]>


def main() -> None:
    """``pmf`` and ``python -m pmf``: run the command with Python's cycle collector off, as ``pmf.collector``
    keeps it while a command works (typer's reading of the command line, which loads pydantic, is spared
    it too: 0.02 s), then spare Python's last search for garbage.

    As Python shuts down, its cycle collector walks every object still alive (every function,
    class and validator pmf imported) looking for cycles to free: 0.06 s of CPU after
    `pmf validate` on the demo copied ten times, a tenth of the command. Nothing is left to
    find by then (a command's records are freed as it returns), so the survivors are frozen:
    the collector passes them over, and the process ends as it would, exit code and all.

    pydantic's plugins are not looked for (``PYDANTIC_DISABLE_PLUGINS``, unless the environment
    says otherwise): the search reads the metadata of every installed package, 0.01 s before the
    first plan file is checked, to find instruments that have nothing to watch in a command.
    """
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    gc.disable()
    try:
        app(prog_name="pmf")
    finally:
        gc.freeze()
