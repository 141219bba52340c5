//! A session: the loaded dataset and the settings that dot-commands change, and the execution of one
//! query or dot-command at a time. Terminal, pipe and script all drive the same session.

use std::{
    collections::BTreeMap,
    fmt::{self, Display},
    io::{self, Write},
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
};

use crate::{
    answer::Answer,
    dataset::files::Files,
    dataset::load::load,
    dataset::model::NodeKind,
    dataset::Dataset,
    diagnostic::Diagnostic,
    dot_commands::{self, DotCommand, InRepl, Place},
    input::{read_text_file, MAX_SCRIPT_BYTES},
    lines::{byte_order_mark, text_lines, BYTE_ORDER_MARK},
    present::diagram::{to_dot, Diagram},
    present::escape::{terminal, terminal_lines},
    present::format::{self, Format},
    present::output::{answer_text, check_target, write_checked, Inputs},
    present::render::Options,
    query::keywords,
    query::{ask, lex::MAX_PARAM_BYTES},
};

/// How deeply `.read` may nest: deeper is taken to be a script that reads itself.
pub const MAX_READ_DEPTH: usize = 16;

/// How many files one `.read` may read in all, itself and every `.read` nested in it: a script that
/// reads itself several times would otherwise fan out (4 reads a level, 16 levels: 4^16 reads).
pub const MAX_READS: usize = 1_000;

/// How many bytes one `.read` may read in all, nested reads included (64 MiB).
pub const MAX_READ_BYTES: u64 = 64 << 20;

/// Where a line comes from, for messages: a script's name and the line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub name: String,
    pub line: usize,
}

impl Origin {
    pub fn new(name: impl Into<String>, line: usize) -> Self {
        Origin {
            name: name.into(),
            line,
        }
    }

    /// `name:line`, for messages that have no column.
    fn place(&self) -> String {
        format!("{}:{}", self.name, self.line)
    }
}

/// Whether the session goes on after a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    Continue,
    Quit,
}

/// Where answers go.
#[derive(Debug, Default)]
enum Sink {
    #[default]
    Stdout,
    /// `.output FILE`: collected, then written atomically when the output is switched or the session ends.
    /// The text is shared with [`crate::signals::on_end`], which writes it if a signal ends the process.
    File {
        path: PathBuf,
        text: Arc<Mutex<String>>,
    },
}

pub struct Session {
    pub dataset: Dataset,
    pub mode: Format,
    pub headers: bool,
    /// `--width N`: how wide tables are; without it, the terminal's width when answers go to it.
    pub width: Option<usize>,
    /// `--raw-text`: the snapshot's text as it is, lost punctuation unrepaired.
    pub raw_text: bool,
    pub echo: bool,
    pub params: BTreeMap<String, String>,
    sink: Sink,
    /// `.once FILE`: the next answer only.
    once: Option<PathBuf>,
    read_depth: usize,
    /// The files and bytes the current top-level `.read` has read, nested reads included.
    reads: (usize, u64),
    /// Set when a `.read` went over a limit: every nested script stops, and the top-level `.read`
    /// reports the error once.
    read_stopped: bool,
    /// Whether commands may read and write files (`.read`, `.data`, `.output`, `.once`, `.dot`):
    /// a session that drives untrusted input in a test or a fuzzer turns them off.
    files: bool,
    /// The scripts being read (`.read`), innermost last: no output may replace them.
    reading: Vec<PathBuf>,
    /// The folder the dataset was loaded from (none for the embedded one): no output may replace
    /// its files.
    pub data_dir: Option<PathBuf>,
    /// The last answer, for commands that reuse it.
    pub last: Option<Answer>,
    /// How many lines failed.
    pub errors: usize,
}

impl Session {
    pub fn new(dataset: Dataset) -> Self {
        Session {
            dataset,
            mode: Format::Table,
            headers: true,
            width: None,
            raw_text: false,
            echo: false,
            params: BTreeMap::new(),
            sink: Sink::Stdout,
            once: None,
            read_depth: 0,
            reads: (0, 0),
            read_stopped: false,
            files: true,
            reading: Vec::new(),
            data_dir: None,
            last: None,
            errors: 0,
        }
    }

