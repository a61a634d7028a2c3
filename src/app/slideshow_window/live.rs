//! A change of settings applied to the running show: what is drawn (fit, times, transitions,
//! overlays, the visualizer's look) from the next frame; how photos are prepared from the next
//! photo; a change of folders as a new search while the show goes on; what the music worker
//! listens to by telling it. What cannot change under a running show (its windows, monitors,
//! workers, rung) is saved and said to apply at the next start.

use std::time::Instant;

use super::Running;
use crate::app::from_settings;
use crate::app::photo_cache::PhotoCache;
use crate::library::{LibraryConfig, LibraryFeed};
use crate::photos::{PhotoFilter, bundled_dir};
use crate::settings::Settings;

impl Running {
    /// Applies `new` over the settings the show runs with.
    pub(super) fn apply_settings(&mut self, new: Settings, now: Instant) {
        let old = std::mem::replace(&mut self.shared.settings, new.clone());
        if old == new {
            return;
        }
        let preview = self
            .shared
            .panel
            .as_ref()
            .is_some_and(|host| host.options.preview);
        self.apply_display(&old, &new);
        self.apply_transitions(&old, &new);
        if sources_changed(&old, &new) {
            self.search_again(&new);
        }
        self.apply_music(&old, &new);
        self.apply_overlays(&old, &new, now);
        self.apply_performance(&old, &new);
        if !preview {
            self.apply_use(&old, &new);
        }
        let later = at_next_start(&old, &new, preview);
        if !later.is_empty() {
            tracing::info!(
                "saved; applies when the show next starts: {}",
                later.join(", ")
            );
        }
        for screen in self.shows.iter().flat_map(|show| &show.screens) {
            screen.window.request_redraw();
        }
    }

    /// Times, fit and Ken Burns: the next frame draws with them; a new fit prepares photos
    /// anew, from the next one.
    fn apply_display(&mut self, old: &Settings, new: &Settings) {
        let options = &mut self.shared.options;
        options.timing = from_settings::timing(new);
        options.transition_secs = from_settings::transition_secs(new);
        options.ken_burns = new.ken_burns;
        for show in &mut self.shows {
            show.slideshow.set_timing(options.timing);
        }
        if old.fit != new.fit {
            options.fit = new.fit.into();
            // Photos kept were prepared with the old fit.
            self.shared.cache = PhotoCache::new(self.shared.cache_capacity);
            for show in &mut self.shows {
                show.prepare_ahead_again();
            }
        }
    }

    fn apply_transitions(&mut self, old: &Settings, new: &Settings) {
        let shared = &mut self.shared;
        if old.transition_tweaks != new.transition_tweaks {
            shared.transitions.set_tweaks(new.transition_tweaks.clone());
        }
        let request = from_settings::transitions(new);
        let changed = old.transition != new.transition
            || old.transitions != new.transitions
            || old.transition_secs != new.transition_secs
            || old.transitions_dir != new.transitions_dir;
        if changed {
            let gpu = shared.renderer.gpu().zip(shared.renderer.compositor());
            if let Err(e) =
                shared
                    .transitions
                    .reconfigure(gpu, request.clone(), shared.options.transition_secs)
            {
                tracing::warn!("cannot read the transitions again: {e}");
            }
            shared.options.transitions = request;
        }
        if changed || old.transition_tweaks != new.transition_tweaks {
            for show in &mut self.shows {
                show.runs.choose_again();
            }
        }
    }

    /// The folders, patterns or order changed: a new search, whose photos follow the ones
    /// already prepared (the show never stops); the decode workers may read the new folders.
    fn search_again(&mut self, new: &Settings) {
        let shared = &mut self.shared;
        let roots = if new.photos.is_empty() {
            vec![bundled_dir()]
        } else {
            new.photos.clone()
        };
        let filter = match PhotoFilter::new(&new.include, &new.exclude) {
            Ok(filter) => filter,
            Err(e) => {
                tracing::warn!("the patterns cannot be used ({e}); the search is unchanged");
                return;
            }
        };
        let config = LibraryConfig {
            roots: roots.clone(),
            filter,
            order: new.order.into(),
            seed: shared.options.library.seed,
            watch: new.watch,
            dates: new.captions == crate::overlays::CaptionChoice::Date,
        };
        match LibraryFeed::start(config.clone()) {
            Ok(feed) => {
                shared.library.replace(feed);
                shared.decode.configure(framewave_protocol::WorkerConfig {
                    source_roots: roots,
                    ..Default::default()
                });
                shared.options.library = config;
                tracing::info!("searching the photo folders again");
            }
            Err(e) => tracing::warn!("cannot start a new search: {e}"),
        }
    }

