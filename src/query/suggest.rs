//! Whole questions to offer when a question is not understood (issue 14): "did you mean:
//! `describe "Direct Messages"`?", not a list of expected words.
//!
//! In order, and only those that parse on the dataset:
//! 1. the question with the part the parser could not read repaired ([`QueryError::repairs`]): a
//!    misspelt name replaced by the nearest names, each candidate of an ambiguous name, a mistyped
//!    first word or keyword corrected, or words the question does not need left out;
//! 2. else, for each name of the dataset the question holds, the forms that take a name of its
//!    kind, those whose words the question shares first (`long`, `keep` → `retention of …`);
//! 3. else the questions about everything whose words the question shares (`list safeguards` for
//!    "is my data safe"), and at least one.

use std::collections::BTreeMap;

use petgraph::graph::NodeIndex;

use super::{
    ast::ListKind,
    ast::LIST_WORDS,
    error::{QueryError, QueryErrorKind},
    lex::{lex, TokenKind},
    parse::parse_strict,
};
use crate::{
    dataset::model::NodeKind,
    dataset::Dataset,
    names::{normalize, COMMON_WORDS},
};

/// At most this many whole questions are offered.
const MAX_OFFERED: usize = 4;
/// At most this many questions are parsed to find them (each costs a parse).
const MAX_TRIED: usize = 24;
/// Names are looked for in the first this many words of a question.
const MAX_SCANNED: usize = 64;
/// A name is at most this many words long, when looked for in a question not understood.
const MAX_NAME_WORDS: usize = 12;
/// Questions longer than this get only the questions about everything.
const MAX_SCANNED_BYTES: usize = 4096;

/// `name` in double quotes, with `"` and `\` escaped: a name as a question writes it exactly.
pub use super::ast::quoted;

/// Each of `nodes` as a question would name it alone: its quoted name, or its quoted id when another
/// of them has the same name.
pub fn each_by_name(ds: &Dataset, nodes: &[NodeIndex]) -> Vec<String> {
    nodes
        .iter()
        .map(|&n| {
            let node = ds.node(n);
            let shared = nodes
                .iter()
                .filter(|&&o| ds.node(o).name == node.name)
                .count()
                > 1;
            quoted(if shared { &node.id } else { &node.name })
        })
        .collect()
}

/// `error`, with the whole questions to ask instead.
pub fn with_suggestions(
    ds: &Dataset,
    query: &str,
    params: &BTreeMap<String, String>,
    mut error: QueryError,
) -> QueryError {
    // A query too long is to be made shorter, not asked another way.
    if matches!(
        error.kind,
        QueryErrorKind::TooLong { .. } | QueryErrorKind::ExpandedTooLong
    ) {
        return error;
    }
    let mut offer = Offer {
        ds,
        query,
        params,
        tried: 0,
        found: Vec::new(),
    };
    let repairs = std::mem::take(&mut error.offer.repairs);
    // A word put right at one place: the nearest that makes a question (not also its plural).
    let mut words_put_right = Vec::new();
    for (range, text) in &repairs {
        let bare_word = !text.is_empty() && !text.starts_with('"');
        if bare_word && words_put_right.contains(range) {
            continue;
        }
        if range.end <= query.len() && query.is_char_boundary(range.start) {
            let repaired = format!("{}{text}{}", &query[..range.start], &query[range.end..]);
            if offer.try_question(&repaired) && bare_word {
                words_put_right.push(range.clone());
            }
        }
    }
    if offer.found.is_empty() && query.len() <= MAX_SCANNED_BYTES {
        let words = cue_words(query, params);
        let mut ranked = Vec::new();
        for (i, node) in names_in(ds, query, params).into_iter().enumerate() {
            ranked.extend(about_name(ds, node, &words, i));
        }
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, _, question) in ranked {
            offer.try_question(&question);
        }
    }
    if offer.found.is_empty() {
        error.offer.general = true;
        for question in about_everything(ds, &cue_words(query, params)) {
            offer.try_question(&question);
        }
        // At least one, whatever the budget spent: `list purposes` answers on every dataset.
        if offer.found.is_empty() {
            offer.tried = 0;
            offer.try_question("list purposes");
        }
    }
    error.offer.suggestions = offer.found;
    error
}

/// The questions found so far, and how many were tried.
struct Offer<'a> {
    ds: &'a Dataset,
    query: &'a str,
    params: &'a BTreeMap<String, String>,
    tried: usize,
    found: Vec<String>,
}

