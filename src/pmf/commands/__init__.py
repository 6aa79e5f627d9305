"""pmf's commands, one module per kind of work, each with its own typer app that ``pmf.cli`` gathers."""