    /// The same session, with the commands that read or write files refused (for fuzzing).
    pub fn without_files(mut self) -> Self {
        self.files = false;
        self
    }

    /// Runs every line of `text` (a script), joining continued lines. `origin` names it in errors.
    pub fn run_script(
        &mut self,
        text: &str,
        origin: &str,
        out: &mut dyn Write,
        err: &mut dyn Write,
        keep_going: bool,
    ) -> io::Result<Control> {
        for item in text_lines(text) {
            let (number, line) = match item {
                Ok(item) => item,
                Err(e) => {
                    self.errors += 1;
                    write!(err, "{}", e.to_diagnostic(origin))?;
                    if e.is_final() || !keep_going {
                        return Ok(Control::Continue);
                    }
                    continue;
                }
            };
            let errors = self.errors;
            if self.run_line(&line, &Origin::new(origin, number), out, err)? == Control::Quit {
                return Ok(Control::Quit);
            }
            if !keep_going && self.errors > errors || self.read_stopped {
                return Ok(Control::Quit);
            }
        }
        Ok(Control::Continue)
    }

    /// Runs one query or dot-command. Errors go to `err` and count in `errors`; the session goes on.
    pub fn run_line(
        &mut self,
        line: &str,
        origin: &Origin,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> io::Result<Control> {
        if line.starts_with(BYTE_ORDER_MARK) {
            self.errors += 1;
            write!(err, "{}", byte_order_mark(&origin.name, origin.line, line))?;
            return Ok(Control::Continue);
        }
        // Leading white space is not part of the query: columns count from its first character.
        let text = line.trim();
        if text.is_empty() || text.starts_with('#') {
            return Ok(Control::Continue);
        }
        if self.echo {
            self.emit(&format!("{}\n", terminal(text)), out, err)?;
        }
        if let Some(command) = text.strip_prefix('.') {
            return self.dot(command, origin, out, err);
        }
        self.answer(text, origin, out, err)
    }

    /// Answers one query, as the mode and output settings say.
    fn answer(
        &mut self,
        text: &str,
        origin: &Origin,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> io::Result<Control> {
        match ask(&self.dataset, text, &self.params) {
            Ok(answer) => {
                let rendered = answer_text(&self.dataset, &answer, self.mode, &self.options());
                self.last = Some(answer);
                self.emit(&rendered, out, err)?;
            }
            Err(e) => {
                self.errors += 1;
                write!(
                    err,
                    "{}",
                    e.to_diagnostic_at(&origin.name, origin.line, text)
                )?;
            }
        }
        Ok(Control::Continue)
    }

    /// The files this session reads, which its outputs must not replace.
    fn inputs(&self) -> Inputs {
        let mut inputs = Inputs::default();
        if let Some(dir) = &self.data_dir {
            inputs.add_dataset(dir, self.dataset.manifest());
        }
        for script in &self.reading {
            inputs.add("a script being read", script);
        }
        inputs
    }

    fn options(&self) -> Options {
        // Measured at each answer, so a resized terminal is followed; a file gets the default.
        let to_terminal = matches!(self.sink, Sink::Stdout)
            && self.once.is_none()
            && std::io::IsTerminal::is_terminal(&std::io::stdout());
        Options {
            headers: self.headers,
            width: crate::present::output::table_width(self.width, to_terminal),
            raw_text: self.raw_text,
        }
    }

    /// Sends an answer where the settings say: stdout, the `.output` file, or the `.once` file.
    fn emit(&mut self, text: &str, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<()> {
        if let Some(path) = self.once.take() {
            if let Err(message) = write_checked(&path, text.as_bytes(), &self.inputs()) {
                // What was answered is not lost: it goes to stdout instead.
                self.answers_to_stdout(&message, "the answer follows", text, out, err)?;
            }
            return Ok(());
        }
        match &mut self.sink {
            Sink::Stdout => {
                out.write_all(text.as_bytes())?;
                out.flush()
            }
            Sink::File { text: buffer, .. } => {
                lock(buffer).push_str(text);
                Ok(())
            }
        }
    }

    /// Writes the `.output` file, if one is open, and sends answers to stdout again. If the file
    /// cannot be written, what was answered is not lost: it goes to `out`.
    pub fn close_output(&mut self, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<()> {
        if let Sink::File { path, text } = std::mem::take(&mut self.sink) {
            let text = lock(&text).clone();
            let written = write_checked(&path, text.as_bytes(), &self.inputs());
            // Until it is written, a signal that ends the process writes it.
            crate::signals::on_end(None);
            if let Err(message) = written {
                self.answers_to_stdout(&message, "its answers follow", &text, out, err)?;
            }
        }
        Ok(())
    }

    /// A file that could not be written: the error, then what it would have held, on stdout.
    fn answers_to_stdout(
        &mut self,
        message: &impl std::fmt::Display,
        what: &str,
        text: &str,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> io::Result<()> {
        self.errors += 1;
        writeln!(
            err,
            "error: {}; {what} on stdout",
            terminal_lines(&message.to_string())
        )?;
        out.write_all(text.as_bytes())?;
        out.flush()
    }

    /// Why answers cannot go to `path`, checked when it is named.
    fn refused(&self, path: &Path) -> Option<String> {
        check_target(path, &self.inputs())
            .err()
            .map(|e| e.to_string())
    }

    fn fail(
        &mut self,
        err: &mut dyn Write,
        origin: &Origin,
        message: String,
        expected: &str,
    ) -> io::Result<Control> {
        self.errors += 1;
        let d = Diagnostic::new(origin.place(), message).expected(expected);
        write!(err, "{d}")?;
        Ok(Control::Continue)
    }

    /// Runs a dot-command (`command` is the line without its dot), as the table of commands says.
    fn dot(
        &mut self,
        command: &str,
        origin: &Origin,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> io::Result<Control> {
        let (name, rest) = dot_commands::split(command);
        let Some(command) = dot_commands::find(name).and_then(DotCommand::in_repl) else {
            return self.unknown_command(name, origin, err);
        };
        let touches_files = matches!(
            command,
            InRepl::Read | InRepl::Data | InRepl::Output | InRepl::Once | InRepl::Dot
        );
        if touches_files && !self.files {
            let message = format!("`.{name}` is turned off in this session");
            return self.fail(err, origin, message, "commands that touch no file");
        }
        let control = match command {
            InRepl::Quit => return Ok(Control::Quit),
            InRepl::Help => {
                write!(out, "{}", self.help(rest))?;
                Control::Continue
            }
            InRepl::Mode => self.mode(rest, origin, out, err)?,
            InRepl::Headers | InRepl::Echo => self.switch(command, name, rest, origin, err)?,
            InRepl::Output => self.output(rest, origin, out, err)?,
            InRepl::Once => self.once(rest, origin, err)?,
            InRepl::Read => self.read(unquote(rest), origin, out, err)?,
            InRepl::Dot => self.draw(rest, origin, err)?,
            InRepl::Param => self.param(rest, origin, out, err)?,
            InRepl::Show => {
                write!(out, "{}", Settings(self))?;
                Control::Continue
            }
            InRepl::Data => self.data(rest, origin, out, err)?,
            InRepl::Lint if rest.is_empty() => self.answer("lint", origin, out, err)?,
            InRepl::Lint => {
                let message = format!("`.lint {rest}`");
                return self.fail(err, origin, message, "`.lint` alone");
            }
        };
        out.flush()?;
        Ok(control)
    }

    fn unknown_command(
        &mut self,
        name: &str,
        origin: &Origin,
        err: &mut dyn Write,
    ) -> io::Result<Control> {
        let names = dot_commands::names_in(Place::Repl);
        let help =
            crate::names::did_you_mean(&format!(".{name}"), names.iter().map(String::as_str));
        self.errors += 1;
        let d = Diagnostic::new(origin.place(), format!("unknown command `.{name}`"))
            .expected("a command listed by `.help`")
            .help(help);
        write!(err, "{d}")?;
        Ok(Control::Continue)
    }

    /// `.mode`: print the mode, or set it.
    fn mode(
        &mut self,
        rest: &str,
        origin: &Origin,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> io::Result<Control> {
        if rest.is_empty() {
            writeln!(out, "{}", self.mode.name())?;
            return Ok(Control::Continue);
        }
        match format::ANSWER.get(rest) {
            Some(format) => self.mode = format,
            None => {
                let message = format!("unknown mode `{rest}`");
                return self.fail(err, origin, message, &format::ANSWER.list());
            }
        }
        Ok(Control::Continue)
    }

    /// `.headers on|off` and `.echo on|off`.
    fn switch(
        &mut self,
        command: InRepl,
        name: &str,
        rest: &str,
        origin: &Origin,
        err: &mut dyn Write,
    ) -> io::Result<Control> {
        let Some(on) = on_off(rest) else {
            return self.fail(
                err,
                origin,
                format!("`.{name} {rest}`"),
                &format!("`.{name} on` or `.{name} off`"),
            );
        };
        if command == InRepl::Headers {
            self.headers = on;
        } else {
            self.echo = on;
        }
        Ok(Control::Continue)
    }

    /// `.output [FILE]`: answers to FILE until switched back, or to stdout again.
    /// A target that is refused changes nothing: answers go where they went.
    fn output(
        &mut self,
        rest: &str,
        origin: &Origin,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> io::Result<Control> {
        if !rest.is_empty() && rest != "stdout" {
            let path = PathBuf::from(unquote(rest));
            if let Some(problem) = self.refused(&path) {
                return self.fail(err, origin, problem, WRITABLE);
            }
            self.close_output(out, err)?;
            let text = Arc::new(Mutex::new(String::new()));
            let (pending, inputs, at) = (Arc::clone(&text), self.inputs(), path.clone());
            crate::signals::on_end(Some(Box::new(move || {
                let _ = write_checked(&at, lock(&pending).as_bytes(), &inputs);
            })));
            self.sink = Sink::File { path, text };
        } else {
            self.close_output(out, err)?;
        }
        Ok(Control::Continue)
    }

    /// `.once FILE`: the next answer only to FILE.
    fn once(&mut self, rest: &str, origin: &Origin, err: &mut dyn Write) -> io::Result<Control> {
        if rest.is_empty() {
            return self.fail(err, origin, "`.once` needs a file".into(), "`.once FILE`");
        }
        let path = PathBuf::from(unquote(rest));
        if let Some(problem) = self.refused(&path) {
            return self.fail(err, origin, problem, WRITABLE);
        }
        self.once = Some(path);
        Ok(Control::Continue)
    }

    /// `.dot FILE`: a diagram of the last answer.
    fn draw(&mut self, rest: &str, origin: &Origin, err: &mut dyn Write) -> io::Result<Control> {
        let Some(answer) = &self.last else {
            return self.fail(
                err,
                origin,
                "there is no answer to draw yet".into(),
                "a question first, then `.dot FILE`",
            );
        };
        if rest.is_empty() {
            return self.fail(err, origin, "`.dot` needs a file".into(), "`.dot FILE`");
        }
        let path = PathBuf::from(unquote(rest));
        if let Some(problem) = self.refused(&path) {
            return self.fail(err, origin, problem, WRITABLE);
        }
        let dot = to_dot(&self.dataset, &Diagram::of_answer(&self.dataset, answer));
        if let Err(message) = write_checked(&path, dot.as_bytes(), &self.inputs()) {
            return self.fail(err, origin, message.to_string(), "a writable file");
        }
        Ok(Control::Continue)
    }

    /// `.data DIR`: another dataset; if it does not load, the current one stays.
    fn data(
        &mut self,
        rest: &str,
        origin: &Origin,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> io::Result<Control> {
        if rest.is_empty() {
            return self.fail(err, origin, "`.data` needs a folder".into(), "`.data DIR`");
        }
        match load(&Files::dir(unquote(rest))) {
            Ok(dataset) => {
                writeln!(
                    out,
                    "loaded {} ({})",
                    terminal(&dataset.manifest().name),
                    terminal(dataset.origin())
                )?;
                if let Some(warning) = dataset.quotes().warning(&dataset.manifest().name) {
                    writeln!(err, "{}", crate::diagnostic::inert(&warning))?;
                }
                self.dataset = dataset;
                self.data_dir = Some(PathBuf::from(unquote(rest)));
                self.last = None;
            }
            Err(diagnostics) => {
                self.errors += 1;
                write!(err, "{diagnostics}")?;
                writeln!(
                    err,
                    "error: `.data {}` failed; still using {}",
                    terminal(rest),
                    terminal(&self.dataset.manifest().name)
                )?;
            }
        }
        Ok(Control::Continue)
    }

    fn read(
        &mut self,
        file: &str,
        origin: &Origin,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> io::Result<Control> {
        if file.is_empty() {
            return self.fail(err, origin, "`.read` needs a file".into(), "`.read FILE`");
        }
        if self.read_depth == 0 {
            self.reads = (0, 0);
            self.read_stopped = false;
        }
        if let Some((message, expected)) = self.read_limit(file) {
            self.read_stopped = true;
            return self.fail(err, origin, message, expected);
        }
        let text = match read_text_file(Path::new(file), MAX_SCRIPT_BYTES) {
            Ok(text) => text,
            Err(e) => {
                let message = format!("cannot read `{file}`: {e}");
                return self.fail(err, origin, message, "a text file of queries");
            }
        };
        self.reads.0 += 1;
        self.reads.1 += text.len() as u64;
        if self.reads.1 > MAX_READ_BYTES {
            self.read_stopped = true;
            let message = format!(
                "`.read {file}` goes over the budget of one `.read`: {MAX_READ_BYTES} bytes read in all"
            );
            return self.fail(err, origin, message, "scripts that read less text in all");
        }
        self.read_depth += 1;
        self.reading.push(PathBuf::from(file));
        let result = self.run_script(&text, file, out, err, true);
        self.reading.pop();
        self.read_depth -= 1;
        if self.read_depth == 0 && std::mem::take(&mut self.read_stopped) {
            // The session goes on after the `.read` that went over a limit.
            return result.map(|_| Control::Continue);
        }
        result
    }

    /// The limit a `.read` of `file` would go over: nesting, files read.
    fn read_limit(&self, file: &str) -> Option<(String, &'static str)> {
        if self.read_depth >= MAX_READ_DEPTH {
            let message = format!(
                "`.read {file}` is nested {MAX_READ_DEPTH} deep: does a script read itself?"
            );
            return Some((message, "scripts that do not read themselves"));
        }
        if self.reads.0 >= MAX_READS {
            let message = format!(
                "`.read {file}` goes over the budget of one `.read`: {MAX_READS} files read in all"
            );
            return Some((
                message,
                "scripts that read fewer files (does a script read itself more than once?)",
            ));
        }
        None
    }

    fn param(
        &mut self,
        rest: &str,
        origin: &Origin,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> io::Result<Control> {
        let (name, value) = match rest.split_once(char::is_whitespace) {
            Some((name, value)) => (name, value.trim()),
            None => (rest, ""),
        };
        match (name, value) {
            ("" | "list", "") => {
                for (k, v) in &self.params {
                    writeln!(out, "${} = {}", terminal(k), terminal(v))?;
                }
            }
            ("clear", "") => self.params.clear(),
            ("unset", key) if !key.is_empty() => {
                self.params.remove(key.trim_start_matches('$'));
            }
            (name, "") => {
                return self.fail(
                    err,
                    origin,
                    format!("`.param {name}` has no value"),
                    "`.param NAME VALUE`",
                );
            }
            (name, value) => {
                let name = name.trim_start_matches('$');
                if !name
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
                {
                    return self.fail(
                        err,
                        origin,
                        format!("`{name}` is not a parameter name"),
                        "letters, digits, `_` and `-`",
                    );
                }
                let value = unquote(value);
                if value.len() > MAX_PARAM_BYTES {
                    return self.fail(
                        err,
                        origin,
                        format!("the value of `${name}` is {} bytes", value.len()),
                        &format!("at most {MAX_PARAM_BYTES} bytes"),
                    );
                }
                self.params.insert(name.to_string(), value.to_string());
            }
        }
        Ok(Control::Continue)
    }

    /// An example of every question, with names from the loaded dataset, each with its topic.
    fn examples(&self) -> Vec<(&'static str, String)> {
        let first = |kind: NodeKind, fallback: &str| -> String {
            self.dataset
                .nodes_of_kind(kind)
                .first()
                .map_or(fallback.to_string(), |&n| {
                    terminal(&self.dataset.node(n).name)
                })
        };
        let category = first(NodeKind::Category, "<data>");
        let item = first(NodeKind::Data, "<data item>");
        let purpose = first(NodeKind::Purpose, "<purpose>");
        let recipient = first(NodeKind::Recipient, "<recipient>");
        let basis = first(NodeKind::Basis, "<basis>");
        let source = first(NodeKind::Source, "<source>");
        let row = self
            .dataset
            .rows()
            .first()
            .map_or("<row>".to_string(), |r| terminal(&r.id));
        vec![
            (
                "who",
                format!("who may receive {category} and under which basis"),
            ),
            ("what", format!("what does {recipient} receive")),
            ("why", format!("why does {recipient} receive {category}")),
            ("purposes", format!("purposes of {item}")),
            ("data", format!("what data does {purpose} use")),
            ("basis", format!("basis of {purpose}")),
            ("interests", format!("interests of {purpose}")),
            ("purposes", format!("purposes with basis {basis}")),
            ("sources", format!("sources of {item}")),
            ("what", format!("what comes from {source}")),
            ("retention", format!("retention of {item}")),
            ("who", format!("who processes {item}")),
            ("path", format!("path from {item} to {recipient}")),
            (
                "routes",
                format!("every route from {source} to {recipient}"),
            ),
            ("reachable", format!("recipients reachable from {source}")),
            ("describe", format!("describe {recipient}")),
            ("describe", format!("describe {row}")),
            ("list", "list purposes".to_string()),
            (
                "in",
                format!("who may receive {category} and under which basis in eu"),
            ),
            (
                "where",
                format!("who may receive {category} and under which basis where basis is {basis}"),
            ),
        ]
        .into_iter()
        .chain(self.audit_examples(&category))
        .collect()
    }

    /// Examples of the audit and statement questions (`docs/QUERY_LANGUAGE.md`), with the first two
    /// regions the dataset declares (by code, or by id).
    fn audit_examples(&self, category: &str) -> Vec<(&'static str, String)> {
        let ds = &self.dataset;
        let mut codes: Vec<String> = ds
            .nodes_of_kind(NodeKind::Region)
            .iter()
            .map(|&r| {
                let node = ds.node(r);
                node.codes
                    .first()
                    .cloned()
                    .unwrap_or_else(|| node.id.to_string())
            })
            .chain(ds.other_regions().iter().map(|o| o.code.clone()))
            .map(|c| terminal(&c))
            .collect();
        codes.dedup();
        let mut examples = vec![
            (
                "where",
                "who may receive any data where basis is not stated".to_string(),
            ),
            ("sale", format!("sale and sharing of {category}")),
            ("transfers", "transfers".to_string()),
            ("withdrawal", "withdrawal of consent".to_string()),
            ("confirm", "confirm processing".to_string()),
        ];
        if let [a, b, ..] = codes.as_slice() {
            examples.push(("compare", format!("compare bases in {a} and {b}")));
        }
        examples
    }

    /// `.help`: the commands, and an example of every question, with names from the loaded dataset;
    /// with a topic, the commands and questions on it.
    pub fn help(&self, topic: &str) -> Help {
        let ds = &self.dataset;
        Help {
            examples: self.examples(),
            topic: topic.trim().trim_start_matches('.').to_ascii_lowercase(),
            phrases: keywords::PHRASEBOOK
                .iter()
                .map(|(says, asks)| (keywords::fill(says, ds), keywords::fill(asks, ds)))
                .collect(),
        }
    }
}

/// `.show`: the dataset, and every setting.
struct Settings<'a>(&'a Session);

impl Display for Settings<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let session = self.0;
        let ds = &session.dataset;
        let m = &ds.manifest();
        // Every text from the dataset or the user is made inert (name and date are checked forms).
        writeln!(
            f,
            "    dataset: {} \"{}\" ({}, as of {})",
            terminal(&m.name),
            terminal(&m.title),
            terminal(&m.publisher),
            terminal(&m.as_of)
        )?;
        writeln!(f, "     source: {}", terminal(&m.source_url))?;
        writeln!(f, "loaded from: {}", terminal(ds.origin()))?;
        writeln!(f, "       hash: {}", ds.content_hash())?;
        writeln!(f, "       mode: {}", session.mode.name())?;
        writeln!(f, "    headers: {}", on_off_word(session.headers))?;
        writeln!(f, "       echo: {}", on_off_word(session.echo))?;
        match &session.sink {
            Sink::Stdout => writeln!(f, "     output: stdout")?,
            Sink::File { path, .. } => {
                writeln!(f, "     output: {}", terminal(&path.display().to_string()))?
            }
        }
        if let Some(once) = &session.once {
            writeln!(f, "       once: {}", terminal(&once.display().to_string()))?;
        }
        let params: Vec<String> = session
            .params
            .iter()
            .map(|(k, v)| format!("${} = {}", terminal(k), terminal(v)))
            .collect();
        if params.is_empty() {
            writeln!(f, " parameters: none")
        } else {
            writeln!(f, " parameters: {}", params.join(", "))
        }
    }
}

/// What `.help` prints: with no topic, every example question and every command; with one, the
/// commands and questions on it.
pub struct Help {
    /// Example questions, each with its topic.
    examples: Vec<(&'static str, String)>,
    /// Lower case, without a leading dot; empty for all.
    topic: String,
    /// The phrasebook (`.help phrases`): what counsel say, and what to ask, with the dataset's names.
    phrases: Vec<(String, String)>,
}

impl Display for Help {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let topic = self.topic.as_str();
        if topic == "phrases" || topic == "phrasebook" {
            writeln!(f, "What counsel say, and what lineage asks:")?;
            for (says, asks) in &self.phrases {
                writeln!(f, "  {}\n      {}", terminal(says), terminal(asks))?;
            }
            return Ok(());
        }
        if topic == "forms" {
            writeln!(
                f,
                "Every form (a|b: one of the words; ?word: optional; <slot>: a name):"
            )?;
            for form in keywords::forms() {
                writeln!(f, "  {}", form.pattern)?;
            }
            return Ok(());
        }
        if topic.is_empty() {
            writeln!(f, "Ask a question in plain words, for example:")?;
            for (_, example) in &self.examples {
                writeln!(f, "  {example}")?;
            }
            writeln!(
                f,
                "\nNames may be quoted or bare; Tab completes them. A line ending in \\ continues."
            )?;
            writeln!(
                f,
                "Every form is described in docs/QUERY_LANGUAGE.md; `.help forms` lists them all and\n`.help phrases` what counsel say and what to ask.\n\nCommands:"
            )?;
            for command in dot_commands::allowed_in(Place::Repl) {
                writeln!(f, "  {:<22} {}", command.usage(), command.help)?;
            }
            return Ok(());
        }
        let commands: Vec<(String, &str)> = dot_commands::allowed_in(Place::Repl)
            .map(|c| (c.usage(), c.help))
            .filter(|(usage, _)| usage.trim_start_matches('.').starts_with(topic))
            .collect();
        let questions: Vec<_> = self.examples.iter().filter(|(k, _)| *k == topic).collect();
        for (usage, help) in &commands {
            writeln!(f, "{usage:<22} {help}")?;
        }
        for (_, example) in &questions {
            writeln!(f, "{example}")?;
        }
        if commands.is_empty() && questions.is_empty() {
            writeln!(
                f,
                "no help on `{topic}`; `.help` lists every command and question"
            )?;
        }
        Ok(())
    }
}

fn on_off_word(on: bool) -> &'static str {
    if on {
        "on"
    } else {
        "off"
    }
}

fn on_off(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "on" | "yes" | "true" | "1" => Some(true),
        "off" | "no" | "false" | "0" => Some(false),
        _ => None,
    }
}

fn unquote(text: &str) -> &str {
    let t = text.trim();
    t.strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(t)
}

fn lock(text: &Mutex<String>) -> std::sync::MutexGuard<'_, String> {
    match text.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// What a refused output target should be.
const WRITABLE: &str =
    "a file that may be written, in a folder that exists, and not one this session reads";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_off_words() {
        assert_eq!(on_off("ON"), Some(true));
        assert_eq!(on_off("off"), Some(false));
        assert_eq!(on_off("maybe"), None);
    }
}
