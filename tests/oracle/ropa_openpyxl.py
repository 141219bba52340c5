"""Round trip of `lineage export ropa` through openpyxl: read the workbook (and the CSV, which
must hold the same cells), and compare the record's cells with `lineage ask --format json`.

Usage: python3 tests/oracle/ropa_openpyxl.py LINEAGE_BINARY DATASET_DIR
"""

import csv
import io
import os
import sys
import tempfile

import openpyxl

from common import Lineage, Report, node_ids, quoted


def workbook_rows(lineage, tmp, template):
    path = os.path.join(tmp, f"ropa-{template}.xlsx")
    lineage.run("export", "ropa", "--template", template, "--sheet", "xlsx", "-o", path)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    rows = [["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    text = lineage.run("export", "ropa", "--template", template).decode("utf-8")
    from_csv = list(csv.reader(io.StringIO(text)))
    if rows != from_csv:
        sys.exit(f"ropa {template}: the workbook and the CSV differ")
    return rows


def names(cell):
    return [] if cell == "not stated in the notice" else cell.split("; ")


def compare(lineage, rows, report):
    header, body, coverage = rows[0], rows[1:-1], rows[-1]
    col = {h: i for i, h in enumerate(header)}
    records = [{h: r[i] for h, i in col.items()} for r in body]
    purpose_ids = {}
    for row in lineage.ask("list purposes")["rows"]:
        purpose_ids.setdefault(row["name"], row["id"])

    # The headline question: who may receive the data (through this purpose) and under which basis.
    cache = {}
    for r in records:
        data, purpose = r["Data id"], r["Purpose id"]
        if data not in cache:
            cache[data] = lineage.ask(f"who may receive {quoted(data)} and under which basis")
        vias = {purpose} | {purpose_ids.get(n) for n in names(r["Business function"])}
        ours = [
            name
            for row in cache[data]["rows"]
            if row["route"]["route"] != "purpose" or row["route"]["via"]["id"] in vias
            for name in (n["name"] for n in row["recipient"])
        ]
        theirs = names(r["Categories of recipients"]) + names(r["Named recipients"])
        report.compare("who may receive <data> and under which basis", f"{purpose}/{data}", ours, theirs)

    # The data each purpose uses, and under which basis.
    by_purpose = {}
    for r in records:
        by_purpose.setdefault(r["Purpose id"], []).append(r)
    for purpose in lineage.ids("purpose"):
        answer = lineage.ask(f"what data does {quoted(purpose)} use")
        mine = by_purpose.get(purpose, [])
        ours = [i for row in answer["rows"] for i in node_ids(row["data"])]
        report.compare("what data does <purpose> use", purpose, ours, [r["Data id"] for r in mine])
        for r in mine:
            ours = [b["basis"]["id"] for row in answer["rows"] if r["Data id"] in node_ids(row["data"])
                    for b in (row["basis"] if isinstance(row["basis"], list) else []) if b.get("governs")]
            report.compare("basis of <data> for <purpose>", f"{purpose}/{r['Data id']}", ours,
                           names(r["Legal basis ids"]))
    report.compare("list purposes (that use data)", "all",
                   [p for p in lineage.ids("purpose")
                    if lineage.ask(f"what data does {quoted(p)} use")["rows"]],
                   list(by_purpose))

    # Sources and categories of each data the record names.
    categories = set(lineage.ids("category"))
    for data in sorted({r["Data id"] for r in records}):
        r = next(r for r in records if r["Data id"] == data)
        answer = lineage.ask(f"sources of {quoted(data)}")
        ours = [n["name"] for row in answer["rows"] for n in row["source"]]
        report.compare("sources of <data>", data, ours, names(r["Source of the personal data"]))
        if data in categories:
            continue
        answer = lineage.ask(f"categories of {quoted(data)}")
        ours = [n["name"] for row in answer["rows"] for n in row["category"]]
        report.compare("categories of <data>", data, ours, names(r["Categories of personal data"]))

    # The coverage row counts the cells the notice answers.
    for i, h in enumerate(header[1:], start=1):
        answered = sum(1 for r in body if r[i] != "not stated in the notice")
        report.compare("coverage", h, [coverage[i]], [f"{answered} of {len(body)}"])


def main():
    binary, data = sys.argv[1], sys.argv[2]
    lineage = Lineage(binary, data)
    report = Report("openpyxl", os.path.basename(os.path.normpath(data)))
    with tempfile.TemporaryDirectory() as tmp:
        compare(lineage, workbook_rows(lineage, tmp, "ico"), report)
        cnil = workbook_rows(lineage, tmp, "cnil")
        ico = workbook_rows(lineage, tmp, "ico")
        report.compare("cnil has the cells of ico", "all", [tuple(r[1:]) for r in ico[1:]],
                       [tuple(r[1:]) for r in cnil[1:-1]] + [tuple(ico[-1][1:])])
    report.finish()


if __name__ == "__main__":
    main()
