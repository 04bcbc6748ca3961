//! Tests of `matching`, each order checked against rofi 1.7.3, apart so the
//! module reads in one sitting.

use super::*;

/// Ways into the module that only the tests take (the window uses
/// [`Matching::filter_by`] and [`Matching::compile`]).
impl Matching {
    /// Indices of `rows` that match `query`, in the order rofi's dmenu view lists
    /// them.
    pub(crate) fn filter_candidates<'a>(
        &self,
        rows: impl IntoIterator<Item = Candidate<'a>>,
        query: &str,
    ) -> Vec<usize> {
        let rows: Vec<Candidate<'a>> = rows.into_iter().collect();
        self.filter_by(&rows, query, |row| *row)
    }

    /// Whether `text` matches `query` (`-select`, `-auto-select`, `-dump`: the raw
    /// text, no meta). Compiles the query each call: for many rows, [`compile`] it
    /// once and ask the [`Query`].
    ///
    /// [`compile`]: Matching::compile
    pub(crate) fn matches(&self, text: &str, query: &str) -> bool {
        self.compile(query).matches(text)
    }
}

impl Query {
    /// The rank of a matching row with this sort key under `-sort`: lower comes
    /// first. 0 when the query does not sort.
    pub(crate) fn score(&self, sort_key: &str) -> i64 {
        self.score_with(sort_key, &mut Scratch::default())
    }
}

// Every `// printf ... | rofi ...` comment is a run of rofi 1.7.3 (Debian
// bookworm) under Xvfb. `-dump` prints the matches without a window, but only
// as `-dump` does (raw text, no meta, never sorted); orders with `-sort`, meta
// and markup were read off the interactive view (`-format i`, Down × k, Return).

fn rows(matching: &Matching, texts: &[&str], query: &str) -> Vec<String> {
    matching
        .filter(texts.iter().copied(), query)
        .into_iter()
        .map(|ix| texts[ix].to_string())
        .collect()
}

fn dmenu() -> Matching {
    Matching::default()
}

#[test]
fn defaults_are_rofi_dmenus() {
    let m = dmenu();
    assert_eq!(m.method, Method::Normal);
    assert_eq!(m.case, Case::Sensitive);
    assert!(m.tokenize);
    assert_eq!(m.negate_char, Some('-'));
    assert!(!m.sort);
    assert_eq!(m.sorting, Sorting::Levenshtein);
}

#[test]
fn case_sensitive_unless_i() {
    let texts = ["Apple", "banana", "APPLE pie"];
    // printf 'Apple\nbanana\nAPPLE pie\n' | rofi -dmenu -filter a -dump → banana
    assert_eq!(rows(&dmenu(), &texts, "a"), ["banana"]);
    // ... -filter A -dump → Apple, APPLE pie
    assert_eq!(rows(&dmenu(), &texts, "A"), ["Apple", "APPLE pie"]);
    // ... -filter a -no-case-sensitive -dump → banana (dmenu overrides it)
    // ... -filter a -i -dump → Apple, banana, APPLE pie; the same with
    // `-i -case-sensitive` and `-case-sensitive -i`: -i wins wherever it is.
    let i = Matching {
        case: Case::Insensitive,
        ..dmenu()
    };
    assert_eq!(rows(&i, &texts, "a"), texts);
    assert_eq!(rows(&i, &texts, "A"), texts);
}

#[test]
fn smart_case_is_sensitive_only_with_an_uppercase_letter() {
    // rofi 1.7.3 has no -case-smart: `-filter a -case-smart -dump` → banana.
    // This is the smart case of later rofi versions.
    let smart = Matching {
        case: Case::Smart,
        ..dmenu()
    };
    let texts = ["Apple", "banana", "APPLE pie"];
    assert_eq!(rows(&smart, &texts, "a"), texts);
    assert_eq!(rows(&smart, &texts, "A"), ["Apple", "APPLE pie"]);
    assert_eq!(rows(&smart, &texts, "PPLE"), ["APPLE pie"]);
    assert_eq!(rows(&smart, &["École", "école"], "é"), ["École", "école"]);
    assert_eq!(rows(&smart, &["École", "école"], "É"), ["École"]);
}

