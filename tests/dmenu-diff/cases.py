"""The cases of tests/dmenu-diff/run: each runs through `rofi -dmenu ARGS` and
`skit dmenu ARGS` with the same stdin and keys.

A case is a dict:
  name            unique; `run NAME-PART` runs a subset
  rows            bytes on stdin (rows, separators, \\0 and \\x1f row options)
  args            the arguments after -dmenu / dmenu; "{run}" becomes a private
                  folder of the run, "{rows_file}" a file holding the rows
  keys            what is typed once the window has the keyboard: "=TEXT" is typed
                  with `xdotool type`, anything else goes to `xdotool key` (e.g.
                  "Return", "alt+1", "shift+Return", "ctrl+space"). No keys: the
                  program must exit by itself (-dump, -filter with -auto-select).
                  Keys are not typed when the program exits before showing a window.
  expect_differs  why rofi's output is not what skit should give: rofi 1.7.3
                  contradicts its own man page there and skit follows the man page
  same_if         "exit+output": compare exit codes and whether each printed
                  something, not the bytes (version strings)
  stdin_file      rows come from a regular file instead of a pipe
  input_rows      what the file "{rows_file}" holds, when not the rows
  ready           "focus": type as soon as the window has the keyboard, without
                  waiting for skit to list its rows
  starts_empty    skit lists no row at the start (-filter matching nothing)
  tool            "j4-dmenu-desktop" or "rofimoji": that program runs instead, with
                  `dmenu` and `rofi` on PATH being the real rofi or skit dmenu
"""


def case(name, rows=b"", args=(), keys=(), **more):
    c = {"name": name, "rows": rows, "args": list(args), "keys": list(keys)}
    c.update(more)
    return c


def lines(*rows):
    return b"".join(r.encode() + b"\n" if isinstance(r, str) else r + b"\n" for r in rows)


ABC = lines("a", "b", "c")
GREEK = lines("alpha", "beta", "gamma")
PICK_BETA = ["=bet", "Return"]
TEN_THOUSAND = b"".join(b"item %d\n" % i for i in range(10000))

