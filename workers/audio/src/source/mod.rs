//! Where the sound comes from: what the computer is playing, an input device, a music file
//! played aloud, or the bundled clip. Every source delivers mono chunks, each with the
//! `CLOCK_MONOTONIC` time its last sample is heard, to the analysis thread through one bounded
//! channel; a source opened later is told apart from an earlier one by its generation.

mod capture;
mod monitor;
mod paced;
mod playback;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{SyncSender, TrySendError};

use framewave_protocol::{AudioConfig, AudioSource};

use crate::clip;

pub use monitor::{default_sink, monitors};

/// Room for about half a second of 10 ms chunks: enough to ride out a busy moment of the
/// analysis thread, small enough that a stall never turns into seconds of backlog.
pub const QUEUE: usize = 64;

/// What the analysis thread is given.
#[derive(Debug)]
pub enum Input {
    /// Mono samples from source `generation`; the last one heard at `heard_at_ns`.
    Audio {
        generation: u64,
        samples: Vec<f32>,
        heard_at_ns: u64,
    },
    /// Source `generation`, a music file, has played to its end.
    Ended { generation: u64, path: PathBuf },
    /// Source `generation` stopped working (a device vanished).
    Failed { generation: u64, why: String },
    /// What source `generation` follows changed (`why`): a device is no longer listed
    /// (`lost`), or the default output is another one.
    Changed {
        generation: u64,
        why: String,
        lost: bool,
    },
    /// New settings from the UI.
    Configure(AudioConfig),
    /// Stop listening and end the thread.
    Stop,
}

/// A source's way to the analysis thread.
#[derive(Debug, Clone)]
pub struct Feed {
    sender: SyncSender<Input>,
    generation: u64,
}

impl Feed {
    pub fn new(sender: SyncSender<Input>, generation: u64) -> Self {
        Self { sender, generation }
    }

    /// Waits for room (for threads that pace themselves); false once nobody listens.
    fn send(&self, samples: Vec<f32>, heard_at_ns: u64) -> bool {
        self.sender.send(self.audio(samples, heard_at_ns)).is_ok()
    }

    /// Never waits (for audio callbacks): a chunk that finds the queue full is dropped.
    fn offer(&self, samples: Vec<f32>, heard_at_ns: u64) {
        let _ = self.sender.try_send(self.audio(samples, heard_at_ns));
    }

    fn audio(&self, samples: Vec<f32>, heard_at_ns: u64) -> Input {
        Input::Audio {
            generation: self.generation,
            samples,
            heard_at_ns,
        }
    }

    /// Announces the end of `path` without waiting; false if the queue is full (try again).
    fn offer_end(&self, path: &Path) -> bool {
        !matches!(
            self.sender.try_send(self.end(path)),
            Err(TrySendError::Full(_))
        )
    }

    /// Announces the end of `path`, waiting for room; false once nobody listens.
    fn send_end(&self, path: &Path) -> bool {
        self.sender.send(self.end(path)).is_ok()
    }

    fn end(&self, path: &Path) -> Input {
        Input::Ended {
            generation: self.generation,
            path: path.to_owned(),
        }
    }

    /// The stream failed. Never lost: a full queue is waited on, on a thread of its own
    /// (failures are rare, and an audio thread must not wait).
    fn failed(&self, why: String) {
        let failure = Input::Failed {
            generation: self.generation,
            why,
        };
        if let Err(TrySendError::Full(failure)) = self.sender.try_send(failure) {
            let sender = self.sender.clone();
            let _ = std::thread::Builder::new()
                .name("audio-failure".into())
                .spawn(move || sender.send(failure));
        }
    }

    /// A stream error from cpal: the device is gone or the stream broken (the source is let
    /// go and bound again), or a hiccup cpal recovers from itself (an underrun or overrun,
    /// which a busy machine has now and then: nothing to do).
    fn stream_error(&self, error: &cpal::Error) {
        use cpal::ErrorKind::{
            DeviceNotAvailable, HostUnavailable, PermissionDenied, StreamInvalidated,
        };
        match error.kind() {
            DeviceNotAvailable | HostUnavailable | PermissionDenied | StreamInvalidated => {
                self.failed(error.to_string());
            }
            _ => {}
        }
    }
}

/// `CLOCK_MONOTONIC` now, in nanoseconds: the clock every process of the machine shares.
pub fn now_ns() -> u64 {
    let now = rustix::time::clock_gettime(rustix::time::ClockId::Monotonic);
    now.tv_sec as u64 * 1_000_000_000 + now.tv_nsec as u64
}

