//! The dot-commands of the REPL and the directives of scripts, in one table.
//!
//! Each command has a name, its aliases, its arguments, one line of help, and where it is allowed:
//! in the REPL, in a script (`lineage run`), or both. The table drives the REPL's dispatch, `.help`
//! and Tab completion, and a script's dispatch, its refusal of REPL-only commands and its "did you
//! mean". The REPL and the batch runner each run a command their own way (`.param` sets a parameter
//! in both, but only the REPL's lists them), so the table names the handler for each place.

/// A command as the REPL runs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InRepl {
    Help,
    Mode,
    Headers,
    Output,
    Once,
    Read,
    Dot,
    Param,
    Echo,
    Show,
    Data,
    Quit,
    Lint,
}

/// A directive as a script runs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InScript {
    Title,
    Regime,
    Require,
    Default,
    Param,
    Section,
    Gap,
    Rights,
    Echo,
    Given,
}

/// Where a command is allowed, and what runs it there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowed {
    Repl(InRepl),
    Script(InScript),
    Both(InRepl, InScript),
}

/// The two places a command can be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Repl,
    Script,
}

/// One row of the table.
#[derive(Debug)]
pub struct DotCommand {
    /// The name after the dot, as `.help` lists it.
    pub name: &'static str,
    /// Other names that run the same command; neither listed nor suggested.
    pub aliases: &'static [&'static str],
    /// The arguments, as `.help` shows them (`FILE`, `[TOPIC]`, `on|off`).
    pub arguments: &'static str,
    pub help: &'static str,
    pub allowed: Allowed,
}

/// Every command: the REPL's in the order `.help` lists them, then the script's own directives.
pub const COMMANDS: &[DotCommand] = &[
    DotCommand {
        name: "help",
        aliases: &[],
        arguments: "[TOPIC]",
        help: "this list, or the commands and questions on TOPIC",
        allowed: Allowed::Repl(InRepl::Help),
    },
    DotCommand {
        name: "mode",
        aliases: &[],
        arguments: "MODE",
        help: "answers as table, markdown, csv, json or line",
        allowed: Allowed::Repl(InRepl::Mode),
    },
    DotCommand {
        name: "headers",
        aliases: &[],
        arguments: "on|off",
        help: "header rows in tables and CSV",
        allowed: Allowed::Repl(InRepl::Headers),
    },
    DotCommand {
        name: "output",
        aliases: &[],
        arguments: "[FILE]",
        help: "send answers to FILE (written when switched back), or to stdout",
        allowed: Allowed::Repl(InRepl::Output),
    },
    DotCommand {
        name: "once",
        aliases: &[],
        arguments: "FILE",
        help: "send the next answer only to FILE",
        allowed: Allowed::Repl(InRepl::Once),
    },
    DotCommand {
        name: "read",
        aliases: &[],
        arguments: "FILE",
        help: "run the queries and commands in FILE",
        allowed: Allowed::Repl(InRepl::Read),
    },
    DotCommand {
        name: "dot",
        aliases: &[],
        arguments: "FILE",
        help: "write a Graphviz diagram of the last answer to FILE",
        allowed: Allowed::Repl(InRepl::Dot),
    },
    DotCommand {
        name: "param",
        aliases: &["parameter"],
        arguments: "NAME VALUE",
        help: "set $NAME for queries; `.param` lists, `.param clear`, `.param unset NAME`",
        allowed: Allowed::Both(InRepl::Param, InScript::Param),
    },
    DotCommand {
        name: "echo",
        aliases: &[],
        arguments: "on|off",
        help: "print each command before its answer",
        allowed: Allowed::Both(InRepl::Echo, InScript::Echo),
    },
    DotCommand {
        name: "show",
        aliases: &[],
        arguments: "",
        help: "the dataset, its source and content hash, and the settings",
        allowed: Allowed::Repl(InRepl::Show),
    },
    DotCommand {
        name: "data",
        aliases: &["open"],
        arguments: "DIR",
        help: "load another dataset; if it fails, the current one stays",
        allowed: Allowed::Repl(InRepl::Data),
    },
    DotCommand {
        name: "lint",
        aliases: &[],
        arguments: "",
        help: "where the notice's own statements pull against each other (docs/LINT.md)",
        allowed: Allowed::Repl(InRepl::Lint),
    },
    DotCommand {
        name: "quit",
        aliases: &["exit", "q"],
        arguments: "",
        help: "leave (also .exit, or Ctrl-D)",
        allowed: Allowed::Repl(InRepl::Quit),
    },
    DotCommand {
        name: "title",
        aliases: &[],
        arguments: "TEXT",
        help: "the report's title",
        allowed: Allowed::Script(InScript::Title),
    },
    DotCommand {
        name: "regime",
        aliases: &[],
        arguments: "NAME",
        help: "the regime whose items the sections answer (`gdpr`, `ccpa`, or a regime file)",
        allowed: Allowed::Script(InScript::Regime),
    },
    DotCommand {
        name: "require",
        aliases: &[],
        arguments: "NAME WHAT",
        help: "the script needs `--param NAME=…`; WHAT says what it is",
        allowed: Allowed::Script(InScript::Require),
    },
    DotCommand {
        name: "default",
        aliases: &[],
        arguments: "NAME VALUE",
        help: "`$NAME` is VALUE unless `--param` sets it",
        allowed: Allowed::Script(InScript::Default),
    },
    DotCommand {
        name: "section",
        aliases: &[],
        arguments: "ID",
        help: "the following answers answer the regime's item ID",
        allowed: Allowed::Script(InScript::Section),
    },
    DotCommand {
        name: "gap",
        aliases: &[],
        arguments: "TEXT",
        help: "the notice does not state TEXT for this item",
        allowed: Allowed::Script(InScript::Gap),
    },
    DotCommand {
        name: "rights",
        aliases: &[],
        arguments: "",
        help: "the rights that the bases of the section's last answer open, from the regime",
        allowed: Allowed::Script(InScript::Rights),
    },
    DotCommand {
        name: "given",
        aliases: &[],
        arguments: "TEXT",
        help: "what the requester has given: later answers flag rows resting on anything else",
        allowed: Allowed::Script(InScript::Given),
    },
];

