//! The Performance tab: decode workers, photos prepared ahead, the memory budget, how frames
//! are presented, and the rung.

use crate::panel::controls::{choice, grid, number, row, slider};
use crate::settings::{PresentChoice, RungChoice, Settings};

/// 0 reads "auto": the value that means "as this machine suits".
fn automatic(value: f64, _: std::ops::RangeInclusive<usize>) -> String {
    if value == 0.0 {
        "auto".to_owned()
    } else {
        format!("{value:.0}")
    }
}

pub fn performance(ui: &mut egui::Ui, draft: &mut Settings) {
    grid(ui, "performance", |ui| {
        row(
            ui,
            "Decode workers",
            "Processes preparing photos, 1 to 16 (0: one fewer than the cores); applies when \
             the show next starts",
            |ui| ui.add(slider(&mut draft.decode_workers, 0..=16).custom_formatter(automatic)),
        );
        row(
            ui,
            "Photos ahead",
            "Photos prepared ahead of the one on screen, 2 to 8 (0: what the memory budget \
             allows, when the show next starts)",
            |ui| {
                let response =
                    ui.add(slider(&mut draft.photos_ahead, 0..=8).custom_formatter(automatic));
                if draft.photos_ahead == 1 {
                    draft.photos_ahead = 2;
                }
                response
            },
        );
        row(
            ui,
            "Memory budget",
            "Memory for prepared photos (shared frames and textures), 64 MiB to 16 GiB; \
             applies when the show next starts",
            |ui| {
                ui.add(
                    slider(&mut draft.memory_budget_mib, 64..=16_384)
                        .logarithmic(true)
                        .suffix(" MiB"),
                )
            },
        );
        row(
            ui,
            "Present mode",
            "How windows wait for their monitor; applies when the show next starts",
            |ui| choice::<PresentChoice>(ui, "present", &mut draft.present_mode),
        );
        row(
            ui,
            "Rung",
            "What draws: the GPU with shaders, the GPU with fixed pipelines, or the CPU; \
             applies when the show next starts (a show never moves up a rung)",
            |ui| choice::<RungChoice>(ui, "rung", &mut draft.rung),
        );
        row(
            ui,
            "Frame rate limit",
            "Frames per second at most (0: the monitor's refresh rate)",
            |ui| {
                ui.add(
                    number(&mut draft.max_fps, 0.0..=1000.0)
                        .speed(1.0)
                        .custom_formatter(|fps, _| {
                            if fps == 0.0 {
                                "the monitor's".to_owned()
                            } else {
                                format!("{fps:.0} fps")
                            }
                        }),
                )
            },
        );
        row(
            ui,
            "Photo deadline",
            "How long one photo may take to prepare before its worker is judged hung; applies \
             when the show next starts",
            |ui| {
                ui.add(crate::panel::controls::seconds(
                    &mut draft.job_deadline_secs,
                    1.0..=600.0,
                ))
            },
        );
    });
}
