//! Tokens → a [`Statement`], resolving names against the loaded dataset.
//!
//! Names may be quoted, or written bare: a bare name is the longest run of words that normalises to a
//! name, alias or id of the kinds the slot accepts. Failing that, words that begin exactly one name are
//! taken as that name; words that begin several are ambiguous, and the error lists them.

#[path = "parse_forms.rs"]
mod forms;
#[path = "parse_routes.rs"]
mod routes;

use std::collections::BTreeMap;

use petgraph::graph::NodeIndex;

use super::{
    ast::{Data, ListKind, Named, Query, Region, Statement, Target, ANY_DATA, LIST_WORDS},
    error::{QueryError, QueryErrorKind},
    keywords::{self, Slot as Takes},
    lex::{lex, Token, TokenKind},
    suggest,
};
use crate::{
    dataset::model::NodeKind,
    dataset::Dataset,
    names::{did_you_mean, nearest, nearest_names, normalize},
};

pub use forms::{AUDIT_FORMS, AUDIT_SUFFIXES};
pub use routes::{MAX_ROUTE_NUMBER, ROUTE_FORMS};

/// The longest bare name, in words: a longer run is not tried.
const MAX_NAME_WORDS: usize = 48;

/// Parses one query against `ds`. A question not understood is an error that offers whole questions
/// to ask instead ([`QueryError::suggestions`]), each of which parses on `ds`.
pub fn parse(
    ds: &Dataset,
    query: &str,
    params: &BTreeMap<String, String>,
) -> Result<Statement, QueryError> {
    parse_strict(ds, query, params).map_err(|e| suggest::with_suggestions(ds, query, params, e))
}

/// Parses one query against `ds`, with no suggestions on error.
pub fn parse_strict(
    ds: &Dataset,
    query: &str,
    params: &BTreeMap<String, String>,
) -> Result<Statement, QueryError> {
    parse_traced(ds, query, params).0
}

/// Parses one query against `ds`, without "did you mean" for an unknown name (whose search costs
/// most) and without suggestions: for `query::counsel`, which tries many readings and shows none of
/// their errors.
pub fn parse_unsuggested(
    ds: &Dataset,
    query: &str,
    params: &BTreeMap<String, String>,
) -> Result<Statement, QueryError> {
    parse_with(ds, query, params, false).0
}

/// [`parse_strict`], and the keywords it matched: each with the byte offset of its word in the query
/// (for the test that completion offers each keyword where the parser takes it).
pub fn parse_traced(
    ds: &Dataset,
    query: &str,
    params: &BTreeMap<String, String>,
) -> (Result<Statement, QueryError>, Vec<(usize, String)>) {
    parse_with(ds, query, params, true)
}

fn parse_with(
    ds: &Dataset,
    query: &str,
    params: &BTreeMap<String, String>,
    suggest: bool,
) -> (Result<Statement, QueryError>, Vec<(usize, String)>) {
    let tokens = match lex(query, params) {
        Ok(tokens) => tokens,
        Err(e) => return (Err(e), Vec::new()),
    };
    let mut parser = Parser {
        ds,
        query,
        tokens,
        pos: 0,
        trace: Vec::new(),
        suggest,
    };
    let statement = parser.statement();
    (statement, parser.trace)
}

/// What a name slot accepts.
struct Slot {
    kinds: &'static [NodeKind],
    /// For messages: "a data item or data category".
    what: &'static str,
    /// Words that may follow the name: an unknown bare name is taken to end before one of them.
    follow: &'static [&'static str],
}

const FILTER_WORDS: &[&str] = &["in", "where"];

/// A setting or condition a `what if … is off` question names.
const SETTING: Slot = Slot {
    kinds: &[NodeKind::Control, NodeKind::Condition],
    what: "a user control or condition (a setting)",
    follow: &["is", "was", "are"],
};

const DATA: Slot = Slot {
    kinds: &[NodeKind::Data, NodeKind::Category],
    what: "a data item or data category",
    follow: &[
        "and",
        "under",
        "with",
        "on",
        "in",
        "where",
        "used",
        "come",
        "comes",
        "kept",
        "stored",
        "retained",
        "collected",
        "processed",
        "to",
    ],
};
const RECIPIENT: Slot = Slot {
    kinds: &[NodeKind::Recipient],
    what: "a recipient",
    follow: &["receive", "receives", "get", "gets", "in", "where"],
};
const PURPOSE: Slot = Slot {
    kinds: &[NodeKind::Purpose],
    what: "a purpose",
    follow: &["use", "uses", "in", "where"],
};
const BASIS: Slot = Slot {
    kinds: &[NodeKind::Basis],
    what: "a legal basis",
    follow: &["in", "where"],
};
const SOURCE: Slot = Slot {
    kinds: &[NodeKind::Source],
    what: "a source",
    follow: &[],
};
const ANY: Slot = Slot {
    kinds: NodeKind::ALL,
    what: "the name or id of anything in the dataset",
    follow: &["to", "used", "in", "where"],
};

