use std::process::ExitCode;

use clap::Parser as _;
use framewave::app::ui_parent;
use framewave::cli::Command;
use framewave::hosts::{self, Normalised};
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    framewave::started::started();
    // A screensaver host's command line (Windows' /s /c /p, X11's -window-id and -root) first.
    let cli = match hosts::normalised_args(std::env::args_os().collect()) {
        Ok(Normalised::Args(args)) => framewave::cli::Cli::parse_from(args),
        Ok(Normalised::Preview(window)) => {
            eprintln!("framewave: the preview (window {window}) is not drawn on this platform");
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("framewave: {error}");
            return ExitCode::FAILURE;
        }
    };
    // Logs go to stderr; RUST_LOG overrides the level (see ARCHITECTURE.md for what each means).
    // One-shot tools stay quiet: their one line of error is the message.
    let default_filter = match cli.command {
        Some(
            Command::Prescale(_)
            | Command::Transitions(_)
            | Command::Config(_)
            | Command::AnalyzeAudio(_),
        ) => "off",
        // Which rung the frames were rendered on, and why, is said.
        Some(Command::Render(_)) => "framewave=warn",
        // naga's own log repeats, less clearly, what a rejected transition file is told.
        _ => "info,wgpu=warn,naga=off",
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter)),
        )
        .with_writer(std::io::stderr)
        .init();
    // The show and offscreen rendering run under a thin parent that restarts them a rung
    // lower should the GPU driver crash them.
    let under_parent = matches!(
        cli.command,
        None | Some(Command::Show(_) | Command::Render(_))
    );
    if under_parent && !ui_parent::is_child() {
        return match ui_parent::run() {
            Ok(code) => code,
            Err(error) => {
                eprintln!("framewave: {error:#}");
                ExitCode::FAILURE
            }
        };
    }
    if under_parent {
        ui_parent::become_child();
    }
    match framewave::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("framewave: {error:#}");
            ExitCode::FAILURE
        }
    }
}
