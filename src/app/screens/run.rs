//! A running script: its open prompt (or a "running" message between prompts) and,
//! under it, the lines it printed that were not messages, in a foldable output
//! area (Ctrl+O). Escape stops the script. A run that started by itself (a
//! schedule, a watched file, a background script) has a line on top saying which
//! script asks. The run itself is the [`RunSession`]; this screen only draws it.

use gpui::{
    App, Context, Entity, EventEmitter, FocusHandle, Focusable, FontStyle, FontWeight,
    HighlightStyle, InteractiveElement, IntoElement, MouseButton, ParentElement, Render,
    ScrollStrategy, SharedString, Styled, StyledText, Subscription, UnderlineStyle,
    UniformListScrollHandle, Window, actions, div, px, rgb, uniform_list,
};

use crate::app::fonts::Fonts;
use crate::app::row::empty_state;
use crate::app::screen::{Dismiss, Footer, Hint, Screen, ScreenEvent, ScreenState};
use crate::app::session::RunSession;
use crate::app::theme::Theme;
use crate::raycast::ansi;
use crate::run::Trigger;

actions!(run_screen, [ToggleOutput]);

const CONTEXT: &str = "RunScreen";
const WAITING_HEIGHT: f32 = 96.;
const OUTPUT_HEADER: f32 = 28.;
const OUTPUT_LINE: f32 = 18.;
const OUTPUT_BODY: f32 = 126.;
const ASKS_HEIGHT: f32 = 28.;
/// The output area of a finished run kept on screen (`fullOutput`).
const FINISHED_BODY: f32 = 306.;

pub(crate) struct RunScreen {
    session: Entity<RunSession>,
    focus: FocusHandle,
    output_scroll: UniformListScrollHandle,
    /// Output lines drawn last time, to follow new ones to the bottom.
    lines_drawn: usize,
    _changes: Subscription,
}

impl EventEmitter<ScreenEvent> for RunScreen {}

impl Focusable for RunScreen {
    /// The prompt's input, or the screen itself between prompts.
    fn focus_handle(&self, cx: &App) -> FocusHandle {
        match self.session.read(cx).prompt() {
            Some(prompt) => prompt.view.focus_handle(cx),
            None => self.focus.clone(),
        }
    }
}

impl RunScreen {
    pub(crate) fn new(session: Entity<RunSession>, cx: &mut Context<Self>) -> RunScreen {
        let changes = cx.observe(&session, |_, _, cx| cx.notify());
        RunScreen {
            session,
            focus: cx.focus_handle(),
            output_scroll: UniformListScrollHandle::new(),
            lines_drawn: 0,
            _changes: changes,
        }
    }

    fn toggle_output(&mut self, _: &ToggleOutput, _: &mut Window, cx: &mut Context<Self>) {
        // A finished run's output is all the screen shows: it stays unfolded.
        if self.session.read(cx).finished() {
            return;
        }
        self.session
            .update(cx, |session, cx| session.toggle_output(cx));
    }

    /// The output area: a header that folds it, and the lines (virtualized).
    fn render_output(&mut self, theme: &Theme, cx: &mut Context<Self>) -> Option<gpui::AnyElement> {
        let session = self.session.read(cx);
        let count = session.output().len();
        if count == 0 {
            return None;
        }
        let expanded = session.output_expanded();
        let header = div()
            .id("output-header")
            .h(px(OUTPUT_HEADER - 1.))
            .flex_none()
            .px_4()
            .flex()
            .items_center()
            .justify_between()
            .text_size(px(12.))
            .text_color(theme.text_muted)
            .cursor_pointer()
            .on_mouse_down(
                MouseButton::Left,
                cx.listener(|this, _, window, cx| this.toggle_output(&ToggleOutput, window, cx)),
            )
            .child(format!(
                "Output · {count} line{}",
                if count == 1 { "" } else { "s" }
            ))
            .child(if expanded { "▾" } else { "▸" });
        // The rule above is a 1 px quad: a bordered element costs the quad shader
        // four times its area (see `paint`).
        let mut area = div()
            .flex_none()
            .flex()
            .flex_col()
            .child(div().h(px(1.)).bg(theme.border))
            .child(header);
        if expanded {
            let lines = session.output().clone();
            let body = if session.finished() {
                FINISHED_BODY
            } else {
                OUTPUT_BODY
            };
            if count != self.lines_drawn {
                self.lines_drawn = count;
                self.output_scroll
                    .scroll_to_item(count - 1, ScrollStrategy::Top);
            }
            area = area.child(
                uniform_list("output-lines", count, move |range, _, _| {
                    range
                        .map(|ix| {
                            div()
                                .h(px(OUTPUT_LINE))
                                .whitespace_nowrap()
                                .child(styled_line(&lines[ix]))
                        })
                        .collect()
                })
                .track_scroll(&self.output_scroll)
                .h(px(body))
                .px_4()
                .py_1()
                .bg(theme.code_background)
                .text_color(theme.text)
                .font_family(cx.global::<Fonts>().mono.clone())
                .text_size(px(12.)),
            );
        }
        Some(area.into_any_element())
    }
}

