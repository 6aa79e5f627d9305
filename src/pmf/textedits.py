"""A new English (or Welsh) for plan text written in two languages, the other version kept and marked.

Plan text may be written ``{en: ..., cy: ...}``, or ``{cy: ...}`` alone (pmf.bilingual).
``pmf record --comment`` and ``pmf import`` give the English, ``--comment-cy`` the Welsh. The
version given replaces its own and the other is kept; when the words replaced were different,
the version kept was written for them, so it is marked ``out_of_date: cy`` (or ``en``): reports
show it no more, ``pmf validate --lang cy`` names it and ``pmf translate export`` lists it
again. A version given where there was none is the other's translation: nothing is marked, and
a version written anew clears its own mark (docs/welsh.md).
"""

from __future__ import annotations

from pmf.edits import Edit, EditRefused, Raw, after_node, remove_key, replace_scalar, set_key
from pmf.nodes import MappingNode, Node, ScalarNode, child, written_value
from pmf.scalars import Versions, scalar_text
from pmf.suggested import command
from pmf.yamlclues import STALE, TEXT_KEYS

_MARK = "  # written for earlier words: translate it again, then delete this line"

Written = tuple[str | None, str | None, str | None]  # the English, the Welsh and the version out of date


def written(node: Node) -> Written:
    """What a text holds: plain text is English; a null or blank value (``""`` too) holds nothing."""
    if isinstance(node, ScalarNode):
        said = written_value(node)
        empty = not said.strip() or (node.style is None and said in ("~", "null", "Null", "NULL"))
        return (None if empty else said), None, None
    if not isinstance(node, MappingNode):
        return None, None, None
    found = []
    for key in TEXT_KEYS:
        entry = child(node, key)
        value = written_value(entry[1]) if entry is not None and isinstance(entry[1], ScalarNode) else ""
        found.append((value.strip() and value) or None)
    return found[0], found[1], found[2]


def merged(old: Written, new: Versions) -> Written:
    """The versions after ``new`` is written over ``old`` (see the module's note). A blank English
    (``--comment ""``) withdraws the text, both its versions, as it clears plain text; a blank Welsh
    clears the Welsh alone, the English kept (text written in Welsh alone is then cleared, and so is text
    whose English is marked out of date: the Welsh was all of it that was current)."""
    if new.en is not None and not new.en.strip():
        return "", None, None
    if new.cy is not None and not new.cy.strip():
        en = new.en if new.en is not None else None if old[2] == "en" else old[0]
        if en is not None:
            return en, None, None
        return old if old[1] is None else ("", None, None)
    en, cy, stale = old
    for language, given in (("en", new.en), ("cy", new.cy)):
        if given is None:
            continue
        before = en if language == "en" else cy
        other = "cy" if language == "en" else "en"
        kept = cy if language == "en" else en
        renewed = stale == language
        if renewed:
            stale = None  # written anew: current again, and the other version is still its match
        changed = before is not None and " ".join(before.split()) != " ".join(given.split())
        other_given = new.en if other == "en" else new.cy
        if changed and not renewed and kept is not None and other_given is None:
            stale = other
        en, cy = (given, cy) if language == "en" else (en, given)
    return en, cy, stale


def as_written(old: object) -> Written:
    """Text as read (pmf.bilingual) back to its versions as written: a Welsh marked out of date is read as
    none, so it is given as ``""`` here, present but unknown."""
    if old is None or (not str(old).strip() and getattr(old, "cy", None) is None):
        return None, None, None
    stale = getattr(old, "stale", None)
    english = getattr(old, "english", True)
    en = str(old) if english or stale == "en" else None
    cy = getattr(old, "cy", None) or ("" if stale == "cy" else None)
    return en, cy, stale


def comment_note(old: object, comment: str | Versions | None) -> str:
    """What a command's summary adds about the comment it wrote over ``old`` (text as read): a version
    cleared, or the version kept now out of date (docs/welsh.md)."""
    if comment is None:
        return ""
    given = comment if isinstance(comment, Versions) else Versions(en=comment)
    before = as_written(old)
    en, cy, stale = merged(before, given)
    had_english, had_welsh = before[0] is not None, before[1] is not None
    if (en, cy, stale) == ("", None, None) and (had_english or had_welsh):
        if had_english and before[2] == "en" and given.en is None:
            return "; its comment was cleared: its English, marked out_of_date: en, was not kept without its Welsh"
        if not had_english:
            return "; its comment, written in Welsh alone, was cleared"
        return "; its comment was cleared, in Welsh as well as in English" if had_welsh else "; its comment was cleared"
    if given.cy is not None and not given.cy.strip():
        if not had_welsh:
            return "; there was no Welsh comment to clear"
        english = (
            "the new English awaits its Welsh"
            if given.en is not None
            else "the English is kept and awaits its Welsh again"
        )
        return f"; its Welsh comment was cleared: {english} ({_listed()} lists it)"
    if stale is None or stale == before[2]:
        return ""
    language = "Welsh" if stale == "cy" else "English"
    return (
        f"; its {language} comment, kept, was written for the old words and is marked out_of_date: {stale} "
        f"({_listed()} lists it)"
    )


