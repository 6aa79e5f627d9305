"""The typer app: ``pmf`` and ``python -m pmf``; each command lives in ``pmf.commands``, the options they share in ``pmf.options``."""

import typer

from pmf.commands import checking, editing, history, reports, repository, translating

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