impl Offer<'_> {
    /// Offers `question` if it parses, is not the question asked, and is not offered already;
    /// whether it was offered.
    fn try_question(&mut self, question: &str) -> bool {
        let question = question.split_whitespace().collect::<Vec<_>>().join(" ");
        if self.found.len() >= MAX_OFFERED
            || self.tried >= MAX_TRIED
            || question.is_empty()
            || question == self.query.trim()
            || self.found.contains(&question)
        {
            return false;
        }
        self.tried += 1;
        let parses = parse_strict(self.ds, &question, self.params).is_ok();
        if parses {
            self.found.push(question);
        }
        parses
    }
}

/// The words of a question, normalised, for matching the cues of a form.
fn cue_words(query: &str, params: &BTreeMap<String, String>) -> Vec<String> {
    let text = match lex(query, params) {
        Ok(tokens) => tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| t.text.clone())
            .collect::<Vec<_>>()
            .join(" "),
        Err(_) => query.to_string(),
    };
    normalize(&text)
        .split(' ')
        .take(MAX_SCANNED)
        .map(String::from)
        .collect()
}

/// Whether a run of words is only common words and keywords: not taken for a name ("you", "the").
fn only_common(text: &str) -> bool {
    normalize(text)
        .split(' ')
        .all(|w| COMMON_WORDS.contains(&w) || super::keywords::is_keyword(w))
}

/// The nodes a question names, in the order it names them: the longest runs of words (or a quoted
/// name) that are exactly a name, alias or id, not made only of common words.
fn names_in(ds: &Dataset, query: &str, params: &BTreeMap<String, String>) -> Vec<NodeIndex> {
    let Ok(tokens) = lex(query, params) else {
        return Vec::new();
    };
    let tokens = &tokens[..tokens.len().min(MAX_SCANNED)];
    let mut found: Vec<NodeIndex> = Vec::new();
    let mut i = 0;
    // Looks for names by their beginning, each at every name of the dataset: a few only.
    const MAX_LOOKS: usize = 4;
    let mut looks = 0;
    while i < tokens.len() {
        let mut matched = None;
        for end in (i + 1..=tokens.len().min(i + MAX_NAME_WORDS)).rev() {
            let run = &tokens[i..end];
            let text = if run.len() == 1 {
                run[0].text.clone()
            } else if run.iter().all(|t| t.kind == TokenKind::Word) {
                query[run[0].span.start..run[end - i - 1].span.end].to_string()
            } else {
                continue;
            };
            if run[0].kind == TokenKind::Word && only_common(&text) {
                continue;
            }
            let mut nodes: Vec<NodeIndex> = ds.node_by_id(text.trim()).into_iter().collect();
            nodes.extend(ds.nodes_named(&text).iter().copied());
            if !nodes.is_empty() {
                matched = Some((end - i, nodes));
                break;
            }
        }
        let word = normalize(&tokens[i].text);
        let common = COMMON_WORDS.contains(&word.as_str()) || word.chars().count() < 4;
        if matched.is_none() && tokens[i].kind == TokenKind::Word && !common && looks < MAX_LOOKS {
            looks += 1;
            matched = beginning_at(ds, query, &tokens[i..]);
        }
        match matched {
            Some((end, nodes)) => {
                let end = i + end;
                for n in nodes {
                    if !found.contains(&n) {
                        found.push(n);
                    }
                }
                i = end;
            }
            None => i += 1,
        }
    }
    found
}

/// Names are looked for by their beginning only in a dataset of at most this many nodes (each
/// look compares every name).
const MAX_NODES_BY_BEGINNING: usize = 20_000;

