//! The one table of the query language's words: every form, as the words it is made of and the kinds
//! of name each slot takes. The parser takes its words only from it (a debug assertion in its word
//! tests), Tab completion offers its words and, in a slot, only names of the kinds the slot takes,
//! and `.help` shows its forms' examples.
//!
//! A form is a pattern: words separated by spaces; `a|b` is one of several words; a leading `?` makes
//! a word optional; `<data>`, `<recipient>`, … is a slot for a name (see [`Slot`]). The statement's
//! filters (`in <region>`, `where basis is <basis>`) are [`SUFFIXES`], which may follow any form.
//!
//! Further tables register in [`TABLES`] (one slice of forms per source of words) and
//! [`SUFFIX_TABLES`] (filters), so a new module's words are completed and accepted the same way.

use std::collections::BTreeSet;

use super::ast::{ANY_DATA, LIST_WORDS};
use super::parse::{AUDIT_FORMS, AUDIT_SUFFIXES, ROUTE_FORMS};
use crate::dataset::model::NodeKind;

/// One form of question: a pattern and its topic (`.help <topic>`).
#[derive(Debug, Clone, Copy)]
pub struct Form {
    pub topic: &'static str,
    pub pattern: &'static str,
}

pub const fn form(topic: &'static str, pattern: &'static str) -> Form {
    Form { topic, pattern }
}

/// What a slot takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// A data item or category, or `any data`.
    Data,
    Recipient,
    Purpose,
    /// A recipient or a purpose (`what does <subject> receive|use`).
    Subject,
    Basis,
    Source,
    /// Anything of the dataset (and, for `describe`, a row or section id).
    Any,
    Region,
    /// What `list` lists (its words are keywords: [`LIST_WORDS`]).
    List,
    /// A whole number (`limit 20`, `up to 4 steps`).
    Number,
}

impl Slot {
    fn parse(name: &str) -> Option<Slot> {
        Some(match name {
            "<data>" => Slot::Data,
            "<recipient>" => Slot::Recipient,
            "<purpose>" => Slot::Purpose,
            "<subject>" => Slot::Subject,
            "<basis>" => Slot::Basis,
            "<source>" => Slot::Source,
            "<name>" => Slot::Any,
            "<region>" => Slot::Region,
            "<list>" => Slot::List,
            "<number>" => Slot::Number,
            _ => return None,
        })
    }

    /// The kinds of node the slot takes (none for `<region>` codes and `<list>` words).
    pub fn kinds(self) -> &'static [NodeKind] {
        match self {
            Slot::Data => &[NodeKind::Data, NodeKind::Category],
            Slot::Recipient => &[NodeKind::Recipient],
            Slot::Purpose => &[NodeKind::Purpose],
            Slot::Subject => &[NodeKind::Recipient, NodeKind::Purpose],
            Slot::Basis => &[NodeKind::Basis],
            Slot::Source => &[NodeKind::Source],
            Slot::Any => NodeKind::ALL,
            Slot::Region => &[NodeKind::Region],
            Slot::List | Slot::Number => &[],
        }
    }

    /// Keywords a slot may hold instead of a name: `any data`, `everything`, the words of `list`.
    pub fn words(self) -> Vec<&'static str> {
        match self {
            Slot::Data => ANY_DATA
                .iter()
                .filter_map(|p| p.split(' ').next())
                .collect(),
            Slot::List => LIST_WORDS.iter().map(|(w, _)| *w).collect(),
            _ => Vec::new(),
        }
    }
}

