//! Render pipelines for transitions: built from a transition's WGSL (the shared prelude, its
//! parameter block and its body), with every error captured rather than panicking. The
//! factory is cheap to clone and may be used from any thread, so pipelines can be built and
//! warmed away from the render loop.

use crate::transitions::TransitionSpec;

const PRELUDE: &str = include_str!("../../shaders/prelude.wgsl");

/// The largest parameter block any transition may have (bytes); a spec needing more is refused.
pub const MAX_PARAMS_BYTES: u64 = crate::transitions::user::MAX_PARAMS_BYTES as u64;

#[derive(Debug, Clone)]
pub struct PipelineFactory {
    device: wgpu::Device,
    layout: wgpu::BindGroupLayout,
    pipeline_layout: wgpu::PipelineLayout,
    /// The full-screen triangle every transition is drawn with, whatever its language.
    vertex: wgpu::ShaderModule,
    format: wgpu::TextureFormat,
}

/// The resources one transition draw reads (see [`PipelineFactory::bind_group`]).
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    pub label: &'a str,
    pub frame: &'a wgpu::Buffer,
    pub sampler: &'a wgpu::Sampler,
    pub from: &'a wgpu::TextureView,
    pub to: &'a wgpu::TextureView,
    pub params: &'a wgpu::Buffer,
}

/// Records one full-screen pass into `target`: cleared to black, then `draw` (a pipeline and
/// what it binds), if any.
pub fn draw_pass(
    encoder: &mut wgpu::CommandEncoder,
    label: &str,
    target: &wgpu::TextureView,
    draw: Option<(&wgpu::RenderPipeline, &wgpu::BindGroup)>,
) {
    let mut pass = cleared_pass(encoder, label, target);
    if let Some((pipeline, bind_group)) = draw {
        pass.set_pipeline(pipeline);
        pass.set_bind_group(0, bind_group, &[]);
        pass.draw(0..3, 0..1);
    }
}

/// A render pass into `target`, cleared to black first: what every compositor draws into.
pub fn cleared_pass<'e>(
    encoder: &'e mut wgpu::CommandEncoder,
    label: &str,
    target: &wgpu::TextureView,
) -> wgpu::RenderPass<'e> {
    encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
        label: Some(label),
        color_attachments: &[Some(wgpu::RenderPassColorAttachment {
            view: target,
            depth_slice: None,
            resolve_target: None,
            ops: wgpu::Operations {
                load: wgpu::LoadOp::Clear(wgpu::Color::BLACK),
                store: wgpu::StoreOp::Store,
            },
        })],
        depth_stencil_attachment: None,
        timestamp_writes: None,
        occlusion_query_set: None,
        multiview_mask: None,
    })
}

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("{name}: {message}")]
    Invalid { name: String, message: String },
    #[error("{name}: its parameters need {bytes} bytes, over the {MAX_PARAMS_BYTES}-byte limit")]
    TooManyParams { name: String, bytes: usize },
}

