//! The parsing of the audit and statement questions (`docs/QUERY_LANGUAGE.md`, "Audit and statement
//! questions"): sale, transfers, a comparison of two regions, a request to confirm processing, and the
//! `where basis is not stated` filter. An `impl` block on the parser, tried before the other forms:
//! each form is recognised by its first words, and when they do not match, nothing is consumed.

use std::ops::Range;

use super::{Parser, QueryError, QueryErrorKind};
use crate::query::ast::{Audit, Data, Query, WhatIf};
use crate::query::keywords::{form, Form};

/// The audit and statement questions as forms of the one keyword table (`query::keywords`, where
/// [`TABLES`](super::keywords::TABLES) registers them): the parser below takes only their words, and
/// completion and `.help` read them from here.
pub const AUDIT_FORMS: &[Form] = &[
    form("sale", "sale|sales ?and ?sharing of <data>"),
    form("sale", "what data is sold ?or ?shared"),
    form("sale", "do you sell ?or ?share ?my|our|personal|any|all ?personal data"),
    form("sale", "categories of ?personal data|information ?that ?is|are|was|were sold ?or ?shared"),
    form("transfers", "transfers"),
    form("transfers", "transfers outside|out ?of ?the <region>"),
    form("compare", "compare ?bases|basis in|for|between ?the <region> and|vs|versus ?the <region> ?users|members|residents|people"),
    form("compare", "what differs between ?the <region> and|vs|versus ?the <region> ?users|members|residents|people"),
    form("compare", "differences between ?the <region> and|vs|versus ?the <region> ?users|members|residents|people"),
    form("withdrawal", "withdrawal of consent"),
    form("withdrawal", "withdrawal of consent in|for ?the <region>"),
    form("withdrawal", "?what ?happens if ?i|you|we|they|the|a ?requester|user|member withdraw|withdraws ?my|their|your|his|her consent"),
    form("lint", "lint"),
    form("what-if", "what if ?i|you|we|they|the|a ?requester|user|member withdraw|withdraws ?my|their|your|his|her consent"),
    form("what-if", "what if ?i|you|we|they|the|a ?requester|user|member withdraw|withdraws ?my|their|your|his|her consent in|for ?the <region>"),
    form("what-if", "what if <name> is|was|are off|disabled"),
    form("what-if", "what if i|you|we|they|the|a ?requester|user|member am|is|are|live|lives in ?the <region>"),
    form("what", "what|which ?data|information comes|come from ?the|other third parties"),
    form("what", "what|which ?data|information is|are collected|received|obtained from ?the|other third parties"),
    form("processors", "who are ?the|your|our processors"),
    form("confirm", "confirm processing"),
    form("confirm", "?please confirm whether you process ?my|our|personal|any|all ?personal data"),
];

/// The filter these forms add after a question (`where basis is not stated`), registered with the
/// other filters.
pub const AUDIT_SUFFIXES: &[Form] = &[form(
    "where",
    "where ?legal basis|bases ?is|=|includes not|unstated|missing ?stated",
)];

/// Words that stand for the requester's whole data in these forms only ("my data", "my personal
/// data"): the forms are about all of it.
const WHOLE_DATA: &[&[&str]] = &[
    &["my", "personal", "data"],
    &["my", "data"],
    &["our", "data"],
    &["personal", "data"],
    &["any", "data"],
    &["all", "data"],
    &["data"],
];

