"""Write the programme dashboard's spreadsheet files.

    .venv/bin/python scripts/build_dashboard.py

The dashboard ("Class Mentors", in Odoo's Dashboards app) is data: one JSON
spreadsheet with live pivots, and a sample one shown while the database has
no application yet. Both are generated from the layout below so that the two
stay alike; edit here, run the script, commit the two JSON files.
"""

import json
from pathlib import Path

FILES = Path(__file__).resolve().parent.parent / "mentorship_odoo" / "data" / "files"
SHEET_ID = "mentorship-dashboard"
TERM_FILTER = "mentorship-filter-term"
DEPARTMENT_FILTER = "mentorship-filter-department"
GLOBAL_FILTERS = [
    {
        "id": TERM_FILTER,
        "type": "relation",
        "label": "Term",
        "modelName": "mentorship.term",
        "defaultValueDisplayNames": [],
    },
    {
        "id": DEPARTMENT_FILTER,
        "type": "relation",
        "label": "Department",
        "modelName": "hr.department",
        "defaultValueDisplayNames": [],
    },
]
FIELD_MATCHING = {
    TERM_FILTER: {"chain": "term_id", "type": "many2one"},
    DEPARTMENT_FILTER: {"chain": "department_id", "type": "many2one"},
}


def measure(field, aggregator="sum"):
    return {"id": f"{field}:{aggregator}", "fieldName": field, "aggregator": aggregator}


# (cell, title, pivot or None, row limit, sample rows)
# a pivot: model, domain, rows, columns, measures
SECTIONS = [
    (
        "A3",
        "Applications by state",
        {
            "model": "mentorship.application.report",
            "rows": [{"fieldName": "state"}],
            "measures": [measure("application_count")],
        },
        8,
        [["", "Applications (count)"], ["Submitted", 6], ["Confirmed", 14], ["Rejected", 2]],
    ),
    (
        "F3",
        "Review backlog by tier (waiting, days)",
        {
            "model": "mentorship.review.backlog",
            "rows": [{"fieldName": "tier"}],
            "measures": [
                measure("review_count"),
                measure("age_days", "avg"),
                measure("max_age_days", "max"),
            ],
        },
        6,
        [
            ["", "Reviews Waiting (count)", "Waiting (days)", "Longest Wait (days)"],
            ["Student Affairs Office", 3, 2, 4],
            ["Discipline Inspection Committee", 2, 5, 8],
        ],
    ),
    (
        "A15",
        "Confirmed mentors and classes by department",
        {
            "model": "mentorship.coverage.report",
            "rows": [{"fieldName": "department_id"}],
            "measures": [
                measure("mentor_count"),
                measure("class_count"),
                measure("mentored_class_count"),
            ],
        },
        15,
        [
            ["", "Confirmed Mentors (count)", "Classes (count)", "Classes with a Mentor (count)"],
            ["Mechanical Engineering", 6, 12, 6],
            ["Information Technology", 5, 10, 5],
        ],
    ),
    (
        "F15",
        "Student evaluations by department",
        {
            "model": "mentorship.student.evaluation",
            "rows": [{"fieldName": "department_id"}],
            "measures": [
                measure("__count"),
                measure("class_size"),
                measure("participant_count"),
                {
                    "id": "Participation:sum",
                    "fieldName": "Participation",
                    "aggregator": "sum",
                    "userDefinedName": "Participation",
                    "computedBy": {
                        "sheetId": SHEET_ID,
                        "formula": "=IFERROR(participant_count/class_size)",
                    },
                    "format": "0%",
                },
                measure("mean_score", "avg"),
            ],
        },
        15,
        [
            ["", "Count", "Class Size", "Participants", "Participation", "Mean Score"],
            ["Mechanical Engineering", 6, 240, 210, "88%", 91.5],
            ["Information Technology", 5, 200, 170, "85%", 89.0],
        ],
    ),
    (
        "A35",
        "Handbook entries by guidance area (R-DUTY-3)",
        {
            "model": "mentorship.log.area.report",
            "domain": [["guidance_area_id", "!=", False]],
            "rows": [{"fieldName": "guidance_area_id"}],
            "measures": [measure("entry_count")],
        },
        12,
        [["", "Entries (count)"], ["Ideological guidance", 40], ["Academic coaching", 55]],
    ),
    (
        "F35",
        "Handbook entries by setting (R-DUTY-2)",
        {
            "model": "mentorship.log",
            "rows": [{"fieldName": "setting"}],
            "measures": [measure("__count")],
        },
        10,
        [["", "Count"], ["In the class", 60], ["In dormitories", 25], ["Online", 10]],
    ),
    (
        "A52",
        "Pass rate by department over terms (%)",
        {
            "model": "mentorship.evaluation.report",
            "rows": [{"fieldName": "department_id"}],
            "columns": [{"fieldName": "term_id"}],
            "measures": [measure("pass_rate", "avg")],
        },
        15,
        [
            ["", "2025-2026 Second term"],
            ["Mechanical Engineering", 83.3],
            ["Information Technology", 80.0],
        ],
    ),
    (
        "A76",
        "Quota compliance by department and month",
        {
            "model": "mentorship.compliance",
            "rows": [
                {"fieldName": "department_id"},
                {"fieldName": "month"},  # a date groups by month by default
            ],
            "measures": [measure("required"), measure("done"), measure("missing")],
        },
        40,
        [
            ["", "Required (count)", "Done (count)", "Missing (count)"],
            ["Mechanical Engineering", 120, 110, 10],
            ["Information Technology", 100, 96, 4],
        ],
    ),
    (
        "A124",
        "Ranking change, mentored and non-mentored classes (points; an association, "
        "not proof of cause)",
        {
            "model": "mentorship.effect.report",
            "domain": [["has_previous", "=", True]],
            "rows": [{"fieldName": "department_id"}],
            "columns": [{"fieldName": "cohort"}],
            "measures": [measure("compared_count"), measure("grade_change", "avg")],
        },
        15,
        [
            ["", "Mentored", "", "Not Mentored", ""],
            [
                "",
                "Classes Compared (count)",
                "Change in Grade (points)",
                "Classes Compared (count)",
                "Change in Grade (points)",
            ],
            ["Mechanical Engineering", 6, 4.2, 3, -1.5],
        ],
    ),
]


