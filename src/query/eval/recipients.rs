//! The recipient questions: who may receive data, what a recipient receives and why, who processes
//! data, and the sharing matrix. All rest on the disclosures relation.

use std::{
    collections::BTreeMap,
    sync::{Arc, Mutex, PoisonError},
};

use petgraph::graph::NodeIndex;
use rustc_hash::{FxHashMap, FxHashSet};

use super::{
    cells::Cells, Eval, BASIS, CONDITIONS, DATA, EVIDENCE, NOTES, QUOTES, REASON, RECIPIENT, ROUTE,
};
use crate::{
    answer::{Cell, Column, Row, RowSource, Rows},
    dataset::model::{NodeKind, Party},
    query::ast::{Data, Named},
    relation::{absorb_evidence, group_by_shape, Cite, Disclosure, Route, Wanted},
};

/// A disclosure as a row shows it: the data it covers (several when rows differ only in their data),
/// and the facts that make it count for the recipient asked about.
struct Shown {
    data: Vec<NodeIndex>,
    d: Disclosure,
    /// `includes` facts linking the recipient asked about to the one the notice names.
    via: Vec<Cite>,
}

impl Eval<'_> {
    pub(super) fn who_may_receive(&mut self, data: &Data, with_basis: bool) {
        self.resolve_data(data);
        let with_basis = with_basis || self.filtered();
        let columns: &[Column] = if with_basis {
            &[RECIPIENT, DATA, ROUTE, BASIS, CONDITIONS, EVIDENCE, NOTES]
        } else {
            &[RECIPIENT, DATA, ROUTE, CONDITIONS, EVIDENCE, NOTES]
        };
        let title = format!(
            "Who may receive {}{}",
            self.data_label(data),
            if with_basis {
                ", and under which basis"
            } else {
                ""
            }
        );
        self.start("who-may-receive", title, columns);
        let scope = Self::data_node(data);
        let wanted = Wanted {
            recipients: None,
            bases: with_basis,
        };
        let facts = self.kept(self.rel.disclosures_wanted(scope, wanted));
        let single_item = scope.is_some_and(|n| self.ds.node(n).kind == NodeKind::Data)
            && self.rel.members(scope).len() == 1;
        let shown = if single_item {
            facts
                .into_iter()
                .map(|d| self.shown(d, Vec::new()))
                .collect()
        } else {
            self.grouped(facts)
        };
        let columns = self.reason_column(columns, &shown);
        self.disclosure_rows(shown, &columns);
        if let Some(item) = scope {
            self.note_categories(item);
        }
        if self.answer.rows.is_empty() {
            let what = format!("`{}` reach a recipient", self.data_name(data));
            self.not_stated(self.none_kept(what));
        }
    }

    pub(super) fn what_receives(&mut self, recipient: &Named) {
        self.resolve(recipient);
        let columns = [DATA, ROUTE, RECIPIENT, BASIS, CONDITIONS, EVIDENCE, NOTES];
        self.start(
            "what-receives",
            format!("What {} may receive", self.label(recipient.node)),
            &columns,
        );
        let shown = self.for_recipient(recipient.node, None);
        let columns = self.reason_column(&columns, &shown);
        self.disclosure_rows(shown, &columns);
        self.note_covered(recipient.node);
        if self.answer.rows.is_empty() {
            self.not_stated(format!(
                "no statement of the notice lets data reach `{}`",
                self.name(recipient.node)
            ));
        }
    }

    pub(super) fn why_receives(&mut self, recipient: &Named, data: &Data) {
        self.resolve(recipient);
        self.resolve_data(data);
        let columns = [
            RECIPIENT, DATA, ROUTE, BASIS, CONDITIONS, QUOTES, EVIDENCE, NOTES,
        ];
        let title = format!(
            "Why {} may receive {}",
            self.label(recipient.node),
            self.data_label(data)
        );
        self.start("why-receives", title, &columns);
        let shown = self.for_recipient(recipient.node, Some(data));
        let columns = self.reason_column(&columns, &shown);
        self.disclosure_rows(shown, &columns);
        self.note_covered(recipient.node);
        if let Some(item) = Self::data_node(data) {
            self.note_categories(item);
        }
        if self.answer.rows.is_empty() {
            let what = format!(
                "`{}` reach `{}`",
                self.data_name(data),
                self.name(recipient.node)
            );
            self.not_stated(self.none_kept(what));
        }
    }

    pub(super) fn processors_of(&mut self, data: &Data) {
        self.resolve_data(data);
        let columns = [RECIPIENT, DATA, ROUTE, QUOTES, EVIDENCE];
        self.start(
            "processors-of",
            format!("Named processors of {}", self.data_label(data)),
            &columns,
        );
        let processors: FxHashSet<NodeIndex> = self
            .ds
            .nodes_of_kind(NodeKind::Recipient)
            .iter()
            .copied()
            .filter(|&r| {
                let r = self.ds.node(r);
                r.party == Some(Party::Named) || r.role.as_deref() == Some("processor")
            })
            .collect();
        let wanted = Wanted {
            recipients: Some(&processors),
            bases: false,
        };
        let facts: Vec<Disclosure> = self
            .rel
            .disclosures_wanted(Self::data_node(data), wanted)
            .into_iter()
            .filter(|d| !matches!(d.route, Route::CategoryLevel(_) | Route::ItemLevel(_)))
            .collect();
        let shown = facts
            .into_iter()
            .map(|d| self.shown(d, Vec::new()))
            .collect();
        self.disclosure_rows(shown, &columns);
        if self.answer.rows.is_empty() {
            self.not_stated(format!(
                "the notice names no processor for `{}`",
                self.data_name(data)
            ));
        }
    }

    /// `sharing matrix`: for each recipient, the categories the notice lets it receive: stated at
    /// category level, or reached through a purpose (by the categories of the items it uses).
    pub(super) fn matrix(&mut self, data: &Data) {
        self.resolve_data(data);
        const STATED: Column =
            super::col("category_level", "Categories (category-level statements)");
        const THROUGH: Column =
            super::col("through_purposes", "Categories reached through purposes");
        let columns = [RECIPIENT, STATED, THROUGH, EVIDENCE];
        self.start(
            "sharing-matrix",
            format!("Categories of {} by recipient", self.data_label(data)),
            &columns,
        );
        // The categories stated, those reached, the evidence, and which of the two lists hold which
        // categories.
        type Entry = (
            Vec<NodeIndex>,
            Vec<NodeIndex>,
            Vec<Cite>,
            FxHashSet<(bool, NodeIndex)>,
        );
        let mut by_recipient: BTreeMap<((usize, usize), NodeIndex), Entry> = BTreeMap::new();
        let wanted = Wanted {
            recipients: None,
            bases: false,
        };
        let mut item_level = false;
        for d in self.rel.disclosures_wanted(Self::data_node(data), wanted) {
            let key = (self.order(d.recipient), d.recipient);
            let entry = by_recipient.entry(key).or_default();
            item_level |= matches!(d.route, Route::ItemLevel(_));
            let (list, list_kind, categories) = match d.route {
                Route::CategoryLevel(c) => (&mut entry.0, true, vec![c]),
                _ if self.ds.node(d.data).kind == NodeKind::Category => {
                    (&mut entry.1, false, vec![d.data])
                }
                _ => (
                    &mut entry.1,
                    false,
                    self.rel
                        .categories_of(d.data)
                        .iter()
                        .map(|m| m.category)
                        .collect(),
                ),
            };
            for c in categories {
                if entry.3.insert((list_kind, c)) {
                    list.push(c);
                }
            }
            entry.2.extend(d.cites);
            entry
                .2
                .extend(d.bases.iter().flat_map(|b| b.cites.iter().copied()));
        }
        for ((_, recipient), (stated, through, cites, _)) in by_recipient {
            self.matrix_row(recipient, &stated, &through, cites);
        }
        if item_level {
            self.answer.notes.push(
                "the categories of items that item-level statements let a recipient receive are counted among those reached through purposes".into(),
            );
        }
        if let Some(item) = Self::data_node(data) {
            self.note_categories(item);
        }
        self.note_uncategorised(data);
    }

    /// The items a recipient may receive that the notice places in no category: the matrix, made of
    /// categories, cannot show them, so it says so rather than drop them.
    fn note_uncategorised(&mut self, data: &Data) {
        let wanted = Wanted {
            recipients: None,
            bases: false,
        };
        let mut by_recipient: BTreeMap<((usize, usize), NodeIndex), Vec<NodeIndex>> =
            BTreeMap::new();
        for d in self.rel.disclosures_wanted(Self::data_node(data), wanted) {
            let uncategorised = !matches!(d.route, Route::CategoryLevel(_))
                && self.ds.node(d.data).kind == NodeKind::Data
                && self.ds.node(d.data).stands_for.is_none()
                && self.rel.categories_of(d.data).is_empty();
            if uncategorised {
                let items = by_recipient
                    .entry((self.order(d.recipient), d.recipient))
                    .or_default();
                if !items.contains(&d.data) {
                    items.push(d.data);
                }
            }
        }
        for ((_, recipient), items) in by_recipient {
            let names: Vec<&str> = items.iter().map(|&i| self.name(i)).collect();
            self.not_stated(format!(
                "the notice places in no category the data it says `{}` may receive ({}), so they appear under no category here",
                self.name(recipient),
                names.join("; ")
            ));
        }
    }

    /// One row of the sharing matrix: the recipient, its categories stated and reached, the evidence.
    fn matrix_row(
        &mut self,
        recipient: NodeIndex,
        stated: &[NodeIndex],
        through: &[NodeIndex],
        mut cites: Vec<Cite>,
    ) {
        let cell = |list: &[NodeIndex]| {
            if list.is_empty() {
                Cell::NotStated("none".into())
            } else {
                self.cells.nodes(list)
            }
        };
        cites.sort_unstable();
        cites.dedup();
        let row = vec![
            self.cells.nodes(&[recipient]),
            cell(stated),
            cell(through),
            self.cells.evidence(&cites, &[]),
        ];
        self.answer.rows.push(Row(row));
    }

    // ----- shared by the recipient forms -----

    /// The columns, with a reason for sharing when some row has one.
    fn reason_column(&mut self, columns: &[Column], shown: &[Shown]) -> Vec<Column> {
        let any = shown.iter().any(|s| s.d.reason.is_some());
        self.with_column(columns, REASON, any)
    }

    /// The disclosures `where basis is` keeps.
    fn kept(&self, facts: Vec<Disclosure>) -> Vec<Disclosure> {
        facts.into_iter().filter(|d| self.keeps(&d.bases)).collect()
    }

    fn shown(&self, d: Disclosure, via: Vec<Cite>) -> Shown {
        Shown {
            data: vec![d.data],
            d,
            via,
        }
    }

    /// Disclosures that differ only in their data, as one row each.
    fn grouped(&self, facts: Vec<Disclosure>) -> Vec<Shown> {
        group_by_shape(
            facts,
            Disclosure::shape_hash,
            Disclosure::same_but_data,
            |d| d.data,
            |have, more| {
                absorb_evidence(
                    &mut have.cites,
                    &mut have.bases,
                    &more,
                    |d| &d.cites,
                    |d| &d.bases,
                )
            },
        )
        .into_iter()
        .map(|(data, d)| Shown {
            data,
            d,
            via: Vec::new(),
        })
        .collect()
    }

    /// The disclosures that reach `recipient`, a broader entry that includes it, or one of its parts,
    /// each with the `includes` facts that make it count; of `data`, or of anything.
    fn for_recipient(&self, recipient: NodeIndex, data: Option<&Data>) -> Vec<Shown> {
        let covered = self.rel.covered(recipient);
        let scope = data.and_then(Self::data_node);
        let recipients: FxHashSet<NodeIndex> = covered.iter().map(|c| c.recipient).collect();
        let wanted = Wanted {
            recipients: Some(&recipients),
            bases: true,
        };
        let facts: Vec<Disclosure> = self.kept(self.rel.disclosures_wanted(scope, wanted));
        let single_item = data.is_none()
            || scope.is_some_and(|n| {
                self.ds.node(n).kind == NodeKind::Data && self.rel.members(scope).len() == 1
            });
        let mut shown = if single_item {
            facts
                .into_iter()
                .map(|d| self.shown(d, Vec::new()))
                .collect()
        } else {
            self.grouped(facts)
        };
        let via: FxHashMap<NodeIndex, &Vec<Cite>> =
            covered.iter().map(|c| (c.recipient, &c.cites)).collect();
        for s in &mut shown {
            if let Some(&cites) = via.get(&s.d.recipient) {
                s.via = cites.clone();
            }
        }
        shown
    }

    /// One row per shown disclosure: unflagged rows first, then by route (category-level,
    /// processor, purpose), recipient, what the route goes through, and data.
    fn disclosure_rows(&mut self, mut shown: Vec<Shown>, columns: &[Column]) {
        // Category-level statements first (the notice's own sharing table), then the routes by name.
        let rank = |r: Route| r.name();
        let via_name = |r: Route| match r {
            Route::CategoryLevel(n) | Route::ItemLevel(n) | Route::Purpose(n) => {
                Some(self.order(n))
            }
            Route::Processor => None,
        };
        shown.sort_by_cached_key(|s| {
            (
                !s.d.flags.is_empty(),
                rank(s.d.route),
                self.order(s.d.recipient),
                via_name(s.d.route),
                s.data.iter().map(|&n| self.order(n)).collect::<Vec<_>>(),
                s.d.recipient,
            )
        });
        let mut bases_seen = Vec::new();
        let mut rows = Vec::with_capacity(shown.len());
        for s in shown {
            // Made with the answer, not when read: the answer's notes count the rows they mark.
            let given = self.given_notes(&s.d.bases, &s.d.conditions);
            if columns.contains(&BASIS) {
                // The note on bases reads only whether a basis is delegated and whether it has
                // regions: one basis of each kind is kept, not every row's (with its evidence).
                for b in &s.d.bases {
                    let kind = (b.delegation.is_some(), b.regions.is_empty());
                    if !bases_seen.iter().any(|seen: &crate::relation::Basis| {
                        (seen.delegation.is_some(), seen.regions.is_empty()) == kind
                    }) {
                        bases_seen.push(b.clone());
                    }
                }
            }
            rows.push((s, given));
        }
        // The callers start the answer just before: it has no rows yet.
        self.answer.rows = Rows::deferred(Arc::new(DisclosureRows {
            keys: columns.iter().map(|c| c.key).collect(),
            rows,
            cells: Mutex::new(self.cells.fresh()),
        }));
        if columns.contains(&BASIS) {
            self.note_bases(bases_seen.iter());
        }
    }

    fn note_covered(&mut self, recipient: NodeIndex) {
        let others: Vec<String> = self
            .rel
            .covered(recipient)
            .iter()
            .filter(|c| c.recipient != recipient)
            .map(|c| format!("`{}`", self.name(c.recipient)))
            .collect();
        if !others.is_empty() {
            self.answer.notes.push(format!(
                "also counted, as the notice's broader or narrower entries for this recipient: {}",
                others.join(", ")
            ));
        }
    }

    /// For an item in several categories: say so, since each category's statements count.
    pub(super) fn note_categories(&mut self, data: NodeIndex) {
        if self.ds.node(data).kind != NodeKind::Data {
            return;
        }
        let categories = self.rel.categories_of(data);
        if categories.len() < 2 {
            return;
        }
        let names: Vec<String> = categories
            .iter()
            .map(|m| {
                let derived = m
                    .cites
                    .iter()
                    .any(|&c| self.cells.evidence_of(c).derived.is_some());
                format!(
                    "{}{}",
                    self.name(m.category),
                    if derived { " (derived)" } else { "" }
                )
            })
            .collect();
        self.answer.notes.push(format!(
            "{} sits in {} data categories: {}; the statements of each count",
            self.name(data),
            categories.len(),
            names.join(", ")
        ));
    }
}

