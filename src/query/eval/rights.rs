//! The rights each legal basis opens under a regime, for the purposes of a question (a script's
//! `.rights`): computed from the basis statements behind the question, never from its answer's cells.

use super::{col, Context, Eval, BASIS, EVIDENCE, PURPOSE};
use crate::{
    answer::{Answer, Cell, Evidence, Row, NOT_STATED},
    dataset::Dataset,
    dsar::regime::Regime,
    query::ast::{Query, Region, Statement},
    relation::{self, BasisStatement, Relations},
};

/// Why `.rights` cannot follow a question.
pub const RIGHTS_NEED: &str =
    "`purposes of <data>`, `what data does <purpose> use` or `basis of <purpose>` before `.rights`";

/// The rights each basis behind `statement` opens under `regime`; `None` when the question names no
/// purposes and bases (a `who may receive`, say).
pub fn rights(ds: &Dataset, statement: &Statement, regime: &Regime) -> Option<Answer> {
    let region = statement.region.as_ref().map(|r| match r {
        Region::Node(n) => relation::Region::Node(n.node),
        Region::Unmentioned { .. } => relation::Region::Elsewhere,
    });
    let rel = Relations::new(ds, region);
    let statements = match &statement.query {
        Query::PurposesOf { data } => rel.statements_for_data(Eval::data_node(data)),
        Query::DataFor { purpose }
        | Query::BasisOf {
            purpose: Some(purpose),
        } => rel.statements(purpose.node),
        Query::BasisOf { purpose: None } => rel.all_statements(),
        _ => return None,
    };
    let context = Context::default();
    let mut ev = Eval {
        ds,
        rel,
        statement,
        context: &context,
        answer: Answer::new(".rights"),
        given_flagged: 0,
        cells: super::cells::Cells::new(ds, super::no_basis_text(ds, statement)),
    };
    ev.rights_rows(statements, regime);
    Some(ev.answer)
}

/// The rights of one basis statement: the law each of its bases is under the regime, the rights they
/// open, and the evidence of each basis's kind.
#[derive(Default)]
struct Found {
    rights: Vec<String>,
    law: Vec<String>,
    /// Bases whose kind the notice does not state: no rights can be given for them.
    no_kind: Vec<String>,
    /// Bases of a kind this regime does not know.
    unknown: Vec<String>,
    evidence: Vec<Evidence>,
}

impl Eval<'_> {
    fn rights_rows(&mut self, statements: Vec<BasisStatement>, regime: &Regime) {
        const RIGHTS: crate::answer::Column = col("rights", "Rights it opens");
        const LAW: crate::answer::Column = col("law", "Law");
        self.start(
            "rights",
            format!(
                "The rights each legal basis opens under {}, for the purposes above",
                regime.name
            ),
            &[PURPOSE, BASIS, RIGHTS, LAW, EVIDENCE],
        );
        let own = if self
            .ds
            .nodes_of_kind(crate::dataset::model::NodeKind::Right)
            .is_empty()
        {
            "the notice itself lists no rights"
        } else {
            "the rights the notice itself states are listed by `list rights`"
        };
        self.answer.notes.push(format!(
            "the rights come from the regime ({}), matched to the bases the notice states; {own}",
            regime.title
        ));
        let statements: Vec<BasisStatement> = statements
            .into_iter()
            .filter(|s| self.keeps(std::slice::from_ref(&s.basis)))
            .collect();
        let mut unmatched: Vec<String> = Vec::new();
        let mut unkinded: Vec<String> = Vec::new();
        // Each row with its purpose's and its basis's sort keys.
        type Keyed = ((usize, usize), (usize, usize), Row);
        let mut rows: Vec<Keyed> = Vec::new();
        for s in &statements {
            let found = self.found(s, regime);
            unmatched.extend(found.unknown.iter().cloned());
            // Named in the answer's silences, so the report's completeness section lists them.
            unkinded.extend(found.no_kind.iter().cloned());
            let row = self.rights_row(s, found);
            rows.push((self.order(s.purpose), self.order(s.basis.basis), row));
        }
        rows.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        self.answer.rows = rows.into_iter().map(|(_, _, row)| row).collect();
        self.note_bases(statements.iter().map(|s| &s.basis));
        unmatched.sort();
        unmatched.dedup();
        if !unmatched.is_empty() {
            self.answer.notes.push(format!(
                "bases of a kind the regime does not list, so no rights are given for them: {}",
                unmatched.join("; ")
            ));
        }
        unkinded.sort();
        unkinded.dedup();
        if !unkinded.is_empty() {
            self.not_stated(format!(
                "which legal basis of the law these bases are, so no rights are given for them: {}",
                unkinded.join("; ")
            ));
        }
        if self.answer.rows.is_empty() {
            self.not_stated("no legal basis in the answer above".to_string());
        }
    }

    /// What the regime says of each basis a statement names (a delegated basis's readings included),
    /// by the basis's kind, never by its name.
    fn found(&self, s: &BasisStatement, regime: &Regime) -> Found {
        let mut found = Found::default();
        for b in s.basis.resolved() {
            let name = self.name(b);
            let Some(lb) = &self.ds.node(b).legal_basis else {
                found.no_kind.push(name.to_string());
                continue;
            };
            let evidence = self
                .cells
                .cited(&lb.provenance, "legal-basis", lb.derived.as_deref());
            if !found.evidence.contains(&evidence) {
                found.evidence.push(evidence);
            }
            let Some(rb) = regime.basis_of_kind(&lb.kind) else {
                found.unknown.push(format!("{name} ({})", lb.kind));
                continue;
            };
            found.law.push(format!("{name}: {}", rb.cite));
            for right in regime.rights_of(rb) {
                let text = format!("{} ({})", right.right, right.cite);
                if !found.rights.contains(&text) {
                    found.rights.push(text);
                }
            }
        }
        found
    }

    fn rights_row(&self, s: &BasisStatement, found: Found) -> Row {
        let bases = std::slice::from_ref(&s.basis);
        let rights = if !found.rights.is_empty() {
            Cell::Text(found.rights.join("; "))
        } else if !found.no_kind.is_empty() && found.law.is_empty() {
            Cell::NotStated(format!(
                "{NOT_STATED}: which legal basis of the law {} is",
                found.no_kind.join(", ")
            ))
        } else {
            let names: Vec<&str> = s.basis.resolved().iter().map(|&b| self.name(b)).collect();
            Cell::NotStated(format!(
                "the regime names no rights for {}",
                names.join(", ")
            ))
        };
        let law = if !found.law.is_empty() {
            Cell::Text(found.law.join("; "))
        } else if found.unknown.is_empty() {
            Cell::NotStated(NOT_STATED.into())
        } else {
            Cell::NotStated("not a basis the regime knows".into())
        };
        let mut evidence = self.cells.evidence(&[], bases);
        if let Cell::Evidence(list) = &mut evidence {
            list.extend(found.evidence);
        }
        Row(vec![
            self.cells.nodes(&[s.purpose]),
            self.cells.bases(bases),
            rights,
            law,
            evidence,
        ])
    }
}
