"""Mistakes a service lead makes typing YAML, each told through `pmf validate`, on a repository
`pmf init` wrote, in plain words at the line and column where it is: never the parser's terms,
never a traceback.

Each row puts one text into the measure or the plan `pmf init` wrote (replacing the line or lines
named) and expects the message shown for that file. The rows marked "was:" gave a false, misplaced
or technical message before.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from typer.testing import CliRunner

from pmf.cli import app
from pmf.yamlclues import short
from pmf.yamlio import load_fast
from pmf.yamlscreen import YamlProblem

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})

MEASURE = "plans/example/measures/EX-01.yaml"
PLAN = "plans/example/plan-2026-27.yaml"
RISK = "plans/example/risks/RSK-EX-01.yaml"

# Lines of the files pmf init writes, which the rows change
TITLE = "title: Percentage of enquiries resolved at first contact  # plain language, as it will appear in reports\n"
DESCRIPTION = "description: How many enquiries are answered without being passed on, to plan staffing and training.\n"
SOURCE = "source: The customer contact system, taken on the fifth working day after the quarter ends.\n"
THRESHOLD = "  2026-27: {target: 70.0, tolerance: 65.0}\n"
THRESHOLDS = "thresholds:  # per financial year; tolerance: null means No Tolerance\n  2026-27: {target: 70.0, tolerance: 65.0}\n"
DECIMALS = "decimals: 1  # values are rounded half up to this many places before they are judged\n"
CABINET = "cabinet_members:\n  - Cabinet Member for Corporate Services\n"
MEASURES = "    performance_measures:  # measure ids of kind performance_measure, one a line\n      - EX-01\n"
BUDGETS = "  budgets_savings_assets: Savings of 2% from moving routine enquiries online; no change to assets.\n"
WELLBEING = (
    "wellbeing_statement: >-\n  Residents get the help they need at their first contact with the\n"
    "  council, by telephone, online or in person.\n"
)
LEAD = "lead_officer: Customer Services Manager  # a role, e.g. Head of Waste Services\n"
OUTTURNS = "# outturns: one entry per period, oldest first; `pmf record` and `pmf import` add them here, e.g.\n"
ID = "id: EX-01  # letters, digits, - and _; must equal this file's name\n"
DATE = "date: 2026-11-26  # when this definition was agreed\n"
HEAD = "head_of_service: Head of Customer Services  # a role, e.g. Head of Waste Services\n"
OUTCOME = "  - outcome: resilient"
VALIDATION = "validation: A team leader checks ten enquiries a quarter before the figure is reported.\n"
CALCULATION = "calculation: Enquiries resolved at first contact divided by all enquiries, times 100.\n"
INHERENT = "inherent: {likelihood: 4, impact: 4}  # before controls\n"
KEY_IN_TEXT = (
    "a key cannot start here, inside the text of the line above: line this key up with the keys above it, "
    "or put the text in quotes"
)

ROWS = [
    # was: 6:12: inside '{ }' entries are separated by commas, and text holding a comma or a colon needs quotes
    pytest.param(
        MEASURE,
        TITLE,
        "title: {en: Top priority, cy: #1 blaenoriaeth}\n",
        "5:31: the ' #' here starts a YAML note, which takes the rest of the line and with it the closing '}': "
        "put the text holding the '#' in quotes ('#1 blaenoriaeth')",
        id="note-took-the-closing-brace-of-a-title",
    ),
    # was: 28:3: inside '[ ]' or '{ }' an entry cannot start with '- ': separate entries with commas, or put ...
    pytest.param(
        MEASURE,
        OUTTURNS,
        "outturns:\n  - period: 2026-27 Q1\n    value: 66\n    comment: {en: First of many, cy: #1 o lawer}\n"
        "  - period: 2026-27 Q2\n    value: 67\n",
        "27:38: the ' #' here starts a YAML note, which takes the rest of the line and with it the closing '}': "
        "put the text holding the '#' in quotes ('#1 o lawer')",
        id="note-took-the-closing-brace-of-an-outturn-comment",
    ),
    # was: 8:22: a value cannot begin with '>': put the text in quotes
    pytest.param(
        PLAN,
        CABINET,
        "cabinet_members: [Cabinet Member, #2 deputy]\n",
        "7:35: the ' #' here starts a YAML note, which takes the rest of the line and with it the closing ']': "
        "put the text holding the '#' in quotes ('#2 deputy')",
        id="note-took-the-closing-bracket-of-a-list",
    ),
    # was: 6:8: the '{' here is never closed: end it with '}' on the same line
    pytest.param(
        MEASURE,
        TITLE,
        TITLE + "extra: {b\n : 1}\n",
        "6:9: the key 'b' and its ':' are not on one line: inside '{ }' write the key and its colon on one line",
        id="brace-key-over-line",
    ),
    # was: 5:8: the '{' here is never closed: end it with '}' on the same line
    pytest.param(
        MEASURE,
        TITLE,
        "title: {Title of\n  the measure: 1}\n",
        "5:9: the key 'Title of the measure' and its ':' are not on one line: inside '{ }' write the key and its colon on one line",
        id="brace-key-over-line-2",
    ),
    # was: 8:5: YAML cannot read this; check the indentation, colons and quotes here (more indented follow up line than first in a block scalar)
    pytest.param(
        MEASURE,
        DESCRIPTION,
        "description: |\n  \n    What this measure monitors.\n",
        "7:1: blank line 7 holds spaces, fewer than the text below it, which confuses where the block of text starts: empty the line (delete its spaces)",
        id="block-blank-first-line-spaces",
    ),
    # was: 1:1: a value cannot begin with '<document end>': put the text in quotes
    pytest.param(
        MEASURE,
        "",
        "...\n",
        "1:1: '...' marks the end of the file's content, and nothing comes before it: delete the line",
        id="dots-only",
    ),
    # was: 1:1: a line starting with '%' is a YAML directive, which may stand only above the first line of the file's content, with a '---' line after it: delete it, or indent it under its key
    pytest.param(
        MEASURE,
        "",
        "%YAML 1.2\n",
        "1:1: the file holds a YAML directive ('%YAML 1.2') and nothing else: write the file's keys and values below it, after a line '---', or delete it",
        id="yaml-directive-only",
    ),
    # was: 5:1: this line has no colon: write it as 'key: value', or indent it further to continue the text above
    pytest.param(
        MEASURE,
        TITLE,
        "title:Title of the measure\n",
        "5:6: 'title:' needs a space after its colon: write 'title: Title of the measure'",
        id="no-space-after-colon",
    ),
    # was: 11:1: this line has no colon: write it as 'key: value', or indent it further to continue the text above
    pytest.param(
        MEASURE,
        DECIMALS,
        "decimals:1\n",
        "11:9: 'decimals:' needs a space after its colon: write 'decimals: 1'",
        id="key:value-number",
    ),
    pytest.param(
        MEASURE,
        THRESHOLD,
        "\t2026-27: {target: 70.0, tolerance: 65.0}\n",
        "23:1: YAML indents with spaces, not tabs; replace the tab at column 1",
        id="tab-indent",
    ),
    # was: 5:7: YAML indents with spaces, not tabs; replace the tab at column 7
    pytest.param(
        MEASURE,
        TITLE,
        "title:\tTitle of the measure\n",
        "5:7: YAML takes spaces, not tabs, inside a line: replace the tab at column 7 with a space",
        id="tab-after-colon",
    ),
    pytest.param(
        MEASURE,
        TITLE,
        'title: "Title of the measure\n',
        "5:8: the quotation mark here is never closed: add the closing quote",
        id="unclosed-double-quote",
    ),
    # was: 17:63: the quoted text ends at the apostrophe just before this: inside single quotes write an apostrophe as ''
    pytest.param(
        MEASURE,
        TITLE,
        "title: 'Title of the measure\n",
        "5:8: the quotation mark here is not closed on its line, so the text runs on to line 17: add the closing quote (inside single quotes, write an apostrophe as '')",
        id="unclosed-single-quote",
    ),
    pytest.param(
        MEASURE,
        TITLE,
        'title: "The "big" measure"\n',
        '5:14: the quoted text ends at the quotation mark just before this: put text holding " in single quotes',
        id="quote-inside-double",
    ),
    pytest.param(
        MEASURE,
        TITLE,
        "title: 'Council's plan'\n",
        "5:17: the quoted text ends at the apostrophe just before this: inside single quotes write an apostrophe as ''",
        id="apostrophe-in-single",
    ),
    pytest.param(
        MEASURE,
        TITLE,
        "title: \"Title of the measure'\n",
        "5:8: the quotation mark here is never closed: add the closing quote",
        id="mismatched-quotes",
    ),
    pytest.param(
        PLAN,
        CABINET,
        CABINET + "- Another member\n",
        "9:1: a list item ('- ') where a key was expected: indent the list under the key that holds it",
        id="dash-among-keys",
    ),
    pytest.param(
        PLAN,
        HEAD,
        "head_of_service: Head of Service\n- Deputy\n",
        "7:1: a list item ('- ') where a key was expected: indent the list under the key that holds it",
        id="dash-among-keys-2",
    ),
    pytest.param(
        MEASURE,
        TITLE,
        "title: Waste: recycling\n",
        "5:13: a colon followed by a space starts a new key; put the text in quotes",
        id="colon-in-title",
    ),
    pytest.param(
        MEASURE,
        SOURCE,
        'source: "C:\\Data\\waste.xlsx"\n',
        # was: 8:13: '\D' has no meaning inside double quotes: use single quotes, or write a backslash as '\\'
        "8:13: inside double quotes a '\\' starts a special character, and '\\D' is none: for a path, put the text "
        "in single quotes, or write '/' in place of each '\\'",
        id="windows-path-double-quotes",
    ),
    # was: 5:8: the quotation mark here is never closed: add the closing quote
    pytest.param(
        MEASURE,
        TITLE,
        'title: "Title of the measure\\"\n',
        "5:29: the '\\' just before the closing quotation mark makes that mark part of the text, so the quotation is never closed: write a backslash as '\\\\', or put the text in single quotes",
        id="trailing-backslash",
    ),
    # was: 5:14: a colon followed by a space starts a new key; put the text in quotes
    pytest.param(
        MEASURE,
        TITLE,
        "title: “Waste: recycling”\n",
        "5:8: '“' is a curly quotation mark (as Word types it), which YAML does not take as a quotation mark: type straight quotation marks (\") instead",
        id="smart-quotes-colon",
    ),
    # was: 5:14: a colon followed by a space starts a new key; put the text in quotes
    pytest.param(
        MEASURE,
        TITLE,
        "title: ‘Waste: recycling’\n",
        "5:8: '‘' is a curly quotation mark (as Word types it), which YAML does not take as a quotation mark: type straight quotation marks (\") instead",
        id="smart-single-quotes-colon",
    ),
    # was: 23:1: \xa0 2026-27: '2026-27' holds a non-breaking space (as Word and web pages paste it), which YAML
    # reads as text, not as a space or indentation: type ordinary spaces instead
    pytest.param(
        MEASURE,
        THRESHOLD,
        "\xa0 2026-27: {target: 70.0, tolerance: 65.0}\n",
        "23:1: \xa0 2026-27: this line is indented with non-breaking spaces (pasted from Word?): retype the spaces",
        id="nbsp-indent",
    ),
    # was: 27:5: duplicate key 'period': each key may appear once
    pytest.param(
        MEASURE,
        OUTTURNS,
        "outturns:\n  - period: 2026-27 Q1\n    value: 66.2\n    period: 2026-27 Q2\n    value: 67\n",
        "27:5: a second 'period' in the same item of 'outturns': start a new item with '- ' (line it up with the '- ' above)",
        id="second-outturn-with-no-dash",
    ),
    # was: 22:5: duplicate key 'outcome': each key may appear once
    pytest.param(
        PLAN,
        MEASURES,
        MEASURES + "    outcome: healthy\n",
        "22:5: a second 'outcome' in the same item of 'outcomes': start a new item with '- ' (line it up with the '- ' above)",
        id="second-outcome-with-no-dash",
    ),
    # a key written twice that is not the item's first is still a duplicate
    pytest.param(
        MEASURE,
        OUTTURNS,
        "outturns:\n  - period: 2026-27 Q1\n    value: 66.2\n    value: 67\n",
        "27:5: duplicate key 'value': each key may appear once (pmf reads the first, on line 26)",
        id="second-value-in-an-outturn",
    ),
    # was: 22:1: thresholds: needs a value, and 23:1: 2026-27: unknown key '2026-27'; allowed keys: id, kind, ...
    pytest.param(
        MEASURE,
        THRESHOLD,
        "2026-27: {target: 70.0, tolerance: 65.0}\n",
        "23:1: 2026-27: indent this under 'thresholds:' (two spaces)",
        id="year-of-thresholds-at-the-left-edge",
    ),
    # was: 20:1: performance_measures: unknown key 'performance_measures'; allowed keys: id, title, ...
    pytest.param(
        PLAN,
        MEASURES,
        "performance_measures:\n  - EX-01\n",
        "20:1: performance_measures: indent this into the last item of 'outcomes:', lined up with its 'outcome:'",
        id="measures-of-an-outcome-at-the-left-edge",
    ),
    # a key that belongs nowhere below the empty key above it is still unknown
    pytest.param(
        MEASURE,
        LEAD,
        LEAD + "formula:\ntitel: x\n",
        "21:1: titel: unknown key 'titel' (did you mean 'title'?)",
        id="unknown-key-below-an-empty-text",
    ),
    # was: 27:11: a colon followed by a space starts a new key; put the text in quotes
    pytest.param(
        MEASURE,
        OUTTURNS,
        "outturns:\n  - period: 2026-27 Q1\n\xa0\xa0\xa0\xa0value: 66.2\n  - period: 2026-27 Q2\n    value: 67\n",
        "26:1: this line is indented with non-breaking spaces (pasted from Word?): retype the spaces",
        id="nbsp-indent-of-an-outturn-value",
    ),
    # was: 9:1: this line has no colon: write it as 'key: value', or indent it further to continue the text above
    pytest.param(
        PLAN,
        CABINET,
        "cabinet_members:\n  - Cabinet Member for the service\n\xa0 - Cabinet Member for Finance\n",
        "9:1: this line is indented with non-breaking spaces (pasted from Word?): retype the spaces",
        id="nbsp-indent-of-a-list-item",
    ),
    # was: 26:12: outturns[0].value: must be a number; found '66.2\xa0' (write it without quotes)
    pytest.param(
        MEASURE,
        OUTTURNS,
        "outturns:\n  - period: 2026-27 Q1\n    value: 66.2\xa0\n",
        "26:12: outturns[0].value: must be a number; found '66.2\xa0' (the figure ends in a non-breaking space, as Word "
        "and e-mail paste it: delete it)",
        id="nbsp-after-a-figure",
    ),
    # was: 5:1: this line has no colon: write it as 'key: value', or indent it further to continue the text above
    pytest.param(
        MEASURE,
        TITLE,
        "title:\xa0Title of the measure\n",
        "5:6: the space after 'title:' is a non-breaking space (as Word and web pages paste it), which YAML does not take as a space: type an ordinary space",
        id="nbsp-after-colon",
    ),
    pytest.param(
        MEASURE,
        TITLE,
        "title: % of waste recycled\n",
        "5:8: a value cannot begin with '%': put the text in quotes",
        id="percent-start",
    ),
    pytest.param(
        MEASURE,
        LEAD,
        "lead_officer: @HeadOfWaste\n",
        "19:15: a value cannot begin with '@': put the text in quotes",
        id="at-start",
    ),
    pytest.param(
        MEASURE,
        TITLE,
        "title: `Title`\n",
        "5:8: a value cannot begin with '`': put the text in quotes",
        id="backtick-start",
    ),
    pytest.param(
        MEASURE,
        TITLE,
        "title: *Important* waste measure\n",
        "5:8: '*Important*' refers to '&Important*', which is not defined above it: write the value out, or put text starting with '*' in quotes",
        id="star-start",
    ),
    # was: 5:8: '&' at the start of a value names an anchor: put the text in quotes
    pytest.param(
        MEASURE,
        TITLE,
        "title: & more\n",
        "5:8: a value cannot begin with '&': put the text in quotes",
        id="ampersand-start",
    ),
    pytest.param(
        PLAN,
        CABINET,
        "cabinet_members:\n  - - Cabinet Member for the service\n",
        "8:5: cabinet_members[0]: must be text; found ['Cabinet Member for the service']",
        id="dash-dash-item",
    ),
    pytest.param(
        MEASURE,
        DECIMALS,
        "  decimals: 1\n",
        "11:3: this line is not lined up with the lines above it: indent it by as many spaces as the key it belongs beside",
        id="over-indented-key",
    ),
    pytest.param(
        PLAN,
        BUDGETS,
        " budgets_savings_assets: Implications.\n",
        "16:20: a key cannot start here, inside the text of the line above: line this key up with the keys above it, or put the text in quotes",
        id="under-indented-key",
    ),
    pytest.param(
        MEASURE,
        DECIMALS,
        DECIMALS + "title: Again\n",
        "12:1: duplicate key 'title': each key may appear once (pmf reads the first, on line 5)",
        id="duplicate-key",
    ),
    # was: 5:1: title: needs a value
    pytest.param(
        MEASURE,
        TITLE,
        "title: #1 priority\n",
        "5:8: title: the '#' starts a YAML note, so the words after it (1 priority) were dropped and the title is "
        "empty: put the whole title in quotes to keep them",
        id="hash-value",
    ),
    # was: 5:1: title: needs a value
    pytest.param(
        MEASURE,
        TITLE,
        "title: #1 priority  # plain language\n",
        "5:8: title: the '#' starts a YAML note, so the words after it (1 priority) were dropped and the title is "
        "empty: put the whole title in quotes to keep them",
        id="hash-value-before-a-note",
    ),
    # was: 8:5: cabinet_members[0]: needs a value
    pytest.param(
        PLAN,
        CABINET,
        "cabinet_members:\n  - #1 Cabinet Member for Waste\n",
        "8:5: cabinet_members[0]: the '#' starts a YAML note, so the words after it (1 Cabinet Member for Waste) "
        "were dropped and the item is empty: put the whole item in quotes to keep them",
        id="hash-list-item",
    ),
    # a note of the reader's own ('# ' and a space) may be what was meant: the message stays general
    pytest.param(MEASURE, TITLE, "title:  # to do\n", "5:1: title: needs a value", id="hash-note-after-nothing"),
    # was: 5:16: a line of text where a key was expected: write it as 'key: value', or line it up with the keys above it
    pytest.param(
        MEASURE,
        TITLE,
        "title: [Draft] Title of the measure\n",
        "5:8: a value starting with '[' is read as a list, which ends at its ']': put the whole text in quotes",
        id="bracket-start",
    ),
    # was: 5:16: a line of text where a key was expected: write it as 'key: value', or line it up with the keys above it
    pytest.param(
        MEASURE,
        TITLE,
        "title: {Draft} Title of the measure\n",
        "5:8: a value starting with '{' is read as keys and values, which ends at its '}': put the whole text in quotes",
        id="brace-start",
    ),
    # was: 5:8: YAML cannot read this; check the indentation, colons and quotes here (sequence entries are not allowed here)
    pytest.param(
        MEASURE,
        TITLE,
        "title: - Title of the measure\n",
        "5:8: a list cannot start on the line of its key: put the text in quotes, or write each item on its own line below the key, indented, starting '- '",
        id="dash-value",
    ),
    # was: 5:10: YAML cannot read this; check the indentation, colons and quotes here (while scanning a block scalar expected a comment or a line break, but found 'T')
    pytest.param(
        MEASURE,
        TITLE,
        "title: > Title of the measure\n",
        "5:8: '>' at the start of a value begins a block of text on the lines below, and nothing may follow it on its line: put the text in quotes, or move it to the next line, indented",
        id="gt-value",
    ),
    # was: 5:10: YAML cannot read this; check the indentation, colons and quotes here (while scanning a block scalar expected a comment or a line break, but found 'T')
    pytest.param(
        MEASURE,
        TITLE,
        "title: | Title of the measure\n",
        "5:8: '|' at the start of a value begins a block of text on the lines below, and nothing may follow it on its line: put the text in quotes, or move it to the next line, indented",
        id="pipe-value",
    ),
    # was: 5:8: YAML cannot read this; check the indentation, colons and quotes here (mapping keys are not allowed here)
    pytest.param(
        MEASURE,
        TITLE,
        "title: ? Title of the measure\n",
        "5:8: a value cannot begin with '? ': put the text in quotes",
        id="question-value",
    ),
    pytest.param(
        MEASURE,
        TITLE,
        'title: "Title" of the measure\n',
        '5:16: the quoted text ends at the quotation mark just before this: put text holding " in single quotes',
        id="text-after-quote",
    ),
    pytest.param(
        MEASURE,
        TITLE,
        "title Title of the measure\n",
        "5:1: this line has no colon: write it as 'key: value', or indent it further to continue the text above",
        id="missing-colon",
    ),
    # was: 20:5: this line is not lined up with the lines above it: indent it by as many spaces as the key it belongs beside
    pytest.param(
        PLAN,
        OUTCOME,
        "  - outcome resilient",
        "19:5: this list item has no colon, yet the lines below it are indented as its keys: write it as 'key: value'",
        id="missing-colon-in-list",
    ),
    pytest.param(
        PLAN,
        MEASURES,
        "    performance_measures:\n    - EX-01\n  - EX-02\n",
        "22:5: outcomes[1]: must be keys and values (outcome, indicators, performance_measures, activities); found 'EX-02'",
        id="list-item-outdented-in-nested",
    ),
    pytest.param(
        PLAN,
        MEASURES,
        "    performance_measures:\n      - EX-01\n        - EX-02\n",
        "21:9: outcomes[0].performance_measures[0]: 'EX-01 - EX-02' is not an identifier: use letters A to Z without "
        "accents, digits, '-' and '_'",
        id="list-over-indented",
    ),
    # was: 'DŴR-01' is not an identifier: use letters, digits, '-' and '_' (ŵ is a letter to a Welsh speaker)
    pytest.param(
        PLAN,
        MEASURES,
        "    performance_measures:\n      - DŴR-01\n",
        "21:9: outcomes[0].performance_measures[0]: 'DŴR-01' is not an identifier: use letters A to Z without "
        "accents (not Ŵ), digits, '-' and '_': write 'DWR-01'",
        id="welsh-letter-in-an-id",
    ),
    pytest.param(
        MEASURE,
        TITLE,
        "title:\nTitle of the measure\n",
        "6:1: this line has no colon: write it as 'key: value', or indent it further to continue the text above",
        id="value-next-line-col0",
    ),
    pytest.param(
        MEASURE,
        THRESHOLD,
        "  2026-27: {target: 70.0 tolerance: 65.0}\n",
        "23:35: inside '{ }' entries are separated by commas, and text holding a comma or a colon needs quotes",
        id="missing-comma-in-braces",
    ),
    pytest.param(
        MEASURE,
        THRESHOLD,
        "  2026-27: {target: 70.0, tolerance: 65.0\n",
        "23:12: the '{' here is never closed: end it with '}' on the same line",
        id="unclosed-brace",
    ),
    # was: 23:24: thresholds.2026-27.5: unknown key '5'; allowed keys: target, tolerance, mid_year
    pytest.param(
        MEASURE,
        THRESHOLD,
        "  2026-27: {target: 70,5, tolerance: 65.0}\n",
        "23:24: thresholds.2026-27.5: unknown key '5'; allowed keys: target, tolerance, mid-year; inside { } a comma separates entries: write a decimal number with a point, not a comma",
        id="decimal-comma-in-braces",
    ),
    pytest.param(
        MEASURE,
        TITLE,
        "title:: Title\n",
        "5:1: title:: unknown key 'title:' (did you mean 'title'?)",
        id="double-colon",
    ),
    pytest.param(
        PLAN,
        WELLBEING,
        "wellbeing_statement: >-\n  The Head of Service's vision for the service and how its outcomes support the\nwell-being of people and communities.\n",
        "11:1: this line has no colon: write it as 'key: value', or indent it further to continue the text above",
        id="block-under-indented",
    ),
    pytest.param(
        MEASURE,
        DESCRIPTION,
        "description: What this measure monitors\n  used for: reports\n",
        "7:11: a key cannot start here, inside the text of the line above: line this key up with the keys above it, or put the text in quotes",
        id="key-inside-text",
    ),
    # was: 12:7: YAML cannot read this; check the indentation, colons and quotes here (sequence entries are not allowed here)
    pytest.param(
        MEASURE,
        DECIMALS,
        DECIMALS + "tags: - a\n",
        "12:7: a list cannot start on the line of its key: put the text in quotes, or write each item on its own line below the key, indented, starting '- '",
        id="dash-on-same-line",
    ),
    # was: 13:1: '---' starts a second document; pmf reads one per file: remove the line
    pytest.param(
        MEASURE,
        DECIMALS,
        DECIMALS + "...\nmore: 1\n",
        "12:1: '...' marks the end of the file's content, and more follows it: delete the line",
        id="dots-in-middle",
    ),
    pytest.param(
        MEASURE,
        DECIMALS,
        DECIMALS + "---\nmore: 1\n",
        "12:1: '---' starts a second document; pmf reads one per file: remove the line",
        id="dashes-in-middle",
    ),
    # was: 8:3: a line of text where a key was expected: write it as 'key: value', or line it up with the keys above it
    pytest.param(
        MEASURE,
        DESCRIPTION,
        "description: |\n      \n  What this measure monitors.\n",
        "7:1: blank line 7 holds more spaces than the text below it, which confuses where the block of text starts: empty the line (delete its spaces)",
        id="block-blank-line-more-spaces",
    ),
    # was: 8:5: YAML cannot read this; check the indentation, colons and quotes here (more indented follow up line than first in a block scalar)
    pytest.param(
        MEASURE,
        DESCRIPTION,
        "description: |\n  \n    What this measure monitors.\n",
        "7:1: blank line 7 holds spaces, fewer than the text below it, which confuses where the block of text starts: empty the line (delete its spaces)",
        id="block-blank-line-fewer-spaces",
    ),
    pytest.param(
        MEASURE,
        TITLE,
        'title: "Title of the measure\ndecimals2: 1\n',
        "5:8: the quotation mark here is never closed: add the closing quote",
        id="unclosed-quote-multiline",
    ),
    # was: 11:10: YAML indents with spaces, not tabs; replace the tab at column 10
    pytest.param(
        MEASURE,
        DECIMALS,
        "decimals:\t1\n",
        "11:10: YAML takes spaces, not tabs, inside a line: replace the tab at column 10 with a space",
        id="tab-in-middle-of-key-line",
    ),
    pytest.param(
        MEASURE, DECIMALS, "decimals: 1,\n", "11:11: decimals: must be a number; found '1,'", id="comma-after-value"
    ),
    pytest.param(
        PLAN,
        MEASURES,
        "    performance_measures:\n      - EX-01\n      indicators: x\n",
        "22:7: a key where a list item was expected: start the line with '- ', or line it up with the key above the list",
        id="mixed-dash-and-key-in-list",
    ),
    # was: 11:1: this line has no colon: write it as 'key: value', or indent it further to continue the text above
    pytest.param(
        MEASURE,
        DECIMALS,
        '"decimals":1\n',
        "11:11: '\"decimals\":' needs a space after its colon: write '\"decimals\": 1'",
        id="colon-no-space-quoted-key",
    ),
    # was: 5:8: the '{' here is never closed: end it with '}' on the same line
    pytest.param(
        MEASURE,
        TITLE,
        "extra: {b\r\n : 1}\r\n",
        "5:9: the key 'b' and its ':' are not on one line: inside '{ }' write the key and its colon on one line",
        id="crlf-brace-key-over-line",
    ),
    # was: 10:23: the quoted text ends at the apostrophe just before this: inside single quotes write an apostrophe as ''
    pytest.param(
        PLAN,
        CABINET,
        "cabinet_members:\n  - 'Cabinet Member for the service\n",
        "8:5: the quotation mark here is never closed: add the closing quote (inside single quotes, write an apostrophe as '')",
        id="unclosed-single-quote-in-list",
    ),
    # was: 22:7: this line has no colon: write it as 'key: value', or indent it further to continue the text above
    pytest.param(
        PLAN,
        MEASURES,
        MEASURES + "      -EX-02\n",
        "22:7: a list item needs a space after its '-': write '- EX-02'",
        id="dash-without-space",
    ),
    pytest.param(
        MEASURE,
        THRESHOLD,
        "  2026-27: {target: 70.0, tolerance: 65.0}}\n",
        "23:43: a '}' with no opening bracket: remove it, or put the text in quotes",
        id="extra-closing-brace",
    ),
    # was: 23:42: inside '[ ]' entries are separated by commas, and text holding a comma or a colon needs quotes
    pytest.param(
        MEASURE,
        THRESHOLD,
        "  2026-27: [target: 70.0, tolerance: 65.0}\n",
        "23:42: this '}' closes a '[': end it with ']', or open it with '{'",
        id="mismatched-brackets",
    ),
    pytest.param(
        MEASURE,
        TITLE,
        'title: "Title" "Sub"\n',
        '5:16: the quoted text ends at the quotation mark just before this: put text holding " in single quotes',
        id="two-quoted-strings",
    ),
    pytest.param(
        MEASURE,
        DATE,
        "date: 2026-11-26  # agreed\n  by: x\n",
        "21:3: this line is not lined up with the lines above it: indent it by as many spaces as the key it belongs beside",
        id="comment-then-indented-key",
    ),
    # was: 8:3: a line of text where a key was expected: write it as 'key: value', or line it up with the keys above it
    pytest.param(
        MEASURE,
        DESCRIPTION,
        "description: |\n    line one\n  line two\n",
        "8:3: this line is indented less than the block of text ('|') above it, which ends there: indent it as far as the lines above it",
        id="block-second-line-less-indented",
    ),
    pytest.param(
        MEASURE,
        THRESHOLD,
        "  2026-27:\n    target: 70.0\n   tolerance: 65.0\n",
        "25:4: this line is not lined up with the lines above it: indent it by as many spaces as the key it belongs beside",
        id="nested-key-misaligned",
    ),
    pytest.param(
        PLAN,
        CABINET,
        "cabinet_members: [Cabinet Member for the service\n",
        "7:18: the '[' here is never closed: end it with ']' on the same line",
        id="unclosed-bracket-eof",
    ),
    pytest.param(
        PLAN,
        CABINET,
        "cabinet_members: ['Cabinet Member, 'Deputy']\n",
        "7:37: inside '[ ]' entries are separated by commas, and text holding a comma or a colon needs quotes",
        id="quote-missing-in-flow-list",
    ),
    # was: 5:42: inside '{ }' entries are separated by commas, and text holding a comma or a colon needs quotes
    pytest.param(
        MEASURE,
        TITLE,
        "title: {en: Enquiries, cy: 'Ymholiadau i'r cyngor'}\n",
        "5:42: the quoted text ends at the apostrophe just before this: inside single quotes write an apostrophe as ''",
        id="welsh-apostrophe-in-single-quotes-in-braces",
    ),
    # was: 7:51: inside '[ ]' entries are separated by commas, and text holding a comma or a colon needs quotes
    pytest.param(
        PLAN,
        CABINET,
        "cabinet_members: ['Aelod Cabinet dros Wasanaethau'r Cyngor', 'Deputy']\n",
        "7:51: the quoted text ends at the apostrophe just before this: inside single quotes write an apostrophe as ''",
        id="welsh-apostrophe-in-single-quotes-in-brackets",
    ),
    pytest.param(
        MEASURE,
        TITLE,
        TITLE + "\tmore: x\n",
        "6:1: YAML indents with spaces, not tabs; replace the tab at column 1",
        id="tab-leading-line",
    ),
    pytest.param(
        MEASURE,
        TITLE,
        TITLE + "title#: x\n",
        "6:1: title#: unknown key 'title#' (did you mean 'title'?)",
        id="hash-in-key",
    ),
    pytest.param(
        MEASURE,
        OUTTURNS,
        "outturns:\n  - period: 2026-27 Q1\n    value: 66.2\n   comment: x\n",
        "27:4: this line is not lined up with the lines above it: indent it by as many spaces as the key it belongs beside",
        id="outturn-key-misaligned",
    ),
    pytest.param(
        MEASURE,
        OUTTURNS,
        "outturns:\n  - period: 2026-27 Q1\n  value: 66.2\n",
        "26:3: a key where a list item was expected: start the line with '- ', or line it up with the key above the list",
        id="outturn-key-under-indented",
    ),
    pytest.param(
        MEASURE,
        THRESHOLDS,
        "thresholds: {2026-27: {target: 70.0, tolerance: 65.0}\n",
        "22:13: the '{' here is never closed: end it with '}' on the same line",
        id="nested-flow-unclosed-eof",
    ),
    # was: 8:13: a line of text where a key was expected: write it as 'key: value', or line it up with the keys above it
    pytest.param(
        PLAN,
        CABINET,
        "cabinet_members:\n  - [Draft] member\n",
        "8:5: a value starting with '[' is read as a list, which ends at its ']': put the whole text in quotes",
        id="bracket-list-item-text",
    ),
    pytest.param(
        MEASURE,
        TITLE,
        'title: "Waste: recycling\n',
        "5:8: the quotation mark here is never closed: add the closing quote",
        id="unclosed-quote-with-colon",
    ),
    pytest.param(
        MEASURE,
        TITLE,
        "title: ,Waste\n",
        "5:8: a value cannot begin with ',': put the text in quotes",
        id="comma-start",
    ),
    pytest.param(
        MEASURE,
        TITLE,
        "title: ] Waste\n",
        "5:8: a value cannot begin with ']': put the text in quotes",
        id="close-bracket-start",
    ),
    pytest.param(
        MEASURE,
        TITLE,
        "title: Waste description: x\n",
        "5:25: a colon followed by a space starts a new key; put the text in quotes",
        id="two-keys-one-line",
    ),
    # was: no problem, and the title read 'Title'
    pytest.param(
        MEASURE,
        TITLE,
        "title: ! Title\n",
        "5:8: YAML drops a '!' at the start of a value, so this reads as 'Title': put the whole text in quotes to "
        "keep the '!'",
        id="bang-space-text",
    ),
    # was: 5:1: title: needs a value
    pytest.param(
        MEASURE,
        TITLE,
        "title: !\n",
        "5:8: YAML drops a '!' at the start of a value, so this reads as nothing: put the whole text in quotes to "
        "keep the '!'",
        id="bang-alone",
    ),
    # was: no problem, and the Cabinet Member read 'Cabinet Member for Waste'
    pytest.param(
        PLAN,
        CABINET,
        "cabinet_members:\n  - ! Cabinet Member for Waste\n",
        "8:5: YAML drops a '!' at the start of a value, so this reads as 'Cabinet Member for Waste': put the whole "
        "text in quotes to keep the '!'",
        id="bang-space-list-item",
    ),
    # was: 5:8: title: must be text; found ['Draft']
    pytest.param(
        MEASURE,
        TITLE,
        "title: ! [Draft]\n",
        "5:8: YAML drops a '!' at the start of a value, so this reads as the list after it: put the whole text in "
        "quotes to keep the '!'",
        id="bang-space-bracket",
    ),
    # was: 5:18: a line of text where a key was expected: write it as 'key: value', or line it up with the keys
    # above it
    pytest.param(
        MEASURE,
        TITLE,
        "title: ! [Draft] Title of the measure\n",
        "5:8: YAML drops a '!' at the start of a value and reads the '[' after it as a list, which ends at its ']': "
        "put the whole text in quotes to keep it as written",
        id="bang-space-bracket-then-text",
    ),
    pytest.param(
        PLAN,
        CABINET,
        "cabinet_members:\n  - ! {Draft} member\n",
        "8:5: YAML drops a '!' at the start of a value and reads the '{' after it as keys and values, which ends at "
        "its '}': put the whole text in quotes to keep it as written",
        id="bang-space-brace-then-text-in-a-list",
    ),
    # was: 8:20: '\p' has no meaning inside double quotes: use single quotes, or write a backslash as '\\'
    pytest.param(
        MEASURE,
        SOURCE,
        'source: "Waste\\new\\plans"\n',
        "8:20: inside double quotes a '\\' starts a special character, and '\\p' is none: for a path, put the text "
        "in single quotes, or write '/' in place of each '\\'",
        id="path-with-no-drive-and-an-unknown-escape",
    ),
    pytest.param(
        MEASURE,
        SOURCE,
        'source: "C:\\Data"\n',
        "8:13: inside double quotes a '\\' starts a special character, and '\\D' is none: for a path, put the text "
        "in single quotes, or write '/' in place of each '\\'",
        id="drive-and-an-unknown-escape",
    ),
    pytest.param(
        MEASURE,
        SOURCE,
        'source: "Yes \\p"\n',
        "8:15: '\\p' has no meaning inside double quotes: use single quotes, or write a backslash as '\\\\'",
        id="unknown-escape-in-text",
    ),
    # was: 5:8: unknown tag !important: pmf reads plain values only; remove the tag
    pytest.param(
        MEASURE,
        TITLE,
        "title: !important waste\n",
        "5:8: a value cannot begin with '!': put the text in quotes",
        id="bang-word",
    ),
    pytest.param(
        MEASURE,
        TITLE,
        TITLE + "Waste: recycling: x\n",
        "6:17: a colon followed by a space starts a new key; put the text in quotes",
        id="key-with-colon-space",
    ),
    pytest.param(
        MEASURE,
        DESCRIPTION,
        "description: |\n  line one\n\tline two\n",
        "8:1: YAML indents with spaces, not tabs; replace the tab at column 1",
        id="block-tab-line",
    ),
    # was: 5:8: YAML cannot read this; check the indentation, colons and quotes here (sequence entries are not allowed here)
    pytest.param(
        MEASURE,
        TITLE,
        "title: -\n",
        "5:8: a list cannot start on the line of its key: put the text in quotes, or write each item on its own line below the key, indented, starting '- '",
        id="dash-space-only-value",
    ),
    # was: 13:1: '---' starts a second document; pmf reads one per file: remove the line
    pytest.param(
        MEASURE,
        DECIMALS,
        DECIMALS + "... \nmore: 1\n",
        "12:1: '...' marks the end of the file's content, and more follows it: delete the line",
        id="dots-trailing-space",
    ),
    pytest.param(
        MEASURE,
        TITLE,
        TITLE + '"a: b": c\n',
        "6:1: a: b: unknown key 'a: b'; allowed keys: id, kind, title, description, scope_and_definition, source, calculation, data_type, unit, decimals, aggregation, measure_type, frequency, first_year, formula, polarity, benchmarking, benchmark_code, validation, lead_officer, date, next_review_date, governance_areas, thresholds, outturns",
        id="quoted-key-colon-inside",
    ),
    # was: 4:1: a key cannot follow a line of text on its own: write every line at the left margin as 'key: value'
    pytest.param(
        MEASURE,
        ID,
        "  id: EX-01\n",
        "3:3: the file's first key is indented, and the keys below it are not: write every key of the file at the left margin",
        id="indented-first-line",
    ),
    pytest.param(
        MEASURE,
        THRESHOLD,
        "  2026-27: {target: 70%, tolerance: 65%}\n",
        "23:21: thresholds.2026-27.target: must be a number; found '70%' (write the figure alone, without '£', '%' or commas: 70)",
        id="percent-in-braces",
    ),
    pytest.param(
        MEASURE,
        LEAD,
        "lead_officer:\n  - @head\n",
        "20:5: a value cannot begin with '@': put the text in quotes",
        id="at-in-list",
    ),
    pytest.param(
        MEASURE,
        THRESHOLD,
        "  2026-27: {target: “70”, tolerance: 65.0}\n",
        "23:21: thresholds.2026-27.target: must be a number; found '“70”'",
        id="curly-quotes-around-key-value-list",
    ),
    # was: 1:1: 'title' is required
    pytest.param(
        MEASURE,
        TITLE,
        "title\xa0: Title of the measure\n",
        "5:1: title\xa0: 'title' holds a non-breaking space (as Word and web pages paste it), which YAML reads as text, not as a space or indentation: type ordinary spaces instead",
        id="nbsp-before-colon",
    ),
    # was: 8:5: YAML cannot read this; check the indentation, colons and quotes here (more indented follow up line than first in a block scalar)
    pytest.param(
        MEASURE,
        DESCRIPTION,
        "description: |\r\n  \r\n    What this measure monitors.\r\n",
        "7:1: blank line 7 holds spaces, fewer than the text below it, which confuses where the block of text starts: empty the line (delete its spaces)",
        id="crlf-blank-first-line",
    ),
    # was: 23:12: the '[' here is never closed: end it with ']' on the same line
    pytest.param(
        MEASURE,
        THRESHOLD,
        "  2026-27: [target\n : 70.0]\n",
        "23:13: the key 'target' and its ':' are not on one line: inside '[ ]' write the key and its colon on one line",
        id="brace-key-split-in-list",
    ),
    # was: 23:13: YAML cannot read this; check the indentation, colons and quotes here (while parsing a flow node expected the node content, but found ',')
    pytest.param(
        MEASURE,
        THRESHOLD,
        "  2026-27: {, target: 70.0, tolerance: 65.0}\n",
        "23:13: an entry in brackets is empty here: remove the extra ','",
        id="empty-entry-in-braces",
    ),
    # was: 12:3: a line of text where a key was expected: write it as 'key: value', or line it up with the keys above it
    pytest.param(
        MEASURE,
        DECIMALS,
        "decimals: 1  # values are rounded half up to this many places\n  before they are judged\n",
        "12:3: a comment ('#') ends with its line: if this line goes on with the comment above, start it with '#' too",
        id="comment-over-two-lines",
    ),
    # was: 5:8: unknown tag !!important: pmf reads plain values only; remove the tag
    pytest.param(
        MEASURE,
        TITLE,
        "title: !!important\n",
        "5:8: '!!important' asks for a kind of value pmf does not read: remove it (pmf reads text, numbers, dates, "
        "true or false, lists, and keys with values)",
        id="double-bang-value",
    ),
    # was: 4:5: a key cannot start here, inside the text of the line above: line this key up with the keys above it, or put the text in quotes
    pytest.param(
        MEASURE,
        ID,
        "id:EX-01\n",
        "3:3: 'id:' needs a space after its colon: write 'id: EX-01'",
        id="first-key-with-no-space-after-its-colon",
    ),
    # was: 8:3: cabinet_members: must be a list (lines starting '- ', or [a, b]); found '\u2013 Cabinet Member for the service'
    pytest.param(
        PLAN,
        CABINET,
        "cabinet_members:\n  \u2013 Cabinet Member for the service\n",
        "8:3: cabinet_members: must be a list (lines starting '- ', or [a, b]); found '\u2013 Cabinet Member for the "
        "service' ('\u2013' does not start a list item as '-' does: type '- ')",
        id="en-dash-as-list-marker",
    ),
    # was: 5:1: ti\u200btle: unknown key 'ti\u200btle' (did you mean 'title'?)
    pytest.param(
        MEASURE,
        TITLE,
        "ti\u200btle: Title of the measure\n",
        "5:1: ti\u200btle: 'title' holds an invisible character (U+200B, as web pages and chat messages paste it): "
        "delete the key and type it again",
        id="zero-width-space-in-key",
    ),
    # was: 5:1: null: unknown key 'null'; allowed keys: id, kind, title, ...
    pytest.param(
        MEASURE,
        TITLE,
        ": Title\n",
        "5:1: null: a key is missing before the ':' here: write the key's name before the colon",
        id="empty-key-before-its-colon",
    ),
    # was: 18:41: sign_off.Housing: unknown key 'Housing'; allowed keys: approved_by, date, role
    pytest.param(
        PLAN,
        "outcomes:\n",
        "sign_off: {approved_by: Cabinet Member, Housing, date: 2026-03-24}\noutcomes:\n",
        "18:41: sign_off.Housing: unknown key 'Housing'; allowed keys: approved_by, date, role; inside { } a comma "
        "ends a text: put the whole text with its comma in quotes",
        id="comma-in-braces-cutting-one-word",
    ),
    # was: 5:13: a colon followed by a space starts a new key; put the text in quotes
    pytest.param(
        MEASURE,
        TITLE,
        "title: Waste:\n",
        "5:13: a colon at the end of a line starts a new key; put the text in quotes",
        id="colon-ending-a-value",
    ),
    # was: 23:13: YAML cannot read this; check the indentation, colons and quotes here (while parsing a flow node expected the node content, but found '-')
    pytest.param(
        MEASURE,
        THRESHOLD,
        "  2026-27: {- target: 70.0}\n",
        "23:13: inside '[ ]' or '{ }' an entry cannot start with '- ': separate entries with commas, or put the text "
        "in quotes",
        id="dash-inside-braces",
    ),
    # was: 20:5: this line is not lined up with the lines above it: indent it by as many spaces as the key it belongs beside
    pytest.param(
        PLAN,
        OUTCOME,
        "  -outcome: resilient",
        "19:3: a list item needs a space after its '-': write '- outcome: resilient'",
        id="list-item-with-no-space-after-its-dash",
    ),
    # was: 20:5: this line is not lined up with the lines above it: indent it by as many spaces as the key it belongs beside
    pytest.param(
        PLAN,
        OUTCOME,
        "  -\xa0outcome: resilient",
        "19:3: the space after this '-' is a non-breaking space (as Word and web pages paste it), which YAML does not "
        "take as a space: type an ordinary space",
        id="list-item-with-a-non-breaking-space-after-its-dash",
    ),
    # was: 21:7: outcomes[0].performance_measures: must be a list (lines starting '- ', or [a, b]); found '-EX-01'
    pytest.param(
        PLAN,
        MEASURES,
        "    performance_measures:\n      -EX-01\n",
        "21:7: outcomes[0].performance_measures: must be a list (lines starting '- ', or [a, b]); found '-EX-01' "
        "(a list item needs an ordinary space after its '-': write '- ')",
        id="only-list-item-with-no-space-after-its-dash",
    ),
    # was: 19:3: this list item is not lined up with the items above it: indent it by as many spaces as they are
    pytest.param(
        RISK,
        "#   - date: 2026-11-26\n",
        "  - date: 2026-11-26\n",
        "20:3: this list item follows a key that already has its value: put the list under a key of its own "
        "('name:' on the line above it, with nothing after the colon)",
        id="list-item-under-a-key-with-its-value",
    ),
    pytest.param(
        RISK,
        "inherent: {likelihood: 4, impact: 4}  # before controls\n",
        "inherent: {likelihood\n  : 4, impact: 4}\n",
        "8:12: the key 'likelihood' and its ':' are not on one line: inside '{ }' write the key and its colon on one line",
        id="risk-score-key-over-two-lines",
    ),
    # was: 5:9: YAML cannot read this; check the indentation, colons and quotes here (while parsing an tag expected URI, but found '>')
    pytest.param(
        MEASURE,
        TITLE,
        "title: !>Important\n",
        "5:8: a value cannot begin with '!': put the text in quotes",
        id="bang-and-bracket-starting-a-value",
    ),
    # was: 12:5: YAML cannot read this; check the indentation, colons and quotes here (found non-comment content after document end marker, ...)
    pytest.param(
        MEASURE,
        DECIMALS,
        DECIMALS + "... more\n",
        "12:1: '...' marks the end of the file's content, and text follows it: delete the '...'",
        id="text-after-dots",
    ),
    # was: 23:21: YAML cannot read this; check the indentation, colons and quotes here (while parsing a flow node expected the node content, but found ']')
    pytest.param(
        MEASURE,
        THRESHOLD,
        "  2026-27: {target: ]70.0, tolerance: 65.0}\n",
        "23:21: a value cannot begin with ']': put the text in quotes",
        id="closing-bracket-starting-a-value-in-braces",
    ),
    # was: 18:17: 'Note:' needs a space after its colon: write 'Note: checked'
    pytest.param(
        MEASURE,
        VALIDATION,
        "validation: Note:checked\n  by: data team\n",
        "19:5: " + KEY_IN_TEXT,
        id="text-with-a-colon-going-on-to-a-line-with-a-key",
    ),
    # was: 9:15: 'A:' needs a space after its colon: write 'A: B ratio, where'
    pytest.param(
        MEASURE,
        CALCULATION,
        "calculation: A:B ratio, where\n  A: count of bins\n",
        "10:4: " + KEY_IN_TEXT,
        id="ratio-going-on-to-a-line-with-a-key",
    ),
    # was: 19:21: 'mailto:' needs a space after its colon: write 'mailto: jo@x'
    pytest.param(
        MEASURE,
        LEAD,
        "lead_officer: mailto:jo@x\n  Role: head\n",
        "20:7: " + KEY_IN_TEXT,
        id="address-going-on-to-a-line-with-a-key",
    ),
    # was: 5:12: '“' is a curly quotation mark (as Word types it), which YAML does not take as a quotation mark: type straight quotation marks (") instead
    pytest.param(
        MEASURE,
        TITLE,
        "title: The \u201cbest\u201d plan: 2026\n",
        "5:23: a colon followed by a space starts a new key; put the text in quotes",
        id="curly-quotes-inside-text-with-a-colon",
    ),
    # was: 5:16: '\u2018' is a curly quotation mark (as Word types it), which YAML does not take as a quotation mark: type straight quotation marks (") instead
    pytest.param(
        MEASURE,
        TITLE,
        "title: Cynllun \u2018Gwastraff\u2019 2026: y gwasanaeth\n",
        "5:32: a colon followed by a space starts a new key; put the text in quotes",
        id="welsh-curly-quotes-inside-text-with-a-colon",
    ),
    # was: 23:35: a colon followed by a space starts a new key; put the text in quotes
    pytest.param(
        MEASURE,
        THRESHOLD,
        "  2026-27:{target: 70.0, tolerance: 65.0}\n",
        "23:10: '2026-27:' needs a space after its colon: write '2026-27: {target: 70.0, tolerance: 65.0}'",
        id="year-with-no-space-after-its-colon",
    ),
    # was: 23:36: a colon followed by a space starts a new key; put the text in quotes
    pytest.param(
        MEASURE,
        THRESHOLD,
        "  2026-27:\u00a0{target: 70.0, tolerance: 65.0}\n",
        "23:10: the space after '2026-27:' is a non-breaking space (as Word and web pages paste it), which YAML "
        "does not take as a space: type an ordinary space",
        id="year-with-a-non-breaking-space-after-its-colon",
    ),
    # was: 24:10: a key cannot start here, inside the text of the line above: line this key up with the keys above it, or put the text in quotes
    pytest.param(
        MEASURE,
        THRESHOLD,
        "  2026-27:12.5\n  2027-28: {target: 70.0, tolerance: 65.0}\n",
        "23:10: '2026-27:' needs a space after its colon: write '2026-27: 12.5'",
        id="year-with-no-space-before-a-number",
    ),
    # was: 24:3: this line has no colon: write it as 'key: value', or indent it further to continue the text above
    pytest.param(
        MEASURE,
        THRESHOLD,
        THRESHOLD + "  2027-28:12.5\n",
        "24:10: '2027-28:' needs a space after its colon: write '2027-28: 12.5'",
        id="last-year-with-no-space-before-a-number",
    ),
    # was: 23:3: thresholds: must be keys and values (target, tolerance, mid_year); found '2026-27:70'
    pytest.param(
        MEASURE,
        THRESHOLD,
        "  2026-27:70\n",
        "23:10: thresholds: '2026-27:' needs a space after its colon: write '2026-27: 70'",
        id="only-year-with-no-space-before-a-number",
    ),
    # was: 23:3: thresholds.2026-27: 'target' is required, and 23:13: thresholds.2026-27.target:70.0: unknown key
    # 'target:70.0' (did you mean 'target'?)
    pytest.param(
        MEASURE,
        THRESHOLD,
        "  2026-27: {target:70.0, tolerance: 65.0}\n",
        "23:19: thresholds.2026-27: 'target:' needs a space after its colon: write 'target: 70.0'",
        id="key-in-braces-with-no-space-after-its-colon",
    ),
    # was: 23:12: warning: thresholds.2026-27.tolerance: no tolerance given, so this is read as No Tolerance (green or
    # red only): ..., and 23:36: thresholds.2026-27.tolerance:65.0: unknown key 'tolerance:65.0' (did you mean 'tolerance'?)
    pytest.param(
        MEASURE,
        THRESHOLD,
        "  2026-27: {target: 70.0, tolerance:65.0}\n",
        "23:36: thresholds.2026-27: 'tolerance:' needs a space after its colon: write 'tolerance: 65.0'",
        id="tolerance-in-braces-with-no-space-after-its-colon",
    ),
    # was: 8:1: inherent: 'likelihood' is required, and 8:12: inherent.likelihood:4: unknown key 'likelihood:4' (did
    # you mean 'likelihood'?)
    pytest.param(
        RISK,
        INHERENT,
        "inherent: {likelihood:4, impact: 4}\n",
        "8:22: inherent: 'likelihood:' needs a space after its colon: write 'likelihood: 4'",
        id="score-in-braces-with-no-space-after-its-colon",
    ),
    # was: 23:13: thresholds.2026-27.target 70.0: unknown key 'target 70.0' (did you mean 'target'?); inside { } a
    # comma ends a text: put the whole text with its comma in quotes, and 23:3: thresholds.2026-27: 'target' is required
    pytest.param(
        MEASURE,
        THRESHOLD,
        "  2026-27: {target 70.0, tolerance: 65.0}\n",
        "23:19: thresholds.2026-27: add ':' after 'target': write 'target: 70.0'",
        id="key-in-braces-with-no-colon",
    ),
    # was: 23:27: thresholds.2026-27.tolerance 65.0: unknown key ..., and a warning that no tolerance was given
    pytest.param(
        MEASURE,
        THRESHOLD,
        "  2026-27: {target: 70.0, tolerance 65.0}\n",
        "23:36: thresholds.2026-27: add ':' after 'tolerance': write 'tolerance: 65.0'",
        id="tolerance-in-braces-with-no-colon",
    ),
    # was: 23:19: thresholds.2026-27: add ':' after 'target': write 'target: 70.0 tolerance 65.0'
    pytest.param(
        MEASURE,
        THRESHOLD,
        "  2026-27: {target 70.0 tolerance 65.0}\n",
        "23:19: thresholds.2026-27: add ':' after 'target' and 'tolerance', and a comma before 'tolerance': write "
        "'target: 70.0, tolerance: 65.0'",
        id="two-keys-in-braces-with-no-colon-nor-comma",
    ),
    # was: 23:38: thresholds.2026-27.tolerance note: unknown key 'tolerance note' (did you mean 'tolerance'?) alone:
    # 'tolerance' was cut as if written with no colon, and its problem (above the target) went untold
    pytest.param(
        MEASURE,
        THRESHOLD,
        "  2026-27: {target: 70.0, tolerance: 75.0, tolerance note: agreed}\n",
        "23:38: thresholds.2026-27.tolerance: must be below the target for a higher-is-better measure (target 70.0, "
        "tolerance 75.0)",
        id="unknown-key-of-two-words-with-a-value",
    ),
    # was: 8:27: inherent.impact 4: unknown key 'impact 4' (did you mean 'impact'?); inside { } ..., and 8:1:
    # inherent: 'impact' is required
    pytest.param(
        RISK,
        INHERENT,
        "inherent: {likelihood: 4, impact 4}\n",
        "8:33: inherent: add ':' after 'impact': write 'impact: 4'",
        id="score-in-braces-with-no-colon",
    ),
    # was: 5:1: this line has no colon: write it as 'key: value', or indent it further to continue the text above
    pytest.param(
        MEASURE,
        TITLE,
        "2026:x\n",
        "5:5: '2026:' needs a space after its colon: write '2026: x'",
        id="number-key-with-no-space-after-its-colon",
    ),
    # was: 26:10: a key cannot start here, inside the text of the line above: line this key up with the keys above it, or put the text in quotes
    pytest.param(
        MEASURE,
        OUTTURNS,
        "outturns:\n  -period: 2026-27 Q1\n    value: 66.2\n",
        "25:3: a list item needs a space after its '-': write '- period: 2026-27 Q1'",
        id="first-outturn-with-no-space-after-its-dash",
    ),
    # was: 8:37: this line is not lined up with the lines above it: indent it by as many spaces as the key it belongs beside
    pytest.param(
        RISK,
        INHERENT,
        "inherent: {likelihood: 4, impact: 4}, high\n",
        "8:11: a value starting with '{' is read as keys and values, which ends at its '}': put the whole text in quotes",
        id="text-after-a-score-in-braces",
    ),
    # was: 9:5: a list item needs a space after its '-': write '- 1'
    pytest.param(
        PLAN,
        CABINET,
        CABINET + "  -1\n",
        "9:3: a list item needs a space after its '-': write '- 1', or '- -1' for a number below zero",
        id="list-item-with-a-digit-after-its-dash",
    ),
]


# Words of the YAML reader's own that a service lead is not expected to know
JARGON = re.compile(r"\b(mapping|scalar|sequence|anchor|alias|token|node|tag|stream)s?\b|<|Traceback", re.I)


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository as `pmf init` writes it on 26 November 2026."""
    root = tmp_path_factory.mktemp("messages") / "council"
    result = runner.invoke(app, ["init", str(root), "--as-of", "2026-11-26"])
    assert result.exit_code == 0, result.stderr
    return root


