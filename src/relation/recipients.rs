//! The recipient hierarchy: a recipient, the broader entries that include it, and its parts.

use petgraph::graph::NodeIndex;
use rustc_hash::FxHashSet;

use super::{Cite, Relations};

/// A recipient an answer about another recipient counts, and the `includes` facts that link them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Covered {
    pub recipient: NodeIndex,
    /// Empty for the recipient asked about.
    pub cites: Vec<Cite>,
}

impl Relations<'_> {
    /// The recipient, the broader entries that include it, and its parts: what a question about the
    /// recipient counts.
    pub fn covered(&self, recipient: NodeIndex) -> Vec<Covered> {
        let mut out: Vec<Covered> = Vec::new();
        let mut seen = FxHashSet::default();
        for (r, cites) in self
            .wholes(recipient)
            .into_iter()
            .chain(self.parts(recipient))
        {
            if seen.insert(r) {
                out.push(Covered {
                    recipient: r,
                    cites,
                });
            }
        }
        out
    }

    /// Whether a category-level statement naming `listed` covers `recipient`: it names the recipient
    /// or an entry that includes it.
    pub fn listed_covers(&self, listed: NodeIndex, recipient: NodeIndex) -> bool {
        if listed == recipient {
            return true;
        }
        if let Some(wholes) = self.recipient_wholes.borrow().get(&recipient) {
            return wholes.contains(&listed);
        }
        let wholes: Vec<NodeIndex> = self.wholes(recipient).into_iter().map(|(w, _)| w).collect();
        let covers = wholes.contains(&listed);
        self.recipient_wholes.borrow_mut().insert(recipient, wholes);
        covers
    }
}
