//! Limits a query must keep before it reaches Oxigraph's recursive SPARQL parser, planner
//! and evaluator, none of which has a depth or size limit of its own:
//!
//! - on the text, before parsing ([`check`]): its length, how deeply its brackets nest,
//!   and how many tokens it has besides its `VALUES` data. A query nested a few thousand
//!   levels deep overflows the parser's stack and aborts the process (one request would
//!   take `serve` down); so does a chain of a few thousand path steps (`a/a/a/...`)
//!   or `UNION`s, which brackets do not show;
//! - on the parsed query, before planning ([`check_algebra`]): how deeply its operations
//!   nest and how many triple patterns and path steps it joins. A chain of 1,000
//!   `UNION`s or `BIND`s overflows the evaluator's stack, and the planner orders joins in
//!   time that grows with about the cube of the patterns, which no timeout stops: 64
//!   `OPTIONAL` patterns took 1.3 s, 128 patterns of one subject 10 s, 1,000 path steps
//!   (a 20 KB query) over a minute.

use spargebra::Query;
use spargebra::algebra::PropertyPathExpression;
use spargebra::algebra::{AggregateExpression, Expression, GraphPattern, OrderExpression};

/// The longest query text accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 1 << 20;

/// The deepest nesting of `{`, `(` and `[` accepted. Real queries stay under 20; the
/// parser overflows an 8 MB stack at a few thousand.
pub const MAX_NESTING: usize = 128;

/// The most tokens accepted outside `VALUES` data: a word (a run of letters, digits, `_`,
/// `:`, `?` and `$`), a string, an IRI or any other character but white space each count
/// one. The example queries have under 200; chains of 2,048 operators parse safely on a
/// 2 MB stack (a server thread's), chains of 10,000 path steps do not.
pub const MAX_TOKENS: usize = 4096;

/// The deepest nesting of operations (patterns, expressions, path operators) accepted in
/// the parsed query. The example queries stay under 20; a chain of 1,000 `UNION`s
/// overflows the evaluator's 2 MB stack, 500 do not.
pub const MAX_DEPTH: usize = 256;

/// The most triple patterns and property path steps accepted in the WHERE clause (and its
/// subqueries). The example queries have up to 15; 32 are planned in a fifth of a second
/// at worst, 48 took two seconds (a fuzz build on a busy machine).
pub const MAX_PATTERNS: usize = 32;

/// Why a query is refused before planning.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShapeError {
    /// Longer than [`MAX_QUERY_BYTES`].
    #[error("the query is {0} bytes long; at most {MAX_QUERY_BYTES} are accepted")]
    TooLong(usize),
    /// Brackets nested deeper than [`MAX_NESTING`], first at this 1-based line and column.
    #[error(
        "the query nests brackets more than {MAX_NESTING} deep (at line {line}, column {column}); write it flatter"
    )]
    TooDeep {
        /// 1-based line.
        line: usize,
        /// 1-based column (in characters).
        column: usize,
    },
    /// More tokens than [`MAX_TOKENS`] outside `VALUES` data; the first one too many is at
    /// this 1-based line and column.
    #[error(
        "the query has more than {MAX_TOKENS} tokens besides its VALUES data (the next at line {line}, column {column}); put long lists of values in VALUES"
    )]
    TooManyTokens {
        /// 1-based line.
        line: usize,
        /// 1-based column (in characters).
        column: usize,
    },
    /// Operations nested deeper than [`MAX_DEPTH`].
    #[error(
        "the query's operations nest more than {MAX_DEPTH} deep (long chains of UNION, OPTIONAL, BIND, FILTER, operators or path steps); write it flatter"
    )]
    TooDeepAlgebra,
    /// More triple patterns and path steps than [`MAX_PATTERNS`].
    #[error(
        "the query joins {0} triple patterns and property path steps; at most {MAX_PATTERNS} are accepted (planning a join takes time no timeout stops)"
    )]
    TooManyPatterns(usize),
}

