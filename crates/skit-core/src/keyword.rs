//! `Keyword:` headers: a script with `Keyword: gh` is run by typing `gh skit` in
//! the launcher, with `skit` as its `argv[1]` and `SKIT_INPUT`. This module checks
//! the keywords of a script list (one word each, no two scripts with the same one)
//! and finds the script a query names. Not here: the pinned row (the launcher's
//! script list) or starting the run.

use std::collections::HashMap;

use crate::catalog::Script;

/// The keywords of a list of scripts, ready to match queries against.
#[derive(Clone, Debug, Default)]
pub struct Keywords {
    /// Lower-cased keyword → index of its script.
    by_word: HashMap<String, usize>,
}

impl Keywords {
    /// The keywords of `scripts`, and one problem sentence per keyword that cannot
    /// be used (not one word, or already another script's, in which case the
    /// first script in the list keeps it).
    pub fn new(scripts: &[Script]) -> (Keywords, Vec<String>) {
        let mut by_word: HashMap<String, usize> = HashMap::new();
        let mut problems = Vec::new();
        for (index, script) in scripts.iter().enumerate() {
            let Some(keyword) = script.keyword() else {
                continue;
            };
            if let Err(why) = check(keyword) {
                problems.push(format!("“{}”: {why}", script.name));
                continue;
            }
            let word = keyword.to_lowercase();
            match by_word.get(&word) {
                Some(&owner) => problems.push(format!(
                    "“{}”: the keyword {keyword} is already used by “{}”; not used",
                    script.name, scripts[owner].name
                )),
                None => {
                    by_word.insert(word, index);
                }
            }
        }
        (Keywords { by_word }, problems)
    }

    /// The script `query` names by its keyword, and the text after it: `gh skit`
    /// gives the `gh` script and `skit`. The keyword must be followed by a space;
    /// case does not matter; spaces right after the keyword are not part of the
    /// text.
    pub fn find<'q>(&self, query: &'q str) -> Option<(usize, &'q str)> {
        let query = query.trim_start();
        let (word, rest) = query.split_once(char::is_whitespace)?;
        let index = *self.by_word.get(&word.to_lowercase())?;
        Some((index, rest.trim_start()))
    }
}

/// Whether `keyword` can be used: one word (no spaces), not empty.
pub fn check(keyword: &str) -> Result<(), String> {
    if keyword.is_empty() {
        return Err("the keyword is empty".into());
    }
    if keyword.chars().any(char::is_whitespace) {
        return Err(format!(
            "the keyword “{keyword}” has a space in it; a keyword is one word, like gh"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Metadata;
    use std::path::PathBuf;

    fn script(name: &str, header: &str) -> Script {
        Script {
            path: PathBuf::from(format!("/s/{name}.sh")),
            file_name: format!("{name}.sh"),
            name: name.to_string(),
            group: None,
            metadata: Metadata::parse(header),
        }
    }

    #[test]
    fn a_keyword_then_a_space_names_the_script() {
        let scripts = [
            script("Open GitHub", "# Alias: gh\n"),
            script("Search GitHub", "# Keyword: gh\n"),
            script("Translate", "# Keyword: TR\n"),
        ];
        let (keywords, problems) = Keywords::new(&scripts);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(keywords.find("gh skit"), Some((1, "skit")));
        assert_eq!(keywords.find("GH  rust lang "), Some((1, "rust lang ")));
        assert_eq!(keywords.find("  tr bonjour"), Some((2, "bonjour")));
        assert_eq!(keywords.find("gh "), Some((1, "")));
        // Without the space it is an ordinary query (the alias matches then).
        assert_eq!(keywords.find("gh"), None);
        assert_eq!(keywords.find("ghost town"), None);
        assert_eq!(keywords.find("open gh"), None);
        assert_eq!(keywords.find(""), None);
    }

    #[test]
    fn clashes_and_bad_keywords_are_problems_and_the_first_script_keeps_it() {
        let scripts = [
            script("First", "# Keyword: gh\n"),
            script("Second", "# Keyword: GH\n"),
            script("Spaced", "# Keyword: g h\n"),
            script("Other", "# Keyword: x\n"),
        ];
        let (keywords, problems) = Keywords::new(&scripts);
        assert_eq!(
            problems,
            [
                "“Second”: the keyword GH is already used by “First”; not used",
                "“Spaced”: the keyword “g h” has a space in it; a keyword is one word, like gh",
            ]
        );
        assert_eq!(keywords.find("gh a"), Some((0, "a")));
        assert_eq!(keywords.find("x y"), Some((3, "y")));
        assert_eq!(Keywords::default().find("gh a"), None);
    }
}
