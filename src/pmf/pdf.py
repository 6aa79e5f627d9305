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
    write_atomic(path, weasyprint.HTML(string=html, base_url=str(base) + os.sep).write_pdf(pdf_variant="pdf/ua-1"))
    gc.collect()  # the layout leaves cycles behind, and commands run with the collector paused (pmf.collector)