/// The longest run of words at the start of `tokens` (up to [`MAX_NAME_WORDS`], its first word not
/// a common word, four letters at least) that begins some names: how many words, and the nodes.
fn beginning_at(
    ds: &Dataset,
    query: &str,
    tokens: &[super::lex::Token],
) -> Option<(usize, Vec<NodeIndex>)> {
    if ds.graph().node_count() > MAX_NODES_BY_BEGINNING {
        return None;
    }
    let words = tokens
        .iter()
        .take(MAX_NAME_WORDS)
        .take_while(|t| t.kind == TokenKind::Word)
        .count();
    // The runs of words to look for, of four letters at least: one look at every name finds the
    // longest run some names begin with.
    let wanted: Vec<String> = (1..=words)
        .map(|end| normalize(&query[tokens[0].span.start..tokens[end - 1].span.end]))
        .collect();
    let mut best: (usize, Vec<NodeIndex>) = (0, Vec::new());
    for n in ds.graph().node_indices() {
        let node = ds.node(n);
        if node.kind == NodeKind::Region {
            continue;
        }
        let names = std::iter::once(&node.name).chain(node.aliases.iter().map(|a| &a.name));
        let longest = names
            .map(|name| {
                let name = normalize(name);
                (1..=words)
                    .rev()
                    .find(|&end| {
                        let w = &wanted[end - 1];
                        w.chars().count() >= 4 && begins_with_words(&name, w)
                    })
                    .unwrap_or(0)
            })
            .max()
            .unwrap_or(0);
        if longest > best.0 {
            best = (longest, vec![n]);
        } else if longest > 0 && longest == best.0 {
            best.1.push(n);
        }
    }
    (best.0 > 0).then_some(best)
}

/// Whether `name` begins with the whole words of `wanted`.
fn begins_with_words(name: &str, wanted: &str) -> bool {
    name.strip_prefix(wanted)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
}

