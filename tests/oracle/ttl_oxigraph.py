"""Round trip of `lineage export ttl` through pyoxigraph: load the Turtle into an Oxigraph store,
ask the headline question and five others in SPARQL, compare with `lineage ask --format json`, and
check that every DPV term used is one the DPV release defines (tests/oracle/dpv-terms.txt).

Usage: python3 tests/oracle/ttl_oxigraph.py LINEAGE_BINARY DATASET_DIR
"""

import os
import sys

import pyoxigraph

from common import Lineage, Report, node_ids, quoted

PREFIXES = """
PREFIX dpv: <https://w3id.org/dpv#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX lin: <urn:lineage:vocab#>
"""


def sparql(store, query, **bindings):
    for name, value in bindings.items():
        query = query.replace(f"${name}", '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return [tuple(None if v is None else v.value for v in row) for row in store.query(PREFIXES + query)]


def headline(lineage, store, report):
    question = "who may receive <data> and under which basis"
    for kind in ("data", "category"):
        for data in lineage.ids(kind):
            answer = lineage.ask(f"who may receive {quoted(data)} and under which basis")
            ours = []
            for row in answer["rows"]:
                via = (row["route"].get("via") or {}).get("id", "")
                bases = row["basis"] if isinstance(row["basis"], list) else []
                governing = ";".join(sorted(b["basis"]["id"] for b in bases if b.get("governs")))
                for recipient in node_ids(row["recipient"]):
                    ours.append((recipient, row["route"]["route"], via, governing))
            theirs = sparql(store, """
                SELECT ?r ?route ?via (GROUP_CONCAT(?b; separator=";") AS ?bases) WHERE {
                  ?p a lin:Route ; dpv:hasPersonalData [ dct:identifier $d ] ;
                     dpv:hasRecipient [ dct:identifier ?r ] ; lin:route ?route .
                  OPTIONAL { ?p lin:via [ dct:identifier ?via ] }
                  OPTIONAL { ?p dpv:hasLegalBasis [ dct:identifier ?b ] }
                } GROUP BY ?p ?r ?route ?via""", d=data)
            theirs = [(r, route, via or "", ";".join(sorted(filter(None, (b or "").split(";")))))
                      for r, route, via, b in theirs]
            report.compare(question, data, ours, theirs)


QUESTIONS = [
    ("basis of <x>", "purpose", "basis", """
        SELECT ?b WHERE { ?w dct:hasPart* [ dct:identifier $x ] .
          ?w dpv:hasLegalBasis [ dct:identifier ?b ] . ?w a dpv:Purpose }"""),
    ("categories of <x>", "data", "category", """
        SELECT ?c WHERE {
          { ?w dct:hasPart* [ dct:identifier $x ] } UNION { [ dct:identifier $x ] dct:hasPart* ?w }
          ?w skos:broader [ dct:identifier ?c ] }"""),
    ("what data does <x> use", "purpose", "data", """
        SELECT ?d WHERE { ?w dct:hasPart* [ dct:identifier $x ] .
          [ dct:identifier ?d ] dpv:hasPurpose ?w }"""),
    ("sources of <x>", "data", "source", """
        SELECT ?s WHERE {
          { [ dct:identifier $x ] lin:collectedFrom [ dct:identifier ?s ] } UNION
          { [ dct:identifier $x ] skos:broader ?c . ?c lin:collectedFrom [ dct:identifier ?s ] } }"""),
]


def cell_ids(cell):
    if isinstance(cell, list) and cell and "basis" in cell[0]:
        return [b["basis"]["id"] for b in cell]
    return node_ids(cell)


def terms_exist(store, report):
    here = os.path.dirname(os.path.abspath(__file__))
    known = {l.strip() for l in open(os.path.join(here, "dpv-terms.txt"), encoding="utf-8")
             if l.strip() and not l.startswith("#")}
    used = set()
    for s, p, o, _ in store:
        for term in (s, p, o):
            value = getattr(term, "value", "")
            for ns, prefix in (("https://w3id.org/dpv#", "dpv:"),
                               ("https://w3id.org/dpv/legal/eu/gdpr#", "eu-gdpr:")):
                if isinstance(term, pyoxigraph.NamedNode) and value.startswith(ns):
                    used.add(prefix + value[len(ns):])
    report.compare("every DPV term used is in the DPV release", "all", sorted(used & known), sorted(used))


def main():
    binary, data = sys.argv[1], sys.argv[2]
    lineage = Lineage(binary, data)
    report = Report("oxigraph", os.path.basename(os.path.normpath(data)))
    store = pyoxigraph.Store()
    store.load(lineage.run("export", "ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    headline(lineage, store, report)
    for question, kind, column, query in QUESTIONS:
        for node in lineage.ids(kind):
            answer = lineage.ask(question.replace("<x>", quoted(node)))
            ours = [i for row in answer["rows"] for i in cell_ids(row[column])]
            theirs = [r[0] for r in sparql(store, query, x=node)]
            report.compare(question, node, ours, theirs)
    for kind, cls in (("purpose", "dpv:Purpose"), ("recipient", "dpv:Recipient")):
        theirs = [r[0] for r in sparql(store, f"SELECT ?i WHERE {{ ?n a {cls} ; dct:identifier ?i }}")]
        report.compare(f"list {kind}", kind, lineage.ids(kind), theirs)
    terms_exist(store, report)
    report.finish()


if __name__ == "__main__":
    main()
