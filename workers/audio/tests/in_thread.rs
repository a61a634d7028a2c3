//! The audio worker's serving loop on a thread of the test process: the same channels, record
//! and messages as a worker process, without the cost of starting one.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use framewave_audio::faults::AudioFault;
use framewave_audio::worker::{WorkerError, serve_connection};
use framewave_protocol::{
    AudioCommand, AudioConfig, AudioEvent, AudioFrame, AudioSegment, AudioSource, Bootstrap,
    Control, Report,
};
use ipc_channel::ipc::{IpcOneShotServer, IpcReceiver, IpcSender};

type AudioBootstrap = Bootstrap<AudioCommand, AudioEvent>;

/// Long enough for a loaded machine; conditions are polled, so a fast one never waits it out.
const PATIENCE: Duration = Duration::from_secs(20);

struct InThreadWorker {
    commands: IpcSender<Control<AudioCommand>>,
    events: IpcReceiver<Report<AudioEvent>>,
    thread: std::thread::JoinHandle<Result<(), WorkerError>>,
}

impl InThreadWorker {
    fn start(segment: &AudioSegment, fault: Option<AudioFault>) -> Self {
        let (server, name) = IpcOneShotServer::<AudioBootstrap>::new().unwrap();
        let worker_segment = segment.try_clone().unwrap();
        let thread = std::thread::Builder::new()
            .name("in-thread-audio-worker".into())
            .spawn(move || serve_connection(worker_segment, &name, fault))
            .unwrap();
        let (_, hello) = server.accept().unwrap();
        let AudioBootstrap::Hello {
            commands, events, ..
        } = hello
        else {
            panic!("expected hello");
        };
        Self {
            commands,
            events,
            thread,
        }
    }

    fn listen_to(&self, source: AudioSource) {
        let config = AudioConfig {
            source,
            ..AudioConfig::default()
        };
        self.commands
            .send(Control::Command(AudioCommand::Configure(config)))
            .unwrap();
    }

    /// The next event (heartbeats passed over).
    fn next_event(&self) -> AudioEvent {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.try_recv_timeout(left) {
                Ok(Report::Heartbeat(_)) => continue,
                Ok(Report::Event(event)) => return event,
                Err(e) => panic!("no event within {PATIENCE:?}: {e:?}"),
            }
        }
    }

    fn stop(self) {
        self.commands.send(Control::Shutdown).unwrap();
        self.thread.join().unwrap().unwrap();
    }
}

/// Polls the record until `wanted` holds for a frame; that frame and its sequence.
fn wait_for_frame(
    segment: &AudioSegment,
    what: &str,
    wanted: impl Fn(&AudioFrame) -> bool,
) -> (u64, AudioFrame) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Ok((seq, frame)) = segment.read()
            && wanted(&frame)
        {
            return (seq, frame);
        }
        assert!(
            Instant::now() < deadline,
            "no frame {what} within {PATIENCE:?}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn moving(frame: &AudioFrame) -> bool {
    !frame.silent && frame.bar_count == 64 && frame.bars().iter().any(|b| *b > 0.05)
}

fn at_rest(frame: &AudioFrame) -> bool {
    frame.silent && frame.bars.iter().all(|b| *b == 0.0)
}

/// A 16-bit mono WAV file of `samples` at `rate`.
fn write_wav(path: &Path, samples: &[f32], rate: u32) {
    let data_len = samples.len() as u32 * 2;
    let mut bytes = Vec::with_capacity(44 + data_len as usize);
    bytes.extend_from_slice(b"RIFF");
    bytes.extend_from_slice(&(36 + data_len).to_le_bytes());
    bytes.extend_from_slice(b"WAVEfmt ");
    bytes.extend_from_slice(&16u32.to_le_bytes());
    bytes.extend_from_slice(&1u16.to_le_bytes()); // PCM
    bytes.extend_from_slice(&1u16.to_le_bytes()); // mono
    bytes.extend_from_slice(&rate.to_le_bytes());
    bytes.extend_from_slice(&(rate * 2).to_le_bytes());
    bytes.extend_from_slice(&2u16.to_le_bytes());
    bytes.extend_from_slice(&16u16.to_le_bytes());
    bytes.extend_from_slice(b"data");
    bytes.extend_from_slice(&data_len.to_le_bytes());
    for s in samples {
        bytes.extend_from_slice(&((s.clamp(-1.0, 1.0) * 32_767.0) as i16).to_le_bytes());
    }
    std::fs::write(path, bytes).unwrap();
}

/// 1.5 s of clicks, four a second.
fn clicks(rate: u32) -> Vec<f32> {
    let mut samples = vec![0.0f32; rate as usize * 3 / 2];
    for start in (0..samples.len()).step_by(rate as usize / 4) {
        for (i, s) in samples[start..].iter_mut().take(1_200).enumerate() {
            let t = i as f32 / rate as f32;
            *s = (std::f32::consts::TAU * 1_500.0 * t).sin() * (-t / 0.01).exp() * 0.8;
        }
    }
    samples
}

#[test]
fn the_clip_fills_the_record_with_moving_bars() {
    let segment = AudioSegment::create().unwrap();
    let worker = InThreadWorker::start(&segment, None);
    worker.listen_to(AudioSource::Clip);
    assert_eq!(
        worker.next_event(),
        AudioEvent::Listening {
            source: "the bundled clip".to_owned(),
            sample_rate: 48_000
        }
    );
    let (first, frame) = wait_for_frame(&segment, "with moving bars", moving);
    assert_eq!(frame.sample_rate, 48_000);
    assert!(frame.rms > 0.01);
    let (later, _) = wait_for_frame(&segment, "newer", |_| true);
    let (latest, _) = wait_for_frame(&segment, "newer still", |f| {
        f.captured_at_ns > frame.captured_at_ns + 100_000_000
    });
    assert!(first <= later && later < latest, "{first} {later} {latest}");
    worker.stop();
}

