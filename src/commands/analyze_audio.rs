//! `framewave analyze-audio`: a music file analysed as the audio worker analyses what it
//! hears, as fast as it goes, printed as one JSON object.

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
}

pub fn run(args: &AnalyzeAudioArgs) -> anyhow::Result<()> {
    let recording = framewave_audio::file::read(&args.input)?;
    let analysis =
        framewave_audio::offline::analyze(&recording.samples, recording.sample_rate, args.fft_size);
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
    };
    super::print_json(&report, args.json)
}
