//! Tempo and beats from an onset-strength envelope and the onsets found in it.
//!
//! The period is first read from the envelope's autocorrelation, over 50 to 220 BPM, weighted
//! towards the tempos music is mostly played at (a log-normal around 120 BPM, one octave wide),
//! and halved when half of it correlates nearly as well (a steady beat correlates at twice its
//! period too); a period that is three quarters or one and a half of the beat (syncopation,
//! shuffle) gives way to the beat when the beat's multiples correlate better. The beat grid's
//! phase is the one on which the
//! envelope is strongest; then the period and phase are fitted by least squares to the onsets
//! nearest each beat, which places beats to the millisecond on steady music.

/// A tempo and where its beats fall.
#[derive(Debug, Clone, PartialEq)]
pub struct Tempo {
    pub bpm: f64,
    /// 0..1: how many beats of the grid have an onset near them, and how periodic the
    /// envelope is at that period.
    pub confidence: f64,
    /// Beat times, in seconds.
    pub beats: Vec<f64>,
}

const SLOWEST_BPM: f64 = 50.0;
const FASTEST_BPM: f64 = 220.0;
/// The tempo the weighting favours, and how wide (in octaves) it is.
const LIKELY_BPM: f64 = 120.0;
const OCTAVES: f64 = 1.0;
/// How far before the start a fitted beat may fall and still be the first beat, in seconds.
const EARLY_S: f64 = 0.02;
/// How many multiples of a period tell a beat from a syncopation (two beats, the bar).
const MULTIPLES: u32 = 4;

/// The tempo of `envelope` (onset strength at `frame_rate` frames a second, frame `i` at
/// `offset_s + i / frame_rate` seconds), its beats fitted to `onsets` (seconds), over a run of
/// `duration_s`. `None` when nothing repeats.
pub fn estimate(
    envelope: &[f32],
    frame_rate: f64,
    offset_s: f64,
    onsets: &[f64],
    duration_s: f64,
) -> Option<Tempo> {
    let mean = envelope.iter().map(|e| f64::from(*e)).sum::<f64>() / envelope.len().max(1) as f64;
    let centred: Vec<f64> = envelope.iter().map(|e| f64::from(*e) - mean).collect();
    let shortest = (frame_rate * 60.0 / FASTEST_BPM).floor() as usize;
    let longest = ((frame_rate * 60.0 / SLOWEST_BPM).ceil() as usize).min(centred.len() / 2);
    if shortest < 1 || longest <= shortest + 1 {
        return None;
    }
    let correlation = |lag: usize| -> f64 {
        centred
            .iter()
            .zip(&centred[lag..])
            .map(|(a, b)| a * b)
            .sum::<f64>()
            / (centred.len() - lag) as f64
    };
    let energy = correlation(0);
    if energy <= 0.0 {
        return None;
    }
    let raw: Vec<f64> = (0..=longest + 1).map(correlation).collect();
    let weighted = |lag: usize| {
        let bpm = frame_rate * 60.0 / lag as f64;
        let octaves = (bpm / LIKELY_BPM).log2() / OCTAVES;
        raw[lag] * (-0.5 * octaves * octaves).exp()
    };
    let mut best = (shortest..=longest).max_by(|a, b| weighted(*a).total_cmp(&weighted(*b)))?;
    if raw[best] <= 0.0 {
        return None;
    }
    // A steady beat correlates as well at twice its period: the faster reading is the beat
    // when it is nearly as strong (a click every beat, not every other).
    let half = best / 2;
    if half > shortest {
        let faster = (half - 1..=half + 1).max_by(|a, b| raw[*a].total_cmp(&raw[*b]))?;
        if raw[faster] >= 0.8 * raw[best] {
            best = faster;
        }
    }
    // A syncopated rhythm (kicks 3 + 3 + 2 sixteenths apart) correlates at three quarters of
    // the beat, a shuffle at one and a half beats. The beat is the reading whose multiples
    // (two beats, the bar) correlate too: of the period found and the two it may stand for,
    // the one whose first four multiples correlate best.
    let comb = |lag: f64| -> f64 {
        (1..=MULTIPLES)
            .map(|m| lag * f64::from(m))
            .filter(|at| (*at as usize) + 1 < centred.len() / 2)
            .map(|at| {
                let below = at.floor() as usize;
                let t = at - below as f64;
                correlation(below) * (1.0 - t) + correlation(below + 1) * t
            })
            .sum()
    };
    let found = best as f64;
    let candidates = [found, found * 4.0 / 3.0, found * 2.0 / 3.0];
    if let Some(beat) = candidates
        .into_iter()
        .filter(|lag| (shortest as f64..=longest as f64).contains(lag))
        .max_by(|a, b| comb(*a).total_cmp(&comb(*b)))
        .filter(|lag| *lag != found)
    {
        best = peak_near(&raw, beat, shortest, longest)?;
    }
    // Between lags: the parabola through the peak and its neighbours.
    let (a, b, c) = (raw[best - 1], raw[best], raw[best + 1]);
    let bend = a - 2.0 * b + c;
    let shift = if bend.abs() > f64::EPSILON {
        (0.5 * (a - c) / bend).clamp(-0.5, 0.5)
    } else {
        0.0
    };
    let mut period = (best as f64 + shift) / frame_rate;
    let periodicity = (raw[best] / energy).clamp(0.0, 1.0);
    let mut phase = strongest_phase(envelope, frame_rate, offset_s, period);
    let mut matched = 0.0;
    for _ in 0..3 {
        let Some((fitted_phase, fitted_period, share)) =
            fit_to_onsets(onsets, phase, period, duration_s)
        else {
            break;
        };
        (phase, period, matched) = (fitted_phase, fitted_period, share);
    }
    // A beat a hair before the start (the fit's rounding) is the beat at the start.
    let first = phase - (phase / period).floor() * period;
    let first = if first > period - EARLY_S {
        first - period
    } else {
        first
    };
    let beats = (0..)
        .map(|k| (first + k as f64 * period).max(0.0))
        .take_while(|t| *t < duration_s)
        .collect();
    Some(Tempo {
        bpm: 60.0 / period,
        confidence: (matched * periodicity.sqrt()).clamp(0.0, 1.0),
        beats,
    })
}

