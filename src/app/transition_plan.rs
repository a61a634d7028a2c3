//! Which transition runs next, and the pipelines it needs: the user's files are read and every
//! pipeline built on a loader thread (the window shows photos meanwhile); a transition is
//! chosen only once its pipeline is ready, and keeps its run (duration, easing, parameters)
//! from start to end.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::{Duration, Instant};

use crossbeam_channel::Receiver;

use crate::pacing::RunSummary;
use crate::render::{Built, Compositor, Gpu, Loaded, load_in_background};
use crate::settings::TransitionTweak;
use crate::transitions::{
    Catalogue, Chooser, ParamKind, Selection, TransitionRequest, TransitionRun, TransitionSpec,
    Value,
};

/// A transition whose frame would take longer than this on this GPU, at this window's size, is
/// left out of a random pool: on a software renderer the heaviest effects would stutter.
const SLOW_FRAME: Duration = Duration::from_millis(40);

#[derive(Debug)]
pub struct TransitionPlan {
    /// Until the loader has read the user's files: the built-ins.
    catalogue: Catalogue,
    /// `None` until the loader has checked what was asked for.
    chooser: Option<Chooser>,
    /// Every transition lasts this long, when the user said so.
    duration: Option<Duration>,
    /// The longest a transition asked for may take.
    longest: Duration,
    pending: Option<Receiver<Loaded>>,
    /// Too slow for this GPU to be picked at random (one named by the user still runs).
    too_slow: HashSet<String>,
    /// A random pool may leave out the slow ones; one named by the user may not.
    random: bool,
    /// For the random pool's picks, and the directions of each run.
    seed: u64,
    /// How many runs of each transition were slow.
    slow_runs: HashMap<String, u32>,
    /// The fallback has been said.
    fell_back: bool,
    /// When the loader started.
    loading_since: Instant,
    /// What was asked for, to load again for a new device.
    request: TransitionRequest,
    /// The session no longer draws with transition shaders.
    shaders_left: bool,
    /// The user's transition files left out, and why.
    rejected: Vec<String>,
    /// Easing and parameters the user set, by transition.
    tweaks: BTreeMap<String, TransitionTweak>,
    /// Transitions wait for the loader's first pipelines (at the start; not after a change of
    /// settings, when the show goes on with what is built).
    wait_for_loader: bool,
}

/// How long transitions wait for the loader to finish before starting with what is ready.
const LOADING_GRACE: Duration = Duration::from_secs(10);

/// Drawn when none of the transitions asked for can be built (the loader always builds it).
pub const FALLBACK: &str = "crossfade";

/// Slow runs before a transition is left out of a random pool.
const SLOW_RUNS: u32 = 2;

/// A transition's direction and shape are its parameters: each run of one takes a direction
/// (or shape) of its own at random, so a slide or a wipe does not always come from the left.
fn vary_direction(run: &mut TransitionRun, spec: &TransitionSpec, state: &mut u64) {
    for (param, value) in spec.params.iter().zip(run.values.iter_mut()) {
        if let (ParamKind::I32 { min, max, .. }, "direction" | "shape") =
            (param.kind, param.name.as_str())
        {
            // xorshift64: the same seed, the same show.
            *state ^= *state << 13;
            *state ^= *state >> 7;
            *state ^= *state << 17;
            let span = (i64::from(max) - i64::from(min) + 1).max(1) as u64;
            *value = Value::I32(min + (*state % span) as i32);
        }
    }
}

impl TransitionPlan {
    /// Starts the loader thread for `request`, building pipelines for `gpu`'s compositor if
    /// the session draws on a GPU. Nothing is read or built on this thread.
    pub fn start(
        gpu: Option<(&Gpu, &Compositor)>,
        request: TransitionRequest,
        duration: Option<Duration>,
        seed: u64,
    ) -> anyhow::Result<Self> {
        let catalogue = Catalogue::built_in();
        let random = request.name == "random";
        let longest = duration.unwrap_or_else(|| longest_of(&catalogue, None));
        let builder = gpu.map(|(gpu, compositor)| (compositor.factory(), gpu.queue.clone()));
        let pending = load_in_background(builder, request.clone(), FALLBACK)?;
        Ok(Self {
            catalogue,
            chooser: None,
            duration,
            longest,
            pending: Some(pending),
            too_slow: HashSet::new(),
            random,
            seed: seed | 1,
            slow_runs: HashMap::new(),
            fell_back: false,
            loading_since: Instant::now(),
            request,
            shaders_left: gpu.is_none(),
            rejected: Vec::new(),
            tweaks: BTreeMap::new(),
            wait_for_loader: true,
        })
    }

