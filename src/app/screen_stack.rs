//! What the launcher shows, and what Back (Escape) returns to: one stack of
//! screens. The script list is the bottom and never leaves. A screen that opens
//! goes on top, in place of a transient one (a menu: choosing in it is leaving
//! it); Back pops the top; a screen whose reason is gone (a run that ended) leaves
//! the stack wherever it is, with the transient screens above it. The launcher
//! draws the top.
//!
//! Each layer keeps its screen's subscriptions, so a screen under another still
//! reports (a run's prompt under its menu), and leaving the stack ends them, once
//! what the screen emitted before it left has been delivered (a screen may ask to
//! go back and to hide in one breath: both arrive).

use gpui::{App, Entity, EntityId, Subscription};

use super::screen::AnyScreen;

struct Layer {
    screen: Box<dyn AnyScreen>,
    _subscriptions: Vec<Subscription>,
}

pub(crate) struct ScreenStack {
    /// Bottom first; never empty.
    layers: Vec<Layer>,
}

impl ScreenStack {
    /// A stack holding only its bottom screen.
    pub(crate) fn new(bottom: Box<dyn AnyScreen>, subscriptions: Vec<Subscription>) -> Self {
        ScreenStack {
            layers: vec![Layer {
                screen: bottom,
                _subscriptions: subscriptions,
            }],
        }
    }

    /// The screen on display.
    pub(crate) fn top(&self) -> &dyn AnyScreen {
        self.layers
            .last()
            .expect("the bottom never leaves")
            .screen
            .as_ref()
    }

    /// Whether the screen on display is the bottom one.
    pub(crate) fn at_bottom(&self) -> bool {
        self.layers.len() == 1
    }

    /// Opens `screen` on top, in place of transient screens on top.
    pub(crate) fn push(
        &mut self,
        screen: Box<dyn AnyScreen>,
        subscriptions: Vec<Subscription>,
        cx: &mut App,
    ) {
        self.close_transient(cx);
        self.layers.push(Layer {
            screen,
            _subscriptions: subscriptions,
        });
    }

    /// Back: the top leaves, unless it is the bottom. Returns whether it did.
    pub(crate) fn pop(&mut self, cx: &mut App) -> bool {
        if self.at_bottom() {
            return false;
        }
        let top = self.layers.split_off(self.layers.len() - 1);
        retire(top, cx);
        true
    }

    /// Transient screens on top (menus) leave: what was chosen in them is done.
    pub(crate) fn close_transient(&mut self, cx: &mut App) {
        while !self.at_bottom() && self.top().transient(cx) {
            self.pop(cx);
        }
    }

    /// Screen `id` leaves, with the transient screens right above it. Returns
    /// whether it was in the stack.
    pub(crate) fn remove(&mut self, id: EntityId, cx: &mut App) -> bool {
        let Some(ix) = self
            .layers
            .iter()
            .skip(1)
            .position(|layer| layer.screen.entity_id() == id)
            .map(|ix| ix + 1)
        else {
            return false;
        };
        let mut end = ix + 1;
        while end < self.layers.len() && self.layers[end].screen.transient(cx) {
            end += 1;
        }
        let gone: Vec<Layer> = self.layers.drain(ix..end).collect();
        retire(gone, cx);
        true
    }

    /// Everything but the bottom leaves.
    pub(crate) fn clear_to_bottom(&mut self, cx: &mut App) {
        let gone = self.layers.split_off(1);
        retire(gone, cx);
    }

    /// The topmost screen of type `T`, if one is in the stack.
    pub(crate) fn find<T: 'static>(&self) -> Option<Entity<T>> {
        self.layers
            .iter()
            .rev()
            .find_map(|layer| layer.screen.view().downcast::<T>().ok())
    }

    /// The screens' names, bottom first (`skit state`'s `stack`).
    pub(crate) fn names(&self, cx: &App) -> Vec<&'static str> {
        self.layers
            .iter()
            .map(|layer| layer.screen.name(cx))
            .collect()
    }
}

/// Layers that left the stack: their subscriptions end after the events already
/// on their way (emitted in the same update) are delivered.
fn retire(layers: Vec<Layer>, cx: &mut App) {
    if !layers.is_empty() {
        cx.defer(move |_| drop(layers));
    }
}
