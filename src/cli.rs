//! The command line: every mode of the one `framewave` executable.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "framewave",
    version,
    about = "Photo-slideshow screensaver and music visualizer",
    long_about = "Photo-slideshow screensaver and music visualizer.\n\n\
        With no command, opens the windowed slideshow on the bundled photos (or --photos DIR).",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub show: ShowArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Windowed slideshow (the default when no command is given).
    Show(ShowArgs),
    /// Composite one frame of a transition offscreen and write it as a PNG.
    Render(RenderArgs),
    /// Decode, orient and prescale one photo through a decode worker process, as the slideshow
    /// would, and write it as a PNG.
    Prescale(PrescaleArgs),
    /// Run the real slideshow fast for a while, optionally injecting worker faults, and report
    /// frame pacing, recovery times, memory and leftovers (check your own machine with it).
    Soak(SoakArgs),
    /// Search photo folders as the slideshow does, and report how many photos were found, how
    /// long it took and how much memory the list takes.
    Scan(ScanArgs),
    /// List every transition, one per line: name, default duration, easing, parameters, origin.
    Transitions(TransitionsArgs),
    /// Print the effective settings as TOML (the file's, over the defaults), or where they live.
    Config(ConfigArgs),
    /// The windowed music visualizer: bars over the slideshow (or alone, `--no-photos`),
    /// listening to what the computer plays, a device, or a music file.
    Visualizer(VisualizerArgs),
    /// List the audio devices the visualizer can listen to (for `audio_device`).
    AudioDevices,
    /// The settings panel, over a preview of the show in a window: every setting, saved as it
    /// changes (the screensaver's configuration; `--window` for the windowed show's).
    Settings(SettingsArgs),
    /// Analyse a music file as the audio worker does, as fast as it can, and print what it
    /// found: tempo, beats, onsets, the dominant frequency.
    AnalyzeAudio(AnalyzeAudioArgs),
    /// Internal: run as a worker process of the UI.
    #[command(hide = true)]
    Worker(WorkerCommand),
}

/// Where the photos come from and the order they are shown in.
#[derive(Debug, Clone, Args)]
pub struct SourceArgs {
    /// Folder of photos to show, searched recursively; repeat for several (default: the
    /// bundled photos).
    #[arg(long, value_name = "DIR")]
    pub photos: Vec<PathBuf>,
    /// Only show files matching this glob, relative to their folder (e.g. "2024/**"); repeat
    /// for several. Default: every photo file.
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
    /// Never show files matching this glob (e.g. "**/.trash/**"); repeat for several.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// The order photos are shown in (default: shuffle).
    #[arg(long, value_enum)]
    pub order: Option<OrderArg>,
}