impl Parser<'_> {
    /// Whether the words at the cursor are `words`, in order (case-insensitive).
    fn at_words(&self, words: &[&str]) -> bool {
        words
            .iter()
            .enumerate()
            .all(|(i, w)| self.tokens.get(self.pos + i).is_some_and(|t| t.is(w)))
    }

    /// Eats `words` if they are next, all of them.
    fn eat_words(&mut self, words: &[&str]) -> bool {
        if self.at_words(words) {
            self.pos += words.len();
            true
        } else {
            false
        }
    }

    /// The audit and statement question at the cursor, if its first words are one: `Ok(None)`
    /// (nothing consumed) when they are not.
    pub(super) fn audit_form(&mut self) -> Result<Option<Query>, QueryError> {
        let start = self.pos;
        let audit = if self.eat_any(&["sale", "sales"]) {
            Some(self.sale()?)
        } else if self.eat_words(&["what", "data", "is", "sold"]) {
            let sharing = self.eat_words(&["or", "shared"]);
            Some(Audit::Sale {
                data: Data::Any,
                sharing,
            })
        } else if self.eat_words(&["do", "you", "sell"]) {
            let sharing = self.eat_words(&["or", "share"]);
            self.whole_data()?;
            Some(Audit::Sale {
                data: Data::Any,
                sharing,
            })
        } else if let Some(sharing) = self.categories_sold() {
            Some(Audit::Sale {
                data: Data::Any,
                sharing,
            })
        } else if self.eat("transfers") {
            Some(Audit::Transfers {
                outside: self.outside()?,
            })
        } else if self.eat("compare") {
            self.eat_any(&["bases", "basis"]);
            self.expect_any(&["in", "for", "between"], "`in <region> and <region>`")?;
            Some(self.two_regions()?)
        } else if self.eat_words(&["what", "differs", "between"])
            || self.eat_words(&["differences", "between"])
        {
            Some(self.two_regions()?)
        } else if self.eat_words(&["withdrawal", "of", "consent"]) {
            Some(Audit::Withdrawal {
                region: self.in_region()?,
            })
        } else if self.eat_words(&["what", "happens", "if"]) || self.eat("if") {
            self.eat_any(&["i", "you", "we", "they", "the", "a"]);
            self.eat_any(&["requester", "user", "member"]);
            self.expect_any(&["withdraw", "withdraws"], "`withdraw consent`")?;
            self.eat_any(&["my", "their", "your", "his", "her"]);
            self.expect_any(&["consent"], "`consent`")?;
            Some(Audit::Withdrawal {
                region: self.in_region()?,
            })
        } else if self.eat_words(&["lint"]) {
            Some(Audit::Lint)
        } else if self.eat_words(&["what", "if"]) {
            Some(Audit::WhatIf(self.what_if()?))
        } else if self.third_parties_at() {
            Some(Audit::FromThirdParties)
        } else if self.eat_words(&["who", "are"]) && self.processors_follow() {
            Some(Audit::Processors)
        } else if self.eat_words(&["confirm", "processing"]) {
            Some(Audit::ConfirmProcessing)
        } else if self.eat_words(&["please", "confirm", "whether", "you", "process"])
            || self.eat_words(&["confirm", "whether", "you", "process"])
        {
            self.whole_data()?;
            Some(Audit::ConfirmProcessing)
        } else {
            None
        };
        if audit.is_none() {
            self.pos = start;
        }
        Ok(audit.map(Query::Audit))
    }

    /// `what [data] comes from [the|other] third parties` (or `is collected from …`), the whole
    /// question; nothing is eaten when the words are not all there, or more follow.
    fn third_parties_at(&mut self) -> bool {
        let start = self.pos;
        let fits = self.eat_any(&["what", "which"]) && {
            self.eat_any(&["data", "information"]);
            let verb = self.eat_any(&["comes", "come"])
                || (self.eat_any(&["is", "are"])
                    && self.eat_any(&["collected", "received", "obtained"]));
            verb && self.eat("from") && {
                self.eat_any(&["the", "other"]);
                // A source whose name goes on ("third parties we work with") is that source.
                self.eat_words(&["third", "parties"]) && self.tokens.get(self.pos).is_none()
            }
        };
        if !fits {
            self.pos = start;
        }
        fits
    }

    /// `categories of [personal] data|information [that is|are…] sold [or shared]`, eaten whole: whether
    /// sharing is asked too; `None` (nothing eaten) when the words are not all there, or more follow.
    fn categories_sold(&mut self) -> Option<bool> {
        let start = self.pos;
        if self.eat_words(&["categories", "of"]) {
            self.eat("personal");
            if self.eat_any(&["data", "information"]) {
                self.eat("that");
                self.eat_any(&["is", "are", "was", "were"]);
                if self.eat("sold") {
                    let sharing = self.eat_words(&["or", "shared"]);
                    // A category whose name goes on ("… sold to advertisers") is that category.
                    if self.tokens.get(self.pos).is_none() {
                        return Some(sharing);
                    }
                }
            }
        }
        self.pos = start;
        None
    }

    /// After `who are`: `[the|your|our] processors`, eaten whole.
    fn processors_follow(&mut self) -> bool {
        self.eat_any(&["the", "your", "our"]);
        self.eat("processors")
    }

    /// After `sale`: `of <data>`, or `and sharing of <data>`.
    fn sale(&mut self) -> Result<Audit, QueryError> {
        let sharing = self.eat_words(&["and", "sharing"]);
        self.expect_any(&["of"], "`of <data>` (or `and sharing of <data>`)")?;
        Ok(Audit::Sale {
            data: self.data()?,
            sharing,
        })
    }

    /// After `what if`: `i withdraw consent [in <region>]`, `i am in <region>`, or `<setting> is off`.
    fn what_if(&mut self) -> Result<WhatIf, QueryError> {
        let start = self.pos;
        let person = self.eat_any(&["i", "you", "we", "they", "the", "a"]);
        let role = self.eat_any(&["requester", "user", "member"]);
        if self.eat_any(&["withdraw", "withdraws"]) {
            self.eat_any(&["my", "their", "your", "his", "her"]);
            self.expect_any(&["consent"], "`consent`")?;
            return Ok(WhatIf::Withdraw {
                region: self.in_region()?,
            });
        }
        if (person || role) && self.eat_any(&["am", "is", "are", "live", "lives"]) {
            self.expect_any(&["in"], "`in <region>`")?;
            self.eat("the");
            return Ok(WhatIf::InRegion {
                region: self.region(true)?,
            });
        }
        self.pos = start;
        let setting = self.name(&super::SETTING)?;
        self.expect_any(&["is", "was", "are"], "`is off`")?;
        self.expect_any(&["off", "disabled"], "`off`")?;
        Ok(WhatIf::SettingOff { setting })
    }

    /// The requester's whole data ("my data", "my personal data", "data"), which these forms take as
    /// any data.
    fn whole_data(&mut self) -> Result<(), QueryError> {
        if WHOLE_DATA.iter().any(|words| self.eat_words(words)) {
            return Ok(());
        }
        Err(self.unexpected("`my data` or `any data`"))
    }

    /// `outside <region>` (or `out of <region>`), or nothing.
    fn outside(&mut self) -> Result<Option<crate::query::ast::Region>, QueryError> {
        if self.eat("outside") || self.eat_words(&["out", "of"]) {
            self.eat("the");
            return Ok(Some(self.region(true)?));
        }
        Ok(None)
    }

    /// `in <region>` (or `for <region>`), or nothing.
    fn in_region(&mut self) -> Result<Option<crate::query::ast::Region>, QueryError> {
        if self.eat_any(&["in", "for"]) {
            self.eat("the");
            return Ok(Some(self.region(true)?));
        }
        Ok(None)
    }

    /// `<region> and <region>`, then perhaps the people (`users`, `members`).
    fn two_regions(&mut self) -> Result<Audit, QueryError> {
        self.eat("the");
        let left = self.region(true)?;
        self.expect_any(&["and", "vs", "versus"], "`and <region>`")?;
        self.eat("the");
        let right = self.region(true)?;
        self.eat_any(&["users", "members", "residents", "people"]);
        Ok(Audit::Compare { left, right })
    }

    /// After `where basis is`: `not stated` (or `unstated`, `missing`).
    pub(super) fn basis_not_stated(&mut self) -> bool {
        self.eat_words(&["not", "stated"]) || self.eat_any(&["unstated", "missing"])
    }
}

/// `where basis is not stated` applies only where a row can rest on no stated basis: routes to
/// recipients and uses for purposes. The forms that list basis statements (`basis of`, `purposes with
/// basis`) have none to show, so the filter is refused there rather than answered with nothing.
pub(super) fn silence_filter_fits(query: &Query, span: Range<usize>) -> Result<(), QueryError> {
    let fits = matches!(
        query,
        Query::WhoMayReceive { .. }
            | Query::WhatReceives { .. }
            | Query::WhyReceives { .. }
            | Query::PurposesOf { .. }
            | Query::DataFor { .. }
    );
    if fits {
        return Ok(());
    }
    Err(QueryError::new(QueryErrorKind::NothingToFilter, span).expected(
        "`where basis is not stated` only after `who may receive`, `what does … receive`, `why does … receive`, `purposes of` or `what data does … use`",
    ))
}
