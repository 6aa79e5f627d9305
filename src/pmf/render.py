"""The only home of jinja2: one environment, a council's own templates first, ours last."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pmf.errors import PmfError, Problem, relative


def render(root: Path, template: str, **context: Any) -> str:
    """Render ``template`` (HTML autoescaped; Markdown tidy) with plain data."""
    import jinja2

    loader = jinja2.ChoiceLoader(
        [jinja2.FileSystemLoader(root / "templates"), jinja2.PackageLoader("pmf", "templates")]
    )
    env = jinja2.Environment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = _markdown_cell
    env.filters["mdtext"] = _markdown_text
    env.filters["longdate"] = lambda day: f"{day:%-d %B %Y}"
    try:
        return env.get_template(template).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        where = _template_name(root, exc.filename or exc.name or template)
        raise PmfError([Problem(where, exc.lineno or 0, 1, "", f"template syntax: {exc.message}")]) from None
    except jinja2.TemplateError as exc:  # a council's template asking for something reports do not have
        where = _template_name(root, template)
        raise PmfError([Problem(where, 0, 0, "", f"the template cannot be rendered: {exc}")]) from None


def _template_name(root: Path, name: str) -> str:
    """A council's own template is named as its file in the plans repository."""
    own = root / "templates" / Path(name).name
    return relative(own, root) if own.is_file() else name


def _markdown_cell(text: object) -> str:
    """Make text safe inside a Markdown table cell, and keep HTML from a plan file inert."""
    value = str(text).replace("\r", " ").replace("\n", " ")
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value.replace("|", "\\|")


def _markdown_text(text: object) -> str:
    """Keep Markdown paragraphs as written, but HTML from a plan file inert."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
