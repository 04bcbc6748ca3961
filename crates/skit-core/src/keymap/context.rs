//! Context expressions (`List`, `ClipboardScreen > TextInput`, `List &&
//! multiple`): their syntax, as gpui reads it, and their names, which must be
//! among [`CONTEXTS`].

use super::CONTEXTS;
use super::suggest::closest;

/// dmenu mode's contexts: its keys are rofi's (`-kb-*`), never the keymap's.
const DMENU_CONTEXTS: &[&str] = &["DmenuScreen", "dmenu"];

/// Checks a context predicate (gpui's grammar: names, `!`, `&&`, `||`, `>`,
/// parentheses) and that every name is one of [`CONTEXTS`]; returns it with its
/// tokens one space apart, so that two spellings of one context compare equal.
pub(super) fn check_context(source: &str) -> Result<String, String> {
    let tokens = tokenize_context(source)?;
    if tokens.is_empty() {
        return Err("the context is empty: leave \"context\" out to bind keys everywhere".into());
    }
    let mut parser = ContextParser {
        tokens: &tokens,
        at: 0,
        source,
    };
    parser.expression()?;
    if let Some(token) = tokens.get(parser.at) {
        return Err(format!(
            "cannot read the context \"{source}\": \"{token}\" is out of place (join names with &&, || or >)"
        ));
    }
    for token in &tokens {
        if !token.chars().next().is_some_and(is_name_char) {
            continue;
        }
        if DMENU_CONTEXTS.contains(&token.as_str()) {
            return Err(format!(
                "\"{token}\": the keys of skit dmenu are rofi's, set with its -kb-* options, not in keymap.json"
            ));
        }
        if !CONTEXTS.iter().any(|(name, _)| name == token) {
            let hint = closest(token, CONTEXTS.iter().map(|(name, _)| *name))
                .map(|near| format!("did you mean \"{near}\"?"))
                .unwrap_or_else(|| {
                    "the contexts are listed in the README, \"Rebinding keys\"".into()
                });
            return Err(format!("unknown context \"{token}\" ({hint})"));
        }
    }
    Ok(tokens.join(" "))
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

fn tokenize_context(source: &str) -> Result<Vec<String>, String> {
    let mut tokens = Vec::new();
    let mut chars = source.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '(' | ')' | '>' => tokens.push(c.to_string()),
            '!' if chars.peek().is_some_and(|(_, n)| *n == '=') => {
                return Err(format!(
                    "cannot read the context \"{source}\": skit's contexts have no values to compare with !="
                ));
            }
            '!' => tokens.push("!".into()),
            '&' | '|' | '=' => {
                if chars.peek().map(|(_, n)| *n) != Some(c) {
                    return Err(format!(
                        "cannot read the context \"{source}\": write {c}{c}"
                    ));
                }
                chars.next();
                if c == '=' {
                    return Err(format!(
                        "cannot read the context \"{source}\": skit's contexts have no values to compare with =="
                    ));
                }
                tokens.push(format!("{c}{c}"));
            }
            c if is_name_char(c) => {
                let mut end = at + c.len_utf8();
                while let Some((next_at, next)) = chars.peek().copied() {
                    if !is_name_char(next) {
                        break;
                    }
                    end = next_at + next.len_utf8();
                    chars.next();
                }
                tokens.push(source[at..end].to_string());
            }
            other => {
                return Err(format!(
                    "cannot read the context \"{source}\": unexpected \"{other}\""
                ));
            }
        }
    }
    Ok(tokens)
}

/// Checks the shape of a context's tokens: `operand (operator operand)*`, where
/// an operand is a name, `!operand` or `(expression)`.
struct ContextParser<'a> {
    tokens: &'a [String],
    at: usize,
    source: &'a str,
}

impl ContextParser<'_> {
    fn expression(&mut self) -> Result<(), String> {
        self.operand()?;
        while let Some(token) = self.tokens.get(self.at) {
            if !matches!(token.as_str(), "&&" | "||" | ">") {
                break;
            }
            self.at += 1;
            self.operand()?;
        }
        Ok(())
    }

    fn operand(&mut self) -> Result<(), String> {
        let Some(token) = self.tokens.get(self.at) else {
            return Err(format!(
                "cannot read the context \"{}\": a context name is missing at its end",
                self.source
            ));
        };
        self.at += 1;
        match token.as_str() {
            "!" => self.operand(),
            "(" => {
                self.expression()?;
                if self.tokens.get(self.at).map(String::as_str) != Some(")") {
                    return Err(format!(
                        "cannot read the context \"{}\": a \")\" is missing",
                        self.source
                    ));
                }
                self.at += 1;
                Ok(())
            }
            name if name.chars().next().is_some_and(is_name_char) => Ok(()),
            other => Err(format!(
                "cannot read the context \"{}\": a context name is missing before \"{other}\"",
                self.source
            )),
        }
    }
}
