//! `framewave soak`: runs the real windowed slideshow fast, injects worker faults, and reports
//! frame pacing, recovery times, memory and leftovers as one JSON object.

mod faults;
mod report;

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context as _;

pub use faults::{FaultInjector, FaultPlan};
pub use report::SoakReport;

use crate::app::{self, FrameContext, FrameObserver, ShowOptions};
use crate::library::{LibraryConfig, Order};
use crate::pacing::FramePacing;
use crate::photos::{self, PhotoFilter};
use crate::slideshow::Timing;
use crate::supervisor::RestartLimits;

#[derive(Debug, Clone)]
pub struct SoakOptions {
    pub duration: Duration,
    pub photos: Option<PathBuf>,
    pub faults: FaultPlan,
    /// Which transitions run (random over every built-in by default).
    pub transition: crate::transitions::TransitionRequest,
    /// Draw on this rung (default: the best there is).
    pub rung: Option<crate::app::Rung>,
    /// One fullscreen window per monitor, as the screensaver runs.
    pub screensaver: bool,
    /// With `screensaver`: the same photo on every monitor.
    pub same_photo: bool,
    /// The visualizer over the photos, listening to the bundled clip.
    pub visualizer: crate::visualizer::Mode,
    /// The settings panel open over the show.
    pub panel: bool,
    /// Settings changed when measuring starts (key and TOML value), as the panel changes them.
    pub changes: Vec<(String, toml::Value)>,
}

/// Start-up (window, GPU, first photos) is excluded from the measurements: they start after
/// this long and once this many photos have been shown, so that the slideshow's bounded replay
/// cache of recent photos is full and memory growth measures leaks, not filling.
const WARMUP: Duration = Duration::from_secs(3);
const WARMUP_PHOTOS: u64 = 6;

/// Runs the soak and returns its report.
pub fn run(options: &SoakOptions) -> anyhow::Result<SoakReport> {
    let dir = options.photos.clone().unwrap_or_else(photos::bundled_dir);
    anyhow::ensure!(
        dir.is_dir(),
        "cannot read the photo folder {}",
        dir.display()
    );
    let shm_before = crate::procfs::shm_entries();
    let rss = crate::rss::RssSampler::start()?;
    let observer = SoakObserver::new(options, rss.clone());
    let results = observer.results.clone();
    let show = ShowOptions {
        library: LibraryConfig {
            roots: vec![dir],
            filter: PhotoFilter::default(),
            order: Order::Shuffle,
            seed: 1,
            watch: false,
            dates: false,
        },
        // A fast slideshow: many transitions and decodes per minute.
        timing: Timing {
            display: Duration::from_millis(500),
            transition: Duration::from_millis(500),
        },
        window_size: (1280, 720),
        fullscreen: options.screensaver,
        monitors: Vec::new(),
        same_photo_on_all_monitors: options.same_photo,
        // The cursor hidden; input does not end the soak (its exit rules are tested apart).
        screensaver: options.screensaver,
        exit: crate::app::input::ExitRules::WINDOWED,
        #[cfg(target_os = "linux")]
        host: None,
        fit: framewave_protocol::Fit::Fill,
        transitions: options.transition.clone(),
        transition_secs: Some(Duration::from_millis(500)),
        job_deadline: crate::supervisor::DEFAULT_JOB_DEADLINE,
        max_fps: None,
        perf_log: None,
        worker_args: Vec::new(),
        // Injected kills would exhaust the normal restart limit within seconds; the soak
        // measures recovery, and the limit itself is covered by the supervision tests.
        restart: RestartLimits {
            max_restarts: usize::MAX,
            ..RestartLimits::default()
        },
        ken_burns: false,
        rung: options.rung,
        gpu_fault: None,
        // Every photo decoded every time: the soak measures decoding under faults, and a
        // cache filling up to its budget would look like growth.
        photo_cache: false,
        music: crate::app::music::MusicOptions {
            style: crate::visualizer::Style {
                mode: options.visualizer,
                ..Default::default()
            },
            audio: framewave_protocol::AudioConfig {
                source: framewave_protocol::AudioSource::Clip,
                ..Default::default()
            },
            beat_sync: false,
        },
        photos: true,
        clock: None,
        burn_in_protection: false,
        settings: crate::settings::Settings::defaults(crate::settings::Mode::Window),
        // The panel open over the show from the start, to measure the show under it.
        panel: options.panel.then_some(crate::app::PanelOptions {
            file: None,
            mode: crate::settings::Mode::Window,
            preview: true,
        }),
    };
    app::run(show, Some(Box::new(observer)))?;
    let results = results
        .take()
        .context("the soak ended before it measured anything")?;
    Ok(report::build(results, &shm_before))
}

