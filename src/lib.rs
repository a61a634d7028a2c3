//! framewave: a photo-slideshow screensaver and music visualizer.
//!
//! See ARCHITECTURE.md for the map. In short: [`app`] runs the window and its render loop,
//! [`render`] draws, [`slideshow`] keeps time, [`library`] finds and deals the photos, [`decode`] prepares
//! them in worker processes that [`supervisor`] runs, and
//! [`commands`] holds one entry point per command-line mode.

pub mod app;
pub mod audio;
pub mod cli;
pub mod commands;
pub mod decode;
pub mod hosts;
pub mod library;
pub mod overlays;
pub mod pacing;
pub mod panel;
pub mod photos;
pub mod procfs;
pub mod render;
pub mod rss;
pub mod rung;
pub mod settings;
pub mod slideshow;
pub mod soak;
pub mod started;
pub mod supervisor;
pub mod transitions;
pub mod visualizer;

use cli::{Cli, Command};

/// Runs the mode the command line asks for.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        None => commands::show::run(&cli.show),
        Some(Command::Show(args)) => commands::show::run(&args),
        Some(Command::Render(args)) => commands::render::run(&args),
        Some(Command::Prescale(args)) => commands::prescale::run(&args),
        Some(Command::Soak(args)) => commands::soak::run(&args),
        Some(Command::Scan(args)) => commands::scan::run(&args),
        Some(Command::Transitions(args)) => commands::transitions::run(&args),
        Some(Command::Config(args)) => commands::config::run(&args),
        Some(Command::Visualizer(args)) => commands::show::run_visualizer(&args),
        Some(Command::AudioDevices) => commands::audio_devices::run(),
        Some(Command::Settings(args)) => commands::show::run_settings(&args),
        Some(Command::AnalyzeAudio(args)) => commands::analyze_audio::run(&args),
        Some(Command::Worker(args)) => commands::worker::run(&args),
    }
}