@pytest.mark.parametrize(("file", "old", "new", "expected"), ROWS)
def test_a_mistake_in_yaml_is_told_in_plain_words_at_its_place(
    council: Path, file: str, old: str, new: str, expected: str
) -> None:
    path = council / file
    original = path.read_bytes()
    text = original.decode("utf-8")
    assert old in text, f"pmf init no longer writes {old!r}"
    path.write_bytes((text.replace(old, new, 1) if old else new).encode("utf-8"))
    try:
        result = runner.invoke(app, ["validate", "--root", str(council)])
    finally:
        path.write_bytes(original)
    assert result.exit_code == 1, result.output
    told = result.stderr.splitlines()
    assert f"{file}:{expected}" in told, "\n".join(told)
    assert not JARGON.search(expected.split(": ", 1)[1]), expected


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"), [row for row in ROWS if "in-braces-with-no-" in str(row.id)]
)
def test_a_key_glued_to_its_value_in_braces_is_told_once(
    council: Path, file: str, old: str, new: str, expected: str
) -> None:
    """'{target:70.0}' and '{target 70.0}' are one key to YAML, so 'target' is missing too: that is not told
    beside it."""
    path = council / file
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace(old, new, 1), encoding="utf-8")
    try:
        result = runner.invoke(app, ["validate", "--root", str(council)])
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.stderr.splitlines() == [f"{file}:{expected}", "1 problem in 1 file"]