impl DotCommand {
    /// `.name ARGUMENTS`, as `.help` shows it.
    pub fn usage(&self) -> String {
        if self.arguments.is_empty() {
            format!(".{}", self.name)
        } else {
            format!(".{} {}", self.name, self.arguments)
        }
    }

    /// What runs the command in the REPL, if it is allowed there.
    pub fn in_repl(&self) -> Option<InRepl> {
        match self.allowed {
            Allowed::Repl(run) | Allowed::Both(run, _) => Some(run),
            Allowed::Script(_) => None,
        }
    }

    /// What runs the command in a script, if it is allowed there.
    pub fn in_script(&self) -> Option<InScript> {
        match self.allowed {
            Allowed::Script(run) | Allowed::Both(_, run) => Some(run),
            Allowed::Repl(_) => None,
        }
    }

    fn allowed_in(&self, place: Place) -> bool {
        match place {
            Place::Repl => self.in_repl().is_some(),
            Place::Script => self.in_script().is_some(),
        }
    }
}

/// The command called `name` (without its dot), by its name or an alias, wherever it is allowed.
pub fn find(name: &str) -> Option<&'static DotCommand> {
    COMMANDS
        .iter()
        .find(|c| c.name == name || c.aliases.contains(&name))
}

/// The commands allowed in `place`, in table order.
pub fn allowed_in(place: Place) -> impl Iterator<Item = &'static DotCommand> {
    COMMANDS.iter().filter(move |c| c.allowed_in(place))
}

/// The dotted names of the commands allowed in `place` (`.help`, …): what completion offers and
/// "did you mean" chooses from.
pub fn names_in(place: Place) -> Vec<String> {
    allowed_in(place).map(|c| format!(".{}", c.name)).collect()
}

/// A command line without its dot, cut into the command's name and the rest, trimmed.
pub fn split(command: &str) -> (&str, &str) {
    match command.split_once(char::is_whitespace) {
        Some((name, rest)) => (name, rest.trim()),
        None => (command, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_aliases_are_unique() {
        let mut all: Vec<&str> = COMMANDS
            .iter()
            .flat_map(|c| std::iter::once(c.name).chain(c.aliases.iter().copied()))
            .collect();
        let count = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), count);
    }

    #[test]
    fn each_place_has_its_commands() {
        assert_eq!(find("exit").map(|c| c.name), Some("quit"));
        assert_eq!(
            find("parameter").and_then(DotCommand::in_script),
            Some(InScript::Param)
        );
        assert_eq!(find("title").and_then(DotCommand::in_repl), None);
        assert!(names_in(Place::Repl).contains(&".dot".to_string()));
        assert!(!names_in(Place::Script).contains(&".dot".to_string()));
        assert_eq!(
            find("param").map(DotCommand::usage).as_deref(),
            Some(".param NAME VALUE")
        );
        assert_eq!(split("param  a b "), ("param", "a b"));
    }
}
