//! The thin parent the UI runs under. A crash inside the GPU driver (a segfault, a failed
//! assertion) kills the process that called it, and no handler in that process can save the
//! screen. So the show runs as a child of this parent, the same binary: when the child ends
//! abnormally (killed by a crash signal, or a panic's exit code) it is started again one rung
//! lower, at most [`MAX_RESTARTS`] times in a minute, with the reason passed on to its log.
//! A normal exit code passes through, and so does a signal: one sent to the parent is
//! forwarded to the child, and the parent ends as the child ended. The child dies with the
//! parent, and the child's workers with the child, as they always have.

use std::ffi::OsString;
use std::os::unix::process::ExitStatusExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, ExitStatus};
use std::sync::atomic::{AtomicI32, AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};

use crate::rung::Rung;
use crate::supervisor::{RestartLimits, RestartPolicy, Verdict};

/// Set in the child: the parent's pid.
const PARENT_ENV: &str = "FRAMEWAVE_UI_PARENT";
/// Set in the child: the file it writes its current rung to, for the parent to read.
const RUNG_FILE_ENV: &str = "FRAMEWAVE_RUNG_FILE";
/// Set in a restarted child: why the one before it ended.
const RESTARTED_ENV: &str = "FRAMEWAVE_RESTARTED_AFTER";

/// Restarts allowed within [`RESTART_WINDOW`].
pub const MAX_RESTARTS: usize = 3;
const RESTART_WINDOW: Duration = Duration::from_secs(60);

/// The signals a crash ends a process with (a panic exits with 101 instead).
const CRASH_SIGNALS: [(i32, &str); 7] = [
    (signal_hook::consts::SIGSEGV, "SIGSEGV"),
    (signal_hook::consts::SIGABRT, "SIGABRT"),
    (signal_hook::consts::SIGBUS, "SIGBUS"),
    (signal_hook::consts::SIGILL, "SIGILL"),
    (signal_hook::consts::SIGFPE, "SIGFPE"),
    (signal_hook::consts::SIGTRAP, "SIGTRAP"),
    (signal_hook::consts::SIGSYS, "SIGSYS"),
];

/// Rust's exit code after a panic.
const PANIC_EXIT: i32 = 101;

/// This process is the UI child of a parent.
pub fn is_child() -> bool {
    std::env::var_os(PARENT_ENV).is_some()
}

/// In the child: dies with the parent (never an orphaned window).
pub fn become_child() {
    let parent = std::env::var(PARENT_ENV)
        .ok()
        .and_then(|pid| pid.parse::<u32>().ok());
    if let Some(parent) = parent
        && let Err(e) = framewave_protocol::lifecycle::die_with_parent(parent)
    {
        tracing::error!("the UI's parent is gone: {e}");
        std::process::exit(1);
    }
}

/// In a restarted child: why the child before it ended.
pub fn restarted_after() -> Option<String> {
    std::env::var(RESTARTED_ENV).ok()
}

/// In the child: tells the parent the rung the session now draws on (it restarts a crashed
/// child one rung below the last one said). The file is written by a thread of its own, in
/// order: the render thread that announces a rung never writes a file.
pub fn record_rung(rung: Rung) {
    static RECORDER: OnceLock<Option<crossbeam_channel::Sender<Rung>>> = OnceLock::new();
    let recorder = RECORDER.get_or_init(|| {
        let path = PathBuf::from(std::env::var_os(RUNG_FILE_ENV)?);
        let (sender, receiver) = crossbeam_channel::bounded::<Rung>(8);
        let spawned = std::thread::Builder::new()
            .name("rung-recorder".into())
            .spawn(move || {
                for rung in receiver {
                    // Into the parent's file only (never one made here).
                    let written = std::fs::OpenOptions::new()
                        .write(true)
                        .truncate(true)
                        .open(&path)
                        .and_then(|mut file| {
                            std::io::Write::write_all(&mut file, rung.name().as_bytes())
                        });
                    if let Err(e) = written {
                        tracing::debug!("cannot record the rung in {}: {e}", path.display());
                    }
                }
            });
        spawned.ok().map(|_| sender)
    });
    if let Some(sender) = recorder {
        // A session announces a rung a handful of times at most: never full.
        let _ = sender.try_send(rung);
    }
}

/// How a child ended, as the parent acts on it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Ending {
    /// Exited with this code: passed through.
    Exited(i32),
    /// Killed by a signal that is not a crash (SIGTERM, SIGKILL, ...): passed through.
    Signalled(i32),
    /// Crashed, and why.
    Crashed(String),
}

