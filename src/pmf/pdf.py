"""PDF for the committee pack: a document's HTML printed by WeasyPrint as tagged PDF/UA-1 on A4.

The page size, margins and page numbers come from the document's own print style
(``@page`` in ``_style.css.j2``), so the PDF and a page printed from a browser match. The
HTML's ``lang`` becomes the PDF's document language, its headings the bookmarks, and each
chart's ``<title>`` the alternate text of its tagged figure (docs/report.md).
"""

from __future__ import annotations

import gc
import logging
import os
from pathlib import Path
from typing import Any

from pmf.atomic import write_atomic
from pmf.errors import EXIT_USAGE, PmfError


def write_pdf(path: Path, html: str, base: Path) -> None:
    """Write ``html`` (a whole document, relative links from ``base``) to ``path`` as PDF/UA-1, atomically."""
    try:
        import weasyprint
    except OSError as exc:  # WeasyPrint is installed but Pango, which lays out its text, is not
        raise PmfError(
            f"PDF needs the Pango library ({exc}): on Debian or Ubuntu, apt-get install libpango-1.0-0 "
            "libpangoft2-1.0-0 (make browser installs it)",
            exit_code=EXIT_USAGE,
        ) from None
    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # CSS it does not draw (such as columns) is no news
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document = weasyprint.HTML(string=html, base_url=str(base) + os.sep).render(pdf_variant="pdf/ua-1")
    _relative_links(document, base)
    write_atomic(path, document.write_pdf(pdf_variant="pdf/ua-1"))
    gc.collect()  # the layout leaves cycles behind, and commands run with the collector paused (pmf.collector)


def _relative_links(document: Any, base: Path) -> None:
    """Links to files beside the PDF (its twin in the other language) stay relative, as in the HTML.

    WeasyPrint resolves every link against the folder the document was written from
    (``file:///home/.../reports/2026-27-mid-year.cy.pdf``), which breaks once the files are
    published and shows the machine's folders; a link into ``base`` becomes its relative path.
    """
    from urllib.parse import urlsplit
    from urllib.request import url2pathname

    folder = base.resolve()
    for page in document.pages:
        for number, (kind, target, *rest) in enumerate(page.links):
            parts = urlsplit(target) if kind == "external" else None
            if parts is None or parts.scheme != "file":
                continue
            place = Path(url2pathname(parts.path)).resolve()
            if folder in place.parents:
                relative = place.relative_to(folder).as_posix() + (f"#{parts.fragment}" if parts.fragment else "")
                page.links[number] = (kind, relative, *rest)
