//! Which transition runs next, and the pipelines it needs: the first is built before the
//! window shows anything, the rest on a builder thread; a transition is chosen only once its
//! pipeline is ready, and keeps its run (duration, easing, parameters) from start to end.

use std::time::Duration;

use crossbeam_channel::Receiver;

use crate::render::{Built, Compositor, build_in_background};
use crate::transitions::{Catalogue, Chooser, Selection, TransitionRun};

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
}

impl TransitionPlan {
    /// Builds the first transition's pipeline now and the others in the background.
    pub fn start(
        compositor: &mut Compositor,
        catalogue: Catalogue,
        selection: Selection,
        duration: Option<Duration>,
        seed: u64,
    ) -> anyhow::Result<Self> {
        let names: Vec<String> = match &selection {
            Selection::One(name) => vec![name.clone()],
            Selection::Random(pool) => pool.clone(),
        };
        let mut specs: Vec<_> = names
            .iter()
            .filter_map(|name| catalogue.get(name).cloned())
            .collect();
        let mut chooser = Chooser::new(selection, seed);
        // The first pick is built here, so there is always a transition ready.
        let first_spec = chooser
            .next(|name| catalogue.get(name).is_some())
            .and_then(|name| catalogue.get(&name).cloned())
            .ok_or_else(|| anyhow::anyhow!("none of the transitions asked for exists"))?;
        let first = first_spec.name.clone();
        compositor.build(&first_spec)?;
        specs.retain(|s| s.name != first);
        let pending = if specs.is_empty() {
            None
        } else {
            Some(build_in_background(compositor.factory(), specs)?)
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
        })
    }

    /// Takes the pipelines built since the last frame, without waiting.
    pub fn receive(&mut self, compositor: &mut Compositor) {
        let Some(pending) = &self.pending else {
            return;
        };
        for (spec, built) in pending.try_iter() {
            match built {
                Ok(pipeline) => compositor.add(&spec, pipeline),
                // Left out of the pool; the show goes on with the others.
                Err(e) => tracing::error!("transition left out: {e}"),
            }
        }
    }

    /// The duration of the transition that will begin next (for the slideshow's clock).
    pub fn next_duration(&mut self, compositor: &Compositor) -> Duration {
        if self.next.is_none() {
            self.next = self
                .chooser
                .next(|name| compositor.is_ready(name))
                .and_then(|name| self.catalogue.get(&name))
                .map(|spec| TransitionRun::with_defaults(spec, self.duration));
        }
        self.next
            .as_ref()
            .or(self.current.as_ref())
            .map_or(Duration::from_millis(1500), |run| run.duration)
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