def _listed() -> str:
    """The command that lists text awaiting its Welsh (``pmf translate export``, which takes no ``--as-of``)."""
    return command("pmf translate export <file>", dated=False)


def given_comment(english: str | None, welsh: str | None) -> str | Versions | None:
    """The commentary as given: ``--comment`` (English), ``--comment-cy`` (Welsh), or both. A blank
    ``--comment`` withdraws the comment (``comment: ""``), in both languages if it has two; a blank
    ``--comment-cy`` clears its Welsh alone (docs/welsh.md)."""
    from pmf.errors import UsageError

    if english is not None and not english.strip():
        if welsh is not None and welsh.strip():
            raise UsageError(
                "--comment: give the commentary in English, or leave the option out to give the Welsh alone"
            )
        return ""
    if welsh is None:
        return english
    return Versions(en=english, cy=welsh if welsh.strip() else "")


def flow_text(en: str | None, cy: str | None, stale: str | None) -> str:
    """The versions as one flow mapping: ``{en: ..., cy: ..., out_of_date: cy}``."""
    parts = [f"{key}: {scalar_text(value, flow=True)}" for key, value in (("en", en), ("cy", cy)) if value is not None]
    return "{" + ", ".join(parts + ([f"{STALE}: {stale}"] if stale else [])) + "}"


class Given(Versions):
    """Commentary given to write (``--comment``, ``--comment-cy``, a row of ``pmf import``): written
    over a text, it keeps the version not given and marks it when it no longer matches."""

    def over(self, text: str, node: Node, flow: bool) -> tuple[int, int, str] | None:
        edit = text_edit(text, node, self, flow=flow)
        return edit.start, edit.end, edit.text


def as_given(comment: str | Versions | None, old: object = None) -> Given | None:
    """Commentary as given (plain text is English), ready to write over ``old`` (text as read, or None
    where there is none): None when there is nothing to write, a blank Welsh where there is no text."""
    if comment is None:
        return None
    if isinstance(comment, Versions):
        if comment.en is None and not (comment.cy or "").strip() and as_written(old) == (None, None, None):
            return None
        return Given(comment.en, comment.cy)
    return Given(en=comment)


def text_edit(text: str, node: Node, new: str | Versions, *, flow: bool = False) -> Edit:
    """The edit writing ``new`` (plain text: the English) over the text ``node``, in the style it is written."""
    versions = new if isinstance(new, Versions) else Versions(en=str(new))
    old = written(node)
    en, cy, stale = merged(old, versions)
    if (en, cy, stale) == old:
        return Edit(node.start_mark.index, node.start_mark.index, "")
    one = cy is None and stale is None and en is not None
    if isinstance(node, MappingNode) and one and not en:
        return _cleared(text, node)
    source = text[node.start_mark.index : node.end_mark.index].rstrip("\n")
    spread = isinstance(node, ScalarNode) and (node.style in (">", "|") or "\n" in source)
    if spread and not flow and cy is not None and stale is None and en == old[0]:  # its Welsh, beside English
        key = _key_before(text, node)  # written over lines: the English kept as written, 'cy:' under it
        if key is not None:
            return block_versions(text, node, key, cy)
    if not isinstance(node, MappingNode) or (one and node.flow_style):  # {en: ...} alone is plain text again
        value = scalar_text(en, flow=flow) if one else flow_text(en, cy, stale)
        return replace_scalar(text, node, value)
    return _one(text, mapping_edits(text, node, {"en": en, "cy": cy}, stale))


def welsh_scalar(text: str, indent: int) -> str:
    """The Welsh text as a YAML value: plain or quoted on one line, or a literal block for paragraphs."""
    text = text.replace("\r\n", "\n").strip()
    if "\n" in text and not text.startswith(" "):
        pad = " " * (indent + 2)
        return "|-\n" + "\n".join(pad + line if line else "" for line in text.split("\n"))
    return scalar_text(text)