#[test]
fn words_match_separately_in_any_order() {
    let texts = [
        "red apple",
        "green apple",
        "red cherry",
        "apple-red",
        "appleton",
    ];
    // printf 'red apple\ngreen apple\nred cherry\napple-red\nappleton\n' |
    //   rofi -dmenu -filter 'apple red' -dump → red apple, apple-red
    assert_eq!(
        rows(&dmenu(), &texts, "apple red"),
        ["red apple", "apple-red"]
    );
    // ... -filter 'red  apple' (two spaces) → the same
    assert_eq!(
        rows(&dmenu(), &texts, " red  apple "),
        ["red apple", "apple-red"]
    );
    // ... -filter 'red apple' -no-tokenize → red apple; 'apple red' → nothing
    let whole = Matching {
        tokenize: false,
        ..dmenu()
    };
    assert_eq!(rows(&whole, &texts, "red apple"), ["red apple"]);
    assert!(rows(&whole, &texts, "apple red").is_empty());
    // printf 'a\tb\nb a\nab\n' | rofi -dmenu -filter "$(printf 'a\tb')" -dump
    //   → a<TAB>b: only the space separates words
    assert_eq!(rows(&dmenu(), &["a\tb", "b a", "ab"], "a\tb"), ["a\tb"]);
}

#[test]
fn empty_and_blank_queries_list_everything_in_input_order() {
    let texts = ["abcdef", "a", "ab  ", "xyz"];
    assert_eq!(rows(&dmenu(), &texts, ""), texts);
    // printf 'abc\na\nab  \n' | rofi -dmenu -filter '  ' -dump → all three
    assert_eq!(rows(&dmenu(), &texts, "  "), texts);
    let sort = Matching {
        sort: true,
        ..dmenu()
    };
    assert_eq!(rows(&sort, &texts, ""), texts);
    // printf 'abcdef\na\nab  \nxyz\n' | rofi -dmenu -filter '  ' -sort
    //   → a, ab␠␠, xyz, abcdef: no word to match, but the blanks still rank
    assert_eq!(rows(&sort, &texts, "  "), ["a", "ab  ", "xyz", "abcdef"]);
}

#[test]
fn a_leading_dash_excludes() {
    let texts = [
        "red apple",
        "green apple",
        "red cherry",
        "apple-red",
        "appleton",
    ];
    // printf 'red apple\ngreen apple\nred cherry\napple-red\nappleton\n' |
    //   rofi -dmenu -filter 'apple -red' -dump → green apple, appleton
    assert_eq!(
        rows(&dmenu(), &texts, "apple -red"),
        ["green apple", "appleton"]
    );
    // ... -filter '-red' -no-tokenize → green apple, appleton (still negated)
    let whole = Matching {
        tokenize: false,
        ..dmenu()
    };
    assert_eq!(rows(&whole, &texts, "-red"), ["green apple", "appleton"]);
    // ... -filter '-' → nothing, and 'apple -' → nothing: "not the empty
    // string" matches no row
    assert!(rows(&dmenu(), &texts, "-").is_empty());
    assert!(rows(&dmenu(), &texts, "apple -").is_empty());
    // ... -filter 'red-' → nothing: only a leading dash negates
    assert!(rows(&dmenu(), &texts, "red-").is_empty());
}

#[test]
fn the_negation_character_can_be_changed_or_disabled() {
    let texts = [
        "red apple",
        "green apple",
        "red cherry",
        "apple-red",
        "!red",
    ];
    // printf 'red apple\ngreen apple\nred cherry\napple-red\n!red\n' |
    //   rofi -dmenu -matching-negate-char '!' -filter '-red' -dump → apple-red
    //   ... -filter '!red' → green apple
    let bang = Matching {
        negate_char: parse_negate_char("!"),
        ..dmenu()
    };
    assert_eq!(rows(&bang, &texts, "-red"), ["apple-red"]);
    assert_eq!(rows(&bang, &texts, "!red"), ["green apple"]);
    // ... -matching-negate-char '\0' -filter '-red' → apple-red; '!red' → !red
    let off = Matching {
        negate_char: parse_negate_char(r"\0"),
        ..dmenu()
    };
    assert_eq!(off.negate_char, None);
    assert_eq!(rows(&off, &texts, "-red"), ["apple-red"]);
    assert_eq!(rows(&off, &texts, "!red"), ["!red"]);
    // '\x21' is '!'; '' and 'ab' warn "Failed to parse character string" and
    // negate nothing typed (a newline); '\t' is a tab.
    assert_eq!(parse_negate_char(r"\x21"), Some('!'));
    assert_eq!(parse_negate_char(""), Some('\n'));
    assert_eq!(parse_negate_char("ab"), Some('\n'));
    assert_eq!(parse_negate_char(r"\t"), Some('\t'));
    assert_eq!(parse_negate_char("-"), Some('-'));
    assert_eq!(parse_negate_char("¬"), Some('\n'));
}