/// What the observer hands back when the run ends.
#[derive(Debug, Default)]
pub struct SoakResults {
    pub pacing: FramePacing,
    pub while_decoding: FramePacing,
    pub while_idle: FramePacing,
    pub per_transition: std::collections::BTreeMap<String, crate::pacing::PacingSummary>,
    /// From the start of the show to its first frame, and to the first photo on screen.
    pub first_frame: Option<Duration>,
    pub first_photo: Option<Duration>,
    pub kill_recoveries: Vec<Duration>,
    pub hang_recoveries: Vec<Duration>,
    /// For each frame the visualizer drew music on: how long before it was presented the
    /// newest sound it drew was heard.
    pub sound_to_picture: Vec<Duration>,
    pub worker_restarts: u64,
    pub kills: usize,
    pub stops: usize,
    pub photos_shown: u64,
    pub rss_start: u64,
    pub rss_end: u64,
    pub pids: HashSet<u32>,
    /// The rung the show ended on, and what was said about it.
    pub rung: crate::app::Rung,
    pub rung_said: Option<String>,
    /// Every window's frames, measured on their own (one per monitor with `--screensaver`).
    pub windows: std::collections::BTreeMap<usize, WindowResults>,
    pub panel_opened_in: Option<Duration>,
    /// From the change of settings to the first frame with it, and frames in between.
    pub change_applied: Option<(Duration, usize)>,
}

/// One window's frames: its intervals while something moved, and how many of those were
/// over twice its frame interval while a transition ran.
#[derive(Debug, Default)]
pub struct WindowResults {
    pub pacing: FramePacing,
    pub frame_interval: Duration,
    pub transition_frames: usize,
    pub over_twice_in_transitions: usize,
    pub first_photo: Option<Duration>,
    last_due: Option<Instant>,
}

impl WindowResults {
    /// A frame of this window, once measuring has started.
    fn frame(&mut self, frame: &FrameContext<'_>) {
        self.frame_interval = frame.frame_interval;
        if !frame.moving {
            self.pacing.pause();
            self.last_due = None;
            return;
        }
        self.pacing.frame(frame.now);
        if let (Some(last), Some(_)) = (self.last_due, frame.transition) {
            self.transition_frames += 1;
            if frame.now.saturating_duration_since(last) > 2 * frame.frame_interval {
                self.over_twice_in_transitions += 1;
            }
        }
        self.last_due = Some(frame.now);
    }
}

/// A slot the observer fills at the end of the run and the command reads afterwards.
type Shared = std::rc::Rc<std::cell::Cell<Option<SoakResults>>>;

struct SoakObserver {
    measure_from: Instant,
    duration: Duration,
    /// Set when measuring starts.
    end: Option<Instant>,
    pacing: FramePacing,
    /// The same intervals, split by whether decode workers were busy as each frame ended.
    while_decoding: FramePacing,
    while_idle: FramePacing,
    /// The last frame that was due, for the split intervals.
    last_due: Option<Instant>,
    per_transition: crate::pacing::PerTransition,
    first_frame: Option<Duration>,
    injector: Option<FaultInjector>,
    plan: FaultPlan,
    rss: crate::rss::RssSampler,
    rss_start: Option<u64>,
    pids: HashSet<u32>,
    /// The rung of the latest frame, and what was said about it.
    rung: Option<(crate::app::Rung, Option<String>)>,
    /// Each window's frames (the overall figures are the first window's).
    windows: std::collections::BTreeMap<usize, WindowResults>,
    /// The first window's sound-to-picture delays.
    sound_to_picture: Vec<Duration>,
    panel_opened_in: Option<Duration>,
    /// The settings to change to, once measuring starts; then when they were asked for, the
    /// settings asked for, and frames presented since without them.
    changes: Vec<(String, toml::Value)>,
    change: Option<(Instant, crate::settings::Settings, usize)>,
    change_applied: Option<(Duration, usize)>,
    results: Shared,
}

impl SoakObserver {
    fn new(options: &SoakOptions, rss: crate::rss::RssSampler) -> Self {
        let now = Instant::now();
        Self {
            measure_from: now + WARMUP,
            duration: options.duration,
            end: None,
            pacing: FramePacing::default(),
            while_decoding: FramePacing::default(),
            while_idle: FramePacing::default(),
            last_due: None,
            per_transition: Default::default(),
            first_frame: None,
            injector: None,
            plan: options.faults,
            rss,
            rss_start: None,
            pids: HashSet::new(),
            rung: None,
            windows: Default::default(),
            sound_to_picture: Vec::new(),
            panel_opened_in: None,
            changes: options.changes.clone(),
            change: None,
            change_applied: None,
            results: Shared::default(),
        }
    }
}

