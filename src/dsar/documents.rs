//! What `lineage run` writes for each audience: counsel's annex (the report), the requester's letter,
//! or both, in the format asked for; dated with the day the answer is given.

use clap::ValueEnum;

use crate::{
    dataset::{files::Files, Dataset},
    diagnostic::Diagnostic,
    dsar::{
        classes, docx,
        letter::{named_in, Sources},
        report::{HeaderField, Report},
    },
    present::{escape::terminal_json, format::Format, render::Options},
};

/// Whom `lineage run` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Audience {
    /// The annex: every row with its evidence, flags, derived reasons and completeness
    Counsel,
    /// The letter: plain words, the notice's headings as citations, gaps in words
    Requester,
    /// The letter (stdout or -o) and the annex (--annex FILE)
    Both,
}

/// The documents of one run: the one asked for, and the annex when both are.
pub struct Documents {
    pub main: Vec<u8>,
    pub annex: Option<Vec<u8>>,
}

/// How a run is written.
pub struct Ask<'a> {
    pub audience: Audience,
    pub format: Format,
    /// The date the answer is given on, `YYYY-MM-DD`.
    pub date: &'a str,
    /// Whether `--date` was given: the annex then records it too.
    pub dated: bool,
    pub options: &'a Options,
}

/// The documents for `report`, with the dataset's legal classes (`legal-classes.json`) added.
pub fn make(
    mut report: Report,
    files: &Files,
    ds: &Dataset,
    ask: &Ask,
) -> Result<Documents, Box<Diagnostic>> {
    if let Some(law) = &report.law {
        let all = classes::read(files, ds)?;
        report.classes = classes::of_regime(&all, law, &named_in(&report));
    }
    if ask.dated || ask.audience == Audience::Both {
        report.header.push(HeaderField {
            key: "answered_on",
            label: "Answered on",
            value: ask.date.to_string(),
        });
    }
    let annex = || annex(&report, ask);
    match ask.audience {
        Audience::Counsel => Ok(Documents {
            main: annex()?,
            annex: None,
        }),
        Audience::Requester => Ok(Documents {
            main: letter(&report, ds, ask)?,
            annex: None,
        }),
        Audience::Both => Ok(Documents {
            main: letter(&report, ds, ask)?,
            annex: Some(annex()?),
        }),
    }
}

fn annex(report: &Report, ask: &Ask) -> Result<Vec<u8>, Box<Diagnostic>> {
    if ask.format == Format::Docx {
        let markdown = report.render(Format::Markdown, ask.options);
        return docx::write(&docx::from_markdown(&markdown), ask.date).map_err(failed);
    }
    Ok(report.render(ask.format, ask.options).into_bytes())
}

fn letter(report: &Report, ds: &Dataset, ask: &Ask) -> Result<Vec<u8>, Box<Diagnostic>> {
    let Some(regime) = &report.law else {
        return Err(Box::new(
            Diagnostic::new("the script", "the requester's letter needs a regime")
                .expected("a `.regime NAME` line in the script"),
        ));
    };
    let sources = Sources {
        ds,
        regime,
        classes: &report.classes,
    };
    let letter = sources.letter(report, ask.date);
    match ask.format {
        Format::Markdown => Ok(letter.markdown().into_bytes()),
        Format::Json => {
            let json = serde_json::to_string_pretty(&letter).map_err(|e| failed(e.to_string()))?;
            Ok(terminal_json(&format!("{json}\n")).into_bytes())
        }
        Format::Docx => docx::write(&letter.blocks(), ask.date).map_err(failed),
        other => Err(Box::new(
            Diagnostic::new("--format", format!("the letter is not written as {other}"))
                .expected("markdown, json or docx for `--audience requester` or `both`"),
        )),
    }
}

fn failed(e: impl ToString) -> Box<Diagnostic> {
    Box::new(Diagnostic::new("the document", e.to_string()))
}

/// `YYYY-MM-DD`, a real calendar date: what `--date` takes.
pub fn parse_date(text: &str) -> Result<String, String> {
    let parts: Vec<&str> = text.split('-').collect();
    let ok = match parts.as_slice() {
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
            let num = |s: &str| {
                s.chars()
                    .all(|c| c.is_ascii_digit())
                    .then(|| s.parse::<u32>().ok())
                    .flatten()
            };
            match (num(y), num(m), num(d)) {
                (Some(y), Some(m), Some(d)) => {
                    (1..=12).contains(&m) && d >= 1 && d <= days_in(y, m)
                }
                _ => false,
            }
        }
        _ => false,
    };
    if ok {
        Ok(text.to_string())
    } else {
        Err(format!("`{text}` is not a date YYYY-MM-DD"))
    }
}

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    #[test]
    fn a_date_is_a_real_calendar_day() {
        for ok in ["2026-01-15", "2024-02-29", "2000-02-29", "1999-12-31"] {
            assert_eq!(parse_date(ok).as_deref(), Ok(ok));
        }
        for bad in [
            "2026-02-29",
            "1900-02-29",
            "2026-13-01",
            "2026-04-31",
            "2026-1-15",
            "15-01-2026",
            "2026-01-15T00:00:00Z",
            "",
            "+026-01-15",
        ] {
            assert_eq!(
                parse_date(bad),
                Err(format!("`{bad}` is not a date YYYY-MM-DD")),
                "{bad}"
            );
        }
    }
}