const METHOD_ROWS: [&str; 9] = [
    "foo.bar", "fooXbar", "barfoo", "foo bar", "foobar", "FOOBAR", "fo(o", "x-foo", "éfoo",
];

fn method(method: Method) -> Matching {
    Matching { method, ..dmenu() }
}

// printf 'foo.bar\nfooXbar\nbarfoo\nfoo bar\nfoobar\nFOOBAR\nfo(o\nx-foo\néfoo\n' |
//   rofi -dmenu -matching M -filter Q -dump, for each M and Q below.

#[test]
fn normal_matching_is_a_plain_substring() {
    let m = method(Method::Normal);
    assert_eq!(rows(&m, &METHOD_ROWS, "foo.bar"), ["foo.bar"]);
    for q in ["fb", "^foo", "f*r", "f?o", "b.r$"] {
        assert!(rows(&m, &METHOD_ROWS, q).is_empty(), "{q}");
    }
    assert_eq!(rows(&m, &METHOD_ROWS, "("), ["fo(o"]);
    assert_eq!(
        rows(&m, &METHOD_ROWS, "foo"),
        [
            "foo.bar", "fooXbar", "barfoo", "foo bar", "foobar", "x-foo", "éfoo"
        ]
    );
    assert_eq!(Method::parse("normal"), Some(Method::Normal));
}

#[test]
fn regex_matching_searches_and_falls_back_to_text() {
    let m = method(Method::Regex);
    assert_eq!(Method::parse("regex"), Some(Method::Regex));
    // -filter foo.bar → foo.bar, fooXbar, foo bar (one word: no space in it)
    assert_eq!(
        rows(&m, &METHOD_ROWS, "foo.bar"),
        ["foo.bar", "fooXbar", "foo bar"]
    );
    // -filter '^foo' → foo.bar, fooXbar, foo bar, foobar
    assert_eq!(
        rows(&m, &METHOD_ROWS, "^foo"),
        ["foo.bar", "fooXbar", "foo bar", "foobar"]
    );
    // -filter 'b.r$' → foo.bar, fooXbar, foo bar, foobar
    assert_eq!(
        rows(&m, &METHOD_ROWS, "b.r$"),
        ["foo.bar", "fooXbar", "foo bar", "foobar"]
    );
    // -filter 'f*r' → every row with an r: "f*" may be empty
    assert_eq!(
        rows(&m, &METHOD_ROWS, "f*r"),
        ["foo.bar", "fooXbar", "barfoo", "foo bar", "foobar"]
    );
    // -filter '(' and 'o(' (invalid) → fo(o: matched as plain text
    assert_eq!(rows(&m, &METHOD_ROWS, "("), ["fo(o"]);
    assert_eq!(rows(&m, &METHOD_ROWS, "o("), ["fo(o"]);
    // -i applies to the regex: -filter '^FOO' -i
    let i = Matching {
        case: Case::Insensitive,
        ..m
    };
    assert_eq!(
        rows(&i, &METHOD_ROWS, "^FOO"),
        ["foo.bar", "fooXbar", "foo bar", "foobar", "FOOBAR"]
    );
}

#[test]
fn glob_matching_is_unanchored() {
    let m = method(Method::Glob);
    assert_eq!(Method::parse("glob"), Some(Method::Glob));
    // -filter 'f*r' → foo.bar, fooXbar, foo bar, foobar
    assert_eq!(
        rows(&m, &METHOD_ROWS, "f*r"),
        ["foo.bar", "fooXbar", "foo bar", "foobar"]
    );
    // -filter 'f?o' → every row with f, one non-space, o
    assert_eq!(
        rows(&m, &METHOD_ROWS, "f?o"),
        [
            "foo.bar", "fooXbar", "barfoo", "foo bar", "foobar", "x-foo", "éfoo"
        ]
    );
    // -filter foo.bar → foo.bar (the dot is a dot); '^foo', 'b.r$' → nothing
    assert_eq!(rows(&m, &METHOD_ROWS, "foo.bar"), ["foo.bar"]);
    assert!(rows(&m, &METHOD_ROWS, "^foo").is_empty());
    assert!(rows(&m, &METHOD_ROWS, "b.r$").is_empty());
    assert_eq!(rows(&m, &METHOD_ROWS, "("), ["fo(o"]);
    // ? is not a space: printf 'a b\naxb\n' | rofi -dmenu -matching glob -filter 'a?b'
    assert_eq!(rows(&m, &["a b", "axb"], "a?b"), ["axb"]);
}