fn ending(status: ExitStatus) -> Ending {
    if let Some(signal) = status.signal() {
        return match CRASH_SIGNALS.iter().find(|(s, _)| *s == signal) {
            Some((_, name)) => Ending::Crashed(format!("the UI process was killed by {name}")),
            None => Ending::Signalled(signal),
        };
    }
    match status.code() {
        Some(PANIC_EXIT) => Ending::Crashed("the UI process panicked".to_owned()),
        Some(code) => Ending::Exited(code),
        None => Ending::Exited(1),
    }
}

/// `args` for a child restarted on `rung`: any rung asked for and any injected fault (a
/// fault strikes once) replaced by the rung.
fn restart_args(args: &[OsString], rung: Rung) -> Vec<OsString> {
    let mut kept = Vec::with_capacity(args.len() + 2);
    let mut skip_value = false;
    for arg in args {
        if std::mem::take(&mut skip_value) {
            continue;
        }
        let text = arg.to_string_lossy();
        let flag = text.split('=').next().unwrap_or_default();
        if matches!(flag, "--rung" | "--inject-gpu-fault") {
            skip_value = !text.contains('=');
            continue;
        }
        kept.push(arg.clone());
    }
    kept.push("--rung".into());
    kept.push(rung.name().into());
    kept
}

/// Runs the command line this process was given as a child, restarting it as the module
/// says, and ends as it ended.
pub fn run() -> anyhow::Result<ExitCode> {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let exe = std::env::current_exe()?;
    let rung_file = RungFile::create()?;
    let child_pid = Arc::new(AtomicU32::new(0));
    // The signal the parent was sent, if any (0: none): the show is ending.
    let ending_by = Arc::new(AtomicI32::new(0));
    forward_signals(Arc::clone(&child_pid), Arc::clone(&ending_by))?;
    let mut policy = restart_policy();
    let mut restart: Option<(Rung, String)> = None;
    loop {
        let mut command = Command::new(&exe);
        match &restart {
            Some((rung, why)) => {
                command
                    .args(restart_args(&args, *rung))
                    .env(RESTARTED_ENV, why);
            }
            None => {
                command.args(&args);
            }
        }
        command
            .env(PARENT_ENV, std::process::id().to_string())
            .env(RUNG_FILE_ENV, rung_file.path());
        // Told to end while waiting to restart: no new window flashes up.
        if let signal @ 1.. = ending_by.load(Ordering::SeqCst) {
            drop(rung_file);
            return Ok(end_as_signalled(signal));
        }
        let mut child = command.spawn()?;
        child_pid.store(child.id(), Ordering::SeqCst);
        // A signal that came before the child's pid was known is forwarded now, as it came.
        if let signal @ 1.. = ending_by.load(Ordering::SeqCst) {
            forward(child.id(), signal);
        }
        let status = child.wait()?;
        child_pid.store(0, Ordering::SeqCst);
        let why = match ending(status) {
            Ending::Exited(code) => return Ok(ExitCode::from(code.clamp(0, 255) as u8)),
            Ending::Signalled(signal) => {
                drop(rung_file);
                return Ok(end_as_signalled(signal));
            }
            Ending::Crashed(_) if ending_by.load(Ordering::SeqCst) != 0 => {
                return Ok(ExitCode::FAILURE);
            }
            Ending::Crashed(why) => why,
        };
        // The lowest of what it said and what it was started on (it may die before saying).
        let started_on = restart.as_ref().map(|(rung, _)| *rung);
        let last = rung_file.read().max(started_on).unwrap_or_default();
        let next = last.below().unwrap_or(Rung::Software);
        match policy.on_failure(Instant::now()) {
            Verdict::GiveUp => {
                tracing::error!(
                    "{why}, the {}th time within {} s: giving up",
                    MAX_RESTARTS + 1,
                    RESTART_WINDOW.as_secs()
                );
                return Ok(ExitCode::FAILURE);
            }
            Verdict::RestartAt(at) => {
                tracing::warn!(
                    "{why} (on the {} rung); restarting it on the {} rung",
                    last.name(),
                    next.name()
                );
                std::thread::sleep(at.saturating_duration_since(Instant::now()));
            }
        }
        restart = Some((next, why));
    }
}

/// Ends this process as a child ended by `signal` did, for whoever waits on it; the exit code
/// a shell would give, should the signal's default action be to go on.
fn end_as_signalled(signal: i32) -> ExitCode {
    let _ = signal_hook::low_level::emulate_default_handler(signal);
    ExitCode::from((128 + signal).clamp(0, 255) as u8)
}

fn forward(pid: u32, signal: i32) {
    if let (Some(pid), Some(signal)) = (
        rustix::process::Pid::from_raw(pid as i32),
        rustix::process::Signal::from_named_raw(signal),
    ) {
        let _ = rustix::process::kill_process(pid, signal);
    }
}

