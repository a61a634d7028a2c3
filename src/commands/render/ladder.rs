//! `framewave render` on the rendering ladder: the frames are rendered on the rung asked for
//! (or the best there is) and, should the GPU fail, again one step down, as the window does:
//! refused → the compositor rung, lost → a new device once, then software; hung, or no
//! adapter → software. The rung the frames end on is said in the log.

use super::frames::{FrameSpec, render_frames, render_frames_fixed, render_frames_software};
use crate::app::rung_notice::{announce, forced_reason};
use crate::render::{Gpu, GpuError, GpuFailure, PipelineError, ReadbackError, faults};
use crate::rung::{GpuFault, Rung, Step, Trouble, step};
use crate::transitions::Origin;

/// The frames, on the best rung that can render them; the software rung always can. A user's
/// transition the GPU refuses is an error, never a demotion.
pub fn frames(
    spec: &FrameSpec,
    photos: (&[u8], &[u8]),
    progresses: &[f32],
    forced: Option<Rung>,
    fault: Option<GpuFault>,
) -> anyhow::Result<Vec<Vec<u8>>> {
    if fault == Some(GpuFault::DriverCrash) {
        // As a driver's failed assertion ends a process: the parent renders again lower.
        tracing::info!("injected fault: the driver crashes");
        std::process::abort();
    }
    let mut rung = forced.unwrap_or(Rung::Shader);
    if forced.is_some() {
        announce(rung, &forced_reason());
    }
    let mut faults = Faults {
        fault,
        left: if fault == Some(GpuFault::DeviceLostTwice) {
            2
        } else {
            1
        },
    };
    let mut lost_before = false;
    loop {
        if rung == Rung::Software {
            return Ok(render_frames_software(spec, photos.0, photos.1, progresses));
        }
        let trouble = match on_gpu(rung, spec, photos, progresses, &mut faults) {
            Ok(frames) => return Ok(frames),
            Err(Attempt::Failed(e)) => return Err(e),
            Err(Attempt::Trouble(trouble)) => trouble,
        };
        let why = trouble.why().to_owned();
        match step(rung, &trouble, lost_before) {
            Step::NewDevice => {
                lost_before = true;
                announce(rung, &format!("{why}; a new device took its place"));
            }
            Step::Down(next) => {
                rung = next;
                let again = if lost_before && matches!(trouble, Trouble::Lost(_)) {
                    ", a second time"
                } else {
                    ""
                };
                announce(rung, &format!("{why}{again}"));
            }
        }
    }
}

/// The injected fault and how many more times it strikes.
struct Faults {
    fault: Option<GpuFault>,
    left: u32,
}

impl Faults {
    fn take(&mut self) -> Option<GpuFault> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        self.fault
    }
}

/// How an attempt on a GPU rung went wrong.
enum Attempt {
    /// The GPU's fault: the ladder goes on.
    Trouble(Trouble),
    /// The transition's fault (a user's file the GPU refuses): no rung draws it as asked.
    Failed(anyhow::Error),
}

impl From<Trouble> for Attempt {
    fn from(trouble: Trouble) -> Self {
        Self::Trouble(trouble)
    }
}

/// One attempt on a GPU rung, with a device of its own.
fn on_gpu(
    rung: Rung,
    spec: &FrameSpec,
    (from, to): (&[u8], &[u8]),
    progresses: &[f32],
    faults: &mut Faults,
) -> Result<Vec<Vec<u8>>, Attempt> {
    let gpu = match faults.fault {
        Some(GpuFault::NoAdapter) => Err(GpuError::Injected),
        _ => Gpu::headless(),
    }
    .map_err(|e| Trouble::NoGpu(e.to_string()))?;
    let mut hang = false;
    if let Some(fault) = faults.take() {
        tracing::info!("injected fault: {fault:?}");
        match fault {
            GpuFault::ShaderCompile => faults::refuse_shader(&gpu.device),
            GpuFault::Pipeline => faults::refuse_pipeline(&gpu.device),
            GpuFault::DeviceLost | GpuFault::DeviceLostTwice => gpu.device.destroy(),
            GpuFault::GpuHang => hang = true,
            GpuFault::SurfaceLost => tracing::info!("offscreen there is no surface to lose"),
            GpuFault::NoAdapter | GpuFault::DriverCrash => {}
        }
    }
    let rendered = match rung {
        Rung::Shader => render_frames(&gpu, spec, from, to, progresses, hang),
        _ => render_frames_fixed(&gpu, spec, from, to, progresses, hang),
    };
    let _ = gpu.device.poll(wgpu::PollType::Poll);
    let user_file = matches!(spec.spec.origin, Origin::File(_));
    match (gpu.failure(), rendered) {
        (Some(GpuFailure::Lost(why)), _) => Err(Trouble::Lost(why.clone()).into()),
        (Some(GpuFailure::Refused(why)), _) => Err(Trouble::Refused(why.clone()).into()),
        (None, Ok(frames)) => Ok(frames),
        (None, Err(e)) if user_file && e.downcast_ref::<PipelineError>().is_some() => {
            Err(Attempt::Failed(e))
        }
        (None, Err(e)) => match e.downcast_ref::<ReadbackError>() {
            Some(ReadbackError::Hung) => Err(Trouble::Hung(e.to_string()).into()),
            _ => Err(Trouble::Refused(format!("{e:#}")).into()),
        },
    }
}
