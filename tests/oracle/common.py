"""Shared by the oracles: run `lineage`, read its JSON answers, compare and report.

The oracles load an export of `lineage` into a real engine (Kuzu, pyoxigraph, openpyxl) and check
that the engine's answers equal `lineage ask --format json`. They are test oracles, not runtime
dependencies: `cargo test` runs them when the packages are installed, `.ci/run` always.
"""

import json
import subprocess
import sys


class Lineage:
    def __init__(self, binary, data):
        self.binary = binary
        self.data = data

    def run(self, *args):
        cmd = [self.binary, "--data", self.data, *args]
        done = subprocess.run(cmd, capture_output=True)
        if done.returncode not in (0, 1):
            sys.exit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.decode()}")
        return done.stdout

    def ask(self, question):
        return json.loads(self.run("ask", question, "--format", "json"))

    def ids(self, kind):
        """The ids of the dataset's nodes of one kind (from `list`)."""
        plural = {"data": "data", "category": "categories", "purpose": "purposes",
                  "recipient": "recipients", "basis": "bases", "source": "sources"}[kind]
        answer = self.ask(f"list {plural}")
        return [row["id"] for row in answer["rows"]]


def node_ids(cell):
    """The ids in a cell of node references; none for a cell the notice leaves silent."""
    if isinstance(cell, list):
        return [n["id"] for n in cell if isinstance(n, dict) and "id" in n]
    return []


def quoted(node_id):
    return '"' + node_id.replace('"', '\\"') + '"'


class Report:
    """Counts per question; every difference is printed and fails the run."""

    def __init__(self, engine, dataset):
        self.engine = engine
        self.dataset = dataset
        self.counts = {}
        self.failures = []

    def compare(self, question, subject, ours, theirs):
        ours, theirs = sorted(set(ours)), sorted(set(theirs))
        asked, rows = self.counts.get(question, (0, 0))
        self.counts[question] = (asked + 1, rows + len(ours))
        if ours != theirs:
            self.failures.append(
                f"{question} [{subject}]:\n  lineage: {ours}\n  {self.engine}: {theirs}")

    def finish(self):
        for question, (asked, rows) in self.counts.items():
            print(f"{self.engine} {self.dataset}: {question}: {asked} asked, {rows} rows, same")
        for failure in self.failures:
            print("DIFFERENT " + failure)
        if self.failures:
            sys.exit(f"{self.engine} {self.dataset}: {len(self.failures)} answers differ")
        if not self.counts:
            sys.exit(f"{self.engine} {self.dataset}: no question compared")