#[test]
fn fuzzy_matching_is_a_subsequence() {
    let m = method(Method::Fuzzy);
    assert_eq!(Method::parse("fuzzy"), Some(Method::Fuzzy));
    // -filter fb → foo.bar, fooXbar, foo bar, foobar
    assert_eq!(
        rows(&m, &METHOD_ROWS, "fb"),
        ["foo.bar", "fooXbar", "foo bar", "foobar"]
    );
    // -filter foo → also fo(o
    assert_eq!(
        rows(&m, &METHOD_ROWS, "foo"),
        [
            "foo.bar", "fooXbar", "barfoo", "foo bar", "foobar", "fo(o", "x-foo", "éfoo"
        ]
    );
    // -filter '^foo', 'f*r', 'b.r$' → nothing: the characters are literal
    for q in ["^foo", "f*r", "b.r$"] {
        assert!(rows(&m, &METHOD_ROWS, q).is_empty(), "{q}");
    }
    assert_eq!(rows(&m, &METHOD_ROWS, "o("), ["fo(o"]);
}

#[test]
fn prefix_matching_starts_at_a_unicode_word_boundary() {
    let m = method(Method::Prefix);
    assert_eq!(Method::parse("prefix"), Some(Method::Prefix));
    // -filter foo → not barfoo, nor éfoo (é is a letter), but x-foo
    assert_eq!(
        rows(&m, &METHOD_ROWS, "foo"),
        ["foo.bar", "fooXbar", "foo bar", "foobar", "x-foo"]
    );
    // -filter '(' → fo(o: the boundary is before "(", after "o"; 'o(' → nothing
    assert_eq!(rows(&m, &METHOD_ROWS, "("), ["fo(o"]);
    assert!(rows(&m, &METHOD_ROWS, "o(").is_empty());
    assert_eq!(rows(&m, &METHOD_ROWS, "foo.bar"), ["foo.bar"]);
    assert!(rows(&m, &METHOD_ROWS, "fb").is_empty());
}

#[test]
fn a_compiled_query_tests_and_ranks_rows() {
    let sort = Matching {
        sort: true,
        ..dmenu()
    };
    let query = sort.compile("ab");
    assert!(query.sorts());
    assert!(query.matches("cab"));
    assert!(!query.matches("AB"));
    assert_eq!(query.score("ab"), 0);
    assert_eq!(query.score("cab"), 1);
    assert_eq!(query.score("xxab"), 2);
    assert!(!sort.compile("").sorts());
    assert!(!dmenu().compile("ab").sorts());
    // -select picks the first row that matches, as the query would:
    // printf 'Apple\nbanana\napple\n' | rofi -dmenu -select apple → row 2;
    // with -i → row 0. printf 'Apple\nbanana\napple pie\n' |
    // rofi -dmenu -select 'pie -x' → row 2.
    let texts = ["Apple", "banana", "apple"];
    let first = |m: &Matching, q| texts.iter().position(|t| m.matches(t, q));
    assert_eq!(first(&dmenu(), "apple"), Some(2));
    let i = Matching {
        case: Case::Insensitive,
        ..dmenu()
    };
    assert_eq!(first(&i, "apple"), Some(0));
    assert!(dmenu().matches("apple pie", "pie -x"));
}

#[test]
fn long_lists_split_across_threads_keep_rofis_order() {
    struct Item {
        text: String,
        meta: Option<String>,
    }
    let items: Vec<Item> = (0..150_000)
        .map(|i| Item {
            text: format!("row {i} {}", ["alpha", "beta", "gamma"][i % 3]),
            meta: (i % 7 == 0).then(|| "lucky".to_string()),
        })
        .collect();
    let m = Matching {
        sort: true,
        ..dmenu()
    };
    for q in ["a", "99 -beta", "lucky 5"] {
        let query = m.compile(q);
        let mut expected: Vec<(i64, usize)> = items
            .iter()
            .enumerate()
            .filter(|(_, item)| query.matches_candidate(Some(&item.text), item.meta.as_deref()))
            .map(|(ix, item)| (query.score(&item.text), ix))
            .collect();
        expected.sort_by_key(|&(score, _)| score);
        let expected: Vec<usize> = expected.into_iter().map(|(_, ix)| ix).collect();
        let listed = m.filter_by(&items, q, |item| Candidate {
            text: Some(&item.text),
            meta: item.meta.as_deref(),
            sort_key: &item.text,
        });
        assert_eq!(listed, expected, "{q}");
    }
}