/// A form that takes a name, and the words that suggest it.
type Template = (&'static str, &'static [&'static str]);

const RECEIVE_CUES: &[&str] = &[
    "who",
    "receive",
    "receives",
    "get",
    "gets",
    "share",
    "shared",
    "shares",
    "see",
    "recipient",
    "recipients",
    "disclose",
    "disclosed",
    "give",
    "access",
    "sell",
    "sold",
    "send",
    "sent",
];
const PURPOSE_CUES: &[&str] = &[
    "why",
    "purpose",
    "purposes",
    "use",
    "used",
    "uses",
    "process",
    "processed",
    "processing",
    "need",
    "collect",
    "collected",
];
const RETENTION_CUES: &[&str] = &[
    "long",
    "keep",
    "kept",
    "retain",
    "retained",
    "retention",
    "store",
    "stored",
    "delete",
    "period",
    "deleted",
];
const SOURCE_CUES: &[&str] = &[
    "where", "source", "sources", "from", "obtain", "obtained", "come", "comes",
];
const BASIS_CUES: &[&str] = &[
    "basis", "bases", "legal", "lawful", "ground", "grounds", "rely", "relies", "justify",
];
const DESCRIBE_CUES: &[&str] = &[
    "describe",
    "about",
    "explain",
    "show",
    "tell",
    "everything",
    "is",
    "what",
];

/// The forms for a data item or category.
const DATA_FORMS: &[Template] = &[
    ("who may receive {}", RECEIVE_CUES),
    ("purposes of {}", PURPOSE_CUES),
    ("retention of {}", RETENTION_CUES),
    ("sources of {}", SOURCE_CUES),
    (
        "who processes {}",
        &["processor", "processors", "processes"],
    ),
    ("categories of {}", &["category", "categories", "fall"]),
    ("describe {}", DESCRIBE_CUES),
];
const RECIPIENT_FORMS: &[Template] = &[
    ("what does {} receive", RECEIVE_CUES),
    ("describe {}", DESCRIBE_CUES),
];
const PURPOSE_FORMS: &[Template] = &[
    ("basis of {}", BASIS_CUES),
    (
        "what data does {} use",
        &["data", "use", "uses", "need", "information"],
    ),
    ("interests of {}", &["interest", "interests", "legitimate"]),
    ("describe {}", DESCRIBE_CUES),
];
const BASIS_FORMS: &[Template] = &[
    (
        "purposes with basis {}",
        &["purposes", "purpose", "rely", "based", "which"],
    ),
    ("describe {}", DESCRIBE_CUES),
];
const SOURCE_FORMS: &[Template] = &[
    (
        "what comes from {}",
        &["what", "get", "from", "comes", "collect", "receive"],
    ),
    ("describe {}", DESCRIBE_CUES),
];
const OTHER_FORMS: &[Template] = &[("describe {}", DESCRIBE_CUES)];

/// How many of `words` are among `cues`; `describe` scores a little even with none, so it comes
/// first when nothing else is suggested.
fn score(template: &str, cues: &[&str], words: &[String]) -> f64 {
    let hits = words.iter().filter(|w| cues.contains(&w.as_str())).count() as f64;
    if template.starts_with("describe") {
        hits.max(0.5)
    } else {
        hits
    }
}

/// The questions about one node of the dataset, scored: `(score, order, question)`.
fn about_name(
    ds: &Dataset,
    node: NodeIndex,
    words: &[String],
    order: usize,
) -> Vec<(f64, (usize, usize), String)> {
    let n = ds.node(node);
    let forms = match n.kind {
        NodeKind::Data | NodeKind::Category => DATA_FORMS,
        NodeKind::Recipient => RECIPIENT_FORMS,
        NodeKind::Purpose => PURPOSE_FORMS,
        NodeKind::Basis => BASIS_FORMS,
        NodeKind::Source => SOURCE_FORMS,
        NodeKind::Region => return Vec::new(),
        _ => OTHER_FORMS,
    };
    let alike = ds.nodes_named(&n.name).len() > 1;
    let name = quoted(if alike { &n.id } else { &n.name });
    forms
        .iter()
        .enumerate()
        .map(|(i, (template, cues))| {
            (
                score(template, cues, words),
                (order, i),
                template.replace("{}", &name),
            )
        })
        .collect()
}

/// Questions about everything, those whose words `words` shares first; at least one.
fn about_everything(ds: &Dataset, words: &[String]) -> Vec<String> {
    const GENERAL: &[Template] = &[
        ("who may receive any data", RECEIVE_CUES),
        ("purposes of any data", PURPOSE_CUES),
        ("basis of every purpose", BASIS_CUES),
        ("list retention", RETENTION_CUES),
        ("list sources", SOURCE_CUES),
        (
            "sharing matrix",
            &["matrix", "sharing", "table", "overview", "each"],
        ),
        (
            "list rights",
            &[
                "rights", "right", "delete", "object", "complain", "withdraw", "erase",
            ],
        ),
        (
            "list safeguards",
            &[
                "safe",
                "secure",
                "security",
                "protect",
                "protected",
                "safeguards",
            ],
        ),
        (
            "list transfers",
            &[
                "transfer",
                "transfers",
                "transferred",
                "outside",
                "abroad",
                "international",
            ],
        ),
        (
            "list contacts",
            &["contact", "dpo", "officer", "reach", "controller"],
        ),
        ("list purposes", &[]),
        ("list data", &["data", "collect", "information"]),
    ];
    let mut ranked: Vec<(f64, usize, String)> = Vec::new();
    // A kind the question names by its `list` word: `list <word>` first.
    for (i, (word, kind)) in LIST_WORDS.iter().enumerate() {
        let named = words
            .iter()
            .any(|w| w == word || w.strip_suffix('s') == Some(word) || w == &singular(word));
        if named && has_any(ds, *kind) {
            ranked.push((10.0, i, format!("list {word}")));
        }
    }
    for (i, (question, cues)) in GENERAL.iter().enumerate() {
        let listed = question.strip_prefix("list ");
        let kind = listed.and_then(|w| LIST_WORDS.iter().find(|(l, _)| *l == w));
        if kind.is_some_and(|(_, k)| !has_any(ds, *k)) {
            continue;
        }
        let hits = words.iter().filter(|w| cues.contains(&w.as_str())).count() as f64;
        ranked.push((hits, 100 + i, question.to_string()));
    }
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let best = ranked.first().map_or(0.0, |r| r.0);
    let wanted = if best > 0.0 { MAX_OFFERED } else { 2 };
    let mut questions: Vec<String> = ranked
        .into_iter()
        .filter(|r| best == 0.0 || r.0 > 0.0)
        .map(|r| r.2)
        .take(wanted)
        .collect();
    questions.push("list purposes".to_string());
    questions
}

/// Whether `list` of `kind` has anything to list.
fn has_any(ds: &Dataset, kind: ListKind) -> bool {
    match kind {
        ListKind::Nodes(k) => !ds.nodes_of_kind(k).is_empty(),
        ListKind::Processors => !ds.nodes_of_kind(NodeKind::Recipient).is_empty(),
        ListKind::Sections | ListKind::Rows => true,
    }
}

/// "categories" → "category".
fn singular(word: &str) -> String {
    match word.strip_suffix("ies") {
        Some(stem) => format!("{stem}y"),
        None => word.strip_suffix('s').unwrap_or(word).to_string(),
    }
}
