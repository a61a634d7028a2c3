//! `framewave [show]`: the windowed slideshow.

use std::time::Duration;

use anyhow::Context as _;

use crate::app::{self, ShowOptions, from_settings};
use clap::Parser as _;

use crate::cli::{AudioSourceKind, MusicArgs, OrderArg, SettingsArgs, ShowArgs, VisualizerArgs};
use crate::library::LibraryConfig;
use crate::photos::{self, PhotoFilter};
use crate::settings::{self, RungChoice, Settings};
use crate::transitions::TransitionRequest;
use crate::visualizer::{Mode, Placement};

pub fn run(args: &ShowArgs) -> anyhow::Result<()> {
    run_with(effective_settings(args), args, true)
}

/// `framewave settings`: the panel, open over a preview of the show in a window, changing the
/// screensaver's settings (or the window's) in the file.
pub fn run_settings(args: &SettingsArgs) -> anyhow::Result<()> {
    let mode = if args.window {
        settings::Mode::Window
    } else {
        settings::Mode::Screensaver
    };
    let file = settings::path_or_default(args.config.as_deref());
    let from_file = match &file {
        Some(path) => {
            let loaded = settings::load(path, mode);
            for line in &loaded.said {
                tracing::warn!("{line}");
            }
            usable_from_file(loaded.settings, mode)
        }
        None => Settings::defaults(mode),
    };
    // The preview is a window that only Esc or closing ends, whatever the settings say.
    let mut preview = from_file.clone();
    preview.fullscreen = false;
    preview.exit_on_input = false;
    preview.monitors.clear();
    if let Some((width, height)) = args.size {
        preview.window_size = [width, height];
    }
    if let Some(rung) = args.rung {
        preview.rung = RungChoice::from(rung);
    }
    let show_args = crate::cli::Cli::parse_from(["framewave"]).show;
    let mut options = show_options(preview, &show_args, true)?;
    options.settings = from_file;
    options.panel = Some(app::PanelOptions {
        file,
        mode,
        preview: true,
    });
    app::run(options, None)
}

/// `framewave visualizer`: the show with the visualizer on (bars, unless the settings or the
/// command line choose another), over the photos or alone.
pub fn run_visualizer(args: &VisualizerArgs) -> anyhow::Result<()> {
    let mut settings = effective_settings(&args.show);
    if settings.visualizer == Mode::Off {
        settings.visualizer = Mode::Bars;
    }
    if args.no_photos {
        settings.visualizer_placement = Placement::Alone;
    }
    let photos = settings.visualizer_placement != Placement::Alone;
    run_with(settings, &args.show, photos)
}

fn run_with(settings: Settings, args: &ShowArgs, photos: bool) -> anyhow::Result<()> {
    let mut options = show_options(settings, args, photos)?;
    // A show the user sits in front of has the panel (S); a screensaver ends on input instead.
    if !options.exit.exit_on_input && !hosted(args) {
        let (file, mode) = settings_file(args);
        options.panel = Some(app::PanelOptions {
            file,
            mode,
            preview: false,
        });
    }
    app::run(options, None)
}

/// What the show runs with: `settings`, and what only the command line says.
pub fn show_options(
    settings: Settings,
    args: &ShowArgs,
    photos: bool,
) -> anyhow::Result<ShowOptions> {
    let transitions = from_settings::transitions(&settings);
    transitions
        .check_without_files()
        .map_err(anyhow::Error::msg)?;
    let [width, height] = settings.window_size;
    Ok(ShowOptions {
        library: LibraryConfig {
            dates: settings.captions == crate::overlays::CaptionChoice::Date,
            ..library_config(
                &Sources {
                    photos: &folders_there(&settings, args),
                    include: &settings.include,
                    exclude: &settings.exclude,
                    order: settings.order,
                },
                settings.watch,
            )?
        },
        timing: from_settings::timing(&settings),
        transitions,
        transition_secs: from_settings::transition_secs(&settings),
        window_size: (width, height),
        fit: settings.fit.into(),
        restart: Default::default(),
        job_deadline: job_deadline(settings.job_deadline_secs)?,
        worker_args: args
            .worker_fault
            .iter()
            .flat_map(|fault| ["--fault".to_string(), fault.clone()])
            .collect(),
        ken_burns: settings.ken_burns,
        rung: settings.rung.forced(),
        gpu_fault: args.inject_gpu_fault,
        max_fps: from_settings::max_fps(&settings),
        perf_log: args.perf_log.clone(),
        photo_cache: true,
        fullscreen: settings.fullscreen,
        monitors: settings.monitors.clone(),
        same_photo_on_all_monitors: settings.same_photo_on_all_monitors,
        screensaver: args.screensaver,
        exit: from_settings::exit(&settings),
        music: from_settings::music(&settings),
        photos,
        clock: from_settings::clock(&settings),
        burn_in_protection: settings.burn_in_protection,
        #[cfg(target_os = "linux")]
        host: host_window(args)?,
        panel: None,
        settings,
    })
}

