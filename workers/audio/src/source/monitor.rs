//! What the computer is playing, on Linux: the monitor of the default PulseAudio (or
//! PipeWire-Pulse) output, asked of `pactl`. Capture itself goes through ALSA's `pulse`
//! device; that device records from the default input, so once its stream is open it is moved
//! to the monitor, as a mixer would move it (`pactl move-source-output`).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// `pactl` answers at once or not at all: never wait longer than this for it.
const PACTL_DEADLINE: Duration = Duration::from_secs(1);

/// The default output's name, if there is a sound server to ask.
pub fn default_sink() -> Option<String> {
    let out = pactl(&["get-default-sink"])?;
    let sink = out.trim();
    (!sink.is_empty()).then(|| sink.to_owned())
}

/// The most output latency added to what a monitor records (Bluetooth is about 200 ms).
const MOST_SINK_LATENCY: Duration = Duration::from_millis(250);

/// How long after a monitor records a sound the output `sink` plays it: the sound is recorded
/// as it is mixed into the output's buffer, and heard only once the buffer has played out, so
/// the bars wait that long. A null sink has no speakers behind it (and reports its whole
/// buffer): nothing to wait for.
pub fn sink_latency(sink: &str) -> Duration {
    pactl(&["list", "sinks"])
        .and_then(|listing| latency_of(&listing, sink))
        .unwrap_or_default()
        .min(MOST_SINK_LATENCY)
}

/// The latency `pactl list sinks` (C locale) gives `sink`: its "Latency: N usec" line.
fn latency_of(listing: &str, sink: &str) -> Option<Duration> {
    let block = listing.split("Sink #").find(|block| {
        block
            .lines()
            .any(|line| line.trim() == format!("Name: {sink}"))
    })?;
    if block
        .lines()
        .any(|line| line.trim() == "Driver: module-null-sink.c")
    {
        return Some(Duration::ZERO);
    }
    let micros = block.lines().find_map(|line| {
        let rest = line.trim().strip_prefix("Latency: ")?;
        rest.split_whitespace().next()?.parse::<u64>().ok()
    })?;
    Some(Duration::from_micros(micros))
}

/// A monitor source: what an output plays, to be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Monitor {
    pub name: String,
    pub channels: u16,
    pub sample_rate: u32,
}

/// Every output's monitor the sound server has.
pub fn monitors() -> Vec<Monitor> {
    let Some(out) = pactl(&["list", "short", "sources"]) else {
        return Vec::new();
    };
    // index, name, driver, "s16le 2ch 44100Hz", state
    out.lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let name = *fields.get(1)?;
            if !name.ends_with(".monitor") {
                return None;
            }
            let spec = fields.get(3).copied().unwrap_or("");
            Some(Monitor {
                name: name.to_owned(),
                channels: number(spec, "ch").unwrap_or(2),
                sample_rate: number(spec, "Hz").unwrap_or(48_000),
            })
        })
        .collect()
}

/// The number before `suffix` in a sample spec such as `s16le 2ch 44100Hz`.
fn number<N: std::str::FromStr>(spec: &str, suffix: &str) -> Option<N> {
    spec.split_whitespace()
        .find_map(|word| word.strip_suffix(suffix)?.parse().ok())
}

/// Moves this process's recording stream to `source`; waits up to a second for the stream to
/// appear on the server.
pub fn route_to(source: &str) -> Result<(), String> {
    let pid = std::process::id().to_string();
    let deadline = Instant::now() + PACTL_DEADLINE;
    loop {
        let listing = pactl(&["list", "source-outputs"]).ok_or("pactl does not answer")?;
        if let Some(index) = our_stream(&listing, &pid) {
            return pactl(&["move-source-output", &index, source])
                .map(|_| ())
                .ok_or_else(|| format!("the sound server would not record {source}"));
        }
        if Instant::now() > deadline {
            return Err("the recording stream did not reach the sound server".to_owned());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The index of the source output whose process is `pid`, in `pactl list source-outputs`.
fn our_stream(listing: &str, pid: &str) -> Option<String> {
    let wanted = format!("application.process.id = \"{pid}\"");
    listing.split("Source Output #").skip(1).find_map(|block| {
        let index = block.lines().next()?.trim();
        block
            .lines()
            .any(|line| line.trim() == wanted)
            .then(|| index.to_owned())
    })
}

/// `pactl` with `args`: its output, or `None` if it is missing, fails or hangs.
fn pactl(args: &[&str]) -> Option<String> {
    // pactl translates its output: read it in the C locale.
    let mut child = Command::new("pactl")
        .env("LC_ALL", "C")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let deadline = Instant::now() + PACTL_DEADLINE;
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => break,
            Ok(None) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Ok(Some(_)) | Err(_) => return None,
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
    let mut out = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take()?, &mut out).ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_recording_stream_is_found_by_its_process() {
        let listing = "Source Output #7\n\tDriver: protocol-native.c\n\tProperties:\n\t\t\
                       application.process.id = \"41\"\nSource Output #12\n\tProperties:\n\t\t\
                       application.name = \"ALSA plug-in [framewave]\"\n\t\t\
                       application.process.id = \"4242\"\n";
        assert_eq!(our_stream(listing, "4242").as_deref(), Some("12"));
        assert_eq!(our_stream(listing, "42"), None);
    }

    #[test]
    fn a_sink_latency_is_read_for_that_sink_and_none_for_a_null_sink() {
        let listing = "Sink #0\n\tState: RUNNING\n\tName: alsa_output.pci.analog-stereo\n\t\
                       Driver: module-alsa-card.c\n\tLatency: 41500 usec, configured 40000 usec\n\
                       Sink #1\n\tName: fwtest\n\tDriver: module-null-sink.c\n\t\
                       Latency: 988251 usec, configured 2000000 usec\n";
        assert_eq!(
            latency_of(listing, "alsa_output.pci.analog-stereo"),
            Some(Duration::from_micros(41_500))
        );
        assert_eq!(latency_of(listing, "fwtest"), Some(Duration::ZERO));
        assert_eq!(latency_of(listing, "gone"), None);
    }

    #[test]
    fn without_a_sound_server_there_is_no_default_output() {
        // On a machine with one this says its name; it must never hang or panic either way.
        let _ = default_sink();
        let _ = monitors();
    }
}
