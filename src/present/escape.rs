//! Text safety, in one place: one function per place text is printed, each saying what it protects
//! against.
//!
//! Names, quotes and notes come from a dataset, and questions from whoever types them: any of them may
//! hold an ANSI escape, a direction override, a quote that would end a string, or a character that
//! Markdown, CSV, DOT or Mermaid reads as syntax. Every renderer passes such text through the function
//! for its target before printing it, so the text stays text.
//!
//! Where two targets look alike but differ (Markdown that may span lines, and Markdown kept on one
//! line; a CSV field that keeps its line breaks, and one kept on one line), they are two functions
//! whose names say which, so each call site keeps exactly the output it had.

use std::fmt::{self, Write as _};

/// Characters that change how a terminal shows text without being seen themselves: control
/// characters (ANSI escapes start with one), direction overrides and zero-width characters.
///
/// ```
/// use lineage::present::escape::is_invisible;
/// assert!(is_invisible('\u{1b}') && is_invisible('\u{202e}') && is_invisible('\u{200b}'));
/// assert!(!is_invisible('é'));
/// ```
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}' | '\u{061c}')
}

/// Text for a terminal: every invisible character (an ANSI escape, a direction override, a line
/// break) shown escaped, and a tab as a space, so a name cannot move the cursor, colour the screen,
/// reorder the line or start a new one.
///
/// ```
/// use lineage::present::escape::terminal;
/// assert_eq!(terminal("a\u{1b}[31mb\tc\nd"), "a\\u{1b}[31mb c\\nd");
/// ```
pub fn terminal(text: &str) -> String {
    // Almost all text is already inert: copy it whole.
    if !text.contains(is_invisible) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\t' {
            out.push(' ');
        } else if is_invisible(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Text of several lines for a terminal (a message that names a file or quotes a name): each line
/// made inert as [`terminal`] does, the line breaks between them kept. Text already inert comes back
/// unchanged, so a message may pass through it twice.
///
/// ```
/// use lineage::present::escape::terminal_lines;
/// assert_eq!(terminal_lines("a\u{1b}[2J\r\nb\n"), "a\\u{1b}[2J\\r\nb\n");
/// ```
pub fn terminal_lines(text: &str) -> String {
    if !text.contains(|c| is_invisible(c) && c != '\n') {
        return text.to_string();
    }
    text.split('\n')
        .map(terminal)
        .collect::<Vec<_>>()
        .join("\n")
}

/// JSON text for a terminal: every invisible character inside its strings written as a `\u` escape.
/// Any JSON parser reads the same strings, but a terminal shows them inert. (serde_json escapes only
/// C0 controls, not `U+202E` or `DEL`.)
///
/// ```
/// use lineage::present::escape::terminal_json;
/// assert_eq!(terminal_json("\"a\u{202e}b\""), r#""a\u202eb""#);
/// ```
pub fn terminal_json(json: &str) -> String {
    TerminalJson(json).to_string()
}

/// `value` as pretty JSON (two spaces, as `{:#}` writes it) and a line break, written to `f` as it
/// is serialised, each string made inert as [`terminal_json`] makes it: the same text, never held
/// whole in memory.
pub fn write_terminal_json(
    f: &mut fmt::Formatter<'_>,
    value: &impl serde::Serialize,
) -> fmt::Result {
    let mut out = FmtWriter(f);
    let mut serializer = serde_json::Serializer::with_formatter(
        &mut out,
        InertStrings(serde_json::ser::PrettyFormatter::new()),
    );
    serde::Serialize::serialize(value, &mut serializer).map_err(|_| fmt::Error)?;
    out.0.write_char('\n')
}

/// A JSON formatter that writes every invisible character inside a string as a `\u` escape, as
/// [`terminal_json`] does, and leaves the rest to the pretty formatter.
struct InertStrings(serde_json::ser::PrettyFormatter<'static>);

impl serde_json::ser::Formatter for InertStrings {
    fn write_string_fragment<W: std::io::Write + ?Sized>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        // serde_json has escaped every control character already: only the others are left.
        let mut rest = fragment;
        while let Some(at) = rest.find(is_invisible) {
            writer.write_all(&rest.as_bytes()[..at])?;
            let c = rest[at..].chars().next().unwrap_or_default();
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    fn begin_array<W: std::io::Write + ?Sized>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: std::io::Write + ?Sized>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: std::io::Write + ?Sized>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: std::io::Write + ?Sized>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: std::io::Write + ?Sized>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: std::io::Write + ?Sized>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: std::io::Write + ?Sized>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: std::io::Write + ?Sized>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: std::io::Write + ?Sized>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// A formatter as a byte sink for serde_json, which writes only whole UTF-8 text.
struct FmtWriter<'a, 'b>(&'a mut fmt::Formatter<'b>);

impl std::io::Write for FmtWriter<'_, '_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let text = std::str::from_utf8(bytes).map_err(std::io::Error::other)?;
        self.0.write_str(text).map_err(std::io::Error::other)?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// [`terminal_json`], written as it goes.
struct TerminalJson<'a>(&'a str);

impl fmt::Display for TerminalJson<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Line breaks and tabs only appear between tokens: inside strings serde_json has escaped them.
        let escaped = |c: char| is_invisible(c) && !matches!(c, '\n' | '\r' | '\t');
        // Almost all JSON is already inert: write it whole.
        if !self.0.contains(escaped) {
            return f.write_str(self.0);
        }
        for c in self.0.chars() {
            if escaped(c) {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(f, "\\u{unit:04x}")?;
                }
            } else {
                f.write_char(c)?;
            }
        }
        Ok(())
    }
}

