//! When to restart a failed worker, and when to stop trying.
//!
//! Exponential backoff between restarts, and a restart-intensity limit in the manner of
//! Erlang/OTP supervisors and systemd's StartLimitBurst: too many restarts inside a window and
//! the worker is given up. Quiet periods earn forgiveness.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RestartLimits {
    pub first_backoff: Duration,
    pub max_backoff: Duration,
    /// More than this many restarts within `window` gives the worker up.
    pub max_restarts: usize,
    pub window: Duration,
    /// After this long without a failure, backoff starts again from `first_backoff`.
    pub forgive_after: Duration,
    /// A worker that ran this long before failing was healthy: its next restart is immediate
    /// again (first backoff), so a rare external kill is not punished like a crash loop.
    pub stable_after: Duration,
}

impl Default for RestartLimits {
    fn default() -> Self {
        Self {
            first_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(5),
            max_restarts: 5,
            window: Duration::from_secs(60),
            forgive_after: Duration::from_secs(300),
            stable_after: Duration::from_secs(1),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Restart once this instant has passed.
    RestartAt(Instant),
    /// Too many failures: leave the worker down.
    GiveUp,
}

#[derive(Debug, Clone)]
pub struct RestartPolicy {
    limits: RestartLimits,
    recent: VecDeque<Instant>,
    consecutive: u32,
    last_failure: Option<Instant>,
    started: Option<Instant>,
}

impl RestartPolicy {
    pub fn new(limits: RestartLimits) -> Self {
        Self {
            limits,
            recent: VecDeque::new(),
            consecutive: 0,
            last_failure: None,
            started: None,
        }
    }

    /// Records that the worker started (completed its handshake) at `now`.
    pub fn on_started(&mut self, now: Instant) {
        self.started = Some(now);
    }

    /// Records a failure at `now` and says what to do about it.
    pub fn on_failure(&mut self, now: Instant) -> Verdict {
        let quiet = self
            .last_failure
            .is_some_and(|last| now.saturating_duration_since(last) >= self.limits.forgive_after);
        let ran_stably = self.started.take().is_some_and(|started| {
            now.saturating_duration_since(started) >= self.limits.stable_after
        });
        if quiet || ran_stably {
            self.consecutive = 0;
        }
        self.last_failure = Some(now);
        while self
            .recent
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) > self.limits.window)
        {
            self.recent.pop_front();
        }
        if self.recent.len() >= self.limits.max_restarts {
            return Verdict::GiveUp;
        }
        self.recent.push_back(now);
        let backoff = self
            .limits
            .first_backoff
            .saturating_mul(1 << self.consecutive.min(16))
            .min(self.limits.max_backoff);
        self.consecutive += 1;
        Verdict::RestartAt(now + backoff)
    }

    /// Restarts so far within the current window.
    pub fn recent_restarts(&self) -> usize {
        self.recent.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let limits = RestartLimits {
            max_restarts: 100,
            ..Default::default()
        };
        let mut policy = RestartPolicy::new(limits);
        let t0 = Instant::now();
        let delays: Vec<_> = (0..8)
            .map(|_| match policy.on_failure(t0) {
                Verdict::RestartAt(at) => at - t0,
                Verdict::GiveUp => panic!("gave up too early"),
            })
            .collect();
        let ms: Vec<_> = delays.iter().map(Duration::as_millis).collect();
        assert_eq!(ms, [100, 200, 400, 800, 1600, 3200, 5000, 5000]);
    }

    #[test]
    fn gives_up_after_too_many_restarts_in_the_window() {
        let mut policy = RestartPolicy::new(RestartLimits::default());
        let t0 = Instant::now();
        for i in 0..5 {
            let verdict = policy.on_failure(t0 + Duration::from_secs(i));
            assert!(matches!(verdict, Verdict::RestartAt(_)));
        }
        assert_eq!(
            policy.on_failure(t0 + Duration::from_secs(6)),
            Verdict::GiveUp
        );
    }

    #[test]
    fn failures_outside_the_window_do_not_count_and_quiet_time_resets_backoff() {
        let mut policy = RestartPolicy::new(RestartLimits::default());
        let t0 = Instant::now();
        for i in 0..5 {
            policy.on_failure(t0 + Duration::from_secs(i));
        }
        let later = t0 + Duration::from_secs(400);
        assert_eq!(
            policy.on_failure(later),
            Verdict::RestartAt(later + Duration::from_millis(100))
        );
        assert_eq!(policy.recent_restarts(), 1);
    }

    #[test]
    fn a_worker_that_ran_stably_restarts_without_growing_backoff() {
        let limits = RestartLimits {
            max_restarts: 100,
            ..Default::default()
        };
        let mut policy = RestartPolicy::new(limits);
        let mut now = Instant::now();
        for _ in 0..5 {
            policy.on_started(now);
            now += Duration::from_secs(2);
            assert_eq!(
                policy.on_failure(now),
                Verdict::RestartAt(now + Duration::from_millis(100))
            );
        }
    }
}
