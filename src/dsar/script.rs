//! `lineage run FILE`: a script of queries and directives becomes a [`Report`].
//!
//! A script holds one query or dot-command per line, `#` comments and `$params`; a line ending in `\`
//! (or leaving a quote open) continues on the next. The directives (`.title`, `.regime`, `.require`,
//! `.default`, `.param`, `.section`, `.gap`, `.rights`, `.echo`, `.given`) are rows of the one table
//! of dot-commands, [`crate::dot_commands::COMMANDS`], which also says which commands are the REPL's
//! alone; `docs/DSAR.md` explains each.

use std::collections::BTreeMap;

use petgraph::graph::NodeIndex;

use crate::{
    dataset::legal_basis,
    dataset::model::NodeKind,
    dataset::Dataset,
    diagnostic::Diagnostic,
    dot_commands::{self, DotCommand, InScript, Place},
    dsar::regime::{load_regime, Regime},
    dsar::report::{Entry, HeaderField, RegimeRef, Report, Section},
    lines::{byte_order_mark, text_lines, BYTE_ORDER_MARK},
    names::{did_you_mean, normalize},
    query::{
        ask_with,
        eval::{rights, Context, Given, RIGHTS_NEED},
        lex::{MAX_PARAM_BYTES, MAX_QUERY_BYTES},
        Statement,
    },
};

pub struct RunOptions {
    pub params: BTreeMap<String, String>,
    pub echo: bool,
    pub keep_going: bool,
    /// Shown in the header when set: the report is otherwise byte-identical from run to run.
    pub timestamp: Option<String>,
}

/// Runs `text` (the script shown as `name`). Returns the report and every error, in order; without
/// `keep_going` it stops at the first error.
pub fn run(ds: &Dataset, name: &str, text: &str, options: RunOptions) -> (Report, Vec<Diagnostic>) {
    let mut runner = Runner {
        ds,
        name,
        cli_params: options.params.clone(),
        params: options.params,
        regime: None,
        title: None,
        sections: Vec::new(),
        errors: Vec::new(),
        echo: options.echo,
        given: None,
        last: None,
    };
    for item in text_lines(text) {
        match item {
            Ok((number, line)) => runner.line(&line, number),
            Err(e) => {
                runner.errors.push(e.to_diagnostic(name));
                if e.is_final() {
                    break;
                }
            }
        }
        if !options.keep_going && !runner.errors.is_empty() {
            break;
        }
    }
    runner.finish(options.timestamp)
}

/// What the requester has given, as `.given` records it: whether they consented, and the settings
/// they enabled.
struct Recorded {
    /// The words as recorded, for notes.
    text: String,
    consent: bool,
    settings: Vec<NodeIndex>,
}

struct Runner<'a> {
    ds: &'a Dataset,
    name: &'a str,
    cli_params: BTreeMap<String, String>,
    params: BTreeMap<String, String>,
    regime: Option<Regime>,
    title: Option<String>,
    sections: Vec<Section>,
    errors: Vec<Diagnostic>,
    echo: bool,
    given: Option<Recorded>,
    /// The statement of the current section's last answer, for `.rights`.
    last: Option<Statement>,
}

