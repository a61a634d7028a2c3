//! `framewave audio-devices`: what the visualizer can listen to, one device a line, with the
//! name to give as `audio_device`.

use framewave_audio::devices::{self, DeviceKind};

pub fn run() -> anyhow::Result<()> {
    let found = devices::list();
    if found.is_empty() {
        println!(
            "no audio devices found (no sound card or sound server); the visualizer uses the bundled clip"
        );
        return Ok(());
    }
    for device in found {
        let kind = match device.kind {
            DeviceKind::Input => "input",
            DeviceKind::Output => "output",
            DeviceKind::Monitor => "monitor",
        };
        let default = if device.default { " (default)" } else { "" };
        let format = match (device.channels, device.sample_rate) {
            (0, _) | (_, 0) => String::new(),
            (channels, rate) => format!(", {channels} ch, {rate} Hz"),
        };
        println!(
            "{kind:<8} {}{default}\n         {}{format}",
            device.name, device.description
        );
    }
    Ok(())
}
