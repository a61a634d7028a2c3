//! A pool of workers of one kind, driven by its client's thread. Every call returns at once:
//! starting a worker, its handshake, and collecting a killed one all happen without waiting.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender};
use framewave_protocol::{Control, Report};

use super::inbound::{From, Hello, Inbound, Message};
use super::quarantine::{Quarantine, Suspicion};
use super::reaper::{Reaper, stop_in_stages};
use super::restart_policy::{RestartPolicy, Verdict};
use super::spawn::{launch, release, spawn_reader};
use super::status::{WorkerState, WorkerStatus};
use super::worker::{InFlight, Life, Running, Starting, Worker};
use super::{PoolConfig, WorkerKind};

/// Shutdown: time to exit when asked, then after SIGTERM, before SIGKILL.
const GRACE: Duration = Duration::from_secs(2);
/// Messages from workers waiting for the client's thread; readers wait when it is full.
const INBOUND: usize = 256;

/// Who is at fault when a worker's incarnation ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blame {
    /// Crashed, hung or overran its deadline while on a job: the job may be at fault.
    Job,
    /// Broke the protocol, lied about its work or could not start: the worker is at fault.
    Worker,
}

/// A job whose worker was lost, handed back to the client.
#[derive(Debug)]
pub struct Orphan<J> {
    pub job: J,
    /// Its worker crashed, hung or overran the deadline while on it: it may be at fault.
    pub suspected: bool,
    /// Workers died on it too often: it must not be tried again.
    pub quarantined: bool,
}

/// Something for the client of a pool to do: act on its events and hand out work.
pub trait Client<K: WorkerKind> {
    /// Acts on one event (a worker's reply, a lost incarnation).
    fn on_event(&mut self, pool: &mut Pool<K>, event: PoolEvent<K>);
    /// Hands out work to idle workers, once every event is handled.
    fn dispatch(&mut self, pool: &mut Pool<K>);
}

/// What happened in the pool that its client must act on.
#[derive(Debug)]
pub enum PoolEvent<K: WorkerKind> {
    /// A message from a worker's current incarnation.
    Event { worker: usize, event: K::Event },
    /// A worker's incarnation ended; what it held comes back.
    Lost {
        worker: usize,
        incarnation: K::Incarnation,
        job: Option<Orphan<K::Job>>,
    },
}

pub struct Pool<K: WorkerKind> {
    kind: K,
    config: PoolConfig,
    workers: Vec<Worker<K>>,
    inbound_tx: Sender<Inbound<K>>,
    inbound: Receiver<Inbound<K>>,
    quarantine: Quarantine,
    reaper: Reaper,
    events: VecDeque<PoolEvent<K>>,
    last_states: Vec<WorkerState>,
    last_tick: Instant,
}

impl<K: WorkerKind> std::fmt::Debug for Pool<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pool")
            .field("kind", &K::NAME)
            .finish_non_exhaustive()
    }
}

impl<K: WorkerKind> Pool<K> {
    /// Workers start at the first [`Pool::tick`].
    pub fn new(kind: K, config: PoolConfig) -> Self {
        let now = Instant::now();
        let workers = (0..config.workers.max(1))
            .map(|id| Worker {
                id,
                generation: 0,
                life: Life::RestartAt(now),
                policy: RestartPolicy::new(config.restart),
                restarts: 0,
                earlier_jobs: (0, 0),
            })
            .collect::<Vec<_>>();
        let (inbound_tx, inbound) = crossbeam_channel::bounded(INBOUND);
        Self {
            last_states: vec![WorkerState::Starting; workers.len()],
            kind,
            config,
            workers,
            inbound_tx,
            inbound,
            quarantine: Quarantine::default(),
            reaper: Reaper::default(),
            events: VecDeque::new(),
            last_tick: now,
        }
    }

    pub fn kind(&self) -> &K {
        &self.kind
    }

    /// The kind, to change what later incarnations are told (a new configuration).
    pub fn kind_mut(&mut self) -> &mut K {
        &mut self.kind
    }

    /// Where messages from the workers arrive: select on it, and hand each to [`Pool::receive`].
    pub fn inbound(&self) -> &Receiver<Inbound<K>> {
        &self.inbound
    }