    fn apply_music(&mut self, old: &Settings, new: &Settings) {
        let shared = &mut self.shared;
        let options = from_settings::music(new);
        shared.options.music = options.clone();
        match (&mut shared.music, options.listens()) {
            (Some(music), true) => {
                if old.audio_config() != new.audio_config() {
                    music.service.configure(options.audio.clone());
                }
                music.options = options;
            }
            // Nothing to listen for now: the worker stops, off this thread.
            (Some(_), false) => {
                if let Some(music) = shared.music.take() {
                    let stopping = std::thread::Builder::new()
                        .name("audio-stop".into())
                        .spawn(move || music.service.shutdown());
                    if let Err(e) = stopping {
                        tracing::warn!("cannot stop the audio worker apart: {e}");
                    }
                }
            }
            (None, true) => shared.music = crate::app::start_music(&options),
            (None, false) => {}
        }
    }

    fn apply_overlays(&mut self, old: &Settings, new: &Settings, now: Instant) {
        let shared = &mut self.shared;
        let switched_on = (!old.clock && new.clock)
            || (!old.now_playing && new.now_playing)
            || (old.captions == crate::overlays::CaptionChoice::Off
                && new.captions != crate::overlays::CaptionChoice::Off);
        if switched_on {
            shared.overlays_since = now;
        }
        shared.options.clock = from_settings::clock(new);
        shared.options.burn_in_protection = new.burn_in_protection;
        if old.hud != new.hud {
            for screen in self.shows.iter_mut().flat_map(|show| &mut show.screens) {
                screen.hud_on = new.hud;
            }
        }
        #[cfg(target_os = "linux")]
        match (&shared.now_playing, new.now_playing) {
            (None, true) => {
                shared.now_playing = Some(crate::overlays::now_playing::NowPlaying::start());
            }
            (Some(_), false) => shared.now_playing = None,
            _ => {}
        }
        self.texts_again(now);
    }

    /// Photos ahead and the cache's share of memory; the frame-rate limit.
    fn apply_performance(&mut self, old: &Settings, new: &Settings) {
        let shared = &mut self.shared;
        if old.photos_ahead != new.photos_ahead && new.photos_ahead > 0 {
            shared.prefetch = new.photos_ahead as usize;
            for show in &mut self.shows {
                show.slideshow.set_prefetch(shared.prefetch);
            }
        }
        if old.max_fps != new.max_fps {
            shared.options.max_fps = from_settings::max_fps(new);
            for screen in self.shows.iter_mut().flat_map(|show| &mut show.screens) {
                let hz = super::screen::refresh_hz(&screen.window);
                screen.clock.follow_refresh(hz, shared.options.max_fps);
            }
        }
    }

    /// Whether the show fills the screen (not in a preview, which stays a window). How input
    /// ends the show waits for the next start: a show that the mouse ended would close the
    /// panel the user is working in.
    fn apply_use(&mut self, old: &Settings, new: &Settings) {
        let shared = &mut self.shared;
        if old.fullscreen != new.fullscreen {
            shared.options.fullscreen = new.fullscreen;
            for screen in self.shows.iter_mut().flat_map(|show| &mut show.screens) {
                super::hotkeys::set_fullscreen(screen, new.fullscreen, shared.options.window_size);
            }
        }
    }
}

fn sources_changed(old: &Settings, new: &Settings) -> bool {
    let dates = |settings: &Settings| settings.captions == crate::overlays::CaptionChoice::Date;
    dates(old) != dates(new)
        || old.photos != new.photos
        || old.include != new.include
        || old.exclude != new.exclude
        || old.order != new.order
        || old.watch != new.watch
}

/// The settings that changed but take effect only when the show starts again.
fn at_next_start(old: &Settings, new: &Settings, preview: bool) -> Vec<&'static str> {
    let mut later = Vec::new();
    let mut check = |changed: bool, name| {
        if changed {
            later.push(name);
        }
    };
    check(old.monitors != new.monitors, "monitors");
    check(
        old.same_photo_on_all_monitors != new.same_photo_on_all_monitors,
        "same photo on all monitors",
    );
    check(old.window_size != new.window_size, "window size");
    check(old.decode_workers != new.decode_workers, "decode workers");
    check(
        old.memory_budget_mib != new.memory_budget_mib,
        "memory budget",
    );
    check(old.present_mode != new.present_mode, "present mode");
    check(old.rung != new.rung, "rung");
    check(
        old.job_deadline_secs != new.job_deadline_secs,
        "photo deadline",
    );
    check(
        old.exit_on_input != new.exit_on_input
            || old.exit_mouse_threshold_px != new.exit_mouse_threshold_px
            || old.exit_grace_secs != new.exit_grace_secs,
        "how input ends the show",
    );
    check(
        old.photos_ahead != new.photos_ahead && new.photos_ahead == 0,
        "photos ahead as the memory budget allows",
    );
    if preview {
        check(old.fullscreen != new.fullscreen, "fullscreen");
    }
    later
}
