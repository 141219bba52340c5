//! Errors in a query: what is wrong (a typed [`QueryErrorKind`]), the span it is about, what was
//! expected, and the nearest names.

use std::{fmt, ops::Range};

use crate::{
    dataset::model::NodeKind,
    diagnostic::{shorten, Diagnostic, Location},
};

/// What is wrong with a query. Each kind is documented with a query that triggers it (`<…>` stands for
/// a name of the dataset); its `Display` is the message users see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryErrorKind {
    /// A query longer than the limit (a 65 KiB query).
    TooLong { bytes: usize },
    /// `describe "<a category>`
    UnclosedQuote,
    /// `purposes of $data`, with no parameter `data`
    UnknownParameter { name: String },
    /// `purposes of $` (a `$` with no parameter name after it)
    LoneDollar,
    /// `who may receive ""` (quotes with no name, or only white space, between them)
    EmptyQuotedName,
    /// `purposes of $a $a $a …` where the query, its parameters replaced, would pass the limit
    /// (`$a` set to a 60 KiB value and used twice)
    ExpandedTooLong,
    /// `` (nothing, or only white space)
    Empty,
    /// `"<a category>"`
    QuotedStart,
    /// `whom may receive <a category>`
    UnknownQuestion { word: String },
    /// `who may receive <a category> and under which cheese` (a word other than the one expected)
    Unexpected { found: String },
    /// `who may receive`
    EndsTooSoon,
    /// `purposes of <an item> in eu in uk`
    SecondRegion,
    /// `purposes of <an item> where basis is consent where basis is consent`
    SecondBasisFilter,
    /// `categories of <a category> in eu`
    NothingToFilter,
    /// `purposes of <a category> in mars`
    UnknownRegion { text: String },
    /// `what does <a purpose> receive` (a name of one kind where the question needs another)
    WrongKind { text: String, kind: NodeKind },
    /// `describe <a name that two nodes share>` (a name that names several things)
    Ambiguous { text: String, count: usize },
    /// `who may receive <a recipient>` (a name only of kinds the slot does not take)
    OtherKinds {
        text: String,
        found: Vec<(NodeKind, String)>,
    },
    /// `who may receive <a misspelt name>`
    UnknownName { text: String },
    /// A question in plain words that reads as several questions of the language (`query::counsel`):
    /// `who gets <words that, with or without a possessive, are two names>`. The help offers each.
    Readings { count: usize },
}

impl fmt::Display for QueryErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryErrorKind::TooLong { bytes } => write!(f, "the query is too long ({bytes} bytes)"),
            QueryErrorKind::UnclosedQuote => f.write_str("this quoted name is not closed"),
            QueryErrorKind::UnknownParameter { name } => write!(f, "unknown parameter `${name}`"),
            QueryErrorKind::LoneDollar => f.write_str("a `$` with no parameter name after it"),
            QueryErrorKind::EmptyQuotedName => f.write_str("the quotes hold no name"),
            QueryErrorKind::ExpandedTooLong => {
                f.write_str("the query is too long once its parameters are replaced")
            }
            QueryErrorKind::Empty => f.write_str("the query is empty"),
            QueryErrorKind::QuotedStart => f.write_str("a query starts with a question word"),
            QueryErrorKind::UnknownQuestion { word } => {
                write!(f, "unknown question `{}`", shorten(word, 80))
            }
            QueryErrorKind::Unexpected { found } => write!(f, "unexpected `{found}`"),
            QueryErrorKind::EndsTooSoon => f.write_str("the query ends too soon"),
            QueryErrorKind::SecondRegion => f.write_str("a second region"),
            QueryErrorKind::SecondBasisFilter => f.write_str("a second basis filter"),
            QueryErrorKind::NothingToFilter => {
                f.write_str("this question has no legal bases to filter")
            }
            QueryErrorKind::UnknownRegion { text } => write!(f, "unknown region `{text}`"),
            QueryErrorKind::WrongKind { text, kind } => {
                write!(f, "`{text}` is a {}", kind.words())
            }
            QueryErrorKind::Ambiguous { text, count } => {
                write!(f, "`{text}` is ambiguous: it names {count} things")
            }
            QueryErrorKind::OtherKinds { text, found } => {
                let what: Vec<String> = found
                    .iter()
                    .map(|(kind, id)| format!("{} (\"{id}\")", kind.words()))
                    .collect();
                write!(f, "`{text}` names a {}", what.join(" and a "))
            }
            QueryErrorKind::UnknownName { text } => {
                write!(f, "unknown name `{}`", shorten(text, 80))
            }
            QueryErrorKind::Readings { count } => {
                write!(f, "this question can be read in {count} ways")
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub kind: QueryErrorKind,
    /// Byte range in the query; the caret goes under it.
    pub span: Range<usize>,
    pub expected: Option<String>,
    pub help: Option<String>,
    /// Whole questions to ask instead, and what could put the query right (boxed: an error stays
    /// small to return).
    pub offer: Box<Offer>,
}