/// The forms of the core language (docs/QUERY_LANGUAGE.md), as `parse.rs` reads them.
pub const CORE: &[Form] = &[
    form("who", "who ?may|can|could|might|will|would|does|do receive|receives|get|gets <data> ?and ?under|on|with|by ?which|what|their|its ?legal ?basis|bases"),
    form("who", "who ?may|can|could|might|will|would|does|do process|processes <data>"),
    form("recipients", "recipients of|for <data> ?and ?under|on|with|by ?which|what|their|its ?legal ?basis|bases"),
    form("what", "what|which comes|come from <source>"),
    form("what", "what|which data|information is collected from <source>"),
    form("what", "what|which data|information comes|come from <source>"),
    form("what", "what|which data|information is|are used for <purpose>"),
    form("what", "what|which data|information is|are shared with <recipient>"),
    form("what", "what|which ?data|information does|do|may|can|will <subject> use|uses|process|need|receive|receives|get|gets"),
    form("what", "what|which is|are shared with <recipient>"),
    form("basis", "what|which is|are the ?legal basis|bases of|for <purpose>"),
    form("basis", "what|which is|are the ?legal basis|bases of|for every|all|any purpose|purposes"),
    form("what", "what|which is|are <name> ?used ?for"),
    form("why", "why is|are <data> processed|used|collected"),
    form("why", "why does|do|may|can|would|will <recipient> receive|get <data>"),
    form("purposes", "purposes|purpose|uses of|for <data>"),
    form("purposes", "purposes|purpose|uses based on <basis>"),
    form("purposes", "purposes|purpose|uses with|under|on|by ?legal basis <basis>"),
    form("data", "data ?used for|of <purpose>"),
    form("basis", "?legal basis|bases of|for <purpose>"),
    form("basis", "?legal basis|bases of|for every|all|any purpose|purposes"),
    form("interests", "interests|interest of|for <purpose>"),
    form("interests", "interests|interest of|for every|all|any purpose|purposes"),
    form("sources", "sources|source of|for <data>"),
    form("sources", "where does|do|is|are <data> come|comes|collected from"),
    form("categories", "categories of|for <data>"),
    form("items", "items of|in|for <data>"),
    form("sharing", "sharing|disclosure matrix"),
    form("sharing", "sharing|disclosure matrix of|for <data>"),
    form("retention", "retention of|for <data>"),
    form("retention", "how long is|are|do|does ?you|they|we ?keep|store|retain <data> ?kept|stored|retained"),
    form("processors", "processors of|for <data>"),
    form("processors", "who ?may|can|could|might|will|would|does|do process|processes <data>"),
    form("path", "path|paths|route|routes from <name> to <name>"),
    form("describe", "describe|explain|show <name>"),
    form("list", "list|show|all ?all <list>"),
];

/// The filters that may end a question about recipients, purposes, data or bases.
pub const SUFFIXES: &[Form] = &[
    form("in", "in|for <region>"),
    form(
        "where",
        "where ?legal basis|bases ?is|=|includes|include <basis>",
    ),
];

/// Every table of forms: the core language's, then those other modules register.
pub const TABLES: &[&[Form]] = &[CORE, AUDIT_FORMS, ROUTE_FORMS];

/// Every table of filters that may end a question, the core language's first.
pub const SUFFIX_TABLES: &[&[Form]] = &[SUFFIXES, AUDIT_SUFFIXES];

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Element {
    /// One of these words; optional or not.
    Words {
        alternatives: Vec<&'static str>,
        optional: bool,
    },
    Slot(Slot),
}

/// The elements of a pattern.
pub fn elements(pattern: &'static str) -> Vec<Element> {
    pattern
        .split(' ')
        .map(|part| match Slot::parse(part) {
            Some(slot) => Element::Slot(slot),
            None => {
                let optional = part.starts_with('?');
                Element::Words {
                    alternatives: part.trim_start_matches('?').split('|').collect(),
                    optional,
                }
            }
        })
        .collect()
}

/// Every form of every table, then every filter (from the index `TABLES`' forms end at).
pub fn forms() -> impl Iterator<Item = &'static Form> {
    TABLES.iter().chain(SUFFIX_TABLES).flat_map(|t| t.iter())
}

