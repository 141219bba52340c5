//! The parsing of the route questions (`docs/QUERY_LANGUAGE.md`, "Routes from a source"): every
//! route by which data from a source may reach a recipient, and the recipients data from a source
//! (or from every source) may reach. An `impl` block on the parser, tried before the other forms:
//! each form is recognised by its first words, and when they do not match, nothing is consumed.

use super::{Parser, QueryError, Slot};
use crate::dataset::model::NodeKind;
use crate::query::ast::Query;
use crate::query::keywords::{form, Form};

/// The route questions as forms of the one keyword table (`query::keywords`, where
/// [`TABLES`](super::keywords::TABLES) registers them).
pub const ROUTE_FORMS: &[Form] = &[
    form("routes", "every|all route|routes from <source> to <recipient>"),
    form("routes", "every|all route|routes from <source> to <recipient> limit <number>"),
    form("routes", "every|all route|routes from <source> to <recipient> up to <number> step|steps|edge|edges"),
    form("routes", "every|all route|routes from <source> to <recipient> up to <number> step|steps|edge|edges limit <number>"),
    form("routes", "how can|could|may|might|does|do ?personal data|information from <source> reach <recipient>"),
    form("reachable", "recipients reachable from <source>"),
    form("reachable", "recipients reachable from <source> limit <number>"),
    form("reachable", "recipients reachable from any|every|each|all source|sources"),
    form("reachable", "recipients reachable from any|every|each|all source|sources limit <number>"),
    form("reachable", "which|what recipients can|could|may ?personal data|information from <source> reach"),
];

/// `error`, offering the question without its words from `start` on (a limit or bound that does
/// not read): the question asked in full.
fn without(error: QueryError, start: usize, parser: &Parser) -> QueryError {
    error.repairs(start..parser.query.len(), [String::new()])
}

/// The largest number `limit` and `up to … steps` take.
pub const MAX_ROUTE_NUMBER: u32 = 1_000_000_000;

/// The source of a route question: its name ends before `to`, `reach` or `limit`.
const ROUTE_SOURCE: Slot = Slot {
    kinds: &[NodeKind::Source],
    what: "a source",
    follow: &["to", "reach", "limit"],
};

/// The recipient of a route question: its name ends before `up` or `limit`.
const ROUTE_RECIPIENT: Slot = Slot {
    kinds: &[NodeKind::Recipient],
    what: "a recipient",
    follow: &["up", "limit"],
};

const MODALS: &[&str] = &["can", "could", "may", "might", "does", "do"];

