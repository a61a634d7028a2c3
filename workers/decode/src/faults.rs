//! Deliberate misbehaviour, so tests can prove the UI survives a broken worker.
//! Selected with the hidden `--fault` option; a normal run has none.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Fault {
    #[default]
    None,
    /// Abort the process on every decode request.
    CrashOnRequest,
    /// Answer every request with a descriptor that claims more memory than the slot has.
    GarbageDescriptor,
    /// Overwrite the segment header's layout version, then answer normally.
    DamagedHeader,
    /// Sleep this long before each decode (a slow worker; a window to kill it mid-decode).
    Slow(Duration),
    /// Never finish a request for a file with this name, while heartbeats go on (a decoder
    /// caught in a loop, or a read from a share that stopped answering).
    StuckOn(String),
    /// Write a frame wider and taller than requested (within the slot) and announce it.
    Oversize,
    /// Announce the first frame with its slot half rewritten (a torn frame), unless the marker
    /// file exists; creates it, so only the first worker to see it does so.
    TearOnce(PathBuf),
    /// Wait before saying hello, for as many milliseconds as the marker file says, if it
    /// exists when the worker starts (a worker slow to start, while others run).
    SlowHelloIf(PathBuf),
    /// Ignore the request to shut down (the supervisor must escalate to signals).
    IgnoreShutdown,
}

impl FromStr for Fault {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let simple = match text {
            "none" => Some(Self::None),
            "crash-on-request" => Some(Self::CrashOnRequest),
            "garbage-descriptor" => Some(Self::GarbageDescriptor),
            "damaged-header" => Some(Self::DamagedHeader),
            "oversize" => Some(Self::Oversize),
            "ignore-shutdown" => Some(Self::IgnoreShutdown),
            _ => None,
        };
        let (key, value) = text.split_once('=').unwrap_or((text, ""));
        let with_value = match key {
            "slow-ms" => value
                .parse()
                .ok()
                .map(|ms| Self::Slow(Duration::from_millis(ms))),
            "stuck-on" if !value.is_empty() => Some(Self::StuckOn(value.to_owned())),
            "tear-once" if !value.is_empty() => Some(Self::TearOnce(PathBuf::from(value))),
            "slow-hello-if" if !value.is_empty() => Some(Self::SlowHelloIf(PathBuf::from(value))),
            _ => None,
        };
        simple.or(with_value).ok_or_else(|| {
            format!(
                "unknown fault {text:?} (none, crash-on-request, garbage-descriptor, \
                 damaged-header, oversize, ignore-shutdown, slow-ms=N, stuck-on=NAME, \
                 tear-once=MARKER, slow-hello-if=MARKER)"
            )
        })
    }
}