    /// Every transition there is (the built-ins, then the user's once read).
    pub fn specs(&self) -> &[TransitionSpec] {
        self.catalogue.specs()
    }

    /// The user's transition files left out, and why.
    pub fn rejected(&self) -> &[String] {
        &self.rejected
    }

    /// The user's easing and parameters, for the runs chosen from now on.
    pub fn set_tweaks(&mut self, tweaks: BTreeMap<String, TransitionTweak>) {
        self.tweaks = tweaks;
    }

    /// Another transition, pool or length, from now on (the next transition chosen): taken at
    /// once from what is read and built; the loader reads the files again and builds what is
    /// missing meanwhile, and the show never waits for it.
    pub fn reconfigure(
        &mut self,
        gpu: Option<(&Gpu, &Compositor)>,
        request: TransitionRequest,
        duration: Option<Duration>,
    ) -> anyhow::Result<()> {
        self.random = request.name == "random";
        self.duration = duration;
        self.fell_back = false;
        let resolved = Selection::resolve(&self.catalogue, &request.name, &request.pool);
        // Everything asked for is read and built already (a length, a smaller pool): nothing
        // is loaded or rebuilt.
        let shaders_left = self.shaders_left;
        let built = |name: &String| {
            shaders_left || gpu.is_none_or(|(_, compositor)| compositor.is_ready(name))
        };
        let ready = request.user_dir == self.request.user_dir
            && resolved
                .as_ref()
                .is_ok_and(|selection| selection.names().iter().all(built));
        match resolved {
            Ok(selection) => {
                self.longest = duration
                    .unwrap_or_else(|| longest_of(&self.catalogue, Some(selection.names())));
                self.chooser = Some(Chooser::new(selection, self.seed));
            }
            // A name only a file has: the loader reads it.
            Err(e) => tracing::debug!("waiting for the transition files: {e}"),
        }
        self.request = request;
        if ready {
            return Ok(());
        }
        let builder = gpu
            .filter(|_| !self.shaders_left)
            .map(|(gpu, compositor)| (compositor.factory(), gpu.queue.clone()));
        self.pending = Some(load_in_background(builder, self.request.clone(), FALLBACK)?);
        self.wait_for_loader = false;
        Ok(())
    }

    /// `name` runs next, at once if it is ready (the panel's preview); false if it is not.
    pub fn preview(
        &mut self,
        runs: &mut Runs,
        name: &str,
        compositor: Option<&Compositor>,
    ) -> bool {
        let ready = compositor.is_none_or(|c| c.is_ready(name));
        let Some(spec) = self.catalogue.get(name).filter(|_| ready).cloned() else {
            return false;
        };
        runs.next = Some(self.run_of(&spec));
        true
    }

    /// A run of `spec` with the user's length, easing and parameters.
    fn run_of(&mut self, spec: &TransitionSpec) -> TransitionRun {
        let mut run = TransitionRun::with_defaults(spec, self.duration);
        vary_direction(&mut run, spec, &mut self.seed);
        if let Some(tweak) = self.tweaks.get(&spec.name) {
            if let Some(easing) = tweak.easing.as_deref().and_then(|e| e.parse().ok()) {
                run.easing = easing;
            }
            for (key, value) in &tweak.params {
                if let Err(e) = run.set(spec, key, value) {
                    tracing::debug!("transition setting ignored: {e}");
                }
            }
        }
        run
    }

