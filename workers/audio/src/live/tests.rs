use super::*;
use crate::test_signals::hits;

const RATE: u32 = 48_000;
/// 10 ms chunks, as a capture callback might deliver them.
const CHUNK: usize = 480;

fn ns(samples: u64) -> u64 {
    samples * 1_000_000_000 / u64::from(RATE)
}

/// Pushes `samples` in 10 ms chunks starting at sample `from`; every frame, with the sample
/// clock of its newest sample.
fn feed(analyzer: &mut LiveAnalyzer, samples: &[f32], from: u64) -> Vec<(u64, AudioFrame)> {
    let mut frames = Vec::new();
    let mut end = from;
    for chunk in samples.chunks(CHUNK) {
        end += chunk.len() as u64;
        if let Some(frame) = analyzer.push(chunk, ns(end)) {
            frames.push((end, frame));
        }
    }
    frames
}

fn tone(hz: f32, seconds: f32) -> Vec<f32> {
    (0..(seconds * RATE as f32) as usize)
        .map(|i| (std::f32::consts::TAU * hz * i as f32 / RATE as f32).sin() * 0.5)
        .collect()
}

#[test]
fn a_click_track_gives_its_tempo_within_eight_seconds_and_the_beat_on_the_clicks() {
    let clicks: Vec<f64> = (0..16).map(|k| 0.25 + f64::from(k) * 0.5).collect();
    let mut analyzer = LiveAnalyzer::new(&AudioConfig::default(), RATE);
    let frames = feed(&mut analyzer, &hits(&clicks, 8.0), 0);
    let (_, last) = frames.last().expect("frames");
    assert!((last.bpm - 120.0).abs() <= 1.0, "{} BPM", last.bpm);
    assert!(last.bpm_confidence > 0.3, "{}", last.bpm_confidence);
    assert!(last.onsets >= 14, "{} onsets", last.onsets);
    let mut checked = 0;
    for (end, frame) in frames.iter().filter(|(end, _)| *end >= 6 * u64::from(RATE)) {
        let t = *end as f64 / f64::from(RATE);
        if clicks.iter().any(|c| (c - t).abs() < 1e-6) {
            let phase = f64::from(frame.beat_phase);
            let off_beat = phase.min(1.0 - phase);
            assert!(off_beat < 0.06, "phase {phase:.3} at the click at {t:.2} s");
            checked += 1;
        }
    }
    assert!(checked >= 3, "{checked} clicks checked");
}

#[test]
fn a_pure_tone_lifts_its_bar() {
    let config = AudioConfig {
        bars: 32,
        ..AudioConfig::default()
    };
    let mut analyzer = LiveAnalyzer::new(&config, RATE);
    let frames = feed(&mut analyzer, &tone(1_000.0, 1.0), 0);
    let (_, frame) = frames.last().unwrap();
    assert_eq!(frame.bar_count, 32);
    assert!(!frame.silent);
    let loudest = frame
        .bars()
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(i, _)| i);
    let layout = BarLayout::new(32, config.low_hz, config.high_hz);
    assert_eq!(loudest, layout.bar_of(1_000.0), "{:?}", frame.bars());
    assert!(frame.bars()[loudest.unwrap()] > 0.3);
    assert!(
        (frame.rms - 0.5 / 2f32.sqrt()).abs() < 0.02,
        "{}",
        frame.rms
    );
    assert!(frame.levels.mid.energy > 10.0 * frame.levels.bass.energy);
    assert!(frame.waveform.iter().any(|s| s.abs() > 0.4));
}

#[test]
fn silence_rests_the_bars_and_stops_the_frames_until_sound_returns() {
    let mut analyzer = LiveAnalyzer::new(&AudioConfig::default(), RATE);
    let sound = tone(440.0, 0.5);
    let frames = feed(&mut analyzer, &sound, 0);
    assert_eq!(frames.len(), 50, "one frame a hop");
    let quiet = vec![0.0; RATE as usize * 2];
    let frames = feed(&mut analyzer, &quiet, sound.len() as u64);
    // A second of quiet analysed (the bars falling), then one resting frame, then nothing.
    let (_, resting) = frames.last().unwrap();
    assert!(resting.silent);
    assert!(resting.bars.iter().all(|b| *b == 0.0));
    assert_eq!(resting.bpm, 0.0);
    assert!(frames.len() <= 101, "{} frames in silence", frames.len());
    assert!(!frames[0].1.silent);
    let more = feed(&mut analyzer, &quiet, (sound.len() + quiet.len()) as u64);
    assert!(more.is_empty(), "frames while at rest");
    let back = feed(
        &mut analyzer,
        &sound,
        (sound.len() + 2 * quiet.len()) as u64,
    );
    assert_eq!(back.len(), 50);
    assert!(back.iter().all(|(_, f)| !f.silent));
}

#[test]
fn a_new_bar_count_takes_effect_at_once() {
    let mut config = AudioConfig {
        bars: 32,
        ..AudioConfig::default()
    };
    let mut analyzer = LiveAnalyzer::new(&config, RATE);
    let sound = tone(1_000.0, 0.5);
    let frames = feed(&mut analyzer, &sound, 0);
    assert_eq!(frames.last().unwrap().1.bar_count, 32);
    config.bars = 16;
    config.fft_size = 4096;
    analyzer.configure(&config);
    let frames = feed(&mut analyzer, &sound, sound.len() as u64);
    let (_, frame) = frames.last().unwrap();
    assert_eq!(frame.bar_count, 16);
    assert!(frame.bars[16..].iter().all(|b| *b == 0.0));
    assert!(frame.bars().iter().any(|b| *b > 0.3));
}

#[test]
fn frames_carry_the_time_their_newest_sample_was_heard() {
    let mut analyzer = LiveAnalyzer::new(&AudioConfig::default(), RATE);
    // One 25 ms chunk: two hops end in it, 5 ms before its last sample.
    let frame = analyzer.push(&tone(440.0, 0.025), 1_000_000_000).unwrap();
    assert_eq!(frame.captured_at_ns, 1_000_000_000 - 5_000_000);
}

#[test]
fn told_that_nothing_more_comes_it_rests_at_once_and_only_once() {
    let mut analyzer = LiveAnalyzer::new(&AudioConfig::default(), RATE);
    feed(&mut analyzer, &tone(440.0, 0.5), 0);
    let resting = analyzer.rest(ns(24_000)).expect("a resting frame");
    assert!(resting.silent && resting.bars.iter().all(|b| *b == 0.0));
    assert!(analyzer.rest(ns(24_000)).is_none());
    assert!(feed(&mut analyzer, &vec![0.0; 4_800], 24_000).is_empty());
}

#[test]
fn a_long_chunk_gives_a_frame_for_each_hop_each_with_its_own_time() {
    let mut analyzer = LiveAnalyzer::new(&AudioConfig::default(), RATE);
    let mut stamps = Vec::new();
    // 50 ms of a tone whose last sample is heard at 1 s: five hops, 10 ms apart.
    analyzer.push_each(&tone(440.0, 0.05), 1_000_000_000, |frame| {
        stamps.push(frame.captured_at_ns)
    });
    assert_eq!(
        stamps,
        [960, 970, 980, 990, 1_000].map(|ms| ms * 1_000_000),
        "{stamps:?}"
    );
}
