//! One settings model for every option the show has, read from one TOML file. The file holds
//! common keys, and a `[screensaver]` and a `[window]` section with the same keys over them
//! for that use; the command line overrides all of it for one run.
//!
//! Loading never fails the show: an unknown key or a bad value is said once and that field
//! keeps its default, a value out of range is clamped (said), and a file that does not parse
//! is kept aside unchanged and the defaults are used (`load.rs`). Saving is atomic
//! (`store.rs`).

mod edit;
mod load;
mod saver;
mod store;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use framewave_protocol::{AudioConfig, AudioSource, SmoothingConfig};

use crate::cli::{AudioSourceKind, FitArg, OrderArg};
use crate::rung::Rung;
use crate::visualizer;

pub use edit::{changed_keys, edited};
pub use load::{Loaded, load, path_or_default};
pub use saver::Saver;
pub use store::{default_path, keep_aside, save};

/// What the show is used as: each reads its own section of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Screensaver,
    Window,
}

impl Mode {
    pub fn section(self) -> &'static str {
        match self {
            Self::Screensaver => "screensaver",
            Self::Window => "window",
        }
    }
}

/// The rung to draw on, or the best this machine has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum RungChoice {
    /// The best this machine draws well with.
    Auto,
    /// The GPU with every transition's shader.
    Shader,
    /// The GPU with a few fixed pipelines (crossfade, slide, wipe).
    Compositor,
    /// The CPU alone.
    Software,
}

/// How a window waits for its monitor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum PresentChoice {
    /// Vsync for one window; for several, a mode that never waits (none stalls the others).
    Auto,
    /// Always wait for the monitor: smooth, no tearing, the least power.
    Vsync,
    /// Never wait and never tear (mailbox), where offered; else vsync.
    Mailbox,
    /// Never wait; a frame may tear. For measuring.
    Immediate,
}

impl From<Rung> for RungChoice {
    fn from(rung: Rung) -> Self {
        match rung {
            Rung::Shader => Self::Shader,
            Rung::Compositor => Self::Compositor,
            Rung::Software => Self::Software,
        }
    }
}

impl RungChoice {
    pub fn forced(self) -> Option<Rung> {
        match self {
            Self::Auto => None,
            Self::Shader => Some(Rung::Shader),
            Self::Compositor => Some(Rung::Compositor),
            Self::Software => Some(Rung::Software),
        }
    }
}

/// One transition's easing and parameters, as the user set them (what is not set keeps the
/// transition's own default). Values are text, read as the command line's `--param` is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TransitionTweak {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub easing: Option<String>,
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub params: std::collections::BTreeMap<String, String>,
}