#[test]
fn unknown_names_are_refused() {
    // rofi -dmenu -matching Regex → error dialog "not a valid matching strategy"
    assert_eq!(Method::parse("Regex"), None);
    assert_eq!(Method::parse("bogus"), None);
    assert_eq!(Sorting::parse("levenshtein"), Some(Sorting::Levenshtein));
    assert_eq!(Sorting::parse("normal"), Some(Sorting::Levenshtein));
    assert_eq!(Sorting::parse("fzf"), Some(Sorting::Fzf));
    assert_eq!(Sorting::parse("bogus"), None);
}

#[test]
fn unicode_case_folding_is_simple() {
    let texts = [
        "École",
        "école",
        "STRASSE",
        "straße",
        "İstanbul",
        "istanbul",
        "\u{212a}elvin",
        "kelvin",
    ];
    let i = Matching {
        case: Case::Insensitive,
        ..dmenu()
    };
    // printf 'École\nécole\n...' | rofi -dmenu -filter école -dump → école
    assert_eq!(rows(&dmenu(), &texts, "école"), ["école"]);
    // ... -filter école -i → École, école; -filter ÉCOLE -i → the same
    assert_eq!(rows(&i, &texts, "école"), ["École", "école"]);
    assert_eq!(rows(&i, &texts, "ÉCOLE"), ["École", "école"]);
    // ... -filter ß -i → straße; -filter ss -i → STRASSE
    assert_eq!(rows(&i, &texts, "ß"), ["straße"]);
    assert_eq!(rows(&i, &texts, "ss"), ["STRASSE"]);
    // ... -filter İSTANBUL -i → İstanbul; istanbul -i → istanbul
    assert_eq!(rows(&i, &texts, "İSTANBUL"), ["İstanbul"]);
    assert_eq!(rows(&i, &texts, "istanbul"), ["istanbul"]);
    // printf '\u212aelvin\nkelvin\nKelvin\n' | rofi -dmenu -filter k -i → all
    assert_eq!(rows(&i, &texts, "k"), ["\u{212a}elvin", "kelvin"]);
    // ... -filter ecole -i → nothing (only -normalize-match, which skit does
    // not reproduce, makes e match é)
    assert!(rows(&i, &texts, "ecole").is_empty());
}

#[test]
fn meta_words_match_too() {
    let row = |text, meta| Candidate {
        text: Some(text),
        meta,
        sort_key: text,
    };
    let candidates = [
        row("foo", Some("bar baz")),
        row("barn", None),
        row("qux", None),
    ];
    let list = |m: &Matching, q: &str| m.filter_candidates(candidates, q);
    // printf 'foo\0meta\x1fbar baz\nbarn\nqux\n' | rofi -dmenu -filter bar → foo, barn
    assert_eq!(list(&dmenu(), "bar"), [0, 1]);
    // ... -filter 'foo baz' → foo (one word in the text, one in meta)
    assert_eq!(list(&dmenu(), "foo baz"), [0]);
    // ... -filter 'bar baz' → foo
    assert_eq!(list(&dmenu(), "bar baz"), [0]);
    // ... -filter '-baz' → barn, qux: a negated word must be in neither
    assert_eq!(list(&dmenu(), "-baz"), [1, 2]);
    assert!(list(&dmenu(), "oo -baz").is_empty());
    // ... -filter 'r b' -no-tokenize → foo: the whole query in the meta
    let whole = Matching {
        tokenize: false,
        ..dmenu()
    };
    assert_eq!(list(&whole, "r b"), [0]);
    // `-dump` ignores meta: ... -filter bar -dump → barn
    assert_eq!(rows(&dmenu(), &["foo", "barn", "qux"], "bar"), ["barn"]);
}