KEYS = ["title", "description", "source", "calculation", "validation", "lead_officer", "x_1", "a-b"]


@given(
    key=st.sampled_from(KEYS),
    blank=st.integers(min_value=1, max_value=12),
    indent=st.integers(min_value=1, max_value=12),
    above=st.integers(min_value=0, max_value=3),
    style=st.sampled_from(["|", ">", "|-", ">+", "|  # a note"]),
)
def test_a_blank_line_with_spaces_atop_a_block_of_text_is_named_at_its_line(
    key: str, blank: int, indent: int, above: int, style: str
) -> None:
    """However many spaces the blank line and the text hold, and wherever the block stands, the
    blank line is named, at its own line, unless it holds as many spaces as the text (which reads)."""
    assume(blank != indent)
    text = "".join(f"k{i}: v\n" for i in range(above))
    text += f"{key}: {style}\n{' ' * blank}\n{' ' * indent}The words.\nnext: 1\n"
    with pytest.raises(YamlProblem) as problem:
        load_fast(text)
    line = above + 2
    than = "more spaces than" if blank > indent else "spaces, fewer than"
    assert (problem.value.line, problem.value.col, problem.value.message) == (
        line,
        1,
        f"blank line {line} holds {than} the text below it, which confuses where the block of text starts: "
        "empty the line (delete its spaces)",
    )