#[test]
fn a_file_is_heard_to_its_end_then_the_bars_rest() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clicks.wav");
    write_wav(&path, &clicks(48_000), 48_000);
    let segment = AudioSegment::create().unwrap();
    let worker = InThreadWorker::start(&segment, None);
    worker.listen_to(AudioSource::File(path.clone()));
    let AudioEvent::Listening { source, .. } = worker.next_event() else {
        panic!("expected Listening first");
    };
    assert_eq!(PathBuf::from(source), path);
    wait_for_frame(&segment, "while the file plays", |f| {
        !f.silent && f.rms > 0.01
    });
    assert_eq!(
        worker.next_event(),
        AudioEvent::Ended { path: path.clone() }
    );
    let (seq, _) = wait_for_frame(&segment, "at rest after the end", at_rest);
    // At rest the worker idles: nothing more is published.
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(segment.read().unwrap().0, seq, "frames published at rest");
    worker.stop();
}

#[test]
fn a_corrupt_file_is_named_in_a_problem_and_the_clip_plays() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.mp3");
    std::fs::write(&path, b"ID3\x04\0\0\0\0\0\x10this is not music at all").unwrap();
    let segment = AudioSegment::create().unwrap();
    let worker = InThreadWorker::start(&segment, None);
    worker.listen_to(AudioSource::File(path.clone()));
    let AudioEvent::Problem(problem) = worker.next_event() else {
        panic!("expected a problem");
    };
    assert!(
        problem.starts_with(&format!("cannot read {}", path.display())),
        "{problem}"
    );
    assert!(!problem.contains('\n'));
    assert!(matches!(
        worker.next_event(),
        AudioEvent::Listening { source, .. } if source == "the bundled clip"
    ));
    wait_for_frame(&segment, "from the clip", moving);
    worker.stop();
}

#[test]
fn a_vanished_device_is_reported_and_listened_to_again() {
    let segment = AudioSegment::create().unwrap();
    let fault = AudioFault::VanishDeviceAfter(Duration::from_millis(300));
    let worker = InThreadWorker::start(&segment, Some(fault));
    worker.listen_to(AudioSource::Clip);
    assert!(matches!(worker.next_event(), AudioEvent::Listening { .. }));
    let AudioEvent::Problem(problem) = worker.next_event() else {
        panic!("expected a problem");
    };
    assert!(problem.contains("vanished"), "{problem}");
    wait_for_frame(&segment, "at rest while the device is gone", at_rest);
    assert!(matches!(worker.next_event(), AudioEvent::Listening { .. }));
    wait_for_frame(&segment, "moving again", moving);
    worker.stop();
}

#[test]
fn another_source_is_taken_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clicks.wav");
    write_wav(&path, &clicks(44_100), 44_100);
    let segment = AudioSegment::create().unwrap();
    let worker = InThreadWorker::start(&segment, None);
    worker.listen_to(AudioSource::Clip);
    assert!(matches!(worker.next_event(), AudioEvent::Listening { .. }));
    worker.listen_to(AudioSource::File(path.clone()));
    let AudioEvent::Listening { source, .. } = worker.next_event() else {
        panic!("expected Listening");
    };
    assert_eq!(PathBuf::from(source), path);
    worker.stop();
}

#[test]
fn shutdown_or_a_closed_channel_ends_the_worker_cleanly() {
    let segment = AudioSegment::create().unwrap();
    // Before any configuration.
    InThreadWorker::start(&segment, None).stop();
    // While listening, the UI going away.
    let worker = InThreadWorker::start(&segment, None);
    worker.listen_to(AudioSource::Clip);
    assert!(matches!(worker.next_event(), AudioEvent::Listening { .. }));
    drop(worker.commands);
    worker.thread.join().unwrap().unwrap();
}

#[test]
fn a_device_that_is_not_there_is_a_problem_once_and_the_bars_rest() {
    let segment = AudioSegment::create().unwrap();
    let worker = InThreadWorker::start(&segment, None);
    worker.listen_to(AudioSource::Device("no-such-device".to_owned()));
    assert_eq!(
        worker.next_event(),
        AudioEvent::Problem("cannot listen to no-such-device: no such device".to_owned())
    );
    wait_for_frame(&segment, "at rest without a device", at_rest);
    // Tried again every 2 s, but the same problem is told once.
    let quiet_until = Instant::now() + Duration::from_millis(2_500);
    while let Ok(report) = worker
        .events
        .try_recv_timeout(quiet_until.saturating_duration_since(Instant::now()))
    {
        assert!(matches!(report, Report::Heartbeat(_)), "{report:?}");
    }
    // Told to listen to something else, it does.
    worker.listen_to(AudioSource::Clip);
    assert!(matches!(worker.next_event(), AudioEvent::Listening { .. }));
    worker.stop();
}

#[test]
fn auto_always_listens_to_something() {
    let segment = AudioSegment::create().unwrap();
    let worker = InThreadWorker::start(&segment, None);
    worker.listen_to(AudioSource::Auto);
    let AudioEvent::Listening { source, .. } = worker.next_event() else {
        panic!("expected Listening");
    };
    // What is playing, an input, or (with no sound card, as on CI) the clip.
    if source == "the bundled clip" {
        wait_for_frame(&segment, "from the clip", moving);
    }
    worker.stop();
}