/// The strongest lag of `raw` next to `lag`, within `shortest..=longest` (so the parabola
/// through it has a neighbour either side).
fn peak_near(raw: &[f64], lag: f64, shortest: usize, longest: usize) -> Option<usize> {
    let near = lag.round() as usize;
    let (low, high) = (
        near.saturating_sub(1).max(shortest),
        (near + 1).min(longest),
    );
    (low..=high).max_by(|a, b| raw[*a].total_cmp(&raw[*b]))
}

/// The time in `0..period` (plus the envelope's offset) on whose grid the envelope is
/// strongest.
fn strongest_phase(envelope: &[f32], frame_rate: f64, offset_s: f64, period: f64) -> f64 {
    let steps = (period * frame_rate).round().max(1.0) as usize;
    let score = |step: usize| -> f64 {
        let mut at = step as f64;
        let mut sum = 0.0;
        while (at as usize) < envelope.len() {
            sum += f64::from(envelope[at as usize]);
            at += period * frame_rate;
        }
        sum
    };
    let best = (0..steps)
        .max_by(|a, b| score(*a).total_cmp(&score(*b)))
        .unwrap_or(0);
    offset_s + best as f64 / frame_rate
}

/// The phase and period of the straight line through the onsets nearest each beat of the
/// grid (`phase`, `period`), and the share of beats that had one; `None` with fewer than
/// three.
fn fit_to_onsets(
    onsets: &[f64],
    phase: f64,
    period: f64,
    duration_s: f64,
) -> Option<(f64, f64, f64)> {
    let first = phase - (phase / period).floor() * period;
    let reach = period * 0.2;
    let mut pairs = Vec::new();
    let mut beats = 0usize;
    let mut k = 0i64;
    loop {
        let t = first + k as f64 * period;
        if t >= duration_s {
            break;
        }
        beats += 1;
        let nearest = onsets
            .iter()
            .copied()
            .min_by(|a, b| (a - t).abs().total_cmp(&(b - t).abs()));
        if let Some(onset) = nearest.filter(|o| (o - t).abs() <= reach) {
            pairs.push((k as f64, onset));
        }
        k += 1;
    }
    if pairs.len() < 3 {
        return None;
    }
    let n = pairs.len() as f64;
    let (mean_k, mean_t) = pairs
        .iter()
        .fold((0.0, 0.0), |(sk, st), (k, t)| (sk + k / n, st + t / n));
    let (mut cov, mut var) = (0.0, 0.0);
    for (k, t) in &pairs {
        cov += (k - mean_k) * (t - mean_t);
        var += (k - mean_k) * (k - mean_k);
    }
    if var <= 0.0 {
        return None;
    }
    let fitted = cov / var;
    Some((mean_t - fitted * mean_k, fitted, n / beats.max(1) as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_peak_at_the_edge_of_the_range_stays_inside_it() {
        // Rising to the longest lag read: the peak is the longest, never one beyond.
        let raw: Vec<f64> = (0..=121).map(f64::from).collect();
        assert_eq!(peak_near(&raw, 120.0, 30, 120), Some(120));
        assert_eq!(peak_near(&raw, 31.0, 31, 120), Some(32));
        let falling: Vec<f64> = raw.iter().rev().copied().collect();
        assert_eq!(peak_near(&falling, 31.0, 31, 120), Some(31));
    }

    /// Envelopes of every length a live analysis passes through, with syncopated pulses at
    /// every period in range: never a panic, and a tempo in range when one is found.
    #[test]
    fn any_envelope_gives_a_tempo_in_range_or_none() {
        for len in 60..400 {
            for period in 25..=110 {
                // Kicks three, three and two sixteenths apart over a steady beat.
                let envelope: Vec<f32> = (0..len)
                    .map(|i| match (4 * i / period) % 8 {
                        _ if i % period == 0 => 1.0,
                        3 | 6 if (4 * i) % period < 4 => 0.9,
                        _ => 0.05,
                    })
                    .collect();
                let onsets: Vec<f64> = (0..len)
                    .filter(|i| envelope[*i] > 0.5)
                    .map(|i| i as f64 / 100.0)
                    .collect();
                let duration = len as f64 / 100.0;
                if let Some(tempo) = estimate(&envelope, 100.0, 0.0, &onsets, duration) {
                    assert!(
                        (SLOWEST_BPM * 0.9..=FASTEST_BPM * 1.1).contains(&tempo.bpm),
                        "{len} frames, period {period}: {} BPM",
                        tempo.bpm
                    );
                }
            }
        }
    }
}