struct Parser<'a> {
    ds: &'a Dataset,
    query: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    /// The keywords matched, with the byte offset of each in the query.
    trace: Vec<(usize, String)>,
    /// Whether an unknown name gets "did you mean".
    suggest: bool,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    /// Whether the next token is the keyword `word`: a word of [`keywords::vocabulary`] only.
    fn peek_is(&self, word: &str) -> bool {
        debug_assert!(
            keywords::is_keyword(word),
            "`{word}` is not in the keyword table (src/query/keywords.rs)"
        );
        self.peek().is_some_and(|t| t.is(word))
    }

    fn eat(&mut self, word: &str) -> bool {
        if self.peek_is(word) {
            self.record(self.pos);
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_any(&mut self, words: &[&str]) -> bool {
        words.iter().any(|w| self.eat(w))
    }

    /// Notes that the token at `index` was read as a keyword.
    fn record(&mut self, index: usize) {
        let token = &self.tokens[index];
        self.trace
            .push((token.span.start, token.text.to_ascii_lowercase()));
    }

    /// The span of the next token, or the end of the query.
    fn here(&self) -> std::ops::Range<usize> {
        match self.peek() {
            Some(t) => t.span.clone(),
            None => self.query.len()..self.query.len(),
        }
    }

    fn unexpected(&self, expected: impl Into<String>) -> QueryError {
        let kind = match self.peek() {
            Some(t) => QueryErrorKind::Unexpected {
                found: t.text.clone(),
            },
            None => QueryErrorKind::EndsTooSoon,
        };
        let mut error = QueryError::new(kind, self.here()).expected(expected);
        // What the forms take here, after the words read so far.
        let before: Vec<&str> = self.tokens[..self.pos]
            .iter()
            .map(|t| match t.kind {
                TokenKind::Word => t.text.as_str(),
                TokenKind::Quoted => "\"name\"",
            })
            .collect();
        let next = keywords::next(&before);
        match self.peek() {
            Some(t) => {
                // A keyword mistyped, or words the question does not need.
                let words: Vec<&str> = next.words.iter().copied().collect();
                let near = nearest(&t.text, words, 2).into_iter().map(String::from);
                error = error
                    .repairs(t.span.clone(), near)
                    .repairs(t.span.start..self.query.len(), [String::new()]);
            }
            // A question that stops where it needs data or what to list: about everything.
            None => {
                let end = self.query.len()..self.query.len();
                for (slot, words) in [(Takes::Data, " any data"), (Takes::List, " purposes")] {
                    if next.slots.contains(&slot) {
                        error = error.repairs(end.clone(), [words.to_string()]);
                    }
                }
            }
        }
        error
    }

    fn expect_any(&mut self, words: &[&str], expected: &str) -> Result<(), QueryError> {
        if self.eat_any(words) {
            Ok(())
        } else {
            Err(self.unexpected(expected))
        }
    }

    fn statement(&mut self) -> Result<Statement, QueryError> {
        let query = self.query_form()?;
        let mut region = None;
        let mut basis = None;
        let mut basis_not_stated = false;
        while self.peek().is_some() {
            let start = self.here();
            let word_in = self.peek_is("in");
            if self.eat("in") || self.eat("for") {
                if region.is_some() {
                    return Err(QueryError::new(QueryErrorKind::SecondRegion, start)
                        .expected("one `in <region>`"));
                }
                region = Some(self.region(word_in)?);
            } else if self.eat("where") {
                self.eat("legal");
                self.expect_any(&["basis", "bases"], "`basis` after `where`")?;
                self.eat_any(&["is", "=", "includes", "include"]);
                if basis.is_some() || basis_not_stated {
                    return Err(QueryError::new(QueryErrorKind::SecondBasisFilter, start)
                        .expected("one `where basis is <basis>`"));
                }
                basis_not_stated = self.basis_not_stated();
                if basis_not_stated {
                    forms::silence_filter_fits(&query, start.start..self.here().start)?;
                } else {
                    basis = Some(self.name(&BASIS)?);
                }
            } else {
                return Err(self.unexpected(
                    "the end of the query, `in <region>` or `where basis is <basis>`",
                ));
            }
            if !query.has_bases() {
                return Err(QueryError::new(
                    QueryErrorKind::NothingToFilter,
                    start.start..self.here().start.max(start.end),
                )
                .expected("`in` and `where basis is` only after questions about recipients, purposes, data or bases"));
            }
        }
        Ok(Statement {
            query,
            region,
            basis,
            basis_not_stated,
        })
    }

    fn query_form(&mut self) -> Result<Query, QueryError> {
        let Some(first) = self.peek().cloned() else {
            return Err(QueryError::new(QueryErrorKind::Empty, 0..0).expected(FORMS));
        };
        if first.kind == TokenKind::Quoted {
            return Err(QueryError::new(QueryErrorKind::QuotedStart, first.span).expected(FORMS));
        }
        if let Some(query) = self.audit_form()? {
            return Ok(query);
        }
        if let Some(query) = self.route_form()? {
            return Ok(query);
        }
        self.pos += 1;
        let word = first.text.to_ascii_lowercase();
        if keywords::is_keyword(&word) {
            self.record(self.pos - 1);
        }
        match word.as_str() {
            "who" => self.who(),
            "recipients" => {
                self.expect_any(&["of", "for"], "`of`")?;
                self.who_may_receive()
            }
            "what" | "which" => self.what(),
            "why" => self.why(),
            "purposes" | "purpose" | "uses" => self.purposes(),
            "data" => {
                self.eat("used");
                self.expect_any(&["for", "of"], "`for <purpose>`")?;
                Ok(Query::DataFor {
                    purpose: self.name(&PURPOSE)?,
                })
            }
            "basis" | "bases" | "legal" => {
                if word == "legal" {
                    self.expect_any(&["basis", "bases"], "`basis`")?;
                }
                self.expect_any(&["of", "for"], "`of <purpose>`")?;
                Ok(Query::BasisOf {
                    purpose: self.purpose_or_every()?,
                })
            }
            "interests" | "interest" => {
                self.expect_any(&["of", "for"], "`of <purpose>`")?;
                Ok(Query::InterestsOf {
                    purpose: self.purpose_or_every()?,
                })
            }
            "sources" | "source" => self.of_data(&["of", "for"], |data| Query::SourcesOf { data }),
            "where" => self.where_from(),
            "categories" => self.of_data(&["of", "for"], |data| Query::CategoriesOf { data }),
            "items" => self.of_data(&["of", "in", "for"], |data| Query::ItemsOf { data }),
            "sharing" | "disclosure" => self.matrix(),
            "retention" => self.of_data(&["of", "for"], |data| Query::RetentionOf { data }),
            "how" => self.how_long(),
            "processors" => self.of_data(&["of", "for"], |data| Query::ProcessorsOf { data }),
            "path" | "paths" | "route" | "routes" => self.path(),
            "describe" | "explain" => Ok(Query::Describe {
                target: self.target()?,
            }),
            "list" | "show" | "all" => self.list(&word),
            _ => Err(unknown_question(&first)),
        }
    }

    /// `who may receive <data>`, `who processes <data>`.
    fn who(&mut self) -> Result<Query, QueryError> {
        self.eat_any(&[
            "may", "can", "could", "might", "will", "would", "does", "do",
        ]);
        if self.eat_any(&["process", "processes"]) {
            return Ok(Query::ProcessorsOf { data: self.data()? });
        }
        self.expect_any(
            &["receive", "receives", "get", "gets"],
            "`receive` or `processes`",
        )?;
        self.who_may_receive()
    }

    /// The rest of `who may receive` or `recipients of`: the data, then perhaps `under which basis`.
    fn who_may_receive(&mut self) -> Result<Query, QueryError> {
        let data = self.data()?;
        Ok(Query::WhoMayReceive {
            with_basis: self.basis_suffix()?,
            data,
        })
    }

    /// `why is <data> processed`, `why does <recipient> receive <data>`.
    fn why(&mut self) -> Result<Query, QueryError> {
        if self.eat_any(&["is", "are"]) {
            let data = self.data()?;
            self.expect_any(&["processed", "used", "collected"], "`processed` or `used`")?;
            return Ok(Query::PurposesOf { data });
        }
        self.expect_any(&["does", "do", "may", "can", "would", "will"], "`does`")?;
        let recipient = self.name(&RECIPIENT)?;
        self.expect_any(&["receive", "get"], "`receive`")?;
        Ok(Query::WhyReceives {
            recipient,
            data: self.data()?,
        })
    }

    /// `purposes of <data>`, `purposes based on <basis>`, `purposes with basis <basis>`.
    fn purposes(&mut self) -> Result<Query, QueryError> {
        if self.eat_any(&["of", "for"]) {
            return Ok(Query::PurposesOf { data: self.data()? });
        }
        if self.eat("based") {
            self.expect_any(&["on"], "`on`")?;
        } else {
            self.expect_any(
                &["with", "under", "on", "by"],
                "`of`, `with basis` or `based on`",
            )?;
            self.eat("legal");
            self.expect_any(&["basis"], "`basis`")?;
        }
        Ok(Query::PurposesWithBasis {
            basis: self.name(&BASIS)?,
        })
    }

    /// One of `words`, then data, made into a question by `form`.
    fn of_data(
        &mut self,
        words: &[&str],
        form: impl FnOnce(Data) -> Query,
    ) -> Result<Query, QueryError> {
        self.expect_any(words, "`of <data>`")?;
        Ok(form(self.data()?))
    }

    /// `where does <data> come from`, `where is <data> collected from`.
    fn where_from(&mut self) -> Result<Query, QueryError> {
        self.expect_any(&["does", "do", "is", "are"], "`does <data> come from`")?;
        let data = self.data()?;
        if !self.eat_any(&["come", "comes"]) {
            self.expect_any(&["collected"], "`come from`")?;
        }
        self.expect_any(&["from"], "`from`")?;
        Ok(Query::SourcesOf { data })
    }

    /// `sharing matrix [of <data>]`.
    fn matrix(&mut self) -> Result<Query, QueryError> {
        self.expect_any(&["matrix"], "`matrix`")?;
        let data = if self.eat_any(&["of", "for"]) {
            self.data()?
        } else {
            Data::Any
        };
        Ok(Query::Matrix { data })
    }

    /// `how long is <data> kept`.
    fn how_long(&mut self) -> Result<Query, QueryError> {
        self.expect_any(&["long"], "`long`")?;
        self.expect_any(&["is", "are", "do", "does"], "`is <data> kept`")?;
        self.eat_any(&["you", "they", "we"]);
        self.eat_any(&["keep", "store", "retain"]);
        let data = self.data()?;
        self.eat_any(&["kept", "stored", "retained"]);
        Ok(Query::RetentionOf { data })
    }

    /// `path from <name> to <name>`.
    fn path(&mut self) -> Result<Query, QueryError> {
        self.expect_any(&["from"], "`from <name> to <name>`")?;
        let from = self.name(&ANY)?;
        self.expect_any(&["to"], "`to <name>`")?;
        Ok(Query::Path {
            from,
            to: self.name(&ANY)?,
        })
    }

    /// `list <kind>`; `show <kind>`, or `show <name>` as `describe`.
    fn list(&mut self, word: &str) -> Result<Query, QueryError> {
        self.eat("all");
        match self.list_kind() {
            Some(kind) => Ok(Query::List { kind }),
            None if word == "show" => Ok(Query::Describe {
                target: self.target()?,
            }),
            None => Err(self.unexpected(list_words())),
        }
    }

    /// After `what` or `which`.
    fn what(&mut self) -> Result<Query, QueryError> {
        if self.eat_any(&["comes", "come"]) {
            self.expect_any(&["from"], "`from <source>`")?;
            return Ok(Query::FromSource {
                source: self.name(&SOURCE)?,
            });
        }
        if self.eat("data") || self.eat("information") {
            return self.what_data();
        }
        if self.eat_any(&["does", "do", "may", "can", "will"]) {
            return self.does_what();
        }
        if self.eat_any(&["is", "are"]) {
            return self.what_is();
        }
        Err(self.unexpected("`does`, `data`, `is` or `comes from`"))
    }

    /// After `what data` (or `information`): `is collected from`, `comes from`, `is used for`,
    /// `is shared with`, or `does <purpose> use` / `<recipient> receive`.
    fn what_data(&mut self) -> Result<Query, QueryError> {
        let is_collected = self.peek_is("is")
            && self
                .tokens
                .get(self.pos + 1)
                .is_some_and(|t| t.is("collected"));
        if is_collected {
            self.pos += 2;
        }
        if is_collected || self.eat_any(&["comes", "come"]) {
            self.expect_any(&["from"], "`from <source>`")?;
            return Ok(Query::FromSource {
                source: self.name(&SOURCE)?,
            });
        }
        if self.eat_any(&["is", "are"]) {
            if self.eat("used") {
                self.expect_any(&["for"], "`for <purpose>`")?;
                return Ok(Query::DataFor {
                    purpose: self.name(&PURPOSE)?,
                });
            }
            self.expect_any(
                &["shared"],
                "`used for <purpose>` or `shared with <recipient>`",
            )?;
            self.expect_any(&["with"], "`with <recipient>`")?;
            return Ok(Query::WhatReceives {
                recipient: self.name(&RECIPIENT)?,
            });
        }
        self.expect_any(
            &["does", "do", "may", "can"],
            "`does <purpose> use` or `does <recipient> receive`",
        )?;
        self.does_what()
    }

    /// After `what is`: `shared with <recipient>`, `the basis of <purpose>`, `<data> used for`, or
    /// a name to describe.
    fn what_is(&mut self) -> Result<Query, QueryError> {
        if self.eat("shared") {
            self.expect_any(&["with"], "`with <recipient>`")?;
            return Ok(Query::WhatReceives {
                recipient: self.name(&RECIPIENT)?,
            });
        }
        if self.eat("the") {
            self.eat("legal");
            self.expect_any(&["basis", "bases"], "`basis of <purpose>`")?;
            self.expect_any(&["of", "for"], "`of <purpose>`")?;
            return Ok(Query::BasisOf {
                purpose: self.purpose_or_every()?,
            });
        }
        // `what is any data used for`: the words that stand for every item, never the beginning
        // of a name (a notice may name an item "Any data relating to …").
        if let Some(len) = self.any_data_at() {
            if self
                .tokens
                .get(self.pos + len)
                .is_some_and(|t| t.is("used"))
            {
                self.pos += len;
                self.eat("used");
                self.expect_any(&["for"], "`for`")?;
                return Ok(Query::PurposesOf { data: Data::Any });
            }
        }
        let named = self.name(&ANY)?;
        if self.eat("used") {
            self.expect_any(&["for"], "`for`")?;
            let kind = self.ds.node(named.node).kind;
            if !DATA.kinds.contains(&kind) {
                return Err(self.wrong_kind(&named, &DATA));
            }
            return Ok(Query::PurposesOf {
                data: Data::Named(named),
            });
        }
        Ok(Query::Describe {
            target: Target::Node(named),
        })
    }

    /// After `what [data] does`: `<purpose> use` or `<recipient> receive`.
    fn does_what(&mut self) -> Result<Query, QueryError> {
        const SUBJECT: Slot = Slot {
            kinds: &[NodeKind::Recipient, NodeKind::Purpose],
            what: "a recipient or a purpose",
            follow: &["use", "uses", "receive", "receives", "get", "gets"],
        };
        let named = self.name(&SUBJECT)?;
        let kind = self.ds.node(named.node).kind;
        if self.eat_any(&["use", "uses", "process", "need"]) {
            if kind != NodeKind::Purpose {
                return Err(self.wrong_kind(&named, &PURPOSE));
            }
            return Ok(Query::DataFor { purpose: named });
        }
        self.expect_any(
            &["receive", "receives", "get", "gets"],
            "`receive` or `use`",
        )?;
        if kind != NodeKind::Recipient {
            return Err(self.wrong_kind(&named, &RECIPIENT));
        }
        Ok(Query::WhatReceives { recipient: named })
    }

    /// `and under which basis`, `with bases`, or nothing.
    fn basis_suffix(&mut self) -> Result<bool, QueryError> {
        let start = self.pos;
        self.eat("and");
        if self.eat_any(&["under", "on", "with", "by"]) {
            self.eat_any(&["which", "what", "their", "its"]);
            self.eat("legal");
            if self.eat_any(&["basis", "bases"]) {
                return Ok(true);
            }
            return Err(self.unexpected("`basis`, as in `and under which basis`"));
        }
        if self.pos != start {
            return Err(self.unexpected("`under which basis`"));
        }
        Ok(false)
    }

    fn list_kind(&mut self) -> Option<ListKind> {
        let token = self.peek()?;
        let word = token.text.to_ascii_lowercase();
        let kind = LIST_WORDS
            .iter()
            .find(|(w, _)| *w == word || singular(w) == word)?
            .1;
        self.record(self.pos);
        self.pos += 1;
        Some(kind)
    }

    fn target(&mut self) -> Result<Target, QueryError> {
        if let Some(token) = self.peek() {
            let text = token.text.clone();
            if self.ds.row(&text).is_some() && self.ds.node_by_id(&text).is_none() {
                self.pos += 1;
                return Ok(Target::Row(text));
            }
            if self.ds.sections().iter().any(|s| s.id == text)
                && self.ds.node_by_id(&text).is_none()
            {
                self.pos += 1;
                return Ok(Target::Section(text));
            }
        }
        Ok(Target::Node(self.name(&ANY)?))
    }

    /// The region after `in` (`word_in`) or `for`.
    fn region(&mut self, word_in: bool) -> Result<Region, QueryError> {
        const REGION: Slot = Slot {
            kinds: &[NodeKind::Region],
            what: "a region",
            follow: &["where"],
        };
        let start = self.pos;
        let Some(first) = self.peek().cloned() else {
            return Err(self.unexpected(region_words(self.ds)));
        };
        // A code the dataset declares, exactly: a region node's `codes`, or an `other_regions` entry.
        if let Some(region) = self.region_code() {
            return Ok(region);
        }
        // A notice that names no region at all states every basis wherever it applies: any region
        // asked about is one it does not mention (so a script written for any notice still runs).
        // Only after `in`: `for <a purpose>` is not a region.
        if word_in
            && region_codes(self.ds).is_empty()
            && !matches!(first.text.as_str(), "where" | "")
        {
            self.pos += 1;
            return Ok(Region::Unmentioned {
                code: first.text.clone(),
                name: first.text.clone(),
            });
        }
        // A region of the dataset, by id, name or alias.
        if let Ok(named) = self.name(&REGION) {
            return Ok(Region::Node(named));
        }
        self.pos = start;
        let (parts, part_names) = super::region_parts::parts_of(self.ds, &first.text);
        if !parts.is_empty() {
            return Err(self.region_in_part(&first, parts, &part_names));
        }
        Err(QueryError::new(
            QueryErrorKind::UnknownRegion {
                text: first.text.clone(),
            },
            first.span.clone(),
        )
        .expected(region_words(self.ds))
        .help(did_you_mean(
            &first.text,
            region_codes(self.ds).iter().map(String::as_str),
        ))
        .repairs(
            first.span.clone(),
            nearest(
                &first.text,
                region_codes(self.ds).iter().map(String::as_str),
                3,
            )
            .into_iter()
            .map(String::from),
        ))
    }

    /// The refusal of a region the notice does not state, a part of whose name is a region it
    /// does state (`GD`, of "Harbour Isles (Grand Dominion)"): each region to ask instead, as a repair.
    fn region_in_part(&self, word: &Token, parts: Vec<String>, names: &[String]) -> QueryError {
        QueryError::new(
            QueryErrorKind::UnknownRegion {
                text: word.text.clone(),
            },
            word.span.clone(),
        )
        .expected(format!(
            "a region of this dataset: none is `{}` as such; {} is a part of it, and each region is asked apart",
            word.text,
            names.join(", ")
        ))
        // Quoted, so that each is offered (a bare word is put right once, by the nearest).
        .repairs(word.span.clone(), parts.iter().map(|p| super::ast::quoted(p)))
    }

    /// A region named by one of the dataset's codes, or by an `other_regions` entry's code, name or
    /// alias, in up to three words.
    fn region_code(&mut self) -> Option<Region> {
        let ds = self.ds;
        for end in (self.pos + 1..=self.tokens.len().min(self.pos + 3)).rev() {
            // The tokens' own text: a `$region` parameter has its value there, not in the query.
            let words: Vec<&str> = self.tokens[self.pos..end]
                .iter()
                .map(|t| t.text.as_str())
                .collect();
            let text = normalize(&words.join(" "));
            let node = ds
                .nodes_of_kind(NodeKind::Region)
                .iter()
                .copied()
                .find(|&r| ds.node(r).codes.iter().any(|c| normalize(c) == text));
            if let Some(node) = node {
                let span = self.tokens[self.pos].span.start..self.tokens[end - 1].span.end;
                self.pos = end;
                let text = words.join(" ");
                return Some(Region::Node(Named { node, text, span }));
            }
            let other = ds.other_regions().iter().find(|o| {
                std::iter::once(&o.code)
                    .chain(std::iter::once(&o.name))
                    .chain(&o.aliases)
                    .any(|w| normalize(w) == text)
            });
            if let Some(other) = other {
                self.pos = end;
                return Some(Region::Unmentioned {
                    code: other.code.clone(),
                    name: other.name.clone(),
                });
            }
        }
        None
    }

    fn wrong_kind(&self, named: &Named, slot: &Slot) -> QueryError {
        let node = self.ds.node(named.node);
        QueryError::new(
            QueryErrorKind::WrongKind {
                text: named.text.clone(),
                kind: node.kind,
            },
            named.span.clone(),
        )
        .expected(slot.what)
    }

    /// `every purpose` (or `all purposes`, `any purpose`), or one purpose.
    fn purpose_or_every(&mut self) -> Result<Option<Named>, QueryError> {
        let every = self
            .peek()
            .is_some_and(|t| t.is("every") || t.is("all") || t.is("any"))
            && self
                .tokens
                .get(self.pos + 1)
                .is_some_and(|t| t.is("purpose") || t.is("purposes"));
        if every {
            self.pos += 2;
            return Ok(None);
        }
        Ok(Some(self.name(&PURPOSE)?))
    }

    /// The data a question is about: `any data` (or its synonyms), or a data item or category.
    fn data(&mut self) -> Result<Data, QueryError> {
        // `$data` set to "any data" arrives quoted.
        if let Some(token) = self.peek() {
            if token.kind == TokenKind::Quoted
                && ANY_DATA.contains(&normalize(&token.text).as_str())
            {
                self.pos += 1;
                return Ok(Data::Any);
            }
        }
        if let Some(len) = self.any_data_at() {
            self.pos += len;
            return Ok(Data::Any);
        }
        Ok(Data::Named(self.name(&DATA)?))
    }

    /// How many words the phrase for every item (`any data`, `all data`, …) takes at the cursor, if
    /// one is there.
    fn any_data_at(&self) -> Option<usize> {
        ANY_DATA.iter().find_map(|phrase| {
            let words: Vec<&str> = phrase.split(' ').collect();
            let matches = words
                .iter()
                .enumerate()
                .all(|(i, w)| self.tokens.get(self.pos + i).is_some_and(|t| t.is(w)));
            matches.then_some(words.len())
        })
    }

    /// Resolves the name at the cursor for `slot`.
    fn name(&mut self, slot: &Slot) -> Result<Named, QueryError> {
        let Some(first) = self.peek().cloned() else {
            return Err(self.unexpected(slot.what));
        };
        if first.kind == TokenKind::Quoted {
            self.pos += 1;
            let found = self.exact(&first.text, slot.kinds);
            if found.fits.is_empty() && !found.other.is_empty() {
                return Err(self.other_kind(&found.other, &first.text, first.span.clone(), slot));
            }
            return self.choose(found.fits, &first.text, first.span.clone(), slot);
        }
        // Bare words: the longest run that is exactly a name.
        let last = self.bare_run_end();
        let mut other_kind = None;
        for end in (self.pos + 1..=last).rev() {
            let span = first.span.start..self.tokens[end - 1].span.end;
            let text = &self.query[span.clone()];
            let found = self.exact(text, slot.kinds);
            if !found.fits.is_empty() {
                self.pos = end;
                return self.choose(found.fits, text, span, slot);
            }
            if other_kind.is_none() && !found.other.is_empty() {
                other_kind = Some((found.other, text, span));
            }
        }
        if let Some((others, text, span)) = other_kind {
            return Err(self.other_kind(&others, text, span, slot));
        }
        // Else the longest run that begins one or more names.
        for end in (self.pos + 1..=last).rev() {
            let span = first.span.start..self.tokens[end - 1].span.end;
            let text = &self.query[span.clone()];
            let found = self.beginning(text, slot.kinds);
            if !found.is_empty() {
                self.pos = end;
                return self.choose(found, text, span, slot);
            }
        }
        // Unknown: the name runs to the next word that may follow it.
        let mut end = self.pos + 1;
        while end < last
            && !slot
                .follow
                .iter()
                .chain(FILTER_WORDS)
                .any(|w| self.tokens[end].is(w))
        {
            end += 1;
        }
        let span = first.span.start..self.tokens[end - 1].span.end;
        let text = self.query[span.clone()].to_string();
        Err(self.unknown(&text, span, slot))
    }

    /// The end of the bare words at the cursor: up to a quoted name, or the longest name allowed.
    fn bare_run_end(&self) -> usize {
        let mut end = self.pos;
        while end < self.tokens.len()
            && end - self.pos < MAX_NAME_WORDS
            && self.tokens[end].kind == TokenKind::Word
        {
            end += 1;
        }
        end
    }

    /// Nodes whose id, name or alias is `text` (ignoring case and punctuation): those of `kinds`, and
    /// those of other kinds (to say what a name is rather than call it unknown).
    fn exact(&self, text: &str, kinds: &[NodeKind]) -> Matches {
        let mut found: Vec<NodeIndex> = Vec::new();
        if let Some(node) = self.ds.node_by_id(text.trim()) {
            // An id names one node: it wins over names that normalise alike.
            if kinds.contains(&self.ds.node(node).kind) {
                return Matches {
                    fits: vec![node],
                    other: Vec::new(),
                };
            }
            found.push(node);
        }
        for &node in self.ds.nodes_named(text) {
            if !found.contains(&node) {
                found.push(node);
            }
        }
        let (fits, other) = found
            .into_iter()
            .partition(|&n| kinds.contains(&self.ds.node(n).kind));
        Matches { fits, other }
    }

    /// Nodes of `kinds` one of whose names begins with the words of `text`.
    fn beginning(&self, text: &str, kinds: &[NodeKind]) -> Vec<NodeIndex> {
        let wanted = normalize(text);
        if wanted.is_empty() {
            return Vec::new();
        }
        // Whole words, or a last word cut short as it is typed ("Acm" for "Acme").
        if wanted.chars().count() < 3 {
            return Vec::new();
        }
        let prefix = wanted;
        let mut found = Vec::new();
        for &kind in kinds {
            for &node in self.ds.nodes_of_kind(kind) {
                let n = self.ds.node(node);
                let names = std::iter::once(&n.name).chain(n.aliases.iter().map(|a| &a.name));
                if names
                    .map(|name| normalize(name))
                    .any(|name| name.starts_with(&prefix))
                {
                    found.push(node);
                }
            }
        }
        found
    }

    /// One node: the answer. Several: ambiguous.
    fn choose(
        &self,
        found: Vec<NodeIndex>,
        text: &str,
        span: std::ops::Range<usize>,
        slot: &Slot,
    ) -> Result<Named, QueryError> {
        // Several names that differ only in case (a category "Billing Details", an item "Billing
        // details"): the one written exactly as typed wins.
        let exact_case: Vec<NodeIndex> = found
            .iter()
            .copied()
            .filter(|&n| {
                let node = self.ds.node(n);
                node.name == text.trim() || node.aliases.iter().any(|a| a.name == text.trim())
            })
            .collect();
        let found = if found.len() > 1 && exact_case.len() == 1 {
            exact_case
        } else {
            found
        };
        match found.as_slice() {
            [] => Err(self.unknown(text, span, slot)),
            [one] => Ok(Named {
                node: *one,
                text: text.to_string(),
                span,
            }),
            many => {
                let candidates: Vec<String> = many
                    .iter()
                    .map(|&n| {
                        let node = self.ds.node(n);
                        format!("\"{}\" ({} `{}`)", node.id, node.kind.words(), node.name)
                    })
                    .collect();
                let repairs = suggest::each_by_name(self.ds, many);
                Err(QueryError::new(
                    QueryErrorKind::Ambiguous {
                        text: text.to_string(),
                        count: many.len(),
                    },
                    span.clone(),
                )
                .expected("one of them, by its quoted id")
                .help(Some(format!("candidates: {}", candidates.join(", "))))
                .repairs(span, repairs))
            }
        }
    }

    /// A name that exists, but as something the slot does not take.
    fn other_kind(
        &self,
        others: &[NodeIndex],
        text: &str,
        span: std::ops::Range<usize>,
        slot: &Slot,
    ) -> QueryError {
        let found: Vec<(NodeKind, String)> = others
            .iter()
            .map(|&n| {
                let node = self.ds.node(n);
                (node.kind, node.id.to_string())
            })
            .collect();
        QueryError::new(
            QueryErrorKind::OtherKinds {
                text: text.to_string(),
                found,
            },
            span,
        )
        .expected(slot.what)
    }

    fn unknown(&self, text: &str, span: std::ops::Range<usize>, slot: &Slot) -> QueryError {
        let unknown = QueryErrorKind::UnknownName {
            text: text.to_string(),
        };
        if !self.suggest {
            return QueryError::new(unknown, span).expected(slot.what);
        }
        let mut names: Vec<&str> = Vec::new();
        for &kind in slot.kinds {
            for &node in self.ds.nodes_of_kind(kind) {
                let n = self.ds.node(node);
                names.push(&n.name);
                names.extend(n.aliases.iter().map(|a| a.name.as_str()));
            }
        }
        names.sort_unstable();
        names.dedup();
        let mut near = nearest_names(text, names.iter().copied(), 3);
        // `my card`: the notice writes the reader's things as `your …` (`Photo of your card`).
        if near.is_empty() {
            if let Some(side) = super::counsel::notice_side(text) {
                near = nearest_names(&side, names.iter().copied(), 3);
            }
        }
        let help = crate::names::did_you_mean_name(text, near.iter().copied());
        let repairs: Vec<String> = near.iter().map(|n| suggest::quoted(n)).collect();
        QueryError::new(unknown, span.clone())
            .expected(slot.what)
            .help(help)
            .repairs(span, repairs)
    }
}

/// What a query may start with, for messages.
const FORMS: &str = "a question such as `who may receive <data>`, `purposes of <data>`, `describe <name>` or `list purposes`";

/// A first word that starts no question, with the nearest question words.
fn unknown_question(first: &Token) -> QueryError {
    const WORDS: &[&str] = &[
        "who",
        "what",
        "why",
        "purposes",
        "data",
        "basis",
        "interests",
        "categories",
        "items",
        "sharing",
        "sources",
        "where",
        "retention",
        "how",
        "processors",
        "path",
        "describe",
        "list",
    ];
    let near = nearest(&first.text, WORDS.iter().copied(), 2);
    QueryError::new(
        QueryErrorKind::UnknownQuestion {
            word: first.text.clone(),
        },
        first.span.clone(),
    )
    .expected(FORMS)
    .help(did_you_mean(&first.text, near.iter().copied()))
    .repairs(first.span.clone(), near.into_iter().map(String::from))
}

/// The nodes a run of words names exactly.
struct Matches {
    /// Of the kinds the slot takes.
    fits: Vec<NodeIndex>,
    /// Of other kinds.
    other: Vec<NodeIndex>,
}

/// "categories" → "category", "purposes" → "purpose".
fn singular(word: &str) -> String {
    match word.strip_suffix("ies") {
        Some(stem) => format!("{stem}y"),
        None => word.strip_suffix('s').unwrap_or(word).to_string(),
    }
}

fn list_words() -> String {
    let words: Vec<String> = LIST_WORDS.iter().map(|(w, _)| format!("`{w}`")).collect();
    format!("what to list: {}", words.join(", "))
}

/// Every code a question may name a region by: each region node's id and codes, then the codes of
/// the regions the notice does not mention.
fn region_codes(ds: &Dataset) -> Vec<String> {
    let mut codes = Vec::new();
    for &r in ds.nodes_of_kind(NodeKind::Region) {
        let node = ds.node(r);
        codes.push(node.id.to_string());
        codes.extend(node.codes.iter().cloned());
    }
    codes.extend(ds.other_regions().iter().map(|o| o.code.clone()));
    codes
}

fn region_words(ds: &Dataset) -> String {
    let codes = region_codes(ds);
    if codes.is_empty() {
        return "no region: this dataset names none, so its bases hold wherever the notice applies; ask without `in`".to_string();
    }
    format!(
        "a region: {}",
        codes
            .iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}