@given(
    key=st.sampled_from([*KEYS, "2026-27", "2025"]),
    value=st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 .,()-]{0,30}", fullmatch=True).map(str.rstrip),
    more=st.sampled_from(["", "  and more words\n", "  (more), words.\n"]),
    above=st.integers(min_value=0, max_value=3),
)
def test_a_key_with_no_space_after_its_colon_is_told_where_the_colon_is(
    key: str, value: str, more: str, above: int
) -> None:
    """Whatever the key (a year too) and its value, on one line or running on to the next, the colon
    with no space after it is named where it is."""
    assume(not (key.isdigit() and value[0].isdigit()))  # '2025:10' may be a time, and is read as text; '2026-27:12' not
    text = "".join(f"k{i}: v\n" for i in range(above)) + f"{key}:{value}\n{more}next: 1\n"
    with pytest.raises(YamlProblem) as problem:
        load_fast(text)
    assert (problem.value.line, problem.value.col, problem.value.message) == (
        above + 1,
        len(key) + 1,
        f"'{key}:' needs a space after its colon: write '{key}: {short(value)}'",
    )


@given(
    owner=st.sampled_from(["outturns", "outcomes", "activities", "x_1"]),
    first=st.sampled_from(KEYS),
    others=st.lists(st.sampled_from(["value", "comment", "status", "b-c"]), max_size=3, unique=True),
    indent=st.sampled_from(["", "  ", "    "]),
    above=st.integers(min_value=0, max_value=3),
)
def test_a_forgotten_dash_before_a_list_items_first_key_is_told_as_such(
    owner: str, first: str, others: list[str], indent: str, above: int
) -> None:
    """Whatever the list, its items' keys and how far the '- ' is indented, the item's first key met again
    in the same item is a new item that lost its '- ', told at that key."""
    assume(first not in others)
    body = "".join(f"{indent}  {k}: v\n" for k in others)
    text = "".join(f"k{i}: v\n" for i in range(above)) + f"{owner}:\n{indent}- {first}: a\n{body}{indent}  {first}: b\n"
    with pytest.raises(YamlProblem) as problem:
        load_fast(text)
    assert (problem.value.line, problem.value.col, problem.value.message) == (
        above + 3 + len(others),
        len(indent) + 3,
        f"a second '{first}' in the same item of '{owner}': start a new item with '- ' (line it up with the '- ' above)",
    )


