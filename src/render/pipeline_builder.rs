//! Loading and building transitions on a thread of their own, so the render loop never reads a
//! file or compiles a shader: the thread reads the user's transition files, checks the names
//! asked for, then builds and warms each pipeline; the render loop takes what has arrived
//! without waiting, and uses a transition only once its pipeline is there.

use crossbeam_channel::Receiver;

use super::transition_pipeline::{PipelineError, PipelineFactory};
use super::warm_up::{Cost, WarmUp};
use crate::transitions::{Catalogue, Selection, TransitionRequest, TransitionSpec};

/// A pipeline built, warmed and timed (or refused) for a transition.
pub type Built = (
    TransitionSpec,
    Result<(wgpu::RenderPipeline, Option<Cost>), PipelineError>,
);

/// What the loader thread sends, in this order: the catalogue and what was asked of it (or
/// why that cannot be had), then one [`Built`] per transition the selection may pick.
#[derive(Debug)]
pub enum Loaded {
    /// The user's files left out, and why (logged too), before the catalogue.
    Rejected(Vec<String>),
    Catalogue(Result<(Catalogue, Selection), String>),
    Built(Box<Built>),
}

/// Answers the render loop has not taken yet; the loader waits (on its own thread) beyond.
const QUEUE: usize = 32;

/// Starts the loader thread for `request`; with a `builder` (a GPU), it then builds the
/// pipelines asked for and the `fallback` transition, last. Files it leaves out are logged
/// there, once each.
pub fn load_in_background(
    builder: Option<(PipelineFactory, wgpu::Queue)>,
    request: TransitionRequest,
    fallback: &'static str,
) -> std::io::Result<Receiver<Loaded>> {
    let (sender, receiver) = crossbeam_channel::bounded(QUEUE);
    std::thread::Builder::new()
        .name("transition-loader".into())
        .spawn(move || {
            let (loaded, rejected) = request.load();
            for file in &rejected {
                tracing::warn!("transition left out: {file}");
            }
            let rejected = rejected.iter().map(ToString::to_string).collect();
            if sender.send(Loaded::Rejected(rejected)).is_err() {
                return; // the window closed
            }
            // What was asked for, then the fallback for when none of it can be built.
            let specs: Vec<TransitionSpec> = match &loaded {
                Ok((catalogue, selection)) => {
                    let mut names = selection.names().to_vec();
                    if !names.iter().any(|n| n == fallback) {
                        names.push(fallback.to_owned());
                    }
                    names
                        .iter()
                        .filter_map(|name| catalogue.get(name).cloned())
                        .collect()
                }
                Err(_) => Vec::new(),
            };
            if sender.send(Loaded::Catalogue(loaded)).is_err() {
                return; // the window closed
            }
            // No GPU (the software rung): the catalogue is all there is to load.
            if let Some((factory, queue)) = builder {
                build_each(&factory, &queue, specs, |built| {
                    sender.send(Loaded::Built(Box::new(built))).is_ok()
                });
            }
        })?;
    Ok(receiver)
}

/// Builds a pipeline for each of `specs`, in order, and runs each once (see [`WarmUp`]),
/// handing each to `done` until it says stop. Blocks: for a thread of its own.
fn build_each(
    factory: &PipelineFactory,
    queue: &wgpu::Queue,
    specs: Vec<TransitionSpec>,
    mut done: impl FnMut(Built) -> bool,
) {
    let warm_up = WarmUp::new(factory.device(), queue, factory);
    for spec in specs {
        let pipeline = factory.build(&spec).map(|pipeline| {
            let cost = warm_up.run(&spec, &pipeline);
            (pipeline, cost)
        });
        if !done((spec, pipeline)) {
            return;
        }
    }
}
