use super::*;

fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("framewave-settings-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("settings.toml")
}

#[test]
fn a_missing_file_is_the_defaults_of_its_use() {
    let path = scratch("missing");
    let loaded = load(&path, Mode::Screensaver);
    assert_eq!(loaded.settings, Settings::defaults(Mode::Screensaver));
    assert!(loaded.said.is_empty());
    assert!(loaded.settings.fullscreen && loaded.settings.exit_on_input);
    let window = load(&path, Mode::Window).settings;
    assert!(!window.fullscreen && !window.exit_on_input);
}

#[test]
fn sections_override_common_keys_for_their_use_only() {
    let path = scratch("sections");
    std::fs::write(
        &path,
        "display_secs = 9\nken_burns = true\n[screensaver]\ndisplay_secs = 20\n[window]\nfit = \"fit\"\n",
    )
    .unwrap();
    let saver = load(&path, Mode::Screensaver);
    assert!(saver.said.is_empty(), "{:?}", saver.said);
    assert_eq!(saver.settings.display_secs, 20.0);
    assert!(saver.settings.ken_burns);
    assert_eq!(saver.settings.fit, FitArg::Fill);
    let window = load(&path, Mode::Window).settings;
    assert_eq!(window.display_secs, 9.0);
    assert_eq!(window.fit, FitArg::Fit);
}

#[test]
fn an_unknown_key_or_a_bad_value_costs_only_itself_and_is_said() {
    let path = scratch("tolerant");
    std::fs::write(
        &path,
        "display_secs = \"long\"\ncolour = 3\nken_burns = true\norder = \"backwards\"\n\
         [window]\nfullscreen = 1\n",
    )
    .unwrap();
    let loaded = load(&path, Mode::Window);
    let defaults = Settings::defaults(Mode::Window);
    assert_eq!(loaded.settings.display_secs, defaults.display_secs);
    assert_eq!(loaded.settings.order, defaults.order);
    assert!(!loaded.settings.fullscreen);
    assert!(
        loaded.settings.ken_burns,
        "a good value beside bad ones is kept"
    );
    let said = loaded.said.join("\n");
    for what in [
        "display_secs",
        "unknown setting colour",
        "order",
        "[window] fullscreen",
    ] {
        assert!(said.contains(what), "{what} not said in:\n{said}");
    }
    assert_eq!(loaded.said.len(), 4, "{said}");
}

#[test]
fn absurd_values_are_clamped_and_said() {
    let path = scratch("clamped");
    std::fs::write(
        &path,
        "display_secs = -5.0\ntransition_secs = 1e9\nmax_fps = 0\nwindow_size = [1, 100000]\n",
    )
    .unwrap();
    let loaded = load(&path, Mode::Window);
    assert_eq!(loaded.settings.display_secs, 0.5);
    assert_eq!(loaded.settings.transition_secs, 60.0);
    assert_eq!(loaded.settings.max_fps, 0.0, "0 means the refresh rate");
    assert_eq!(loaded.settings.window_size, [64, 16_384]);
    assert_eq!(loaded.said.len(), 4, "{:?}", loaded.said);
}

#[test]
fn absurd_music_values_are_clamped_and_said() {
    let path = scratch("music");
    std::fs::write(
        &path,
        "visualizer_low_hz = 20000
visualizer_high_hz = 100
visualizer_bars = 0
\
         audio_fft_size = 3000
audio_latency_ms = 9000
visualizer_smoothing = nan
",
    )
    .unwrap();
    let music = load(&path, Mode::Window).settings;
    assert_eq!(music.visualizer_low_hz, 20_000.0);
    assert_eq!(music.visualizer_high_hz, 24_000.0, "above the low end");
    assert_eq!(music.visualizer_bars, 8);
    assert_eq!(music.audio_fft_size, 4096, "the next power of two");
    assert_eq!(music.audio_latency_ms, 500);
    assert_eq!(music.visualizer_smoothing, 0.0);
    let config = music.audio_config();
    assert_eq!((config.bars, config.fft_size), (8, 4096));
}

#[test]
fn a_file_that_does_not_parse_is_kept_aside_unchanged_and_never_overwritten() {
    let path = scratch("aside");
    let broken = "display_secs = = 3\n";
    for round in 0..2 {
        std::fs::write(&path, broken).unwrap();
        let loaded = load(&path, Mode::Window);
        assert_eq!(loaded.settings, Settings::defaults(Mode::Window));
        assert!(loaded.said[0].contains("kept aside"), "{:?}", loaded.said);
        assert!(!path.exists());
        let aside = if round == 0 {
            path.with_extension("toml.bak")
        } else {
            path.with_extension("toml.bak.1")
        };
        assert_eq!(std::fs::read_to_string(&aside).unwrap(), broken);
    }
}

#[test]
fn saving_is_atomic_and_what_is_printed_reads_back_the_same() {
    let path = scratch("saved");
    let mut settings = Settings::defaults(Mode::Window);
    settings.display_secs = 12.5;
    settings.photos = vec![PathBuf::from("/photos/a"), PathBuf::from("/photos/b")];
    settings.monitors = vec![1];
    save(&path, &settings.to_toml()).unwrap();
    let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty());
    let loaded = load(&path, Mode::Window);
    assert!(loaded.said.is_empty(), "{:?}", loaded.said);
    assert_eq!(loaded.settings, settings);
}
