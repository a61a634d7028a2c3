//! Draws one frame of the slideshow: a still photo, or a transition between two.

use super::cover::{UvRect, cover};
use super::photo::PhotoTexture;
use super::shaders;

/// What to put on screen this frame.
#[derive(Debug, Clone, Copy)]
pub enum Scene<'a> {
    /// Nothing ready yet: clear to black (only before the very first photo).
    Empty,
    Still(Layer<'a>),
    Transition {
        from: Layer<'a>,
        to: Layer<'a>,
        progress: f32,
    },
}

/// A photo and the part of it to show (all of it, or a Ken Burns window).
#[derive(Debug, Clone, Copy)]
pub struct Layer<'a> {
    pub photo: &'a PhotoTexture,
    pub window: UvRect,
}

impl<'a> Layer<'a> {
    pub fn whole(photo: &'a PhotoTexture) -> Self {
        Self {
            photo,
            window: UvRect::WHOLE,
        }
    }

    /// Target uv to photo uv: cover the target, then pick the window.
    fn rect(&self, target_size: (u32, u32)) -> [f32; 4] {
        cover(self.photo.size(), target_size)
            .then(self.window)
            .as_vec4()
    }
}

#[repr(C)]
#[derive(Debug, Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
struct TransitionUniform {
    from_rect: [f32; 4],
    to_rect: [f32; 4],
    progress: [f32; 4],
}

/// The crossfade pipeline and what it binds.
#[derive(Debug)]
pub struct Compositor {
    pipeline: wgpu::RenderPipeline,
    layout: wgpu::BindGroupLayout,
    sampler: wgpu::Sampler,
    uniform: wgpu::Buffer,
}

impl Compositor {
    pub fn new(device: &wgpu::Device, target_format: wgpu::TextureFormat) -> Self {
        let module = shaders::module(device, "crossfade", shaders::CROSSFADE);
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
            label: Some("crossfade bindings"),
            entries: &[
                wgpu::BindGroupLayoutEntry {
                    binding: 0,
                    visibility: wgpu::ShaderStages::FRAGMENT,
                    ty: wgpu::BindingType::Buffer {
                        ty: wgpu::BufferBindingType::Uniform,
                        has_dynamic_offset: false,
                        min_binding_size: None,
                    },
                    count: None,
                },
                wgpu::BindGroupLayoutEntry {
                    binding: 1,
                    visibility: wgpu::ShaderStages::FRAGMENT,
                    ty: wgpu::BindingType::Sampler(wgpu::SamplerBindingType::Filtering),
                    count: None,
                },
                texture_entry(2),
                texture_entry(3),
            ],
        });
        let pipeline_layout = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
            label: Some("crossfade"),
            bind_group_layouts: &[Some(&layout)],
            immediate_size: 0,
        });
        let pipeline = device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
            label: Some("crossfade"),
            layout: Some(&pipeline_layout),
            vertex: wgpu::VertexState {
                module: &module,
                entry_point: Some("vs_fullscreen"),
                compilation_options: Default::default(),
                buffers: &[],
            },
            primitive: wgpu::PrimitiveState::default(),
            depth_stencil: None,
            multisample: wgpu::MultisampleState::default(),
            fragment: Some(wgpu::FragmentState {
                module: &module,
                entry_point: Some("fs_main"),
                compilation_options: Default::default(),
                targets: &[Some(target_format.into())],
            }),
            multiview_mask: None,
            cache: None,
        });
        let sampler = device.create_sampler(&wgpu::SamplerDescriptor {
            label: Some("photo"),
            address_mode_u: wgpu::AddressMode::ClampToEdge,
            address_mode_v: wgpu::AddressMode::ClampToEdge,
            mag_filter: wgpu::FilterMode::Linear,
            min_filter: wgpu::FilterMode::Linear,
            ..Default::default()
        });
        let uniform = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("crossfade uniform"),
            size: size_of::<TransitionUniform>() as u64,
            usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        Self {
            pipeline,
            layout,
            sampler,
            uniform,
        }
    }

    /// Records the drawing of `scene` into `target`, a `target_size` texture view.
    pub fn draw(
        &self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        encoder: &mut wgpu::CommandEncoder,
        target: &wgpu::TextureView,
        target_size: (u32, u32),
        scene: Scene<'_>,
    ) {
        // A still is the transition's end frame: one code path, so the last frame of a
        // transition and the still that follows are identical pixels.
        let inputs = match scene {
            Scene::Empty => None,
            Scene::Still(photo) => Some((photo, photo, 1.0)),
            Scene::Transition { from, to, progress } => Some((from, to, progress)),
        };
        let bind_group = inputs.map(|(from, to, progress)| {
            let uniform = TransitionUniform {
                from_rect: from.rect(target_size),
                to_rect: to.rect(target_size),
                progress: [progress, 0.0, 0.0, 0.0],
            };
            queue.write_buffer(&self.uniform, 0, bytemuck::bytes_of(&uniform));
            self.bind_group(device, from.photo, to.photo)
        });
        let mut pass = encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
            label: Some("composite"),
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
        });
        if let Some(bind_group) = bind_group {
            pass.set_pipeline(&self.pipeline);
            pass.set_bind_group(0, &bind_group, &[]);
            pass.draw(0..3, 0..1);
        }
    }

    fn bind_group(
        &self,
        device: &wgpu::Device,
        from: &PhotoTexture,
        to: &PhotoTexture,
    ) -> wgpu::BindGroup {
        device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("crossfade"),
            layout: &self.layout,
            entries: &[
                wgpu::BindGroupEntry {
                    binding: 0,
                    resource: self.uniform.as_entire_binding(),
                },
                wgpu::BindGroupEntry {
                    binding: 1,
                    resource: wgpu::BindingResource::Sampler(&self.sampler),
                },
                wgpu::BindGroupEntry {
                    binding: 2,
                    resource: wgpu::BindingResource::TextureView(&from.view),
                },
                wgpu::BindGroupEntry {
                    binding: 3,
                    resource: wgpu::BindingResource::TextureView(&to.view),
                },
            ],
        })
    }
}