    /// The session's GPU device was replaced (the old one was lost): pipelines are built
    /// again on the new one. The runs under way and the next ones chosen (`runs`, of every
    /// show) are built at once, so a transition goes on where it was; the rest on a loader
    /// thread, as at the start.
    pub fn rebuild_for<'a>(
        &mut self,
        gpu: &Gpu,
        compositor: &mut Compositor,
        runs: impl IntoIterator<Item = &'a Runs>,
    ) -> anyhow::Result<()> {
        let wanted = runs
            .into_iter()
            .flat_map(|runs| [&runs.current, &runs.next])
            .flatten();
        for run in wanted {
            if let Some(spec) = self.catalogue.get(&run.name)
                && let Err(e) = compositor.build(spec)
            {
                tracing::error!("transition left out on the new device: {e}");
            }
        }
        let builder = (compositor.factory(), gpu.queue.clone());
        self.pending = Some(load_in_background(
            Some(builder),
            self.request.clone(),
            FALLBACK,
        )?);
        self.loading_since = Instant::now();
        Ok(())
    }

    /// Takes what the loader has sent since the last frame, without waiting. `size` is the
    /// window's, to judge whether a transition is too slow for this GPU. An error is what was
    /// asked for that cannot be had (a name no file provides): the show cannot go on.
    pub fn receive(
        &mut self,
        mut compositor: Option<&mut Compositor>,
        size: (u32, u32),
    ) -> anyhow::Result<()> {
        let Some(pending) = &self.pending else {
            return Ok(());
        };
        let mut arrived = Vec::new();
        loop {
            match pending.try_recv() {
                Ok(loaded) => arrived.push(loaded),
                Err(crossbeam_channel::TryRecvError::Empty) => break,
                Err(crossbeam_channel::TryRecvError::Disconnected) => {
                    self.pending = None; // every pipeline is in
                    break;
                }
            }
        }
        for loaded in arrived {
            match loaded {
                Loaded::Rejected(rejected) => self.rejected = rejected,
                Loaded::Catalogue(Ok((catalogue, selection))) => {
                    if self.duration.is_none() {
                        self.longest = longest_of(&catalogue, Some(selection.names()));
                    }
                    self.catalogue = catalogue;
                    self.chooser = Some(Chooser::new(selection, self.seed));
                }
                Loaded::Catalogue(Err(e)) => anyhow::bail!(e),
                Loaded::Built(built) => {
                    if let Some(compositor) = compositor.as_deref_mut() {
                        self.take(compositor, *built, size);
                    }
                }
            }
        }
        Ok(())
    }

    fn take(&mut self, compositor: &mut Compositor, (spec, built): Built, size: (u32, u32)) {
        match built {
            Ok((pipeline, None)) => {
                // Its trial draw never finished: never picked at random.
                if self.random {
                    tracing::info!(
                        "transition {} left out of the random pool: its trial draw did not finish",
                        spec.name
                    );
                    self.too_slow.insert(spec.name.clone());
                }
                compositor.add(&spec, pipeline);
            }
            Ok((pipeline, Some(cost))) => {
                let frame = cost.frame(size);
                if self.random && frame > SLOW_FRAME {
                    tracing::info!(
                        "transition {} left out of the random pool: about {:.0} ms a frame on \
                         this GPU at {}x{}",
                        spec.name,
                        frame.as_secs_f64() * 1000.0,
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

    /// A run has ended: one of a random pool that kept the frames slower than [`SLOW_FRAME`]
    /// half the time (the trial run at start misjudged it, or the machine is busier) is left
    /// out from now on, said once.
    pub fn ran(&mut self, run: &RunSummary, frame_interval: Duration) {
        let median = Duration::from_secs_f64(run.pacing.p50 / 1000.0);
        // Frames capped below 25 fps are slow by choice, not by the transition.
        let slow = median > SLOW_FRAME.max(frame_interval.mul_f32(1.5));
        if !self.random || !slow {
            return;
        }
        // One slow run may be the machine's moment (a decode, an upload); two are the GPU's.
        let count = self.slow_runs.entry(run.name.clone()).or_default();
        *count += 1;
        if *count >= SLOW_RUNS && self.too_slow.insert(run.name.clone()) {
            tracing::info!(
                "transition {} left out of the random pool: its frames took {:.0} ms (median) on \
                 this GPU",
                run.name,
                run.pacing.p50
            );
        }
    }

    /// The session left the transition shaders (for the compositor or software rung): what
    /// was too slow there may run now, as its stand-in, and no pipeline is waited for or built
    /// any more (a loader still building on the device that refused a shader is replaced by
    /// one that only reads the catalogue).
    pub fn without_shaders(&mut self) {
        self.too_slow.clear();
        self.slow_runs.clear();
        if self.shaders_left {
            return;
        }
        self.shaders_left = true;
        // The catalogue is in: nothing more is wanted from the loader. Else one that only
        // reads it takes over (the files are not read twice once they have been).
        self.pending = if self.chooser.is_some() {
            None
        } else {
            match load_in_background(None, self.request.clone(), FALLBACK) {
                Ok(pending) => Some(pending),
                Err(e) => {
                    tracing::error!("cannot read the transitions again: {e}");
                    None
                }
            }
        };
    }

    /// The longest a transition may take: how long Ken Burns lets a photo move while it
    /// leaves, so that it never stops before it is gone.
    pub fn longest(&self) -> Duration {
        self.longest
    }

    /// The duration of the transition that will begin next in the show `runs` belongs to, or
    /// `None` while none is ready (a random pool waits for one other than the last rather
    /// than repeat it).
    pub fn next_duration(
        &mut self,
        runs: &mut Runs,
        compositor: Option<&Compositor>,
    ) -> Option<Duration> {
        // Without a GPU every transition is ready: the software rung draws its stand-in.
        let ready = |name: &str| compositor.is_none_or(|c| c.is_ready(name));
        // While pipelines are still being built and timed, no transition starts (for a while):
        // a trial draw and a transition sharing the GPU would make both look slower than they
        // are, and the first runs hitch. At the default display time this never waits.
        if compositor.is_some()
            && self.pending.is_some()
            && self.wait_for_loader
            && self.loading_since.elapsed() < LOADING_GRACE
        {
            return None;
        }
        if runs.next.is_none()
            && let Some(chooser) = &mut self.chooser
        {
            let slow = &self.too_slow;
            let mut pick = chooser.next(|name| ready(name) && !slow.contains(name));
            // Once every pipeline is in, a pool left with nothing fresh and fast enough (all
            // too slow here, or one transition) takes what there is rather than stop the show.
            if pick.is_none() && self.pending.is_none() {
                pick = chooser
                    .next(ready)
                    .or_else(|| runs.current.as_ref().map(|run| run.name.clone()));
            }
            // None of those asked for could be built at all: the show goes on with the
            // fallback rather than stay on one photo.
            if pick.is_none() && self.pending.is_none() && ready(FALLBACK) {
                if !self.fell_back {
                    tracing::error!(
                        "none of the transitions asked for can run on this GPU; using {FALLBACK}"
                    );
                    self.fell_back = true;
                }
                pick = Some(FALLBACK.to_owned());
            }
            runs.next = pick
                .and_then(|name| self.catalogue.get(&name).cloned())
                .map(|spec| self.run_of(&spec));
        }
        runs.next.as_ref().map(|run| run.duration)
    }
}

/// One show's transitions: the run under way and the one chosen next. Each show (a monitor's
/// own photo sequence, or all monitors showing the same) has its own; what can run is the
/// session's [`TransitionPlan`].
#[derive(Debug, Default)]
pub struct Runs {
    current: Option<TransitionRun>,
    next: Option<TransitionRun>,
    /// Transitions the slideshow had begun when last asked.
    begun: u64,
}

impl Runs {
    /// Another transition next time than the one chosen (the C key).
    pub fn choose_again(&mut self) {
        self.next = None;
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

/// The longest default duration among `names` of `catalogue` (all of it if `None`).
fn longest_of(catalogue: &Catalogue, names: Option<&[String]>) -> Duration {
    catalogue
        .iter()
        .filter(|spec| names.is_none_or(|names| names.contains(&spec.name)))
        .map(|spec| spec.duration)
        .max()
        .unwrap_or_default()
}
