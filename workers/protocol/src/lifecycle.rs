//! Tying a worker's life to its parent's.

use rustix::process::Signal;

/// Asks the kernel to SIGKILL this process when its parent dies, then checks the parent has not
/// already died (in which case we were re-parented before the request took effect).
pub fn die_with_parent(expected_parent: u32) -> std::io::Result<()> {
    rustix::process::set_parent_process_death_signal(Some(Signal::KILL))?;
    let parent = rustix::process::getppid().map_or(0, |pid| pid.as_raw_nonzero().get() as u32);
    if parent != expected_parent {
        return Err(std::io::Error::other(format!(
            "parent {expected_parent} is gone (now {parent})"
        )));
    }
    Ok(())
}

/// Niceness of worker processes: background work yields the CPU to the render loop, so a decode
/// never makes a frame late on a machine with few cores.
pub const WORKER_NICENESS: i32 = 10;

/// Lowers this process's scheduling priority to [`WORKER_NICENESS`]. Failing to is harmless.
pub fn lower_priority() {
    let _ = rustix::process::setpriority_process(None, WORKER_NICENESS);
}
