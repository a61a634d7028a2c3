//! The settings file through the real binary: `framewave config` prints the effective settings
//! (the file's for that use over the defaults), says what the file got wrong, and keeps an
//! unreadable file aside unchanged.

mod common;

use common::scratch_settings as scratch;

fn config(args: &[&str]) -> (String, String) {
    let output = common::command().arg("config").args(args).output().unwrap();
    assert!(output.status.success(), "{output:?}");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn config_prints_each_use_s_settings_and_says_what_the_file_got_wrong() {
    let path = scratch("effective");
    std::fs::write(
        &path,
        "display_secs = 9.0\nshininess = 3\n[screensaver]\ndisplay_secs = 20.0\nfit = \"sideways\"\n",
    )
    .unwrap();
    let file = path.to_str().unwrap();
    let (window, said) = config(&["--config", file]);
    assert!(window.contains("display_secs = 9.0"), "{window}");
    assert!(window.contains("fullscreen = false"), "{window}");
    assert!(said.contains("unknown setting shininess"), "{said}");
    assert!(said.contains("[screensaver] fit"), "{said}");
    let (saver, _) = config(&["--config", file, "--screensaver"]);
    assert!(saver.contains("display_secs = 20.0"), "{saver}");
    assert!(saver.contains("fit = \"fill\""), "{saver}");
    assert!(saver.contains("exit_on_input = true"), "{saver}");
    // What it prints is a settings file that reads back without a word.
    let printed = scratch("printed");
    std::fs::write(&printed, &saver).unwrap();
    let (_, said) = config(&["--config", printed.to_str().unwrap()]);
    assert!(said.is_empty(), "{said}");
}

#[test]
fn an_unreadable_settings_file_is_kept_aside_and_the_defaults_used() {
    let path = scratch("broken");
    std::fs::write(&path, "display_secs = = 3\n").unwrap();
    let (printed, said) = config(&["--config", path.to_str().unwrap()]);
    assert!(printed.contains("display_secs = 6.0"), "{printed}");
    assert!(said.contains("kept aside"), "{said}");
    let aside = path.with_extension("toml.bak");
    assert_eq!(
        std::fs::read_to_string(aside).unwrap(),
        "display_secs = = 3\n"
    );
}

#[test]
fn config_path_names_the_platform_s_file() {
    let (printed, _) = config(&["--path"]);
    assert!(
        printed.trim_end().ends_with("framewave/settings.toml"),
        "{printed}"
    );
}
