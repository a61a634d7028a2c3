//! A private X display for tests that open real windows: Xvfb (one monitor, as winit sees it),
//! or Xorg with the dummy video driver and a second output beside the first (two monitors).

use std::io::Read as _;
use std::process::{Child, Command, Stdio};

#[derive(Debug)]
pub struct VirtualDisplay {
    server: Child,
    pub name: String,
}

/// The two monitors of [`VirtualDisplay::two_monitors`]: where each is on the desktop.
pub const LEFT_MONITOR: (u32, u32, u32, u32) = (0, 0, 1920, 1080);
pub const RIGHT_MONITOR: (u32, u32, u32, u32) = (1920, 0, 1280, 720);

impl VirtualDisplay {
    /// Starts Xvfb on a free display number (it reports the one it picked).
    pub fn start(width: u32, height: u32) -> Self {
        let server = Command::new("Xvfb")
            .args(["-displayfd", "1", "-nolisten", "tcp", "-screen", "0"])
            .arg(format!("{width}x{height}x24"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb is needed for window tests: run scripts/setup.sh");
        Self::reported(server)
    }

    /// Starts Xorg with the dummy video driver, with two monitors side by side:
    /// [`LEFT_MONITOR`] (1920x1080) and [`RIGHT_MONITOR`] (1280x720) beside it.
    pub fn two_monitors() -> Self {
        static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let config =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/xorg-dummy.conf");
        let started = STARTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let log = std::env::temp_dir().join(format!(
            "framewave-test-xorg-{}-{started}.log",
            std::process::id()
        ));
        let server = Command::new("Xorg")
            .args(["-displayfd", "1", "-noreset", "-nolisten", "tcp", "-config"])
            .arg(&config)
            .arg("-logfile")
            .arg(&log)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect(
                "Xorg is needed for the tests with two monitors (as root): run scripts/setup.sh",
            );
        let display = Self::reported(server);
        display.xrandr(&["--addmode", "DUMMY1", "1280x720"]);
        display.plug_in_right_monitor();
        display
    }

    /// Turns the right monitor of [`VirtualDisplay::two_monitors`] on, beside the left.
    pub fn plug_in_right_monitor(&self) {
        self.xrandr(&[
            "--output",
            "DUMMY1",
            "--mode",
            "1280x720",
            "--right-of",
            "DUMMY0",
        ]);
    }

    /// Turns the right monitor of [`VirtualDisplay::two_monitors`] off.
    pub fn unplug_right_monitor(&self) {
        self.xrandr(&["--output", "DUMMY1", "--off"]);
    }

    fn xrandr(&self, args: &[&str]) {
        let output = Command::new("xrandr")
            .args(["-display", &self.name])
            .args(args)
            .output()
            .expect("xrandr is needed for the tests with two monitors: run scripts/setup.sh");
        assert!(
            output.status.success(),
            "xrandr {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// A server started with `-displayfd 1`, once it has said which display it is.
    fn reported(mut server: Child) -> Self {
        let mut number = String::new();
        let mut stdout = server.stdout.take().unwrap();
        let mut byte = [0u8; 1];
        while stdout.read(&mut byte).unwrap_or(0) == 1 && byte[0] != b'\n' {
            number.push(byte[0] as char);
        }
        assert!(
            !number.is_empty(),
            "the X server did not report a display number"
        );
        Self {
            server,
            name: format!(":{}", number.trim()),
        }
    }

    /// The whole screen as RGBA8.
    pub fn screenshot(&self) -> image::RgbaImage {
        let output = Command::new("import")
            .args(["-display", &self.name, "-window", "root", "png:-"])
            .output()
            .expect("ImageMagick's import is needed for screenshots: run scripts/setup.sh");
        assert!(
            output.status.success(),
            "import failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        image::load_from_memory(&output.stdout)
            .unwrap()
            .into_rgba8()
    }
}

impl Drop for VirtualDisplay {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}
