//! rofi's key bindings on the dmenu screen: each binding's keys (the script's
//! `-kb-*` or rofi's default), the interceptor that reads every key press before
//! the window's bindings, and what each binding does.

use gpui::{Context, Entity, Focusable, Keystroke, KeystrokeEvent, Subscription, Window, actions};

use super::DmenuScreen;
use super::delegate::DmenuDelegate;
use crate::app::keys;
use crate::app::list::{self, ListView};
use crate::app::screen::Hint;
use crate::dmenu::keys::{Binding, KeyChord, parse_keys};
use crate::dmenu::{self, Accept, DmenuOptions, Verdict};

// Every key is read by the screen's interceptor (`key_pressed`), rofi's way; the
// keymap binds none here.
actions!(dmenu_screen, [MarkAndNext]);

/// Each binding with its keys: the script's `-kb-*` or rofi's default.
pub(super) fn bindings(options: &DmenuOptions) -> Vec<(Binding, Vec<KeyChord>)> {
    Binding::all()
        .into_iter()
        .map(|binding| {
            let name = binding.name();
            let spec = options
                .keys
                .iter()
                .find(|(key, _)| *key == name)
                .map_or(binding.default_keys(), |(_, spec)| spec.as_str());
            (binding, parse_keys(spec))
        })
        .collect()
}

fn pressed(chord: &KeyChord, keystroke: &Keystroke) -> bool {
    let m = &keystroke.modifiers;
    if m.control != chord.control || m.alt != chord.alt || m.platform != chord.super_key {
        return false;
    }
    if chord.is_symbol() {
        // `!` is Shift+1 on one layout and a key of its own on another.
        keystroke.key == chord.key || keystroke.key_char.as_deref() == Some(chord.key.as_str())
    } else {
        m.shift == chord.shift && keystroke.key == chord.key
    }
}

/// Keys the list would act on by itself; with rofi's keys in charge they do
/// only what a binding says.
fn is_list_key(keystroke: &Keystroke) -> bool {
    matches!(
        keystroke.key.as_str(),
        "enter" | "escape" | "up" | "down" | "tab"
    ) || (keystroke.modifiers.control && matches!(keystroke.key.as_str(), "n" | "p" | "space"))
}

impl DmenuScreen {
    /// Reads every key press while the list has the focus, before any other
    /// binding of the window.
    pub(super) fn intercept_keys(
        list: &Entity<ListView<DmenuDelegate>>,
        cx: &mut Context<Self>,
    ) -> Subscription {
        let screen = cx.entity().downgrade();
        let focus = list.focus_handle(cx);
        cx.intercept_keystrokes(move |event: &KeystrokeEvent, window, cx| {
            if !focus.contains_focused(window, cx) {
                return;
            }
            let handled = screen
                .update(cx, |this, cx| {
                    this.key_pressed(&event.keystroke, window, cx)
                })
                .unwrap_or(false);
            if handled {
                cx.stop_propagation();
            }
        })
    }

    /// A key press while the screen has the focus: what rofi's bindings (or the
    /// script's) say, if any. True when the key was used (or is one of the list's
    /// own keys that the script's bindings took away).
    fn key_pressed(
        &mut self,
        keystroke: &Keystroke,
        window: &mut Window,
        cx: &mut Context<Self>,
    ) -> bool {
        let binding = self
            .bindings
            .iter()
            .find(|(_, chords)| chords.iter().any(|chord| pressed(chord, keystroke)))
            .map(|(binding, _)| *binding);
        match binding {
            Some(binding) => {
                self.perform(binding, window, cx);
                true
            }
            None => is_list_key(keystroke),
        }
    }

