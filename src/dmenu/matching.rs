//! rofi's matching and ordering for `skit dmenu` (being written).
