//! Limits a query text must keep before it reaches the recursive SPARQL parser: its
//! length and how deeply its brackets nest. A query nested a few thousand levels deep
//! overflows the parser's stack and aborts the process (one request would take `serve`
//! down), so deeper ones are refused with an error instead.

/// The longest query text accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 1 << 20;

/// The deepest nesting of `{`, `(` and `[` accepted. Real queries stay under 20; the
/// parser overflows an 8 MB stack at a few thousand.
pub const MAX_NESTING: usize = 128;

/// Why a query text is refused before parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShapeError {
    /// Longer than [`MAX_QUERY_BYTES`].
    TooLong(usize),
    /// Brackets nested deeper than [`MAX_NESTING`], first at this 1-based line and column.
    TooDeep {
        /// 1-based line.
        line: usize,
        /// 1-based column (in characters).
        column: usize,
    },
}

/// Checks `text` against [`MAX_QUERY_BYTES`] and [`MAX_NESTING`]. Brackets inside string
/// literals, IRIs and comments do not count.
pub fn check(text: &str) -> Result<(), ShapeError> {
    if text.len() > MAX_QUERY_BYTES {
        return Err(ShapeError::TooLong(text.len()));
    }
    let chars: Vec<char> = text.chars().collect();
    let (mut depth, mut line, mut column) = (0usize, 1usize, 0usize);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        column += 1;
        match c {
            '\n' => {
                line += 1;
                column = 0;
            }
            '#' => {
                while i + 1 < chars.len() && chars[i + 1] != '\n' {
                    i += 1;
                }
            }
            '"' | '\'' => {
                let long = chars.get(i + 1) == Some(&c) && chars.get(i + 2) == Some(&c);
                let quote = if long { 3 } else { 1 };
                i += quote;
                while i < chars.len() {
                    if chars[i] == '\\' {
                        i += 2;
                        continue;
                    }
                    if chars[i] == '\n' {
                        line += 1;
                        column = 0;
                    }
                    if chars[i..].iter().take(quote).filter(|&&q| q == c).count() == quote {
                        i += quote - 1;
                        break;
                    }
                    i += 1;
                }
            }
            '<' => {
                // An IRI (SPARQL's IRIREF) runs to `>` without spaces or any of `<"{}|^`\`;
                // otherwise `<` is "less than". Its `#` starts no comment.
                let end = chars[i + 1..].iter().position(|&d| {
                    d == '>'
                        || d <= ' '
                        || matches!(d, '<' | '"' | '{' | '}' | '|' | '^' | '`' | '\\')
                });
                if let Some(n) = end.filter(|&n| chars[i + 1 + n] == '>') {
                    i += n + 1;
                }
            }
            '{' | '(' | '[' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(ShapeError::TooDeep { line, column });
                }
            }
            '}' | ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(open: &str, close: &str, depth: usize) -> String {
        format!(
            "SELECT * WHERE {{ ?s ?p ?o FILTER({}1{}) }}",
            open.repeat(depth),
            close.repeat(depth)
        )
    }

    #[test]
    fn ordinary_queries_pass_and_deep_or_long_ones_are_refused() {
        let ok = [
            "SELECT * WHERE { ?s ?p ?o }".to_owned(),
            nested("(", ")", MAX_NESTING - 2),
            // Brackets in strings, IRIs and comments do not count.
            format!("SELECT * {{ ?s ?p \"{}\" }}", "{".repeat(1000)),
            format!("SELECT * {{ ?s ?p '''{}''' }}", "(".repeat(1000)),
            format!("SELECT * {{ ?s ?p <http://x/{}> }}", "(".repeat(1000)),
            format!("SELECT * {{ ?s ?p ?o }} # {}\n", "{".repeat(1000)),
            // "<" as less-than does not hide what follows.
            "SELECT * { ?s ?p ?o FILTER(?o < 3 && (?o > 1)) }".to_owned(),
        ];
        for text in &ok {
            assert_eq!(check(text), Ok(()), "{text:.80}");
        }
        // `{` and FILTER's `(` are two levels; the nested bracket that makes 129 is named.
        let before = "SELECT * WHERE { ?s ?p ?o FILTER(".len();
        assert_eq!(
            check(&nested("(", ")", MAX_NESTING + 1)),
            Err(ShapeError::TooDeep {
                line: 1,
                column: before + MAX_NESTING - 1
            })
        );
        let braces = format!("SELECT * WHERE {}", "{".repeat(5000));
        assert!(matches!(check(&braces), Err(ShapeError::TooDeep { .. })));
        // A '#' inside an IRI starts no comment that could hide what follows it.
        let after_iri = format!("SELECT * {{ <http://x#y> ?p ?o {} }}", "{".repeat(500));
        assert!(matches!(check(&after_iri), Err(ShapeError::TooDeep { .. })));
        let long = format!("SELECT * {{ ?s ?p \"{}\" }}", "x".repeat(MAX_QUERY_BYTES));
        assert!(matches!(check(&long), Err(ShapeError::TooLong(_))));
    }
}
