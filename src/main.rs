use std::process::ExitCode;

use clap::Parser as _;
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    // Logs go to stderr; RUST_LOG overrides the level (see ARCHITECTURE.md for what each means).
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,wgpu=warn,naga=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    match framewave::run(framewave::cli::Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error:#}");
            eprintln!("framewave: {error:#}");
            ExitCode::FAILURE
        }
    }
}
