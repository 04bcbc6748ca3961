//! Script Kit scripts: which `.js`/`.mjs`/`.ts` files are written for Script Kit
//! (`@johnlindquist/kit`), so that [`crate::launch`] starts them with skit's own
//! implementation of that API preloaded (`$SKIT_SDK/kit/`).
//!
//! A script is one when it imports `@johnlindquist/kit`, or when it calls Script
//! Kit's globals (`arg`, `div`, `md`, `fields`...) without defining or importing
//! them. skit's own Node scripts, which load `$SKIT_SDK/skit.mjs`, are never one
//! unless they import the kit too: they run exactly as before.

use std::sync::LazyLock;

use regex::Regex;

/// The most of a file read to decide.
pub(crate) const MAX_BYTES: u64 = 256 * 1024;

/// Globals that only a Script Kit script calls without defining them. Generic
/// names (`open`, `get`, `copy`, `exec`, `wait`...) are left out: a plain Node
/// script may well have its own.
const KIT_GLOBALS: &[&str] = &[
    "arg",
    "div",
    "md",
    "fields",
    "editor",
    "textarea",
    "env",
    "notify",
    "getSelectedText",
    "setSelectedText",
    "tmpPath",
    "db",
    "uuid",
    "home",
    "path",
    "selectFile",
    "selectFolder",
    "form",
    "term",
    "widget",
    "chat",
    "webcam",
    "mic",
    "micro",
    "hotkey",
    "drop",
    "eyeDropper",
    "kenvPath",
];

static IMPORTS_KIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?m)(?:^\s*import\s+(?:[^;'"]*?\s+from\s+)?|\bimport\s*\(\s*|\brequire\s*\(\s*)["']@johnlindquist/kit(?:/[^"']*)?["']"#,
    )
    .unwrap()
});

static CALL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"([A-Za-z_$][\w$]*)\s*\(").unwrap());

/// True when `text` (a JavaScript or TypeScript file) is a Script Kit script.
pub(crate) fn is_script_kit(text: &str) -> bool {
    if IMPORTS_KIT.is_match(text) {
        return true;
    }
    // skit's own SDK: a skit script, whatever it calls.
    if text.contains("SKIT_SDK") || text.contains("skit.mjs") {
        return false;
    }
    let code = code_only(text);
    CALL.captures_iter(&code)
        .filter_map(|c| c.get(1))
        // A call of its own, not a method (`x.arg(`) nor the end of a longer name.
        .filter(|m| {
            !code[..m.start()]
                .chars()
                .next_back()
                .is_some_and(|c| c == '.' || c == '$' || c == '_' || c.is_alphanumeric())
        })
        .map(|m| m.as_str())
        .filter(|name| KIT_GLOBALS.contains(name))
        .any(|name| !defines(&code, name))
}

/// Whether `code` declares or imports `name` itself.
fn defines(code: &str, name: &str) -> bool {
    let name = regex::escape(name);
    let patterns = [
        // function arg(, class x, const/let/var arg
        format!(r"\b(?:function\*?|class|const|let|var)\s+{name}\b"),
        // import arg from, import * as arg from
        format!(r"\bimport\s+(?:\*\s+as\s+)?{name}\b"),
        // import { a, arg as b }, const { arg } = ...
        format!(r"(?:\bimport|\bconst|\blet|\bvar)\s*(?:type\s+)?\{{[^}}]*\b{name}\b[^}}]*\}}"),
        // a parameter: (arg) => / function f(a, arg)
        format!(r"\(\s*(?:[\w$]+\s*,\s*)*{name}\s*(?:,[^)]*)?\)\s*(?:=>|\{{)"),
    ];
    patterns
        .iter()
        .any(|p| Regex::new(p).is_ok_and(|re| re.is_match(code)))
}

/// `text` without its comments and the contents of its string literals
/// (template literals' `${...}` parts are kept as code).
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    // Template literals being read, each with the `${` depth at which it resumes.
    let mut templates: Vec<usize> = Vec::new();
    let mut braces = 0usize;
    while let Some(c) = chars.next() {
        let in_template = templates.last().is_some_and(|&depth| depth == braces);
        if in_template {
            match c {
                '\\' => {
                    chars.next();
                }
                '`' => {
                    templates.pop();
                    out.push_str("``");
                }
                '$' if chars.peek() == Some(&'{') => {
                    chars.next();
                    braces += 1;
                    out.push_str("${");
                }
                '\n' => out.push('\n'),
                _ => {}
            }
            continue;
        }
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                    }
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                out.push(' ');
            }
            '"' | '\'' => {
                while let Some(d) = chars.next() {
                    match d {
                        '\\' => {
                            chars.next();
                        }
                        '\n' => break,
                        d if d == c => break,
                        _ => {}
                    }
                }
                out.push_str("\"\"");
            }
            '`' => {
                templates.push(braces);
            }
            '{' => {
                braces += 1;
                out.push(c);
            }
            '}' => {
                braces = braces.saturating_sub(1);
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_import_of_the_kit_makes_a_script_kit_script() {
        assert!(is_script_kit(
            "import \"@johnlindquist/kit\"\nconsole.log(1)\n"
        ));
        assert!(is_script_kit(
            "// Name: x\nimport { arg } from '@johnlindquist/kit'\n"
        ));
        assert!(is_script_kit("await import(\"@johnlindquist/kit\")"));
        assert!(is_script_kit(
            "import '@johnlindquist/kit'\nconst skit = process.env.SKIT_SDK\n"
        ));
    }

    #[test]
    fn kit_globals_used_without_a_definition_make_one() {
        assert!(is_script_kit(
            "// Name: Pick\nlet x = await arg(\"Pick\", [\"a\"])\n"
        ));
        assert!(is_script_kit("await div(md(`# ${name}`))\n"));
        assert!(is_script_kit(
            "const [a, b] = await fields([\"A\", \"B\"])\n"
        ));
    }

    #[test]
    fn skit_scripts_and_plain_node_scripts_are_not() {
        // skit's own SDK, with the same-looking calls.
        let skit = "// Name: Fruit\nconst skit = await import(`${process.env.SKIT_SDK}/skit.mjs`);\n\
                    const fruit = await skit.arg(\"Pick\", [\"a\"]);\nawait skit.div(`# ${fruit}`);\n";
        assert!(!is_script_kit(skit));
        // A plain script defining or importing its own `arg`, `path`, `env`.
        assert!(!is_script_kit(
            "function arg(x) { return x }\nconsole.log(arg(1))\n"
        ));
        assert!(!is_script_kit(
            "import path from \"node:path\"\nconsole.log(path.join(\"a\"))\n"
        ));
        assert!(!is_script_kit(
            "const { env } = require(\"process\")\nenv(\"x\")\n"
        ));
        assert!(!is_script_kit("const f = (arg) => arg(1)\n"));
        // Names only in comments and strings.
        assert!(!is_script_kit(
            "// await arg(\"x\")\n/* div(md()) */\nconsole.log(\"arg(1)\", `div(${1})`)\n"
        ));
        // Methods of other objects.
        assert!(!is_script_kit("db.arg(1); x.div(2)\n"));
    }

    #[test]
    fn template_literals_keep_their_code() {
        assert!(is_script_kit("console.log(`${await arg(\"x\")}`)\n"));
        assert!(!is_script_kit("console.log(`arg(${1})`)\n"));
    }
}
