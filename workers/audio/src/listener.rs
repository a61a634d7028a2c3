//! The analysis thread: binds the configured source, analyses what it delivers, publishes
//! the frames and tells the UI what is heard and what went wrong. It sleeps on its queue
//! between chunks, and when nothing is coming (silence, a file played out) it simply waits.

use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender};
use std::time::{Duration, Instant};

use framewave_protocol::{AudioConfig, AudioEvent};

use crate::faults::AudioFault;
use crate::live::LiveAnalyzer;
use crate::publish::Publisher;
use crate::quiet::quiet_alsa_on_this_thread;
use crate::source::{self, Bound, Feed, Input, Watch, now_ns};

/// After a source fails, wait this long before opening it again (a device being replugged).
const BACKOFF: Duration = Duration::from_secs(1);
/// A source that cannot be opened is tried again this often.
const RETRY_EVERY: Duration = Duration::from_secs(2);
/// How often a bound source is checked for a change (the default output, a device unplugged).
const WATCH_EVERY: Duration = Duration::from_secs(2);
/// After a file's end, the source is let go this much later: time for the silence after it to
/// bring the bars down. Then the analyzer rests whatever arrived (an output that runs faster
/// than real time may have had its silence dropped from the queue).
const AFTER_THE_END: Duration = Duration::from_millis(1_500);

/// Tells the UI something; false once nobody listens.
pub type Tell = Box<dyn FnMut(AudioEvent) -> bool + Send>;

pub struct Listener {
    config: AudioConfig,
    sender: SyncSender<Input>,
    tell: Tell,
    publisher: Publisher,
    analyzer: LiveAnalyzer,
    /// The source bound now; chunks of any other generation are from one let go.
    generation: u64,
    bound: Option<Bound>,
    retry_at: Option<Instant>,
    /// When to let a file that has ended go.
    release_at: Option<Instant>,
    watch_at: Instant,
    publish_at: Option<Instant>,
    /// The simulated vanishing of the device (a fault for tests), once.
    vanish_after: Option<Duration>,
    vanish_at: Option<Instant>,
    /// The last problem told, so one that repeats every retry is told once.
    last_problem: Option<String>,
}

impl std::fmt::Debug for Listener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Listener")
            .field("source", &self.config.source)
            .field("generation", &self.generation)
            .field("bound", &self.bound)
            .finish_non_exhaustive()
    }
}

impl Listener {
    pub fn new(
        config: AudioConfig,
        sender: SyncSender<Input>,
        tell: Tell,
        publisher: Publisher,
        fault: Option<AudioFault>,
    ) -> Self {
        let vanish_after = match fault {
            Some(AudioFault::VanishDeviceAfter(after)) => Some(after),
            _ => None,
        };
        Self {
            analyzer: LiveAnalyzer::new(&config, 48_000),
            config,
            sender,
            tell,
            publisher,
            generation: 0,
            bound: None,
            retry_at: None,
            release_at: None,
            watch_at: Instant::now(),
            publish_at: None,
            vanish_after,
            vanish_at: None,
            last_problem: None,
        }
    }

