//! The Music tab: the visualizer's look and motion, what it listens to, and beat sync.

use crate::cli::AudioSourceKind;
use crate::panel::controls::{TextLists, choice, grid, line_of_text, row, slider};
use crate::settings::Settings;
use crate::visualizer::{Mode, Placement, Theme};

/// The spectrum sizes offered: powers of two (the only sizes the FFT takes).
const FFT_SIZES: [u32; 7] = [256, 512, 1024, 2048, 4096, 8192, 16_384];

pub fn music(ui: &mut egui::Ui, draft: &mut Settings, lists: &mut TextLists) {
    ui.heading("Look");
    grid(ui, "visualizer", |ui| {
        row(ui, "Visualizer", "What is drawn from the music", |ui| {
            choice::<Mode>(ui, "visualizer", &mut draft.visualizer)
        });
        row(ui, "Placement", "Where it is drawn", |ui| {
            choice::<Placement>(ui, "placement", &mut draft.visualizer_placement)
        });
        row(ui, "Theme", "Its colours", |ui| {
            choice::<Theme>(ui, "theme", &mut draft.visualizer_theme)
        });
        row(ui, "Bars", "How many spectrum bars, 8 to 128", |ui| {
            ui.add(slider(&mut draft.visualizer_bars, 8..=128))
        });
        row(
            ui,
            "Smoothing",
            "How smoothly the bars move: 0 raw, 0.95 very smooth",
            |ui| ui.add(slider(&mut draft.visualizer_smoothing, 0.0..=0.95)),
        );
        row(ui, "Gravity", "How fast bars fall back, 1 as cava", |ui| {
            ui.add(slider(&mut draft.visualizer_gravity, 0.0..=10.0))
        });
        row(
            ui,
            "Sensitivity",
            "How tall the bars are for the same sound, 0.1 to 10",
            |ui| ui.add(slider(&mut draft.visualizer_sensitivity, 0.1..=10.0).logarithmic(true)),
        );
        row(
            ui,
            "Follow loudness",
            "The bars follow how loud the music is, so they use their height",
            |ui| ui.checkbox(&mut draft.visualizer_autosens, ""),
        );
        row(
            ui,
            "Neighbours pull",
            "Bars pull their neighbours up (cava's monstercat), 0 for off",
            |ui| ui.add(slider(&mut draft.visualizer_monstercat, 0.0..=10.0)),
        );
        row(ui, "Lowest note", "The lowest frequency drawn", |ui| {
            ui.add(
                slider(&mut draft.visualizer_low_hz, 10.0..=1000.0)
                    .logarithmic(true)
                    .suffix(" Hz"),
            )
        });
        let lowest = (draft.visualizer_low_hz * 2.0).min(24_000.0);
        row(ui, "Highest note", "The highest frequency drawn", |ui| {
            ui.add(
                slider(&mut draft.visualizer_high_hz, lowest..=24_000.0)
                    .logarithmic(true)
                    .suffix(" Hz"),
            )
        });
    });
    ui.add_space(8.0);
    ui.heading("Listening");
    grid(ui, "listening", |ui| {
        row(ui, "Listen to", "Where the music comes from", |ui| {
            choice::<AudioSourceKind>(ui, "source", &mut draft.audio_source)
        });
        if draft.audio_source == AudioSourceKind::Device {
            row(
                ui,
                "Device",
                "An input device by name, as `framewave audio-devices` lists it",
                |ui| {
                    line_of_text(ui, &mut lists.audio_device, "the default input", |text| {
                        draft.audio_device = text.to_owned();
                    })
                },
            );
        }
        if draft.audio_source == AudioSourceKind::File {
            row(
                ui,
                "File",
                "A music file to play and show: WAV, FLAC, MP3 or Ogg Vorbis",
                |ui| {
                    line_of_text(ui, &mut lists.audio_file, "/path/to/music.flac", |text| {
                        draft.audio_file = text.into();
                    })
                },
            );
        }
        row(
            ui,
            "Latency",
            "Hold the picture back this long, for speakers that lag (Bluetooth), 0 to 500 ms",
            |ui| ui.add(slider(&mut draft.audio_latency_ms, 0..=500).suffix(" ms")),
        );
        row(
            ui,
            "Spectrum size",
            "Samples per spectrum: larger is finer in pitch and slower to follow",
            |ui| {
                egui::ComboBox::from_id_salt("fft")
                    .selected_text(draft.audio_fft_size.to_string())
                    .show_ui(ui, |ui| {
                        for size in FFT_SIZES {
                            ui.selectable_value(&mut draft.audio_fft_size, size, size.to_string());
                        }
                    })
                    .response
            },
        );
        row(
            ui,
            "Beat-synced slideshow",
            "Transitions start on a beat of the music, once a photo's time is up",
            |ui| ui.checkbox(&mut draft.beat_sync, ""),
        );
    });
}