WORDS = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 .,()'-]{0,20}", fullmatch=True).map(str.rstrip)


@given(before=WORDS, after=WORDS, key=st.sampled_from(KEYS))
def test_a_lone_bang_is_refused_only_where_a_value_starts(before: str, after: str, key: str) -> None:
    """'! Title' loses its '!' and is refused at it; a '!' further on in a text ('Done ! Next') is text."""
    assert load_fast(f"{key}: {before} ! {after}\n") == {key: f"{before} ! {after}"}
    with pytest.raises(YamlProblem) as problem:
        load_fast(f"{key}: ! {after}\n")
    assert (problem.value.line, problem.value.col) == (1, len(key) + 3)
    assert problem.value.message.startswith("YAML drops a '!' at the start of a value, so this reads as ")


ASC = "plans/adult-social-care/measures/ASC-03.yaml"


@pytest.mark.parametrize(
    ("old", "new", "below", "col", "message"),
    [
        pytest.param(
            "date: 2024-05-12}\n",
            "date\n      : 2024-05-12}\n",
            0,
            57,
            "the key 'date' and its ':' are not on one line: inside '{ }' write the key and its colon on one line",
            id="key-over-two-lines-in-verified",
        ),
        pytest.param(
            "description: >-\n",
            "description: >-\n \n",
            1,
            1,
            "blank line {line} holds spaces, fewer than the text below it, which confuses where the block of text "
            "starts: empty the line (delete its spaces)",
            id="blank-line-atop-a-folded-description",
        ),
        pytest.param(
            "    value: 33.4\n",
            "    value:33.4\n",
            0,
            10,
            "'value:' needs a space after its colon: write 'value: 33.4'",
            id="value",
        ),
        pytest.param(
            "  - period: 2024-05\n",
            "  -period: 2024-05\n",
            0,
            3,
            "a list item needs a space after its '-': write '- period: 2024-05'",
            id="outturn-with-no-space-after-its-dash",
        ),
        # was: title: needs its English text as 'en: ...' beside the Welsh 'cy: ...', at the 'en'
        pytest.param(
            "  en: Average number of working days from referral to completed assessment\n",
            "  en: #1 Average number of working days\n",
            0,
            7,
            "title: the '#' starts a YAML note, so the words after it (1 Average number of working days) were "
            "dropped and the English title is empty: put the whole English title in quotes to keep them",
            id="english-title-emptied-by-a-hash",
        ),
        # was: 4:18: a line of text where a key was expected: write it as 'key: value', or line it up with the keys
        # above it
        pytest.param(
            "  en: Average number of working days from referral to completed assessment\n",
            "  en: ! [Draft] Average number of working days\n",
            0,
            7,
            "YAML drops a '!' at the start of a value and reads the '[' after it as a list, which ends at its ']': "
            "put the whole text in quotes to keep it as written",
            id="bang-space-bracket-then-text-in-an-english-title",
        ),
        # was: 5:1: cy: unknown key 'cy'; allowed keys: id, kind, title, ...
        pytest.param(
            "  cy: Nifer cyfartalog",
            "cy: Nifer cyfartalog",
            0,
            1,
            "cy: indent this under 'title:', lined up with its 'en:'",
            id="welsh-title-at-the-left-edge",
        ),
        # was: thresholds: must be keys and values (target, tolerance, mid_year); found '2026-27:28.0'
        pytest.param(
            "  2024-25: {target: 28.0, tolerance: 40.0}\n  2025-26: {target: 28.0, tolerance: 40.0}\n"
            "  2026-27: {target: 28.0, tolerance: 40.0}\n",
            "  2026-27:28.0\n",
            0,
            10,
            "thresholds: '2026-27:' needs a space after its colon: write '2026-27: 28.0'",
            id="only-year-with-no-space-before-a-number",
        ),
        pytest.param(
            "  2026-27: {target: 28.0, tolerance: 40.0}\n",
            "  2026-27: {target: 28.0, tolerance:40.0}\n",
            0,
            36,
            "thresholds.2026-27: 'tolerance:' needs a space after its colon: write 'tolerance: 40.0'",
            id="tolerance-in-braces-with-no-space-after-its-colon",
        ),
        pytest.param(
            "  2026-27: {target: 28.0, tolerance: 40.0}\n",
            "  2026-27: ! {target: 28.0, tolerance: 40.0}\n",
            0,
            12,
            "YAML drops a '!' at the start of a value, so this reads as the keys and values after it: put the whole "
            "text in quotes to keep the '!'",
            id="bang-before-braces",
        ),
        # was: 44:10: a key cannot start here, inside the text of the line above: line this key up with the keys
        # above it, or put the text in quotes
        pytest.param(
            "  - period: 2024-04\n",
            "  -period: 2024-04\n",
            0,
            3,
            "a list item needs a space after its '-': write '- period: 2024-04'",
            id="first-outturn-with-no-space-after-its-dash",
        ),
    ],
)
def test_a_mistake_in_the_demo_is_told_at_its_place(
    demo_council: Path, old: str, new: str, below: int, col: int, message: str
) -> None:
    path = demo_council / ASC
    original = path.read_bytes()
    text = original.decode("utf-8")
    line = text[: text.index(old)].count("\n") + 1 + below
    path.write_bytes(text.replace(old, new, 1).encode("utf-8"))
    try:
        result = runner.invoke(app, ["validate", "--root", str(demo_council)])
    finally:
        path.write_bytes(original)
    assert result.exit_code == 1, result.output
    told = message.replace("{line}", str(line))
    assert f"{ASC}:{line}:{col}: {told}" in result.stderr.splitlines(), result.stderr


