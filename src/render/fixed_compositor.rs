//! The compositor rung: one fixed textured-triangle pipeline, built once, and no transition
//! shaders at all. Crossfade, slide, wipe and Ken Burns are geometry, uv and alpha
//! ([`fixed_geometry`](super::fixed_geometry)); every other transition is drawn as its stand-in.

use super::fixed_blend::{Blend, StandInNotice};
use super::fixed_geometry::{self, Piece, Placement, Source, Vertex};
use super::frame::{Drawn, Scene};
use super::photo::PhotoTexture;
use super::transition_pipeline::cleared_pass;

const SHADER: &str = include_str!("../../shaders/fixed_quad.wgsl");

/// Room for the most triangles a frame needs (a diagonal wipe's strips), with margin.
const MAX_VERTICES: u64 = 1024;

#[derive(Debug, thiserror::Error)]
#[error("the compositor rung's pipeline cannot be built: {0}")]
pub struct FixedPipelineError(String);

#[derive(Debug)]
pub struct FixedCompositor {
    pipeline: wgpu::RenderPipeline,
    layout: wgpu::BindGroupLayout,
    sampler: wgpu::Sampler,
    vertices: wgpu::Buffer,
    stand_ins: StandInNotice,
}

impl FixedCompositor {
    /// Builds the one pipeline, inside error scopes: a driver that cannot build even this is
    /// told, not a panic.
    pub fn new(
        device: &wgpu::Device,
        target_format: wgpu::TextureFormat,
    ) -> Result<Self, FixedPipelineError> {
        let scopes = [
            device.push_error_scope(wgpu::ErrorFilter::Validation),
            device.push_error_scope(wgpu::ErrorFilter::Internal),
            device.push_error_scope(wgpu::ErrorFilter::OutOfMemory),
        ];
        let compositor = Self::build(device, target_format);
        // Every scope popped, innermost first (wgpu insists on the order), then the first
        // error taken.
        let errors: Vec<wgpu::Error> = scopes
            .into_iter()
            .rev()
            .filter_map(|scope| pollster::block_on(scope.pop()))
            .collect();
        match errors.into_iter().next() {
            None => Ok(compositor),
            Some(error) => Err(FixedPipelineError(error.to_string())),
        }
    }

    fn build(device: &wgpu::Device, target_format: wgpu::TextureFormat) -> Self {
        let layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("fixed compositor"),
            entries: &[
                wgpu::BindGroupLayoutEntry {
                    binding: 0,
                    visibility: wgpu::ShaderStages::FRAGMENT,
                    ty: wgpu::BindingType::Texture {
                        sample_type: wgpu::TextureSampleType::Float { filterable: true },
                        view_dimension: wgpu::TextureViewDimension::D2,
                        multisampled: false,
                    },
                    count: None,
                },
                wgpu::BindGroupLayoutEntry {
                    binding: 1,
                    visibility: wgpu::ShaderStages::FRAGMENT,
                    ty: wgpu::BindingType::Sampler(wgpu::SamplerBindingType::Filtering),
                    count: None,
                },
            ],
        });
        let pipeline_layout = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
            label: Some("fixed compositor"),
            bind_group_layouts: &[Some(&layout)],
            immediate_size: 0,
        });
        let module = device.create_shader_module(wgpu::ShaderModuleDescriptor {
            label: Some("fixed compositor"),
            source: wgpu::ShaderSource::Wgsl(SHADER.into()),
        });
        let pipeline = device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
            label: Some("fixed compositor"),
            layout: Some(&pipeline_layout),
            vertex: wgpu::VertexState {
                module: &module,
                entry_point: Some("vs_quad"),
                compilation_options: Default::default(),
                buffers: &[Some(wgpu::VertexBufferLayout {
                    array_stride: size_of::<Vertex>() as u64,
                    step_mode: wgpu::VertexStepMode::Vertex,
                    attributes: &wgpu::vertex_attr_array![0 => Float32x2, 1 => Float32x2, 2 => Float32],
                })],
            },
            primitive: wgpu::PrimitiveState::default(),
            depth_stencil: None,
            multisample: wgpu::MultisampleState::default(),
            fragment: Some(wgpu::FragmentState {
                module: &module,
                entry_point: Some("fs_quad"),
                compilation_options: Default::default(),
                targets: &[Some(wgpu::ColorTargetState {
                    format: target_format,
                    // Over, in the target's space: linear light on an sRGB target, as the
                    // shaders and the software rung blend.
                    blend: Some(wgpu::BlendState::ALPHA_BLENDING),
                    write_mask: wgpu::ColorWrites::ALL,
                })],
            }),
            multiview_mask: None,
            cache: None,
        });
        let sampler = PhotoTexture::sampler(device);
        let vertices = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("fixed compositor vertices"),
            size: MAX_VERTICES * size_of::<Vertex>() as u64,
            usage: wgpu::BufferUsages::VERTEX | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        Self {
            pipeline,
            layout,
            sampler,
            vertices,
            stand_ins: StandInNotice::default(),
        }
    }

    /// Records the drawing of `scene` into `target`, a `target_size` texture view: cleared to
    /// black, then each photo's triangles in order.
    pub fn draw(
        &mut self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        encoder: &mut wgpu::CommandEncoder,
        target: &wgpu::TextureView,
        target_size: (u32, u32),
        scene: Scene<'_, PhotoTexture>,
    ) {
        let (pieces, from, to) = match scene.drawn() {
            Drawn::Nothing => (Vec::new(), None, None),
            Drawn::Photo(photo) => (
                fixed_geometry::still(Placement::still(photo.rect(target_size))),
                Some(photo.photo),
                None,
            ),
            Drawn::Between {
                from,
                to,
                progress,
                run,
            } => {
                self.stand_ins.note(&run.name, "compositor");
                let pieces = fixed_geometry::between(
                    from.rect(target_size),
                    to.rect(target_size),
                    Blend::of(run),
                    progress,
                );
                (pieces, Some(from.photo), Some(to.photo))
            }
        };
        let vertices: Vec<Vertex> = pieces.iter().flat_map(|p| p.vertices.clone()).collect();
        let count = (vertices.len() as u64).min(MAX_VERTICES) as usize;
        if count > 0 {
            queue.write_buffer(&self.vertices, 0, bytemuck::cast_slice(&vertices[..count]));
        }
        let bind = |photo: &PhotoTexture| {
            device.create_bind_group(&wgpu::BindGroupDescriptor {
                label: Some("fixed compositor photo"),
                layout: &self.layout,
                entries: &[
                    wgpu::BindGroupEntry {
                        binding: 0,
                        resource: wgpu::BindingResource::TextureView(&photo.view),
                    },
                    wgpu::BindGroupEntry {
                        binding: 1,
                        resource: wgpu::BindingResource::Sampler(&self.sampler),
                    },
                ],
            })
        };
        let groups = [from.map(bind), to.map(bind)];
        let mut pass = cleared_pass(encoder, "fixed composite", target);
        pass.set_pipeline(&self.pipeline);
        pass.set_vertex_buffer(0, self.vertices.slice(..));
        let mut first = 0u32;
        for Piece { source, vertices } in &pieces {
            let end = (first as usize + vertices.len()).min(count) as u32;
            let group = match source {
                Source::From => groups[0].as_ref(),
                Source::To => groups[1].as_ref(),
            };
            if let Some(group) = group
                && end > first
            {
                pass.set_bind_group(0, group, &[]);
                pass.draw(first..end, 0..1);
            }
            first = end;
        }
    }
}
