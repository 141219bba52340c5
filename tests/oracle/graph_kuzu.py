"""Round trip of `lineage export graph` through Kuzu: load the CSV with the export's own schema
script, ask the headline question and six others in Cypher, compare with `lineage ask --format json`.

Usage: python3 tests/oracle/graph_kuzu.py LINEAGE_BINARY DATASET_DIR
"""

import os
import sys
import tempfile

import kuzu

from common import Lineage, Report, node_ids, quoted


def load(lineage, tmp):
    folder = os.path.join(tmp, "graph")
    lineage.run("export", "graph", "-o", folder)
    conn = kuzu.Connection(kuzu.Database(":memory:"))
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        # As the script's own comment says to run it.
        for statement in open("schema.cypher", encoding="utf-8").read().split(";\n"):
            if statement.strip():
                conn.execute(statement)
    finally:
        os.chdir(cwd)
    return conn


def cypher(conn, query, **params):
    result = conn.execute(query, params)
    rows = []
    while result.has_next():
        rows.append(tuple(result.get_next()))
    return rows


def split(text):
    return tuple(sorted(text.split(";"))) if text else ()


def headline(lineage, conn, report):
    question = "who may receive <data> and under which basis"
    for kind in ("data", "category"):
        for data in lineage.ids(kind):
            answer = lineage.ask(f"who may receive {quoted(data)} and under which basis")
            ours = []
            for row in answer["rows"]:
                route = row["route"]
                via = (route.get("via") or {}).get("id", "")
                bases = row["basis"] if isinstance(row["basis"], list) else []
                governing = tuple(sorted(b["basis"]["id"] for b in bases if b.get("governs")))
                for recipient in node_ids(row["recipient"]):
                    ours.append((recipient, route["route"], via, governing))
            theirs = [
                (r, route, via or "", split(bases))
                for r, route, via, bases in cypher(
                    conn,
                    "MATCH (d:Node {id: $d})-[m:MayReceive]->(r:Node) "
                    "RETURN r.id, m.route, m.via, m.bases",
                    d=data,
                )
            ]
            report.compare(question, data, ours, theirs)


def cell_ids(cell):
    """Node ids in a cell, or the ids of the bases in a basis cell."""
    if isinstance(cell, list) and cell and "basis" in cell[0]:
        return [b["basis"]["id"] for b in cell]
    return node_ids(cell)


def simple(lineage, conn, report, question, kind, column, query):
    """A question about each node of `kind`: the ids in `column` of lineage's answer against the
    ids the Cypher query returns."""
    for node in lineage.ids(kind):
        answer = lineage.ask(question.replace("<x>", quoted(node)))
        ours = [i for row in answer["rows"] for i in cell_ids(row[column])]
        theirs = [r[0] for r in cypher(conn, query, x=node)]
        report.compare(question, node, ours, theirs)


INCLUDED = "[:Edge*1..30 (r, n | WHERE r.kind = 'includes')]"

QUESTIONS = [
    ("basis of <x>", "purpose", "basis",
     "MATCH (p:Node {id: $x})-[e:Edge {kind: 'has-basis'}]->(b:Node) RETURN b.id "
     f"UNION MATCH (w:Node)-{INCLUDED}->(p:Node {{id: $x}}), "
     "(w)-[e:Edge {kind: 'has-basis'}]->(b:Node) RETURN b.id"),
    ("categories of <x>", "data", "category",
     "MATCH (d:Node {id: $x})-[e:Edge {kind: 'in-category'}]->(c:Node) RETURN c.id "
     f"UNION MATCH (w:Node)-{INCLUDED}->(d:Node {{id: $x}}), "
     "(w)-[e:Edge {kind: 'in-category'}]->(c:Node) RETURN c.id "
     f"UNION MATCH (d:Node {{id: $x}})-{INCLUDED}->(part:Node), "
     "(part)-[e:Edge {kind: 'in-category'}]->(c:Node) RETURN c.id"),
    ("what data does <x> use", "purpose", "data",
     "MATCH (d:Node)-[e:Edge {kind: 'used-for'}]->(p:Node {id: $x}) RETURN d.id "
     f"UNION MATCH (d:Node)-[e:Edge {{kind: 'used-for'}}]->(w:Node)-{INCLUDED}->(p:Node {{id: $x}}) "
     "RETURN d.id"),
    ("sources of <x>", "data", "source",
     "MATCH (s:Node)-[e:Edge {kind: 'collected-from'}]->(d:Node {id: $x}) RETURN s.id "
     "UNION MATCH (s:Node)-[e:Edge {kind: 'collected-from'}]->(c:Node)"
     "<-[i:Edge {kind: 'in-category'}]-(d:Node {id: $x}) RETURN s.id"),
]


def lists(lineage, conn, report):
    for kind in ("purpose", "recipient", "data"):
        theirs = [r[0] for r in cypher(conn, "MATCH (n:Node {kind: $k}) RETURN n.id", k=kind)]
        report.compare(f"list {kind}", kind, lineage.ids(kind), theirs)


def main():
    binary, data = sys.argv[1], sys.argv[2]
    lineage = Lineage(binary, data)
    report = Report("kuzu", os.path.basename(os.path.normpath(data)))
    with tempfile.TemporaryDirectory() as tmp:
        conn = load(lineage, tmp)
        headline(lineage, conn, report)
        for question, kind, column, query in QUESTIONS:
            simple(lineage, conn, report, question, kind, column, query)
        lists(lineage, conn, report)
    report.finish()


if __name__ == "__main__":
    main()