/// Every option of the show. Field names are the file's keys.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Folders of photos, searched recursively (empty: the bundled photos).
    pub photos: Vec<PathBuf>,
    /// Only files matching these globs, relative to their folder (empty: every photo).
    pub include: Vec<String>,
    /// Never files matching these globs.
    pub exclude: Vec<String>,
    pub order: OrderArg,
    /// Follow photos added to or removed from the folders while the show runs.
    pub watch: bool,
    /// Seconds each photo stays before the next transition.
    pub display_secs: f64,
    /// Seconds every transition takes; 0: each transition's own.
    pub transition_secs: f64,
    /// A transition by name, or `random`.
    pub transition: String,
    /// The pool `random` picks from (empty: every transition).
    pub transitions: Vec<String>,
    /// The folder of the user's own transitions (empty: the platform's default).
    pub transitions_dir: PathBuf,
    /// Per transition, by name: its easing and parameter values, over its own defaults
    /// (`[transition_tweaks.wipe] easing = "linear"`, `params = { softness = "0.2" }`).
    pub transition_tweaks: std::collections::BTreeMap<String, TransitionTweak>,
    pub fit: FitArg,
    pub ken_burns: bool,
    /// How far Ken Burns zooms and pans, 0.1 (a hint of motion) to 1 (the whole headroom).
    pub ken_burns_strength: f64,
    pub rung: RungChoice,
    /// Frames per second at most; 0: the monitor's refresh rate.
    pub max_fps: f64,
    /// The monitors to use, by index (empty: all of them).
    pub monitors: Vec<usize>,
    /// Every monitor shows the same photo (else each has its own sequence).
    pub same_photo_on_all_monitors: bool,
    /// Fill the monitor, borderless.
    pub fullscreen: bool,
    /// The window's size in logical pixels, when not fullscreen.
    pub window_size: [u32; 2],
    /// A key, a click or a mouse movement ends the show (else only Esc does).
    pub exit_on_input: bool,
    /// How far the mouse must move, in pixels, to end the show.
    pub exit_mouse_threshold_px: f64,
    /// Seconds after the start during which the mouse may move without ending the show.
    pub exit_grace_secs: f64,
    /// Seconds before a photo still being prepared is given up on.
    pub job_deadline_secs: f64,
    /// The music visualizer: `off`, `bars`, `mirrored`, `oscilloscope` or `radial`.
    pub visualizer: visualizer::Mode,
    /// Where it goes: `band` (along the bottom), `top` (along the top), `overlay` (the whole
    /// screen, over the photos) or `alone` (no photos).
    pub visualizer_placement: visualizer::Placement,
    /// Its colours: `aurora`, `ember`, `ice`, `mono`, or `photo` (from the photo on screen).
    pub visualizer_theme: visualizer::Theme,
    /// Spectrum bars, 8 to 128, spread from `visualizer_low_hz` to `visualizer_high_hz`.
    pub visualizer_bars: u32,
    pub visualizer_low_hz: f64,
    pub visualizer_high_hz: f64,
    /// How smooth the bars move, 0 (raw) to 0.95 (cava's noise reduction).
    pub visualizer_smoothing: f64,
    /// How fast bars fall, 1 as cava.
    pub visualizer_gravity: f64,
    /// Bars pull their neighbours up (cava's monstercat), 0 for off.
    pub visualizer_monstercat: f64,
    /// Bars follow the music's loudness so they use their height.
    pub visualizer_autosens: bool,
    /// Bar height multiplier, 0.1 to 10.
    pub visualizer_sensitivity: f64,
    /// What to listen to: `auto` (what the computer plays, else the
    /// bundled clip), `playing`, `device` (`audio_device`), `file` (`audio_file`) or `clip`.
    pub audio_source: AudioSourceKind,
    /// An input device by name, as `framewave audio-devices` lists it.
    pub audio_device: String,
    /// A music file to play and show (WAV, FLAC, MP3, Ogg Vorbis).
    pub audio_file: PathBuf,
    /// Samples per spectrum: a power of two from 256 to 16384 (2048 is 43 ms at 48 kHz).
    pub audio_fft_size: u32,
    /// Milliseconds to hold the picture back, 0 to 500, for speakers that lag (Bluetooth).
    pub audio_latency_ms: u32,
    /// Transitions start on a beat of the music, once a photo's time is up.
    pub beat_sync: bool,
    /// A clock over the photos.
    pub clock: bool,
    /// 24-hour time (14:05) rather than 12-hour (2:05 PM).
    pub clock_24h: bool,
    /// The date under the time.
    pub clock_date: bool,
    /// Where the clock sits: `top-left`, `top`, `top-right`, `left`, `centre`, `right`,
    /// `bottom-left`, `bottom`, `bottom-right`.
    pub clock_anchor: crate::overlays::Anchor,
    /// The title and artist of the music playing (from any player that says, over MPRIS).
    pub now_playing: bool,
    pub now_playing_anchor: crate::overlays::Anchor,
    /// A caption on each photo: `off`, `file-name` or `date`.
    pub captions: crate::overlays::CaptionChoice,
    pub caption_anchor: crate::overlays::Anchor,
    /// The HUD (F3) is on from the start.
    pub hud: bool,
    /// Text over the photos moves a few pixels, slowly, so it never burns into a screen.
    pub burn_in_protection: bool,
    /// How much darker the whole picture is drawn, 0 (not at all) to 0.8: for a screen in a
    /// dark room, and an OLED screen's sake.
    pub dim: f64,
    /// Decode worker processes, 1 to 16; 0: one fewer than the cores (at least one).
    pub decode_workers: u32,
    /// Photos prepared ahead of the one on screen, 2 to 8; 0: as many as the memory budget
    /// allows (up to 3).
    pub photos_ahead: u32,
    /// Memory for prepared photos (shared frames and textures), in MiB, 64 to 16384.
    pub memory_budget_mib: u32,
    /// How windows wait for their monitor: `auto`, `vsync`, `mailbox` or `immediate`.
    pub present_mode: PresentChoice,
}