    /// A footer hint for `binding`: the first of the script's own keys for it
    /// (`-kb-*`), else `usual` (the rofi default the footer has always shown).
    pub(super) fn hint(&self, label: &str, binding: Binding, usual: &str) -> Hint {
        let own = self
            .bindings
            .iter()
            .find(|(b, _)| *b == binding)
            .filter(|_| {
                self.options
                    .keys
                    .iter()
                    .any(|(key, _)| *key == binding.name())
            })
            .and_then(|(_, chords)| chords.first());
        Hint {
            label: label.to_string().into(),
            key: own
                .map_or_else(|| keys::text_label(usual), |chord| chord.label())
                .into(),
        }
    }

    fn perform(&mut self, binding: Binding, window: &mut Window, cx: &mut Context<Self>) {
        let selected = self.list.read(cx).selected_index();
        match binding {
            Binding::AcceptAlt if self.options.multi_select => {
                self.mark_and_next(&MarkAndNext, window, cx)
            }
            Binding::Accept | Binding::AcceptAlt | Binding::AcceptCustom | Binding::Custom(_) => {
                self.choose(binding, cx)
            }
            Binding::RowTab => {
                if self.list.read(cx).match_count() == 1 {
                    self.choose(Binding::Accept, cx)
                } else {
                    window.dispatch_action(Box::new(list::SelectNext), cx)
                }
            }
            // rofi -only-match "always returns an entry": Escape does nothing.
            Binding::Cancel if self.options.only_match => {}
            Binding::Cancel => self.accept(Accept::Cancel, cx),
            Binding::RowSelect => {
                let text = {
                    let view = self.list.read(cx);
                    selected
                        .and_then(|ix| view.delegate.items.get(ix))
                        .map(|item| item.row.text.clone())
                };
                if let Some(text) = text {
                    self.list.update(cx, |view, cx| view.set_query(&text, cx));
                }
            }
            Binding::RowUp => window.dispatch_action(Box::new(list::SelectPrevious), cx),
            Binding::RowDown => window.dispatch_action(Box::new(list::SelectNext), cx),
        }
    }

    /// A key that ends the choice (Enter, Ctrl+Enter, a custom key); before the
    /// first lines are listed, it waits for them.
    pub(super) fn choose(&mut self, binding: Binding, cx: &mut Context<Self>) {
        if !self.input_ended && self.list.read(cx).delegate.items.items().is_empty() {
            self.waiting_key = Some(binding);
            return;
        }
        let selected = self.list.read(cx).selected_index();
        match binding {
            Binding::AcceptCustom => self.accept(Accept::Custom, cx),
            Binding::Custom(_) => {
                let code = binding.exit_code().unwrap_or(dmenu::EXIT_CHOSEN);
                let accept = {
                    let view = self.list.read(cx);
                    match selected.and_then(|ix| view.delegate.items.get_with_index(ix)) {
                        Some((original, _)) => Accept::Row(original),
                        None => Accept::Custom,
                    }
                };
                match self.verdict(accept, cx) {
                    Verdict::Exit { stdout, .. } => {
                        self.remember(accept, cx);
                        self.finish(Verdict::Exit { stdout, code }, cx)
                    }
                    Verdict::StayOpen => {}
                }
            }
            _ => self.confirm(selected, cx),
        }
    }

    fn toggle_mark(&mut self, cx: &mut Context<Self>) {
        self.list.update(cx, |view, cx| {
            if let Some((original, _)) = view
                .selected_index()
                .and_then(|ix| view.delegate.items.get_with_index(ix))
                && !view.delegate.marked.remove(&original)
            {
                view.delegate.marked.insert(original);
            }
            cx.notify();
        });
    }

    pub(super) fn mark_and_next(
        &mut self,
        _: &MarkAndNext,
        _: &mut Window,
        cx: &mut Context<Self>,
    ) {
        if !self.options.multi_select {
            return cx.propagate();
        }
        self.toggle_mark(cx);
        self.list.update(cx, |view, cx| {
            let next = view.selected_index().map_or(0, |ix| ix + 1);
            view.select(next, cx);
        });
    }
}
