//! Solid areas painted the cheap way. Without a GPU, gpui's frames are rasterized
//! on the CPU (lavapipe), at a cost per pixel that depends on the shader. A
//! `div().bg(..)` is drawn with gpui's quad shader, which on lavapipe costs about
//! three times as much per pixel as its underline shader, even for a plain
//! rectangle (it carries gradients, borders and rounded corners for every pixel):
//! the launcher's full-window background alone was half of a frame. So large
//! plain areas (the window's background and outline, bars, panes, the selected
//! row) are painted here as "underlines" as thick as the area is tall: the same
//! colour, the same pixels, a third of the cost. Small things (badges, check boxes,
//! the text cursor) stay ordinary quads. BENCHMARKS.md has the numbers.
//!
//! Each function returns an element that fills its parent (absolutely positioned):
//! add it as the parent's *first* child, so it is painted under the others.

use gpui::{
    Bounds, ContentMask, Hsla, IntoElement, Pixels, Styled, UnderlineStyle, Window, canvas, fill,
    point, px, size,
};

/// The parent's area in `color`.
pub(crate) fn backdrop(color: Hsla) -> impl IntoElement {
    canvas(
        |_, _, _| {},
        move |bounds, _, window, _| solid(window, bounds, color),
    )
    .absolute()
    .inset_0()
}

/// The parent's area in `color` with a 1 px `outline` inside its edges: the
/// launcher's window.
pub(crate) fn outlined_backdrop(color: Hsla, outline: Hsla) -> impl IntoElement {
    canvas(
        |_, _, _| {},
        move |bounds, _, window, _| {
            solid(window, bounds, color);
            let (o, s) = (bounds.origin, bounds.size);
            let one = px(1.);
            solid(window, Bounds::new(o, size(s.width, one)), outline);
            solid(
                window,
                Bounds::new(point(o.x, o.y + s.height - one), size(s.width, one)),
                outline,
            );
            solid(window, Bounds::new(o, size(one, s.height)), outline);
            solid(
                window,
                Bounds::new(point(o.x + s.width - one, o.y), size(one, s.height)),
                outline,
            );
        },
    )
    .absolute()
    .inset_0()
}

/// The parent's area in `color` with corners rounded by `radius`: the straight
/// parts are solid rectangles and only the four corners go through the quad
/// shader, each a circle of `radius` clipped to its quarter, which is exactly the
/// corner a rounded quad would draw.
pub(crate) fn rounded_backdrop(color: Hsla, radius: Pixels) -> impl IntoElement {
    canvas(
        |_, _, _| {},
        move |bounds, _, window, _| rounded(window, bounds, color, radius),
    )
    .absolute()
    .inset_0()
}

/// `bounds` in `color` with rounded corners (see [`rounded_backdrop`]).
fn rounded(window: &mut Window, bounds: Bounds<Pixels>, color: Hsla, radius: Pixels) {
    let (o, s) = (bounds.origin, bounds.size);
    let r = radius.min(s.width / 2.).min(s.height / 2.);
    solid(
        window,
        Bounds::new(point(o.x + r, o.y), size(s.width - r * 2., s.height)),
        color,
    );
    let side = size(r, s.height - r * 2.);
    solid(window, Bounds::new(point(o.x, o.y + r), side), color);
    solid(
        window,
        Bounds::new(point(o.x + s.width - r, o.y + r), side),
        color,
    );
    corners(window, bounds, r, |window, circle| {
        window.paint_quad(fill(circle, color).corner_radii(r))
    });
}

/// Calls `paint` with a circle of radius `r` for each corner of `bounds`, its
/// centre on the inner corner of the corner's `r`×`r` square and everything
/// painted clipped to that square: exactly the corner a rounded quad would draw.
fn corners(
    window: &mut Window,
    bounds: Bounds<Pixels>,
    r: Pixels,
    paint: impl Fn(&mut Window, Bounds<Pixels>),
) {
    if r <= px(0.) {
        return;
    }
    let (o, s) = (bounds.origin, bounds.size);
    let (right, bottom) = (o.x + s.width - r, o.y + s.height - r);
    for (x, y, cx, cy) in [
        (o.x, o.y, o.x, o.y),
        (right, o.y, right - r, o.y),
        (o.x, bottom, o.x, bottom - r),
        (right, bottom, right - r, bottom - r),
    ] {
        let square = Bounds::new(point(x, y), size(r, r));
        let circle = Bounds::new(point(cx, cy), size(r * 2., r * 2.));
        window.with_content_mask(Some(ContentMask { bounds: square }), |window| {
            paint(window, circle)
        });
    }
}

/// What `.rounded(radius).border_1().border_color(border)` draws around the
/// parent, over `background` when there is one. gpui paints a border as four
/// copies of the whole quad, each clipped to one edge, so the quad shader runs
/// over four times the element's area; here the straight edges are 1 px
/// rectangles and only the corners are quads (rings clipped to their quarter).
/// Unlike gpui's border this one is under the parent's children: keep them off
/// the edge (padding), as every framed field does anyway. Give the parent
/// `.border_1()` without a colour: gpui leaves room for the border (the layout
/// stays as it was) and paints nothing, and the outline is painted over that room.
pub(crate) fn framed_backdrop(
    background: Option<Hsla>,
    border: Hsla,
    radius: Pixels,
) -> impl IntoElement {
    canvas(
        |_, _, _| {},
        move |bounds, _, window, _| {
            if let Some(background) = background {
                rounded(window, bounds, background, radius);
            }
            let (o, s) = (bounds.origin, bounds.size);
            let r = radius.min(s.width / 2.).min(s.height / 2.);
            let one = px(1.);
            let across = size(s.width - r * 2., one);
            let down = size(one, s.height - r * 2.);
            solid(window, Bounds::new(point(o.x + r, o.y), across), border);
            solid(
                window,
                Bounds::new(point(o.x + r, o.y + s.height - one), across),
                border,
            );
            solid(window, Bounds::new(point(o.x, o.y + r), down), border);
            solid(
                window,
                Bounds::new(point(o.x + s.width - one, o.y + r), down),
                border,
            );
            // As gpui does: inside the ring, the border's colour made transparent.
            let mut inside = border;
            inside.a = 0.;
            corners(window, bounds, r, |window, circle| {
                window.paint_quad(
                    fill(circle, inside)
                        .corner_radii(r)
                        .border_widths(one)
                        .border_color(border),
                )
            });
        },
    )
    .absolute()
    // Positions are from inside the parent's border: reach over it.
    .top(px(-1.))
    .left(px(-1.))
    .right(px(-1.))
    .bottom(px(-1.))
}

/// Paints `bounds` in `color` with gpui's underline shader (see the module's doc).
/// The shader multiplies an underline's alpha by itself (its coverage is its
/// alpha), so a translucent colour is given as the root of its alpha to come out
/// as a quad would draw it. An element's opacity (`.opacity()`) is squared all the
/// same: keep what fades on quads.
pub(crate) fn solid(window: &mut Window, bounds: Bounds<Pixels>, mut color: Hsla) {
    if bounds.size.width <= px(0.) || bounds.size.height <= px(0.) {
        return;
    }
    color.a = color.a.sqrt();
    window.paint_underline(
        bounds.origin,
        bounds.size.width,
        &UnderlineStyle {
            thickness: bounds.size.height,
            color: Some(color),
            wavy: false,
        },
    );
}