/// The show's options. Each one given here overrides the settings file for this run; the
/// defaults named are the file's defaults (see `framewave config`).
#[derive(Debug, Clone, Args)]
pub struct ShowArgs {
    /// Read the settings from this file instead of the platform's (`framewave config --path`).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Run as the screensaver: its settings section, every monitor, fullscreen, and input
    /// ends the show.
    #[arg(long)]
    pub screensaver: bool,
    /// Fill the monitor, borderless (F11 toggles it); `--fullscreen=false` for a window even
    /// if the settings say otherwise.
    #[arg(long, num_args = 0..=1, default_missing_value = "true", require_equals = true)]
    pub fullscreen: Option<bool>,
    /// End the show on any key, click or mouse movement (`=false`: only Esc and Q end it).
    #[arg(long, num_args = 0..=1, default_missing_value = "true", require_equals = true)]
    pub exit_on_input: Option<bool>,
    /// Draw into this X11 window (as XScreenSaver and xsecurelock run savers; `-window-id`
    /// works too; default: the window in XSCREENSAVER_WINDOW, if set).
    #[arg(long, value_name = "ID", value_parser = crate::hosts::parse_window_id)]
    pub window_id: Option<u32>,
    /// Draw into the X11 root window (XScreenSaver's `-root`).
    #[arg(long, conflicts_with = "window_id")]
    pub root: bool,
    #[command(flatten)]
    pub source: SourceArgs,
    /// Seconds each photo stays on screen before the next transition (default 6).
    #[arg(long, value_name = "SECONDS")]
    pub display_secs: Option<f32>,
    /// Seconds every transition takes (default: each transition's own duration).
    #[arg(long, value_name = "SECONDS")]
    pub transition_secs: Option<f32>,
    /// The transition between photos: a name from `framewave transitions`, or `random`
    /// (default).
    #[arg(long, value_name = "NAME")]
    pub transition: Option<String>,
    /// The pool `random` picks from (comma-separated names; default: every transition).
    #[arg(long, value_name = "A,B,C", value_delimiter = ',')]
    pub transitions: Vec<String>,
    #[command(flatten)]
    pub user_transitions: TransitionsArgs,
    /// How photos fit the window (default: fill).
    #[arg(long, value_enum)]
    pub fit: Option<FitArg>,
    /// Do not watch the photo folders for photos added or removed while the show runs.
    #[arg(long)]
    pub no_watch: bool,
    /// Ken Burns: each photo slowly zooms and pans while it is on screen (`=false` to turn off
    /// what the settings turned on).
    #[arg(long, num_args = 0..=1, default_missing_value = "true", require_equals = true)]
    pub ken_burns: Option<bool>,
    /// Draw on this rung: `shader` (the GPU's transition shaders), `compositor` (the GPU's one
    /// fixed pipeline: crossfade, slide, wipe, Ken Burns) or `software` (the CPU, no GPU at
    /// all). Default: the GPU if one opens and is not a CPU rasterizer, else software.
    #[arg(long, value_enum)]
    pub rung: Option<crate::rung::Rung>,
    /// Initial window size in logical pixels (default 1280x720).
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    pub size: Option<(u32, u32)>,
    /// A photo still being prepared after this many seconds is given up on (its worker is
    /// restarted; a photo that does this twice is left out). The largest photos allowed take
    /// about 3.5 s on a 2-core machine (default 15).
    #[arg(long, value_name = "SECONDS")]
    pub job_deadline_secs: Option<f32>,
    /// Write one line per transition run here: name, duration, frames, p99, max, holes.
    #[arg(long, value_name = "FILE")]
    pub perf_log: Option<PathBuf>,
    /// Frames per second at most (default: the monitor's refresh rate). A still photo is not
    /// redrawn at all until something changes.
    #[arg(long, value_name = "FPS")]
    pub max_fps: Option<f64>,
    #[command(flatten)]
    pub music: MusicArgs,
    /// Internal: make the decode workers misbehave, for tests.
    #[arg(long, hide = true, value_name = "FAULT")]
    pub worker_fault: Option<String>,
    /// Internal, for tests: make the GPU fail once the second photo is on screen (see
    /// ARCHITECTURE.md, "Rendering rungs"): `shader-compile`, `pipeline`, `device-lost`,
    /// `device-lost-twice`, `no-adapter` (at start), `surface-lost`, `gpu-hang`, `driver-crash`.
    #[arg(long, hide = true, value_enum, value_name = "FAULT")]
    pub inject_gpu_fault: Option<crate::rung::GpuFault>,
}

/// Where the audio worker listens, as the settings file says it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize, ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum AudioSourceKind {
    #[default]
    Auto,
    Playing,
    Device,
    File,
    Clip,
}

