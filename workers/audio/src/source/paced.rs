//! Samples sent in real time by a thread of their own, 10 ms at a time: the clip (looped), or
//! a file when there is no output to play it on. Chunks are scheduled from the start, not
//! from the chunk before, so the pace never drifts.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::{Feed, now_ns};

/// After a file's end, this much silence is sent, so the bars fall to rest; then nothing.
const TRAILING_SILENCE: Duration = Duration::from_millis(1_200);
/// Behind by more than this (the machine slept), the schedule starts again from now instead
/// of sending the backlog all at once.
const GIVE_UP_CATCHING_UP: Duration = Duration::from_millis(500);

/// What is paced.
#[derive(Debug)]
pub enum Samples {
    /// Round and round, until stopped.
    Looped(&'static [f32]),
    /// Once, then the end is announced for this file.
    Once(Arc<[f32]>, PathBuf),
}

impl Samples {
    fn all(&self) -> &[f32] {
        match self {
            Samples::Looped(samples) => samples,
            Samples::Once(samples, _) => samples,
        }
    }
}

/// The pacing thread; dropping this stops it.
#[derive(Debug)]
pub struct Pacer {
    stop: Arc<AtomicBool>,
}

impl Pacer {
    pub fn start(samples: Samples, sample_rate: u32, feed: Feed) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let spawned = std::thread::Builder::new()
            .name("audio-pacer".into())
            .spawn(move || pace(&samples, sample_rate, &feed, &stopped));
        if spawned.is_err() {
            // No thread, no sound: the analysis rests, which is what silence looks like.
            stop.store(true, Ordering::Relaxed);
        }
        Self { stop }
    }
}

impl Drop for Pacer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn pace(samples: &Samples, sample_rate: u32, feed: &Feed, stop: &AtomicBool) {
    let hop = (sample_rate / 100).max(1) as usize;
    let period = Duration::from_millis(10);
    let all = samples.all();
    let mut start = Instant::now();
    let mut sent = 0u32;
    let mut position = 0usize;
    let mut silence_left = None;
    while !stop.load(Ordering::Relaxed) {
        let due = start + period * (sent + 1);
        let now = Instant::now();
        if now < due {
            std::thread::sleep(due - now);
        } else if now - due > GIVE_UP_CATCHING_UP {
            (start, sent) = (now, 0);
        }
        let chunk = match samples {
            Samples::Looped(_) if !all.is_empty() => {
                let chunk = (0..hop).map(|i| all[(position + i) % all.len()]).collect();
                position = (position + hop) % all.len();
                chunk
            }
            Samples::Once(_, path) if position >= all.len() => {
                if silence_left.is_none() && !feed.send_end(path) {
                    return;
                }
                let left = silence_left.get_or_insert(TRAILING_SILENCE.as_millis() as u32 / 10);
                if *left == 0 {
                    return;
                }
                *left -= 1;
                vec![0.0; hop]
            }
            _ => {
                let end = (position + hop).min(all.len());
                let mut chunk = all[position..end].to_vec();
                chunk.resize(hop, 0.0);
                position = end;
                chunk
            }
        };
        if !feed.send(chunk, now_ns()) {
            return;
        }
        sent += 1;
    }
}
