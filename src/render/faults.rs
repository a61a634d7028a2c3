//! GPU failures made on purpose, the way a driver would fail, for the tests of the rendering
//! ladder (`--inject-gpu-fault`): each is made outside any error scope, so it reaches the
//! device's uncaptured-error handler as a real failure at draw time would.

/// A shader module that does not compile.
pub fn refuse_shader(device: &wgpu::Device) {
    let _ = device.create_shader_module(wgpu::ShaderModuleDescriptor {
        label: Some("injected fault"),
        source: wgpu::ShaderSource::Wgsl("fn broken( {".into()),
    });
}

/// A render pipeline that cannot be built: its fragment stage names an entry point the module
/// does not have.
pub fn refuse_pipeline(device: &wgpu::Device) {
    let module = device.create_shader_module(wgpu::ShaderModuleDescriptor {
        label: Some("injected fault"),
        source: wgpu::ShaderSource::Wgsl(
            "@vertex fn vs() -> @builtin(position) vec4<f32> { return vec4<f32>(); }".into(),
        ),
    });
    let _ = device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
        label: Some("injected fault"),
        layout: None,
        vertex: wgpu::VertexState {
            module: &module,
            entry_point: Some("vs"),
            compilation_options: Default::default(),
            buffers: &[],
        },
        primitive: wgpu::PrimitiveState::default(),
        depth_stencil: None,
        multisample: wgpu::MultisampleState::default(),
        fragment: Some(wgpu::FragmentState {
            module: &module,
            entry_point: Some("missing"),
            compilation_options: Default::default(),
            targets: &[Some(wgpu::TextureFormat::Rgba8Unorm.into())],
        }),
        multiview_mask: None,
        cache: None,
    });
}
