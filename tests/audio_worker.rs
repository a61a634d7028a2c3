//! The audio worker as the show runs it: a real `framewave worker audio` process under the
//! supervisor, its record read the way the render loop reads it (never waiting).

mod common;

use std::time::{Duration, Instant};

use framewave::audio::{AudioService, monotonic_ns};
use framewave_protocol::{AudioConfig, AudioSource};

fn start(source: AudioSource, worker_args: &[&str]) -> AudioService {
    let config = AudioConfig {
        source,
        ..AudioConfig::default()
    };
    let args = worker_args.iter().map(|a| a.to_string()).collect();
    AudioService::start(common::exe(), config, args).expect("starting the audio driver")
}

/// Polls `service` as the render loop does until `done` holds, or fails after `limit`.
fn until(
    service: &mut AudioService,
    limit: Duration,
    what: &str,
    mut done: impl FnMut(&AudioService) -> bool,
) {
    let deadline = Instant::now() + limit;
    loop {
        service.poll(monotonic_ns());
        if done(service) {
            return;
        }
        assert!(Instant::now() < deadline, "gave up waiting: {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn playing(service: &AudioService) -> bool {
    let frame = service.frame();
    !frame.silent && frame.bars().iter().any(|b| *b > 0.01)
}

/// `seconds` of a tone, loud.
fn tone(seconds: f32) -> Vec<f32> {
    (0..(seconds * 48_000.0) as usize)
        .map(|i| 0.5 * (i as f32 * std::f32::consts::TAU * 440.0 / 48_000.0).sin())
        .collect()
}

#[test]
fn the_bundled_clip_reaches_the_render_loop_and_keeps_coming() {
    let mut service = start(AudioSource::Clip, &[]);
    until(
        &mut service,
        Duration::from_secs(15),
        "bars from the clip",
        playing,
    );
    let first = service.frame().captured_at_ns;
    until(
        &mut service,
        Duration::from_secs(2),
        "a newer record",
        |s| s.frame().captured_at_ns > first,
    );
    assert_eq!(service.source(), Some("the bundled clip"));
    service.shutdown();
}

#[test]
fn a_crashed_worker_is_restarted_and_the_bars_come_back() {
    let mut service = start(AudioSource::Clip, &["--fault", "crash-after-ms:1500"]);
    until(
        &mut service,
        Duration::from_secs(15),
        "bars from the first worker",
        playing,
    );
    let mut restarts = 0;
    until(&mut service, Duration::from_secs(15), "a restart", |s| {
        if let Some(status) = s.latest_status() {
            restarts = status[0].restarts;
        }
        restarts >= 1
    });
    // The dead worker's record went quiet, then the new one's bars came.
    until(
        &mut service,
        Duration::from_secs(15),
        "bars from the new worker",
        playing,
    );
    service.shutdown();
}

#[test]
fn a_file_plays_then_the_bars_fall_to_rest_and_the_worker_idles() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tone.wav");
    common::wav::write_wav(&path, &tone(1.5), 48_000, 1);
    let mut service = start(AudioSource::File(path.clone()), &[]);
    until(
        &mut service,
        Duration::from_secs(15),
        "bars from the file",
        playing,
    );
    assert!(service.source().unwrap_or_default().contains("tone.wav"));
    until(
        &mut service,
        Duration::from_secs(10),
        "rest after the end",
        |s| s.frame().silent && s.frame().bars().iter().all(|b| *b == 0.0),
    );
    // Idle: nothing more is published while there is nothing to hear.
    let rested = service.frame().captured_at_ns;
    let idle_from = Instant::now();
    while idle_from.elapsed() < Duration::from_millis(500) {
        service.poll(monotonic_ns());
        assert_eq!(
            service.frame().captured_at_ns,
            rested,
            "a record after the rest"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    service.shutdown();
}

#[test]
fn a_corrupt_file_is_said_and_the_bundled_clip_plays_instead() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.flac");
    std::fs::write(&path, b"fLaC this is not a flac stream at all").unwrap();
    let mut service = start(AudioSource::File(path), &[]);
    until(
        &mut service,
        Duration::from_secs(15),
        "bars from the clip",
        playing,
    );
    assert_eq!(service.source(), Some("the bundled clip"));
    service.shutdown();
}