# was: 1:1: this is a binary file, not YAML text
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("file", [PLAN, MEASURE])
def test_a_file_saved_as_utf16_is_told_to_be_saved_as_utf8(council: Path, file: str, encoding: str) -> None:
    """Notepad's 'Unicode' is UTF-16 with its byte-order mark; other editors write it without one."""
    path = council / file
    original = path.read_bytes()
    path.write_bytes(original.decode("utf-8").encode(encoding))
    try:
        result = runner.invoke(app, ["validate", "--root", str(council)])
    finally:
        path.write_bytes(original)
    assert result.exit_code == 1, result.output
    assert (
        f"{file}:1:1: this file is saved as UTF-16 (Notepad's 'Unicode'): save it as UTF-8"
        in result.stderr.splitlines()
    )


def test_a_file_with_nuls_that_is_not_utf16_is_still_binary(council: Path) -> None:
    path = council / PLAN
    original = path.read_bytes()
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    try:
        result = runner.invoke(app, ["validate", "--root", str(council)])
    finally:
        path.write_bytes(original)
    assert f"{PLAN}:1:1: this is a binary file, not YAML text" in result.stderr.splitlines()


def test_a_year_of_thresholds_at_the_left_edge_is_told_once(council: Path) -> None:
    """'thresholds:' is left empty by the slip: it is not told to need a value beside it."""
    path = council / MEASURE
    original = path.read_bytes()
    path.write_bytes(original.replace(THRESHOLD.encode(), THRESHOLD.lstrip().encode()))
    try:
        result = runner.invoke(app, ["validate", "--root", str(council)])
    finally:
        path.write_bytes(original)
    assert result.stderr.splitlines() == [
        f"{MEASURE}:23:1: 2026-27: indent this under 'thresholds:' (two spaces)",
        "1 problem in 1 file",
    ]