/// A line of output with its ANSI colours and emphasis drawn.
fn styled_line(line: &SharedString) -> StyledText {
    let styled = ansi::parse(line);
    if styled.spans.is_empty() {
        return StyledText::new(line.clone());
    }
    let colour = |c: ansi::Color| {
        let (r, g, b) = c.rgb();
        gpui::Hsla::from(rgb(u32::from_be_bytes([0, r, g, b])))
    };
    let highlights = styled
        .spans
        .iter()
        .map(|(range, style)| {
            let mut highlight = HighlightStyle {
                color: style.foreground.map(colour),
                background_color: style.background.map(colour),
                ..HighlightStyle::default()
            };
            if style.bold {
                highlight.font_weight = Some(FontWeight::BOLD);
            }
            if style.italic {
                highlight.font_style = Some(FontStyle::Italic);
            }
            if style.dim {
                highlight.fade_out = Some(0.4);
            }
            if style.underline {
                highlight.underline = Some(UnderlineStyle {
                    thickness: px(1.),
                    ..UnderlineStyle::default()
                });
            }
            (range.clone(), highlight)
        })
        .collect::<Vec<_>>();
    StyledText::new(styled.text).with_highlights(highlights)
}

impl Screen for RunScreen {
    fn name(&self, cx: &App) -> &'static str {
        let session = self.session.read(cx);
        match session.prompt() {
            Some(_) => "prompt",
            None if session.finished() => "output",
            None => "running",
        }
    }

    fn height(&self, cx: &App) -> f32 {
        let session = self.session.read(cx);
        if session.finished() {
            return OUTPUT_HEADER + FINISHED_BODY;
        }
        let prompt = session
            .prompt()
            .map_or(WAITING_HEIGHT, |p| p.view.height(cx));
        let output = match (session.output().is_empty(), session.output_expanded()) {
            (true, _) => 0.,
            (false, false) => OUTPUT_HEADER,
            (false, true) => OUTPUT_HEADER + OUTPUT_BODY,
        };
        let asks = if session.triggered().is_some() {
            ASKS_HEIGHT
        } else {
            0.
        };
        asks + prompt + output
    }

    fn footer(&self, cx: &App) -> Footer {
        let session = self.session.read(cx);
        // The key contexts from the window down to what has the focus: the
        // prompt's field, if there is a prompt.
        let mut at = vec![
            match session.prompt() {
                Some(_) => "Launcher prompt",
                None => "Launcher running",
            },
            CONTEXT,
        ];
        at.extend(
            session
                .prompt()
                .map(|p| p.view.key_contexts(cx))
                .unwrap_or_default(),
        );
        let mut hints = session
            .prompt()
            .map(|p| p.view.hints(&at, cx))
            .unwrap_or_default();
        if !session.output().is_empty() && !session.finished() {
            hints.push(Hint::new("Output", &ToggleOutput, &at, cx));
        }
        let stop = if session.finished() {
            "Close"
        } else if session.prompt().is_some() {
            "Cancel"
        } else {
            "Stop"
        };
        hints.push(Hint::new(stop, &Dismiss, &at, cx));
        let title = session
            .prompt()
            .and_then(|p| p.view.footer_title(cx))
            .unwrap_or_else(|| session.name().clone());
        Footer { title, hints }
    }

    fn state(&self, cx: &App) -> ScreenState {
        let session = self.session.read(cx);
        let mut state = ScreenState {
            output: session.output().len(),
            events: session.events(),
            ..ScreenState::default()
        };
        if let Some(prompt) = session.prompt() {
            (state.query, state.selected) = prompt.view.typed(cx);
            if let Some((rows, matching)) = prompt.view.rows(cx) {
                state.rows = Some(rows);
                state.matching = matching;
            }
            // Never a password, even one the script gave as a starting value.
            state.prompt = serde_json::to_value(prompt.message.without_secrets()).ok();
            state.preview = prompt.view.preview(cx);
            state.details = prompt.view.details(cx);
        }
        state
    }

    /// Escape stops the script; once it is over (its output kept on screen),
    /// Escape closes the output.
    fn dismiss(&mut self, _: &mut Window, cx: &mut Context<Self>) {
        if self.session.read(cx).finished() {
            cx.emit(ScreenEvent::Back);
        } else {
            cx.emit(ScreenEvent::Stop);
        }
    }
}

impl Render for RunScreen {
    fn render(&mut self, _: &mut Window, cx: &mut Context<Self>) -> impl IntoElement {
        let theme = cx.global::<Theme>().clone();
        let session = self.session.read(cx);
        let finished = session.finished();
        let prompt = match session.prompt() {
            _ if finished => div().into_any_element(),
            Some(prompt) => div()
                .flex_1()
                .min_h_0()
                .child(prompt.view.view())
                .into_any_element(),
            None => empty_state(
                &format!("Running “{}”…", session.name()),
                "Press Escape to stop it.",
                &theme,
            ),
        };
        let asks = session.triggered().map(|trigger| {
            let why = match trigger {
                Trigger::Schedule => "its schedule came due",
                Trigger::Watch => "a file it watches changed",
                _ => "it runs in the background",
            };
            div()
                .h(px(ASKS_HEIGHT))
                .flex_none()
                .px_4()
                .flex()
                .items_center()
                .bg(theme.badge_background)
                .text_color(theme.badge_text)
                .text_size(px(12.))
                .child(format!("“{}” asks ({why})", session.name()))
        });
        let output = self.render_output(&theme, cx);
        div()
            .key_context(CONTEXT)
            .track_focus(&self.focus)
            .on_action(cx.listener(Self::toggle_output))
            .size_full()
            .flex()
            .flex_col()
            .children(asks)
            .child(prompt)
            .children(output)
    }
}
