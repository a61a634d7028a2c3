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

/// Lowers this process's scheduling priority to [`WORKER_NICENESS`]; threads started after
/// inherit it. Failing to is harmless. Not the idle scheduling class: there a busy machine
/// starves a worker outright, its heartbeats stop, and good photos are blamed for hanging it.
pub fn lower_priority() {
    let _ = rustix::process::setpriority_process(None, WORKER_NICENESS);
}

/// The most private memory a worker may have. Decoders check a photo's declared size before
/// allocating, but a hostile file can lie in ways only the decoder sees (a HEIF grid larger
/// than its declared size); past this cap its allocation fails and the worker dies and is
/// restarted, instead of taking the machine's memory. The largest photo allowed (200 MP,
/// decoded and converted) needs under 2 GiB; shared-memory slots do not count.
pub const WORKER_MEMORY_CAP_BYTES: u64 = 3 << 30;

/// Caps this process's data segment (heap and private mappings) at
/// [`WORKER_MEMORY_CAP_BYTES`].
pub fn cap_memory() -> std::io::Result<()> {
    let cap = rustix::process::Rlimit {
        current: Some(WORKER_MEMORY_CAP_BYTES),
        maximum: Some(WORKER_MEMORY_CAP_BYTES),
    };
    rustix::process::setrlimit(rustix::process::Resource::Data, cap)?;
    Ok(())
}