impl PipelineFactory {
    pub fn new(device: &wgpu::Device, format: wgpu::TextureFormat) -> Self {
        let uniform_entry = |binding| wgpu::BindGroupLayoutEntry {
            binding,
            visibility: wgpu::ShaderStages::FRAGMENT,
            ty: wgpu::BindingType::Buffer {
                ty: wgpu::BufferBindingType::Uniform,
                has_dynamic_offset: false,
                min_binding_size: None,
            },
            count: None,
        };
        let texture_entry = |binding| wgpu::BindGroupLayoutEntry {
            binding,
            visibility: wgpu::ShaderStages::FRAGMENT,
            ty: wgpu::BindingType::Texture {
                sample_type: wgpu::TextureSampleType::Float { filterable: true },
                view_dimension: wgpu::TextureViewDimension::D2,
                multisampled: false,
            },
            count: None,
        };
        let layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("transition bindings"),
            entries: &[
                uniform_entry(0),
                wgpu::BindGroupLayoutEntry {
                    binding: 1,
                    visibility: wgpu::ShaderStages::FRAGMENT,
                    ty: wgpu::BindingType::Sampler(wgpu::SamplerBindingType::Filtering),
                    count: None,
                },
                texture_entry(2),
                texture_entry(3),
                uniform_entry(4),
            ],
        });
        let pipeline_layout = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
            label: Some("transition"),
            bind_group_layouts: &[Some(&layout)],
            immediate_size: 0,
        });
        let vertex = device.create_shader_module(wgpu::ShaderModuleDescriptor {
            label: Some("full-screen triangle"),
            source: wgpu::ShaderSource::Wgsl(PRELUDE.into()),
        });
        Self {
            device: device.clone(),
            layout,
            pipeline_layout,
            vertex,
            format,
        }
    }

    pub fn bind_group_layout(&self) -> &wgpu::BindGroupLayout {
        &self.layout
    }

    /// What one draw binds, in the interface's order: the frame uniform, the sampler, the two
    /// photos, the parameter block.
    pub fn bind_group(&self, inputs: Inputs<'_>) -> wgpu::BindGroup {
        self.device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some(inputs.label),
            layout: &self.layout,
            entries: &[
                wgpu::BindGroupEntry {
                    binding: 0,
                    resource: inputs.frame.as_entire_binding(),
                },
                wgpu::BindGroupEntry {
                    binding: 1,
                    resource: wgpu::BindingResource::Sampler(inputs.sampler),
                },
                wgpu::BindGroupEntry {
                    binding: 2,
                    resource: wgpu::BindingResource::TextureView(inputs.from),
                },
                wgpu::BindGroupEntry {
                    binding: 3,
                    resource: wgpu::BindingResource::TextureView(inputs.to),
                },
                wgpu::BindGroupEntry {
                    binding: 4,
                    resource: inputs.params.as_entire_binding(),
                },
            ],
        })
    }

    pub fn device(&self) -> &wgpu::Device {
        &self.device
    }

    pub fn format(&self) -> wgpu::TextureFormat {
        self.format
    }

    /// Compiles `spec` into a pipeline. Errors are caught in an error scope of this thread and
    /// returned, never raised.
    pub fn build(&self, spec: &TransitionSpec) -> Result<wgpu::RenderPipeline, PipelineError> {
        let params_bytes = spec.pack(&[]).len();
        if params_bytes as u64 > MAX_PARAMS_BYTES {
            return Err(PipelineError::TooManyParams {
                name: spec.name.clone(),
                bytes: params_bytes,
            });
        }
        // Every kind of error, so none reaches wgpu's default handler (which panics): a driver
        // that fails to compile reports Internal, a full GPU OutOfMemory.
        let scopes = [
            self.device.push_error_scope(wgpu::ErrorFilter::Validation),
            self.device.push_error_scope(wgpu::ErrorFilter::Internal),
            self.device.push_error_scope(wgpu::ErrorFilter::OutOfMemory),
        ];
        let module = self
            .device
            .create_shader_module(wgpu::ShaderModuleDescriptor {
                label: Some(&spec.name),
                source: wgpu::ShaderSource::Wgsl(spec.wgsl().into()),
            });
        let pipeline = self
            .device
            .create_render_pipeline(&wgpu::RenderPipelineDescriptor {
                label: Some(&spec.name),
                layout: Some(&self.pipeline_layout),
                vertex: wgpu::VertexState {
                    module: &self.vertex,
                    entry_point: Some("vs_fullscreen"),
                    compilation_options: Default::default(),
                    buffers: &[],
                },
                primitive: wgpu::PrimitiveState::default(),
                depth_stencil: None,
                multisample: wgpu::MultisampleState::default(),
                fragment: Some(wgpu::FragmentState {
                    module: &module,
                    entry_point: Some(spec.fragment_entry()),
                    compilation_options: Default::default(),
                    targets: &[Some(self.format.into())],
                }),
                multiview_mask: None,
                cache: None,
            });
        // Innermost first: scopes pop in the reverse order they were pushed.
        let errors: Vec<String> = scopes
            .into_iter()
            .rev()
            .filter_map(|scope| pollster::block_on(scope.pop()))
            .map(|error| error.to_string())
            .collect();
        match errors.first() {
            None => Ok(pipeline),
            Some(message) => Err(PipelineError::Invalid {
                name: spec.name.clone(),
                message: message.clone(),
            }),
        }
    }
}