/// The music: what is drawn and what is listened to.
#[derive(Debug, Clone, Default, Args)]
pub struct MusicArgs {
    /// The music visualizer (default: off; `framewave visualizer`: bars).
    #[arg(long, value_enum, value_name = "MODE")]
    pub visualizer: Option<crate::visualizer::Mode>,
    /// Where the visualizer goes (default: a band along the bottom).
    #[arg(long, value_enum, value_name = "WHERE")]
    pub placement: Option<crate::visualizer::Placement>,
    /// The visualizer's colours (default: aurora).
    #[arg(long, value_enum)]
    pub theme: Option<crate::visualizer::Theme>,
    /// Play this music file and show it (WAV, FLAC, MP3, Ogg Vorbis).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["audio_source", "audio_device"])]
    pub audio_file: Option<PathBuf>,
    /// What to listen to (default: auto, what the computer plays).
    #[arg(long, value_enum)]
    pub audio_source: Option<AudioSourceKind>,
    /// Listen to this input device (as `framewave audio-devices` lists it).
    #[arg(long, value_name = "NAME")]
    pub audio_device: Option<String>,
    /// Transitions start on a beat of the music (`=false` to turn off).
    #[arg(long, num_args = 0..=1, default_missing_value = "true", require_equals = true)]
    pub beat_sync: Option<bool>,
    /// A clock over the photos (`=false` to turn off; its look is in the settings).
    #[arg(long, num_args = 0..=1, default_missing_value = "true", require_equals = true)]
    pub clock: Option<bool>,
}

#[derive(Debug, Clone, Args)]
pub struct SettingsArgs {
    /// Change the windowed show's settings rather than the screensaver's (a key the file's
    /// `[window]` section sets is changed there; others are written as common keys).
    #[arg(long)]
    pub window: bool,
    /// The settings file (default: the platform's config folder).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The preview's window size in logical pixels.
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    pub size: Option<(u32, u32)>,
    /// Draw on this rung (default: the best this machine has).
    #[arg(long, value_enum)]
    pub rung: Option<crate::rung::Rung>,
}

#[derive(Debug, Clone, Args)]
pub struct VisualizerArgs {
    /// The visualizer alone, on black: no photos at all.
    #[arg(long)]
    pub no_photos: bool,
    #[command(flatten)]
    pub show: ShowArgs,
}

/// The order photos are shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OrderArg {
    /// Every photo once per round, in a new random order each round.
    Shuffle,
    /// By file path.
    ByName,
    /// By date taken (EXIF; the file's time when a photo has none).
    ByDate,
}

impl From<OrderArg> for crate::library::Order {
    fn from(order: OrderArg) -> Self {
        match order {
            OrderArg::Shuffle => Self::Shuffle,
            OrderArg::ByName => Self::ByName,
            OrderArg::ByDate => Self::ByDate,
        }
    }
}

/// How a photo fits the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FitArg {
    /// Cover the screen, cropping what overflows.
    Fill,
    /// Show the whole photo over a blurred, darkened copy of itself.
    Fit,
    /// Like fit, but never enlarge a small photo.
    FitNoUpscale,
}