/// Every keyword: the words of every form, the words slots may hold (`any data`, what `list`
/// lists, in the singular too) and the words of `every purpose`.
pub fn vocabulary() -> &'static BTreeSet<&'static str> {
    static WORDS: std::sync::OnceLock<BTreeSet<&'static str>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words = BTreeSet::new();
        for f in forms() {
            for element in elements(f.pattern) {
                if let Element::Words { alternatives, .. } = element {
                    words.extend(alternatives);
                }
            }
        }
        words.extend(ANY_DATA.iter().flat_map(|p| p.split(' ')));
        for (word, _) in LIST_WORDS {
            words.insert(word);
            words.insert(singular(word));
        }
        words
    })
}

/// Whether `word` is a keyword (any case).
pub fn is_keyword(word: &str) -> bool {
    vocabulary().contains(word.to_ascii_lowercase().as_str())
}

/// "categories" → "category", "purposes" → "purpose", as a static word of [`LIST_WORDS`].
fn singular(word: &'static str) -> &'static str {
    const SINGULARS: &[(&str, &str)] = &[("categories", "category"), ("authorities", "authority")];
    if let Some((_, one)) = SINGULARS.iter().find(|(many, _)| *many == word) {
        return one;
    }
    word.strip_suffix('s').unwrap_or(word)
}

/// What may come next after some words of a question.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Next {
    /// Keywords that may come next.
    pub words: BTreeSet<&'static str>,
    /// Slots a name may start in next.
    pub slots: Vec<Slot>,
    /// Whether the words matched some form at all (else completion offers everything).
    pub matched: bool,
}

/// A place in a form: which form (of [`forms`]), which element, and whether inside a slot's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct State {
    form: usize,
    at: usize,
    in_slot: bool,
}

/// What may come after `words` (complete words, a quoted name being one word): the keywords and the
/// slots that may follow, in every form the words may be the beginning of.
pub fn next(words: &[&str]) -> Next {
    let patterns: Vec<Vec<Element>> = forms().map(|f| elements(f.pattern)).collect();
    let suffix_start: usize = TABLES.iter().map(|t| t.len()).sum();
    let mut states: BTreeSet<State> = (0..suffix_start)
        .map(|form| State {
            form,
            at: 0,
            in_slot: false,
        })
        .collect();
    for word in words {
        let word = word.to_ascii_lowercase();
        let mut after = BTreeSet::new();
        for state in closure(&states, &patterns, suffix_start) {
            step(state, &word, &patterns, &mut after);
        }
        states = after;
        if states.is_empty() {
            return Next::default();
        }
    }
    let mut next = Next {
        matched: true,
        ..Next::default()
    };
    for state in closure(&states, &patterns, suffix_start) {
        match patterns[state.form].get(state.at) {
            Some(Element::Words { alternatives, .. }) if !state.in_slot => {
                next.words.extend(alternatives.iter().copied())
            }
            Some(Element::Slot(slot)) if !state.in_slot => {
                next.words.extend(slot.words());
                if !next.slots.contains(slot) {
                    next.slots.push(*slot);
                }
            }
            _ => {}
        }
    }
    next
}

/// The states reachable without reading a word: past optional words, out of a slot that has read a
/// word, and from the end of a form into a filter.
fn closure(
    states: &BTreeSet<State>,
    patterns: &[Vec<Element>],
    suffix_start: usize,
) -> BTreeSet<State> {
    let mut all = states.clone();
    let mut todo: Vec<State> = states.iter().copied().collect();
    while let Some(state) = todo.pop() {
        let mut more = Vec::new();
        let elements = &patterns[state.form];
        match elements.get(state.at) {
            Some(Element::Words { optional: true, .. }) if !state.in_slot => more.push(State {
                at: state.at + 1,
                ..state
            }),
            Some(Element::Slot(_)) if state.in_slot => more.push(State {
                at: state.at + 1,
                in_slot: false,
                ..state
            }),
            None => more.extend((suffix_start..patterns.len()).map(|form| State {
                form,
                at: 0,
                in_slot: false,
            })),
            _ => {}
        }
        for s in more {
            if all.insert(s) {
                todo.push(s);
            }
        }
    }
    all
}

