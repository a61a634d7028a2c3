//! Running a freshly built transition pipeline once, off the render thread, before the show
//! uses it: the driver's first-use work is done here, not in a frame, and the draw is timed,
//! so a transition too heavy for this GPU (a software renderer, say) can be kept out of the
//! random pool instead of stuttering on screen.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::photo::{PhotoTexture, PixelsRef};
use super::transition_pipeline::{Inputs, MAX_PARAMS_BYTES, PipelineFactory, draw_pass};
use crate::transitions::TransitionSpec;

/// The size of the trial draw: big enough that the per-pixel work outweighs the fixed cost of a
/// submission, small enough to be quick off the render thread.
const TRIAL: (u32, u32) = (480, 270);
/// A trial draw not done by then is a transition this GPU cannot run. Inside the watchdog's
/// limit; a single draw that holds the GPU beyond that limit is, to the window, a hung GPU.
const TRIAL_DEADLINE: Duration = Duration::from_secs(3);
const _: () = assert!(TRIAL_DEADLINE.as_secs() < super::Watchdog::LIMIT.as_secs());
/// How often a trial draw is checked on: fine enough for its timing.
const POLL_EVERY: Duration = Duration::from_micros(200);

/// What a transition costs to draw on this GPU.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cost {
    /// GPU time per million pixels drawn.
    pub per_megapixel: Duration,
}

impl Cost {
    /// The time one frame of `size` pixels would take.
    pub fn frame(&self, size: (u32, u32)) -> Duration {
        self.per_megapixel
            .mul_f64(size.0 as f64 * size.1 as f64 / 1e6)
    }
}

/// A small scene to draw trial frames of any transition into.
#[derive(Debug)]
pub struct WarmUp {
    device: wgpu::Device,
    queue: wgpu::Queue,
    target: wgpu::TextureView,
    bind_group: wgpu::BindGroup,
    params: wgpu::Buffer,
    /// What a draw costs that does next to nothing per pixel (a photo on its own): the fixed
    /// part, taken off every timing.
    baseline: Option<Duration>,
}

impl WarmUp {
    pub fn new(device: &wgpu::Device, queue: &wgpu::Queue, factory: &PipelineFactory) -> Self {
        let target = device
            .create_texture(&wgpu::TextureDescriptor {
                label: Some("warm-up target"),
                size: wgpu::Extent3d {
                    width: TRIAL.0,
                    height: TRIAL.1,
                    depth_or_array_layers: 1,
                },
                mip_level_count: 1,
                sample_count: 1,
                dimension: wgpu::TextureDimension::D2,
                format: factory.format(),
                usage: wgpu::TextureUsages::RENDER_ATTACHMENT,
                view_formats: &[],
            })
            .create_view(&Default::default());
        // A grey photo the size of the target, for both sides.
        let grey = vec![128u8; (TRIAL.0 * TRIAL.1 * 4) as usize];
        let photo = PhotoTexture::upload(
            device,
            queue,
            PixelsRef {
                width: TRIAL.0,
                height: TRIAL.1,
                stride: TRIAL.0 * 4,
                bytes: &grey,
            },
        );
        let frame: [f32; 12] = [
            1.0,
            1.0,
            0.0,
            0.0,
            1.0,
            1.0,
            0.0,
            0.0,
            0.5,
            TRIAL.0 as f32 / TRIAL.1 as f32,
            TRIAL.0 as f32,
            TRIAL.1 as f32,
        ];
        let buffer = |label, size| {
            device.create_buffer(&wgpu::BufferDescriptor {
                label: Some(label),
                size,
                usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
                mapped_at_creation: false,
            })
        };
        let frame_buffer = buffer("warm-up frame", size_of_val(&frame) as u64);
        queue.write_buffer(&frame_buffer, 0, bytemuck::cast_slice(&frame));
        let params = buffer("warm-up parameters", MAX_PARAMS_BYTES);
        let sampler = device.create_sampler(&wgpu::SamplerDescriptor {
            mag_filter: wgpu::FilterMode::Linear,
            min_filter: wgpu::FilterMode::Linear,
            ..Default::default()
        });
        let bind_group = factory.bind_group(Inputs {
            label: "warm-up",
            frame: &frame_buffer,
            sampler: &sampler,
            from: &photo.view,
            to: &photo.view,
            params: &params,
        });
        let mut warm_up = Self {
            device: device.clone(),
            queue: queue.clone(),
            target,
            bind_group,
            params,
            baseline: None,
        };
        warm_up.baseline = factory
            .build(&crate::transitions::still())
            .ok()
            .and_then(|still| warm_up.best_of_two(&still));
        warm_up
    }

    /// The faster of two timed draws, after one untimed (first use).
    fn best_of_two(&self, pipeline: &wgpu::RenderPipeline) -> Option<Duration> {
        self.draw(pipeline)?;
        Some(self.draw(pipeline)?.min(self.draw(pipeline)?))
    }

    /// Draws `spec` three times (the first pays for first use) and keeps the faster of the
    /// others, less the fixed cost of a draw. Blocks this thread (never the render loop's)
    /// until the GPU is done.
    pub fn run(&self, spec: &TransitionSpec, pipeline: &wgpu::RenderPipeline) -> Option<Cost> {
        let block = spec.pack(&[]);
        self.queue.write_buffer(&self.params, 0, &block);
        let time = self
            .best_of_two(pipeline)?
            .saturating_sub(self.baseline.unwrap_or_default());
        let pixels = TRIAL.0 as f64 * TRIAL.1 as f64;
        Some(Cost {
            per_megapixel: time.mul_f64(1e6 / pixels),
        })
    }

    fn draw(&self, pipeline: &wgpu::RenderPipeline) -> Option<Duration> {
        let mut encoder = self.device.create_command_encoder(&Default::default());
        draw_pass(
            &mut encoder,
            "warm-up",
            &self.target,
            Some((pipeline, &self.bind_group)),
        );
        let done = Arc::new(AtomicBool::new(false));
        let signal = Arc::clone(&done);
        let start = Instant::now();
        self.queue.submit([encoder.finish()]);
        self.queue
            .on_submitted_work_done(move || signal.store(true, Ordering::Release));
        // Polled, never waited on: a waiting poll holds a device lock that the render loop's
        // present needs, so the window would stall behind every trial draw.
        while !done.load(Ordering::Acquire) {
            if self.device.poll(wgpu::PollType::Poll).is_err() {
                return None;
            }
            if start.elapsed() > TRIAL_DEADLINE {
                // Too slow to run; but its work is still on the GPU, so nothing more is put
                // behind it until it is done (the device's loss ends the wait).
                while !done.load(Ordering::Acquire)
                    && self.device.poll(wgpu::PollType::Poll).is_ok()
                {
                    std::thread::sleep(Duration::from_millis(10));
                }
                return None;
            }
            std::thread::sleep(POLL_EVERY);
        }
        Some(start.elapsed())
    }
}