impl Parser<'_> {
    /// The route question at the cursor, if its first words are one: `Ok(None)` (nothing
    /// consumed) when they are not.
    pub(super) fn route_form(&mut self) -> Result<Option<Query>, QueryError> {
        let ahead = |p: &Self, i: usize, words: &[&str]| {
            p.tokens
                .get(p.pos + i)
                .is_some_and(|t| words.iter().any(|w| t.is(w)))
        };
        if ahead(self, 0, &["every", "all"]) && ahead(self, 1, &["route", "routes"]) {
            self.eat_any(&["every", "all"]);
            self.eat_any(&["route", "routes"]);
            return self.every_route().map(Some);
        }
        if ahead(self, 0, &["how"]) && ahead(self, 1, MODALS) {
            let data_at = if ahead(self, 2, &["personal"]) { 3 } else { 2 };
            if ahead(self, data_at, &["data", "information"]) && ahead(self, data_at + 1, &["from"])
            {
                self.eat("how");
                self.eat_any(MODALS);
                return self.how_can_data_reach().map(Some);
            }
        }
        if ahead(self, 0, &["recipients"]) && ahead(self, 1, &["reachable"]) {
            self.eat("recipients");
            self.eat("reachable");
            return self.reachable().map(Some);
        }
        if ahead(self, 0, &["which", "what"])
            && ahead(self, 1, &["recipients"])
            && ahead(self, 2, &["can", "could", "may"])
        {
            self.eat_any(&["which", "what"]);
            self.eat("recipients");
            self.eat_any(&["can", "could", "may"]);
            self.eat("personal");
            self.expect_any(&["data", "information"], "`data from <source> reach`")?;
            self.expect_any(&["from"], "`from <source>`")?;
            let source = self.name(&ROUTE_SOURCE)?;
            self.expect_any(&["reach"], "`reach`")?;
            return Ok(Some(Query::Reachable {
                source: Some(source),
                limit: None,
            }));
        }
        Ok(None)
    }

    /// After `every route`: `from <source> to <recipient> [up to <n> steps] [limit <n>]`.
    fn every_route(&mut self) -> Result<Query, QueryError> {
        self.expect_any(&["from"], "`from <source> to <recipient>`")?;
        let source = self.name(&ROUTE_SOURCE)?;
        self.expect_any(&["to"], "`to <recipient>`")?;
        let recipient = self.name(&ROUTE_RECIPIENT)?;
        let mut steps = None;
        let up = self.here().start;
        if self.eat("up") {
            let what = "the most steps a route may take, such as `up to 4 steps`";
            let bound = self.expect_any(&["to"], "`to <number> steps`");
            steps = Some(
                bound
                    .and_then(|()| self.number(what))
                    .map_err(|e| without(e, up, self))?,
            );
            self.expect_any(&["step", "steps", "edge", "edges"], "`steps`")
                .map_err(|e| without(e, up, self))?;
        }
        let limit = self.limit()?;
        Ok(Query::Routes {
            source,
            recipient,
            steps,
            limit,
        })
    }

    /// After `how can`: `[personal] data from <source> reach <recipient>`.
    fn how_can_data_reach(&mut self) -> Result<Query, QueryError> {
        self.eat("personal");
        self.expect_any(&["data", "information"], "`data from <source>`")?;
        self.expect_any(&["from"], "`from <source>`")?;
        let source = self.name(&ROUTE_SOURCE)?;
        self.expect_any(&["reach"], "`reach <recipient>`")?;
        let recipient = self.name(&ROUTE_RECIPIENT)?;
        Ok(Query::Routes {
            source,
            recipient,
            steps: None,
            limit: None,
        })
    }

    /// After `recipients reachable`: `from <source>` or `from every source`, then `[limit <n>]`.
    fn reachable(&mut self) -> Result<Query, QueryError> {
        self.expect_any(&["from"], "`from <source>` or `from every source`")?;
        let every = self
            .tokens
            .get(self.pos)
            .is_some_and(|t| ["any", "every", "each", "all"].iter().any(|w| t.is(w)))
            && self
                .tokens
                .get(self.pos + 1)
                .is_some_and(|t| t.is("source") || t.is("sources"));
        let source = if every {
            self.eat_any(&["any", "every", "each", "all"]);
            self.eat_any(&["source", "sources"]);
            None
        } else {
            Some(self.name(&ROUTE_SOURCE)?)
        };
        let limit = self.limit()?;
        Ok(Query::Reachable { source, limit })
    }

    /// `limit <n>`, or nothing.
    fn limit(&mut self) -> Result<Option<u32>, QueryError> {
        let start = self.here().start;
        if self.eat("limit") {
            return match self.number("the most rows to show, such as `limit 20`") {
                Ok(n) => Ok(Some(n)),
                Err(e) => Err(without(e, start, self)),
            };
        }
        Ok(None)
    }

    /// A whole number from 1 to [`MAX_ROUTE_NUMBER`], written in digits.
    fn number(&mut self, what: &str) -> Result<u32, QueryError> {
        let value = self
            .peek()
            .filter(|t| t.kind == super::TokenKind::Word)
            .filter(|t| !t.text.is_empty() && t.text.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|t| t.text.parse::<u32>().ok())
            .filter(|n| (1..=MAX_ROUTE_NUMBER).contains(n));
        match value {
            Some(n) => {
                self.pos += 1;
                Ok(n)
            }
            None => Err(self.unexpected(format!(
                "{what}: a whole number from 1 to {MAX_ROUTE_NUMBER}"
            ))),
        }
    }
}