impl From<FitArg> for framewave_protocol::Fit {
    fn from(fit: FitArg) -> Self {
        match fit {
            FitArg::Fill => Self::Fill,
            FitArg::Fit => Self::Fit,
            FitArg::FitNoUpscale => Self::FitNoUpscale,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct PrescaleArgs {
    /// The photo to prepare.
    #[arg(long = "in", value_name = "FILE")]
    pub input: PathBuf,
    /// Output size in pixels.
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    pub size: (u32, u32),
    #[arg(long, value_enum, default_value_t = FitArg::Fill)]
    pub fit: FitArg,
    /// Where to write the PNG.
    #[arg(long, value_name = "OUT.png")]
    pub out: PathBuf,
}

/// Where the user's own transitions are.
#[derive(Debug, Clone, Args)]
pub struct TransitionsArgs {
    /// Folder of your own transitions (.wgsl files, and .glsl files of the gl-transitions
    /// collection; default: `transitions` in framewave's config folder).
    #[arg(long, value_name = "DIR")]
    pub transitions_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct RenderArgs {
    #[command(flatten)]
    pub user_transitions: TransitionsArgs,
    /// The photo shown at progress 0.
    #[arg(long, value_name = "FILE")]
    pub from: PathBuf,
    /// The photo shown at progress 1.
    #[arg(long, value_name = "FILE")]
    pub to: PathBuf,
    /// The transition (see `framewave transitions`).
    #[arg(long, value_name = "NAME", default_value = "crossfade")]
    pub transition: String,
    /// A parameter of the transition, e.g. `direction=3`; repeat for several.
    #[arg(long = "param", value_name = "KEY=VALUE")]
    pub params: Vec<String>,
    /// How far through the transition's time, 0 to 1 (its easing is applied).
    #[arg(long, value_parser = parse_progress, required_unless_present = "sheet")]
    pub progress: Option<f32>,
    /// Instead of one frame, N frames from progress 0 to 1 side by side in one image.
    #[arg(long, value_name = "N", conflicts_with = "progress", value_parser = clap::value_parser!(u32).range(2..=32))]
    pub sheet: Option<u32>,
    /// Ken Burns: prepare the photos with headroom and frame both this far (0 to 1) through
    /// their zoom and pan.
    #[arg(long, value_name = "MOTION", value_parser = parse_progress)]
    pub ken_burns: Option<f32>,
    /// Output size in pixels.
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    pub size: (u32, u32),
    /// Where to write the PNG.
    #[arg(long, value_name = "OUT.png")]
    pub out: PathBuf,
    /// Render on this rung (`shader`: the GPU's transition shaders; `compositor`: the GPU's
    /// one fixed pipeline; `software`: the CPU). Default: the GPU if there is one.
    #[arg(long, value_enum)]
    pub rung: Option<crate::rung::Rung>,
    /// Draw the visualizer over the frames, from a fixed audio record (the same everywhere).
    #[arg(long, value_enum, value_name = "MODE")]
    pub visualizer: Option<crate::visualizer::Mode>,
    /// Where the visualizer goes.
    #[arg(long, value_enum, default_value = "band", requires = "visualizer")]
    pub placement: crate::visualizer::Placement,
    /// The visualizer's colours (`photo`: from the photo arriving).
    #[arg(long, value_enum, default_value = "aurora", requires = "visualizer")]
    pub theme: crate::visualizer::Theme,
    /// Spectrum bars.
    #[arg(long, default_value_t = 48, value_parser = clap::value_parser!(u32).range(8..=128), requires = "visualizer")]
    pub bars: u32,
    /// Internal, for tests: make the GPU fail (see the show's option of the same name).
    #[arg(long, hide = true, value_enum, value_name = "FAULT")]
    pub inject_gpu_fault: Option<crate::rung::GpuFault>,
}

#[derive(Debug, Clone, Args)]
pub struct SoakArgs {
    /// How long to measure, after a few seconds of start-up.
    #[arg(long, default_value_t = 60)]
    pub seconds: u64,
    /// Folder of photos (default: the bundled photos).
    #[arg(long, value_name = "DIR")]
    pub images: Option<PathBuf>,
    /// SIGKILL a random decode worker every S seconds.
    #[arg(long, value_name = "S")]
    pub kill_workers_every: Option<f64>,
    /// SIGSTOP every decode worker for S seconds, then SIGCONT (repeated every S + 5 seconds).
    #[arg(long, value_name = "S")]
    pub stop_workers_for: Option<f64>,
    /// Print the report as one line of JSON (default: indented JSON).
    #[arg(long)]
    pub json: bool,
    /// The transition to run, or `random` over every built-in.
    #[arg(long, value_name = "NAME", default_value = "random")]
    pub transition: String,
    /// Draw on this rung (`shader`, `compositor` or `software`; default: the best there is).
    #[arg(long, value_enum)]
    pub rung: Option<crate::rung::Rung>,
    /// Run as the screensaver does: one fullscreen window per monitor (input does not end
    /// the soak), each monitor's frame pacing reported on its own.
    #[arg(long)]
    pub screensaver: bool,
    /// With `--screensaver`: every monitor shows the same photo.
    #[arg(long, requires = "screensaver")]
    pub same_photo: bool,
    /// The visualizer over the photos, listening to the bundled clip (default: off).
    #[arg(long, value_enum, default_value = "off")]
    pub visualizer: crate::visualizer::Mode,
    /// The settings panel open over the show from the start (its cost on the frames, and how
    /// long it took to appear).
    #[arg(long)]
    pub panel: bool,
    /// Change a setting when measuring starts, as the panel does (`KEY=VALUE`, a key of the
    /// settings file and a TOML value, e.g. `transition="wipe"`); repeat for several.
    #[arg(long = "set", value_name = "KEY=VALUE", value_parser = parse_setting)]
    pub changes: Vec<(String, toml::Value)>,
}

/// `KEY=VALUE`, the value read as TOML (a bare word as a string).
fn parse_setting(text: &str) -> Result<(String, toml::Value), String> {
    let (key, value) = text
        .split_once('=')
        .ok_or_else(|| format!("{text:?} is not KEY=VALUE"))?;
    let value = format!("value = {value}")
        .parse::<toml::Table>()
        .ok()
        .and_then(|mut table| table.remove("value"))
        .unwrap_or_else(|| toml::Value::String(value.to_owned()));
    Ok((key.trim().to_owned(), value))
}

#[derive(Debug, Clone, Args)]
pub struct AnalyzeAudioArgs {
    /// The music file (WAV, FLAC, MP3, Ogg Vorbis).
    #[arg(long = "in", value_name = "FILE")]
    pub input: PathBuf,
    /// Samples per spectrum (a power of two from 256 to 16384).
    #[arg(long, default_value_t = 2048, value_parser = fft_size)]
    pub fft_size: usize,
    /// Print the report as one line of JSON (default: indented JSON).
    #[arg(long)]
    pub json: bool,
}

/// A spectrum size the analysis takes: a power of two from 256 to 16384.
fn fft_size(text: &str) -> Result<usize, String> {
    let size: usize = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))?;
    if size.is_power_of_two() && (256..=16384).contains(&size) {
        Ok(size)
    } else {
        Err(format!("{size} is not a power of two from 256 to 16384"))
    }
}

#[derive(Debug, Clone, Args)]
pub struct ConfigArgs {
    /// Only print the settings file's path.
    #[arg(long)]
    pub path: bool,
    /// Read this file instead of the platform's.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The screensaver's settings (default: the windowed show's).
    #[arg(long)]
    pub screensaver: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ScanArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// Print the report as one line of JSON (default: indented JSON).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Args)]
pub struct WorkerCommand {
    #[arg(value_enum)]
    pub kind: WorkerKind,
    #[arg(long)]
    pub bootstrap: String,
    #[arg(long)]
    pub segment_fd: i32,
    #[arg(long)]
    pub parent: u32,
    /// Deliberate misbehaviour for fault-injection tests.
    #[arg(long, default_value = "none")]
    pub fault: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WorkerKind {
    Decode,
    Audio,
}

/// Parses `1920x1080`.
pub fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let (w, h) = text
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("expected WIDTHxHEIGHT, got {text:?}"))?;
    let parse = |s: &str| s.trim().parse::<u32>().map_err(|e| format!("{s:?}: {e}"));
    let (w, h) = (parse(w)?, parse(h)?);
    if !(1..=16_384).contains(&w) || !(1..=16_384).contains(&h) {
        return Err(format!("{w}x{h}: each side must be 1 to 16384"));
    }
    Ok((w, h))
}

fn parse_progress(text: &str) -> Result<f32, String> {
    let p: f32 = text.parse().map_err(|e| format!("{text:?}: {e}"))?;
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(format!("{p} is outside 0..1"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_and_bad_ones_are_explained() {
        assert_eq!(parse_size("1920x1080"), Ok((1920, 1080)));
        assert!(parse_size("1920").unwrap_err().contains("WIDTHxHEIGHT"));
        assert!(parse_size("0x10").is_err());
        assert!(parse_progress("1.5").is_err());
    }

    #[test]
    fn the_command_line_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