/// What a query error offers besides its message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Offer {
    /// Whole questions to ask instead, each of which parses and answers on the dataset (filled by
    /// [`crate::query::parse::parse`]; shown as the help when there are any).
    pub suggestions: Vec<String>,
    /// Whether the suggestions are questions about everything, the query holding nothing they could
    /// be made from (then offered as examples, not as what was meant).
    pub general: bool,
    /// What could replace a part of the query (a misspelt name, a first word): each a byte range of
    /// the query and its text. [`crate::query::parse::parse`] keeps those that make a question.
    pub repairs: Vec<(Range<usize>, String)>,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)
    }
}

impl std::error::Error for QueryError {}

impl QueryError {
    pub fn new(kind: QueryErrorKind, span: Range<usize>) -> Self {
        QueryError {
            kind,
            span,
            expected: None,
            help: None,
            offer: Box::default(),
        }
    }

    /// Texts that could replace `range` of the query.
    pub fn repairs(mut self, range: Range<usize>, texts: impl IntoIterator<Item = String>) -> Self {
        self.offer
            .repairs
            .extend(texts.into_iter().map(|t| (range.clone(), t)));
        self
    }

    /// The whole questions to ask instead.
    pub fn suggestions(&self) -> &[String] {
        &self.offer.suggestions
    }

    /// The help users see: the whole questions to ask instead, or else the nearest names.
    pub fn help_text(&self) -> Option<String> {
        let quoted: Vec<String> = self
            .offer
            .suggestions
            .iter()
            .map(|q| format!("`{q}`"))
            .collect();
        match quoted.as_slice() {
            [] => self.help.clone(),
            [init @ .., last] if self.offer.general => {
                let questions = match init {
                    [] => format!("a question this dataset answers: {last}"),
                    _ => format!(
                        "questions this dataset answers: {} or {last}",
                        init.join(", ")
                    ),
                };
                // The nearest names or words, when there are any, still come first.
                Some(match &self.help {
                    Some(help) => format!("{help} {questions}"),
                    None => questions,
                })
            }
            [one] => Some(format!("did you mean: {one}?")),
            [init @ .., last] => Some(format!(
                "did you mean one of: {} or {last}?",
                init.join(", ")
            )),
        }
    }