def _validated(root: Path, path: Path, old: str, new: str) -> tuple[int, list[str]]:
    """``pmf validate`` on ``root`` with ``old`` in ``path`` replaced by ``new``; the file put back after."""
    original = path.read_bytes()
    text = original.decode("utf-8")
    assert old in text, f"no longer written: {old!r}"
    path.write_bytes(text.replace(old, new, 1).encode("utf-8"))
    try:
        result = runner.invoke(app, ["validate", "--root", str(root)])
    finally:
        path.write_bytes(original)
    return result.exit_code, result.stderr.splitlines()


@pytest.fixture
def waste(tmp_path: Path) -> Path:
    """A repository pmf init wrote, with a service and a measure of its own from pmf new."""
    root = tmp_path / "council"
    for args in (
        ["init", str(root), "--as-of", "2026-11-26"],
        ["new", "service", "waste", "--root", str(root), "--as-of", "2026-11-26"],
        ["new", "measure", "WS-01", "--service", "waste", "--root", str(root), "--as-of", "2026-11-26"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.stderr
    for written in (root / WS01, root / WS_PLAN):  # the guidance pmf new leaves, written as the service would
        text = written.read_text(encoding="utf-8")
        written.write_text(text.replace("'To write: ", "'").replace("  To write: ", "  "), encoding="utf-8")
    return root


WS01 = "plans/waste/measures/WS-01.yaml"
WS_PLAN = "plans/waste/plan-2026-27.yaml"


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        # was: 24:5: warning: ...tolerance: no tolerance given..., and 25:1: tolerance: unknown key 'tolerance'; ...
        pytest.param(
            "  2026-27:\n    target: 70.0\ntolerance: 65.0\n",
            ["25:1: tolerance: indent this under '2026-27:' in 'thresholds:', lined up with its 'target:'"],
            id="beside-the-target",
        ),
        # was: 24:1: target: unknown key 'target'; ..., and 25:1: tolerance: unknown key 'tolerance'; ...
        pytest.param(
            "  2026-27:\ntarget: 70.0\ntolerance: 65.0\n",
            [
                "24:1: target: indent this under '2026-27:' in 'thresholds:' (four spaces)",
                "25:1: tolerance: indent this under '2026-27:' in 'thresholds:' (four spaces)",
            ],
            id="under-an-empty-year",
        ),
    ],
)
def test_a_key_that_lost_two_levels_is_told_the_whole_place_it_belongs(
    waste: Path, new: str, expected: list[str]
) -> None:
    """A measure pmf new wrote, its thresholds written out one a line, a key then typed at the left edge."""
    code, told = _validated(waste, waste / WS01, THRESHOLD, new)
    assert (code, told) == (
        1,
        [*(f"{WS01}:{line}" for line in expected), f"{len(expected)} problem{'s' * (len(expected) > 1)} in 1 file"],
    )


