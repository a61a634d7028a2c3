//! Deliberate misbehaviour, so tests can prove the UI survives a broken worker.
//! Selected with the hidden `--fault` option; a normal run has none.

use std::str::FromStr;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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
}

impl FromStr for Fault {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "none" => Ok(Self::None),
            "crash-on-request" => Ok(Self::CrashOnRequest),
            "garbage-descriptor" => Ok(Self::GarbageDescriptor),
            "damaged-header" => Ok(Self::DamagedHeader),
            _ => text
                .strip_prefix("slow-ms=")
                .and_then(|ms| ms.parse().ok())
                .map(|ms| Self::Slow(Duration::from_millis(ms)))
                .ok_or_else(|| {
                    format!(
                        "unknown fault {text:?} (none, crash-on-request, garbage-descriptor, \
                         damaged-header, slow-ms=N)"
                    )
                }),
        }
    }
}
