//! `lint`: the findings of [`crate::lint`] as an answer, each with its kind, what the rows state, and
//! the rows on both sides.

use std::collections::BTreeMap;

use super::Eval;
use crate::{
    answer::{Cell, Column, Row},
    lint::{self, Kind},
};

const KIND: Column = super::col("kind", "Kind");
const ABOUT: Column = super::col("about", "About");
const FINDING: Column = super::col("finding", "Finding");
const ONE_SIDE: Column = super::col("one_side", "One side");
const OTHER_SIDE: Column = super::col("other_side", "Other side");

impl Eval<'_> {
    pub(super) fn lint(&mut self) {
        self.start(
            "lint",
            "Where the notice's own statements pull against each other".into(),
            &[KIND, ABOUT, FINDING, ONE_SIDE, OTHER_SIDE],
        );
        let findings = lint::lint(self.ds);
        let mut counts: BTreeMap<Kind, usize> = BTreeMap::new();
        for f in &findings {
            *counts.entry(f.kind).or_default() += 1;
            let other = if f.other_side.is_empty() {
                Cell::NotStated("the other side is the notice's silence (see Finding)".into())
            } else {
                Cell::Evidence(self.cells.evidence_list(&f.other_side))
            };
            let row = vec![
                Cell::Text(f.kind.id().to_string()),
                self.cells.nodes(&f.subjects),
                Cell::Text(f.text.clone()),
                Cell::Evidence(self.cells.evidence_list(&f.one_side)),
                other,
            ];
            self.answer.rows.push(Row(row));
        }
        self.answer.notes.push(
            "derived: each finding is the tool's comparison of the rows it cites; it says what they state, never why (docs/LINT.md lists the kinds and what each compares)".to_string(),
        );
        let summary: Vec<String> = Kind::ALL
            .iter()
            .map(|k| format!("{}: {}", k.id(), counts.get(k).copied().unwrap_or(0)))
            .collect();
        self.answer.notes.push(format!(
            "{} findings ({})",
            findings.len(),
            summary.join("; ")
        ));
        if findings.is_empty() {
            self.answer.notes.push(
                "no finding: where the kinds compare rows, the rows agree, or the notice makes no statement to compare with".to_string(),
            );
        }
    }
}