def test_a_key_that_lost_four_levels_in_the_demo_is_told_the_whole_place_it_belongs(demo_council: Path) -> None:
    plan = demo_council / "plans/waste/plan-2026-27.yaml"
    old = "            status: green\n            comment: >-\n              Cameras installed"
    line = plan.read_text(encoding="utf-8").split(old)[0].count("\n") + 2
    code, told = _validated(demo_council, plan, old, old.replace("            comment", "comment"))
    assert (code, told) == (
        1,
        [
            f"plans/waste/plan-2026-27.yaml:{line}:1: comment: indent this into the last item of 'updates:' in the "
            "last item of 'activities:' in the last item of 'outcomes:', lined up with its 'period:'",
            "1 problem in 1 file",
        ],
    )


def test_a_plan_whose_measures_lost_their_indentation_is_told_that_alone(waste: Path) -> None:
    """The plan pmf new service wrote lists WS-01; 'performance_measures:' at the left edge is the slip, and
    that the plan does not name WS-01 follows from it: only the slip is told. With the indentation right and
    WS-01 left out, that warning stays."""
    old = "    performance_measures:\n      - WS-01\n"
    code, told = _validated(waste, waste / WS_PLAN, old, "performance_measures:\n      - WS-01\n")
    assert (code, told) == (
        1,
        [
            f"{WS_PLAN}:20:1: performance_measures: indent this into the last item of 'outcomes:', lined up with its "
            "'outcome:'",
            "1 problem in 1 file",
        ],
    )
    code, told = _validated(waste, waste / WS_PLAN, old, "    performance_measures: []\n")
    assert (code, told) == (
        0,
        [
            f"{WS_PLAN}:18:1: warning: outcomes: measure 'WS-01' has a target for 2026-27 but this plan does not name "
            "it: list it under an outcome's performance_measures, or remove its 2026-27 thresholds",
            "1 warning in 1 file",
        ],
    )


def test_a_demo_plan_whose_measures_lost_their_indentation_is_told_that_alone(demo_council: Path) -> None:
    """The last outcome's measures moved below the outcomes at the left edge: they belong into its last item,
    and the warnings that the plan does not name WST-04 and WST-05 follow from that slip."""
    plan = demo_council / "plans/waste/plan-2026-27.yaml"
    text = plan.read_text(encoding="utf-8")
    block = "    performance_measures:\n      - WST-04\n      - WST-05\n"
    moved = text.replace(block, "").replace("\nsign_off:", f"{block.lstrip()}\nsign_off:")
    line = moved.split("performance_measures:\n      - WST-04")[0].count("\n") + 1
    code, told = _validated(demo_council, plan, text, moved)
    assert (code, told) == (
        1,
        [
            f"plans/waste/plan-2026-27.yaml:{line}:1: performance_measures: indent this into the last item of "
            "'outcomes:', lined up with its 'outcome:'",
            "1 problem in 1 file",
        ],
    )


def test_every_demo_tolerance_that_lost_two_levels_is_told_where_it_belongs(demo_council: Path) -> None:
    """In every demo measure, the last year's thresholds written one a line and its tolerance typed at the
    left edge: each file is told that alone, naming the year and 'thresholds:'."""
    expected = []
    for measure in sorted((demo_council / "plans").glob("*/measures/*.yaml")):
        text = measure.read_text(encoding="utf-8")
        lines = text.split("\noutturns:")[0].splitlines()
        last = re.fullmatch(r"  (\d{4}-\d\d): \{target: ([^,]+), tolerance: ([^,}]+)\}", lines[-1])
        if last is None:  # a mid-year pair, or no thresholds
            continue
        year, target, tolerance = last.groups()
        block = f"  {year}:\n    target: {target}\ntolerance: {tolerance}"
        measure.write_text(text.replace(lines[-1] + "\n", block + "\n", 1), encoding="utf-8")
        name = measure.relative_to(demo_council).as_posix()
        line = len(lines) + 2
        expected.append(
            f"{name}:{line}:1: tolerance: indent this under '{year}:' in 'thresholds:', lined up with its 'target:'"
        )
    assert len(expected) > 40
    result = runner.invoke(app, ["validate", "--root", str(demo_council)])
    assert (result.exit_code, result.stderr.splitlines()) == (
        1,
        [*expected, f"{len(expected)} problems in {len(expected)} files"],
    )
