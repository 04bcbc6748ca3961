//! The inline calculator row: when the launcher's query is arithmetic or a unit
//! conversion (`12*7`, `3 km in miles`, `0x1f in decimal`), [`evaluate`] computes it
//! with `fend-core` and returns the text for a first row the user can copy.
//!
//! It is deliberately shy: a query that is plainly words ("firefox", "pi"), a bare
//! number ("42", "2048"), a quantity that only restates itself ("5 min", "24h"), a
//! date-like run ("2024-01-01") or anything that does not evaluate to a number gets
//! no row, because a launcher must not push a calculator row on top of the thing the
//! user is typing a name for. It is not a general fend front end: no variables across
//! queries, no currencies (fend-core has no exchange rates offline), no random
//! numbers, no functions or strings as results.
//!
//! Each evaluation runs on its own short-lived thread with a large stack and stops
//! after [`TIME_LIMIT`]: fend's parser recurses deeply (a few dozen nested brackets
//! overflow a 2 MiB stack in a debug build) and some inputs (`10^10^10^10`,
//! `100000!`) would compute for minutes. Queries longer than [`MAX_QUERY_BYTES`] are
//! refused because fend's parsing, which the time limit does not reach, grows faster
//! than linearly with length. A fresh `fend_core::Context` per query is free
//! (measured at ~15 ns, and evaluating with a reused one is no faster), so nothing is
//! kept between queries.

use std::time::{Duration, Instant};

use fend_core::SpanKind;

/// How long one evaluation may compute before it is interrupted (no row is shown).
pub(crate) const TIME_LIMIT: Duration = Duration::from_millis(20);
/// Longest query (after trimming) that is evaluated at all.
pub(crate) const MAX_QUERY_BYTES: usize = 200;
/// Stack for the evaluation thread. Only the pages fend touches are ever mapped;
/// the worst 200-byte nestings need 4–8 MiB in a debug build, less in release.
const EVALUATION_STACK: usize = 32 * 1024 * 1024;
/// A number longer than this is shown in scientific notation instead.
const MAX_NUMBER_CHARS: usize = 24;
/// Significant digits kept when a number is put in scientific notation; fend itself
/// rounds inexact results to 10 decimal places.
const SCIENTIFIC_DIGITS: usize = 11;
/// A result longer than this (complex numbers, long unit lists) is not a row.
const MAX_RESULT_CHARS: usize = 80;
/// Words that make "number word number-or-unit" a conversion in fend.
const CONVERSION_WORDS: [&str; 3] = ["to", "in", "as"];

/// A query that evaluated, ready to be shown as a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calculation {
    /// The query as typed, trimmed.
    pub expression: String,
    /// The result without any "approx." marker, e.g. `84`, `152.4 cm`,
    /// `1.0715086072e301`. This is what Enter copies.
    pub result: String,
    /// The result is rounded (fend said "approx.", or digits were dropped to keep
    /// it short); the row shows `≈` instead of `=`.
    pub(crate) approximate: bool,
}

impl Calculation {
    /// `=` or `≈`, for the row and for [`Calculation::equation`].
    pub fn relation(&self) -> &'static str {
        if self.approximate { "≈" } else { "=" }
    }

    /// `expression = result`, for the "copy the whole calculation" action.
    pub fn equation(&self) -> String {
        format!("{} {} {}", self.expression, self.relation(), self.result)
    }
}

/// The calculator row for `query`, or `None` when the query does not look like a
/// calculation, does not evaluate to a number, or takes longer than [`TIME_LIMIT`].
/// Blocks for at most about [`TIME_LIMIT`] plus the cost of starting a thread; call
/// it off the UI thread.
pub fn evaluate(query: &str) -> Option<Calculation> {
    let expression = query.trim();
    if !looks_like_math(expression) {
        return None;
    }
    let spans = evaluate_on_big_stack(expression)?;
    let (result, approximate) = readable_result(&spans)?;
    if squashed(&result) == squashed(expression) {
        // "3 km", "50%", "3 + 4i": fend only repeated the query back.
        return None;
    }
    Some(Calculation {
        expression: expression.to_string(),
        result,
        approximate,
    })
}

