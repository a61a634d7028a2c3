//! Capturing what the computer plays, for real: a PulseAudio server of the test's own with a
//! null sink (there is no sound card), music played into it with `paplay`, and `framewave
//! visualizer --audio-source playing` drawing what the sink's monitor records, then resting
//! when the music stops.

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::display::VirtualDisplay;
use common::show::Show;

const LIMIT: Duration = Duration::from_secs(60);
const SINK: &str = "framewave_test";

/// A PulseAudio server with one null sink, in a folder of its own; stopped when dropped.
struct SoundServer {
    daemon: Child,
    runtime: String,
    home: String,
    _dir: tempfile::TempDir,
}

impl SoundServer {
    fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let runtime = dir.path().join("run");
        let home = dir.path().join("home");
        std::fs::create_dir(&home).unwrap();
        std::fs::create_dir(&runtime).unwrap();
        std::fs::set_permissions(
            &runtime,
            std::os::unix::fs::PermissionsExt::from_mode(0o700),
        )
        .unwrap();
        let (runtime, home) = (runtime.display().to_string(), home.display().to_string());
        let daemon = Command::new("pulseaudio")
            .args([
                "--daemonize=no",
                "-n",
                "--exit-idle-time=-1",
                "--use-pid-file=no",
            ])
            .arg("--load=module-native-protocol-unix")
            .arg(format!("--load=module-null-sink sink_name={SINK}"))
            .env("XDG_RUNTIME_DIR", &runtime)
            .env("HOME", &home)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("pulseaudio (scripts/setup.sh installs it)");
        let server = Self {
            daemon,
            runtime,
            home,
            _dir: dir,
        };
        common::wait_for("the sound server", LIMIT, || {
            server
                .command("pactl")
                .arg("info")
                .output()
                .ok()?
                .status
                .success()
                .then_some(())
        });
        server
    }

    /// `program` talking to this server.
    fn command(&self, program: &str) -> Command {
        let mut command = Command::new(program);
        command
            .env("XDG_RUNTIME_DIR", &self.runtime)
            .env("HOME", &self.home)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command
    }

    fn env(&self) -> [(&str, &str); 2] {
        [("XDG_RUNTIME_DIR", &self.runtime), ("HOME", &self.home)]
    }

    /// Plays `file` into the null sink; the player is stopped when dropped.
    fn play(&self, file: &Path) -> Player {
        Player(
            self.command("paplay")
                .arg(format!("--device={SINK}"))
                .arg(file)
                .spawn()
                .expect("paplay"),
        )
    }
}

impl Drop for SoundServer {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

struct Player(Child);

impl Drop for Player {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Share of the pixels in rows `y0..y1` that are lit (not black).
fn lit_rows(shot: &image::RgbaImage, (y0, y1): (u32, u32)) -> f64 {
    let lit = (y0..y1)
        .flat_map(|y| (0..shot.width()).map(move |x| (x, y)))
        .filter(|(x, y)| {
            let p = shot.get_pixel(*x, *y);
            u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2]) > 30
        })
        .count();
    lit as f64 / ((y1 - y0) * shot.width()) as f64
}

#[test]
fn what_the_computer_plays_is_captured_drawn_and_rested_after() {
    let server = SoundServer::start();
    let dir = tempfile::tempdir().unwrap();
    let music = dir.path().join("chord.wav");
    let samples: Vec<f32> = (0..48_000 * 30)
        .map(|i| {
            let t = i as f32 / 48_000.0;
            [110.0, 440.0, 1_760.0, 7_040.0]
                .iter()
                .map(|hz| 0.2 * (t * std::f32::consts::TAU * hz).sin())
                .sum()
        })
        .collect();
    common::wav::write_wav(&music, &samples, 48_000, 1);
    let player = server.play(&music);
    let display = VirtualDisplay::start(640, 360);
    let show = Show::start(
        &display,
        &[
            "visualizer",
            "--no-photos",
            "--audio-source",
            "playing",
            "--rung",
            "software",
            "--size",
            "640x360",
        ],
        &server.env(),
    );
    show.wait_for_log(&format!("listening to {SINK}.monitor"), LIMIT);
    common::wait_for_or(
        "bars of the music playing",
        LIMIT,
        || (lit_rows(&display.screenshot(), (180, 360)) > 0.02).then_some(()),
        || show.log(),
    );
    drop(player);
    common::wait_for_or(
        "a black screen once the music stops",
        LIMIT,
        || (lit_rows(&display.screenshot(), (0, 360)) == 0.0).then_some(()),
        || show.log(),
    );
    show.terminate();
    let (status, log) = show.finish();
    assert!(status.success(), "{log}");
}
