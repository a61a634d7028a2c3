use std::process::ExitCode;

use clap::Parser as _;
use framewave::cli::Command;
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    framewave::started::started();
    let cli = framewave::cli::Cli::parse();
    // Logs go to stderr; RUST_LOG overrides the level (see ARCHITECTURE.md for what each means).
    // One-shot tools stay quiet: their one line of error is the message.
    let default_filter = match cli.command {
        Some(Command::Prescale(_) | Command::Render(_) | Command::Transitions(_)) => "off",
        // naga's own log repeats, less clearly, what a rejected transition file is told.
        _ => "info,wgpu=warn,naga=off",
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter)),
        )
        .with_writer(std::io::stderr)
        .init();
    match framewave::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("framewave: {error:#}");
            ExitCode::FAILURE
        }
    }
}