/// Whether `query` (trimmed) is worth handing to fend. Evaluation is the real test;
/// this only keeps words, bare numbers and look-alikes (dates, phone numbers,
/// "24h") from producing a row, and keeps pathological lengths away from fend.
///
/// A query qualifies when it has a digit and an operator (`+ - * / ^ % ! × ÷`) or a
/// conversion word (`to`, `in`, `as`) between two other words, or when it calls a
/// function (`sqrt(pi)`). Lone constants ("pi", "e") and units ("km") do not: they
/// are also prefixes of application names.
fn looks_like_math(query: &str) -> bool {
    if query.is_empty() || query.len() > MAX_QUERY_BYTES {
        return false;
    }
    if is_plain_number(query) || is_digit_groups(query) {
        return false;
    }
    let calls_function = query
        .as_bytes()
        .windows(2)
        .any(|pair| pair[0].is_ascii_alphabetic() && pair[1] == b'(');
    if calls_function {
        return true;
    }
    let has_digit = query.bytes().any(|b| b.is_ascii_digit());
    let has_operator = query
        .chars()
        .any(|c| matches!(c, '+' | '-' | '*' | '/' | '^' | '%' | '!' | '×' | '÷'));
    has_digit && (has_operator || has_conversion_word(query))
}

/// `42`, `-3.5`, `1,000`, `.5`: a number someone may be typing for another reason.
fn is_plain_number(query: &str) -> bool {
    let body = query.strip_prefix(['-', '+']).unwrap_or(query);
    body.bytes().any(|b| b.is_ascii_digit())
        && body
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b',' | b'_' | b'.'))
}

/// `2024-01-01`, `555-123-4567`, `12/25/2024`: digit groups joined two or more times
/// by the same `-` or `/` are dates and numbers, not sums.
fn is_digit_groups(query: &str) -> bool {
    ['-', '/'].iter().any(|&separator| {
        let groups: Vec<&str> = query.split(separator).collect();
        groups.len() >= 3
            && groups
                .iter()
                .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
    })
}

fn has_conversion_word(query: &str) -> bool {
    let words: Vec<&str> = query.split_whitespace().collect();
    words.len() >= 3
        && words[1..words.len() - 1]
            .iter()
            .any(|w| CONVERSION_WORDS.iter().any(|c| w.eq_ignore_ascii_case(c)))
}

/// Stops fend once the time limit, counted from the start of evaluation, is over.
struct Deadline(Instant);

impl fend_core::Interrupt for Deadline {
    fn should_interrupt(&self) -> bool {
        Instant::now() >= self.0
    }
}

/// One piece of fend's result, copied out of the evaluation thread.
type Span = (SpanKind, String);

/// Runs fend on a thread of its own with [`EVALUATION_STACK`], so that deep
/// recursion cannot overflow the caller's stack and a panic inside fend costs a row,
/// not the launcher.
fn evaluate_on_big_stack(expression: &str) -> Option<Vec<Span>> {
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("calculator".into())
            .stack_size(EVALUATION_STACK)
            .spawn_scoped(scope, || evaluate_with_deadline(expression));
        match spawned {
            Ok(handle) => handle.join().unwrap_or_else(|_| {
                tracing::warn!("the calculator failed on a query; showing no result for it");
                None
            }),
            Err(e) => {
                tracing::warn!("cannot start the calculator thread ({e}); showing no result");
                None
            }
        }
    })
}

fn evaluate_with_deadline(expression: &str) -> Option<Vec<Span>> {
    let mut context = fend_core::Context::new();
    let deadline = Deadline(Instant::now() + TIME_LIMIT);
    // fend's error is not logged: it quotes the query, which may be anything the
    // user typed into the launcher.
    let result = fend_core::evaluate_with_interrupt(expression, &mut context, &deadline).ok()?;
    Some(
        result
            .get_main_result_spans()
            .map(|span| (span.kind(), span.string().to_string()))
            .collect(),
    )
}

/// The result text and whether it is approximate, or `None` when the result is not
/// a number (a function, a string, a boolean, a date) or is too long to read.
fn readable_result(spans: &[Span]) -> Option<(String, bool)> {
    let mut result = String::new();
    let mut approximate = false;
    let mut has_number = false;
    for (position, (kind, text)) in spans.iter().enumerate() {
        match kind {
            SpanKind::Number => {
                has_number = true;
                match scientific(text) {
                    Some((short, rounded)) => {
                        result.push_str(&short);
                        approximate |= rounded;
                    }
                    None => result.push_str(text),
                }
            }
            SpanKind::Ident if position == 0 && text == "approx. " => approximate = true,
            SpanKind::Ident | SpanKind::Whitespace => result.push_str(text),
            _ => return None,
        }
    }
    let result = result.trim();
    if !has_number
        || result.is_empty()
        || result.chars().count() > MAX_RESULT_CHARS
        || result.chars().any(char::is_control)
    {
        return None;
    }
    Some((result.to_string(), approximate))
}

