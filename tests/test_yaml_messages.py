"""Mistakes a service lead makes typing YAML, each told through `pmf validate`, on a repository
`pmf init` wrote, in plain words at the line and column where it is: never the parser's terms,
never a traceback.

Each row puts one text into the measure or the plan `pmf init` wrote (replacing the line or lines
named) and expects the message shown for that file. The rows marked "was:" gave a false, misplaced
or technical message before.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from typer.testing import CliRunner

from pmf.cli import app
from pmf.wording import short
from pmf.yamlio import load_fast
from pmf.yamlscreen import YamlProblem

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})

MEASURE = "plans/example/measures/EX-01.yaml"
PLAN = "plans/example/plan-2026-27.yaml"
RISK = "plans/example/risks/RSK-EX-01.yaml"

# Lines of the files pmf init writes, which the rows change
TITLE = "title: Title of the measure  # plain language, as it will appear in reports\n"
DESCRIPTION = "description: What this measure monitors and what the information is used for.\n"
SOURCE = "source: Where the data comes from, and when it must be taken from the source system.\n"
THRESHOLD = "  2026-27: {target: 70.0, tolerance: 65.0}\n"
THRESHOLDS = "thresholds:  # per financial year; tolerance: null means No Tolerance\n  2026-27: {target: 70.0, tolerance: 65.0}\n"
DECIMALS = "decimals: 1  # values are rounded half up to this many places before they are judged\n"
CABINET = "cabinet_members:\n  - Cabinet Member for the service\n"
MEASURES = "    performance_measures:  # measure ids of kind performance_measure, one a line\n      - EX-01\n"
BUDGETS = "  budgets_savings_assets: Implications of the plan for budgets, agreed savings and assets.\n"
WELLBEING = "wellbeing_statement: >-\n  The Head of Service's vision for the service and how its outcomes support the\n  well-being of people and communities.\n"
LEAD = "lead_officer: Role of the lead officer  # a role, e.g. Head of Waste Services\n"
OUTTURNS = "# outturns: one entry per period, oldest first; `pmf record` and `pmf import` add them here, e.g.\n"
ID = "id: EX-01  # letters, digits, - and _; must equal this file's name\n"
DATE = "date: 2026-11-26  # when this definition was agreed\n"
HEAD = "head_of_service: Head of Service  # a role\n"
OUTCOME = "  - outcome: resilient"

ROWS = [
    # was: 6:8: the '{' here is never closed: end it with '}' on the same line
    (
        MEASURE,
        TITLE,
        TITLE + "extra: {b\n : 1}\n",
        "6:9: the key 'b' and its ':' are not on one line: inside '{ }' write the key and its colon on one line",
    ),
    # was: 5:8: the '{' here is never closed: end it with '}' on the same line
    (
        MEASURE,
        TITLE,
        "title: {Title of\n  the measure: 1}\n",
        "5:9: the key 'Title of the measure' and its ':' are not on one line: inside '{ }' write the key and its colon on one line",
    ),
    # was: 8:5: YAML cannot read this; check the indentation, colons and quotes here (more indented follow up line than first in a block scalar)
    (
        MEASURE,
        DESCRIPTION,
        "description: |\n  \n    What this measure monitors.\n",
        "7:1: blank line 7 holds spaces, fewer than the text below it, which confuses where the block of text starts: empty the line (delete its spaces)",
    ),
    # was: 1:1: a value cannot begin with '<document end>': put the text in quotes
    (
        MEASURE,
        "",
        "...\n",
        "1:1: '...' marks the end of the file's content, and nothing comes before it: delete the line",
    ),
    # was: 1:1: a line starting with '%' is a YAML directive, which may stand only above the first line of the file's content, with a '---' line after it: delete it, or indent it under its key
    (
        MEASURE,
        "",
        "%YAML 1.2\n",
        "1:1: the file holds a YAML directive ('%YAML 1.2') and nothing else: write the file's keys and values below it, after a line '---', or delete it",
    ),
    # was: 5:1: this line has no colon: write it as 'key: value', or indent it further to continue the text above
    (
        MEASURE,
        TITLE,
        "title:Title of the measure\n",
        "5:6: 'title:' needs a space after its colon: write 'title: Title of the measure'",
    ),
    # was: 11:1: this line has no colon: write it as 'key: value', or indent it further to continue the text above
    (MEASURE, DECIMALS, "decimals:1\n", "11:9: 'decimals:' needs a space after its colon: write 'decimals: 1'"),
    (
        MEASURE,
        THRESHOLD,
        "\t2026-27: {target: 70.0, tolerance: 65.0}\n",
        "23:1: YAML indents with spaces, not tabs; replace the tab at column 1",
    ),
    # was: 5:7: YAML indents with spaces, not tabs; replace the tab at column 7
    (
        MEASURE,
        TITLE,
        "title:\tTitle of the measure\n",
        "5:7: YAML takes spaces, not tabs, inside a line: replace the tab at column 7 with a space",
    ),
    (
        MEASURE,
        TITLE,
        'title: "Title of the measure\n',
        "5:8: the quotation mark here is never closed: add the closing quote",
    ),
    # was: 17:63: the quoted text ends at the apostrophe just before this: inside single quotes write an apostrophe as ''
    (
        MEASURE,
        TITLE,
        "title: 'Title of the measure\n",
        "5:8: the quotation mark here is not closed on its line, so the text runs on to line 17: add the closing quote (inside single quotes, write an apostrophe as '')",
    ),
    (
        MEASURE,
        TITLE,
        'title: "The "big" measure"\n',
        '5:14: the quoted text ends at the quotation mark just before this: put text holding " in single quotes',
    ),
    (
        MEASURE,
        TITLE,
        "title: 'Council's plan'\n",
        "5:17: the quoted text ends at the apostrophe just before this: inside single quotes write an apostrophe as ''",
    ),
    (
        MEASURE,
        TITLE,
        "title: \"Title of the measure'\n",
        "5:8: the quotation mark here is never closed: add the closing quote",
    ),
    (
        PLAN,
        CABINET,
        CABINET + "- Another member\n",
        "9:1: a list item ('- ') where a key was expected: indent the list under the key that holds it",
    ),
    (
        PLAN,
        HEAD,
        "head_of_service: Head of Service\n- Deputy\n",
        "7:1: a list item ('- ') where a key was expected: indent the list under the key that holds it",
    ),
    (
        MEASURE,
        TITLE,
        "title: Waste: recycling\n",
        "5:13: a colon followed by a space starts a new key; put the text in quotes",
    ),
    (
        MEASURE,
        SOURCE,
        'source: "C:\\Data\\waste.xlsx"\n',
        "8:13: '\\D' has no meaning inside double quotes: use single quotes, or write a backslash as '\\\\'",
    ),
    # was: 5:8: the quotation mark here is never closed: add the closing quote
    (
        MEASURE,
        TITLE,
        'title: "Title of the measure\\"\n',
        "5:29: the '\\' just before the closing quotation mark makes that mark part of the text, so the quotation is never closed: write a backslash as '\\\\', or put the text in single quotes",
    ),
    # was: 5:14: a colon followed by a space starts a new key; put the text in quotes
    (
        MEASURE,
        TITLE,
        "title: “Waste: recycling”\n",
        "5:8: '“' is a curly quotation mark (as Word types it), which YAML does not take as a quotation mark: type straight quotation marks (\") instead",
    ),
    # was: 5:14: a colon followed by a space starts a new key; put the text in quotes
    (
        MEASURE,
        TITLE,
        "title: ‘Waste: recycling’\n",
        "5:8: '‘' is a curly quotation mark (as Word types it), which YAML does not take as a quotation mark: type straight quotation marks (\") instead",
    ),
    # was: 22:1: thresholds: needs a value
    (
        MEASURE,
        THRESHOLD,
        "\xa0 2026-27: {target: 70.0, tolerance: 65.0}\n",
        "23:1: \xa0 2026-27: '2026-27' holds a non-breaking space (as Word and web pages paste it), which YAML reads as text, not as a space or indentation: type ordinary spaces instead",
    ),
    # was: 5:1: this line has no colon: write it as 'key: value', or indent it further to continue the text above
    (
        MEASURE,
        TITLE,
        "title:\xa0Title of the measure\n",
        "5:6: the space after 'title:' is a non-breaking space (as Word and web pages paste it), which YAML does not take as a space: type an ordinary space",
    ),
    (MEASURE, TITLE, "title: % of waste recycled\n", "5:8: a value cannot begin with '%': put the text in quotes"),
    (MEASURE, LEAD, "lead_officer: @HeadOfWaste\n", "19:15: a value cannot begin with '@': put the text in quotes"),
    (MEASURE, TITLE, "title: `Title`\n", "5:8: a value cannot begin with '`': put the text in quotes"),
    (
        MEASURE,
        TITLE,
        "title: *Important* waste measure\n",
        "5:8: '*Important*' refers to '&Important*', which is not defined above it: write the value out, or put text starting with '*' in quotes",
    ),
    # was: 5:8: '&' at the start of a value names an anchor: put the text in quotes
    (MEASURE, TITLE, "title: & more\n", "5:8: a value cannot begin with '&': put the text in quotes"),
    (
        PLAN,
        CABINET,
        "cabinet_members:\n  - - Cabinet Member for the service\n",
        "8:5: cabinet_members[0]: must be text; found ['Cabinet Member for the service']",
    ),
    (
        MEASURE,
        DECIMALS,
        "  decimals: 1\n",
        "11:3: this line is not lined up with the lines above it: indent it by as many spaces as the key it belongs beside",
    ),
    (
        PLAN,
        BUDGETS,
        " budgets_savings_assets: Implications.\n",
        "16:20: a key cannot start here, inside the text of the line above: line this key up with the keys above it, or put the text in quotes",
    ),
    (MEASURE, DECIMALS, DECIMALS + "title: Again\n", "12:1: duplicate key 'title': each key may appear once"),
    (MEASURE, TITLE, "title: #1 priority\n", "5:1: title: needs a value"),
    # was: 5:16: a line of text where a key was expected: write it as 'key: value', or line it up with the keys above it
    (
        MEASURE,
        TITLE,
        "title: [Draft] Title of the measure\n",
        "5:8: a value starting with '[' is read as a list, which ends at its ']': put the whole text in quotes",
    ),
    # was: 5:16: a line of text where a key was expected: write it as 'key: value', or line it up with the keys above it
    (
        MEASURE,
        TITLE,
        "title: {Draft} Title of the measure\n",
        "5:8: a value starting with '{' is read as keys and values, which ends at its '}': put the whole text in quotes",
    ),
    # was: 5:8: YAML cannot read this; check the indentation, colons and quotes here (sequence entries are not allowed here)
    (
        MEASURE,
        TITLE,
        "title: - Title of the measure\n",
        "5:8: a list cannot start on the line of its key: put the text in quotes, or write each item on its own line below the key, indented, starting '- '",
    ),
    # was: 5:10: YAML cannot read this; check the indentation, colons and quotes here (while scanning a block scalar expected a comment or a line break, but found 'T')
    (
        MEASURE,
        TITLE,
        "title: > Title of the measure\n",
        "5:8: '>' at the start of a value begins a block of text on the lines below, and nothing may follow it on its line: put the text in quotes, or move it to the next line, indented",
    ),
    # was: 5:10: YAML cannot read this; check the indentation, colons and quotes here (while scanning a block scalar expected a comment or a line break, but found 'T')
    (
        MEASURE,
        TITLE,
        "title: | Title of the measure\n",
        "5:8: '|' at the start of a value begins a block of text on the lines below, and nothing may follow it on its line: put the text in quotes, or move it to the next line, indented",
    ),
    # was: 5:8: YAML cannot read this; check the indentation, colons and quotes here (mapping keys are not allowed here)
    (MEASURE, TITLE, "title: ? Title of the measure\n", "5:8: a value cannot begin with '? ': put the text in quotes"),
    (
        MEASURE,
        TITLE,
        'title: "Title" of the measure\n',
        '5:16: the quoted text ends at the quotation mark just before this: put text holding " in single quotes',
    ),
    (
        MEASURE,
        TITLE,
        "title Title of the measure\n",
        "5:1: this line has no colon: write it as 'key: value', or indent it further to continue the text above",
    ),
    # was: 20:5: this line is not lined up with the lines above it: indent it by as many spaces as the key it belongs beside
    (
        PLAN,
        OUTCOME,
        "  - outcome resilient",
        "19:5: this list item has no colon, yet the lines below it are indented as its keys: write it as 'key: value'",
    ),
    (
        PLAN,
        MEASURES,
        "    performance_measures:\n    - EX-01\n  - EX-02\n",
        "22:5: outcomes[1]: must be keys and values (outcome, indicators, performance_measures, activities); found 'EX-02'",
    ),
    (
        PLAN,
        MEASURES,
        "    performance_measures:\n      - EX-01\n        - EX-02\n",
        "21:9: outcomes[0].performance_measures[0]: 'EX-01 - EX-02' is not an identifier: use letters, digits, '-' and '_'",
    ),
    (
        MEASURE,
        TITLE,
        "title:\nTitle of the measure\n",
        "6:1: this line has no colon: write it as 'key: value', or indent it further to continue the text above",
    ),
    (
        MEASURE,
        THRESHOLD,
        "  2026-27: {target: 70.0 tolerance: 65.0}\n",
        "23:35: inside '{ }' entries are separated by commas, and text holding a comma or a colon needs quotes",
    ),
    (
        MEASURE,
        THRESHOLD,
        "  2026-27: {target: 70.0, tolerance: 65.0\n",
        "23:12: the '{' here is never closed: end it with '}' on the same line",
    ),
    # was: 23:24: thresholds.2026-27.5: unknown key '5'; allowed keys: target, tolerance, mid_year
    (
        MEASURE,
        THRESHOLD,
        "  2026-27: {target: 70,5, tolerance: 65.0}\n",
        "23:24: thresholds.2026-27.5: unknown key '5'; allowed keys: target, tolerance, mid_year; inside { } a comma separates entries: write a decimal number with a point, not a comma",
    ),
    (MEASURE, TITLE, "title:: Title\n", "5:1: title:: unknown key 'title:' (did you mean 'title'?)"),
    (
        PLAN,
        WELLBEING,
        "wellbeing_statement: >-\n  The Head of Service's vision for the service and how its outcomes support the\nwell-being of people and communities.\n",
        "11:1: this line has no colon: write it as 'key: value', or indent it further to continue the text above",
    ),
    (
        MEASURE,
        DESCRIPTION,
        "description: What this measure monitors\n  used for: reports\n",
        "7:11: a key cannot start here, inside the text of the line above: line this key up with the keys above it, or put the text in quotes",
    ),
    # was: 12:7: YAML cannot read this; check the indentation, colons and quotes here (sequence entries are not allowed here)
    (
        MEASURE,
        DECIMALS,
        DECIMALS + "tags: - a\n",
        "12:7: a list cannot start on the line of its key: put the text in quotes, or write each item on its own line below the key, indented, starting '- '",
    ),
    # was: 13:1: '---' starts a second document; pmf reads one per file: remove the line
    (
        MEASURE,
        DECIMALS,
        DECIMALS + "...\nmore: 1\n",
        "12:1: '...' marks the end of the file's content, and more follows it: delete the line",
    ),
    (
        MEASURE,
        DECIMALS,
        DECIMALS + "---\nmore: 1\n",
        "12:1: '---' starts a second document; pmf reads one per file: remove the line",
    ),
    # was: 8:3: a line of text where a key was expected: write it as 'key: value', or line it up with the keys above it
    (
        MEASURE,
        DESCRIPTION,
        "description: |\n      \n  What this measure monitors.\n",
        "7:1: blank line 7 holds more spaces than the text below it, which confuses where the block of text starts: empty the line (delete its spaces)",
    ),
    # was: 8:5: YAML cannot read this; check the indentation, colons and quotes here (more indented follow up line than first in a block scalar)
    (
        MEASURE,
        DESCRIPTION,
        "description: |\n  \n    What this measure monitors.\n",
        "7:1: blank line 7 holds spaces, fewer than the text below it, which confuses where the block of text starts: empty the line (delete its spaces)",
    ),
    (
        MEASURE,
        TITLE,
        'title: "Title of the measure\ndecimals2: 1\n',
        "5:8: the quotation mark here is never closed: add the closing quote",
    ),
    # was: 11:10: YAML indents with spaces, not tabs; replace the tab at column 10
    (
        MEASURE,
        DECIMALS,
        "decimals:\t1\n",
        "11:10: YAML takes spaces, not tabs, inside a line: replace the tab at column 10 with a space",
    ),
    (MEASURE, DECIMALS, "decimals: 1,\n", "11:11: decimals: must be a number; found '1,'"),
    (
        PLAN,
        MEASURES,
        "    performance_measures:\n      - EX-01\n      indicators: x\n",
        "22:7: a key where a list item was expected: start the line with '- ', or line it up with the key above the list",
    ),
    # was: 11:1: this line has no colon: write it as 'key: value', or indent it further to continue the text above
    (
        MEASURE,
        DECIMALS,
        '"decimals":1\n',
        "11:11: '\"decimals\":' needs a space after its colon: write '\"decimals\": 1'",
    ),
    # was: 5:8: the '{' here is never closed: end it with '}' on the same line
    (
        MEASURE,
        TITLE,
        "extra: {b\r\n : 1}\r\n",
        "5:9: the key 'b' and its ':' are not on one line: inside '{ }' write the key and its colon on one line",
    ),
    # was: 10:23: the quoted text ends at the apostrophe just before this: inside single quotes write an apostrophe as ''
    (
        PLAN,
        CABINET,
        "cabinet_members:\n  - 'Cabinet Member for the service\n",
        "8:5: the quotation mark here is not closed on its line, so the text runs on to line 10: add the closing quote (inside single quotes, write an apostrophe as '')",
    ),
    # was: 22:7: this line has no colon: write it as 'key: value', or indent it further to continue the text above
    (PLAN, MEASURES, MEASURES + "      -EX-02\n", "22:7: a list item needs a space after its '-': write '- EX-02'"),
    (
        MEASURE,
        THRESHOLD,
        "  2026-27: {target: 70.0, tolerance: 65.0}}\n",
        "23:43: a '}' with no opening bracket: remove it, or put the text in quotes",
    ),
    # was: 23:42: inside '[ ]' entries are separated by commas, and text holding a comma or a colon needs quotes
    (
        MEASURE,
        THRESHOLD,
        "  2026-27: [target: 70.0, tolerance: 65.0}\n",
        "23:42: this '}' closes a '[': end it with ']', or open it with '{'",
    ),
    (
        MEASURE,
        TITLE,
        'title: "Title" "Sub"\n',
        '5:16: the quoted text ends at the quotation mark just before this: put text holding " in single quotes',
    ),
    (
        MEASURE,
        DATE,
        "date: 2026-11-26  # agreed\n  by: x\n",
        "21:3: this line is not lined up with the lines above it: indent it by as many spaces as the key it belongs beside",
    ),
    # was: 8:3: a line of text where a key was expected: write it as 'key: value', or line it up with the keys above it
    (
        MEASURE,
        DESCRIPTION,
        "description: |\n    line one\n  line two\n",
        "8:3: this line is indented less than the block of text ('|') above it, which ends there: indent it as far as the lines above it",
    ),
    (
        MEASURE,
        THRESHOLD,
        "  2026-27:\n    target: 70.0\n   tolerance: 65.0\n",
        "25:4: this line is not lined up with the lines above it: indent it by as many spaces as the key it belongs beside",
    ),
    (
        PLAN,
        CABINET,
        "cabinet_members: [Cabinet Member for the service\n",
        "7:18: the '[' here is never closed: end it with ']' on the same line",
    ),
    (
        PLAN,
        CABINET,
        "cabinet_members: ['Cabinet Member, 'Deputy']\n",
        "7:37: inside '[ ]' entries are separated by commas, and text holding a comma or a colon needs quotes",
    ),
    (MEASURE, TITLE, TITLE + "\tmore: x\n", "6:1: YAML indents with spaces, not tabs; replace the tab at column 1"),
    (MEASURE, TITLE, TITLE + "title#: x\n", "6:1: title#: unknown key 'title#' (did you mean 'title'?)"),
    (
        MEASURE,
        OUTTURNS,
        "outturns:\n  - period: 2026-27 Q1\n    value: 66.2\n   comment: x\n",
        "27:4: this line is not lined up with the lines above it: indent it by as many spaces as the key it belongs beside",
    ),
    (
        MEASURE,
        OUTTURNS,
        "outturns:\n  - period: 2026-27 Q1\n  value: 66.2\n",
        "26:3: a key where a list item was expected: start the line with '- ', or line it up with the key above the list",
    ),
    (
        MEASURE,
        THRESHOLDS,
        "thresholds: {2026-27: {target: 70.0, tolerance: 65.0}\n",
        "22:13: the '{' here is never closed: end it with '}' on the same line",
    ),
    # was: 8:13: a line of text where a key was expected: write it as 'key: value', or line it up with the keys above it
    (
        PLAN,
        CABINET,
        "cabinet_members:\n  - [Draft] member\n",
        "8:5: a value starting with '[' is read as a list, which ends at its ']': put the whole text in quotes",
    ),
    (
        MEASURE,
        TITLE,
        'title: "Waste: recycling\n',
        "5:8: the quotation mark here is never closed: add the closing quote",
    ),
    (MEASURE, TITLE, "title: ,Waste\n", "5:8: a value cannot begin with ',': put the text in quotes"),
    (MEASURE, TITLE, "title: ] Waste\n", "5:8: a value cannot begin with ']': put the text in quotes"),
    (
        MEASURE,
        TITLE,
        "title: Waste description: x\n",
        "5:25: a colon followed by a space starts a new key; put the text in quotes",
    ),
    # was: 5:8: unknown tag !important: pmf reads plain values only; remove the tag
    (MEASURE, TITLE, "title: !important waste\n", "5:8: a value cannot begin with '!': put the text in quotes"),
    (
        MEASURE,
        TITLE,
        TITLE + "Waste: recycling: x\n",
        "6:17: a colon followed by a space starts a new key; put the text in quotes",
    ),
    (
        MEASURE,
        DESCRIPTION,
        "description: |\n  line one\n\tline two\n",
        "8:1: YAML indents with spaces, not tabs; replace the tab at column 1",
    ),
    # was: 5:8: YAML cannot read this; check the indentation, colons and quotes here (sequence entries are not allowed here)
    (
        MEASURE,
        TITLE,
        "title: -\n",
        "5:8: a list cannot start on the line of its key: put the text in quotes, or write each item on its own line below the key, indented, starting '- '",
    ),
    # was: 13:1: '---' starts a second document; pmf reads one per file: remove the line
    (
        MEASURE,
        DECIMALS,
        DECIMALS + "... \nmore: 1\n",
        "12:1: '...' marks the end of the file's content, and more follows it: delete the line",
    ),
    (
        MEASURE,
        TITLE,
        TITLE + '"a: b": c\n',
        "6:1: a: b: unknown key 'a: b'; allowed keys: id, kind, title, description, scope_and_definition, source, calculation, data_type, unit, decimals, aggregation, measure_type, frequency, first_year, formula, polarity, benchmarking, benchmark_code, validation, lead_officer, date, next_review_date, governance_areas, thresholds, outturns",
    ),
    # was: 4:1: a key cannot follow a line of text on its own: write every line at the left margin as 'key: value'
    (
        MEASURE,
        ID,
        "  id: EX-01\n",
        "3:3: the file's first key is indented, and the keys below it are not: write every key of the file at the left margin",
    ),
    (
        MEASURE,
        THRESHOLD,
        "  2026-27: {target: 70%, tolerance: 65%}\n",
        "23:21: thresholds.2026-27.target: must be a number; found '70%' (write the figure alone, without '£', '%' or commas: 70)",
    ),
    (MEASURE, LEAD, "lead_officer:\n  - @head\n", "20:5: a value cannot begin with '@': put the text in quotes"),
    (
        MEASURE,
        THRESHOLD,
        "  2026-27: {target: “70”, tolerance: 65.0}\n",
        "23:21: thresholds.2026-27.target: must be a number; found '“70”'",
    ),
    # was: 1:1: 'title' is required
    (
        MEASURE,
        TITLE,
        "title\xa0: Title of the measure\n",
        "5:1: title\xa0: 'title' holds a non-breaking space (as Word and web pages paste it), which YAML reads as text, not as a space or indentation: type ordinary spaces instead",
    ),
    # was: 8:5: YAML cannot read this; check the indentation, colons and quotes here (more indented follow up line than first in a block scalar)
    (
        MEASURE,
        DESCRIPTION,
        "description: |\r\n  \r\n    What this measure monitors.\r\n",
        "7:1: blank line 7 holds spaces, fewer than the text below it, which confuses where the block of text starts: empty the line (delete its spaces)",
    ),
    # was: 23:12: the '[' here is never closed: end it with ']' on the same line
    (
        MEASURE,
        THRESHOLD,
        "  2026-27: [target\n : 70.0]\n",
        "23:13: the key 'target' and its ':' are not on one line: inside '[ ]' write the key and its colon on one line",
    ),
    # was: 23:13: YAML cannot read this; check the indentation, colons and quotes here (while parsing a flow node expected the node content, but found ',')
    (
        MEASURE,
        THRESHOLD,
        "  2026-27: {, target: 70.0, tolerance: 65.0}\n",
        "23:13: an entry in brackets is empty here: remove the extra ','",
    ),
    # was: 12:3: a line of text where a key was expected: write it as 'key: value', or line it up with the keys above it
    (
        MEASURE,
        DECIMALS,
        "decimals: 1  # values are rounded half up to this many places\n  before they are judged\n",
        "12:3: a comment ('#') ends with its line: if this line goes on with the comment above, start it with '#' too",
    ),
    # was: 5:8: unknown tag !!important: pmf reads plain values only; remove the tag
    (
        MEASURE,
        TITLE,
        "title: !!important\n",
        "5:8: '!!important' asks for a kind of value pmf does not read: remove it (pmf reads text, numbers, dates, "
        "true or false, lists, and keys with values)",
    ),
    # was: 4:5: a key cannot start here, inside the text of the line above: line this key up with the keys above it, or put the text in quotes
    (MEASURE, ID, "id:EX-01\n", "3:3: 'id:' needs a space after its colon: write 'id: EX-01'"),
    # was: 8:3: cabinet_members: must be a list (lines starting '- ', or [a, b]); found '\u2013 Cabinet Member for the service'
    (
        PLAN,
        CABINET,
        "cabinet_members:\n  \u2013 Cabinet Member for the service\n",
        "8:3: cabinet_members: must be a list (lines starting '- ', or [a, b]); found '\u2013 Cabinet Member for the "
        "service' ('\u2013' does not start a list item as '-' does: type '- ')",
    ),
    # was: 5:1: ti\u200btle: unknown key 'ti\u200btle' (did you mean 'title'?)
    (
        MEASURE,
        TITLE,
        "ti\u200btle: Title of the measure\n",
        "5:1: ti\u200btle: 'title' holds an invisible character (U+200B, as web pages and chat messages paste it): "
        "delete the key and type it again",
    ),
    # was: 5:1: null: unknown key 'null'; allowed keys: id, kind, title, ...
    (
        MEASURE,
        TITLE,
        ": Title\n",
        "5:1: null: a key is missing before the ':' here: write the key's name before the colon",
    ),
    # was: 18:41: sign_off.Housing: unknown key 'Housing'; allowed keys: approved_by, date, role
    (
        PLAN,
        "outcomes:\n",
        "sign_off: {approved_by: Cabinet Member, Housing, date: 2026-03-24}\noutcomes:\n",
        "18:41: sign_off.Housing: unknown key 'Housing'; allowed keys: approved_by, date, role; inside { } a comma "
        "ends a text: put the whole text with its comma in quotes",
    ),
    # was: 5:13: a colon followed by a space starts a new key; put the text in quotes
    (MEASURE, TITLE, "title: Waste:\n", "5:13: a colon at the end of a line starts a new key; put the text in quotes"),
    # was: 23:13: YAML cannot read this; check the indentation, colons and quotes here (while parsing a flow node expected the node content, but found '-')
    (
        MEASURE,
        THRESHOLD,
        "  2026-27: {- target: 70.0}\n",
        "23:13: inside '[ ]' or '{ }' an entry cannot start with '- ': separate entries with commas, or put the text "
        "in quotes",
    ),
    # was: 20:5: this line is not lined up with the lines above it: indent it by as many spaces as the key it belongs beside
    (
        PLAN,
        OUTCOME,
        "  -outcome: resilient",
        "19:3: a list item needs a space after its '-': write '- outcome: resilient'",
    ),
    # was: 20:5: this line is not lined up with the lines above it: indent it by as many spaces as the key it belongs beside
    (
        PLAN,
        OUTCOME,
        "  -\xa0outcome: resilient",
        "19:3: the space after this '-' is a non-breaking space (as Word and web pages paste it), which YAML does not "
        "take as a space: type an ordinary space",
    ),
    # was: 21:7: outcomes[0].performance_measures: must be a list (lines starting '- ', or [a, b]); found '-EX-01'
    (
        PLAN,
        MEASURES,
        "    performance_measures:\n      -EX-01\n",
        "21:7: outcomes[0].performance_measures: must be a list (lines starting '- ', or [a, b]); found '-EX-01' "
        "(a list item needs an ordinary space after its '-': write '- ')",
    ),
    # was: 19:3: this list item is not lined up with the items above it: indent it by as many spaces as they are
    (
        RISK,
        "#   - date: 2026-11-26\n",
        "  - date: 2026-11-26\n",
        "19:3: this list item follows a key that already has its value: put the list under a key of its own "
        "('name:' on the line above it, with nothing after the colon)",
    ),
    (
        RISK,
        "inherent: {likelihood: 4, impact: 4}  # before controls\n",
        "inherent: {likelihood\n  : 4, impact: 4}\n",
        "8:12: the key 'likelihood' and its ':' are not on one line: inside '{ }' write the key and its colon on one line",
    ),
    # was: 5:9: YAML cannot read this; check the indentation, colons and quotes here (while parsing an tag expected URI, but found '>')
    (MEASURE, TITLE, "title: !>Important\n", "5:8: a value cannot begin with '!': put the text in quotes"),
    # was: 12:5: YAML cannot read this; check the indentation, colons and quotes here (found non-comment content after document end marker, ...)
    (
        MEASURE,
        DECIMALS,
        DECIMALS + "... more\n",
        "12:1: '...' marks the end of the file's content, and text follows it: delete the '...'",
    ),
    # was: 23:21: YAML cannot read this; check the indentation, colons and quotes here (while parsing a flow node expected the node content, but found ']')
    (
        MEASURE,
        THRESHOLD,
        "  2026-27: {target: ]70.0, tolerance: 65.0}\n",
        "23:21: a value cannot begin with ']': put the text in quotes",
    ),
]
IDS = [
    "brace-key-over-line",
    "brace-key-over-line-2",
    "block-blank-first-line-spaces",
    "dots-only",
    "yaml-directive-only",
    "no-space-after-colon",
    "key:value-number",
    "tab-indent",
    "tab-after-colon",
    "unclosed-double-quote",
    "unclosed-single-quote",
    "quote-inside-double",
    "apostrophe-in-single",
    "mismatched-quotes",
    "dash-among-keys",
    "dash-among-keys-2",
    "colon-in-title",
    "windows-path-double-quotes",
    "trailing-backslash",
    "smart-quotes-colon",
    "smart-single-quotes-colon",
    "nbsp-indent",
    "nbsp-after-colon",
    "percent-start",
    "at-start",
    "backtick-start",
    "star-start",
    "ampersand-start",
    "dash-dash-item",
    "over-indented-key",
    "under-indented-key",
    "duplicate-key",
    "hash-value",
    "bracket-start",
    "brace-start",
    "dash-value",
    "gt-value",
    "pipe-value",
    "question-value",
    "text-after-quote",
    "missing-colon",
    "missing-colon-in-list",
    "list-item-outdented-in-nested",
    "list-over-indented",
    "value-next-line-col0",
    "missing-comma-in-braces",
    "unclosed-brace",
    "decimal-comma-in-braces",
    "double-colon",
    "block-under-indented",
    "key-inside-text",
    "dash-on-same-line",
    "dots-in-middle",
    "dashes-in-middle",
    "block-blank-line-more-spaces",
    "block-blank-line-fewer-spaces",
    "unclosed-quote-multiline",
    "tab-in-middle-of-key-line",
    "comma-after-value",
    "mixed-dash-and-key-in-list",
    "colon-no-space-quoted-key",
    "crlf-brace-key-over-line",
    "unclosed-single-quote-in-list",
    "dash-without-space",
    "extra-closing-brace",
    "mismatched-brackets",
    "two-quoted-strings",
    "comment-then-indented-key",
    "block-second-line-less-indented",
    "nested-key-misaligned",
    "unclosed-bracket-eof",
    "quote-missing-in-flow-list",
    "tab-leading-line",
    "hash-in-key",
    "outturn-key-misaligned",
    "outturn-key-under-indented",
    "nested-flow-unclosed-eof",
    "bracket-list-item-text",
    "unclosed-quote-with-colon",
    "comma-start",
    "close-bracket-start",
    "two-keys-one-line",
    "bang-word",
    "key-with-colon-space",
    "block-tab-line",
    "dash-space-only-value",
    "dots-trailing-space",
    "quoted-key-colon-inside",
    "indented-first-line",
    "percent-in-braces",
    "at-in-list",
    "curly-quotes-around-key-value-list",
    "nbsp-before-colon",
    "crlf-blank-first-line",
    "brace-key-split-in-list",
    "empty-entry-in-braces",
    "comment-over-two-lines",
    "double-bang-value",
    "first-key-with-no-space-after-its-colon",
    "en-dash-as-list-marker",
    "zero-width-space-in-key",
    "empty-key-before-its-colon",
    "comma-in-braces-cutting-one-word",
    "colon-ending-a-value",
    "dash-inside-braces",
    "list-item-with-no-space-after-its-dash",
    "list-item-with-a-non-breaking-space-after-its-dash",
    "only-list-item-with-no-space-after-its-dash",
    "list-item-under-a-key-with-its-value",
    "risk-score-key-over-two-lines",
    "bang-and-bracket-starting-a-value",
    "text-after-dots",
    "closing-bracket-starting-a-value-in-braces",
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


@pytest.mark.parametrize(("file", "old", "new", "expected"), ROWS, ids=IDS)
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
    key=st.sampled_from(KEYS),
    value=st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 .,()-]{0,30}", fullmatch=True).map(str.rstrip),
    above=st.integers(min_value=0, max_value=3),
)
def test_a_key_with_no_space_after_its_colon_is_told_where_the_colon_is(key: str, value: str, above: int) -> None:
    text = "".join(f"k{i}: v\n" for i in range(above)) + f"{key}:{value}\nnext: 1\n"
    with pytest.raises(YamlProblem) as problem:
        load_fast(text)
    assert (problem.value.line, problem.value.col, problem.value.message) == (
        above + 1,
        len(key) + 1,
        f"'{key}:' needs a space after its colon: write '{key}: {short(value)}'",
    )


DEMO = Path(__file__).parent.parent
ASC = "plans/adult-social-care/measures/ASC-03.yaml"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo council in plans/."""
    root = tmp_path_factory.mktemp("demo") / "council"
    shutil.copytree(DEMO / "plans", root / "plans")
    shutil.copy(DEMO / "pmf.yaml", root / "pmf.yaml")
    return root


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
    ],
)
def test_a_mistake_in_the_demo_is_told_at_its_place(
    demo: Path, old: str, new: str, below: int, col: int, message: str
) -> None:
    path = demo / ASC
    original = path.read_bytes()
    text = original.decode("utf-8")
    line = text[: text.index(old)].count("\n") + 1 + below
    path.write_bytes(text.replace(old, new, 1).encode("utf-8"))
    try:
        result = runner.invoke(app, ["validate", "--root", str(demo)])
    finally:
        path.write_bytes(original)
    assert result.exit_code == 1, result.output
    told = message.replace("{line}", str(line))
    assert f"{ASC}:{line}:{col}: {told}" in result.stderr.splitlines(), result.stderr