impl Eval<'_> {
    /// What an answer with no row says it found no statement of (`what`: "`<data>` reach …"): with
    /// `where basis is not stated`, that no route rests on no stated basis, never that there is no
    /// route; with `where basis is <basis>`, none under that basis.
    fn none_kept(&self, what: String) -> String {
        if self.statement.basis_not_stated {
            format!("a statement that lets {what} without a legal basis the notice states (every route it states rests on one)")
        } else if let Some(basis) = &self.statement.basis {
            format!(
                "a statement that lets {what} under {}",
                self.name(basis.node)
            )
        } else {
            format!("no statement of the notice lets {what}")
        }
    }
}

/// The rows of a disclosure answer, made only when read: each shown disclosure, with the notes on
/// what a requester has given that it calls for; its cells are made from it each time it is read.
struct DisclosureRows {
    /// The columns' keys, in order.
    keys: Vec<&'static str>,
    rows: Vec<(Shown, Vec<String>)>,
    cells: Mutex<Cells>,
}

impl RowSource for DisclosureRows {
    fn count(&self) -> usize {
        self.rows.len()
    }

    fn row(&self, i: usize) -> Row {
        // A row that panicked while being made left nothing half-made in the caches it shares.
        let cells = self.cells.lock().unwrap_or_else(PoisonError::into_inner);
        // invariant: `Rows` asks only for rows below `count()`.
        let (s, given) = &self.rows[i];
        let mut notes: Vec<String> = s.d.flags.iter().map(|f| cells.flag_text(f)).collect();
        notes.extend(given.iter().cloned());
        let cites: Vec<Cite> = s.d.cites.iter().chain(&s.via).copied().collect();
        let cells = self
            .keys
            .iter()
            .map(|&key| match key {
                "recipient" => cells.nodes(&[s.d.recipient]),
                "data" => cells.nodes(&s.data),
                "route" => cells.route(s.d.route),
                "basis" => cells.bases(&s.d.bases),
                "conditions" => cells.conditions(&s.d.conditions),
                "reason" => cells.reason(s.d.reason.as_deref()),
                "quotes" => {
                    let all: Vec<Cite> = cites
                        .iter()
                        .copied()
                        .chain(s.d.bases.iter().flat_map(|b| b.cites.iter().copied()))
                        .collect();
                    cells.quotes(&all)
                }
                "evidence" => cells.evidence(&cites, &s.d.bases),
                _ => Cell::Notes(std::mem::take(&mut notes)),
            })
            .collect();
        Row(cells)
    }
}
