//! Something the user should know and fix: a config file that does not parse, a
//! theme with a bad colour, a hotkey another program holds, a script skit cannot
//! use. Each is one sentence that says what is wrong and what to do; skit keeps
//! working around it. The window shows the first and counts the rest; all are
//! logged.

use std::fmt;

/// One problem, as a sentence for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem(String);

impl Problem {
    pub fn new(sentence: impl Into<String>) -> Problem {
        Problem(sentence.into())
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the window shows for `problems`: the first, and how many more the log has.
pub fn summary(problems: &[Problem]) -> Option<String> {
    let first = problems.first()?;
    Some(match problems.len() {
        1 => first.to_string(),
        n => format!("{first} (and {} more, see the log)", n - 1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_the_rest() {
        assert_eq!(summary(&[]), None);
        let one = Problem::new("The hotkey is taken.");
        assert_eq!(
            summary(std::slice::from_ref(&one)).unwrap(),
            "The hotkey is taken."
        );
        let two = [one, Problem::new("A theme is broken.")];
        assert_eq!(
            summary(&two).unwrap(),
            "The hotkey is taken. (and 1 more, see the log)"
        );
    }
}