/// Whether the show is hosted by a screensaver host (XScreenSaver, xsecurelock): then it is the
/// screensaver, whatever its flags.
fn hosted(args: &ShowArgs) -> bool {
    args.root || args.window_id.is_some() || std::env::var_os("XSCREENSAVER_WINDOW").is_some()
}

/// The settings file and the use (section) this run reads.
fn settings_file(args: &ShowArgs) -> (Option<std::path::PathBuf>, settings::Mode) {
    let mode = if args.screensaver || hosted(args) {
        settings::Mode::Screensaver
    } else {
        settings::Mode::Window
    };
    (settings::path_or_default(args.config.as_deref()), mode)
}

/// The settings for this run: the file's for its use (screensaver or window), then what the
/// command line gives over them. What the file got wrong is said once, at WARN.
pub fn effective_settings(args: &ShowArgs) -> Settings {
    let hosted = hosted(args);
    let (file, mode) = settings_file(args);
    let mut settings = match file {
        Some(path) => {
            if args.config.is_some() && !path.exists() {
                tracing::warn!("no settings file at {}; using the defaults", path.display());
            }
            let loaded = settings::load(&path, mode);
            for line in &loaded.said {
                tracing::warn!("{line}");
            }
            usable_from_file(loaded.settings, mode)
        }
        None => Settings::defaults(mode),
    };
    apply_command_line(&mut settings, args);
    if hosted {
        // The host ends the show on input, and decides the window's size.
        settings.exit_on_input = false;
        settings.fullscreen = false;
    }
    let (settings, said) = settings.clamped("the command line");
    for line in &said {
        tracing::warn!("{line}");
    }
    settings
}

/// The photo folders to search this run: the file's that are there now (one that is not, an
/// unplugged disk, is said and left out of this run, and kept in the settings: the panel
/// never drops it), or the command line's (where one missing is an error).
fn folders_there(settings: &Settings, args: &ShowArgs) -> Vec<std::path::PathBuf> {
    if !args.source.photos.is_empty() {
        return settings.photos.clone();
    }
    settings
        .photos
        .iter()
        .filter(|folder| {
            let there = folder.is_dir();
            if !there {
                tracing::warn!(
                    "settings: the photo folder {} is not there; left out this time",
                    folder.display()
                );
            }
            there
        })
        .cloned()
        .collect()
}

/// The file's settings with what cannot be used here put back to its default, said once: a
/// transition no file or built-in has gives way to the random pool. The same mistake on the
/// command line is an error.
fn usable_from_file(mut settings: Settings, mode: settings::Mode) -> Settings {
    let built_in = TransitionRequest {
        name: settings.transition.clone(),
        pool: settings.transitions.clone(),
        user_dir: None,
    };
    let with_files = TransitionRequest {
        user_dir: from_settings::user_dir(&settings),
        ..built_in.clone()
    };
    // Names the built-ins have need no file read (the common case); others are looked for
    // among the user's files, read here at start, before the window is up.
    let checked = built_in
        .check_without_files()
        .or_else(|_| with_files.load().0.map(drop));
    if let Err(e) = checked {
        let defaults = Settings::defaults(mode);
        tracing::warn!(
            "settings: {e}; using {} over every transition",
            defaults.transition
        );
        settings.transition = defaults.transition;
        settings.transitions = defaults.transitions;
    }
    settings
}

