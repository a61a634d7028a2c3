//! Which transition runs next, and the pipelines it needs: the first is built before the
//! window shows anything, the rest on a builder thread; a transition is chosen only once its
//! pipeline is ready, and keeps its run (duration, easing, parameters) from start to end.

use std::collections::HashSet;
use std::time::Duration;

use crossbeam_channel::Receiver;

use crate::render::{Built, Compositor, build_in_background};
use crate::transitions::{Catalogue, Chooser, Selection, TransitionRun};

/// A transition whose frame would take longer than this on this GPU, at this window's size, is
/// left out of a random pool: on a software renderer the heaviest effects would stutter.
const SLOW_FRAME: Duration = Duration::from_millis(40);

#[derive(Debug)]
pub struct TransitionPlan {
    catalogue: Catalogue,
    chooser: Chooser,
    /// Every transition lasts this long, when the user said so.
    duration: Option<Duration>,
    pending: Option<Receiver<Built>>,
    current: Option<TransitionRun>,
    next: Option<TransitionRun>,
    /// Transitions the slideshow had begun when last asked.
    begun: u64,
    /// Too slow for this GPU to be picked at random (one named by the user still runs).
    too_slow: HashSet<String>,
    /// A random pool may leave out the slow ones; one named by the user may not.
    random: bool,
}

impl TransitionPlan {
    /// Builds the first transition's pipeline now (the first of the pool that builds) and the
    /// others in the background.
    pub fn start(
        compositor: &mut Compositor,
        queue: &wgpu::Queue,
        catalogue: Catalogue,
        selection: Selection,
        duration: Option<Duration>,
        seed: u64,
    ) -> anyhow::Result<Self> {
        let random = matches!(selection, Selection::Random(_));
        let names: Vec<String> = match &selection {
            Selection::One(name) => vec![name.clone()],
            Selection::Random(pool) => pool.clone(),
        };
        let mut specs: Vec<_> = names
            .iter()
            .filter_map(|name| catalogue.get(name).cloned())
            .collect();
        let mut chooser = Chooser::new(selection, seed);
        // The first pick is built here, so there is always a transition ready; one that fails
        // to build is left out and the next tried.
        let mut failed = HashSet::new();
        let first_spec = loop {
            let spec = chooser
                .next(|name| catalogue.get(name).is_some() && !failed.contains(name))
                .and_then(|name| catalogue.get(&name).cloned())
                .ok_or_else(|| anyhow::anyhow!("none of the transitions asked for can be built"))?;
            match compositor.build(&spec) {
                Ok(()) => break spec,
                Err(e) => {
                    tracing::error!("transition left out: {e}");
                    failed.insert(spec.name.clone());
                }
            }
        };
        specs.retain(|s| s.name != first_spec.name && !failed.contains(&s.name));
        let pending = if specs.is_empty() {
            None
        } else {
            Some(build_in_background(
                compositor.factory(),
                queue.clone(),
                specs,
            )?)
        };
        let next = TransitionRun::with_defaults(&first_spec, duration);
        Ok(Self {
            catalogue,
            chooser,
            duration,
            pending,
            current: None,
            next: Some(next),
            begun: 0,
            too_slow: HashSet::new(),
            random,
        })
    }

    /// Takes the pipelines built since the last frame, without waiting. `size` is the
    /// window's, to judge whether a transition is too slow for this GPU.
    pub fn receive(&mut self, compositor: &mut Compositor, size: (u32, u32)) {
        let Some(pending) = &self.pending else {
            return;
        };
        let mut arrived = Vec::new();
        loop {
            match pending.try_recv() {
                Ok(built) => arrived.push(built),
                Err(crossbeam_channel::TryRecvError::Empty) => break,
                Err(crossbeam_channel::TryRecvError::Disconnected) => {
                    self.pending = None; // every pipeline is in
                    break;
                }
            }
        }
        for (spec, built) in arrived {
            match built {
                Ok((pipeline, cost)) => {
                    let frame = cost.map(|cost| cost.frame(size));
                    if self.random && frame.is_some_and(|frame| frame > SLOW_FRAME) {
                        tracing::info!(
                            "transition {} left out of the random pool: about {:.0} ms a frame \
                             on this GPU at {}x{}",
                            spec.name,
                            frame.unwrap_or_default().as_secs_f64() * 1000.0,
                            size.0,
                            size.1
                        );
                        self.too_slow.insert(spec.name.clone());
                    }
                    compositor.add(&spec, pipeline);
                }
                // Left out of the pool; the show goes on with the others.
                Err(e) => tracing::error!("transition left out: {e}"),
            }
        }
    }

    /// The duration of the transition that will begin next, or `None` while none is ready
    /// (a random pool waits for one other than the last rather than repeat it).
    pub fn next_duration(&mut self, compositor: &Compositor) -> Option<Duration> {
        if self.next.is_none() {
            let slow = &self.too_slow;
            let mut pick = self
                .chooser
                .next(|name| compositor.is_ready(name) && !slow.contains(name));
            // Once every pipeline is in, a pool left with nothing fresh and fast enough (all
            // too slow here, or one transition) takes what there is rather than stop the show.
            if pick.is_none() && self.pending.is_none() {
                pick = self
                    .chooser
                    .next(|name| compositor.is_ready(name))
                    .or_else(|| self.current.as_ref().map(|run| run.name.clone()));
            }
            self.next = pick
                .and_then(|name| self.catalogue.get(&name))
                .map(|spec| TransitionRun::with_defaults(spec, self.duration));
        }
        self.next.as_ref().map(|run| run.duration)
    }

    /// After the slideshow's tick: if it began a transition, that is the next run.
    pub fn follow(&mut self, begun: u64) {
        if begun != self.begun {
            self.begun = begun;
            if let Some(next) = self.next.take() {
                self.current = Some(next);
            }
        }
    }

    /// The transition under way (or the last one).
    pub fn current(&self) -> Option<&TransitionRun> {
        self.current.as_ref()
    }
}