/// A plain decimal longer than [`MAX_NUMBER_CHARS`] as `d.ddddddddde±N`, rounded to
/// [`SCIENTIFIC_DIGITS`] significant digits, and whether anything was rounded away.
/// `None` for short numbers and for anything that is not a plain decimal (hex,
/// fractions, complex numbers), which are left as fend wrote them.
fn scientific(number: &str) -> Option<(String, bool)> {
    if number.chars().count() <= MAX_NUMBER_CHARS {
        return None;
    }
    let (sign, body) = match number.strip_prefix('-') {
        Some(body) => ("-", body),
        None => ("", number),
    };
    let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
    let is_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !is_digits(whole) || !is_digits(fraction) {
        return None;
    }
    let digits: Vec<u8> = whole
        .bytes()
        .chain(fraction.bytes())
        .map(|b| b - b'0')
        .collect();
    let first = digits.iter().position(|&d| d != 0)?;
    let mut exponent = whole.len() as i64 - 1 - first as i64;
    let significant = &digits[first..];
    let kept = significant.len().min(SCIENTIFIC_DIGITS);
    let mut mantissa = significant[..kept].to_vec();
    let dropped = &significant[kept..];
    let rounded = dropped.iter().any(|&d| d != 0);
    if dropped.first().is_some_and(|&d| d >= 5) {
        round_up(&mut mantissa, &mut exponent);
    }
    while mantissa.len() > 1 && mantissa.last() == Some(&0) {
        mantissa.pop();
    }
    let mut text = format!("{sign}{}", mantissa[0]);
    if mantissa.len() > 1 {
        text.push('.');
        text.extend(mantissa[1..].iter().map(|d| char::from(b'0' + d)));
    }
    text.push_str(&format!("e{exponent}"));
    Some((text, rounded))
}

/// Adds one in the last place of `mantissa`; 9.99… becomes 1.00… with the exponent
/// one higher.
fn round_up(mantissa: &mut Vec<u8>, exponent: &mut i64) {
    for digit in mantissa.iter_mut().rev() {
        if *digit == 9 {
            *digit = 0;
        } else {
            *digit += 1;
            return;
        }
    }
    mantissa.insert(0, 1);
    mantissa.pop();
    *exponent += 1;
}

