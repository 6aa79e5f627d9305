"""The only home of jinja2: a council's own templates first, sandboxed, ours last; ours alone need no sandbox."""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pmf import i18n
from pmf.cache import wanted
from pmf.errors import PmfError, Problem, relative
from pmf.i18n import English, Welsh


def render(root: Path, template: str, **context: Any) -> str:
    """Render ``template`` (HTML autoescaped; Markdown tidy) with plain data, in the current language.

    Fixed text in templates is ``{{ _("...") }}`` or ``{% trans %}``, from the message
    catalogue. Plan text shown in English in a Welsh document comes out marked: in HTML as
    ``<span lang="en-GB">...</span>`` followed by "(in English)" in the document's language;
    in Markdown followed by "_(in English)_". Text written in Welsh alone is marked so in an
    English document: ``<span lang="cy">...</span> (in Welsh)``.
    """
    import jinja2
    from jinja2.exceptions import SecurityError

    env = _environment(root, template.endswith(".html.j2"), _council_templates(root), wanted())
    try:
        text: str = env.get_template(template).render(**{"lang": i18n.HTML_LANG[i18n.current()], **context})
        if HALF_PAIR.search(text):  # plan text cannot hold one (validate refuses it): a template wrote it
            where, line = _written_half_pair(root, template)
            problem = "the template writes half of a UTF-16 pair ('\\ud800' and the like), which no file can hold"
            raise PmfError([Problem(where, line, 1 if line else 0, "", f"{problem}: write the character itself")])
        return text
    except jinja2.TemplateSyntaxError as exc:
        where = _template_name(root, exc.filename or exc.name or template)
        raise PmfError([Problem(where, exc.lineno or 0, 1, "", f"template syntax: {exc.message}")]) from None
    except SecurityError as exc:  # a council's template reaching past the report's data
        where, line = _failing_line(root, template, exc)
        problem = f"the template may not use this ({str(exc).rstrip('.')}): templates read the report's data only"
        raise PmfError([Problem(where, line, 1 if line else 0, "", problem)]) from None
    except jinja2.TemplateError as exc:  # a council's template asking for something reports do not have
        where = _template_name(root, template)
        raise PmfError([Problem(where, 0, 0, "", f"the template cannot be rendered: {exc}")]) from None
    except (ArithmeticError, LookupError, TypeError, ValueError) as exc:  # e.g. _("100%") in a council's template
        where, line = _failing_line(root, template, exc)
        problem = f"the template cannot be rendered: {type(exc).__name__}: {exc}"
        raise PmfError([Problem(where, line, 1 if line else 0, "", problem)]) from None


HALF_PAIR = re.compile("[\ud800-\udfff]")


def _written_half_pair(root: Path, template: str) -> tuple[str, int]:
    """The council's template and line that write an escape such as ``"\\ud800"`` (line 0: not found)."""
    from pmf.yamlio import SURROGATE_ESCAPE

    for path in sorted((root / "templates").glob("*.j2")):
        with contextlib.suppress(OSError, UnicodeDecodeError):
            source = path.read_text(encoding="utf-8")
            if found := SURROGATE_ESCAPE.search(source):
                return relative(path, root), source.count("\n", 0, found.start()) + 1
    return _template_name(root, template), 0


def _failing_line(root: Path, template: str, exc: BaseException) -> tuple[str, int]:
    """The template file and line where rendering failed (templates show as their own frames)."""
    import traceback

    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2"):
            return _template_name(root, frame.filename), frame.lineno or 0
    return _template_name(root, template), 0