/// Checks `text` against [`MAX_QUERY_BYTES`], [`MAX_NESTING`] and [`MAX_TOKENS`]. Brackets
/// inside string literals, IRIs and comments do not count; the tokens of `VALUES` data
/// (the `{ ... }` block after the keyword) do not count.
///
/// # Errors
/// The first limit the text breaks.
pub fn check(text: &str) -> Result<(), ShapeError> {
    if text.len() > MAX_QUERY_BYTES {
        return Err(ShapeError::TooLong(text.len()));
    }
    let chars: Vec<char> = text.chars().collect();
    let (mut depth, mut line, mut column) = (0usize, 1usize, 0usize);
    let mut tokens = 0usize;
    // Seen the keyword VALUES and only variables and parentheses since: its data block
    // opens at the next `{`. Then, inside the block: the depth outside it.
    let mut values_keyword = false;
    let mut values_block: Option<usize> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        column += 1;
        if values_block.is_none() && !c.is_whitespace() && c != '#' {
            tokens += 1;
            if tokens > MAX_TOKENS {
                return Err(ShapeError::TooManyTokens { line, column });
            }
            if !matches!(c, '{' | '(' | ')' | '?' | '$') && !is_word(c) {
                values_keyword = false;
            }
        }
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
                if c == '{' && values_keyword {
                    values_keyword = false;
                    values_block = Some(depth);
                }
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(ShapeError::TooDeep { line, column });
                }
            }
            '}' | ')' | ']' => {
                depth = depth.saturating_sub(1);
                if values_block == Some(depth) {
                    values_block = None;
                }
            }
            c if is_word(c) => {
                let start = i;
                while i + 1 < chars.len() && is_word(chars[i + 1]) {
                    i += 1;
                }
                column += i - start;
                let word: String = chars[start..=i].iter().collect();
                if word.eq_ignore_ascii_case("values") {
                    values_keyword = true;
                } else if !matches!(c, '?' | '$') {
                    values_keyword = false;
                }
            }
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

/// A character of a word token: a keyword, prefixed name, variable or number.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | ':' | '?' | '$')
}

/// One node of a parsed query, for the walk of [`check_algebra`].
enum Node<'a> {
    Pattern(&'a GraphPattern),
    Expression(&'a Expression),
    Path(&'a PropertyPathExpression),
}

/// How large a parsed query is, for [`check_algebra`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Size {
    /// The deepest nesting of patterns, expressions and path operators (1: one pattern).
    pub depth: usize,
    /// The triple patterns and property path steps of the WHERE clause and everything in
    /// it (subqueries, EXISTS): what the planner joins.
    pub patterns: usize,
    /// The first SERVICE the query calls, as written (`<IRI>` or `?variable`).
    pub service: Option<String>,
}

/// Measures a parsed query without recursion (it may nest as deep as [`MAX_TOKENS`]
/// allows), in time linear in its size.
pub fn measure(query: &Query) -> Size {
    let pattern = match query {
        Query::Select { pattern, .. }
        | Query::Construct { pattern, .. }
        | Query::Describe { pattern, .. }
        | Query::Ask { pattern, .. } => pattern,
    };
    let mut size = Size {
        depth: 0,
        patterns: 0,
        service: None,
    };
    let mut stack = vec![(Node::Pattern(pattern), 1usize)];
    while let Some((node, depth)) = stack.pop() {
        size.depth = size.depth.max(depth);
        if let Node::Pattern(GraphPattern::Service { name, .. }) = node
            && size.service.is_none()
        {
            size.service = Some(name.to_string());
        }
        let mut children = Vec::new();
        match node {
            Node::Pattern(pattern) => size.patterns += pattern_children(pattern, &mut children),
            Node::Expression(expression) => expression_children(expression, &mut children),
            Node::Path(path) => match path {
                PropertyPathExpression::NamedNode(_)
                | PropertyPathExpression::NegatedPropertySet(_) => size.patterns += 1,
                PropertyPathExpression::Reverse(inner)
                | PropertyPathExpression::ZeroOrMore(inner)
                | PropertyPathExpression::OneOrMore(inner)
                | PropertyPathExpression::ZeroOrOne(inner) => children.push(Node::Path(inner)),
                PropertyPathExpression::Sequence(a, b)
                | PropertyPathExpression::Alternative(a, b) => {
                    children.extend([Node::Path(a), Node::Path(b)]);
                }
            },
        }
        stack.extend(children.into_iter().map(|child| (child, depth + 1)));
    }
    size
}

/// Checks a parsed query against [`MAX_DEPTH`] and [`MAX_PATTERNS`].
///
/// Returns the query's [`Size`], for callers that look at more of it.
///
/// # Errors
/// [`ShapeError::TooDeepAlgebra`] or [`ShapeError::TooManyPatterns`].
pub fn check_algebra(query: &Query) -> Result<Size, ShapeError> {
    let size = measure(query);
    if size.depth > MAX_DEPTH {
        Err(ShapeError::TooDeepAlgebra)
    } else if size.patterns > MAX_PATTERNS {
        Err(ShapeError::TooManyPatterns(size.patterns))
    } else {
        Ok(size)
    }
}

/// Pushes the operands of `pattern` onto `children`; returns the triple patterns it
/// holds itself.
fn pattern_children<'a>(pattern: &'a GraphPattern, children: &mut Vec<Node<'a>>) -> usize {
    match pattern {
        GraphPattern::Bgp { patterns } => return patterns.len(),
        GraphPattern::Path { path, .. } => children.push(Node::Path(path)),
        GraphPattern::Join { left, right }
        | GraphPattern::Lateral { left, right }
        | GraphPattern::Union { left, right }
        | GraphPattern::Minus { left, right } => {
            children.extend([Node::Pattern(left), Node::Pattern(right)]);
        }
        GraphPattern::LeftJoin {
            left,
            right,
            expression,
        } => {
            children.extend([Node::Pattern(left), Node::Pattern(right)]);
            children.extend(expression.iter().map(Node::Expression));
        }
        GraphPattern::Filter { expr, inner } => {
            children.extend([Node::Expression(expr), Node::Pattern(inner)]);
        }
        GraphPattern::Extend {
            inner, expression, ..
        } => children.extend([Node::Pattern(inner), Node::Expression(expression)]),
        GraphPattern::OrderBy { inner, expression } => {
            children.push(Node::Pattern(inner));
            children.extend(expression.iter().map(|order| match order {
                OrderExpression::Asc(e) | OrderExpression::Desc(e) => Node::Expression(e),
            }));
        }
        GraphPattern::Group {
            inner, aggregates, ..
        } => {
            children.push(Node::Pattern(inner));
            for (_, aggregate) in aggregates {
                if let AggregateExpression::FunctionCall { expr, .. } = aggregate {
                    children.push(Node::Expression(expr));
                }
            }
        }
        GraphPattern::Graph { inner, .. }
        | GraphPattern::Project { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. }
        | GraphPattern::Service { inner, .. } => children.push(Node::Pattern(inner)),
        GraphPattern::Values { .. } => {}
    }
    0
}