/// Lower case without whitespace, to tell whether fend merely echoed the query.
fn squashed(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    fn result_of(query: &str) -> (String, bool) {
        let calculation =
            evaluate(query).unwrap_or_else(|| panic!("{query:?} should give a calculator row"));
        (calculation.result, calculation.approximate)
    }

    fn exact(result: &str) -> (String, bool) {
        (result.to_string(), false)
    }

    fn approx(result: &str) -> (String, bool) {
        (result.to_string(), true)
    }

    #[test]
    fn the_issues_examples_evaluate() {
        assert_eq!(result_of("12*7"), exact("84"));
        assert_eq!(result_of("sqrt(2)"), approx("1.4142135624"));
        assert_eq!(result_of("3 km in miles"), approx("1.8641135767 miles"));
        assert_eq!(result_of("0x1f in decimal"), exact("31"));
        assert_eq!(result_of("20% of 80"), exact("16"));
        assert_eq!(result_of("5 feet to cm"), exact("152.4 cm"));
        assert_eq!(result_of("2^10"), exact("1024"));
        assert_eq!(result_of("1/3"), approx("0.3333333333"));
    }

    #[test]
    fn more_calculations_evaluate() {
        assert_eq!(result_of("  12 * 7  "), exact("84"));
        assert_eq!(result_of("12×7"), exact("84"));
        assert_eq!(result_of("12÷4"), exact("3"));
        assert_eq!(result_of("5!"), exact("120"));
        assert_eq!(result_of("10-3"), exact("7"));
        assert_eq!(result_of("sqrt(pi)"), approx("1.7724538509"));
        assert_eq!(result_of("1 hour in minutes"), exact("60 minutes"));
        assert_eq!(result_of("100 °C to °F"), exact("212 °F"));
        assert_eq!(result_of("255 as hex"), exact("ff"));
        assert_eq!(result_of("2^64"), exact("18446744073709551616"));
    }

    #[test]
    fn a_row_carries_the_expression_and_an_equation() {
        let calculation = evaluate(" 12*7 ").unwrap();
        assert_eq!(calculation.expression, "12*7");
        assert_eq!(calculation.equation(), "12*7 = 84");
        assert_eq!(evaluate("1/3").unwrap().equation(), "1/3 ≈ 0.3333333333");
    }

    #[test]
    fn words_numbers_and_echoes_give_no_row() {
        for query in [
            "",
            "   ",
            "firefox",
            "pick fruit",
            "hello world",
            "e",
            "pi",
            "km",
            "cat",
            "sqrt",
            "true",
            "42",
            "-3",
            "3.0",
            "1,000",
            ".5",
            "2048",
            "1e3",
            "4k",
            "0x1f",
            "3 km",
            "5 min",
            "24h",
            "3d",
            "0ad",
            "7zip",
            "1password",
            "python3",
            "50%",
            "100 %",
            "3 + 4i",
            "2024-01-01",
            "555-123-4567",
            "12/25/2024",
            "3d printer",
            "gnome-terminal",
            "mp3-player 2",
        ] {
            assert_eq!(evaluate(query), None, "{query:?} must not give a row");
        }
    }

    #[test]
    fn expressions_that_do_not_evaluate_to_a_number_give_no_row() {
        for query in [
            "1 +",
            "1/0",
            "ln(0)",
            "100 usd in eur",
            "sqrt(",
            "abs(\"x\")",
            "firefox(2)",
            "1 to 2",
            "roll d6 + 1",
            "sin + 1",
            "\"1\" + \"2\"",
        ] {
            assert_eq!(evaluate(query), None, "{query:?} must not give a row");
        }
    }

    #[test]
    fn long_numbers_are_shown_in_scientific_notation() {
        assert_eq!(result_of("2^1000"), approx("1.0715086072e301"));
        assert_eq!(result_of("-(2^1000)"), approx("-1.0715086072e301"));
        assert_eq!(result_of("10^30 + 0"), exact("1e30"));
        assert_eq!(result_of("1/10^30"), exact("1e-30"));
        assert_eq!(
            result_of("1 light year to nm"),
            approx("9.4607304726e24 nm")
        );
    }

    #[test]
    fn scientific_notation_rounds_and_carries() {
        let nines = "9".repeat(30);
        assert_eq!(scientific(&nines), Some(("1e30".to_string(), true)));
        let n = format!("1234567890{}", "4".repeat(20));
        assert_eq!(scientific(&n), Some(("1.2345678904e29".to_string(), true)));
        let n = format!("0.{}12", "0".repeat(30));
        assert_eq!(scientific(&n), Some(("1.2e-31".to_string(), false)));
        assert_eq!(scientific("12345"), None);
        assert_eq!(scientific(&format!("0x{}", "f".repeat(30))), None);
        assert_eq!(scientific(&"0".repeat(30)), None);
    }

    #[test]
    fn queries_too_long_for_fend_are_refused_without_evaluating() {
        let long = vec!["1"; 101].join("+");
        assert!(long.len() > MAX_QUERY_BYTES);
        assert!(!looks_like_math(&long));
        assert_eq!(evaluate(&long), None);
    }

    /// Evaluates on a helper thread and waits with a generous deadline, so a hang is
    /// a test failure rather than a stuck test run.
    fn evaluate_or_hang(query: String) -> Option<Calculation> {
        let (sender, receiver) = mpsc::channel();
        let label = query.chars().take(40).collect::<String>();
        std::thread::spawn(move || {
            let _ = sender.send(evaluate(&query));
        });
        receiver
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("the calculator hung on {label:?}"))
    }

    #[test]
    fn pathological_inputs_return() {
        for query in [
            "10^10^10^10",
            "factorial(100000)",
            "100000!",
            "9^9^9",
            "2^(2^20)",
            "(1/3)^100000",
            "1/7 to 100000 dp",
            "pi to 100000 dp",
            "e^1000000",
        ] {
            assert_eq!(evaluate_or_hang(query.to_string()), None, "{query:?}");
        }
    }

    #[test]
    fn the_deepest_nesting_that_fits_the_length_limit_returns() {
        let depth = MAX_QUERY_BYTES / 2 - 1;
        let brackets = format!("{}1+1{}", "(".repeat(depth - 1), ")".repeat(depth - 1));
        let depth = (MAX_QUERY_BYTES - 3) / 6;
        let roots = format!("{}2+1{}", "sqrt(".repeat(depth), ")".repeat(depth));
        let powers = vec!["1"; MAX_QUERY_BYTES / 2].join("^");
        let negations = format!("1+{}1", "-".repeat(MAX_QUERY_BYTES - 3));
        for query in [brackets, roots, powers, negations] {
            assert!(query.len() <= MAX_QUERY_BYTES, "{query}");
            // Any answer will do, as long as the process is still here to give it.
            let _ = evaluate_or_hang(query);
        }
    }
}
