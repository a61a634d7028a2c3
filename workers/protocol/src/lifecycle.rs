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