    /// Listens until told to stop (or until every sender is gone).
    pub fn run(mut self, inputs: Receiver<Input>) {
        self.bind(Instant::now());
        loop {
            let watching = self
                .bound
                .as_ref()
                .is_some_and(|b| b.watch != Watch::Nothing);
            let wake = [
                self.retry_at,
                self.release_at,
                self.publish_at,
                self.vanish_at,
                watching.then_some(self.watch_at),
            ]
            .into_iter()
            .flatten()
            .min();
            let input = match wake {
                Some(at) => {
                    match inputs.recv_timeout(at.saturating_duration_since(Instant::now())) {
                        Ok(input) => Some(input),
                        Err(RecvTimeoutError::Timeout) => None,
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
                None => match inputs.recv() {
                    Ok(input) => Some(input),
                    Err(_) => return,
                },
            };
            match input {
                Some(Input::Stop) => return,
                Some(input) => self.take(input),
                None => {}
            }
            self.on_time(Instant::now());
        }
    }

    fn take(&mut self, input: Input) {
        let now = Instant::now();
        match input {
            Input::Audio {
                generation,
                samples,
                heard_at_ns,
            } if generation == self.generation => {
                let (analyzer, publisher) = (&mut self.analyzer, &mut self.publisher);
                let clock_ns = now_ns();
                analyzer.push_each(&samples, heard_at_ns, |frame| {
                    publisher.offer(frame, now, clock_ns);
                });
                self.publish_at = self.publisher.flush(now);
            }
            Input::Ended { generation, path } if generation == self.generation => {
                (self.tell)(AudioEvent::Ended { path });
                self.release_at = Some(now + AFTER_THE_END);
            }
            Input::Failed { generation, why } if generation == self.generation => {
                let what = self.describe();
                self.lose(
                    format!("{what} stopped: {why}; listening again shortly"),
                    now,
                );
            }
            Input::Changed {
                generation,
                why,
                lost,
            } if generation == self.generation => {
                if lost {
                    self.lose(why, now);
                } else {
                    // Another default output: not a problem, just another thing to listen to.
                    self.bind(now);
                }
            }
            Input::Configure(config) => self.configure(config, now),
            // From a source let go, or Stop (handled by the loop).
            _ => {}
        }
    }

    fn configure(&mut self, config: AudioConfig, now: Instant) {
        let source_changed = config.source != self.config.source;
        self.config = config;
        self.publisher.set_delay(self.config.latency_offset_ms);
        self.analyzer.configure(&self.config);
        if source_changed {
            self.last_problem = None;
            self.bind(now);
        }
    }

    /// The timers: frames due, a retry due, a check of the source due.
    fn on_time(&mut self, now: Instant) {
        self.publish_at = self.publisher.flush(now);
        if self.retry_at.is_some_and(|at| at <= now) {
            self.bind(now);
        }
        if self.release_at.is_some_and(|at| at <= now) {
            self.release_at = None;
            self.let_go();
            if let Some(frame) = self.analyzer.rest(now_ns()) {
                self.publisher.offer(frame, now, now_ns());
                self.publish_at = self.publisher.flush(now);
            }
        }
        if self.vanish_at.is_some_and(|at| at <= now) {
            self.vanish_at = None;
            let what = self.describe();
            self.lose(format!("{what} vanished; listening again shortly"), now);
        }
        if self.watch_at <= now {
            self.watch_at = now + WATCH_EVERY;
            self.look_for_changes();
        }
    }

    /// Checks what the source follows on a thread of its own: asking the sound server takes
    /// milliseconds (a second if it hangs), which the analysis must not wait for.
    fn look_for_changes(&self) {
        let Some(watch) = self
            .bound
            .as_ref()
            .map(|bound| bound.watch.clone())
            .filter(|watch| *watch != Watch::Nothing)
        else {
            return;
        };
        let (sender, generation) = (self.sender.clone(), self.generation);
        let _ = std::thread::Builder::new()
            .name("audio-watch".into())
            .spawn(move || {
                quiet_alsa_on_this_thread();
                if let Some(why) = watch.changed() {
                    let lost = matches!(watch, Watch::Listed(_));
                    let _ = sender.send(Input::Changed {
                        generation,
                        why,
                        lost,
                    });
                }
            });
    }

    /// Opens the configured source, letting the one before go first (a device is released
    /// before it is opened again).
    fn bind(&mut self, now: Instant) {
        self.let_go();
        self.retry_at = None;
        quiet_alsa_on_this_thread();
        let feed = Feed::new(self.sender.clone(), self.generation);
        let opened = source::open(&self.config.source, feed);
        for problem in opened.problems {
            self.problem(problem);
        }
        let Some(bound) = opened.bound else {
            self.retry_at = Some(now + RETRY_EVERY);
            self.rest(now);
            return;
        };
        self.analyzer.restart(&self.config, bound.sample_rate);
        (self.tell)(AudioEvent::Listening {
            source: bound.description.clone(),
            sample_rate: bound.sample_rate,
        });
        self.last_problem = None;
        self.watch_at = now + WATCH_EVERY;
        if let Some(after) = self.vanish_after.take() {
            self.vanish_at = Some(now + after);
        }
        self.bound = Some(bound);
    }

    /// The source failed: say so, let it go, and open it again after a pause.
    fn lose(&mut self, problem: String, now: Instant) {
        self.problem(problem);
        self.let_go();
        self.retry_at = Some(now + BACKOFF);
        self.rest(now);
    }

    /// Stops the source; whatever it still sends is passed over.
    fn let_go(&mut self) {
        self.generation += 1;
        self.bound = None;
        self.release_at = None;
    }

    fn problem(&mut self, problem: String) {
        if self.last_problem.as_ref() != Some(&problem) {
            (self.tell)(AudioEvent::Problem(problem.clone()));
            self.last_problem = Some(problem);
        }
    }

    /// Nothing is heard: the bars go to rest.
    fn rest(&mut self, now: Instant) {
        let frame = self.analyzer.resting_frame(now_ns());
        self.publisher.offer(frame, now, now_ns());
        self.publish_at = self.publisher.flush(now);
    }

    fn describe(&self) -> String {
        self.bound
            .as_ref()
            .map_or_else(|| "the audio source".to_owned(), |b| b.description.clone())
    }
}