impl Runner<'_> {
    fn fail(
        &mut self,
        line: usize,
        message: impl Into<String>,
        expected: &str,
        help: Option<String>,
    ) {
        let d = Diagnostic::new(format!("{}:{line}", self.name), message)
            .expected(expected)
            .help(help);
        self.errors.push(d);
    }

    fn current(&mut self) -> &mut Section {
        if self.sections.is_empty() {
            self.sections.push(Section {
                item: None,
                entries: Vec::new(),
            });
        }
        // invariant: pushed above when empty.
        self.sections.last_mut().expect("a section")
    }

    fn line(&mut self, line: &str, number: usize) {
        if line.starts_with(BYTE_ORDER_MARK) {
            return self.errors.push(byte_order_mark(self.name, number, line));
        }
        let text = line.trim();
        if text.is_empty() || text.starts_with('#') {
            return;
        }
        let Some(command) = text.strip_prefix('.') else {
            return self.question(text, number);
        };
        let (name, rest) = dot_commands::split(command);
        // `$NAME` in a directive's argument is the parameter's value.
        let Some(rest) = self.substitute(rest) else {
            return self.fail(
                number,
                format!("`.{name}` is too long once its parameters are replaced"),
                &format!("at most {MAX_QUERY_BYTES} bytes, parameters replaced"),
                None,
            );
        };
        match dot_commands::find(name).map(DotCommand::in_script) {
            Some(Some(directive)) => self.directive(directive, name, &rest, number),
            Some(None) => self.fail(
                number,
                format!("`.{name}` is for the REPL"),
                "in `lineage run`, `--format`, `-o` and `--data` do its work",
                None,
            ),
            None => {
                let names = dot_commands::names_in(Place::Script);
                let help = did_you_mean(&format!(".{name}"), names.iter().map(String::as_str));
                self.fail(
                    number,
                    format!("unknown directive `.{name}`"),
                    "a directive listed in docs/DSAR.md",
                    help,
                );
            }
        }
    }

    /// A query: its answer goes into the current section.
    fn question(&mut self, text: &str, number: usize) {
        match ask_with(self.ds, text, &self.params, &self.context()) {
            Ok((statement, answer)) => {
                self.last = Some(statement);
                self.current().entries.push(Entry::Answer {
                    question: text.to_string(),
                    line: number,
                    answer: Box::new(answer),
                })
            }
            Err(e) => self
                .errors
                .push(e.to_diagnostic_at(self.name, number, text)),
        }
    }

    /// A directive, called `name` in the script, with its argument `rest`.
    fn directive(&mut self, directive: InScript, name: &str, rest: &str, number: usize) {
        match directive {
            InScript::Given => self.given(rest, number),
            InScript::Title => self.title = Some(rest.trim_matches('"').to_string()),
            InScript::Regime => match load_regime(rest) {
                Ok(regime) => self.regime = Some(regime),
                // A problem inside the regime file is shown there, at its line and column.
                Err(d) if d.location.is_some() => self.errors.push(*d),
                Err(d) => self.fail(
                    number,
                    d.message,
                    d.expected.as_deref().unwrap_or("a regime"),
                    d.help,
                ),
            },
            InScript::Require => self.require(rest, number),
            InScript::Default | InScript::Param => self.param(directive, name, rest, number),
            InScript::Section => self.section(rest, number),
            InScript::Gap => self.gap(rest, number),
            InScript::Rights => self.rights(number),
            InScript::Echo => self.echo = matches!(rest, "on" | "yes" | "true"),
        }
    }

    /// `.require NAME WHAT`: the script needs `--param NAME=…`.
    fn require(&mut self, rest: &str, number: usize) {
        let (param, what) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let param = param.trim_start_matches('$');
        if !self.params.contains_key(param) {
            self.fail(
                number,
                format!("the script needs `--param {param}=...`"),
                if what.is_empty() {
                    "a value for the parameter"
                } else {
                    what.trim()
                },
                None,
            );
        }
    }

    /// `.param NAME VALUE`, and `.default NAME VALUE`, which `--param` and earlier lines override.
    fn param(&mut self, directive: InScript, name: &str, rest: &str, number: usize) {
        let Some((param, value)) = rest.split_once(char::is_whitespace) else {
            return self.fail(
                number,
                format!("`.{name}` needs a name and a value"),
                "`.{name} NAME VALUE`",
                None,
            );
        };
        let param = param.trim_start_matches('$').to_string();
        let value = value.trim().trim_matches('"').to_string();
        if value.len() > MAX_PARAM_BYTES {
            return self.fail(
                number,
                format!("the value of `${param}` is {} bytes", value.len()),
                &format!("at most {MAX_PARAM_BYTES} bytes"),
                None,
            );
        }
        if directive != InScript::Default
            || !self.cli_params.contains_key(&param) && !self.params.contains_key(&param)
        {
            self.params.insert(param, value);
        }
    }

    /// `.gap TEXT`: what the notice does not state for the current item.
    fn gap(&mut self, rest: &str, number: usize) {
        if self.sections.last().is_none_or(|s| s.item.is_none()) {
            return self.fail(
                number,
                "`.gap` outside a section",
                "`.section ID` first",
                None,
            );
        }
        let text = rest.trim_matches('"').to_string();
        self.current().entries.push(Entry::Gap(text));
    }

    /// `$NAME` replaced by the value of parameter NAME, where one is set; `None` when the result would
    /// pass [`MAX_QUERY_BYTES`], which is checked before each value is copied.
    fn substitute(&self, text: &str) -> Option<String> {
        let mut out = String::new();
        let mut rest = text;
        while let Some(at) = rest.find('$') {
            out.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            let end = after
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(after.len());
            let piece = match self.params.get(&after[..end]) {
                Some(value) if end > 0 => value.as_str(),
                _ => &rest[at..at + 1 + end],
            };
            if out.len() + piece.len() + after.len() - end > MAX_QUERY_BYTES {
                return None;
            }
            out.push_str(piece);
            rest = &after[end..];
        }
        out.push_str(rest);
        Some(out)
    }

    /// `.given consent, <setting>, …`: what the requester has given. `not recorded` (or nothing)
    /// records nothing; `no consent` or `none` records that they gave no consent.
    fn given(&mut self, text: &str, number: usize) {
        let text = text.trim().trim_matches('"');
        let words = normalize(text);
        if words.is_empty() || words == "not recorded" {
            self.given = None;
            return;
        }
        let mut given = Recorded {
            text: text.to_string(),
            consent: false,
            settings: Vec::new(),
        };
        for part in text
            .split([',', ';'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            match normalize(part).as_str() {
                "consent" | "consents" | "all consents" | "consent given" => given.consent = true,
                "no consent" | "none" | "nothing" => {}
                _ => {
                    let found: Vec<NodeIndex> = self
                        .ds
                        .nodes_named(part)
                        .iter()
                        .copied()
                        .filter(|&n| {
                            matches!(
                                self.ds.node(n).kind,
                                NodeKind::Control | NodeKind::Condition
                            )
                        })
                        .collect();
                    match found.as_slice() {
                        [node] => given.settings.push(*node),
                        _ => {
                            let known: Vec<&str> = [NodeKind::Control, NodeKind::Condition]
                                .iter()
                                .flat_map(|&k| self.ds.nodes_of_kind(k))
                                .map(|&n| self.ds.node(n).name.as_str())
                                .collect();
                            let help = did_you_mean(part, known.iter().copied());
                            return self.fail(
                                number,
                                format!("`{part}` is not a setting or consent of this notice"),
                                "`consent`, `no consent`, or the names of settings the requester enabled",
                                help,
                            );
                        }
                    }
                }
            }
        }
        self.given = Some(given);
    }

    /// What the evaluator needs to know of the requester: their consents and settings, and which of
    /// the notice's bases are consent (as the regime names it).
    fn context(&self) -> Context {
        let Some(recorded) = &self.given else {
            return Context::default();
        };
        // A basis is consent by its kind (`legal_basis`), under the regime in force, or under the
        // regimes the tool knows when the script sets none; never by its name.
        let known = legal_basis::known_kinds();
        let is_consent = |kind: &str| match &self.regime {
            Some(regime) => regime.basis_of_kind(kind).is_some_and(|b| b.consent),
            None => known.iter().any(|k| k.id == kind && k.consent),
        };
        let consent_bases = self
            .ds
            .nodes_of_kind(NodeKind::Basis)
            .iter()
            .copied()
            .filter(|&b| {
                let lb = self.ds.node(b).legal_basis.as_ref();
                lb.is_some_and(|lb| is_consent(&lb.kind))
            })
            .collect();
        Context {
            given: Some(Given {
                text: recorded.text.clone(),
                consent: recorded.consent,
                settings: recorded.settings.clone(),
                consent_bases,
            }),
        }
    }

    fn section(&mut self, id: &str, number: usize) {
        let Some(regime) = &self.regime else {
            return self.fail(
                number,
                "`.section` before `.regime`",
                "`.regime NAME` first",
                None,
            );
        };
        let Some(item) = regime.item(id).cloned() else {
            let ids: Vec<&str> = regime.items.iter().map(|i| i.id.as_str()).collect();
            let help = did_you_mean(id, ids.iter().copied());
            let expected = format!("an item of {}: {}", regime.id, ids.join(", "));
            return self.fail(number, format!("unknown item `{id}`"), &expected, help);
        };
        if self
            .sections
            .iter()
            .any(|s| s.item.as_ref().is_some_and(|i| i.id == item.id))
        {
            return self.fail(
                number,
                format!("a second section for `{id}`"),
                "one section per item",
                None,
            );
        }
        self.sections.push(Section {
            item: Some(item),
            entries: Vec::new(),
        });
        self.last = None;
    }

    /// The rights each basis behind the section's last answer opens.
    fn rights(&mut self, number: usize) {
        let Some(regime) = self.regime.clone() else {
            return self.fail(
                number,
                "`.rights` before `.regime`",
                "`.regime NAME` first",
                None,
            );
        };
        let Some(statement) = self.last.clone() else {
            return self.fail(
                number,
                "`.rights` needs an answer before it",
                RIGHTS_NEED,
                None,
            );
        };
        let Some(answer) = rights(self.ds, &statement, &regime) else {
            return self.fail(
                number,
                "the answer before `.rights` names no purposes and bases",
                RIGHTS_NEED,
                None,
            );
        };
        self.current().entries.push(Entry::Answer {
            question: ".rights".into(),
            line: number,
            answer: Box::new(answer),
        });
    }

    fn finish(self, timestamp: Option<String>) -> (Report, Vec<Diagnostic>) {
        let ds = self.ds;
        let m = &ds.manifest();
        let mut header = Vec::new();
        let mut field = |key, label, value: String| header.push(HeaderField { key, label, value });
        if let Some(regime) = &self.regime {
            field(
                "regime",
                "Regime",
                format!("{}: {}", regime.name, regime.title),
            );
        }
        field(
            "dataset",
            "Dataset",
            format!(
                "{}: \"{}\", {}, as of {}",
                m.name, m.title, m.publisher, m.as_of
            ),
        );
        field("source", "Source", m.source_url.clone());
        field(
            "content_hash",
            "Content hash",
            ds.content_hash().to_string(),
        );
        field("script", "Script", self.name.to_string());
        let params: Vec<String> = self
            .params
            .iter()
            .map(|(k, v)| format!("{k} = {v}"))
            .collect();
        field(
            "parameters",
            "Parameters",
            if params.is_empty() {
                "none".into()
            } else {
                params.join("; ")
            },
        );
        field(
            "tool",
            "Tool",
            format!("lineage {}", env!("CARGO_PKG_VERSION")),
        );
        if let Some(at) = timestamp {
            field("generated_at", "Generated at", at);
        }
        let report = Report {
            title: self
                .title
                .unwrap_or_else(|| format!("Answers from {}", self.name)),
            header,
            regime: self.regime.as_ref().map(|r| RegimeRef {
                id: r.id.clone(),
                name: r.name.clone(),
                title: r.title.clone(),
            }),
            sections: self.sections,
            items: self
                .regime
                .as_ref()
                .map(|r| r.items.clone())
                .unwrap_or_default(),
            echo: self.echo,
            law: self.regime,
            classes: Vec::new(),
        };
        (report, self.errors)
    }
}