    /// Handles a message from a worker (the rest waiting are read by [`Pool::step`]).
    pub fn receive(&mut self, inbound: Inbound<K>) {
        let index = inbound.from.worker;
        if self.workers[index].generation != inbound.from.generation {
            return; // from an incarnation that is already gone
        }
        match inbound.message {
            Message::Hello(hello) => self.on_hello(index, hello),
            // Its exit is seen by the next tick, after what it said before is acted on.
            Message::Closed => {}
            Message::Garbage(reason) => {
                self.fail(index, &format!("sent garbage: {reason}"), Blame::Worker);
            }
            Message::Report(report) => {
                let Some(running) = self.workers[index].running_mut() else {
                    return;
                };
                running.last_heard = running.last_heard.max(inbound.received_at);
                match report {
                    Report::Heartbeat(counters) => running.counters = counters,
                    Report::Event(event) => self.events.push_back(PoolEvent::Event {
                        worker: index,
                        event,
                    }),
                }
            }
        }
    }

    /// Reads what the workers have said, acts on it through `client`, then judges every worker
    /// and acts on the verdicts. Nobody is judged before everything they said (up to one full
    /// inbound queue) has been heard and acted on. Never waits.
    pub fn step(&mut self, client: &mut impl Client<K>, now: Instant) {
        let waiting: Vec<Inbound<K>> = self.inbound.try_iter().take(INBOUND).collect();
        for inbound in waiting {
            self.receive(inbound);
        }
        self.settle(client);
        self.tick(now);
        self.settle(client);
    }

    /// Hands every event to `client` and lets it dispatch, until nothing new happens.
    fn settle(&mut self, client: &mut impl Client<K>) {
        loop {
            while let Some(event) = self.events.pop_front() {
                client.on_event(self, event);
            }
            client.dispatch(self);
            if self.events.is_empty() {
                return;
            }
        }
    }

    fn on_hello(&mut self, index: usize, hello: Result<Hello<K>, String>) {
        let worker = &mut self.workers[index];
        let hello = match hello {
            Ok(hello) if matches!(worker.life, Life::Starting(_)) => hello,
            Ok(_) => return,
            Err(reason) => {
                return self.fail(index, &format!("handshake failed: {reason}"), Blame::Worker);
            }
        };
        let Life::Starting(starting) = std::mem::replace(&mut worker.life, Life::Stopped) else {
            unreachable!("checked above");
        };
        let now = Instant::now();
        worker.policy.on_started(now);
        let from = From {
            worker: index,
            generation: worker.generation,
        };
        worker.life = Life::Running(Box::new(Running {
            // The pid we started, never the one the worker claims.
            pid: starting.child.id(),
            child: starting.child,
            commands: hello.commands,
            incarnation: starting.incarnation,
            job: None,
            last_heard: now,
            counters: Default::default(),
            started_at: now,
        }));
        if let Err(e) = spawn_reader(from, hello.events, self.inbound_tx.clone()) {
            return self.fail(
                index,
                &format!("cannot read its events: {e}"),
                Blame::Worker,
            );
        }
        for command in self.kind.greeting() {
            self.send(index, command);
        }
    }

    /// Starts workers whose backoff is over, collects dead processes, and judges every worker:
    /// exited, silent too long, on one job too long, or not started in time.
    fn tick(&mut self, now: Instant) {
        self.reaper.collect();
        self.forgive_time_away(now);
        for index in 0..self.workers.len() {
            if matches!(self.workers[index].life, Life::RestartAt(at) if at <= now) {
                self.start(index, now);
            }
            if let Some((reason, blame)) = self.verdict(index, now) {
                self.fail(index, &reason, blame);
            }
        }
    }

    /// If this thread was away (busy, or the machine asleep) for longer than a worker may be
    /// silent, no worker is judged on that time: their clocks move on by the gap.
    fn forgive_time_away(&mut self, now: Instant) {
        let away = now.saturating_duration_since(self.last_tick);
        self.last_tick = now;
        if away < self.config.hang_after / 2 {
            return;
        }
        tracing::debug!(
            ?away,
            "supervisor was away; not holding that time against workers"
        );
        for worker in &mut self.workers {
            match &mut worker.life {
                Life::Running(running) => {
                    running.last_heard +=
                        away.min(now.saturating_duration_since(running.last_heard));
                    if let Some(flight) = &mut running.job {
                        flight.since += away.min(now.saturating_duration_since(flight.since));
                    }
                }
                Life::Starting(starting) => {
                    starting.since += away.min(now.saturating_duration_since(starting.since));
                }
                _ => {}
            }
        }
    }