    /// The message users see: the kind in words.
    pub fn message(&self) -> String {
        self.kind.to_string()
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    pub fn help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// The error as a diagnostic about `query`, which came from `origin` (`query`, a script's name).
    pub fn to_diagnostic(&self, origin: &str, query: &str) -> Diagnostic {
        self.to_diagnostic_at(origin, 1, query)
    }

    /// The same, for a query that starts on line `line` of a script.
    pub fn to_diagnostic_at(&self, origin: &str, line: usize, query: &str) -> Diagnostic {
        let mut location = Location::of_range(query, self.span.start, self.span.end);
        location.line += line.saturating_sub(1);
        let mut d = Diagnostic::new(origin, self.message())
            .at(location)
            .help(self.help_text());
        d.expected = self.expected.clone();
        d
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::{load, query::parse::parse, Dataset, Files};

    fn mini() -> Dataset {
        load(&Files::dir("tests/fixtures/mini")).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The kind and span of the error `query` gives on the mini fixture.
    fn error(ds: &Dataset, query: &str) -> (QueryErrorKind, Range<usize>) {
        match parse(ds, query, &BTreeMap::new()) {
            Ok(statement) => panic!("`{query}` parsed: {statement:?}"),
            Err(e) => (e.kind, e.span),
        }
    }

    /// `query` gives an error of this kind, under this span.
    fn check(ds: &Dataset, query: &str, kind: QueryErrorKind, span: Range<usize>) {
        assert_eq!(error(ds, query), (kind, span), "{query}");
    }

    fn text(t: &str) -> String {
        t.to_string()
    }

    #[test]
    fn the_words_of_a_query() {
        use QueryErrorKind as K;
        let ds = mini();
        check(&ds, "describe \"Email", K::UnclosedQuote, 9..15);
        let parameter = K::UnknownParameter { name: text("data") };
        check(&ds, "purposes of $data", parameter, 12..17);
        check(&ds, "   ", K::Empty, 0..0);
        check(&ds, "\"Email address\"", K::QuotedStart, 0..15);
        let question = K::UnknownQuestion { word: text("whom") };
        check(&ds, "whom may receive Email address", question, 0..4);
        let cheese = K::Unexpected {
            found: text("cheese"),
        };
        check(
            &ds,
            "who may receive Email address and under which cheese",
            cheese,
            46..52,
        );
        check(&ds, "who may receive", K::EndsTooSoon, 15..15);
        let long = "x".repeat(70_000);
        assert_eq!(error(&ds, &long).0, K::TooLong { bytes: 70_000 });
    }

    #[test]
    fn filters() {
        use QueryErrorKind as K;
        // A fixture with a region of its own, and one it does not mention.
        let ds = load(&Files::dir("tests/fixtures/no-region")).unwrap_or_else(|e| panic!("{e}"));
        check(
            &ds,
            "purposes of Email address in northland in elsewhere",
            K::SecondRegion,
            39..41,
        );
        let twice = "purposes of Email address where basis is consent where basis is consent";
        check(&ds, twice, K::SecondBasisFilter, 49..54);
        check(
            &ds,
            "categories of Email address in northland",
            K::NothingToFilter,
            28..40,
        );
        let mars = K::UnknownRegion { text: text("mars") };
        check(&ds, "purposes of Email address in mars", mars, 29..33);
        // The tool has no regions of its own: `eu` is a region only where a dataset declares it.
        let eu = K::UnknownRegion { text: text("eu") };
        check(&ds, "purposes of Email address in eu", eu, 29..31);
    }

    #[test]
    fn names() {
        use QueryErrorKind as K;
        let ds = mini();
        let wrong = K::WrongKind {
            text: text("Showing ads"),
            kind: NodeKind::Purpose,
        };
        check(&ds, "what does Showing ads receive", wrong, 10..21);
        let ambiguous = K::Ambiguous {
            text: text("Location"),
            count: 2,
        };
        check(&ds, "who may receive Location", ambiguous, 16..24);
        let other = K::OtherKinds {
            text: text("Our vendors"),
            found: vec![(NodeKind::Recipient, text("our-vendors"))],
        };
        check(&ds, "who may receive Our vendors", other, 16..27);
        let unknown = K::UnknownName {
            text: text("Emial address"),
        };
        check(&ds, "who may receive Emial address", unknown, 16..29);
    }

    #[test]
    fn display_is_the_message_users_see() {
        let ds = mini();
        let e = parse(&ds, "what does Showing ads receive", &BTreeMap::new()).unwrap_err();
        assert_eq!(e.to_string(), "`Showing ads` is a purpose");
        assert_eq!(e.message(), e.to_string());
    }
}
