//! Frames into the shared record, each when it is due: when its sound is heard (at once for
//! captured sound; a file played aloud is analysed as it goes into the output, a little
//! before the speakers play it, and the bars must never be ahead of the sound), and
//! `latency_offset_ms` later still to meet a picture that comes out late elsewhere
//! (Bluetooth speakers, a slow television).

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use framewave_protocol::{AudioFrame, AudioSegment};

/// The most frames waiting: the largest offset (500 ms) at 100 frames a second, and some. A
/// longer wait (a slow output on top of the offset) thins the frames out instead: the newest
/// replaces the one before it, and the oldest still go out when due.
const WAITING: usize = 64;

#[derive(Debug)]
pub struct Publisher {
    segment: AudioSegment,
    delay: Duration,
    waiting: VecDeque<(Instant, AudioFrame)>,
}

impl Publisher {
    pub fn new(segment: AudioSegment, latency_offset_ms: u32) -> Self {
        let mut publisher = Self {
            segment,
            delay: Duration::ZERO,
            waiting: VecDeque::with_capacity(WAITING),
        };
        publisher.set_delay(latency_offset_ms);
        publisher
    }

    pub fn set_delay(&mut self, latency_offset_ms: u32) {
        self.delay = Duration::from_millis(u64::from(latency_offset_ms.min(500)));
    }

    /// Publishes `frame` now, or queues it until its sound is heard (`now_ns` is the
    /// monotonic clock's time at `now`) and the offset has passed. Its time moves with the
    /// offset: the sound is heard that much later, so the beat's phase a reader extrapolates
    /// stays right.
    pub fn offer(&mut self, mut frame: AudioFrame, now: Instant, now_ns: u64) {
        let ahead = Duration::from_nanos(frame.captured_at_ns.saturating_sub(now_ns));
        let wait = self.delay + ahead;
        if wait.is_zero() && self.waiting.is_empty() {
            self.segment.publish(&frame);
            return;
        }
        frame.captured_at_ns += self.delay.as_nanos() as u64;
        if self.waiting.len() == WAITING {
            self.waiting.pop_back();
        }
        self.waiting.push_back((now + wait, frame));
    }

    /// Publishes what is due by `now`; the time the next frame is due, if one waits.
    pub fn flush(&mut self, now: Instant) -> Option<Instant> {
        let mut newest = None;
        while let Some((due, _)) = self.waiting.front() {
            if *due > now {
                break;
            }
            newest = self.waiting.pop_front().map(|(_, frame)| frame);
        }
        // Only the newest due frame matters to a latest-value record.
        if let Some(frame) = newest {
            self.segment.publish(&frame);
        }
        self.waiting.front().map(|(due, _)| *due)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_wait_for_the_latency_offset() {
        let ui = AudioSegment::create().unwrap();
        let mut publisher = Publisher::new(ui.try_clone().unwrap(), 200);
        let start = Instant::now();
        let frame = AudioFrame {
            captured_at_ns: 1_000,
            ..AudioFrame::default()
        };
        publisher.offer(frame, start, 1_000);
        assert!(ui.read().is_err(), "published before its time");
        let due = publisher.flush(start + Duration::from_millis(100));
        assert_eq!(due, Some(start + Duration::from_millis(200)));
        assert_eq!(publisher.flush(start + Duration::from_millis(200)), None);
        let (_, read) = ui.read().unwrap();
        assert_eq!(read.captured_at_ns, 1_000 + 200_000_000);
    }

    #[test]
    fn a_wait_longer_than_the_queue_thins_frames_out_but_never_stops_them() {
        let ui = AudioSegment::create().unwrap();
        let mut publisher = Publisher::new(ui.try_clone().unwrap(), 500);
        let start = Instant::now();
        let mut published = Vec::new();
        // A frame every 10 ms, heard 500 ms after it is analysed, then held 500 ms more.
        for step in 0..300u64 {
            let now = start + Duration::from_millis(step * 10);
            let now_ns = 1_000_000_000 + step * 10_000_000;
            let frame = AudioFrame {
                captured_at_ns: now_ns + 500_000_000,
                ..AudioFrame::default()
            };
            publisher.offer(frame, now, now_ns);
            publisher.flush(now);
            if let Ok((seq, _)) = ui.read() {
                published.push(seq);
            }
        }
        published.dedup();
        assert!(
            published.len() > 50,
            "only {} records went out",
            published.len()
        );
    }

    #[test]
    fn without_an_offset_frames_go_out_at_once() {
        let ui = AudioSegment::create().unwrap();
        let mut publisher = Publisher::new(ui.try_clone().unwrap(), 0);
        publisher.offer(AudioFrame::default(), Instant::now(), 0);
        assert!(ui.read().is_ok());
    }

    #[test]
    fn a_frame_of_sound_not_yet_heard_waits_until_it_is() {
        let ui = AudioSegment::create().unwrap();
        let mut publisher = Publisher::new(ui.try_clone().unwrap(), 0);
        let start = Instant::now();
        // Analysed as it went into the output: the speakers play it 40 ms from now.
        let frame = AudioFrame {
            captured_at_ns: 5_040_000_000,
            ..AudioFrame::default()
        };
        publisher.offer(frame, start, 5_000_000_000);
        assert!(ui.read().is_err(), "the bars went ahead of the sound");
        let due = publisher.flush(start + Duration::from_millis(39));
        assert_eq!(due, Some(start + Duration::from_millis(40)));
        publisher.flush(start + Duration::from_millis(40));
        assert_eq!(ui.read().unwrap().1.captured_at_ns, 5_040_000_000);
    }
}