/// The states after reading `word` from `state`.
fn step(state: State, word: &str, patterns: &[Vec<Element>], after: &mut BTreeSet<State>) {
    let lists = |w: &&'static str| *w == word || singular(w) == word;
    match patterns[state.form].get(state.at) {
        Some(Element::Words { alternatives, .. })
            if !state.in_slot && alternatives.contains(&word) =>
        {
            after.insert(State {
                at: state.at + 1,
                ..state
            });
        }
        Some(Element::Slot(Slot::List)) if Slot::List.words().iter().any(lists) => {
            after.insert(State {
                at: state.at + 1,
                in_slot: false,
                ..state
            });
        }
        Some(Element::Slot(Slot::List)) => {}
        Some(Element::Slot(_)) => {
            after.insert(State {
                in_slot: true,
                ..state
            });
        }
        _ => {}
    }
}

/// An example of every form for `.help`, with `<data>`, `<purpose>`, … to be filled with names.
pub fn examples() -> Vec<(&'static str, String)> {
    forms()
        .map(|f| {
            let words: Vec<String> = elements(f.pattern)
                .iter()
                .map(|e| match e {
                    Element::Words { alternatives, .. } => alternatives[0].to_string(),
                    Element::Slot(slot) => format!("<{}>", slot_name(*slot)),
                })
                .collect();
            (f.topic, words.join(" "))
        })
        .collect()
}

/// How a slot is written in a pattern, without its brackets.
pub fn slot_name(slot: Slot) -> &'static str {
    match slot {
        Slot::Data => "data",
        Slot::Recipient => "recipient",
        Slot::Purpose => "purpose",
        Slot::Subject => "subject",
        Slot::Basis => "basis",
        Slot::Source => "source",
        Slot::Any => "name",
        Slot::Region => "region",
        Slot::List => "list",
        Slot::Number => "number",
    }
}

/// What counsel say, and what `lineage` asks: `.help phrases` and the section "Phrasebook" of
/// docs/QUERY_LANGUAGE.md. `<data>`, `<recipient>`, … stand for names of the dataset.
pub const PHRASEBOOK: &[(&str, &str)] = &[
    ("Who receives my <data>?", "who may receive <data>"),
    (
        "Who do you share <data> with, and on what basis?",
        "who may receive <data> and under which basis",
    ),
    (
        "Who are the recipients of my personal data?",
        "who may receive any data",
    ),
    (
        "Who gets <data> in <region>?",
        "who may receive <data> in <region>",
    ),
    (
        "What do you give <recipient>?",
        "what does <recipient> receive",
    ),
    (
        "What is shared with <recipient>?",
        "what is shared with <recipient>",
    ),
    (
        "Why does <recipient> get <data>?",
        "why does <recipient> receive <data>",
    ),
    ("What is my <data> used for?", "purposes of <data>"),
    ("Why do you process <data>?", "why is <data> processed"),
    (
        "What are the purposes of the processing?",
        "purposes of any data",
    ),
    (
        "What data do you use for <purpose>?",
        "what data does <purpose> use",
    ),
    (
        "What is the legal basis for <purpose>?",
        "basis of <purpose>",
    ),
    (
        "What is the legal basis for each purpose?",
        "basis of every purpose",
    ),
    (
        "Which purposes rely on <basis>?",
        "purposes with basis <basis>",
    ),
    (
        "Which purposes are based on <basis>?",
        "purposes based on <basis>",
    ),
    (
        "What legitimate interests do you pursue for <purpose>?",
        "interests of <purpose>",
    ),
    (
        "What legitimate interests do you rely on?",
        "interests of every purpose",
    ),
    (
        "Where do you get my <data> from?",
        "where does <data> come from",
    ),
    ("What is the source of <data>?", "sources of <data>"),
    ("What do you get from <source>?", "what comes from <source>"),
    ("How long do you keep my <data>?", "how long is <data> kept"),
    (
        "What is the retention period for <data>?",
        "retention of <data>",
    ),
    (
        "Who processes <data> on your behalf?",
        "who processes <data>",
    ),
    ("Who are your processors?", "who are the processors"),
    (
        "What do you get from third parties?",
        "what comes from third parties",
    ),
    ("Which category is <data> in?", "categories of <data>"),
    ("What does the category <data> include?", "items of <data>"),
    ("Which data goes to which recipients?", "sharing matrix"),
    (
        "How does <data> reach <recipient>?",
        "path from <data> to <recipient>",
    ),
    (
        "How can data from <source> reach <recipient>?",
        "every route from <source> to <recipient>",
    ),
    (
        "Which recipients can data from <source> reach?",
        "recipients reachable from <source>",
    ),
    (
        "Who may receive data from each source?",
        "recipients reachable from every source",
    ),
    ("Tell me everything about <name>.", "describe <name>"),
    ("What does row <row> of the notice say?", "describe <row>"),
    ("What data do you collect?", "list data"),
    ("What categories of data do you hold?", "list categories"),
    ("Who do you share data with?", "list recipients"),
    ("Where do you get data from?", "list sources"),
    ("What are my rights?", "list rights"),
    ("What safeguards do you apply?", "list safeguards"),
    ("What settings can I control?", "list settings"),
    ("Which footnotes qualify the tables?", "list footnotes"),
];

