//! Query text → tokens, each with its byte span in the query.
//!
//! Keywords are not reserved here: a word is a word, and the parser decides whether it is a keyword or
//! part of a name. That is what lets names be written bare ("who may receive Device data").

use std::{collections::BTreeMap, ops::Range};

use super::error::{QueryError, QueryErrorKind};

/// The most characters a query may have: longer input is refused before lexing. The same cap holds
/// for the query with its `$NAME` parameters replaced.
pub const MAX_QUERY_BYTES: usize = 64 * 1024;

// Continued lines may make a query as long as this, and no longer.
const _: () = assert!(MAX_QUERY_BYTES == crate::lines::MAX_JOINED_BYTES);

/// The longest value a parameter may have (`.param`, `--param`).
pub const MAX_PARAM_BYTES: usize = MAX_QUERY_BYTES;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenKind {
    /// A run of characters up to white space, a quote or a question mark.
    Word,
    /// A quoted name; the token's text is its contents, with escapes resolved.
    Quoted,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    /// The word, or the quoted name's contents.
    pub text: String,
    /// Byte range in the query, quotes included.
    pub span: Range<usize>,
}

impl Token {
    /// Whether this is the (case-insensitive) keyword `word`. Quoted text is never a keyword.
    pub fn is(&self, word: &str) -> bool {
        self.kind == TokenKind::Word && self.text.eq_ignore_ascii_case(word)
    }
}

/// Opening and closing quote characters: straight, and the curly ones that word processors paste.
const QUOTES: &[(char, char)] = &[
    ('"', '"'),
    ('\u{201c}', '\u{201d}'),
    ('\u{201e}', '\u{201c}'),
];

/// Splits a query into tokens. `$NAME` is replaced by the value of parameter `NAME`, as a quoted name.
pub fn lex(query: &str, params: &BTreeMap<String, String>) -> Result<Vec<Token>, QueryError> {
    if query.len() > MAX_QUERY_BYTES {
        return Err(
            QueryError::new(QueryErrorKind::TooLong { bytes: query.len() }, 0..0)
                .expected(format!("at most {MAX_QUERY_BYTES} bytes")),
        );
    }
    let mut tokens = Vec::new();
    // The query's length with the parameters replaced so far: checked before each value is copied.
    let mut expanded = query.len();
    let mut chars = query.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() || c == '?' {
            chars.next();
        } else if let Some(&(_, close)) = QUOTES.iter().find(|(open, _)| *open == c) {
            chars.next();
            tokens.push(quoted(query, &mut chars, start, close)?);
        } else {
            let mut end = start;
            while let Some(&(i, c)) = chars.peek() {
                if c.is_whitespace() || c == '?' || QUOTES.iter().any(|(open, _)| *open == c) {
                    break;
                }
                end = i + c.len_utf8();
                chars.next();
            }
            tokens.push(word(&query[start..end], start..end, params, &mut expanded)?);
        }
    }
    Ok(tokens)
}

/// A quoted name, whose opening quote (at `start`) was just read: up to `close`, with `\"` and `\\`
/// escapes.
fn quoted(
    query: &str,
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
    start: usize,
    close: char,
) -> Result<Token, QueryError> {
    let mut text = String::new();
    while let Some((i, c)) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some((_, escaped)) => text.push(escaped),
                None => break,
            }
        } else if c == close && text.trim().is_empty() {
            return Err(
                QueryError::new(QueryErrorKind::EmptyQuotedName, start..i + c.len_utf8())
                    .expected("a name between the quotes, such as \"Email address\""),
            );
        } else if c == close {
            return Ok(Token {
                kind: TokenKind::Quoted,
                text,
                span: start..i + c.len_utf8(),
            });
        } else {
            text.push(c);
        }
    }
    Err(
        QueryError::new(QueryErrorKind::UnclosedQuote, start..query.len())
            .expected(format!("a closing {close}")),
    )
}