impl Settings {
    /// The defaults for `mode`: the screensaver fills every monitor and ends on any input;
    /// the window does neither.
    pub fn defaults(mode: Mode) -> Self {
        let screensaver = mode == Mode::Screensaver;
        Self {
            photos: Vec::new(),
            include: Vec::new(),
            exclude: Vec::new(),
            order: OrderArg::Shuffle,
            watch: true,
            display_secs: 6.0,
            transition_secs: 0.0,
            transition: "random".to_owned(),
            transitions: Vec::new(),
            transitions_dir: PathBuf::new(),
            transition_tweaks: Default::default(),
            fit: FitArg::Fill,
            ken_burns: false,
            ken_burns_strength: 1.0,
            rung: RungChoice::Auto,
            max_fps: 0.0,
            monitors: Vec::new(),
            same_photo_on_all_monitors: false,
            fullscreen: screensaver,
            window_size: [1280, 720],
            exit_on_input: screensaver,
            exit_mouse_threshold_px: 10.0,
            exit_grace_secs: 1.0,
            job_deadline_secs: 15.0,
            visualizer: visualizer::Mode::Off,
            visualizer_placement: visualizer::Placement::Band,
            visualizer_theme: visualizer::Theme::Aurora,
            visualizer_bars: 64,
            visualizer_low_hz: 20.0,
            visualizer_high_hz: 16_000.0,
            visualizer_smoothing: 0.77,
            visualizer_gravity: 1.0,
            visualizer_monstercat: 0.0,
            visualizer_autosens: true,
            visualizer_sensitivity: 1.0,
            audio_source: AudioSourceKind::Auto,
            audio_device: String::new(),
            audio_file: PathBuf::new(),
            audio_fft_size: 2048,
            audio_latency_ms: 0,
            beat_sync: false,
            clock: false,
            clock_24h: true,
            clock_date: true,
            clock_anchor: crate::overlays::Anchor::TopRight,
            now_playing: false,
            now_playing_anchor: crate::overlays::Anchor::BottomLeft,
            captions: crate::overlays::CaptionChoice::Off,
            caption_anchor: crate::overlays::Anchor::BottomRight,
            hud: false,
            burn_in_protection: true,
            dim: 0.0,
            decode_workers: 0,
            photos_ahead: 0,
            memory_budget_mib: 512,
            present_mode: PresentChoice::Auto,
        }
    }

    /// What the audio worker is told.
    pub fn audio_config(&self) -> AudioConfig {
        let source = match self.audio_source {
            AudioSourceKind::Auto => AudioSource::Auto,
            AudioSourceKind::Playing => AudioSource::Playing,
            AudioSourceKind::Device => AudioSource::Device(self.audio_device.clone()),
            AudioSourceKind::File => AudioSource::File(self.audio_file.clone()),
            AudioSourceKind::Clip => AudioSource::Clip,
        };
        AudioConfig {
            source,
            fft_size: self.audio_fft_size,
            bars: self.visualizer_bars,
            low_hz: self.visualizer_low_hz as f32,
            high_hz: self.visualizer_high_hz as f32,
            smoothing: SmoothingConfig {
                noise_reduction: self.visualizer_smoothing as f32,
                gravity: self.visualizer_gravity as f32,
                monstercat: self.visualizer_monstercat as f32,
                autosens: self.visualizer_autosens,
                sensitivity: self.visualizer_sensitivity as f32,
            },
            latency_offset_ms: self.audio_latency_ms,
        }
    }

