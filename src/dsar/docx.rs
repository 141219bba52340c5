//! A report or letter as a Word document (`--format docx`), written with `docx-rs`: headings, tables,
//! bullets and paragraphs. The letter is laid out from its model (a table per item); counsel's annex
//! from its own Markdown, whose few shapes (headings, tables, bullets, paragraphs) are all it uses.
//! The document's creation date is the date it answers on, so the same request gives the same file.

use docx_rs::{Docx, Paragraph, Run, Style, StyleType, Table, TableCell, TableRow};

/// One block of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading(usize, String),
    Paragraph(String),
    Bullet(String),
    /// Rows of cells; the first row is the header.
    Table(Vec<Vec<String>>),
}

/// Why a document could not be made: the zip writer failed (into memory, so only on a bug).
#[derive(Debug)]
pub struct DocxError(pub String);

impl std::fmt::Display for DocxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the Word document could not be written: {}", self.0)
    }
}

impl std::error::Error for DocxError {}

/// Text XML 1.0 can hold: control characters (but tab and line feed) are left out.
fn clean(text: &str) -> String {
    text.chars()
        .filter(|&c| !c.is_control() || c == '\t' || c == '\n')
        .collect()
}

fn text_run(text: &str, bold: bool) -> Run {
    let run = Run::new().add_text(clean(text));
    if bold {
        run.bold()
    } else {
        run
    }
}

fn table(rows: &[Vec<String>]) -> Table {
    let rows = rows.iter().enumerate().map(|(i, row)| {
        TableRow::new(
            row.iter()
                .map(|cell| {
                    TableCell::new().add_paragraph(Paragraph::new().add_run(text_run(cell, i == 0)))
                })
                .collect(),
        )
    });
    Table::new(rows.collect())
}

/// The document's bytes; `date` (`YYYY-MM-DD`) is its creation and modification date.
pub fn write(blocks: &[Block], date: &str) -> Result<Vec<u8>, DocxError> {
    let stamp = format!("{date}T00:00:00Z");
    let mut doc = Docx::new()
        .created_at(&stamp)
        .add_style(
            Style::new("Heading1", StyleType::Paragraph)
                .name("Heading 1")
                .size(32)
                .bold(),
        )
        .add_style(
            Style::new("Heading2", StyleType::Paragraph)
                .name("Heading 2")
                .size(26)
                .bold(),
        )
        .add_style(Style::new("ListBullet", StyleType::Paragraph).name("List Bullet"));
    for block in blocks {
        doc = match block {
            Block::Heading(level, text) => doc.add_paragraph(
                Paragraph::new()
                    .add_run(text_run(text, false))
                    .style(if *level <= 1 { "Heading1" } else { "Heading2" }),
            ),
            Block::Paragraph(text) => {
                doc.add_paragraph(Paragraph::new().add_run(text_run(text, false)))
            }
            Block::Bullet(text) => doc.add_paragraph(
                Paragraph::new()
                    .add_run(text_run(&format!("• {text}"), false))
                    .style("ListBullet"),
            ),
            Block::Table(rows) if rows.is_empty() => doc,
            Block::Table(rows) => doc.add_table(table(rows)).add_paragraph(Paragraph::new()),
        };
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut bytes)
        .map_err(|e| DocxError(e.to_string()))?;
    Ok(bytes.into_inner())
}

/// The blocks of a Markdown report as this tool writes it: `#` headings, `|` tables (the `---` row
/// dropped), `- ` bullets, and paragraphs; Markdown's escapes and emphasis removed.
pub fn from_markdown(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for line in markdown.lines() {
        if line.starts_with('|') {
            let cells = split_row(line);
            if !cells
                .iter()
                .all(|c| !c.is_empty() && c.chars().all(|ch| ch == '-' || ch == ':'))
            {
                rows.push(cells);
            }
            continue;
        }
        if !rows.is_empty() {
            blocks.push(Block::Table(std::mem::take(&mut rows)));
        }
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if hashes > 0 && line[hashes..].starts_with(' ') {
            blocks.push(Block::Heading(hashes, plain(&line[hashes + 1..])));
        } else if let Some(rest) = line.strip_prefix("- ") {
            blocks.push(Block::Bullet(plain(rest)));
        } else if !line.trim().is_empty() {
            blocks.push(Block::Paragraph(plain(line)));
        }
    }
    if !rows.is_empty() {
        blocks.push(Block::Table(rows));
    }
    blocks
}

/// The cells of a Markdown table row, split at unescaped `|`.
fn split_row(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|');
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                cell.push(c);
                if let Some(next) = chars.next() {
                    cell.push(next);
                }
            }
            '|' => cells.push(plain(std::mem::take(&mut cell).trim())),
            _ => cell.push(c),
        }
    }
    if !cell.trim().is_empty() {
        cells.push(plain(cell.trim()));
    }
    cells
}

/// Text without Markdown's escapes, `**` emphasis, backticks and `<br>`.
fn plain(text: &str) -> String {
    let text = text.replace("**", "").replace("<br>", "; ");
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '`' => {}
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_blocks() {
        let md = "# Title\n\n**Bold** text \\[1\\]\n\n| A | B \\| C |\n| --- | --- |\n| x | `y` |\n\n- item\n";
        assert_eq!(
            from_markdown(md),
            vec![
                Block::Heading(1, "Title".into()),
                Block::Paragraph("Bold text [1]".into()),
                Block::Table(vec![
                    vec!["A".into(), "B | C".into()],
                    vec!["x".into(), "y".into()]
                ]),
                Block::Bullet("item".into()),
            ]
        );
    }
}
