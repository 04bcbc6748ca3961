//! Tests of `dmenu`, apart so the module reads in one sitting.
use super::args::flag_named;
use super::*;
use std::io;
use std::io::Write;
use std::sync::mpsc;
use std::time::Duration;

fn parse(args: &[&str]) -> DmenuOptions {
    parse_args(args).unwrap_or_else(|e| panic!("{args:?} should parse: {e}"))
}

fn parse_error(args: &[&str]) -> String {
    match parse_args(args) {
        Ok(options) => panic!("{args:?} should be refused, got {options:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn no_arguments_give_rofis_defaults() {
    let options = parse(&[]);
    assert_eq!(options, DmenuOptions::default());
    assert_eq!(options.format, "s");
    assert_eq!(options.separator, b'\n');
    assert_eq!(options.matching, MatchFlags::default());
    assert_eq!(parse(&["-dmenu"]), DmenuOptions::default());
}

#[test]
fn each_flag_with_a_value_is_read() {
    let options = parse(&[
        "-dmenu",
        "-p",
        "Run",
        "-mesg",
        "<b>hi</b>",
        "-format",
        "i:s",
        "-l",
        "12",
        "-selected-row",
        "3",
        "-select",
        "fire",
        "-sep",
        "|",
        "-filter",
        "fi",
        "-window-title",
        "Apps",
        "-input",
        "/tmp/rows.txt",
    ]);
    assert_eq!(options.prompt.as_deref(), Some("Run"));
    assert_eq!(options.message.as_deref(), Some("<b>hi</b>"));
    assert_eq!(options.format, "i:s");
    assert_eq!(options.lines, Some(12));
    assert_eq!(options.selected_row, Some(3));
    assert_eq!(options.select.as_deref(), Some("fire"));
    assert_eq!(options.separator, b'|');
    assert_eq!(options.filter, "fi");
    assert_eq!(options.window_title.as_deref(), Some("Apps"));
    assert_eq!(options.input, Some(PathBuf::from("/tmp/rows.txt")));
}

#[test]
fn each_switch_is_read() {
    let options = parse(&[
        "-multi-select",
        "-password",
        "-no-custom",
        "-markup-rows",
        "-sync",
        "-auto-select",
        "-dump",
        "-case-sensitive",
    ]);
    assert!(options.multi_select);
    assert!(options.password);
    assert!(options.no_custom);
    assert!(options.markup_rows);
    assert!(options.sync);
    assert!(options.auto_select);
    assert!(options.dump);
    assert_eq!(options.matching.sensitive, Some(true));
    assert!(parse(&["-only-match"]).no_custom);
    let both = parse(&["-case-sensitive", "-i"]).matching;
    assert!(both.insensitive && both.sensitive == Some(true));
    assert!(parse(&["-i"]).matching.insensitive);
    assert!(parse(&["-help"]).help);
    assert!(parse(&["-h"]).help);
    assert!(!parse(&["-auto-select", "-no-auto-select"]).auto_select);
}

#[test]
fn flags_are_matched_without_case_and_with_two_dashes() {
    let options = parse(&["-P", "Run", "--prompt", "x", "-MULTI-SELECT", "--l", "5"]);
    assert_eq!(options.prompt.as_deref(), Some("Run"));
    assert!(options.multi_select);
    assert_eq!(options.lines, Some(5));
    assert_eq!(parse(&["--separator", "\\t"]).separator, b'\t');
    assert_eq!(parse(&["--message", "m"]).message.as_deref(), Some("m"));
}

#[test]
fn the_first_occurrence_wins_as_in_rofi() {
    let options = parse(&[
        "-p", "first", "-p", "second", "-format", "i", "-format", "s",
    ]);
    assert_eq!(options.prompt.as_deref(), Some("first"));
    assert_eq!(options.format, "i");
}

#[test]
fn a_value_may_start_with_a_dash() {
    let options = parse(&["-p", "-x", "-filter", "-no-custom", "-sep", "-"]);
    assert_eq!(options.prompt.as_deref(), Some("-x"));
    assert_eq!(options.filter, "-no-custom");
    assert!(!options.no_custom);
    assert_eq!(options.separator, b'-');
}

#[test]
fn separators_take_rofis_escapes() {
    for (value, byte) in [
        ("\\n", b'\n'),
        ("\\0", 0),
        ("\\t", b'\t'),
        ("\\r", b'\r'),
        ("\\\\", b'\\'),
        ("\\x1f", 0x1f),
        ("\\x0", 0),
        (";", b';'),
    ] {
        assert_eq!(parse(&["-sep", value]).separator, byte, "{value:?}");
    }
    for bad in ["", "ab", "\\q", "\\x", "\\x123", "\\xzz", "│"] {
        let message = parse_error(&["-sep", bad]);
        assert!(message.contains("-sep"), "{message}");
    }
}

#[test]
fn cosmetic_rofi_and_dmenu_flags_are_accepted_and_ignored() {
    let options = parse(&[
        "-theme",
        "gruvbox",
        "-theme-str",
        "window {width: 50%;}",
        "-location",
        "0",
        "-width",
        "40",
        "-kb-accept-entry",
        "Return",
        "-me-select-entry",
        "",
        "-a",
        "0",
        "-u",
        "1:3",
        "-no-sort",
        "-show-icons",
        "-no-lazy-grab",
        "-b",
        "-keep-right",
        "-fn",
        "monospace-10",
        "-nb",
        "#000000",
        "-w",
        "0x1200003",
        "-no-config",
        "-ellipsize-mode",
        "middle",
    ]);
    assert_eq!(
        options.ignored,
        [
            "-theme",
            "-theme-str",
            "-location",
            "-width",
            "-me-select-entry",
            "-show-icons",
            "-no-lazy-grab",
            "-b",
            "-fn",
            "-nb",
            "-w",
            "-no-config",
            "-ellipsize-mode"
        ]
    );
    assert_eq!(options.keys, [("accept-entry".into(), "Return".into())]);
    assert_eq!(options.matching.sort, Some(false));
    assert!(options.keep_right);
    assert!(options.active.contains(0, 5) && !options.active.contains(1, 5));
    assert!(options.urgent.contains(1, 5) && options.urgent.contains(2, 5));
    assert!(!options.urgent.contains(3, 5));
}

#[test]
fn row_sets_read_rofis_python_style_indices_and_legacy_ranges() {
    let rows = |spec: &str, count: usize| {
        let set = RowSet::parse(spec);
        (0..count)
            .filter(|&i| set.contains(i, count))
            .collect::<Vec<_>>()
    };
    assert_eq!(rows("5", 10), [5]);
    assert_eq!(rows("-1", 10), [9]);
    assert_eq!(rows("-2", 10), [8]);
    assert_eq!(rows("-3:", 10), [7, 8, 9]);
    assert_eq!(rows("7:11", 20), [7, 8, 9, 10]);
    assert_eq!(rows("7-10", 20), [7, 8, 9, 10]);
    assert_eq!(rows(":2", 10), [0, 1]);
    assert_eq!(rows("5,-3:,7:9,2,0,x", 10), [0, 2, 5, 7, 8, 9]);
    assert_eq!(rows("12", 10), Vec::<usize>::new());
}

#[test]
fn unknown_flags_and_stray_arguments_are_ignored_and_listed_as_rofi_ignores_them() {
    let options = parse(&[
        "-p",
        "Run",
        "-frobnicate",
        "-plugin-path",
        "/x",
        "firefox",
        "-",
    ]);
    assert_eq!(options.prompt.as_deref(), Some("Run"));
    assert_eq!(
        options.ignored,
        ["-frobnicate", "-plugin-path", "/x", "firefox", "-"]
    );
    let themed = parse(&["-theme", "gruvbox", "-no-default-config", "-display", ":1"]);
    assert_eq!(
        themed.ignored,
        ["-theme", "-no-default-config", "-display", ":1"]
    );
}

#[test]
fn matching_keys_and_row_styles_are_read() {
    let options = parse(&[
        "-matching",
        "Fuzzy",
        "-no-tokenize",
        "-case-smart",
        "-matching-negate-char",
        "!",
        "-sort",
        "-sorting-method",
        "fzf",
        "-kb-custom-1",
        "Control+x",
        "-kb-custom-2",
        "Alt+2",
        "-kb-custom-1",
        "Control+y",
        "-a",
        "0,2-4",
        "-u",
        "-2,7",
        "-display-columns",
        "2,1",
        "-display-column-separator",
        "|",
        "-keep-right",
    ]);
    let matching = &options.matching;
    assert_eq!(matching.method.as_deref(), Some("fuzzy"));
    assert_eq!(matching.tokenize, Some(false));
    assert_eq!(matching.smart, Some(true));
    assert_eq!(matching.negate_char.as_deref(), Some("!"));
    assert_eq!(matching.sort, Some(true));
    assert_eq!(matching.sorting_method.as_deref(), Some("fzf"));
    assert_eq!(
        options.keys,
        [
            ("custom-1".to_string(), "Control+x".to_string()),
            ("custom-2".to_string(), "Alt+2".to_string())
        ]
    );
    let rows = |set: &RowSet| (0..10).filter(|&i| set.contains(i, 10)).collect::<Vec<_>>();
    assert_eq!(rows(&options.active), [0, 2, 3, 4]);
    assert_eq!(rows(&options.urgent), [7, 8]);
    assert_eq!(options.display_columns, Some(vec![2, 1]));
    assert_eq!(options.display_column_separator, "|");
    assert!(options.keep_right);
    assert!(options.ignored.is_empty());
}

#[test]
fn missing_and_bad_values_are_errors() {
    let message = parse_error(&["-p"]);
    assert!(message.contains("'-p' needs a value"), "{message}");
    let message = parse_error(&["-l", "many"]);
    assert!(
        message.contains("'-l'") && message.contains("'many'"),
        "{message}"
    );
    let message = parse_error(&["-selected-row", "-1"]);
    assert!(message.contains("'-selected-row'"), "{message}");
    assert!(parse_error(&["-theme"]).contains("'-theme' needs a value"));
}

#[test]
fn arguments_that_are_not_utf8_are_errors() {
    use std::os::unix::ffi::OsStrExt;
    let bad = OsStr::from_bytes(b"\xff");
    let message = parse_args([OsStr::new("-p"), bad]).unwrap_err().to_string();
    assert!(message.contains("argument 2"), "{message}");
}

#[test]
fn a_symlink_named_dmenu_is_recognised() {
    let none: &[String] = &[];
    let dmenu_flag = ["-i".to_string(), "-dmenu".to_string()];
    assert!(invoked_as_dmenu(OsStr::new("/usr/local/bin/dmenu"), none));
    assert!(invoked_as_dmenu(OsStr::new("dmenu"), none));
    assert!(!invoked_as_dmenu(OsStr::new("/usr/bin/skit"), &dmenu_flag));
    assert!(!invoked_as_dmenu(OsStr::new("dmenu_run"), none));
    assert!(invoked_as_dmenu(
        OsStr::new("/home/me/bin/rofi"),
        &dmenu_flag
    ));
    assert!(!invoked_as_dmenu(
        OsStr::new("rofi"),
        &["-show".into(), "drun".into()]
    ));
}

#[test]
fn rows_carry_rofis_options() {
    assert_eq!(
        parse_row("plain"),
        Row {
            text: "plain".into(),
            ..Row::default()
        }
    );
    let row = parse_row(
        "Firefox\0icon\x1ffirefox\x1fmeta\x1fbrowser web\x1finfo\x1fid-7\
         \x1fdisplay\x1fFire fox\x1fnonselectable\x1ftrue\x1fpermanent\x1fTRUE\
         \x1furgent\x1ftrue\x1factive\x1ftrue",
    );
    assert_eq!(
        row,
        Row {
            text: "Firefox".into(),
            display: Some("Fire fox".into()),
            icon: Some("firefox".into()),
            meta: Some("browser web".into()),
            info: Some("id-7".into()),
            nonselectable: true,
            permanent: true,
            urgent: true,
            active: true,
        }
    );
}

#[test]
fn row_options_are_forgiving_like_rofis() {
    let row = parse_row("a\0ICON\x1fx\x1fnonselectable\x1fyes\x1fcolour\x1fred\x1fmeta");
    assert_eq!(row.icon.as_deref(), Some("x"));
    assert!(!row.nonselectable);
    assert_eq!(row.meta, None);
    // Options end at a second NUL.
    let row = parse_row("a\0icon\x1fx\0meta\x1fy");
    assert_eq!(row.icon.as_deref(), Some("x"));
    assert_eq!(row.meta, None);
    assert_eq!(parse_row("").text, "");
    assert_eq!(parse_row("\0icon\x1fx").text, "");
}

#[test]
fn shown_and_matched_text_follow_display_and_markup() {
    let row = parse_row("<b>Fire</b>fox\0display\x1f<i>Browser</i>");
    assert_eq!(row.shown_text(false), "<i>Browser</i>");
    assert_eq!(row.shown_text(true), "Browser");
    assert_eq!(row.match_text(false), "<b>Fire</b>fox");
    assert_eq!(row.match_text(true), "Firefox");
    let broken = parse_row("a < b");
    assert_eq!(broken.shown_text(true), "a < b");
}

#[test]
fn markup_is_stripped_like_pango() {
    assert_eq!(strip_markup("plain").as_deref(), Some("plain"));
    assert_eq!(
        strip_markup("<span foreground='red' font=\"x>y\">Red</span> <b>bold</b>").as_deref(),
        Some("Red bold")
    );
    assert_eq!(
        strip_markup("a &amp; b &lt;c&gt; &quot;&apos; &#65;&#x42;").as_deref(),
        Some("a & b <c> \"' AB")
    );
    assert_eq!(strip_markup("x<!-- note -->y").as_deref(), Some("xy"));
    assert_eq!(strip_markup("<b><i>x</i></b>").as_deref(), Some("x"));
    for invalid in [
        "a & b",
        "a < b",
        "<b>open",
        "close</b>",
        "<b><i>x</b></i>",
        "<blink>x</blink>",
        "&nbsp;",
        "&#0;",
        "<b",
    ] {
        assert_eq!(strip_markup(invalid), None, "{invalid:?}");
    }
}

fn pick(index: usize, text: &str) -> Pick<'_> {
    Pick {
        index: Some(index),
        text,
    }
}

#[test]
fn each_format_letter_prints_what_rofi_prints() {
    let picked = [pick(4, "it's <b>x</b>")];
    let filter = "it's";
    for (format, expected) in [
        ("s", "it's <b>x</b>\n"),
        ("i", "4\n"),
        ("d", "5\n"),
        ("q", "'it'\\''s <b>x</b>'\n"),
        ("p", "it's x\n"),
        ("f", "it's\n"),
        ("F", "'it'\\''s'\n"),
        ("i:s [d] ", "4:it's <b>x</b> [5] \n"),
        ("", "\n"),
        ("x", "x\n"),
    ] {
        assert_eq!(
            format_output(format, &picked, filter),
            expected,
            "{format:?}"
        );
    }
    assert_eq!(
        format_output("p", &[pick(0, "a & b")], ""),
        "invalid string\n"
    );
    assert_eq!(format_output("q", &[pick(0, "")], ""), "''\n");
}

#[test]
fn typed_text_prints_with_index_minus_one() {
    let typed = [Pick {
        index: None,
        text: "new thing",
    }];
    assert_eq!(
        format_output("i d s f", &typed, "new thing"),
        "-1 0 new thing new thing\n"
    );
}

fn rows(texts: &[&str]) -> Vec<Row> {
    texts.iter().map(|t| parse_row(t)).collect()
}

fn exit(stdout: &str, code: i32) -> Verdict {
    Verdict::Exit {
        stdout: stdout.to_string(),
        code,
    }
}

#[test]
fn choosing_a_row_prints_it_and_exits_0() {
    let options = DmenuOptions::default();
    let rows = rows(&["a", "b", "c"]);
    assert_eq!(
        decide(&options, &rows, Accept::Row(1), &[], "x"),
        exit("b\n", 0)
    );
    let options = DmenuOptions {
        format: "i".into(),
        ..DmenuOptions::default()
    };
    assert_eq!(
        decide(&options, &rows, Accept::Row(2), &[], ""),
        exit("2\n", 0)
    );
}

#[test]
fn escape_prints_nothing_and_exits_1() {
    let rows = rows(&["a"]);
    let options = DmenuOptions {
        multi_select: true,
        ..DmenuOptions::default()
    };
    assert_eq!(
        decide(&options, &rows, Accept::Cancel, &[0], "a"),
        exit("", 1)
    );
}

#[test]
fn typed_text_is_printed_unless_no_custom() {
    let rows = rows(&["a", "b"]);
    let options = DmenuOptions {
        format: "s|i|f".into(),
        ..DmenuOptions::default()
    };
    assert_eq!(
        decide(&options, &rows, Accept::Custom, &[], "zzz"),
        exit("zzz|-1|zzz\n", 0)
    );
    let options = DmenuOptions {
        no_custom: true,
        ..DmenuOptions::default()
    };
    assert_eq!(
        decide(&options, &rows, Accept::Custom, &[], "zzz"),
        Verdict::StayOpen
    );
    assert_eq!(
        decide(&options, &rows, Accept::Row(0), &[], "a"),
        exit("a\n", 0)
    );
}

#[test]
fn non_selectable_rows_cannot_be_chosen() {
    let rows = rows(&["header\0nonselectable\x1ftrue", "a"]);
    let options = DmenuOptions::default();
    assert_eq!(
        decide(&options, &rows, Accept::Row(0), &[], ""),
        Verdict::StayOpen
    );
    assert_eq!(
        decide(&options, &rows, Accept::Row(1), &[], ""),
        exit("a\n", 0)
    );
    assert_eq!(
        decide(&options, &rows, Accept::Row(9), &[], ""),
        Verdict::StayOpen
    );
}

#[test]
fn multi_select_prints_marked_rows_in_input_order() {
    let rows = rows(&["a", "b", "c", "d"]);
    let options = DmenuOptions {
        multi_select: true,
        format: "d:s".into(),
        ..DmenuOptions::default()
    };
    assert_eq!(
        decide(&options, &rows, Accept::Row(0), &[3, 1, 3, 42], ""),
        exit("2:b\n4:d\n", 0)
    );
    // Nothing marked: the highlighted row, as without -multi-select.
    assert_eq!(
        decide(&options, &rows, Accept::Row(2), &[], ""),
        exit("3:c\n", 0)
    );
    // Rofi prints the marked rows even when Enter was on typed text.
    assert_eq!(
        decide(&options, &rows, Accept::Custom, &[2], "zz"),
        exit("3:c\n", 0)
    );
    // Marks mean nothing without -multi-select.
    let single = DmenuOptions::default();
    assert_eq!(
        decide(&single, &rows, Accept::Row(0), &[1, 2], ""),
        exit("a\n", 0)
    );
}

fn read_all(input: &[u8], separator: u8, batch: usize) -> (Vec<Vec<Row>>, usize) {
    let mut batches = Vec::new();
    let count = read_rows(input, separator, batch, |rows| {
        batches.push(rows);
        true
    })
    .unwrap();
    (batches, count)
}

fn texts(batches: &[Vec<Row>]) -> Vec<String> {
    batches
        .iter()
        .flatten()
        .map(|row| row.text.clone())
        .collect()
}

#[test]
fn reading_splits_rows_like_rofi() {
    let (batches, count) = read_all(b"a\n\nb\0icon\x1fi\nlast", b'\n', 100);
    assert_eq!(texts(&batches), ["a", "", "b", "last"]);
    assert_eq!(count, 4);
    assert_eq!(batches[0][2].icon.as_deref(), Some("i"));
    assert_eq!(texts(&read_all(b"a\nb\n", b'\n', 100).0), ["a", "b"]);
    assert_eq!(read_all(b"", b'\n', 100), (vec![], 0));
    assert_eq!(texts(&read_all(b"\n", b'\n', 100).0), [""]);
    assert_eq!(texts(&read_all(b"a|b c|d", b'|', 100).0), ["a", "b c", "d"]);
    assert_eq!(texts(&read_all(b"a\0b\0", 0, 100).0), ["a", "b"]);
    assert_eq!(
        texts(&read_all(b"caf\xe9\n", b'\n', 100).0),
        ["caf\u{fffd}"]
    );
}

#[test]
fn reading_never_sends_more_than_a_batch() {
    let input: String = (0..1000).map(|i| format!("row {i}\n")).collect();
    let (batches, count) = read_all(input.as_bytes(), b'\n', 64);
    assert_eq!(count, 1000);
    assert!(batches.iter().all(|b| !b.is_empty() && b.len() <= 64));
    let expected: Vec<String> = (0..1000).map(|i| format!("row {i}")).collect();
    assert_eq!(texts(&batches), expected);
}

#[test]
fn overlong_rows_are_cut_not_dropped() {
    let mut input = vec![b'x'; MAX_ROW_BYTES + 10];
    input.extend_from_slice(b"\nnext\n");
    let (batches, _) = read_all(&input, b'\n', 10);
    let texts = texts(&batches);
    assert_eq!(texts.len(), 2);
    assert_eq!(texts[0].len(), MAX_ROW_BYTES);
    assert_eq!(texts[1], "next");
}

/// 100,000 lines through a real pipe: the first rows must arrive while the writer
/// is still holding back the second half, which it only writes once they have.
#[test]
fn a_hundred_thousand_lines_stream_before_stdin_ends() {
    let (reader, mut writer) = io::pipe().unwrap();
    let (first_batch_seen, wait_for_first_batch) = mpsc::channel::<()>();
    let producer = std::thread::spawn(move || -> Result<(), String> {
        let half: String = (0..50_000).map(|i| format!("line {i}\n")).collect();
        writer
            .write_all(half.as_bytes())
            .map_err(|e| e.to_string())?;
        wait_for_first_batch
            .recv_timeout(Duration::from_secs(60))
            .map_err(|_| "no rows reached the reader before stdin ended".to_string())?;
        let rest: String = (50_000..100_000).map(|i| format!("line {i}\n")).collect();
        writer.write_all(rest.as_bytes()).map_err(|e| e.to_string())
    });
    let mut received: Vec<String> = Vec::with_capacity(100_000);
    let mut batches = 0usize;
    let count = read_rows(reader, b'\n', 2048, |rows| {
        assert!(rows.len() <= 2048);
        if batches == 0 {
            let _ = first_batch_seen.send(());
        }
        batches += 1;
        received.extend(rows.into_iter().map(|row| row.text));
        true
    })
    .unwrap();
    producer.join().unwrap().unwrap();
    assert_eq!(count, 100_000);
    assert_eq!(received.len(), 100_000);
    assert!(batches >= 49, "{batches} batches");
    assert!(
        received
            .iter()
            .enumerate()
            .all(|(i, text)| *text == format!("line {i}"))
    );
}

#[test]
fn reading_stops_when_the_receiver_says_so() {
    let (reader, mut writer) = io::pipe().unwrap();
    // An endless producer: it ends only when the reading side is closed.
    let producer = std::thread::spawn(move || {
        let block = "row\n".repeat(1024);
        while writer.write_all(block.as_bytes()).is_ok() {}
    });
    let mut calls = 0;
    let count = read_rows(reader, b'\n', 100, |_| {
        calls += 1;
        calls < 3
    })
    .unwrap();
    assert_eq!(calls, 3);
    assert!(count <= 300, "{count}");
    // read_rows has dropped the pipe's reading end, so the producer's next write
    // fails and it finishes.
    producer.join().unwrap();
}

/// Three rows, then the writer waits: a batch far from full must still arrive,
/// or the window would show nothing while a slow script thinks.
#[test]
fn rows_from_a_slow_producer_arrive_without_waiting_for_a_full_batch() {
    let (reader, mut writer) = io::pipe().unwrap();
    let (rows_seen, wait_for_rows) = mpsc::channel::<usize>();
    let producer = std::thread::spawn(move || -> Result<(), String> {
        writer.write_all(b"a\nb\nc\n").map_err(|e| e.to_string())?;
        let mut seen = 0;
        while seen < 3 {
            seen += wait_for_rows
                .recv_timeout(Duration::from_secs(60))
                .map_err(|_| "rows waited for a full batch".to_string())?;
        }
        writer.write_all(b"d\n").map_err(|e| e.to_string())
    });
    let mut received = Vec::new();
    read_rows(reader, b'\n', 2048, |rows| {
        let _ = rows_seen.send(rows.len());
        received.extend(rows.into_iter().map(|row| row.text));
        true
    })
    .unwrap();
    producer.join().unwrap().unwrap();
    assert_eq!(received, ["a", "b", "c", "d"]);
}

#[test]
fn help_names_every_option_skit_reads() {
    for option in [
        "-p ",
        "-mesg ",
        "-filter ",
        "-i ",
        "-case-sensitive",
        "-format ",
        "-multi-select",
        "-no-custom",
        "-only-match",
        "-password",
        "-markup-rows",
        "-l ",
        "-selected-row",
        "-select ",
        "-sep ",
        "-input ",
        "-sync",
        "-auto-select",
        "-dump",
        "-window-title",
    ] {
        assert!(HELP.contains(option), "{option}");
        let name = option.trim().trim_start_matches('-');
        assert!(flag_named(name).is_some(), "{option}");
    }
}

/// Property tests: any arguments and rows without a panic; what has a written
/// form (flags, row options, pango markup, the output formats) round-trips.
mod proptests {
    use super::*;
    use crate::test_strategies::{cases, text, text_without};
    use proptest::prelude::*;

    /// A flag as a user might spell it: one or two dashes, any case.
    fn spelled(name: &'static str) -> impl Strategy<Value = String> {
        (
            any::<bool>(),
            proptest::collection::vec(any::<bool>(), name.len()),
        )
            .prop_map(move |(two, upper)| {
                let dashes = if two { "--" } else { "-" };
                let name: String = name
                    .chars()
                    .zip(upper)
                    .map(|(c, up)| if up { c.to_ascii_uppercase() } else { c })
                    .collect();
                format!("{dashes}{name}")
            })
    }

    /// A value that may look like a flag itself.
    fn value() -> impl Strategy<Value = String> {
        prop_oneof![text(15), text(10).prop_map(|t| format!("-{t}"))]
    }

    /// One option given on the command line, with what it must set.
    #[derive(Clone, Debug)]
    enum Given {
        Prompt(String),
        Message(String),
        Format(String),
        Filter(String),
        Select(String),
        WindowTitle(String),
        Lines(u32),
        SelectedRow(usize),
        Separator(u8),
        MultiSelect,
        Password,
        CaseSensitive,
        AcceptKey(String),
        /// A rofi flag skit ignores (as spelled), with its value when it takes one.
        Ignored(String),
    }

    fn given() -> impl Strategy<Value = (Given, Vec<String>)> {
        let with = |name: &'static str, make: fn(String) -> Given| {
            (spelled(name), value()).prop_map(move |(flag, v)| (make(v.clone()), vec![flag, v]))
        };
        prop_oneof![
            with("p", Given::Prompt),
            with("mesg", Given::Message),
            with("format", Given::Format),
            with("filter", Given::Filter),
            with("select", Given::Select),
            with("window-title", Given::WindowTitle),
            (spelled("l"), any::<u32>())
                .prop_map(|(f, n)| (Given::Lines(n), vec![f, format!(" {n}")])),
            (spelled("selected-row"), any::<usize>())
                .prop_map(|(f, n)| (Given::SelectedRow(n), vec![f, n.to_string()])),
            (spelled("sep"), 0u8..128)
                .prop_map(|(f, b)| { (Given::Separator(b), vec![f, format!("\\x{b:x}")]) }),
            spelled("multi-select").prop_map(|f| (Given::MultiSelect, vec![f])),
            spelled("password").prop_map(|f| (Given::Password, vec![f])),
            spelled("case-sensitive").prop_map(|f| (Given::CaseSensitive, vec![f])),
            (spelled("theme"), value()).prop_map(|(f, v)| (Given::Ignored(f.clone()), vec![f, v])),
            (spelled("kb-accept-entry"), value())
                .prop_map(|(f, v)| (Given::AcceptKey(v.clone()), vec![f, v])),
            spelled("no-show-icons").prop_map(|f| (Given::Ignored(f.clone()), vec![f])),
        ]
    }

    /// What the options must be: the first occurrence of each flag wins (the last
    /// for rofi's config options, such as -filter).
    fn apply(givens: &[Given]) -> DmenuOptions {
        let mut options = DmenuOptions::default();
        let mut seen = Vec::new();
        for given in givens {
            if let Given::Ignored(flag) = given {
                options.ignored.push(flag.clone());
                continue;
            }
            // A config option of rofi's: the last one wins.
            if let Given::Filter(v) = given {
                options.filter = v.clone();
                continue;
            }
            let kind = std::mem::discriminant(given);
            if seen.contains(&kind) {
                continue;
            }
            seen.push(kind);
            match given.clone() {
                Given::Prompt(v) => options.prompt = Some(v),
                Given::Message(v) => options.message = Some(v),
                Given::Format(v) => options.format = v,
                Given::Filter(v) => options.filter = v,
                Given::Select(v) => options.select = Some(v),
                Given::WindowTitle(v) => options.window_title = Some(v),
                Given::Lines(n) => options.lines = Some(n),
                Given::SelectedRow(n) => options.selected_row = Some(n),
                Given::Separator(b) => options.separator = b,
                Given::MultiSelect => options.multi_select = true,
                Given::Password => options.password = true,
                Given::CaseSensitive => options.matching.sensitive = Some(true),
                Given::AcceptKey(v) => options.keys.push(("accept-entry".into(), v)),
                Given::Ignored(_) => {}
            }
        }
        options
    }

    /// A row written in rofi's syntax, and the row it must read as.
    fn row() -> impl Strategy<Value = (String, Row)> {
        let option = prop_oneof![
            (Just("icon"), text_without(10, &['\0', '\x1f'])),
            (Just("display"), text_without(10, &['\0', '\x1f'])),
            (Just("meta"), text_without(10, &['\0', '\x1f'])),
            (Just("info"), text_without(10, &['\0', '\x1f'])),
            (
                Just("nonselectable"),
                proptest::sample::select(&["true", "TRUE", "false", "x"][..])
                    .prop_map(String::from)
            ),
            (
                Just("permanent"),
                proptest::sample::select(&["true", "false"][..]).prop_map(String::from)
            ),
            (
                Just("urgent"),
                proptest::sample::select(&["true", "false"][..]).prop_map(String::from)
            ),
            (
                Just("active"),
                proptest::sample::select(&["True", "false"][..]).prop_map(String::from)
            ),
            (Just("unknown"), text_without(10, &['\0', '\x1f'])),
        ];
        (
            text_without(20, &['\0']),
            proptest::collection::vec((option, any::<bool>()), 0..5),
            any::<bool>(),
        )
            .prop_map(|(text, options, dangling)| {
                let mut row = Row {
                    text: text.clone(),
                    ..Row::default()
                };
                let mut fields = Vec::new();
                for ((key, value), upper) in options {
                    let is_true = value.eq_ignore_ascii_case("true");
                    match key {
                        "icon" => row.icon = Some(value.clone()),
                        "display" => row.display = Some(value.clone()),
                        "meta" => row.meta = Some(value.clone()),
                        "info" => row.info = Some(value.clone()),
                        "nonselectable" => row.nonselectable = is_true,
                        "permanent" => row.permanent = is_true,
                        "urgent" => row.urgent = is_true,
                        "active" => row.active = is_true,
                        _ => {}
                    }
                    fields.push(if upper {
                        key.to_uppercase()
                    } else {
                        key.to_string()
                    });
                    fields.push(value);
                }
                if dangling {
                    // A key without a value is ignored, as rofi does.
                    fields.push("icon".into());
                }
                let line = if fields.is_empty() {
                    text
                } else {
                    format!("{text}\0{}", fields.join("\x1f"))
                };
                (line, row)
            })
    }

    /// Pango markup for `plain`: escaped, and wrapped in tags.
    fn markup() -> impl Strategy<Value = (String, String)> {
        (
            text(20),
            proptest::collection::vec(
                proptest::sample::select(&["b", "i", "span", "small", "tt", "u", "sub"][..]),
                0..3,
            ),
            any::<bool>(),
        )
            .prop_map(|(plain, tags, numeric)| {
                let mut escaped = String::new();
                for c in plain.chars() {
                    match c {
                        '&' => escaped.push_str("&amp;"),
                        '<' if numeric => escaped.push_str("&#60;"),
                        '<' => escaped.push_str("&lt;"),
                        '>' => escaped.push_str("&gt;"),
                        c => escaped.push(c),
                    }
                }
                let mut markup = escaped;
                for tag in tags {
                    let open = if tag == "span" {
                        "span weight=\"bold\" a='>'"
                    } else {
                        tag
                    };
                    markup = format!("<{open}>{markup}</{tag}><!-- c -->");
                }
                (markup, plain)
            })
    }

    /// Undoes POSIX single quoting (`'…'`, `'\''` for a quote), for `-format q`.
    fn unquote(quoted: &str) -> Option<String> {
        let mut out = String::new();
        let mut chars = quoted.chars();
        while let Some(c) = chars.next() {
            match c {
                '\'' => loop {
                    match chars.next()? {
                        '\'' => break,
                        c => out.push(c),
                    }
                },
                '\\' => out.push(chars.next()?),
                c => out.push(c),
            }
        }
        Some(out)
    }

    /// A reader that hands out its bytes in the reads given.
    struct Chunked {
        bytes: Vec<u8>,
        cuts: Vec<usize>,
    }

    impl io::Read for Chunked {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let want = self.cuts.pop().unwrap_or(usize::MAX);
            let n = want.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes.drain(..n);
            Ok(n)
        }
    }

    proptest! {
        #![proptest_config(cases(256))]

        #[test]
        fn any_arguments_parse_or_fail_naming_one(
            args in proptest::collection::vec(
                prop_oneof![value(), spelled("p"), spelled("l"), spelled("sep"), text(6).prop_map(|t| format!("-kb-{t}"))],
                0..6,
            )
        ) {
            if let Err(e) = parse_args(&args) {
                let message = e.to_string();
                prop_assert!(
                    args.iter().any(|a| message.contains(&format!("'{a}'"))),
                    "{:?}: {}", args, message
                );
            }
        }

        #[test]
        fn options_as_written_are_read_back_first_one_winning(
            givens in proptest::collection::vec(given(), 0..8)
        ) {
            let args: Vec<String> = givens.iter().flat_map(|(_, args)| args.clone()).collect();
            let kinds: Vec<Given> = givens.into_iter().map(|(given, _)| given).collect();
            prop_assert_eq!(parse_args(&args), Ok(apply(&kinds)), "{:?}", args);
        }

        #[test]
        fn rows_with_options_read_back(
            (line, row) in row(),
            any_line in text(40),
        ) {
            prop_assert_eq!(parse_row(&line), row);
            let _ = parse_row(&any_line);
        }

        #[test]
        fn markup_strips_back_to_its_text((markup, plain) in markup(), any_text in text(40)) {
            prop_assert_eq!(strip_markup(&markup), Some(plain));
            let stripped = strip_markup(&any_text);
            if !any_text.contains(['<', '&']) {
                prop_assert_eq!(stripped, Some(any_text));
            }
        }

        #[test]
        fn formats_print_what_can_be_read_back(
            texts in proptest::collection::vec(text_without(15, &['\n']), 0..4),
            filter in text_without(15, &['\n']),
        ) {
            let picks: Vec<Pick<'_>> = texts
                .iter()
                .enumerate()
                .map(|(i, text)| Pick { index: Some(i), text })
                .collect();
            let printed = format_output("i\td\tq\tF", &picks, &filter);
            prop_assert_eq!(printed.matches('\n').count(), picks.len());
            for (i, line) in printed.split_terminator('\n').enumerate() {
                let columns: Vec<&str> = line.splitn(3, '\t').collect();
                prop_assert_eq!(columns[0], i.to_string());
                prop_assert_eq!(columns[1], (i + 1).to_string());
                let quoted = format!("{}\t{}", shell_quoted(&texts[i]), shell_quoted(&filter));
                prop_assert_eq!(columns[2], quoted.as_str());
                prop_assert_eq!(unquote(&shell_quoted(&texts[i])), Some(texts[i].clone()));
            }
            let typed = format_output("s i", &[Pick { index: None, text: &filter }], &filter);
            prop_assert_eq!(typed, format!("{filter} -1\n"));
        }

        #[test]
        fn reading_gives_every_row_in_batches(
            bytes in proptest::collection::vec(
                prop_oneof![any::<u8>(), Just(b'\n'), Just(0u8), Just(b'|')],
                0..200,
            ),
            separator in prop_oneof![Just(b'\n'), Just(0u8), Just(b'|'), any::<u8>()],
            batch in 1usize..6,
            cuts in proptest::collection::vec(1usize..50, 0..10),
        ) {
            let mut wanted: Vec<String> = bytes
                .split(|&b| b == separator)
                .map(|row| String::from_utf8_lossy(row).into_owned())
                .collect();
            if wanted.last().is_some_and(String::is_empty) {
                wanted.pop();
            }
            let mut batches = Vec::new();
            let count = read_lines(Chunked { bytes, cuts }, separator, batch, |rows| {
                batches.push(rows);
                true
            })
            .unwrap();
            prop_assert!(batches.iter().all(|b| !b.is_empty() && b.len() <= batch));
            prop_assert_eq!(count, wanted.len());
            prop_assert_eq!(batches.concat(), wanted);
        }

        #[test]
        fn any_ending_gives_an_exit_or_stays_open(
            texts in proptest::collection::vec(text_without(10, &['\n']), 0..5),
            nonselectable in any::<u8>(),
            multi_select in any::<bool>(),
            no_custom in any::<bool>(),
            accept in prop_oneof![(0usize..7).prop_map(Accept::Row), Just(Accept::Custom), Just(Accept::Cancel)],
            marked in proptest::collection::vec(0usize..7, 0..4),
            filter in text_without(10, &['\n']),
        ) {
            let rows: Vec<Row> = texts
                .iter()
                .enumerate()
                .map(|(i, text)| Row {
                    text: text.clone(),
                    nonselectable: nonselectable & (1 << i) != 0,
                    ..Row::default()
                })
                .collect();
            let options = DmenuOptions { multi_select, no_custom, ..DmenuOptions::default() };
            match decide(&options, &rows, accept, &marked, &filter) {
                Verdict::StayOpen => prop_assert!(accept != Accept::Cancel),
                Verdict::Exit { stdout, code: EXIT_CANCELLED } => {
                    prop_assert_eq!(accept, Accept::Cancel);
                    prop_assert_eq!(stdout, "");
                }
                Verdict::Exit { stdout, code } => {
                    prop_assert_eq!(code, EXIT_CHOSEN);
                    // One line per pick, and only rows that exist or the typed text.
                    for line in stdout.split_terminator('\n') {
                        prop_assert!(texts.iter().any(|t| t == line) || line == filter, "{}", line);
                    }
                }
            }
        }
    }

    fn shell_quoted(text: &str) -> String {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[test]
fn mesg_markup_reads_as_text_with_styled_stretches() {
    let (text, spans) = markup_spans(
        "Press <b>Alt+1</b> to <span foreground='#ff0000' style=\"italic\">delete</span> &amp; <i><u>go</u></i>",
    )
    .unwrap();
    assert_eq!(text, "Press Alt+1 to delete & go");
    let bold = MarkupStyle {
        bold: true,
        ..MarkupStyle::default()
    };
    let red_italic = MarkupStyle {
        italic: true,
        color: Some([0xff, 0, 0]),
        ..MarkupStyle::default()
    };
    let italic_underline = MarkupStyle {
        italic: true,
        underline: true,
        ..MarkupStyle::default()
    };
    assert_eq!(
        spans,
        [
            (6..11, bold),
            (15..21, red_italic),
            (24..26, italic_underline)
        ]
    );
    assert_eq!(markup_spans("a <b>b</i>"), None);
    assert_eq!(
        markup_spans("plain").unwrap(),
        ("plain".to_string(), Vec::new())
    );
}

#[test]
fn display_columns_pick_and_order_the_columns_shown() {
    assert_eq!(pick_columns("a\tb\tc", &[3, 1], "\t"), "c  a");
    assert_eq!(pick_columns("a|b", &[2, 5], "|"), "b");
    assert_eq!(pick_columns("a|b", &[1], ""), "a|b");
}

#[test]
fn rofis_config_options_take_the_last_value_and_tokenize_wins_over_no_tokenize() {
    let options = parse(&[
        "-filter",
        "x",
        "-matching",
        "regex",
        "-filter",
        "a",
        "-matching",
        "glob",
    ]);
    assert_eq!(options.filter, "a");
    assert_eq!(options.matching.method.as_deref(), Some("glob"));
    assert_eq!(
        parse(&["-p", "one", "-p", "two"]).prompt.as_deref(),
        Some("one")
    );
    assert_eq!(
        parse(&["-tokenize", "-no-tokenize"]).matching.tokenize,
        Some(true)
    );
    assert_eq!(
        parse(&["-no-tokenize", "-tokenize"]).matching.tokenize,
        Some(true)
    );
    assert_eq!(parse(&["-no-tokenize"]).matching.tokenize, Some(false));
}