impl FrameObserver for SoakObserver {
    fn on_frame(&mut self, frame: &FrameContext<'_>) -> bool {
        self.pids.extend(frame.workers.iter().filter_map(|w| w.pid));
        if self.rung.as_ref().map(|(rung, _)| *rung) != Some(frame.rung) {
            self.rung = Some((frame.rung, frame.rung_said.map(str::to_owned)));
        }
        self.first_frame.get_or_insert(frame.since_start);
        if frame.panel_opened_in.is_some() {
            self.panel_opened_in = frame.panel_opened_in;
        }
        if let Some((asked, wanted, frames)) = &mut self.change
            && self.change_applied.is_none()
        {
            if frame.settings == wanted {
                self.change_applied = Some((frame.now.saturating_duration_since(*asked), *frames));
            } else {
                *frames += 1;
            }
        }
        let window = self.windows.entry(frame.window).or_default();
        if frame.photo_on_screen {
            // The first photo is the last window's to get one: every monitor has a photo.
            window.first_photo.get_or_insert(frame.since_start);
        }
        if self.rss_start.is_none()
            && (frame.now < self.measure_from || frame.photos_shown < WARMUP_PHOTOS)
        {
            return true;
        }
        window.frame(frame);
        if frame.window != 0 {
            // The overall figures, the fault injection and the end are the first window's.
            return true;
        }
        self.rss_start.get_or_insert_with(|| self.rss.current());
        let end = *self.end.get_or_insert(frame.now + self.duration);
        self.per_transition.frame(frame.now, frame.transition);
        self.sound_to_picture.extend(frame.sound_age);
        if frame.moving {
            self.pacing.frame(frame.now);
            if let Some(last) = self.last_due {
                let interval = frame.now.saturating_duration_since(last);
                match frame.decoding {
                    true => self.while_decoding.record(interval),
                    false => self.while_idle.record(interval),
                }
            }
            self.last_due = Some(frame.now);
        } else {
            // A still photo is drawn once and left: the wait until the next change is not a
            // frame interval.
            self.pacing.pause();
            self.last_due = None;
        }
        let injector = self
            .injector
            .get_or_insert_with(|| FaultInjector::new(self.plan, frame.now));
        injector.step(frame.now, frame.workers);
        if frame.now < end {
            return true;
        }
        injector.resume_all();
        self.results.set(Some(SoakResults {
            pacing: std::mem::take(&mut self.pacing),
            while_decoding: std::mem::take(&mut self.while_decoding),
            while_idle: std::mem::take(&mut self.while_idle),
            per_transition: self.per_transition.totals(),
            first_frame: self.first_frame,
            // Every window has a photo from the last one's first.
            first_photo: self
                .windows
                .values()
                .map(|window| window.first_photo)
                .collect::<Option<Vec<_>>>()
                .and_then(|firsts| firsts.into_iter().max()),
            kill_recoveries: std::mem::take(&mut injector.kill_recoveries),
            sound_to_picture: std::mem::take(&mut self.sound_to_picture),
            hang_recoveries: std::mem::take(&mut injector.hang_recoveries),
            worker_restarts: frame.workers.iter().map(|w| w.restarts).sum(),
            kills: injector.kills,
            stops: injector.stops,
            photos_shown: frame.photos_shown,
            rss_start: self.rss_start.unwrap_or_default(),
            rss_end: self.rss.current(),
            pids: std::mem::take(&mut self.pids),
            rung: self
                .rung
                .as_ref()
                .map_or(crate::app::Rung::Shader, |(rung, _)| *rung),
            rung_said: self.rung.take().and_then(|(_, said)| said),
            windows: std::mem::take(&mut self.windows),
            panel_opened_in: self.panel_opened_in,
            change_applied: self.change_applied,
        }));
        false
    }

    /// The changes asked for, once measuring has started (once).
    fn change_settings(
        &mut self,
        current: &crate::settings::Settings,
    ) -> Option<crate::settings::Settings> {
        if self.changes.is_empty() || self.rss_start.is_none() || self.change.is_some() {
            return None;
        }
        let wanted = with_changes(current, &self.changes);
        self.change = Some((Instant::now(), wanted.clone(), 0));
        Some(wanted)
    }
}

/// `current` with `changes` (keys of the settings file and their values) over it; a change that
/// does not fit is said and left out.
fn with_changes(
    current: &crate::settings::Settings,
    changes: &[(String, toml::Value)],
) -> crate::settings::Settings {
    use serde::Deserialize as _;
    let mut settings = current.clone();
    for (key, value) in changes {
        let Ok(mut table) = toml::Table::try_from(&settings) else {
            continue;
        };
        table.insert(key.clone(), value.clone());
        match crate::settings::Settings::deserialize(table) {
            Ok(changed) => settings = changed,
            Err(e) => tracing::warn!("--set {key}: {e}; left out"),
        }
    }
    settings.clamped("--set").0
}
