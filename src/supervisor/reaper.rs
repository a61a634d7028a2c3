//! Ending worker processes without waiting on them: killed children are collected later, and
//! the staged stop (ask, SIGTERM, SIGKILL) waits only as long as its grace periods.

use std::process::Child;
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal};

/// Killed children awaiting collection. A process stuck in the kernel (a read from a share
/// that stopped answering) cannot die until the read returns; it is kept here, and the oldest
/// is let go (to be collected by init after we exit) beyond this many.
const KEPT: usize = 32;

#[derive(Debug, Default)]
pub struct Reaper {
    dying: Vec<Child>,
}

impl Reaper {
    /// SIGKILLs `child` (which also ends a stopped one) and collects it later.
    #[expect(
        clippy::zombie_processes,
        reason = "beyond KEPT, a child that cannot die is let go rather than waited on"
    )]
    pub fn kill(&mut self, mut child: Child) {
        let _ = child.kill();
        if self.dying.len() == KEPT {
            let lost = self.dying.remove(0);
            tracing::warn!(
                pid = lost.id(),
                "a killed worker is still not gone; no longer waiting for it"
            );
        }
        self.dying.push(child);
    }

    /// Collects the children that have died; never waits.
    pub fn collect(&mut self) {
        self.dying
            .retain_mut(|child| !matches!(child.try_wait(), Ok(Some(_)) | Err(_)));
    }

    pub fn into_children(self) -> Vec<Child> {
        self.dying
    }
}

/// Waits up to `grace` for the children to exit; returns those still running.
pub fn wait_all(mut children: Vec<Child>, grace: Duration) -> Vec<Child> {
    let deadline = Instant::now() + grace;
    loop {
        children.retain_mut(|c| !matches!(c.try_wait(), Ok(Some(_)) | Err(_)));
        if children.is_empty() || Instant::now() >= deadline {
            return children;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// After the workers were asked to stop: waits `grace`, SIGTERMs the rest, waits `grace`,
/// SIGKILLs the rest and waits `grace` once more for them to be collected.
pub fn stop_in_stages(children: Vec<Child>, grace: Duration) {
    let remaining = wait_all(children, grace);
    for child in &remaining {
        if let Some(pid) = Pid::from_raw(child.id() as i32) {
            let _ = rustix::process::kill_process(pid, Signal::TERM);
        }
    }
    let mut remaining = wait_all(remaining, grace);
    for child in &mut remaining {
        tracing::warn!(pid = child.id(), "worker ignored SIGTERM; killing it");
        let _ = child.kill();
    }
    for child in wait_all(remaining, grace) {
        tracing::error!(
            pid = child.id(),
            "a worker could not be collected (stuck in the kernel)"
        );
    }
}
