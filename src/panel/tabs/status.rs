//! The Status tab: every worker, the rung and why, frame pacing, photos found and rejected,
//! and the settings file: what a user (or a bug report) needs to know at a glance.

use crate::panel::PanelFacts;

pub fn status(ui: &mut egui::Ui, facts: &PanelFacts<'_>) {
    ui.heading("Drawing");
    match facts.rung {
        Some(rung) => ui.label(format!("On the {} rung", rung.name())),
        None => ui.label("Not drawing"),
    };
    if let Some(why) = facts.rung_why {
        ui.label(why);
    }
    if let Some(pacing) = facts.pacing {
        ui.label(format!(
            "Last seconds: {:.1} frames a second, 99% within {:.1} ms, {} over twice the \
             refresh period",
            pacing.fps, pacing.p99_ms, pacing.long_frames
        ));
    }
    ui.add_space(8.0);
    ui.heading("Workers");
    if facts.workers.is_empty() {
        ui.label("None started yet");
    }
    egui::Grid::new("workers")
        .num_columns(6)
        .striped(true)
        .show(ui, |ui| {
            for title in ["Kind", "Pid", "State", "Restarts", "Done", "Now"] {
                ui.strong(title);
            }
            ui.end_row();
            for worker in facts.workers {
                ui.label(format!("{} {}", worker.kind, worker.id));
                ui.label(worker.pid.map_or("-".to_owned(), |pid| pid.to_string()));
                ui.label(format!("{:?}", worker.state));
                ui.label(worker.restarts.to_string());
                ui.label(format!(
                    "{} ({} failed)",
                    worker.jobs_done, worker.jobs_failed
                ));
                ui.label(
                    worker
                        .job
                        .as_ref()
                        .map_or("idle".to_owned(), |job| job.subject.clone()),
                );
                ui.end_row();
            }
        });
    ui.add_space(8.0);
    ui.heading("Photos");
    ui.label(if facts.searching {
        format!("{} found so far, still searching", facts.photos_found)
    } else {
        format!("{} found", facts.photos_found)
    });
    if facts.photos_rejected.is_empty() {
        ui.label("None rejected");
    } else {
        ui.label(format!("{} rejected:", facts.photos_rejected.len()));
        for (photo, why) in facts.photos_rejected {
            ui.label(format!("{photo}: {why}"));
        }
    }
    ui.add_space(8.0);
    ui.heading("Settings file");
    match facts.settings_file {
        Some(path) => ui.label(path.display().to_string()),
        None => ui.label("None (no config folder on this system): changes last this run"),
    };
    if let Some(problem) = facts.save_problem {
        ui.colored_label(ui.visuals().error_fg_color, problem);
    }
}
