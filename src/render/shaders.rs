//! WGSL sources, compiled into the binary. Each effect is prepended with the shared prelude.

pub const PRELUDE: &str = include_str!("../../shaders/prelude.wgsl");
pub const CROSSFADE: &str = include_str!("../../shaders/crossfade.wgsl");

/// Every effect by name, for validation and (later) selection.
pub const EFFECTS: &[(&str, &str)] = &[("crossfade", CROSSFADE)];

/// The full source of an effect: prelude first.
pub fn source(effect: &str) -> String {
    format!("{PRELUDE}\n{effect}")
}

pub fn module(device: &wgpu::Device, label: &str, effect: &str) -> wgpu::ShaderModule {
    device.create_shader_module(wgpu::ShaderModuleDescriptor {
        label: Some(label),
        source: wgpu::ShaderSource::Wgsl(source(effect).into()),
    })
}
