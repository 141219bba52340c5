//! `lineage run FILE`: a script of queries and directives becomes a [`Report`].
//!
//! A script holds one query or dot-command per line, `#` comments and `$params`; a line ending in `\`
//! (or leaving a quote open) continues on the next. Directives:
//!
//! | directive | meaning |
//! | --- | --- |
//! | `.title TEXT` | the report's title |
//! | `.regime NAME` | the regime whose items the sections answer (`gdpr`, `ccpa`, or a regime file) |
//! | `.require NAME WHAT` | the script needs `--param NAME=…`; WHAT says what it is |
//! | `.default NAME VALUE` | `$NAME` is VALUE unless `--param` sets it |
//! | `.param NAME VALUE` | `$NAME` is VALUE |
//! | `.section ID` | the following answers answer the regime's item ID |
//! | `.gap TEXT` | the notice does not state TEXT for this item |
//! | `.rights` | the rights that the bases of the section's last answer open, from the regime |
//! | `.echo on\|off` | show each question above its answer |
//! | `.given TEXT` | what the requester has given (`consent`, `no consent`, setting names): later answers flag rows resting on anything else |

use std::collections::BTreeMap;

use crate::{
    answer::{Answer, BasisCell, Cell, Column, Evidence, NodeRef, Row, NOT_STATED},
    dataset::Dataset,
    diagnostic::Diagnostic,
    names::did_you_mean,
    query::ask,
    regime::{load_regime, Regime},
    repl::session::logical_lines,
    report::{Entry, HeaderField, RegimeRef, Report, Section},
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
    };
    let lines = logical_lines(text.lines().map(|l| Ok::<_, std::io::Error>(l.to_string())));
    // Lines of a text in memory cannot fail to read.
    for (number, line) in lines.flatten() {
        runner.line(&line, number);
        if !options.keep_going && !runner.errors.is_empty() {
            break;
        }
    }
    runner.finish(options.timestamp)
}