/// Pushes the operands of `expression` onto `children`.
fn expression_children<'a>(expression: &'a Expression, children: &mut Vec<Node<'a>>) {
    match expression {
        Expression::NamedNode(_)
        | Expression::Literal(_)
        | Expression::Variable(_)
        | Expression::Bound(_) => {}
        Expression::Or(a, b)
        | Expression::And(a, b)
        | Expression::Equal(a, b)
        | Expression::SameTerm(a, b)
        | Expression::Greater(a, b)
        | Expression::GreaterOrEqual(a, b)
        | Expression::Less(a, b)
        | Expression::LessOrEqual(a, b)
        | Expression::Add(a, b)
        | Expression::Subtract(a, b)
        | Expression::Multiply(a, b)
        | Expression::Divide(a, b) => {
            children.extend([Node::Expression(a), Node::Expression(b)]);
        }
        Expression::UnaryPlus(a) | Expression::UnaryMinus(a) | Expression::Not(a) => {
            children.push(Node::Expression(a));
        }
        Expression::In(a, list) => {
            children.push(Node::Expression(a));
            children.extend(list.iter().map(Node::Expression));
        }
        Expression::Exists(pattern) => children.push(Node::Pattern(pattern)),
        Expression::If(a, b, c) => {
            children.extend([
                Node::Expression(a),
                Node::Expression(b),
                Node::Expression(c),
            ]);
        }
        Expression::Coalesce(list) | Expression::FunctionCall(_, list) => {
            children.extend(list.iter().map(Node::Expression));
        }
    }
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

    #[test]
    fn tokens_are_counted_outside_values_data() {
        let rows = |n: usize| {
            (0..n)
                .map(|i| format!("(person:p{i} \"{i}\")"))
                .collect::<String>()
        };
        let values = format!(
            "SELECT * {{ VALUES (?s ?n) {{ {} }} ?s ?p ?o }}",
            rows(5000)
        );
        assert_eq!(check(&values), Ok(()));
        // A data block may follow the variables only; other tokens end the exception.
        let not_data = format!("SELECT * {{ VALUES ?s . {{ {} }} }}", rows(5000));
        assert!(matches!(
            check(&not_data),
            Err(ShapeError::TooManyTokens { .. })
        ));
        // The same values in an IN list are counted, like a long chain of path steps.
        let list: Vec<String> = (0..3000).map(|i| format!("person:p{i}")).collect();
        let in_list = format!(
            "SELECT * {{ ?s ?p ?o FILTER(?s IN ({})) }}",
            list.join(", ")
        );
        assert!(matches!(
            check(&in_list),
            Err(ShapeError::TooManyTokens { .. })
        ));
        let steps = format!("SELECT * {{ ?s {} ?o }}", vec!["a"; 3000].join("/"));
        // The token one past the limit is named: four tokens come before the path.
        assert_eq!(
            check(&steps),
            Err(ShapeError::TooManyTokens {
                line: 1,
                column: "SELECT * { ?s ".len() + (MAX_TOKENS + 1 - 4)
            })
        );
        // Strings, IRIs, words and comments count one token or none, whatever their length.
        let long_words = format!(
            "SELECT * {{ ?{} <http://x/{}> \"{}\" }} # {}",
            "v".repeat(10_000),
            "i".repeat(10_000),
            "s ".repeat(10_000),
            "c ".repeat(10_000)
        );
        assert_eq!(check(&long_words), Ok(()));
    }

    /// The example queries (`queries/`) are far inside every limit.
    #[test]
    fn example_queries_are_far_inside_the_limits() {
        let iris = crate::rdf::Iris::new(crate::vocab::DEFAULT_BASE).unwrap();
        let mut parser = spargebra::SparqlParser::new();
        for (prefix, namespace) in crate::query::prefixes(&iris) {
            parser = parser.with_prefix(&prefix, &namespace).unwrap();
        }
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            assert_eq!(check(&text), Ok(()), "{}", path.display());
            let size = measure(&parser.clone().parse_query(&text).unwrap());
            assert!(
                size.depth <= 20 && size.patterns <= 15,
                "{}: {size:?}",
                path.display()
            );
        }
    }

    fn algebra(query: &str) -> Result<(), ShapeError> {
        let parsed = spargebra::SparqlParser::new()
            .with_prefix("ex", "http://example.org/")
            .unwrap()
            .parse_query(query)
            .unwrap();
        check_algebra(&parsed).map(drop)
    }

    #[test]
    fn parsed_queries_are_refused_when_too_deep_or_joining_too_many_patterns() {
        let patterns = |n: usize| -> String {
            let triples: Vec<String> = (0..n).map(|i| format!("?v{i} ex:p ?v{}", i + 1)).collect();
            format!("SELECT * {{ {} }}", triples.join(" . "))
        };
        assert_eq!(algebra(&patterns(MAX_PATTERNS)), Ok(()));
        assert_eq!(
            algebra(&patterns(MAX_PATTERNS + 1)),
            Err(ShapeError::TooManyPatterns(MAX_PATTERNS + 1))
        );
        // Every step of a property path is a pattern to join; inside EXISTS too.
        let steps = vec!["ex:p"; MAX_PATTERNS].join("/");
        assert_eq!(algebra(&format!("ASK {{ ?s {steps} ?o }}")), Ok(()));
        let exists = format!("ASK {{ ?s ex:p ?o FILTER EXISTS {{ ?s {steps} ?o }} }}");
        assert_eq!(
            algebra(&exists),
            Err(ShapeError::TooManyPatterns(MAX_PATTERNS + 1))
        );
        // Chains nest without brackets: UNION, BIND, operators.
        let unions = |n: usize| format!("SELECT * {{ {} }}", vec!["{ }"; n].join(" UNION "));
        assert_eq!(algebra(&unions(MAX_DEPTH - 10)), Ok(()));
        assert_eq!(
            algebra(&unions(MAX_DEPTH + 1)),
            Err(ShapeError::TooDeepAlgebra)
        );
        let sum = format!(
            "SELECT ({} AS ?n) {{ }}",
            vec!["1"; MAX_DEPTH + 1].join(" + ")
        );
        assert_eq!(algebra(&sum), Err(ShapeError::TooDeepAlgebra));
    }
}