    /// Brings every value into its range, saying each one changed (`what` names where the
    /// values came from). Never fails: an absurd value becomes the nearest sensible one.
    pub fn clamped(mut self, what: &str) -> (Self, Vec<String>) {
        let mut said = Vec::new();
        let mut clamp = |key: &str, value: &mut f64, low: f64, high: f64, zero_ok: bool| {
            if zero_ok && *value == 0.0 {
                return;
            }
            let fixed = if value.is_nan() {
                low
            } else {
                value.clamp(low, high)
            };
            if fixed != *value {
                said.push(format!(
                    "{what}: {key} = {value} is out of range ({low} to {high}{}); using {fixed}",
                    if zero_ok { ", or 0" } else { "" }
                ));
                *value = fixed;
            }
        };
        clamp("display_secs", &mut self.display_secs, 0.5, 86_400.0, false);
        clamp(
            "transition_secs",
            &mut self.transition_secs,
            0.1,
            60.0,
            true,
        );
        clamp("max_fps", &mut self.max_fps, 1.0, 1000.0, true);
        clamp(
            "exit_mouse_threshold_px",
            &mut self.exit_mouse_threshold_px,
            0.0,
            10_000.0,
            false,
        );
        clamp(
            "exit_grace_secs",
            &mut self.exit_grace_secs,
            0.0,
            60.0,
            false,
        );
        clamp(
            "job_deadline_secs",
            &mut self.job_deadline_secs,
            1.0,
            600.0,
            false,
        );
        clamp(
            "visualizer_low_hz",
            &mut self.visualizer_low_hz,
            10.0,
            20_000.0,
            false,
        );
        let low = (self.visualizer_low_hz * 2.0).min(24_000.0);
        clamp(
            "visualizer_high_hz",
            &mut self.visualizer_high_hz,
            low,
            24_000.0,
            false,
        );
        clamp(
            "visualizer_smoothing",
            &mut self.visualizer_smoothing,
            0.0,
            0.95,
            false,
        );
        clamp(
            "visualizer_gravity",
            &mut self.visualizer_gravity,
            0.0,
            10.0,
            false,
        );
        clamp(
            "visualizer_monstercat",
            &mut self.visualizer_monstercat,
            0.0,
            10.0,
            true,
        );
        clamp(
            "visualizer_sensitivity",
            &mut self.visualizer_sensitivity,
            0.1,
            10.0,
            false,
        );
        clamp("dim", &mut self.dim, 0.0, 0.8, false);
        clamp(
            "ken_burns_strength",
            &mut self.ken_burns_strength,
            0.1,
            1.0,
            false,
        );
        let mut whole = |key: &str, value: &mut u32, low: u32, high: u32| {
            let fixed = (*value).clamp(low, high);
            if fixed != *value {
                said.push(format!(
                    "{what}: {key} = {value} is out of range ({low} to {high}); using {fixed}"
                ));
                *value = fixed;
            }
        };
        whole("visualizer_bars", &mut self.visualizer_bars, 8, 128);
        whole("audio_latency_ms", &mut self.audio_latency_ms, 0, 500);
        whole("audio_fft_size", &mut self.audio_fft_size, 256, 16_384);
        whole("memory_budget_mib", &mut self.memory_budget_mib, 64, 16_384);
        // 0 is "automatic" for these two.
        if self.decode_workers != 0 {
            whole("decode_workers", &mut self.decode_workers, 1, 16);
        }
        if self.photos_ahead != 0 {
            whole("photos_ahead", &mut self.photos_ahead, 2, 8);
        }
        if !self.audio_fft_size.is_power_of_two() {
            let fixed = self.audio_fft_size.next_power_of_two().min(16_384);
            said.push(format!(
                "{what}: audio_fft_size = {} is not a power of two; using {fixed}",
                self.audio_fft_size
            ));
            self.audio_fft_size = fixed;
        }
        for (axis, side) in ["width", "height"].into_iter().zip(&mut self.window_size) {
            let fixed = (*side).clamp(64, 16_384);
            if fixed != *side {
                said.push(format!(
                    "{what}: window_size {axis} {side} is out of range (64 to 16384); using {fixed}"
                ));
                *side = fixed;
            }
        }
        (self, said)
    }

    /// The settings as the file would hold them.
    pub fn to_toml(&self) -> String {
        toml::to_string(self).unwrap_or_else(|e| format!("# cannot print the settings: {e}\n"))
    }
}

#[cfg(test)]
mod tests;