/// `template` with its `<data>`, `<recipient>`, `<purpose>`, `<basis>`, `<source>`, `<name>`,
/// `<row>` and `<region>` replaced by the first such name of `ds`, quoted (a placeholder whose kind
/// the dataset lacks stays as it is).
pub fn fill(template: &str, ds: &crate::Dataset) -> String {
    let first = |kinds: &[NodeKind]| {
        kinds
            .iter()
            .find_map(|&k| ds.nodes_of_kind(k).first())
            .map(|&n| super::suggest::quoted(&ds.node(n).name))
    };
    let region = ds
        .nodes_of_kind(NodeKind::Region)
        .first()
        .map(|&n| ds.node(n).id.to_string());
    let mut text = template.to_string();
    for (placeholder, value) in [
        ("<data>", first(&[NodeKind::Category, NodeKind::Data])),
        ("<recipient>", first(&[NodeKind::Recipient])),
        ("<purpose>", first(&[NodeKind::Purpose])),
        ("<basis>", first(&[NodeKind::Basis])),
        ("<source>", first(&[NodeKind::Source])),
        ("<name>", first(&[NodeKind::Recipient, NodeKind::Data])),
        ("<row>", ds.rows().first().map(|r| r.id.to_string())),
        ("<region>", region),
    ] {
        if let Some(value) = value {
            text = text.replace(placeholder, &value);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_reads() {
        for f in forms() {
            for element in elements(f.pattern) {
                if let Element::Words { alternatives, .. } = element {
                    for w in alternatives {
                        assert!(
                            !w.is_empty() && !w.starts_with('<') && w == w.to_ascii_lowercase(),
                            "{:?}: {w:?}",
                            f.pattern
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn what_may_follow() {
        let n = next(&["who", "may"]);
        assert!(n.words.contains("receive") && n.words.contains("processes"));
        assert!(n.slots.is_empty());
        let n = next(&["who", "may", "receive"]);
        assert_eq!(n.slots, vec![Slot::Data]);
        assert!(n.words.contains("any") && n.words.contains("everything"));
        let n = next(&["sharing"]);
        assert_eq!(n.words.iter().copied().collect::<Vec<_>>(), vec!["matrix"]);
        let n = next(&["purposes", "of", "\"Email address\""]);
        assert!(n.words.contains("in") && n.words.contains("where"));
        let n = next(&["basis", "of"]);
        assert_eq!(n.slots, vec![Slot::Purpose]);
        assert!(!next(&["cheese"]).matched);
    }
}