    /// Why the worker at `index` must be failed now, if it must, and who is to blame.
    fn verdict(&mut self, index: usize, now: Instant) -> Option<(String, Blame)> {
        let config = &self.config;
        match &mut self.workers[index].life {
            Life::Starting(starting) => {
                let reason = if let Ok(Some(status)) = starting.child.try_wait() {
                    Some(format!("exited before its handshake ({status})"))
                } else {
                    (now.saturating_duration_since(starting.since) > config.hello_deadline)
                        .then(|| format!("no handshake within {:?}", config.hello_deadline))
                };
                reason.map(|reason| (reason, Blame::Worker))
            }
            Life::Running(running) => {
                if let Ok(Some(status)) = running.child.try_wait() {
                    Some((format!("exited ({status})"), Blame::Job))
                } else if now.saturating_duration_since(running.last_heard) > config.hang_after {
                    // Silent since before its job began: the job cannot be what hung it.
                    let heard_on_job = running
                        .job
                        .as_ref()
                        .is_some_and(|flight| running.last_heard >= flight.since);
                    let blame = if heard_on_job {
                        Blame::Job
                    } else {
                        Blame::Worker
                    };
                    let reason = format!("hung: no heartbeat for {:?}", config.hang_after);
                    Some((reason, blame))
                } else {
                    running.job.as_ref().and_then(|flight| {
                        (now.saturating_duration_since(flight.since) > config.job_deadline).then(
                            || {
                                let reason = format!(
                                    "hung: on {} for over {:?}",
                                    K::subject(&flight.job),
                                    config.job_deadline
                                );
                                (reason, Blame::Job)
                            },
                        )
                    })
                }
            }
            _ => None,
        }
    }

    fn start(&mut self, index: usize, now: Instant) {
        let worker = &mut self.workers[index];
        worker.generation += 1;
        let from = From {
            worker: index,
            generation: worker.generation,
        };
        let launched = launch(
            &mut self.kind,
            &self.config.exe,
            &self.config.worker_args,
            from,
            self.inbound_tx.clone(),
        );
        match launched {
            Ok(launched) => {
                self.workers[index].life = Life::Starting(Box::new(Starting {
                    child: launched.child,
                    incarnation: launched.incarnation,
                    server_name: launched.server_name,
                    since: now,
                }));
            }
            Err(e) => {
                // Never started: nothing to kill, but the failure counts towards giving up.
                self.workers[index].life = Life::Stopped;
                self.schedule_restart(index, &format!("failed to start: {e}"));
            }
        }
    }

    /// Workers that are running with no job in flight, and were heard from lately (one gone
    /// quiet is not given work it could be wrongly blamed for).
    pub fn idle_workers(&self) -> Vec<usize> {
        let now = Instant::now();
        let lately = self.config.hang_after / 2;
        (0..self.workers.len())
            .filter(|&i| {
                self.workers[i].running().is_some_and(|r| {
                    r.job.is_none() && now.saturating_duration_since(r.last_heard) <= lately
                })
            })
            .collect()
    }

    /// The client's own state for the current incarnation of a running worker.
    pub fn incarnation_mut(&mut self, worker: usize) -> Option<&mut K::Incarnation> {
        self.workers[worker]
            .running_mut()
            .map(|r| &mut r.incarnation)
    }

    /// The job a running worker is on.
    pub fn job(&self, worker: usize) -> Option<&K::Job> {
        self.workers[worker].running()?.job.as_ref().map(|f| &f.job)
    }

    /// Whether the current incarnation of `worker` is `generation`.
    pub fn is_current(&self, worker: usize, generation: u64) -> bool {
        self.workers[worker].generation == generation && self.workers[worker].running().is_some()
    }

    pub fn generation(&self, worker: usize) -> u64 {
        self.workers[worker].generation
    }

    /// Hands `job` to an idle running worker, with `command` saying what to do; its deadline
    /// starts now.
    pub fn assign(&mut self, worker: usize, job: K::Job, command: K::Command) {
        let Some(running) = self.workers[worker].running_mut() else {
            return;
        };
        running.job = Some(InFlight {
            job,
            since: Instant::now(),
        });
        self.send(worker, command);
    }

