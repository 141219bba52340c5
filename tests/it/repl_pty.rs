//! The REPL in a real pseudo-terminal: completion, the answer, history across sessions.
//!
//! A new user types `who may receive Loc`, presses Tab, completes the name, and gets the answer; a
//! second session finds the line with Ctrl-R. History lives in a file of our own (`LINEAGE_HISTORY`),
//! created with mode 0600.

#![cfg(unix)]

use std::{os::unix::fs::PermissionsExt, path::Path, process::Command};

use rexpect::{reader::Options, session::PtySession, spawn_with_options};

use crate::common::TempDir;

const TIMEOUT_MS: u64 = 20_000;

fn repl(history: &Path, extra: &[&str]) -> PtySession {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lineage"));
    command
        .args(extra)
        .env("LINEAGE_HISTORY", history)
        .env("TERM", "xterm")
        .env("NO_COLOR", "1");
    let options = Options::new()
        .timeout_ms(Some(TIMEOUT_MS))
        .strip_ansi_escape_codes(true);
    spawn_with_options(command, options).expect("lineage starts in a pty")
}

/// Waits for the prompt, then a moment for the line editor to take the terminal (typed-ahead input
/// can be discarded while it switches modes).
fn at_prompt(p: &mut PtySession, prompt: &str) {
    p.exp_string(prompt).expect("prompt");
    std::thread::sleep(std::time::Duration::from_millis(300));
}

/// Types keys without Enter. rexpect buffers `send` until a flush.
fn type_keys(p: &mut PtySession, keys: &str) {
    p.send(keys).expect("type");
    p.flush().expect("flush");
    std::thread::sleep(std::time::Duration::from_millis(200));
}

#[test]
fn tab_completes_a_name_and_history_survives_the_session() {
    let dir = TempDir::new("pty");
    let history = dir.join("history");

    let mut p = repl(&history, &[]);
    p.exp_string("Ask a question").expect("banner");
    at_prompt(&mut p, "lineage> ");
    // Two names begin "Loc": Tab completes what they share, then lists them.
    type_keys(&mut p, "who may receive Loc");
    p.exp_string("receive Loc").expect("echo");
    std::thread::sleep(std::time::Duration::from_millis(200));
    type_keys(&mut p, "\t");
    p.exp_string("\"Location")
        .expect("completed to the shared, quoted prefix");
    std::thread::sleep(std::time::Duration::from_millis(200));
    type_keys(&mut p, "\t");
    p.exp_string("Location information")
        .expect("candidates listed");
    std::thread::sleep(std::time::Duration::from_millis(200));
    type_keys(&mut p, "D\t");
    p.exp_string("\"Location Data\"")
        .expect("completed, quoted");
    p.send_line("").expect("enter");
    p.exp_string("Who may receive Location Data (data category)")
        .expect("the answer");
    p.exp_string("rows").expect("the row count");
    at_prompt(&mut p, "lineage> ");
    // A line that starts with a space is not kept.
    p.send_line(" list bases").expect("private line");
    p.exp_string("Legal obligation").expect("answered");
    at_prompt(&mut p, "lineage> ");
    p.send_line(".quit").expect("quit");
    p.exp_eof().expect("exits");

    let kept = std::fs::read_to_string(&history).expect("history written");
    assert!(kept.contains("who may receive \"Location Data\""), "{kept}");
    assert!(
        !kept.contains("list bases"),
        "a line starting with a space was kept: {kept}"
    );
    let mode = std::fs::metadata(&history)
        .expect("history")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600, "history mode {mode:o}");

    // A second session finds the question with Ctrl-R and asks it again.
    let mut p = repl(&history, &[]);
    at_prompt(&mut p, "lineage> ");
    p.send_control('r').expect("ctrl-r");
    type_keys(&mut p, "Location D");
    p.exp_string("who may receive \"Location Data\"")
        .expect("found in history");
    std::thread::sleep(std::time::Duration::from_millis(200));
    p.send_line("").expect("accept and run");
    p.exp_string("Who may receive Location Data (data category)")
        .expect("the answer again");
    at_prompt(&mut p, "lineage> ");
    // Ctrl-C clears the line; Ctrl-D leaves.
    type_keys(&mut p, "describe Au10");
    std::thread::sleep(std::time::Duration::from_millis(200));
    p.send_control('c').expect("ctrl-c");
    at_prompt(&mut p, "lineage> ");
    p.send_control('d').expect("ctrl-d");
    p.exp_eof().expect("exits");
}

#[test]
fn no_history_keeps_nothing() {
    let dir = TempDir::new("pty-nohist");
    let history = dir.join("history");
    let mut p = repl(&history, &["--no-history"]);
    at_prompt(&mut p, "lineage> ");
    p.send_line("list bases").expect("ask");
    p.exp_string("Legal obligation").expect("answered");
    at_prompt(&mut p, "lineage> ");
    p.send_line(".quit").expect("quit");
    p.exp_eof().expect("exits");
    assert!(!history.exists(), "--no-history wrote a history file");
}

#[test]
fn mode_markdown_and_once_write_a_markdown_table() {
    let dir = TempDir::new("pty-once");
    let answer = dir.join("answer.md");
    let mut p = repl(&dir.join("history"), &[]);
    at_prompt(&mut p, "lineage> ");
    p.send_line(".mode markdown").expect("mode");
    at_prompt(&mut p, "lineage> ");
    p.send_line(&format!(".once {}", answer.display()))
        .expect("once");
    at_prompt(&mut p, "lineage> ");
    p.send_line("who may receive Location Data").expect("ask");
    at_prompt(&mut p, "lineage> ");
    p.send_line(".quit").expect("quit");
    p.exp_eof().expect("exits");
    let text = std::fs::read_to_string(&answer).expect("answer.md written");
    assert!(
        text.starts_with("**Who may receive Location Data (data category)**\n\n| Recipient |"),
        "{text}"
    );
}

#[test]
fn a_query_continues_after_a_backslash() {
    let dir = TempDir::new("pty-cont");
    let mut p = repl(&dir.join("history"), &[]);
    at_prompt(&mut p, "lineage> ");
    p.send_line("who may receive \\").expect("first line");
    at_prompt(&mut p, "...> ");
    p.send_line("Location Data").expect("second line");
    p.exp_string("Who may receive Location Data (data category)")
        .expect("the answer");
    at_prompt(&mut p, "lineage> ");
    p.send_line(".quit").expect("quit");
    p.exp_eof().expect("exits");
}