def _council_templates(root: Path) -> bool:
    """Whether the repository has templates of its own (``templates/`` beside pmf.yaml, not empty)."""
    try:
        return any((root / "templates").iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:  # there, but not to be listed: a council's templates may still load, so sandbox them
        return True


@functools.lru_cache(maxsize=8)
def _environment(root: Path, html: bool, sandboxed: bool, kept: bool) -> Any:
    """One environment per plans repository and format, so each template is compiled once.

    A council's template is code from a pull request: when the repository has any, every
    template renders in Jinja's sandbox, where it may read but not act. pmf's own templates
    alone need no sandbox, and render three times faster without one (docs/report.md).
    Compiled templates are also kept in pmf's cache folder, beside the parsed plan files, unless
    ``kept`` is False (``--no-cache``, ``PMF_NO_CACHE=1``), keyed by each template's source, so a
    council's own template is recompiled whenever it changes.
    """
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from pmf.exempt import exempt_mark
    from pmf.risks import BAND_COLOURS
    from pmf.status import look

    settings: dict[str, Any] = {
        "undefined": jinja2.StrictUndefined,
        "autoescape": jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
        "extensions": ["jinja2.ext.i18n"],
        "finalize": _mark_english_html if html else _mark_english_markdown,
        "bytecode_cache": _bytecode_cache(sandboxed) if kept else None,
    }
    own = jinja2.PackageLoader("pmf", "templates")
    env: jinja2.Environment
    if sandboxed:
        councils = jinja2.FileSystemLoader(root / "templates")
        env = ImmutableSandboxedEnvironment(loader=jinja2.ChoiceLoader([councils, own]), **settings)
    else:  # pmf's own templates alone: nothing of the repository's can load here
        env = jinja2.Environment(loader=own, **settings)
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["md"] = markdown_cell
    env.filters["mdtext"] = markdown_text
    env.filters["longdate"] = i18n.long_date
    env.filters["shortdate"] = i18n.short_date
    env.filters["tx"] = i18n.text  # plan text from a model, in the document's language
    env.filters["plain"] = str  # plan text inside an attribute or <title>: never marked up
    env.filters["paragraphs"] = paragraphs
    env.filters["exempt"] = exempt_mark  # a risk's exempt: paragraph, as the closed session's papers mark it
    env.globals["colour"] = colour
    env.globals["look"] = look
    env.globals["badge_looks"] = badge_looks
    env.globals["band_colours"] = BAND_COLOURS
    env.globals["ink"] = {**INKS, "warning": look("orange").ink}
    env.globals["grid_columns"] = grid_columns
    env.globals["alternate"] = None  # the same document in the other language: {href, name, lang}
    return env


def _bytecode_cache(sandboxed: bool) -> Any:
    import jinja2

    from pmf.cache import private_folder
    from pmf.version import __version__

    class Kept(jinja2.FileSystemBytecodeCache):
        """Compiled templates that may be missing, unwritable or damaged: then they are compiled afresh."""

        def load_bytecode(self, bucket: Any) -> None:
            try:
                super().load_bytecode(bucket)
            except Exception:
                bucket.reset()

        def dump_bytecode(self, bucket: Any) -> None:
            with contextlib.suppress(OSError):
                super().dump_bytecode(bucket)

    # A new pmf compiles its templates afresh; sandboxed code differs from plain (calls are checked).
    folder = private_folder(f"templates-{'sandboxed' if sandboxed else 'plain'}-{__version__}")
    return Kept(str(folder)) if folder else None  # None: a read-only or shared cache folder, compile every time


def file_name(stem: str, lang: str, ext: str) -> str:
    """English documents keep the plain name; another language adds its code: ``stem.cy.html``."""
    return f"{stem}.{ext}" if lang == "en" else f"{stem}.{lang}.{ext}"


def twin(stem: str, other: str | None, ext: str) -> dict[str, str] | None:
    """The same document in the other language, for the page's ``hreflang`` link; None when only one is written."""
    if other is None:
        return None
    return {"href": Path(file_name(stem, other, ext)).name, "name": i18n.NAMES[other], "lang": i18n.HTML_LANG[other]}


def write_documents(
    root: Path, template: str, stem: str, out: Path, fmt: str, lang: str, build: Callable[[], Any], key: str
) -> list[Path]:
    """Render ``template`` in each language asked for (``en``, ``cy`` or ``both``) and each format.

    ``build`` makes the document's data and is called inside each language, so every label
    it computes comes in that language. With both languages, each document links to the other.
    ``pdf`` prints the HTML document as tagged PDF (pmf.pdf).
    """
    from pmf.atomic import write_atomic

    languages = list(i18n.LANGUAGES) if lang == "both" else [lang]
    formats = ["md", "html"] if fmt == "both" else [fmt]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for code in languages:
        other = next((c for c in languages if c != code), None)
        with i18n.language(code):
            data = build()
            for ext in formats:
                alternate = twin(stem, other, ext)
                path = out / file_name(stem, code, ext)
                text = render(
                    root, f"{template}.{'html' if ext == 'pdf' else ext}.j2", alternate=alternate, **{key: data}
                )
                if ext == "pdf":
                    from pmf.pdf import write_pdf

                    write_pdf(path, text, out)
                else:
                    write_atomic(path, text)
                written.append(path)
    return written


def _template_name(root: Path, name: str) -> str:
    """A council's own template is named as its file in the plans repository."""
    own = root / "templates" / Path(name).name
    return relative(own, root) if own.is_file() else name


INKS = {  # the page's own colours (a status's are status.LOOKS), for the style sheet and the charts
    "text": "#1b1b1b",
    "heading": "#123a58",
    "accent": "#1d4f76",  # links, rules under headings, a chart's line and points
    "rule": "#595959",  # a chart's target line, the heat map's cell edges
    "edge": "#8a8a8a",  # table cells and summary cards
    "note": "#4a4a4a",
    "head": "#e8eef3",  # table headings
    "grid": "#d6d6d6",
    "stripe": "#f2f5f8",  # every other year behind a chart
}


def grid_columns(cards: int, widest: int = 4) -> int:
    """How many columns to lay ``cards`` out in so that no row holds a card alone (at most ``widest``)."""
    if cards <= widest:
        return max(cards, 1)
    return next((columns for columns in range(widest, 1, -1) if cards % columns != 1), widest)


def colour(status: str | None) -> str:
    """A status colour's name in the document's language: 'green' / 'gwyrdd'."""
    from pmf.status import LOOKS

    return i18n.gettext(LOOKS[status].word if status in LOOKS else LOOKS["none"].word)


def badge_looks() -> list[tuple[list[str], Any]]:
    """The badges' looks for the style sheet, those of the same colours together (orange and amber)."""
    from pmf.status import LOOKS

    groups: dict[tuple[str, str, str], list[Any]] = {}
    for shown in LOOKS.values():
        groups.setdefault((shown.background, shown.ink, shown.border), []).append(shown)
    return [([shown.key for shown in same], same[0]) for same in groups.values()]


def _other_language(value: object) -> tuple[str, str] | None:
    """Plan text shown in the other language: its ``lang`` and the mark after it, else None."""
    if isinstance(value, English):
        return i18n.HTML_LANG["en"], i18n.gettext("in English")
    if isinstance(value, Welsh):
        return i18n.HTML_LANG["cy"], i18n.gettext("in Welsh")
    return None


def _mark_english_html(value: Any) -> Any:
    if (other := _other_language(value)) is not None:
        from markupsafe import Markup

        return Markup('<span lang="{}">{}</span> <span class="untranslated">({})</span>').format(
            other[0], str(value), other[1]
        )
    return value


def _mark_english_markdown(value: Any) -> Any:
    """Text in the other language marked after each of its paragraphs, so none passes unmarked."""
    if (other := _other_language(value)) is None:
        return value
    mark = f" _({other[1]})_"
    text = str(value)
    body = text.rstrip()
    return "\n\n".join(part.rstrip() + mark for part in body.split("\n\n") if part.strip()) + text[len(body) :]


def _keep(original: object, value: str) -> str:
    """Filtered plan text stays marked when it is in the other language than the document's."""
    if isinstance(original, English | Welsh):
        return type(original)(value)
    return value


def paragraphs(text: object) -> list[str]:
    """Plan text split at blank lines, each paragraph still marked when it is untranslated English."""
    return [_keep(text, part.strip()) for part in str(text).split("\n\n") if part.strip()]


def markdown_cell(text: object) -> str:
    """Make text safe inside a Markdown table cell, and keep HTML and links from a plan file inert."""
    value = str(text).replace("\r", " ").replace("\n", " ")
    return _keep(text, _inert(value).replace("|", "\\|"))


def markdown_text(text: object) -> str:
    """Keep Markdown paragraphs as written, but HTML and links from a plan file inert."""
    return _keep(text, _inert(str(text)))


def _inert(value: str) -> str:
    """No HTML (``<script>``, ``<iframe>``, ``<a href="javascript:...">``) and no link
    (``[text](javascript:...)``, ``[name]: url``): ``<``, ``>``, ``&`` as entities, ``[`` escaped."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("[", "\\[")
