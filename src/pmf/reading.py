"""Reading one plan file into its model: every problem recorded and placed at its line.

``Reading`` is the state of one load of a repository (``pmf.loader`` walks the folders):
the documents read so far, the problems found, and what of a broken record still parses.
``parsed_cache`` is where parsed files are kept between runs, apart for each reader.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from pmf.backslashes import Backslash, backslashes
from pmf.bilingual import texts
from pmf.cache import Cache
from pmf.errors import Problem, Severity, dotted, listed, relative
from pmf.fields import FROM_FILE
from pmf.fieldwording import field_written, misplaced, pydantic_problem
from pmf.placeholders import MARKS, still_to_write, to_write
from pmf.roles import NAMES, name_not_role, named_people
from pmf.salvage import Salvaged, salvage
from pmf.yamlclues import LANGUAGES
from pmf.yamlio import Document, Key
from pmf.yamlnotes import LostWords, emptied, lost_words
from pmf.yamlscreen import LINE_END, MAX_BYTES, YamlProblem

M = TypeVar("M", bound=BaseModel)


def parsed_cache() -> Cache | None:
    """The cache of parsed plan files in the user's cache folder, kept apart for each reader that parses them;
    None when nothing may be kept (``--no-cache``, ``PMF_NO_CACHE``, a cache folder not the user's alone)."""
    return Cache.for_parsed_files(MAX_BYTES, _reader())


@functools.cache
def _reader() -> str:
    """What a parsed entry depends on besides the bytes: pmf's reading and wording code and the parsers.

    An upgrade of any of them reads every file afresh rather than serve a reading (or a problem's
    words) the old code made.
    """
    import importlib.util

    import yaml_rs

    from pmf import wording, yamlcareful, yamlclues, yamlio, yamlscreen

    digest = hashlib.blake2b(digest_size=10)
    for module in (yamlio, yamlcareful, yamlscreen, wording, yamlclues):
        digest.update(Path(module.__file__ or "").read_bytes())
    ruamel = importlib.util.find_spec("ruamel.yaml")
    where = Path(ruamel.origin) if ruamel and ruamel.origin else None
    stamp = f"{where}:{where.stat().st_mtime_ns}" if where and where.exists() else ""
    digest.update(f"{yaml_rs.__version__}\0{stamp}".encode())
    return digest.hexdigest()


@dataclass
class Reading:
    """The state of one load: documents read so far and every problem found."""

    root: Path
    problems: list[Problem] = field(default_factory=list)
    docs: dict[Path, Document] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)  # ids of files that failed, to avoid knock-on errors
    unread_files: dict[str, set[str]] = field(default_factory=dict)  # by id there: the files, named from the root
    read_past: set[Path] = field(default_factory=set)  # files read past keys written twice (Document.duplicates)
    passed_over: set[str] = field(default_factory=set)  # folders named for holding plan files pmf does not read
    salvaged: dict[Path, Salvaged] = field(default_factory=dict)  # records built from files with problems
    welsh: bool = False  # list plan text that has no Welsh version (pmf validate --lang cy)
    strict: bool = False  # guidance still to write is an error (pmf validate --strict), not a warning
    untranslated: list[tuple[str, tuple[Key, ...], str]] = field(default_factory=list)  # the text as read
    cache: Cache | None = None  # parsed files kept between runs
    names: dict[Path, str] = field(default_factory=dict)  # each path's name, worked out once (two resolves)

    def name(self, path: Path) -> str:
        if path not in self.names:
            self.names[path] = relative(path, self.root)
        return self.names[path]

    def unread(self, path: Path) -> None:
        """The file at ``path`` is not read: its id (its name) is in ``unreadable``, and where, in ``unread_files``."""
        self.unreadable.add(path.stem)
        self.unread_files.setdefault(path.stem, set()).add(self.name(path))

    def add(
        self, path: Path, key_path: Sequence[Key], message: str, *, at_key: bool = False, severity: Severity = "error"
    ) -> None:
        if path in self.salvaged:  # a rule on a record with problems: put its place back in the file's numbering
            key_path = self.salvaged[path].original(key_path)
            if self.salvaged[path].covers(key_path):
                return  # cut away: the file's problem there is already reported
        doc = self.docs.get(path)
        if doc is not None:
            line, col = doc.locate(key_path, at_key=at_key)
        else:  # a whole file (1:1, so editors and annotations can place it) or a folder
            line, col = (1, 1) if path.is_file() or path.is_symlink() else (0, 0)
        self.problems.append(Problem(self.name(path), line, col, dotted(key_path), message, severity))

    def warn(self, path: Path, key_path: Sequence[Key], message: str, *, at_key: bool = False) -> None:
        self.add(path, key_path, message, at_key=at_key, severity="warning")

    def read(self, path: Path, model: type[M]) -> M | None:
        """Read one file into ``model``; record its problems.

        A file with problems gives what of its record still parses (``salvage``), for the
        rules to check too, or None; either way its problems are recorded here.
        """
        try:
            doc = Document.load(path, self.cache, past_duplicates=True)
        except YamlProblem as exc:
            self.problems.append(Problem(self.name(path), exc.line, exc.col, "", exc.message))
            return None
        except OSError as exc:
            self.problems.append(Problem(self.name(path), 0, 0, "", f"cannot read: {exc.strerror}"))
            return None
        self.docs[path] = doc
        if doc.duplicates:
            self.read_past.add(path)
        for twice in doc.duplicates:  # read past, so the file's other problems are told too
            self.problems.append(Problem(self.name(path), twice.line, twice.col, "", twice.message))
        record = self._build(path, doc, model)
        self._misread(path, doc)
        # (a walk of every text costs 0.1 s: only a file whose text may hold a mark, or write one with an escape)
        if record is not None and ("\\" in doc.text or any(mark in doc.text for mark in MARKS)):
            self._still_to_write(path, record)
        return record

    def _still_to_write(self, path: Path, record: BaseModel) -> None:
        """The guidance pmf new leaves (``To write:``): a warning at each, or under ``strict`` an error, since a
        file that must be complete cannot hold guidance in place of the council's words."""
        for where, said in still_to_write(record):
            if self.strict:
                self.add(path, where, f"{said} (--strict)")
            else:
                self.warn(path, where, said)

    def _misread(self, path: Path, doc: Document) -> None:
        """A warning for each prose field a note took words from (but where that is an error already: a
        note that emptied required text), and for each path in double quotes whose backslash YAML read as
        a special character."""
        found: list[LostWords | Backslash] = [*lost_words(doc.text), *backslashes(doc.text)]
        if not found:
            return  # (the file's name is worked out only for a warning: 1,164 times over costs 50 ms)
        name = self.name(path)
        told = {(p.line, p.col) for p in self.problems if p.path == name}
        for slip in found:
            if (slip.line, slip.column) not in told:
                where = dotted(list(slip.key_path))
                self.problems.append(Problem(name, slip.line, slip.column, where, slip.message, "warning"))

    def _build(self, path: Path, doc: Document, model: type[M]) -> M | None:
        """The record ``doc`` holds, or what of it still parses; its problems recorded."""
        if not isinstance(doc.data, dict):
            found = type(doc.data).__name__ if doc.data is not None else "nothing"
            found = {"list": "a list", "str": "a single line of text", "int": "a number"}.get(found, found)
            self.add(path, [], f"expected keys and values (such as 'id: ...'), found {found}")
            return None
        data = doc.data
        context: dict[str, Any] = {**FROM_FILE, NAMES: []}  # the roles that look like a person's name, as read
        try:
            record = model.model_validate(data, context=context)
        except ValidationError as exc:
            lost = misplaced(model, data, exc.errors(), FROM_FILE)  # a line that lost its indentation
            for key, slip in lost.items():
                self.add(path, [key], slip.message, at_key=True)
            emptied = {slip.place for slip in lost.values() if slip.empty}
            for error in exc.errors():
                top = error["loc"][0] if error["loc"] else None
                if top in lost or (tuple(error["loc"]) in emptied and error.get("input", 0) is None):
                    continue  # told above, at the line that lost its indentation
                self._pydantic(path, data, model, error)
            rest, self.salvaged[path] = salvage(model, data, exc.errors(), FROM_FILE)  # the rules run on the rest
            # where a key that lost its indentation belongs is missing it: the rules leave that place alone
            self.salvaged[path].cuts |= {(*slip.place, key) for key, slip in lost.items()}
            for error in exc.errors():  # '{tolerance:40.0}' was cut away as a key: the rules leave 'tolerance' alone
                key_path, _ = _data_path(data, error["loc"])
                if error["type"] == "extra_forbidden" and key_path and ":" in str(key_path[-1]):
                    self.salvaged[path].cuts.add((*key_path[:-1], str(key_path[-1]).split(":")[0]))
                elif (
                    error["type"] == "extra_forbidden"
                    and key_path
                    and error.get("input") is None
                    and _colonless(key_path[-1], _allowed_keys(model, key_path[:-1]))
                ):  # '{tolerance 40.0}', told at its key: as _slip tells it
                    self.salvaged[path].cuts.add((*key_path[:-1], str(key_path[-1]).split(None, 1)[0]))
            return rest
        if self.welsh:
            self._untranslated(path, record)
        if context[NAMES]:  # only a record that names someone is walked, to place each
            for where, text in named_people(record):
                self.warn(path, list(where), name_not_role(text))
        return record

    def _untranslated(self, path: Path, record: BaseModel) -> None:
        """A notice for every piece of plan text without its Welsh version, or (written in Welsh) its English;
        a draft's guidance still to be replaced (``To write:``, or its Welsh) is not sent to translators."""
        for key_path, text in texts(record):
            if to_write(text):
                continue
            stale = getattr(text, "stale", None)
            if not getattr(text, "english", True):
                missing = (
                    "its English is out of date (the Welsh has changed since): translate it again and delete "
                    "'out_of_date: en'"
                    if stale == "en"
                    else "has no English version yet: give it as 'en: <English>' beside 'cy: <Welsh>'"
                )
            elif text.strip() and not (getattr(text, "cy", None) or "").strip() and not _in_catalogue(text):
                missing = (
                    "its Welsh is out of date (the English has changed since): translate it again and delete "
                    "'out_of_date: cy'"
                    if stale == "cy"
                    else "has no Welsh version yet: write it as 'en: <English>' and 'cy: <Welsh>'"
                )
            else:
                continue
            self.untranslated.append((self.name(path), tuple(key_path), text))
            self.add(path, list(key_path), missing, severity="notice")

    def _pydantic(self, path: Path, data: Any, model: type[BaseModel], error: Any) -> None:
        key_path, missing = _data_path(data, error["loc"])
        kind = error["type"]
        if kind == "missing" and _glued_key(data, key_path, missing):
            return  # written with no space after its colon ({target:70.0}): told at that key
        if placed := self._slip(path, model, key_path, error):  # a YAML slip read as a value, told where it is
            message, line, col = placed
            where = key_path[:-1] if kind == "extra_forbidden" else key_path
            self.problems.append(Problem(self.name(path), line, col, dotted(where), message))
            return
        here = str(key_path[-1]) if key_path else ""
        parent = key_path[:-1] if kind == "extra_forbidden" else key_path
        braces = kind == "extra_forbidden" and self._in_braces(path, parent)
        message = pydantic_problem(
            error, missing=missing, keys=lambda: _allowed_keys(model, parent), here=here, in_braces=braces
        )
        at_key = kind in {"missing", "extra_forbidden"} or error.get("input", "") is None
        self.add(path, key_path, message, at_key=at_key or "[key]" in [str(k) for k in error["loc"]])

    def _slip(
        self, path: Path, model: type[BaseModel], key_path: Sequence[Key], error: Any
    ) -> tuple[str, int, int] | None:
        """A value YAML read otherwise than it was typed, with the place of the slip: a text emptied by
        a '#' (``title: #1 priority``), or a key with no space after its colon, read as text where keys
        and values belong (``2026-27:70``) or as a key of its own (``{target:70.0}``), or with no colon
        at all (``{target 70.0}``)."""
        doc, kind, value = self.docs.get(path), error["type"], error.get("input")
        if doc is None or not key_path:
            return None
        if (kind == "string_type" and value is None) or isinstance(value, dict):  # a text, or a language of it
            emptied_at = [list(key_path)] if value is None else [[*key_path, k] for k in LANGUAGES if k in value]
            emptied_at = [at for at in emptied_at if value is None or value[at[-1]] is None]
            for at in emptied_at:
                line, col = doc.locate(at, at_key=True)
                if lost := emptied(doc.text, line, col, tuple(at)):
                    return lost.message, lost.line, lost.column
            return None
        if kind in {"model_type", "dict_type", "model_attributes_type"} and isinstance(value, str) and ":" in value:
            return _glued(doc, *doc.locate(key_path), value)
        if kind == "extra_forbidden" and value is None and ":" in str(key_path[-1]):
            return _glued(doc, *doc.locate(key_path, at_key=True), str(key_path[-1]))
        if (
            kind == "extra_forbidden"
            and value is None
            and _colonless(key_path[-1], _allowed_keys(model, key_path[:-1]))
        ):
            allowed = _allowed_keys(model, key_path[:-1])
            key = str(key_path[-1]).split(None, 1)[0]
            pairs = _pairs(str(key_path[-1]), allowed)
            line, col = doc.locate(key_path, at_key=True)
            if len(pairs) == 1:
                return f"add ':' after '{key}': write '{pairs[0]}'", line, col + len(key)
            keys = [f"'{pair.split(':', 1)[0]}'" for pair in pairs]
            return (
                f"add ':' after {listed(keys)}, and a comma before {listed(keys[1:])}: write '{', '.join(pairs)}'",
                line,
                col + len(key),
            )
        return None

    def _in_braces(self, path: Path, key_path: Sequence[Key]) -> bool:
        """Whether the mapping at ``key_path`` was written inside { } (a flow mapping)."""
        doc = self.docs.get(path)
        node: Any = doc.tree if doc is not None else None
        for key in key_path:
            try:
                node = node[key]
            except (KeyError, IndexError, TypeError):
                return False
        return bool(getattr(node, "fa", None) and node.fa.flow_style())


