//! The Performance tab: decode workers, photos prepared ahead, the memory budget, how frames
//! are presented, and the rung.

use crate::panel::controls::{choice, grid, row};
use crate::settings::{PresentChoice, RungChoice, Settings};

pub fn performance(ui: &mut egui::Ui, draft: &mut Settings) {
    grid(ui, "performance", |ui| {
        row(
            ui,
            "Decode workers",
            "Processes preparing photos, 1 to 16 (0: one fewer than the cores); applies by \
             the next photo",
            |ui| ui.add(egui::Slider::new(&mut draft.decode_workers, 0..=16)),
        );
        row(
            ui,
            "Photos ahead",
            "Photos prepared ahead of the one on screen, 2 to 8 (0: what the memory budget \
             allows)",
            |ui| {
                let response = ui.add(egui::Slider::new(&mut draft.photos_ahead, 0..=8));
                if draft.photos_ahead == 1 {
                    draft.photos_ahead = 2;
                }
                response
            },
        );
        row(
            ui,
            "Memory budget",
            "Memory for prepared photos (shared frames and textures), 64 MiB to 16 GiB",
            |ui| {
                ui.add(
                    egui::Slider::new(&mut draft.memory_budget_mib, 64..=16_384)
                        .logarithmic(true)
                        .suffix(" MiB"),
                )
            },
        );
        row(
            ui,
            "Present mode",
            "How windows wait for their monitor",
            |ui| choice::<PresentChoice>(ui, "present", &mut draft.present_mode),
        );
        row(
            ui,
            "Rung",
            "What draws: the GPU with shaders, the GPU with fixed pipelines, or the CPU",
            |ui| choice::<RungChoice>(ui, "rung", &mut draft.rung),
        );
        row(
            ui,
            "Frame rate limit",
            "Frames per second at most (0: the monitor's refresh rate)",
            |ui| {
                ui.add(
                    egui::DragValue::new(&mut draft.max_fps)
                        .range(0.0..=1000.0)
                        .speed(1.0)
                        .suffix(" fps"),
                )
            },
        );
        row(
            ui,
            "Photo deadline",
            "How long one photo may take to prepare before its worker is judged hung",
            |ui| {
                ui.add(crate::panel::controls::seconds(
                    &mut draft.job_deadline_secs,
                    1.0..=600.0,
                ))
            },
        );
    });
}
