"""pmf translate export|import: plan text out to a translation unit and its Welsh back into the files."""

from pathlib import Path
from typing import Annotated

import typer

from pmf import console
from pmf.options import NoCacheOption, RootOption, guarded, load_plans

translate_app = typer.Typer(
    help="Send plan text without Welsh to translators (.csv, .xlsx or .po) and write their Welsh back.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

FileArgument = Annotated[Path, typer.Argument(help="The translation file: .csv, .xlsx or .po, by its extension.")]


@translate_app.command("export")
@guarded
def export(file: FileArgument, root: RootOption = None, no_cache: NoCacheOption = False) -> None:
    """Every piece of plan text without a Welsh version: columns file, path, en and an empty cy."""
    from pmf import translation
    from pmf.reading import parsed_cache
    from pmf.repository import find_root, root_option

    translation.check_format(file)  # before the plans are read
    found = find_root(root_option(root))
    rows = translation.untranslated(found, None if no_cache else parsed_cache())
    translation.write_rows(file, rows)
    files = len({r.file for r in rows})
    console.note(
        f"wrote {len(rows)} text{'s' if len(rows) != 1 else ''} from {files} file{'s' if files != 1 else ''} to {file}"
    )


@translate_app.command("import")
@guarded
def import_(file: FileArgument, root: RootOption = None, no_cache: NoCacheOption = False) -> None:
    """Write each filled cy into its file as {en, cy}; all or nothing; a changed English is refused."""
    from pmf import edit_check, record, translation

    rows = translation.read_rows(file)  # before the plans are read
    portfolio = load_plans(root, no_cache=no_cache, edit=True)  # another file's error does not stop it
    changes, placed = translation.apply_rows(portfolio.root, file, rows)
    record.commit(portfolio, changes)  # checked as pmf validate would, under the edit lock
    english = sum(1 for row in placed if row.gives == "en")
    welsh = len(placed) - english
    texts = [
        f"{n} {language} text{'s' if n != 1 else ''}" for n, language in ((welsh, "Welsh"), (english, "English")) if n
    ]
    console.note(
        f"wrote {' and '.join(texts) or '0 Welsh texts'} into {len(changes)} file{'s' if len(changes) != 1 else ''}"
    )
    if (others := edit_check.others(portfolio, changes)) is not None:
        console.note(others)