def _glued(doc: Document, line: int, col: int, written: str) -> tuple[str, int, int] | None:
    """A key and its value ``written`` at ``line``, ``col`` with no space after its colon, told at the colon."""
    from pmf.yamlclues import Mark, glued_colon  # its patterns are compiled only for a file with a slip

    text = LINE_END.split(doc.text)[line - 1]
    glued = glued_colon(Mark(line, col, text[: col - 1] + written)) if text.startswith(written, col - 1) else None
    return (glued[0], line, glued[1].col) if glued else None


def _glued_key(data: Any, key_path: Sequence[Key], missing: str) -> bool:
    """Whether the keys at ``key_path`` hold ``missing`` with its value glued to its colon ('target:70.0'), or
    with no colon ('target 70.0')."""
    for key in key_path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return False
    return isinstance(data, dict) and any(
        isinstance(k, str) and (k.startswith(f"{missing}:") or (_colonless(k, [missing]) and data[k] is None))
        for k in data
    )


def _pairs(written: str, allowed: Sequence[str]) -> list[str]:
    """The keys and values ``written`` with no colon nor comma ('target 70.0 tolerance 65.0'), as they should be
    written: a pair at each word that is a key ``allowed`` there with a word after it."""
    words = written.split()
    pairs = [[words[0]]]
    for i, word in enumerate(words[1:], 1):
        if word in allowed and len(pairs[-1]) > 1 and i + 1 < len(words):
            pairs.append([word])
        else:
            pairs[-1].append(word)
    return [f"{pair[0]}: {' '.join(pair[1:])}" for pair in pairs]


