//! Saving the panel's changes off the render thread: changes are gathered until they have
//! been quiet for a moment (a slider dragged is one save, not sixty), then written in where
//! they take effect (`edit.rs`), atomically (`store.rs`). The last change is written also
//! when the show ends mid-pause; one that could not be written (the file was being edited by
//! hand, the disk was full) is tried again with the next change, and at the end.

use std::path::PathBuf;
use std::thread::JoinHandle;
use std::time::Duration;

use crossbeam_channel::{Receiver, RecvTimeoutError};

use super::{Mode, Settings, edit, save};
use crate::supervisor::{DropOldestSender, drop_oldest};

/// How long changes must be quiet before they are written.
pub const QUIET: Duration = Duration::from_millis(400);

#[derive(Debug)]
pub struct Saver {
    changes: Option<DropOldestSender<Settings>>,
    /// After each write: `None` when it went well, else what went wrong.
    outcomes: Receiver<Option<String>>,
    problem: Option<String>,
    thread: Option<JoinHandle<()>>,
    /// Told when the thread has written its last.
    done: Receiver<()>,
    path: PathBuf,
}

/// How long the end of the show waits for the last write (a hung home folder must not hang
/// the exit; the change is then lost, said).
const LAST_WRITE: Duration = Duration::from_secs(2);

impl Saver {
    /// Starts the saver for `path`, the file `mode` reads; `baseline` is what the panel
    /// started from (what is not changed from it is never written).
    pub fn start(path: PathBuf, mode: Mode, baseline: Settings) -> std::io::Result<Self> {
        let (changes, changes_rx) = drop_oldest(4);
        let (outcomes_tx, outcomes) = drop_oldest(4);
        let file = path.clone();
        let (done_tx, done) = crossbeam_channel::bounded(1);
        let thread = std::thread::Builder::new()
            .name("settings-saver".into())
            .spawn(move || {
                let mut written = baseline;
                // A change that could not be written, tried again with the next, or at the end.
                let mut unwritten = None;
                loop {
                    let next = quiet_after(&changes_rx);
                    // The show has ended: what is unwritten is tried once more, then no more.
                    let last = next.is_none();
                    let latest = match (next, unwritten.take()) {
                        (Some(latest), _) | (None, Some(latest)) => latest,
                        (None, None) => break,
                    };
                    let outcome = write(&file, mode, &written, &latest);
                    match &outcome {
                        Ok(()) => {
                            tracing::info!("settings saved to {}", file.display());
                            written = latest;
                        }
                        Err(e) => {
                            tracing::warn!("{e}");
                            unwritten = Some(latest);
                        }
                    }
                    outcomes_tx.push(outcome.err());
                    if last {
                        break;
                    }
                }
                let _ = done_tx.send(());
            })?;
        Ok(Self {
            changes: Some(changes),
            outcomes,
            problem: None,
            thread: Some(thread),
            done,
            path,
        })
    }

    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// Queues `settings` to be saved; never waits.
    pub fn changed(&self, settings: Settings) {
        if let Some(changes) = &self.changes {
            changes.push(settings);
        }
    }

    /// What went wrong with the last write, if it did; never waits.
    pub fn problem(&mut self) -> Option<&str> {
        for outcome in self.outcomes.try_iter() {
            self.problem = outcome;
        }
        self.problem.as_deref()
    }

    /// Writes what is queued now and ends the thread; waits for the write (for the end of the
    /// show, never the render loop).
    pub fn finish(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        self.changes = None;
        let Some(thread) = self.thread.take() else {
            return;
        };
        match self.done.recv_timeout(LAST_WRITE) {
            Ok(()) => {
                let _ = thread.join();
            }
            // Left to finish on its own (or not): the exit goes on.
            Err(_) => tracing::warn!(
                "the settings were not saved within {} s; the last change may be lost",
                LAST_WRITE.as_secs()
            ),
        }
    }
}

impl Drop for Saver {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The newest change once changes have been quiet for [`QUIET`] (or the queue closed); `None`
/// when closed with nothing left to write.
fn quiet_after(changes: &Receiver<Settings>) -> Option<Settings> {
    let mut latest = changes.recv().ok()?;
    loop {
        match changes.recv_timeout(QUIET) {
            Ok(newer) => latest = newer,
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return Some(latest),
        }
    }
}

fn write(
    path: &std::path::Path,
    mode: Mode,
    before: &Settings,
    after: &Settings,
) -> Result<(), String> {
    let changes = edit::changed_keys(before, after)
        .map_err(|e| format!("the settings cannot be written as TOML ({e}); not saved"))?;
    if changes.is_empty() {
        return Ok(());
    }
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(format!(
                "cannot read {} to save the settings: {e}",
                path.display()
            ));
        }
    };
    let text = edit::edited(&text, mode, &changes).map_err(|e| {
        format!(
            "{} cannot be read as TOML now ({}); the changes are not saved",
            path.display(),
            e.to_string().lines().next().unwrap_or_default()
        )
    })?;
    save(path, &text).map_err(|e| format!("cannot save the settings to {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_change_is_written_and_unknown_keys_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.toml");
        std::fs::write(&path, "newer_key = 1\n").unwrap();
        let baseline = Settings::defaults(Mode::Window);
        let saver = Saver::start(path.clone(), Mode::Window, baseline.clone()).unwrap();
        for secs in 1..=30 {
            let mut changed = baseline.clone();
            changed.display_secs = f64::from(secs);
            saver.changed(changed);
        }
        saver.finish();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("newer_key = 1"), "{text}");
        assert!(text.contains("display_secs = 30.0"), "{text}");
        assert_eq!(text.matches("display_secs").count(), 1, "{text}");
    }

    #[test]
    fn a_change_that_could_not_be_written_is_written_at_the_end() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.toml");
        // Being edited by hand: not TOML at the moment of the first write.
        std::fs::write(&path, "clock = \n").unwrap();
        let baseline = Settings::defaults(Mode::Window);
        let mut saver = Saver::start(path.clone(), Mode::Window, baseline.clone()).unwrap();
        let mut changed = baseline;
        changed.display_secs = 9.0;
        saver.changed(changed);
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while saver.problem().is_none() {
            assert!(std::time::Instant::now() < deadline, "no problem said");
            std::thread::sleep(Duration::from_millis(20));
        }
        // The hand edit is finished; the show ends without another change.
        std::fs::write(&path, "clock = true # mine\n").unwrap();
        saver.finish();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("display_secs = 9.0"), "{text}");
        assert!(text.contains("clock = true # mine"), "{text}");
    }

    #[test]
    fn a_file_that_cannot_be_written_is_said_and_nothing_is_lost() {
        let dir = tempfile::tempdir().unwrap();
        // A folder where the file should be: it can be neither read nor replaced.
        let path = dir.path().join("settings.toml");
        std::fs::create_dir(&path).unwrap();
        let baseline = Settings::defaults(Mode::Window);
        let mut saver = Saver::start(path.clone(), Mode::Window, baseline.clone()).unwrap();
        let mut changed = baseline;
        changed.clock = true;
        saver.changed(changed);
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let problem = loop {
            if let Some(problem) = saver.problem() {
                break problem.to_owned();
            }
            assert!(std::time::Instant::now() < deadline, "no problem said");
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(problem.contains("settings.toml"), "{problem}");
        assert!(path.is_dir(), "what was there is untouched");
    }
}
