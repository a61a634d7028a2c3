//! `framewave analyze-audio`: a music file analysed as the audio worker analyses what it
//! hears, as fast as it goes, printed as one JSON object.

use framewave_audio::live::LiveAnalyzer;
use framewave_protocol::{AudioConfig, AudioFrame};
use serde::Serialize;

use crate::cli::AnalyzeAudioArgs;

#[derive(Debug, Serialize)]
struct Report {
    sample_rate: u32,
    duration_s: f64,
    bpm: Option<f64>,
    bpm_confidence: f64,
    peak_hz: Option<f64>,
    beats: Vec<f64>,
    onsets: Vec<f64>,
    frames: usize,
    /// The tempo the visualizer's live analysis reads at the end of the file (from its last
    /// 10 s, as beat sync uses it), and how sure it is.
    live_bpm: Option<f64>,
    live_bpm_confidence: f64,
}

pub fn run(args: &AnalyzeAudioArgs) -> anyhow::Result<()> {
    let recording = framewave_audio::file::read(&args.input)?;
    let analysis =
        framewave_audio::offline::analyze(&recording.samples, recording.sample_rate, args.fft_size);
    let live = live_tempo(&recording.samples, recording.sample_rate, args.fft_size);
    let ms = |t: f64| (t * 1000.0).round() / 1000.0;
    let report = Report {
        sample_rate: analysis.sample_rate,
        duration_s: ms(analysis.duration_s),
        bpm: analysis.bpm.map(|bpm| (bpm * 100.0).round() / 100.0),
        bpm_confidence: (analysis.bpm_confidence * 100.0).round() / 100.0,
        peak_hz: analysis.peak_hz.map(|hz| (hz * 10.0).round() / 10.0),
        beats: analysis.beats.into_iter().map(ms).collect(),
        onsets: analysis.onsets.into_iter().map(ms).collect(),
        frames: analysis.frames,
        live_bpm: live
            .as_ref()
            .map(|frame| (f64::from(frame.bpm) * 100.0).round() / 100.0),
        live_bpm_confidence: live.map_or(0.0, |frame| {
            (f64::from(frame.bpm_confidence) * 100.0).round() / 100.0
        }),
    };
    super::print_json(&report, args.json)
}

/// The last tempo the live analysis gives over `samples`, fed 10 ms at a time as the worker
/// feeds it.
fn live_tempo(samples: &[f32], sample_rate: u32, fft_size: usize) -> Option<AudioFrame> {
    let config = AudioConfig {
        fft_size: fft_size as u32,
        ..AudioConfig::default()
    };
    let mut analyzer = LiveAnalyzer::new(&config, sample_rate);
    let hop = (sample_rate / 100).max(1) as usize;
    let mut latest = None;
    for (i, chunk) in samples.chunks(hop).enumerate() {
        let heard_ns = (i as u64 + 1) * 10_000_000;
        if let Some(frame) = analyzer.push(chunk, heard_ns).filter(|f| f.bpm > 0.0) {
            latest = Some(frame);
        }
    }
    latest
}