def _colonless(key: Key, allowed: Sequence[str]) -> bool:
    """Whether ``key`` is a key of ``allowed`` and its value, written with no colon between ('target 70.0')."""
    words = str(key).split(None, 1)
    return len(words) == 2 and words[0] in allowed


def _in_catalogue(text: str) -> bool:
    """Words the Welsh catalogue already has ("on track", "Governance and Audit Committee")."""
    from pmf import i18n

    with i18n.language("cy"):
        return i18n.catalogued(text) is not None


def _data_path(data: Any, loc: Sequence[Any]) -> tuple[list[Key], str]:
    """Map a pydantic ``loc`` onto the document, skipping union tags; return the last key too."""
    path: list[Key] = []
    node = data
    last = ""
    for key in loc:
        if (isinstance(node, dict) and key in node) or (
            isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node)
        ):
            path.append(key)
            node = node[key]
        elif key == "[key]":
            continue
        else:
            last = str(key)
    if not last and loc:
        last = str(loc[-1])
    return path, last


def _allowed_keys(model: type[BaseModel], key_path: Sequence[Key]) -> list[str]:
    """The keys the model allows at ``key_path`` (for 'did you mean'), as a file spells them (``mid-year``)."""
    current: Any = model
    for key in key_path:
        if isinstance(key, int):
            continue
        if not getattr(current, "model_fields", None):
            continue
        if field := field_written(current, key):
            current = _inner_model(field.annotation)
    return [field.alias or name for name, field in getattr(current, "model_fields", {}).items()]


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
