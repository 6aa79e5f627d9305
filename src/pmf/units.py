"""Units of measurement in the document's language.

The units councils commonly measure in are fixed text in the message catalogue, so a Welsh
document writes "212 diwrnod" whether the unit comes from the measure's data type or a lead
wrote `unit: days` in English only; `pmf validate --lang cy` asks for no Welsh version of
them. Symbols (%, £) are the same in every language. Welsh puts a noun after a numeral in
the singular ("212 diwrnod", "3 tunnell") or after "o" in the plural ("5 o achosion").
"""

from __future__ import annotations

from pmf import i18n
from pmf.i18n import N_, _

# Extracted into the catalogue by `make messages`; looked up by i18n.catalogued, as any plan
# text written in the catalogue's own words is.
COMMON = (
    N_("days"),
    N_("working days"),
    N_("weeks"),
    N_("months"),
    N_("hours"),
    N_("hours per week"),
    N_("minutes"),
    N_("years"),
    N_("tonnes"),
    N_("kg"),
    N_("% of budget"),
    N_("per 1,000"),
    N_("per 1,000 population"),
    N_("per 10,000 population"),
    N_("per 100,000"),
    N_("per 100,000 population"),
    N_("people"),
    N_("adults"),
    N_("children"),
    N_("pupils"),
    N_("households"),
    N_("homes"),
    N_("incidents"),
    N_("cases"),
    N_("complaints"),
    N_("repairs"),
    N_("visits"),
    N_("casualties"),
    N_("exclusions"),
)


def unit_words(unit: str | None, data_type: str | None) -> str:
    """The unit shown after a figure: the measure's own, else its data type's ("days")."""
    if str(unit or "").strip():
        return i18n.text(unit)
    return _("days") if data_type == "days" else ""
