mod client;

pub(crate) use client::*;
