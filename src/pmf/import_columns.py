"""The headers ``pmf import`` reads as each of its columns (docs/importing.md lists them)."""

from __future__ import annotations

FIELDS = ("measure", "period", "value", "comment", "comment_cy", "verified_by")
_ENGLISH = ("comment (english)", "english comment", "comment_en")  # a comment's English, beside its Welsh
ALIASES = {
    "measure": ("measure", "id", "measure_id", "code", "pi ref", "pi code", "kpi ref", "kpi code", "ref"),
    "period": ("period",),
    "value": ("value", "outturn", "actual"),
    "comment": ("comment", "comments", "commentary", "note", "notes", *_ENGLISH),
    "comment_cy": ("comment_cy", "comment (welsh)", "welsh comment", "sylw", "sylwadau"),  # the comment's Welsh
    "verified_by": ("verified_by", "checked_by"),  # headers match whatever their case, spaces and underscores
}