/// A word, or a `$NAME` parameter replaced by its value as a quoted name. `expanded` is the query's
/// length with its parameters replaced; a value that would take it past the cap is not copied.
fn word(
    word: &str,
    span: Range<usize>,
    params: &BTreeMap<String, String>,
    expanded: &mut usize,
) -> Result<Token, QueryError> {
    let Some(name) = word.strip_prefix('$') else {
        return Ok(Token {
            kind: TokenKind::Word,
            text: word.to_string(),
            span,
        });
    };
    if name.is_empty() {
        return Err(QueryError::new(QueryErrorKind::LoneDollar, span)
            .expected("`$NAME`, a parameter's name after the `$` (set with `.param NAME VALUE` or `--param NAME=VALUE`)"));
    }
    let Some(value) = params.get(name) else {
        return Err(unknown_parameter(name, span, params));
    };
    *expanded = (*expanded - span.len()).saturating_add(value.len());
    if *expanded > MAX_QUERY_BYTES {
        return Err(
            QueryError::new(QueryErrorKind::ExpandedTooLong, span).expected(format!(
                "at most {MAX_QUERY_BYTES} bytes, parameters replaced"
            )),
        );
    }
    Ok(Token {
        kind: TokenKind::Quoted,
        text: value.clone(),
        span,
    })
}

fn unknown_parameter(
    name: &str,
    span: Range<usize>,
    params: &BTreeMap<String, String>,
) -> QueryError {
    let known: Vec<&str> = params.keys().map(String::as_str).collect();
    let near = crate::names::nearest(name, known.iter().copied(), 3);
    let help = crate::names::did_you_mean(name, near.iter().copied());
    let repairs: Vec<String> = near.iter().map(|n| format!("${n}")).collect();
    let expected = if known.is_empty() {
        "a parameter set with `.param NAME VALUE` or `--param NAME=VALUE`".to_string()
    } else {
        let names: Vec<String> = known.iter().map(|k| format!("`${k}`")).collect();
        format!("one of {}", names.join(", "))
    };
    QueryError::new(
        QueryErrorKind::UnknownParameter {
            name: name.to_string(),
        },
        span.clone(),
    )
    .expected(expected)
    .help(help)
    .repairs(span, repairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(query: &str) -> Vec<(TokenKind, String)> {
        lex(query, &BTreeMap::new())
            .expect("lexes")
            .into_iter()
            .map(|t| (t.kind, t.text))
            .collect()
    }

    macro_rules! lexes {
        ($($name:ident: $query:expr => [$(($kind:ident, $text:expr)),* $(,)?];)*) => {$(
            #[test]
            fn $name() {
                assert_eq!(words($query), vec![$((TokenKind::$kind, $text.to_string())),*]);
            }
        )*};
    }

    lexes! {
        bare_words: "who may receive X" => [(Word, "who"), (Word, "may"), (Word, "receive"), (Word, "X")];
        question_mark_is_dropped: "list purposes?" => [(Word, "list"), (Word, "purposes")];
        straight_quotes: r#"describe "a b""# => [(Word, "describe"), (Quoted, "a b")];
        curly_quotes: "describe \u{201c}a b\u{201d}" => [(Word, "describe"), (Quoted, "a b")];
        escaped_quote: r#"describe "a \"b\"""# => [(Word, "describe"), (Quoted, "a \"b\"")];
        apostrophes_stay_in_words: "places you've been" => [(Word, "places"), (Word, "you've"), (Word, "been")];
        punctuation_stays_in_words: "third- party, web" => [(Word, "third-"), (Word, "party,"), (Word, "web")];
        empty: "   " => [];
    }

    #[test]
    fn spans_point_into_the_query() {
        let tokens = lex(r#"list "x y""#, &BTreeMap::new()).expect("lexes");
        assert_eq!(tokens[1].span, 5..10);
    }

    #[test]
    fn parameters_become_quoted_names() {
        let params = BTreeMap::from([("data".to_string(), "Some Data".to_string())]);
        let tokens = lex("sources of $data", &params).expect("lexes");
        assert_eq!(tokens[2].kind, TokenKind::Quoted);
        assert_eq!(tokens[2].text, "Some Data");
        assert_eq!(tokens[2].span, 11..16);
    }

    #[test]
    fn an_unknown_parameter_is_an_error() {
        let err = lex(
            "sources of $dta",
            &BTreeMap::from([("data".into(), "x".into())]),
        )
        .unwrap_err();
        assert_eq!(err.span, 11..15);
        assert_eq!(err.help.as_deref(), Some("did you mean `data`?"));
    }

    #[test]
    fn an_unclosed_quote_is_an_error() {
        let err = lex(r#"describe "abc"#, &BTreeMap::new()).unwrap_err();
        assert_eq!(err.kind, QueryErrorKind::UnclosedQuote);
        assert_eq!(err.message(), "this quoted name is not closed");
    }
}