/// Markdown text that may span lines, for an answer's table cells, title and notes: made inert for
/// a terminal, every character Markdown or HTML acts on backslash-escaped (`|` cannot end a cell,
/// `<b>` is no tag, `&amp;` no entity, `~~` no strikethrough), and line breaks as `<br>`, so a cell
/// stays one table row.
///
/// ```
/// use lineage::present::escape::markdown_text;
/// assert_eq!(markdown_text("a|b <i>\nc & d~"), r"a\|b \<i\><br>c \& d\~");
/// ```
pub fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        for c in terminal(line).chars() {
            if matches!(
                c,
                '\\' | '*' | '_' | '`' | '<' | '>' | '[' | ']' | '|' | '&' | '~' | '#'
            ) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// Markdown kept on one line, for a report's headings, header fields, gaps and completeness table:
/// made inert for a terminal (so a line break shows as `\n` and cannot end a heading or a row), and
/// the characters that start Markdown or HTML markup (`|`, `*`, `_`, `` ` ``, `[`, `]`, `<`, `>`,
/// `#`, `\`) backslash-escaped. Unlike [`markdown_text`], `&` and `~` are left as they are.
///
/// ```
/// use lineage::present::escape::markdown_one_line;
/// assert_eq!(markdown_one_line("# a|b\nc & d"), r"\# a\|b\\nc & d");
/// ```
pub fn markdown_one_line(text: &str) -> String {
    let text = terminal(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '\\'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Text for inside a one-backtick Markdown code span (a report's echoed question): backticks become
/// `'`, so the text cannot close the span early. Nothing else is changed.
///
/// ```
/// use lineage::present::escape::markdown_code;
/// assert_eq!(markdown_code("describe `x`"), "describe 'x'");
/// ```
pub fn markdown_code(text: &str) -> String {
    text.replace('`', "'")
}

/// One RFC 4180 CSV field that keeps its line breaks, for an answer's cells: a leading formula
/// character (`=`, `+`, `-`, `@`, tab, CR) neutralised with `'` so a spreadsheet does not run it,
/// invisible characters other than tab and LF (which are data in CSV) made inert (a CR too: printed
/// to a terminal it would move the cursor back over the line), and the field quoted when it holds
/// `,`, `"` or LF.
///
/// ```
/// use lineage::present::escape::csv_field;
/// assert_eq!(csv_field("=1+1"), "'=1+1");
/// assert_eq!(csv_field("a, \"b\"\nc"), "\"a, \"\"b\"\"\nc\"");
/// ```
pub fn csv_field(text: &str) -> String {
    let mut field = String::with_capacity(text.len() + 2);
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        field.push('\'');
    }
    for c in text.chars() {
        match c {
            '\t' | '\n' => field.push(c),
            c if is_invisible(c) => field.extend(c.escape_default()),
            c => field.push(c),
        }
    }
    if field.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

/// One CSV field kept on one line, for a report's completeness table: made inert for a terminal
/// first (line breaks and tabs shown escaped), then a leading formula character (`=`, `+`, `-`, `@`)
/// neutralised with `'`, and the field quoted when it holds `,` or `"`.
///
/// ```
/// use lineage::present::escape::csv_one_line_field;
/// assert_eq!(csv_one_line_field("@SUM(A1)\nx"), r"'@SUM(A1)\nx");
/// ```
pub fn csv_one_line_field(text: &str) -> String {
    let text = terminal(text);
    let text = match text.chars().next() {
        Some('=' | '+' | '-' | '@') => format!("'{text}"),
        _ => text,
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// Text for inside a DOT double-quoted string: `\` and `"` escaped, line breaks as `\n`, control
/// characters shown as `\u{..}`, and `&`, `<`, `>`, `{`, `}`, `|` and every non-ASCII character as an
/// HTML entity, so the file is plain ASCII and no character can end the string or change the shape.
///
/// ```
/// use lineage::present::escape::dot_string;
/// assert_eq!(dot_string("a \"b\" {c}\né"), r#"a \"b\" &#123;c&#125;\n&#233;"#);
/// ```
pub fn dot_string(text: &str) -> String {
    DotString(text).to_string()
}

/// [`dot_string`], written as it goes.
struct DotString<'a>(&'a str);

impl fmt::Display for DotString<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '\\' => f.write_str("\\\\")?,
                '"' => f.write_str("\\\"")?,
                '\n' => f.write_str("\\n")?,
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                c if is_invisible(c) => write!(f, "\\\\u{{{:x}}}", c as u32)?,
                '{' | '}' | '|' => write!(f, "&#{};", c as u32)?,
                c if !c.is_ascii() => write!(f, "&#{};", c as u32)?,
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

/// Text for inside a DOT HTML-like label (`label=<...>`): `&`, `<`, `>`, `"` and every non-ASCII
/// character as entities, so no tag can open or close; line breaks as `<BR ALIGN="LEFT"/>`, control
/// characters shown as `\u{..}`.
///
/// ```
/// use lineage::present::escape::dot_html;
/// assert_eq!(dot_html("<b>\"é\"\nx"), "&lt;b&gt;&quot;&#233;&quot;<BR ALIGN=\"LEFT\"/>x");
/// ```
pub fn dot_html(text: &str) -> String {
    DotHtml(text).to_string()
}

/// [`dot_html`], written as it goes.
struct DotHtml<'a>(&'a str);

impl fmt::Display for DotHtml<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                '\n' => f.write_str("<BR ALIGN=\"LEFT\"/>")?,
                c if is_invisible(c) => write!(f, "\\u{{{:x}}}", c as u32)?,
                c if !c.is_ascii() => write!(f, "&#{};", c as u32)?,
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

/// Text for a Mermaid quoted label (`id["..."]`, `|"..."|`): entity codes for the characters Mermaid
/// reads as syntax (quotes, brackets, braces, parentheses, `|`, `#`, `<`, `>`, `&`, backticks), line
/// breaks as `<br/>`, control characters shown as `\u{..}`, so a label cannot close its shape or
/// start an edge.
///
/// ```
/// use lineage::present::escape::mermaid_label;
/// assert_eq!(mermaid_label("a\"] --> b"), "a#quot;#93; --#gt; b");
/// ```
pub fn mermaid_label(text: &str) -> String {
    MermaidLabel(text).to_string()
}

/// [`mermaid_label`], written as it goes.
struct MermaidLabel<'a>(&'a str);

impl fmt::Display for MermaidLabel<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '"' => f.write_str("#quot;")?,
                '#' => f.write_str("#35;")?,
                '<' => f.write_str("#lt;")?,
                '>' => f.write_str("#gt;")?,
                '&' => f.write_str("#amp;")?,
                '\n' => f.write_str("<br/>")?,
                '|' | '[' | ']' | '{' | '}' | '(' | ')' | '`' => write!(f, "#{};", c as u32)?,
                c if is_invisible(c) => write!(f, "\\u{{{:x}}}", c as u32)?,
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

/// Text for a Mermaid `%%` comment: line breaks as spaces, so the text cannot leave the comment and
/// be read as a statement, and every other invisible character made inert for a terminal (the
/// diagram is printed to one), as [`terminal`] does.
///
/// ```
/// use lineage::present::escape::mermaid_comment;
/// assert_eq!(mermaid_comment("a\nA --> B"), "a A --> B");
/// assert_eq!(mermaid_comment("\u{1b}[31m"), "\\u{1b}[31m");
/// ```
pub fn mermaid_comment(text: &str) -> String {
    terminal(&text.replace(['\n', '\r'], " "))
}

/// Text for a double-quoted YAML string (Mermaid's front matter): one line, `\` and `"` escaped, and
/// invisible characters and line breaks as spaces, so the text cannot end the string or the line.
///
/// ```
/// use lineage::present::escape::yaml_string;
/// assert_eq!(yaml_string("a \"b\"\n\\"), r#"a \"b\" \\"#);
/// ```
pub fn yaml_string(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if is_invisible(c) || c == '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn terminal_shows_invisible_characters_escaped() {
        assert_eq!(terminal("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(terminal("abc\u{202e}d\u{200b}"), "abc\\u{202e}d\\u{200b}");
    }

    #[test]
    fn json_keeps_its_strings_but_not_their_invisible_characters() {
        let json = serde_json::to_string(&"a\u{202e}b\u{1b}c").expect("json");
        let inert = terminal_json(&json);
        assert_eq!(inert, r#""a\u202eb\u001bc""#);
        assert_eq!(
            serde_json::from_str::<String>(&inert).expect("parses"),
            "a\u{202e}b\u{1b}c"
        );
    }

    #[test]
    fn markdown_escapes_what_markdown_or_html_would_act_on() {
        assert_eq!(markdown_text("a_b & c~d #e `f`"), r"a\_b \& c\~d \#e \`f\`");
        assert_eq!(
            markdown_one_line("a_b & c~d #e `f`"),
            r"a\_b & c~d \#e \`f\`"
        );
    }

    #[test]
    fn csv_neutralises_formulas() {
        let cases = [
            (
                "=HYPERLINK(\"http://x.test\")",
                "\"'=HYPERLINK(\"\"http://x.test\"\")\"",
            ),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
            ("\t=1", "'\t=1"),
            ("\r=1", r"'\r=1"),
            ("a=1", "a=1"),
            ("bell\u{7}", r"bell\u{7}"),
        ];
        for (text, field) in cases {
            assert_eq!(csv_field(text), field, "{text:?}");
        }
        assert_eq!(csv_one_line_field("\t=1"), " =1");
        assert_eq!(csv_one_line_field("a,b"), "\"a,b\"");
    }

    #[test]
    fn dot_strings_stay_closed_and_ascii() {
        assert_eq!(dot_string(r#"a "b" \c"#), r#"a \"b\" \\c"#);
        assert_eq!(
            dot_string("<b>{x}|y</b> & z"),
            "&lt;b&gt;&#123;x&#125;&#124;y&lt;/b&gt; &amp; z"
        );
        assert_eq!(dot_string("line\nbreak"), "line\\nbreak");
        assert_eq!(dot_string("\u{1b}[31m"), "\\\\u{1b}[31m");
        assert_eq!(dot_string("café"), "caf&#233;");
        assert!(dot_string("\u{202e}évil\"\\").is_ascii());
    }

    #[test]
    fn mermaid_labels_cannot_break_out() {
        let text = mermaid_label("a\"]--> b[x|y](z)");
        assert!(
            !text.contains('"') && !text.contains(']') && !text.contains('|'),
            "{text}"
        );
    }

    /// Characters that have broken, or could break, some output: controls, direction overrides,
    /// zero-width characters, quotes, backslashes, markup and formula characters, non-ASCII.
    const HOSTILE: &[char] = &[
        '\0',
        '\u{7}',
        '\u{8}',
        '\t',
        '\n',
        '\r',
        '\u{b}',
        '\u{c}',
        '\u{1b}',
        '\u{7f}',
        '\u{85}',
        '\u{9b}',
        '\u{200b}',
        '\u{200d}',
        '\u{200e}',
        '\u{202a}',
        '\u{202e}',
        '\u{2066}',
        '\u{2069}',
        '\u{2060}',
        '\u{feff}',
        '\u{061c}',
        '"',
        '\'',
        '\\',
        '`',
        '|',
        '<',
        '>',
        '&',
        ';',
        '#',
        '*',
        '_',
        '~',
        '[',
        ']',
        '{',
        '}',
        '(',
        ')',
        '%',
        ',',
        '=',
        '+',
        '-',
        '@',
        ' ',
        'a',
        'Z',
        '0',
        'é',
        '☕',
        'デ',
        'ע',
        '\u{10348}',
    ];

    fn hostile() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(HOSTILE), 0..40)
            .prop_map(|chars| chars.into_iter().collect())
    }

    /// The text left when every backslash escape (`\x`) and every allowed token is taken out.
    fn unescaped(text: &str, tokens: &[&str]) -> String {
        let mut rest = text;
        let mut out = String::new();
        'outer: while let Some(c) = rest.chars().next() {
            for token in tokens {
                if let Some(after) = rest.strip_prefix(token) {
                    rest = after;
                    continue 'outer;
                }
            }
            if c == '\\' {
                let mut chars = rest.chars();
                chars.next();
                chars.next();
                rest = chars.as_str();
                continue;
            }
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
        out
    }

    /// The fields of one CSV record, as an RFC 4180 reader sees them (quoted fields may hold commas,
    /// quotes and line breaks).
    fn csv_read(text: &str) -> Vec<String> {
        let mut fields = vec![String::new()];
        let mut quoted = false;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let field = fields.last_mut().expect("one field at least");
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                (true, '"') => quoted = false,
                (true, c) => field.push(c),
                (false, '"') => quoted = true,
                (false, ',' | '\n' | '\r') => fields.push(String::new()),
                (false, c) => field.push(c),
            }
        }
        fields
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn every_escaper_keeps_its_promise(text in hostile()) {
            // A terminal sees no control character, direction override or zero-width character.
            let shown = terminal(&text);
            prop_assert!(!shown.contains(is_invisible), "{shown:?}");

            // JSON reads back the same strings, and a terminal sees nothing invisible inside them.
            let document = serde_json::to_string_pretty(&serde_json::json!({ "k": [&text] }))
                .expect("json");
            let json = terminal_json(&document);
            prop_assert!(!json.contains(|c: char| is_invisible(c) && c != '\n'), "{json:?}");
            let back: serde_json::Value = serde_json::from_str(&json).expect("parses");
            prop_assert_eq!(back["k"][0].as_str(), Some(text.as_str()));

            // Markdown: no unescaped markup, no line break, no invisible character.
            const MARKUP: &[char] = &['|', '*', '_', '`', '[', ']', '<', '>', '#', '\n', '\r'];
            let md = markdown_text(&text);
            let left = unescaped(&md, &["<br>"]);
            prop_assert!(!left.contains(MARKUP) && !left.contains(['&', '~']), "{md:?}");
            prop_assert!(!md.contains(is_invisible), "{md:?}");
            let line = markdown_one_line(&text);
            prop_assert!(!unescaped(&line, &[]).contains(MARKUP), "{line:?}");
            prop_assert!(!line.contains(is_invisible), "{line:?}");
            prop_assert!(!markdown_code(&text).contains('`'));

            // CSV: one field that no spreadsheet runs as a formula.
            let field = csv_field(&text);
            let read = csv_read(&field);
            prop_assert_eq!(read.len(), 1, "{:?}", field);
            prop_assert!(!read[0].starts_with(['=', '+', '-', '@', '\t', '\r']), "{field:?}");
            prop_assert!(!read[0].contains(|c: char| is_invisible(c) && !matches!(c, '\t' | '\r' | '\n')));
            if !text.contains(is_invisible) && !text.starts_with(['=', '+', '-', '@']) {
                prop_assert_eq!(&read[0], &text, "a plain field round-trips");
            }
            let one = csv_one_line_field(&text);
            let read = csv_read(&one);
            prop_assert_eq!(read.len(), 1, "{:?}", one);
            prop_assert!(!read[0].starts_with(['=', '+', '-', '@']), "{one:?}");
            prop_assert!(!one.contains(is_invisible), "{one:?}");

            // DOT: the string stays closed, and the file plain ASCII with no control character.
            let dot = dot_string(&text);
            prop_assert!(dot.is_ascii() && !dot.contains(is_invisible), "{dot:?}");
            prop_assert!(!unescaped(&dot, &[]).contains('"'), "{dot:?}");
            let html = dot_html(&text);
            prop_assert!(html.is_ascii() && !html.contains(is_invisible), "{html:?}");
            // HTML-like labels have no backslash escapes: only entities and the line break tag.
            let left = html.replace("<BR ALIGN=\"LEFT\"/>", "");
            prop_assert!(!left.contains(['<', '>', '"']), "{html:?}");

            // Mermaid: a label cannot close its shape or quote; a comment stays one line.
            let label = mermaid_label(&text);
            let left = label.replace("<br/>", "");
            prop_assert!(!left.contains(['"', '[', ']', '(', ')', '|', '<', '>', '`', '\n']), "{label:?}");
            prop_assert!(!label.contains(is_invisible), "{label:?}");
            prop_assert!(!mermaid_comment(&text).contains('\n'));
            prop_assert!(!mermaid_comment(&text).contains(is_invisible));
            let yaml = yaml_string(&text);
            prop_assert!(!yaml.contains(is_invisible), "{yaml:?}");
            prop_assert!(!unescaped(&yaml, &[]).contains('"'), "{yaml:?}");
        }
    }
}
