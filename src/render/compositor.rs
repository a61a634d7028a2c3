//! Draws one frame of the slideshow on the GPU: a photo on its own, or a transition between
//! two, through the transition's own pipeline.

use std::collections::HashMap;

use super::frame::{Drawn, Layer, Scene};
use super::photo::PhotoTexture;
use super::transition_pipeline::{
    Inputs, MAX_PARAMS_BYTES, PipelineError, PipelineFactory, draw_pass,
};
use crate::transitions::{Catalogue, TransitionRun, TransitionSpec, still};

#[repr(C)]
#[derive(Debug, Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
struct FrameUniform {
    from_rect: [f32; 4],
    to_rect: [f32; 4],
    /// progress, ratio, width, height.
    progress_ratio_size: [f32; 4],
}

#[derive(Debug, thiserror::Error)]
pub enum DrawError {
    #[error("the transition {0} has no pipeline yet")]
    NotReady(String),
}

/// The pipelines built so far, and what every draw binds.
#[derive(Debug)]
pub struct Compositor {
    factory: PipelineFactory,
    still: wgpu::RenderPipeline,
    transitions: HashMap<String, wgpu::RenderPipeline>,
    /// Parameter blocks by transition name, as declared.
    specs: Catalogue,
    sampler: wgpu::Sampler,
    frame_uniform: wgpu::Buffer,
    params_uniform: wgpu::Buffer,
}

impl Compositor {
    /// Builds the pipeline for a photo on its own; transitions are added as they are built.
    /// Fails if the GPU cannot build even that (the session then leaves the shader rung).
    pub fn new(
        device: &wgpu::Device,
        target_format: wgpu::TextureFormat,
    ) -> Result<Self, PipelineError> {
        let factory = PipelineFactory::new(device, target_format);
        let still = factory.build(&still())?;
        let sampler = PhotoTexture::sampler(device);
        let uniform = |label, size| {
            device.create_buffer(&wgpu::BufferDescriptor {
                label: Some(label),
                size,
                usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
                mapped_at_creation: false,
            })
        };
        Ok(Self {
            factory,
            still,
            transitions: HashMap::new(),
            specs: Catalogue::from_specs(Vec::new()),
            sampler,
            frame_uniform: uniform("frame", size_of::<FrameUniform>() as u64),
            params_uniform: uniform("transition parameters", MAX_PARAMS_BYTES),
        })
    }

    /// Builds transition pipelines anywhere (another thread included).
    pub fn factory(&self) -> PipelineFactory {
        self.factory.clone()
    }

    /// Builds `spec` now, on this thread.
    pub fn build(&mut self, spec: &TransitionSpec) -> Result<(), PipelineError> {
        let pipeline = self.factory.build(spec)?;
        self.add(spec, pipeline);
        Ok(())
    }

    /// Adds a pipeline built elsewhere for `spec`.
    pub fn add(&mut self, spec: &TransitionSpec, pipeline: wgpu::RenderPipeline) {
        self.transitions.insert(spec.name.clone(), pipeline);
        self.specs.add(spec.clone());
    }

    pub fn is_ready(&self, name: &str) -> bool {
        self.transitions.contains_key(name)
    }

    /// Records the drawing of `scene` into `target`, a `target_size` texture view.
    pub fn draw(
        &self,
        queue: &wgpu::Queue,
        encoder: &mut wgpu::CommandEncoder,
        target: &wgpu::TextureView,
        target_size: (u32, u32),
        scene: Scene<'_, PhotoTexture>,
    ) -> Result<(), DrawError> {
        let ratio = target_size.0 as f32 / target_size.1.max(1) as f32;
        let size = [target_size.0 as f32, target_size.1 as f32];
        let uniform =
            |from: &Layer<'_, PhotoTexture>, to: &Layer<'_, PhotoTexture>, p: f32| FrameUniform {
                from_rect: from.rect(target_size).as_vec4(),
                to_rect: to.rect(target_size).as_vec4(),
                progress_ratio_size: [p, ratio, size[0], size[1]],
            };
        let mut missing = None;
        let work = match scene.drawn() {
            Drawn::Nothing => None,
            // A photo on its own is the still effect, reading `to`.
            Drawn::Photo(photo) => Some((
                &self.still,
                uniform(&photo, &photo, 1.0),
                photo,
                photo,
                Vec::new(),
            )),
            Drawn::Between {
                from,
                to,
                progress,
                run,
            } => match self.transitions.get(&run.name) {
                Some(pipeline) => Some((
                    pipeline,
                    uniform(&from, &to, progress),
                    from,
                    to,
                    self.params(run),
                )),
                // Never an undrawn frame: the arriving photo, and the caller is told.
                None => {
                    missing = Some(DrawError::NotReady(run.name.clone()));
                    Some((&self.still, uniform(&to, &to, 1.0), to, to, Vec::new()))
                }
            },
        };
        let bind_group = work.as_ref().map(|(_, frame, from, to, params)| {
            queue.write_buffer(&self.frame_uniform, 0, bytemuck::bytes_of(frame));
            let block = if params.is_empty() {
                vec![0; 16]
            } else {
                params.clone()
            };
            queue.write_buffer(&self.params_uniform, 0, &block);
            self.bind_group(from.photo, to.photo)
        });
        let draw = work
            .as_ref()
            .map(|(pipeline, ..)| *pipeline)
            .zip(bind_group.as_ref());
        draw_pass(encoder, "composite", target, draw);
        missing.map_or(Ok(()), Err)
    }

    /// The parameter block of `run`, as its transition declares it.
    fn params(&self, run: &TransitionRun) -> Vec<u8> {
        self.specs
            .get(&run.name)
            .map(|spec| spec.pack(&run.values))
            .unwrap_or_default()
    }

    fn bind_group(&self, from: &PhotoTexture, to: &PhotoTexture) -> wgpu::BindGroup {
        self.factory.bind_group(Inputs {
            label: "transition",
            frame: &self.frame_uniform,
            sampler: &self.sampler,
            from: &from.view,
            to: &to.view,
            params: &self.params_uniform,
        })
    }
}
