//! Building transition pipelines on a thread of their own, so the render loop never compiles a
//! shader: it takes each finished pipeline without waiting, and uses a transition only once its
//! pipeline is there.

use crossbeam_channel::Receiver;

use super::transition_pipeline::{PipelineError, PipelineFactory};
use super::warm_up::{Cost, WarmUp};
use crate::transitions::TransitionSpec;

/// A pipeline built, warmed and timed (or refused) for a transition.
pub type Built = (
    TransitionSpec,
    Result<(wgpu::RenderPipeline, Option<Cost>), PipelineError>,
);

/// Builds a pipeline for each of `specs`, in order, on a new thread, and runs each once (see
/// [`WarmUp`]); the answers arrive on the returned queue, which holds them all (the thread
/// never waits on the render loop).
pub fn build_in_background(
    factory: PipelineFactory,
    queue: wgpu::Queue,
    specs: Vec<TransitionSpec>,
) -> std::io::Result<Receiver<Built>> {
    let (built, receiver) = crossbeam_channel::bounded(specs.len().max(1));
    std::thread::Builder::new()
        .name("transition-builder".into())
        .spawn(move || {
            let device = factory.device().clone();
            let warm_up = WarmUp::new(&device, &queue, &factory);
            for spec in specs {
                let pipeline = factory.build(&spec).map(|pipeline| {
                    let cost = warm_up.run(&spec, &pipeline);
                    (pipeline, cost)
                });
                if built.send((spec, pipeline)).is_err() {
                    return; // the window closed
                }
            }
        })?;
    Ok(receiver)
}