#[test]
fn markup_rows_match_their_text_and_broken_markup_never_matches() {
    // printf '<b>apple</b>\nbanana\ncherry\n' | rofi -dmenu -markup-rows -filter b
    //   → banana (the tags are not matched); with -dump → <b>apple</b>, banana
    let candidates = [
        Candidate {
            text: Some("apple"),
            meta: None,
            sort_key: "<b>apple</b>",
        },
        Candidate::plain("banana"),
        Candidate::plain("cherry"),
    ];
    assert_eq!(dmenu().filter_candidates(candidates, "b"), [1]);
    assert_eq!(
        rows(&dmenu(), &["<b>apple</b>", "banana", "cherry"], "b"),
        ["<b>apple</b>", "banana"]
    );
    // printf '<b>bold\na & b\nab\n<i>ab</i>\n' | rofi -dmenu -markup-rows -filter a
    //   → ab, <i>ab</i>; without a query all four are listed
    let broken = Candidate {
        text: None,
        meta: None,
        sort_key: "a & b",
    };
    let candidates = [
        Candidate {
            text: None,
            meta: None,
            sort_key: "<b>bold",
        },
        broken,
        Candidate::plain("ab"),
        Candidate {
            text: Some("ab"),
            meta: None,
            sort_key: "<i>ab</i>",
        },
    ];
    assert_eq!(dmenu().filter_candidates(candidates, "a"), [2, 3]);
    assert_eq!(dmenu().filter_candidates(candidates, ""), [0, 1, 2, 3]);
    assert!(dmenu().filter_candidates([broken], " ").is_empty());
    // -sort ranks the raw markup: printf '<span>ab</span>\nabcdef\n' |
    //   rofi -dmenu -markup-rows -sort -filter ab → abcdef, <span>ab</span>
    let sort = Matching {
        sort: true,
        ..dmenu()
    };
    let candidates = [
        Candidate {
            text: Some("ab"),
            meta: None,
            sort_key: "<span>ab</span>",
        },
        Candidate::plain("abcdef"),
    ];
    assert_eq!(sort.filter_candidates(candidates, "ab"), [1, 0]);
}

#[test]
fn levenshtein_sort_ranks_by_edit_distance_then_input_order() {
    let texts = ["xxab", "abcdef", "ab", "cab", "abc", "AB", "zab"];
    let sort = Matching {
        sort: true,
        ..dmenu()
    };
    // printf 'xxab\nabcdef\nab\ncab\nabc\nAB\nzab\n' | rofi -dmenu -filter ab
    //   → xxab, abcdef, ab, cab, abc, zab (input order)
    assert_eq!(
        rows(&dmenu(), &texts, "ab"),
        ["xxab", "abcdef", "ab", "cab", "abc", "zab"]
    );
    // ... -sort (and -sort -sorting-method levenshtein / normal)
    //   → ab, cab, abc, zab, xxab, abcdef
    assert_eq!(
        rows(&sort, &texts, "ab"),
        ["ab", "cab", "abc", "zab", "xxab", "abcdef"]
    );
    // ... -sort -i → ab, AB, cab, abc, zab, xxab, abcdef
    let sort_i = Matching {
        case: Case::Insensitive,
        ..sort.clone()
    };
    assert_eq!(
        rows(&sort_i, &texts, "ab"),
        ["ab", "AB", "cab", "abc", "zab", "xxab", "abcdef"]
    );
    // -dump never sorts: ... -filter ab -sort -dump → input order
}

#[test]
fn fzf_sort_prefers_word_starts_and_runs() {
    let texts = ["xxab", "abcdef", "ab", "cab", "abc", "AB", "zab"];
    let fzf = Matching {
        sort: true,
        sorting: Sorting::Fzf,
        ..dmenu()
    };
    // printf 'xxab\nabcdef\nab\ncab\nabc\nAB\nzab\n' |
    //   rofi -dmenu -filter ab -sort -sorting-method fzf
    //   → ab, abc, abcdef, cab, zab, xxab
    assert_eq!(
        rows(&fzf, &texts, "ab"),
        ["ab", "abc", "abcdef", "cab", "zab", "xxab"]
    );
}

#[test]
fn sort_applies_to_every_method() {
    let fuzzy_sorted = Matching {
        method: Method::Fuzzy,
        sort: true,
        ..dmenu()
    };
    // printf 'foo.bar\nfooXbar\nbarfoo\nfoo bar\nfoobar\nFOOBAR\nfo(o\nx-foo\néfoo\n' |
    //   rofi -dmenu -matching fuzzy -filter fb -sort
    //   → foobar, foo.bar, fooXbar, foo bar (distance 4, 5, 5, 5)
    assert_eq!(
        rows(&fuzzy_sorted, &METHOD_ROWS, "fb"),
        ["foobar", "foo.bar", "fooXbar", "foo bar"]
    );
}