/// What has to be checked every few seconds to notice that the source should change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Watch {
    /// Nothing can change under a file or the clip.
    Nothing,
    /// Rebind when the default output (whose monitor is heard) is another than this.
    DefaultSink(Option<String>),
    /// Rebind when this input device is no longer listed.
    Listed(String),
}

impl Watch {
    /// Why the source should be opened again, if it should.
    pub fn changed(&self) -> Option<String> {
        match self {
            Watch::Nothing => None,
            Watch::DefaultSink(was) => {
                let now = default_sink();
                (now != *was).then(|| match now {
                    Some(sink) => format!("the default output is now {sink}"),
                    None => "the default output is gone".to_owned(),
                })
            }
            Watch::Listed(name) => (!capture::is_listed(name))
                .then(|| format!("the audio device {name} is gone; listening again shortly")),
        }
    }
}

/// A source being listened to; dropping it stops it.
#[derive(Debug)]
pub struct Bound {
    /// What the user is told is heard: a device's name, a file, the bundled clip.
    pub description: String,
    pub sample_rate: u32,
    pub watch: Watch,
    _running: Running,
}

/// What keeps a source going (held only to be dropped).
enum Running {
    Stream { _stream: cpal::Stream },
    Paced { _pacer: paced::Pacer },
}

impl std::fmt::Debug for Running {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Running::Stream { .. } => "Stream",
            Running::Paced { .. } => "Paced",
        })
    }
}

/// The outcome of opening a source: what is heard (if anything), and what went wrong on the
/// way (one line each, for the user).
#[derive(Debug)]
pub struct Opened {
    pub bound: Option<Bound>,
    pub problems: Vec<String>,
}

/// Opens `source`, falling back as [`AudioSource`] says. A source the user named (a device,
/// what is playing) that cannot be opened is a problem and nothing is bound: the caller tries
/// again later. A file that cannot be read is a problem and the clip plays instead.
pub fn open(source: &AudioSource, feed: Feed) -> Opened {
    let mut problems = Vec::new();
    let bound = match source {
        AudioSource::Clip => Some(clip_loop(feed)),
        AudioSource::File(path) => Some(file(path, feed, &mut problems)),
        // Never the microphone unasked: a screensaver must not record the room.
        AudioSource::Auto => Some(capture::playing(&feed).unwrap_or_else(|_| {
            let mut fallback = clip_loop(feed);
            // Should a sound server start, or its default output change, what it plays is
            // what Auto wants.
            fallback.watch = Watch::DefaultSink(default_sink());
            fallback
        })),
        AudioSource::Playing => capture::playing(&feed)
            .map_err(|why| problems.push(format!("cannot hear what is playing: {why}")))
            .ok(),
        AudioSource::Device(name) => capture::device(name, &feed)
            .map_err(|why| problems.push(format!("cannot listen to {name}: {why}")))
            .ok(),
    };
    Opened { bound, problems }
}

fn clip_loop(feed: Feed) -> Bound {
    Bound {
        description: "the bundled clip".to_owned(),
        sample_rate: clip::SAMPLE_RATE,
        watch: Watch::Nothing,
        _running: Running::Paced {
            _pacer: paced::Pacer::start(
                paced::Samples::Looped(clip::samples()),
                clip::SAMPLE_RATE,
                feed,
            ),
        },
    }
}

/// A music file, played aloud when there is an output, else paced silently in real time.
fn file(path: &Path, feed: Feed, problems: &mut Vec<String>) -> Bound {
    let recording = match crate::file::read(path) {
        Ok(recording) => recording,
        Err(e) => {
            problems.push(format!(
                "cannot read {}: {}; playing the bundled clip instead",
                path.display(),
                one_line(&e.to_string())
            ));
            return clip_loop(feed);
        }
    };
    let description = path.display().to_string();
    // Shared by the output callback and, should no output open, the pacing thread: a long
    // song is not held twice.
    let rate = recording.sample_rate;
    let samples: Arc<[f32]> = recording.samples.into();
    let (running, sample_rate) = match playback::play(Arc::clone(&samples), rate, path, &feed) {
        Ok((stream, rate)) => (Running::Stream { _stream: stream }, rate),
        Err(_) => {
            let samples = paced::Samples::Once(samples, path.to_owned());
            let pacer = paced::Pacer::start(samples, rate, feed);
            (Running::Paced { _pacer: pacer }, rate)
        }
    };
    Bound {
        description,
        sample_rate,
        watch: Watch::Nothing,
        _running: running,
    }
}

/// Library messages sometimes span lines; an event wants one.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
