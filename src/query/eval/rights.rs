//! The rights each legal basis opens under a regime, for the purposes of a question (a script's
//! `.rights`): computed from the basis statements behind the question, never from its answer's cells.

use super::{col, Context, Eval, BASIS, EVIDENCE, PURPOSE};
use crate::{
    answer::{Answer, Cell, Row},
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
    };
    ev.rights_rows(statements, regime);
    Some(ev.answer)
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
        self.answer.notes.push(format!(
            "the rights come from the regime ({}), matched to the bases the notice states; the notice itself lists no rights",
            regime.title
        ));
        let statements: Vec<BasisStatement> = statements
            .into_iter()
            .filter(|s| self.keeps(std::slice::from_ref(&s.basis)))
            .collect();
        let mut unmatched: Vec<String> = Vec::new();
        // Each row with its purpose's and its basis's sort keys.
        type Keyed<'n> = ((String, &'n str), (String, &'n str), Row);
        let mut rows: Vec<Keyed> = Vec::new();
        for s in &statements {
            let named = s.basis.resolved();
            let mut rights: Vec<String> = Vec::new();
            let mut law = Vec::new();
            for &b in &named {
                let name = self.name(b);
                match regime.basis_named(name) {
                    Some(rb) => {
                        law.push(format!("{name}: {}", rb.cite));
                        for right in regime.rights_of(rb) {
                            let text = format!("{} ({})", right.right, right.cite);
                            if !rights.contains(&text) {
                                rights.push(text);
                            }
                        }
                    }
                    None => unmatched.push(name.to_string()),
                }
            }
            let names: Vec<&str> = named.iter().map(|&b| self.name(b)).collect();
            let bases = std::slice::from_ref(&s.basis);
            let row = Row(vec![
                self.nodes(&[s.purpose]),
                self.bases(bases),
                if rights.is_empty() {
                    Cell::NotStated(format!(
                        "the regime names no rights for {}",
                        names.join(", ")
                    ))
                } else {
                    Cell::Text(rights.join("; "))
                },
                if law.is_empty() {
                    Cell::NotStated("not a basis the regime knows".into())
                } else {
                    Cell::Text(law.join("; "))
                },
                self.evidence(&[], bases),
            ]);
            rows.push((self.order(s.purpose), self.order(s.basis.basis), row));
        }
        rows.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        self.answer.rows = rows.into_iter().map(|(_, _, row)| row).collect();
        self.note_bases(statements.iter().map(|s| &s.basis));
        unmatched.sort();
        unmatched.dedup();
        if !unmatched.is_empty() {
            self.answer.notes.push(format!(
                "bases the regime file does not name, so no rights are given for them: {}",
                unmatched.join("; ")
            ));
        }
        if self.answer.rows.is_empty() {
            self.not_stated("no legal basis in the answer above".to_string());
        }
    }
}