    /// The worker finished its job (by its own account): it is free again.
    pub fn finish_job(&mut self, worker: usize) -> Option<K::Job> {
        let flight = self.workers[worker].running_mut()?.job.take()?;
        Some(flight.job)
    }

    /// The job's result was checked and accepted: earlier deaths on its subject were not its
    /// fault.
    pub fn vouch_for(&mut self, job: &K::Job) {
        self.quarantine.clear(&K::subject(job));
    }

    /// Sends a command to a running worker; a worker that cannot be reached is failed.
    pub fn send(&mut self, worker: usize, command: K::Command) {
        let Some(running) = self.workers[worker].running_mut() else {
            return;
        };
        if let Err(e) = running.commands.send(Control::Command(command)) {
            self.fail(
                worker,
                &format!("cannot send it a command: {e}"),
                Blame::Worker,
            );
        }
    }

    pub fn is_quarantined(&self, job: &K::Job) -> bool {
        self.quarantine.is_quarantined(&K::subject(job))
    }

    /// No worker is left, and none ever will be.
    pub fn all_given_up(&self) -> bool {
        self.workers.iter().all(|w| matches!(w.life, Life::GivenUp))
    }

    /// Kills what is left of a worker's incarnation (collected later, without waiting),
    /// hands its job back (blamed if `blame` says so), and schedules a restart or gives the
    /// worker up.
    pub fn fail(&mut self, index: usize, reason: &str, blame: Blame) {
        let Some(ended) = self.workers[index].end_incarnation() else {
            return;
        };
        if let Some(server) = ended.unanswered_server {
            release::<K>(server);
        }
        self.reaper.kill(ended.child);
        let job = ended.job.map(|flight| {
            let subject = K::subject(&flight.job);
            let suspected = blame == Blame::Job;
            if suspected && self.quarantine.blame(&subject) == Suspicion::NewlyQuarantined {
                tracing::error!(
                    "{subject}: quarantined after two {} workers failed on it (crashed, hung or \
                     over the deadline)",
                    K::NAME
                );
            }
            Orphan {
                job: flight.job,
                suspected,
                quarantined: self.quarantine.is_quarantined(&subject),
            }
        });
        self.schedule_restart(index, reason);
        self.events.push_back(PoolEvent::Lost {
            worker: index,
            incarnation: ended.incarnation,
            job,
        });
    }

    fn schedule_restart(&mut self, index: usize, reason: &str) {
        let now = Instant::now();
        let worker = &mut self.workers[index];
        worker.life = match worker.policy.on_failure(now) {
            Verdict::RestartAt(at) => {
                worker.restarts += 1;
                tracing::warn!(kind = K::NAME, worker = index, %reason, restart_in = ?at - now, "worker failed; restarting");
                Life::RestartAt(at)
            }
            Verdict::GiveUp => {
                tracing::error!(kind = K::NAME, worker = index, %reason, "worker failed too often; giving up on it");
                Life::GivenUp
            }
        };
    }

    /// Every worker's status; state changes are logged once.
    pub fn statuses(&mut self, now: Instant) -> Vec<WorkerStatus> {
        let statuses: Vec<WorkerStatus> = self.workers.iter().map(|w| w.status(now)).collect();
        for (status, last) in statuses.iter().zip(&mut self.last_states) {
            if status.state != *last {
                tracing::info!("{status}");
                *last = status.state;
            }
        }
        statuses
    }

    /// Asks every worker to stop, then SIGTERM, then SIGKILL, and collects them all (and any
    /// killed earlier). Returns each worker's final status.
    pub fn shutdown(&mut self) -> Vec<WorkerStatus> {
        let mut children = Vec::new();
        for worker in &mut self.workers {
            let asked = worker
                .running()
                .is_some_and(|r| r.commands.send(Control::Shutdown).is_ok());
            if let Some(mut ended) = worker.end_incarnation() {
                if let Some(server) = ended.unanswered_server.take() {
                    release::<K>(server);
                }
                if !asked {
                    let _ = ended.child.kill();
                }
                children.push(ended.child);
            }
        }
        children.extend(std::mem::take(&mut self.reaper).into_children());
        stop_in_stages(children, GRACE);
        self.statuses(Instant::now())
    }
}