def block_versions(text: str, node: Node, key: tuple[int, int] | None, welsh: str) -> Edit:
    """Plain English in block style given its Welsh: ``en:`` holding the English as written (a folded
    block, a note after it and all, one level deeper) and ``cy:`` under it. ``key``: the column of the
    text's key and the index of its colon; None for an item of a block list (``- en: ...``)."""
    start, end = node.start_mark.index, node.end_mark.index
    tail = "\n" if text[start:end].endswith("\n") else ""
    first, *more = text[start:end].rstrip("\n").split("\n")  # continuation lines stay deeper than 'en:'
    english = "\n".join([first, *(f"  {line}" if line.strip() else line for line in more)])  # blank stays blank
    if not tail:  # a note after the English ('Head of Service  # a role') stays beside it
        line_end = text.find("\n", end)
        rest = text[end : None if line_end < 0 else line_end].rstrip("\r")
        if rest.lstrip(" ").startswith("#"):
            english, end = english + rest, end + len(rest)
    if key is None:
        column = node.start_mark.column
        return Edit(start, end, f"en: {english}\n{' ' * column}cy: {welsh_scalar(welsh, column)}{tail}")
    column, colon = key[0] + 2, key[1]
    pad = " " * column
    return Edit(colon + 1, end, f"\n{pad}en: {english}\n{pad}cy: {welsh_scalar(welsh, column)}{tail}")


def _key_before(text: str, node: Node) -> tuple[int, int] | None:
    """The column of the block mapping key ``node`` is the value of, and the index of its colon, else None."""
    before = text[: node.start_mark.index].rstrip(" ")
    line = before[before.rfind("\n") + 1 :]
    name = line.lstrip(" -")
    if not line.endswith(":") or not name[:-1].strip() or any(c in name[:-1] for c in ":#{}[],\"'"):
        return None
    return len(line) - len(name), len(before) - 1


def _cleared(text: str, node: MappingNode) -> Edit:
    """The edit writing ``""`` over a two-language text, its versions and mark gone."""
    if node.flow_style:
        return replace_scalar(text, node, '""')
    key_end = len(text[: node.start_mark.index].rstrip())
    if not text[:key_end].endswith(":"):
        raise EditRefused("the comment's key and its versions could not be told apart: delete the comment by hand")
    end = after_node(text, node)
    tail = "\r\n" if text[:end].endswith("\r\n") else "\n" if text[:end].endswith("\n") else ""
    return Edit(key_end, end - len(tail), ' ""')


def mapping_edits(text: str, node: MappingNode, values: dict[str, str | None], stale: str | None) -> list[Edit]:
    """Edits giving a two-language mapping ``values`` (text, or Raw YAML) and the mark ``stale``."""
    old = written(node)
    if node.flow_style:
        en, cy = (
            was if k not in values else None if values[k] is None else str(values[k])
            for k, was in (("en", old[0]), ("cy", old[1]))
        )
        return [replace_scalar(text, node, flow_text(en, cy, stale))]
    found = []
    for key, value in values.items():
        before = old[0] if key == "en" else old[1]
        if value is None and before is not None:
            found.append(remove_key(text, node, key))  # cleared (pmf.textedits.merged)
        elif value is not None and (isinstance(value, Raw) or value != before):
            found.append(set_key(text, node, key, value))
    if stale != old[2]:
        if stale is None:
            found.append(remove_key(text, node, STALE))
        elif child(node, STALE) is not None:
            found.append(set_key(text, node, STALE, Raw(stale)))
        else:
            found.append(set_key(text, node, STALE, Raw(stale + _MARK)))
    return found


def _one(text: str, found: list[Edit]) -> Edit:
    """Several edits of one small span as one edit of the whole span."""
    if not found:
        return Edit(0, 0, "")
    start, end = min(e.start for e in found), max(e.end for e in found)
    if any(a.start < b.end and b.start < a.end for i, a in enumerate(found) for b in found[i + 1 :]):
        raise EditRefused("the text's versions overlap in the file: write its 'en:' and 'cy:' on lines of their own")
    piece = text[start:end]
    for edit in sorted(found, key=lambda e: e.start, reverse=True):
        piece = piece[: edit.start - start] + edit.text + piece[edit.end - start :]
    return Edit(start, end, piece)