def _cell_ref(cell, row_offset=0, col_offset=0):
    letters = "".join(c for c in cell if c.isalpha())
    number = int("".join(c for c in cell if c.isdigit()))
    col = ord(letters) - ord("A") + col_offset
    return f"{chr(ord('A') + col)}{number + row_offset}"


def _base(version):
    return {
        "version": version,
        "sheets": [],
        "styles": {
            "1": {"textColor": "#01666b", "bold": True, "fontSize": 16},
            "2": {"textColor": "#434343", "bold": True, "fontSize": 11},
        },
        "formats": {},
        "borders": {},
        "revisionId": "START_REVISION",
        "uniqueFigureIds": True,
        "settings": {},
        "pivots": {},
        "pivotNextId": 1,
        "customTableStyles": {},
        "globalFilters": [],
        "lists": {},
        "listNextId": 1,
        "chartOdooMenusReferences": {},
    }


def _sheet(cells, styles):
    return {
        "id": SHEET_ID,
        "name": "Dashboard",
        "colNumber": 11,
        "rowNumber": 150,
        "rows": {},
        "cols": {"0": {"size": 230}, "5": {"size": 230}},
        "merges": [],
        "cells": cells,
        "styles": styles,
        "formats": {},
        "borders": {},
        "conditionalFormats": [],
        "dataValidationRules": [],
        "figures": [],
        "tables": [],
        "areGridLinesVisible": False,
        "isVisible": True,
        "headerGroups": {"ROW": [], "COL": []},
        "comments": {},
    }


def _t(text):
    return '=_t("{}")'.format(text.replace('"', '\\"'))


def live():
    data = _base("18.5.10")
    cells = {"A1": _t("Class Mentors")}
    styles = {"A1": 1}
    for number, (cell, title, pivot, limit, _sample) in enumerate(SECTIONS, start=1):
        cells[cell] = _t(title)
        styles[cell] = 2
        cells[_cell_ref(cell, 1)] = f"=PIVOT({number}, {limit})"
        data["pivots"][str(number)] = {
            "type": "ODOO",
            "formulaId": str(number),
            "name": title,
            "model": pivot["model"],
            "domain": pivot.get("domain", []),
            "context": {},
            "rows": pivot["rows"],
            "columns": pivot.get("columns", []),
            "measures": pivot["measures"],
            "fieldMatching": FIELD_MATCHING,
        }
    data["pivotNextId"] = len(SECTIONS) + 1
    data["globalFilters"] = GLOBAL_FILTERS
    data["sheets"] = [_sheet(cells, styles)]
    return data


def sample():
    data = _base("18.4.14")
    cells = {"A1": _t("Class Mentors")}
    styles = {"A1": 1}
    for cell, title, _pivot, _limit, rows in SECTIONS:
        cells[cell] = _t(title)
        styles[cell] = 2
        for row_index, row in enumerate(rows, start=1):
            for col_index, value in enumerate(row):
                if value == "":
                    continue
                target = _cell_ref(cell, row_index, col_index)
                text = isinstance(value, str) and any(c.isalpha() for c in value)
                cells[target] = _t(value) if text else str(value)
    data["sheets"] = [_sheet(cells, styles)]
    return data


def main():
    FILES.mkdir(parents=True, exist_ok=True)
    for name, content in (
        ("mentorship_dashboard.json", live()),
        ("mentorship_sample_dashboard.json", sample()),
    ):
        with open(FILES / name, "w", encoding="utf-8") as handle:
            json.dump(content, handle, ensure_ascii=False, indent=1)
            handle.write("\n")


if __name__ == "__main__":
    main()
