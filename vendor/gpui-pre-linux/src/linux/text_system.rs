pub(crate) use gpui_wgpu::CosmicTextSystem;
