//! `--perf-log FILE`: one line per transition run, written by a thread of its own (the render
//! loop never touches a file); lines queue without waiting and the oldest go if the disk is
//! slower than the show.

use std::io::Write as _;
use std::path::Path;

use anyhow::Context as _;

use crate::pacing::RunSummary;
use crate::supervisor::{DropOldestSender, drop_oldest};

/// Lines waiting for the writer: minutes of transitions.
const QUEUE: usize = 256;

#[derive(Debug)]
pub struct PerfLog {
    lines: Option<DropOldestSender<String>>,
    writer: Option<std::thread::JoinHandle<()>>,
}

impl PerfLog {
    /// Creates (truncates) `path` and starts its writer.
    pub fn create(path: &Path) -> anyhow::Result<Self> {
        let mut file = std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot write the perf log {}", path.display()))?,
        );
        let (lines, queued) = drop_oldest::<String>(QUEUE);
        let writer = std::thread::Builder::new()
            .name("perf-log".into())
            .spawn(move || {
                for line in queued {
                    // A full disk loses perf lines, never the show.
                    if writeln!(file, "{line}")
                        .and_then(|()| file.flush())
                        .is_err()
                    {
                        return;
                    }
                }
            })?;
        Ok(Self {
            lines: Some(lines),
            writer: Some(writer),
        })
    }

    /// A transition run that has ended.
    pub fn run(&self, run: &RunSummary) {
        if let Some(lines) = &self.lines {
            lines.push(run.to_string());
        }
    }
}

impl Drop for PerfLog {
    /// Every line reaches the file before the show ends (the window is already gone by then).
    fn drop(&mut self) {
        drop(self.lines.take());
        if let Some(writer) = self.writer.take()
            && writer.join().is_err()
        {
            tracing::error!("the perf log writer panicked");
        }
    }
}