CASES = [
    # --- matching, default (rofi -dmenu is case-sensitive unless -i) ----------------
    case("match-default-case-sensitive", lines("Apple", "Banana"), [], ["=banana", "Return"]),
    case("match-default-first-in-input-order", lines("pineapple", "apple"), [], ["=apple", "Return"]),
    case("match-default-no-match-custom-text", lines("Apple", "Banana"), [], ["=apl", "Return"]),
    case("match-default-substring", lines("Apple", "Banana"), [], ["=nan", "Return"]),
    case("match-i", lines("Apple", "Banana"), ["-i"], ["=banana", "Return"]),
    case("match-case-sensitive", lines("apple", "Apple"), ["-case-sensitive"], ["=App", "Return"]),
    case("match-i-then-case-sensitive", lines("apple", "Apple"), ["-i", "-case-sensitive"], ["=App", "Return"]),
    case("match-case-smart-lower", lines("Apple", "Banana"), ["-case-smart"], ["=banana", "Return"],
         expect_differs="rofi 1.7.3 has no -case-smart and ignores it (still case-sensitive); skit "
                        "implements it as later rofi versions do: case-insensitive unless the query "
                        "has an uppercase letter"),
    case("match-case-smart-upper", lines("banana", "Banana"), ["-case-smart"], ["=Ban", "Return"]),
    case("matching-regex", lines("foo1", "bar2", "foo22"), ["-matching", "regex"], ["=o2+$", "Return"]),
    case("matching-regex-invalid", lines("a(b", "ab"), ["-matching", "regex"], ["=a(", "Return"]),
    case("matching-glob", lines("bar", "bxr2", "b2"), ["-matching", "glob"], ["=b*2", "Return"]),
    case("matching-glob-question", lines("cat", "cot", "ct"), ["-matching", "glob"], ["=c?t", "Down", "Return"]),
    case("matching-fuzzy", lines("xyz", "alphabet", "abt"), ["-matching", "fuzzy"], ["=abt", "Return"]),
    case("matching-prefix", lines("pineapple", "apple"), ["-matching", "prefix"], ["=apple", "Return"]),
    case("matching-normal", lines("pineapple", "apple"), ["-matching", "normal"], ["=apple", "Return"]),
    case("tokenize-default-two-words", lines("green apple", "red apple", "apple red"), [], ["=apple red", "Return"]),
    case("tokenize-flag", lines("green apple", "red apple", "apple red"), ["-tokenize"], ["=apple red", "Return"]),
    case("no-tokenize", lines("green apple", "red apple", "apple red"), ["-no-tokenize"], ["=apple red", "Return"]),
    case("negate-default-dash", lines("apple pie", "apple tart"), [], ["=apple -pie", "Return"]),
    case("matching-negate-char", lines("apple pie", "apple tart"), ["-matching-negate-char", "!"],
         ["=apple !pie", "Return"]),
    case("matching-negate-char-disabled", lines("apple pie", "apple tart", "apple -pie"),
         ["-matching-negate-char", "\\0"], ["=apple -pie", "Return"]),
    # --- sorting --------------------------------------------------------------------------
    case("no-sort-by-default", lines("abcd x", "ab", "abc"), [], ["=ab", "Return"]),
    case("sort", lines("abcd x", "ab", "abc"), ["-sort"], ["=ab", "Return"]),
    case("sort-levenshtein", lines("abcd x", "ab", "abc"), ["-sort", "-sorting-method", "levenshtein"],
         ["=ab", "Return"]),
    case("sort-fzf", lines("axbxc", "zabc", "abc"), ["-sort", "-sorting-method", "fzf", "-matching", "fuzzy"],
         ["=abc", "Return"]),
    case("sorting-method-without-sort", lines("abcd x", "ab", "abc"), ["-sorting-method", "fzf"],
         ["=ab", "Return"]),
    # --- -dump -------------------------------------------------------------------------------
    case("dump-filter-order", lines("pineapple", "grape", "apple", "Apple"), ["-dump", "-filter", "apple"]),
    case("dump-filter-sort", lines("pineapple", "grape", "apple"), ["-dump", "-filter", "apple", "-sort"]),
    case("dump-filter-i", lines("pineapple", "grape", "Apple"), ["-dump", "-filter", "apple", "-i"]),
    case("dump-no-filter", lines("x", "y", "z"), ["-dump"]),
    case("dump-format-i", lines("pineapple", "grape", "apple"), ["-dump", "-filter", "apple", "-format", "i"]),
    case("dump-filter-tokens", lines("red apple", "apple", "red"), ["-dump", "-filter", "red apple"]),
    # --- -format -----------------------------------------------------------------------------
    case("format-s", GREEK, ["-format", "s"], PICK_BETA),
    case("format-i", GREEK, ["-format", "i"], PICK_BETA),
    case("format-d", GREEK, ["-format", "d"], PICK_BETA),
    case("format-q", lines("it's \"quoted\"", "other"), ["-format", "q"], ["=quo", "Return"]),
    case("format-p-markup-rows", lines("<b>bold</b> &amp; more", "plain"), ["-format", "p", "-markup-rows"],
         ["=bold", "Return"]),
    case("format-p-plain-rows", lines("<b>bold</b>", "plain"), ["-format", "p"], ["=bold", "Return"]),
    case("format-f", GREEK, ["-format", "f"], PICK_BETA),
    case("format-F", lines("alpha", "it's beta"), ["-format", "F"], ["=it's b", "Return"]),
    case("format-combined-literal", GREEK, ["-format", "i:s [f] d"], PICK_BETA),
    case("format-i-custom-text", GREEK, ["-format", "i"], ["=zzz", "Return"]),
    case("format-d-custom-text", GREEK, ["-format", "d"], ["=zzz", "Return"]),
    case("format-q-custom-text", GREEK, ["-format", "q"], ["=it's", "Return"]),
    case("format-all-letters-custom", GREEK, ["-format", "s|i|d|q|p|f|F"], ["=zz", "Return"]),
    # --- multi-select ----------------------------------------------------------------------
    case("multi-select-shift-return", ABC, ["-multi-select"], ["shift+Return", "shift+Return", "Return"]),
    case("multi-select-mark-then-move", ABC, ["-multi-select"], ["shift+Return", "Down", "shift+Return", "Return"]),
    case("multi-select-none-marked", ABC, ["-multi-select"], ["Down", "Return"]),
    case("multi-select-format-i", ABC, ["-multi-select", "-format", "i"], ["shift+Return", "Down", "shift+Return", "Return"]),
    case("multi-select-ctrl-space", ABC, ["-multi-select"], ["ctrl+space", "Return"]),
    # --- row options -------------------------------------------------------------------------
    case("row-icon", b"text\0icon\x1ffoo\nother\n", [], ["=tex", "Return"]),
    case("row-meta-matched", b"alpha\0meta\x1fzebra\nbeta\n", [], ["=zebra", "Return"]),
    case("row-meta-format-i", b"alpha\nbeta\0meta\x1fzebra\n", ["-format", "i"], ["=zebra", "Return"]),
    # Return on a nonselectable row: rofi stays open; Escape then ends it.
    case("row-nonselectable-first", b"header\0nonselectable\x1ftrue\nitem\n", [], ["Return", "Escape"]),
    case("row-nonselectable-typed", b"header\0nonselectable\x1ftrue\nitem\n", [], ["=header", "Return", "Escape"]),
    case("row-nonselectable-down", b"header\0nonselectable\x1ftrue\nitem\n", [], ["Down", "Return", "Escape"]),
    case("row-permanent", b"always\0permanent\x1ftrue\nfoo\nbar\n", [], ["=bar", "Return"]),
    case("row-permanent-selected", b"always\0permanent\x1ftrue\nfoo\nbar\n", [], ["=zzz", "Return"]),
    case("row-info", b"shown\0info\x1fsecret\nother\n", [], ["Return"]),
    case("row-several-options", b"a\0icon\x1fx\x1fmeta\x1fkw\x1finfo\x1fi\nb\n", ["-format", "s:i"], ["=kw", "Return"]),
    case("active-urgent-a-u", ABC, ["-a", "0", "-u", "1"], ["Down", "Return"]),
    # --- keys ----------------------------------------------------------------------------------
    case("kb-custom-1-default-alt-1", lines("a", "b"), [], ["Down", "alt+1"]),
    case("kb-custom-1-format-i", lines("a", "b"), ["-format", "i"], ["Down", "alt+1"]),
    case("kb-custom-2-control-x", lines("a", "b"), ["-kb-custom-2", "Control+x"], ["ctrl+x"]),
    case("kb-custom-1-custom-text", lines("a", "b"), [], ["=zzz", "alt+1"]),
    case("shift-return-without-multi-select", lines("a", "b"), [], ["Down", "shift+Return"]),
    case("ctrl-space-row-to-input", lines("apple", "banana"), [], ["Down", "ctrl+space", "Return"]),
    case("ctrl-space-then-edit", lines("apple", "banana"), [], ["Down", "ctrl+space", "=s", "Return"]),
    case("up-wraps-to-last", ABC, [], ["Up", "Return"]),
    case("tab-one-left-accepts", lines("apple", "banana"), [], ["=ban", "Tab"]),
    case("escape-exits-1", ABC, [], ["Escape"]),
    # Return as soon as the window has the keyboard, without waiting for skit to
    # list its rows: rofi has read them before mapping its window. While skit maps
    # its window before listing the rows this differs only now and then (a race).
    case("keys-at-focus", ABC, [], ["Return"], ready="focus"),
    case("return-accepts-first", ABC, [], ["Return"]),
    # --- -auto-select, -only-match, -no-custom -----------------------------------------
    case("auto-select-typing", lines("apple", "apricot", "banana"), ["-auto-select"], ["=apr"]),
    case("auto-select-filter", lines("apple", "apricot", "banana"), ["-auto-select", "-filter", "apr"], [],
         expect_differs="rofi 1.7.3 exits 1 and prints nothing though one row (apricot) matches the filter; "
                        "rofi(1): '-auto-select: When one entry is left, automatically select it.'"),
    case("auto-select-single-row", lines("only"), ["-auto-select"], ["Escape"]),
    case("filter-then-return", lines("apple", "banana"), ["-filter", "ban"], ["Return"]),
    case("filter-no-match-return", lines("apple", "banana"), ["-filter", "zz"], ["Return"], starts_empty=True),
    case("filter-then-edit", lines("apple", "banana"), ["-filter", "ban"], ["BackSpace", "BackSpace", "BackSpace",
                                                                              "=app", "Return"]),
    # rofi -only-match ignores Escape ("This mode always returns an entry"): the
    # Return after it ends rofi; skit may already have exited at the Escape.
    case("only-match-escape", lines("apple", "banana"), ["-only-match"], ["Escape", "Return"]),
    case("only-match-typed-no-match", lines("apple", "banana"), ["-only-match"],
         ["=zzz", "Return", "Escape", "BackSpace", "BackSpace", "BackSpace", "=ban", "Return"]),
    case("only-match-typed-match", lines("apple", "banana"), ["-only-match"], ["=ban", "Return"]),
    case("no-custom-escape", lines("apple", "banana"), ["-no-custom"], ["Escape"]),
    case("no-custom-typed-no-match", lines("apple", "banana"), ["-no-custom"], ["=zzz", "Return", "Escape"]),
    case("no-custom-typed-match", lines("apple", "banana"), ["-no-custom"], ["=ban", "Return"]),
    case("no-custom-no-rows", b"", ["-no-custom"], ["Escape"]),
    case("only-match-no-rows", b"", ["-only-match"], ["Escape"]),
    # --- starting position, prompt and friends -------------------------------------------
    case("select", ABC, ["-select", "b"], ["Return"]),
    case("select-partial", lines("apple", "banana", "mango"), ["-select", "an"], ["Return"]),
    case("selected-row", ABC, ["-selected-row", "2"], ["Return"]),
    case("selected-row-out-of-range", ABC, ["-selected-row", "7"], ["Return"]),
    case("prompt", ABC, ["-p", "Pick one"], ["Down", "Return"]),
    case("mesg", ABC, ["-mesg", "<b>hello</b>"], ["Down", "Return"]),
    case("password-custom-text", ABC, ["-password"], ["=secret", "Return"]),
    case("password-row", lines("alpha", "beta"), ["-password"], ["=bet", "Return"]),
    case("sep-pipe", b"a|b|c", ["-sep", "|"], ["Down", "Return"]),
    case("sep-nul", b"a\0b\0c\0", ["-sep", "\\0"], ["Down", "Return"]),
    case("lines-l", lines(*[f"row {i}" for i in range(10)]), ["-l", "3"], ["Down", "Down", "Down", "Down", "Return"]),
    case("window-title", ABC, ["-window-title", "My Title"], ["Down", "Return"]),
    case("input-file", b"", ["-input", "{rows_file}"], ["Down", "Return"], input_rows=lines("x", "y")),
    case("sync", ABC, ["-sync"], ["Down", "Return"]),
    case("markup-rows-match-text", lines("<i>italic</i> text", "plain"), ["-markup-rows"], ["=italic", "Return"]),
    case("stdin-regular-file", ABC, [], ["Down", "Return"], stdin_file=True),
    case("last-row-without-newline", b"a\nb", [], ["Down", "Return"]),
    case("empty-rows-kept", b"\n\nx\n", ["-format", "i"], ["Down", "Down", "Return"]),
    case("crlf-rows", b"a\r\nb\r\n", [], ["Down", "Return"]),
    # --- flags rofi has (or not) beyond dmenu ------------------------------------------------
    case("flag-no-config", ABC, ["-no-config"], ["Down", "Return"]),
    case("flag-no-default-config", ABC, ["-no-default-config"], ["Down", "Return"]),
    case("flag-plugin-path", ABC, ["-plugin-path", "x"], ["Down", "Return"]),
    # A display number no X server here has: -display must not reach someone else's.
    case("flag-display-unused", ABC, ["-display", "{free_display}"], ["Down", "Return"],
         expect_differs="rofi opens the X display -display names and fails without it; skit draws on "
                        "the session's display (X11 or Wayland) and ignores -display, saying so on stderr"),
    case("flag-modi-drun", ABC, ["-modi", "drun"], ["Down", "Return"]),
    case("flag-pid", ABC, ["-pid", "{run}/pid"], ["Down", "Return"]),
    case("flag-display-dmenu", ABC, ["-display-dmenu", "X"], ["Down", "Return"]),
    case("flag-drun-match-fields", ABC, ["-drun-match-fields", "all"], ["Down", "Return"]),
    case("flag-e-message", ABC, ["-e", "msg"], ["Down", "Return"]),
    case("flag-v", ABC, ["-v"], ["Escape"], same_if="exit+output"),
    case("flag-version", ABC, ["-version"], ["Escape"], same_if="exit+output"),
    case("flag-help", ABC, ["-help"], ["Escape"], same_if="exit+output"),
    case("flag-totally-unknown", ABC, ["-totally-unknown-flag"], ["Down", "Return"]),
    case("flag-unknown-with-value", ABC, ["-totally-unknown-flag", "value"], ["Down", "Return"]),
    case("flag-theme-str", ABC, ["-theme-str", "window { width: 30%; }"], ["Down", "Return"]),
    case("flag-dmenu-twice", ABC, ["-dmenu"], ["Down", "Return"]),
    # --- text ------------------------------------------------------------------------------------
    case("unicode-accent", lines("naive", "café", "cafe"), [], ["=café", "Return"]),
    case("unicode-i-casefold", lines("ÉCOLE", "école"), ["-i", "-format", "i"], ["=écol", "Return"]),
    case("unicode-cjk", lines("中文", "日本語", "한국어"), [], ["=日本", "Return"]),
    case("unicode-emoji-row", lines("😀 grin", "🍎 apple"), [], ["=apple", "Return"]),
    case("unicode-emoji-typed", lines("😀 grin", "🍎 apple"), [], ["=🍎", "Return"]),
    case("unicode-format-i", lines("é", "ü", "ß"), ["-format", "i"], ["Down", "Down", "Return"]),
    case("ten-thousand-rows", TEN_THOUSAND, [], ["=item 9876", "Return"]),
    case("ten-thousand-rows-format-i", TEN_THOUSAND, ["-format", "i"], ["=item 5000", "Return"]),
    case("ten-thousand-rows-dump", TEN_THOUSAND, ["-dump", "-filter", "item 99"]),
    case("empty-input-escape", b"", [], ["Escape"]),
    case("empty-input-typed", b"", [], ["=hello", "Return"]),
    case("empty-input-return", b"", [], ["Return"]),
    # --- programs that drive dmenu/rofi ------------------------------------------------------
    case("j4-dmenu-desktop", tool="j4-dmenu-desktop", args=["--dmenu", "dmenu -i"],
         apps=[("Alpha Fixture", "alpha"), ("Beta Fixture", "beta")], keys=["=beta fix", "Return"]),
    case("j4-dmenu-desktop-escape", tool="j4-dmenu-desktop", args=["--dmenu", "dmenu -i"],
         apps=[("Alpha Fixture", "alpha"), ("Beta Fixture", "beta")], keys=["Escape"]),
    case("rofimoji-print", tool="rofimoji",
         args=["--selector", "rofi", "--action", "print", "--skin-tone", "neutral"],
         keys=["=grinning face", "Return"]),
    case("rofimoji-escape", tool="rofimoji",
         args=["--selector", "rofi", "--action", "print", "--skin-tone", "neutral"], keys=["Escape"]),
]