/// What the requester has given, as `.given` records it: whether they consented, and the settings
/// they enabled.
struct Given {
    /// The words as recorded, for notes.
    text: String,
    consent: bool,
    settings: Vec<String>,
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
    given: Option<Given>,
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
        let text = line.trim();
        if text.is_empty() || text.starts_with('#') {
            return;
        }
        let Some(command) = text.strip_prefix('.') else {
            match ask(self.ds, text, &self.params) {
                Ok(mut answer) => {
                    self.mark_given(&mut answer);
                    self.current().entries.push(Entry::Answer {
                        question: text.to_string(),
                        line: number,
                        answer,
                    })
                }
                Err(e) => self
                    .errors
                    .push(e.to_diagnostic_at(self.name, number, text)),
            }
            return;
        };
        let (name, rest) = match command.split_once(char::is_whitespace) {
            Some((name, rest)) => (name, rest.trim()),
            None => (command, ""),
        };
        // `$NAME` in a directive's argument is the parameter's value.
        let substituted = self.substitute(rest);
        let rest = substituted.as_str();
        match name {
            "given" => self.given(rest, number),
            "title" => self.title = Some(rest.trim_matches('"').to_string()),
            "regime" => match load_regime(rest) {
                Ok(regime) => self.regime = Some(regime),
                Err(d) => self.fail(
                    number,
                    d.message,
                    d.expected.as_deref().unwrap_or("a regime"),
                    d.help,
                ),
            },
            "require" => {
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
            "default" | "param" | "parameter" => {
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
                if name != "default"
                    || !self.cli_params.contains_key(&param) && !self.params.contains_key(&param)
                {
                    self.params.insert(param, value);
                }
            }
            "section" => self.section(rest, number),
            "gap" => {
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
            "rights" => self.rights(number),
            "echo" => self.echo = matches!(rest, "on" | "yes" | "true"),
            "mode" | "output" | "once" | "dot" | "headers" | "data" | "read" | "show" | "help"
            | "quit" | "exit" => self.fail(
                number,
                format!("`.{name}` is for the REPL"),
                "in `lineage run`, `--format`, `-o` and `--data` do its work",
                None,
            ),
            _ => {
                const KNOWN: &[&str] = &[
                    "title", "regime", "require", "default", "param", "section", "gap", "rights",
                    "echo",
                ];
                let dotted: Vec<String> = KNOWN.iter().map(|k| format!(".{k}")).collect();
                let help = did_you_mean(&format!(".{name}"), dotted.iter().map(String::as_str));
                self.fail(
                    number,
                    format!("unknown directive `.{name}`"),
                    "a directive listed in docs/DSAR.md",
                    help,
                );
            }
        }
    }

    /// `$NAME` replaced by the value of parameter NAME, where one is set.
    fn substitute(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(at) = rest.find('$') {
            out.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            let end = after
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(after.len());
            match self.params.get(&after[..end]) {
                Some(value) if end > 0 => out.push_str(value),
                _ => out.push_str(&rest[at..at + 1 + end]),
            }
            rest = &after[end..];
        }
        out.push_str(rest);
        out
    }

    /// `.given consent, <setting>, …`: what the requester has given. `not recorded` (or nothing)
    /// records nothing; `no consent` or `none` records that they gave no consent.
    fn given(&mut self, text: &str, number: usize) {
        let text = text.trim().trim_matches('"');
        let words = crate::names::normalize(text);
        if words.is_empty() || words == "not recorded" {
            self.given = None;
            return;
        }
        let mut given = Given {
            text: text.to_string(),
            consent: false,
            settings: Vec::new(),
        };
        for part in text
            .split([',', ';'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            match crate::names::normalize(part).as_str() {
                "consent" | "consents" | "all consents" | "consent given" => given.consent = true,
                "no consent" | "none" | "nothing" => {}
                _ => {
                    let found: Vec<&str> = self
                        .ds
                        .nodes_named(part)
                        .iter()
                        .map(|&n| self.ds.node(n))
                        .filter(|n| {
                            matches!(
                                n.kind,
                                crate::model::NodeKind::Control | crate::model::NodeKind::Condition
                            )
                        })
                        .map(|n| n.id.as_str())
                        .collect();
                    match found.as_slice() {
                        [id] => given.settings.push(id.to_string()),
                        _ => {
                            let known: Vec<&str> = [
                                crate::model::NodeKind::Control,
                                crate::model::NodeKind::Condition,
                            ]
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

    /// Flags the rows of an answer that rest only on consent the requester has not given, or on a
    /// setting they have not enabled. Nothing is removed: counsel see what applies and what would.
    fn mark_given(&self, answer: &mut Answer) {
        let Some(given) = &self.given else { return };
        let column = |key: &str| answer.columns.iter().position(|c| c.key == key);
        let (bases, conditions, notes) = (column("basis"), column("conditions"), column("notes"));
        if bases.is_none() && conditions.is_none() {
            return;
        }
        let is_consent = |name: &str| match &self.regime {
            Some(regime) => regime.basis_named(name).is_some_and(|b| b.id == "consent"),
            None => crate::names::normalize(name) == "consent",
        };
        let mut row_flags: Vec<Vec<String>> = Vec::new();
        for row in &answer.rows {
            let mut flags = Vec::new();
            if let Some(Cell::Bases(list)) = bases.map(|b| &row.0[b]) {
                let only_consent = !list.is_empty()
                    && list.iter().all(|b| {
                        if b.delegated {
                            !b.expands_to.is_empty()
                                && b.expands_to.iter().all(|x| is_consent(&x.name))
                        } else {
                            is_consent(&b.basis.name)
                        }
                    });
                if only_consent && !given.consent {
                    flags.push(
                        "rests only on consent, which the requester has not given".to_string(),
                    );
                }
            }
            if let Some(Cell::Nodes(list)) = conditions.map(|c| &row.0[c]) {
                for node in list
                    .iter()
                    .filter(|n| n.kind == "control" && !given.settings.contains(&n.id))
                {
                    flags.push(format!(
                        "applies only if \"{}\" is enabled; the requester has not enabled it",
                        node.name
                    ));
                }
            }
            row_flags.push(flags);
        }
        let flagged = row_flags.iter().filter(|f| !f.is_empty()).count();
        if flagged == 0 {
            answer.notes.push(format!(
                "the requester has given: {}; every row applies",
                given.text
            ));
            return;
        }
        // Rows are flagged in a Notes column, added where the answer has none.
        let notes = notes.unwrap_or_else(|| {
            answer.columns.push(Column {
                key: "notes",
                heading: "Notes",
            });
            for row in &mut answer.rows {
                row.0.push(Cell::Notes(Vec::new()));
            }
            answer.columns.len() - 1
        });
        for (row, flags) in answer.rows.iter_mut().zip(row_flags) {
            if let Cell::Notes(list) = &mut row.0[notes] {
                list.extend(flags);
            }
        }
        answer.notes.push(format!(
            "the requester has given: {}; {flagged} rows rest on a consent or setting they have not given (see Notes)",
            given.text
        ));
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
    }

    /// The rights each basis of the section's last answer opens.
    fn rights(&mut self, number: usize) {
        let Some(regime) = self.regime.clone() else {
            return self.fail(
                number,
                "`.rights` before `.regime`",
                "`.regime NAME` first",
                None,
            );
        };
        let last = self.sections.last().and_then(|s| {
            s.entries.iter().rev().find_map(|e| match e {
                Entry::Answer { answer, .. } => Some(answer.clone()),
                Entry::Gap(_) => None,
            })
        });
        let Some(source) = last else {
            return self.fail(
                number,
                "`.rights` needs an answer before it",
                "a question whose answer has a legal basis column",
                None,
            );
        };
        let column = |key: &str| source.columns.iter().position(|c| c.key == key);
        let (Some(purpose_col), Some(basis_col)) = (column("purpose"), column("basis")) else {
            return self.fail(
                number,
                "the answer before `.rights` has no purpose and basis columns",
                "`purposes of <data>` before `.rights`",
                None,
            );
        };
        let evidence_col = column("evidence");
        const COLUMNS: &[Column] = &[
            Column {
                key: "purpose",
                heading: "Purpose",
            },
            Column {
                key: "basis",
                heading: "Legal basis",
            },
            Column {
                key: "rights",
                heading: "Rights it opens",
            },
            Column {
                key: "law",
                heading: "Law",
            },
            Column {
                key: "evidence",
                heading: "Evidence",
            },
        ];
        let mut answer = Answer {
            query: ".rights".into(),
            form: "rights",
            title: format!("The rights each legal basis opens under {}, for the purposes above", regime.name),
            resolved: Vec::new(),
            columns: COLUMNS.to_vec(),
            rows: Vec::new(),
            notes: vec![format!(
                "the rights come from the regime ({}), matched to the bases the notice states; the notice itself lists no rights",
                regime.title
            )],
            truncated: false,
            sort_by: vec!["purpose"],
        };
        let mut unmatched = Vec::new();
        for row in &source.rows {
            let purpose = row.0[purpose_col].clone();
            let Cell::Bases(bases) = &row.0[basis_col] else {
                continue;
            };
            let evidence = evidence_col
                .map(|i| row.0[i].clone())
                .unwrap_or(Cell::Evidence(Vec::<Evidence>::new()));
            for basis in bases {
                // A delegated basis opens the rights of each basis it can resolve to.
                let named: Vec<NodeRef> = if basis.delegated {
                    basis.expands_to.clone()
                } else {
                    vec![basis.basis.clone()]
                };
                let mut rights = Vec::new();
                let mut law = Vec::new();
                for b in &named {
                    match regime.basis_named(&b.name) {
                        Some(rb) => {
                            law.push(format!("{}: {}", b.name, rb.cite));
                            for right in regime.rights_of(rb) {
                                let text = format!("{} ({})", right.right, right.cite);
                                if !rights.contains(&text) {
                                    rights.push(text);
                                }
                            }
                        }
                        None => unmatched.push(b.name.clone()),
                    }
                }
                let cell_basis = Cell::Bases(vec![BasisCell {
                    regions: basis.regions.clone(),
                    ..basis.clone()
                }]);
                answer.rows.push(Row(vec![
                    purpose.clone(),
                    cell_basis,
                    if rights.is_empty() {
                        Cell::NotStated(format!("the regime names no rights for {}", names(&named)))
                    } else {
                        Cell::Text(rights.join("; "))
                    },
                    if law.is_empty() {
                        Cell::NotStated("not a basis the regime knows".into())
                    } else {
                        Cell::Text(law.join("; "))
                    },
                    evidence.clone(),
                ]));
            }
        }
        // One row per purpose and basis, whichever items of the answer above led to it.
        let mut merged: Vec<Row> = Vec::new();
        for row in std::mem::take(&mut answer.rows) {
            match merged.iter_mut().find(|m| m.0[..4] == row.0[..4]) {
                Some(existing) => {
                    if let (Cell::Evidence(have), Cell::Evidence(more)) =
                        (&mut existing.0[4], &row.0[4])
                    {
                        for e in more {
                            if !have.iter().any(|h| h.row == e.row && h.quote == e.quote) {
                                have.push(e.clone());
                            }
                        }
                    }
                }
                None => merged.push(row),
            }
        }
        answer.rows = merged;
        unmatched.sort();
        unmatched.dedup();
        if !unmatched.is_empty() {
            answer.notes.push(format!(
                "bases the regime file does not name, so no rights are given for them: {}",
                unmatched.join("; ")
            ));
        }
        if answer.rows.is_empty() {
            answer
                .notes
                .push(format!("{NOT_STATED}: no legal basis in the answer above"));
        }
        answer.normalize();
        self.current().entries.push(Entry::Answer {
            question: ".rights".into(),
            line: number,
            answer,
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
            items: self.regime.map(|r| r.items).unwrap_or_default(),
            echo: self.echo,
        };
        (report, self.errors)
    }
}

fn names(nodes: &[NodeRef]) -> String {
    nodes
        .iter()
        .map(|n| n.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
