//! The Overlays tab: the clock, what is playing, captions, the HUD and burn-in protection.

use crate::overlays::{Anchor, CaptionChoice};
use crate::panel::controls::{choice, grid, row, slider};
use crate::settings::Settings;

pub fn overlays(ui: &mut egui::Ui, draft: &mut Settings) {
    grid(ui, "overlays", |ui| {
        row(ui, "Clock", "A clock over the photos", |ui| {
            ui.checkbox(&mut draft.clock, "")
        });
        if draft.clock {
            row(ui, "24-hour", "14:05 rather than 2:05 PM", |ui| {
                ui.checkbox(&mut draft.clock_24h, "")
            });
            row(ui, "Date", "The date under the time", |ui| {
                ui.checkbox(&mut draft.clock_date, "")
            });
            row(ui, "Clock position", "Where the clock sits", |ui| {
                choice::<Anchor>(ui, "clock-anchor", &mut draft.clock_anchor)
            });
        }
        row(
            ui,
            "Now playing",
            "The title and artist of the music playing, from any player that says (MPRIS)",
            |ui| ui.checkbox(&mut draft.now_playing, ""),
        );
        if draft.now_playing {
            row(ui, "Now playing position", "Where it sits", |ui| {
                choice::<Anchor>(ui, "now-playing-anchor", &mut draft.now_playing_anchor)
            });
        }
        row(ui, "Captions", "What is written on each photo", |ui| {
            choice::<CaptionChoice>(ui, "captions", &mut draft.captions)
        });
        if draft.captions != CaptionChoice::Off {
            row(ui, "Caption position", "Where the caption sits", |ui| {
                choice::<Anchor>(ui, "caption-anchor", &mut draft.caption_anchor)
            });
        }
        row(
            ui,
            "HUD",
            "Figures about the show in the corner (F3 toggles it while the show runs)",
            |ui| ui.checkbox(&mut draft.hud, ""),
        );
        row(
            ui,
            "Burn-in protection",
            "Text over the photos moves a few pixels, slowly, so it never burns into a screen",
            |ui| ui.checkbox(&mut draft.burn_in_protection, ""),
        );
        row(
            ui,
            "Dim",
            "Draw the whole picture darker: for a dark room, and an OLED screen's sake",
            |ui| {
                ui.add(
                    slider(&mut draft.dim, 0.0..=0.8)
                        .custom_formatter(|v, _| format!("{:.0}%", v * 100.0)),
                )
            },
        );
    });
}