/// At most [`MAX_RESTARTS`] within [`RESTART_WINDOW`], soon after each crash.
fn restart_policy() -> RestartPolicy {
    RestartPolicy::new(RestartLimits {
        first_backoff: Duration::from_millis(200),
        max_backoff: Duration::from_secs(2),
        max_restarts: MAX_RESTARTS,
        window: RESTART_WINDOW,
        ..RestartLimits::default()
    })
}

/// Forwards the signals that end a show to the child, from a thread of their own, and notes
/// the last one for the parent to end by.
fn forward_signals(child: Arc<AtomicU32>, ending_by: Arc<AtomicI32>) -> std::io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP, SIGQUIT])?;
    std::thread::Builder::new()
        .name("ui-parent-signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                ending_by.store(signal, Ordering::SeqCst);
                match child.load(Ordering::SeqCst) {
                    0 => {} // between children: the parent sees it before starting another
                    pid => forward(pid, signal),
                }
            }
        })?;
    Ok(())
}

/// The file a child writes its rung to, made anew by the parent (never one already there) in
/// the user's runtime directory when there is one; removed with the parent.
struct RungFile(PathBuf);

impl RungFile {
    fn create() -> std::io::Result<Self> {
        let runtime = std::env::var_os("XDG_RUNTIME_DIR")
            .map(PathBuf::from)
            .filter(|dir| dir.is_dir());
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |t| t.subsec_nanos());
        let mut last_error = None;
        // The runtime directory first; the temporary one if that cannot be written.
        let dirs = runtime.into_iter().chain([std::env::temp_dir()]);
        for (dir, attempt) in dirs.flat_map(|dir| (0..4u32).map(move |n| (dir.clone(), n))) {
            let path = dir.join(format!(
                "framewave-rung-{}-{stamp:x}-{attempt}",
                std::process::id()
            ));
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(_) => return Ok(Self(path)),
                Err(e) => last_error = Some(e),
            }
        }
        Err(last_error.unwrap_or_else(|| std::io::Error::other("no rung file")))
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn read(&self) -> Option<Rung> {
        Rung::from_name(std::fs::read_to_string(&self.0).ok()?.trim())
    }
}

impl Drop for RungFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crashes_restart_and_everything_else_passes_through() {
        let signalled = |signal: i32| ExitStatus::from_raw(signal);
        let exited = |code: i32| ExitStatus::from_raw(code << 8);
        assert!(
            matches!(ending(signalled(signal_hook::consts::SIGSEGV)), Ending::Crashed(why) if why.contains("SIGSEGV"))
        );
        assert!(matches!(
            ending(signalled(signal_hook::consts::SIGABRT)),
            Ending::Crashed(_)
        ));
        assert!(
            matches!(ending(exited(PANIC_EXIT)), Ending::Crashed(why) if why.contains("panicked"))
        );
        assert_eq!(
            ending(signalled(signal_hook::consts::SIGTERM)),
            Ending::Signalled(signal_hook::consts::SIGTERM)
        );
        assert_eq!(
            ending(signalled(signal_hook::consts::SIGKILL)),
            Ending::Signalled(signal_hook::consts::SIGKILL)
        );
        assert_eq!(ending(exited(0)), Ending::Exited(0));
        assert_eq!(ending(exited(1)), Ending::Exited(1));
    }

    #[test]
    fn three_restarts_a_minute_then_the_parent_gives_up() {
        let mut policy = restart_policy();
        let start = Instant::now();
        for i in 0..MAX_RESTARTS as u64 {
            let at = start + Duration::from_secs(10 * i);
            assert!(
                matches!(policy.on_failure(at), Verdict::RestartAt(_)),
                "crash {i}"
            );
        }
        assert_eq!(
            policy.on_failure(start + Duration::from_secs(40)),
            Verdict::GiveUp
        );
        // A minute after the first, a crash is a new story.
        let mut policy = restart_policy();
        for i in 0..MAX_RESTARTS as u64 {
            let _ = policy.on_failure(start + Duration::from_secs(i));
        }
        let later = start + RESTART_WINDOW + Duration::from_secs(5);
        assert!(matches!(policy.on_failure(later), Verdict::RestartAt(_)));
    }

    #[test]
    fn a_restart_replaces_the_rung_and_drops_the_injected_fault() {
        let args: Vec<OsString> = [
            "show",
            "--rung",
            "shader",
            "--inject-gpu-fault=driver-crash",
            "--size",
            "640x360",
        ]
        .map(OsString::from)
        .to_vec();
        let restarted = restart_args(&args, Rung::Compositor);
        assert_eq!(
            restarted,
            ["show", "--size", "640x360", "--rung", "compositor"]
                .map(OsString::from)
                .to_vec()
        );
    }
}