/// What the command line sets, over the settings.
fn apply_command_line(settings: &mut Settings, args: &ShowArgs) {
    let source = &args.source;
    if !source.photos.is_empty() {
        settings.photos.clone_from(&source.photos);
    }
    if !source.include.is_empty() {
        settings.include.clone_from(&source.include);
    }
    if !source.exclude.is_empty() {
        settings.exclude.clone_from(&source.exclude);
    }
    if let Some(order) = source.order {
        settings.order = order;
    }
    if args.no_watch {
        settings.watch = false;
    }
    if let Some(secs) = args.display_secs {
        settings.display_secs = f64::from(secs);
    }
    if let Some(secs) = args.transition_secs {
        settings.transition_secs = f64::from(secs);
    }
    if let Some(name) = &args.transition {
        settings.transition.clone_from(name);
    }
    if !args.transitions.is_empty() {
        settings.transitions.clone_from(&args.transitions);
    }
    if let Some(dir) = &args.user_transitions.transitions_dir {
        settings.transitions_dir.clone_from(dir);
    }
    if let Some(fit) = args.fit {
        settings.fit = fit;
    }
    if let Some(ken_burns) = args.ken_burns {
        settings.ken_burns = ken_burns;
    }
    if let Some(rung) = args.rung {
        settings.rung = RungChoice::from(rung);
    }
    if let Some(fps) = args.max_fps {
        settings.max_fps = fps;
    }
    if let Some((width, height)) = args.size {
        settings.window_size = [width, height];
    }
    if let Some(fullscreen) = args.fullscreen {
        settings.fullscreen = fullscreen;
    }
    if let Some(exit) = args.exit_on_input {
        settings.exit_on_input = exit;
    }
    if let Some(secs) = args.job_deadline_secs {
        settings.job_deadline_secs = f64::from(secs);
    }
    apply_music(settings, &args.music);
}

fn apply_music(settings: &mut Settings, music: &MusicArgs) {
    if let Some(mode) = music.visualizer {
        settings.visualizer = mode;
    }
    if let Some(placement) = music.placement {
        settings.visualizer_placement = placement;
    }
    if let Some(theme) = music.theme {
        settings.visualizer_theme = theme;
    }
    if let Some(source) = music.audio_source {
        settings.audio_source = source;
    }
    if let Some(device) = &music.audio_device {
        settings.audio_source = AudioSourceKind::Device;
        settings.audio_device.clone_from(device);
    }
    if let Some(file) = &music.audio_file {
        settings.audio_source = AudioSourceKind::File;
        settings.audio_file.clone_from(file);
    }
    if let Some(beat_sync) = music.beat_sync {
        settings.beat_sync = beat_sync;
    }
    if let Some(clock) = music.clock {
        settings.clock = clock;
    }
}

/// The screensaver host's window to draw into: `--root`, `--window-id`, or the one in
/// `XSCREENSAVER_WINDOW`; found on the display now, so a wrong id is one clear error.
#[cfg(target_os = "linux")]
fn host_window(args: &ShowArgs) -> anyhow::Result<Option<crate::hosts::x11_host::HostWindow>> {
    use crate::hosts::x11_host::{HostSpec, HostWindow, from_environment};
    let environment = from_environment()
        .transpose()
        .map_err(|e| anyhow::anyhow!("XSCREENSAVER_WINDOW: {e}"))?;
    // XScreenSaver passes -root and names its own window in the environment: that window is
    // the one to draw into (as its own hacks do), the real root only without it.
    let spec = match (args.window_id, args.root) {
        (Some(id), _) => Some(HostSpec::Id(id)),
        (None, true) => environment.or(Some(HostSpec::Root)),
        (None, false) => environment,
    };
    spec.map(HostWindow::find).transpose()
}

/// Under a second would judge healthy workers hung on ordinary photos.
fn job_deadline(secs: f64) -> anyhow::Result<Duration> {
    anyhow::ensure!(
        secs >= 1.0 && secs.is_finite(),
        "the job deadline must be at least 1 s (got {secs})"
    );
    Ok(Duration::from_secs_f64(secs))
}

/// Where the photos come from and the order they are shown in.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    pub photos: &'a [std::path::PathBuf],
    pub include: &'a [String],
    pub exclude: &'a [String],
    pub order: OrderArg,
}

/// The library configuration the command line asks for. A folder named by mistake is said at
/// once; the photos in the folders are searched for in the background.
pub fn library_config(sources: &Sources<'_>, watch: bool) -> anyhow::Result<LibraryConfig> {
    let roots = if sources.photos.is_empty() {
        vec![photos::bundled_dir()]
    } else {
        sources.photos.to_vec()
    };
    for root in &roots {
        let metadata = std::fs::metadata(root)
            .with_context(|| format!("cannot read the photo folder {}", root.display()))?;
        anyhow::ensure!(metadata.is_dir(), "{} is not a folder", root.display());
    }
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64);
    Ok(LibraryConfig {
        roots,
        filter: PhotoFilter::new(sources.include, sources.exclude).context("invalid pattern")?,
        order: sources.order.into(),
        seed,
        watch,
        dates: false,
    })
}
