//! A private Xvfb display for tests that open real windows.

use std::io::Read as _;
use std::process::{Child, Command, Stdio};

#[derive(Debug)]
pub struct VirtualDisplay {
    server: Child,
    pub name: String,
}

impl VirtualDisplay {
    /// Starts Xvfb on a free display number (it reports the one it picked).
    pub fn start(width: u32, height: u32) -> Self {
        let mut server = Command::new("Xvfb")
            .args(["-displayfd", "1", "-nolisten", "tcp", "-screen", "0"])
            .arg(format!("{width}x{height}x24"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb is needed for window tests: run scripts/setup.sh");
        let mut number = String::new();
        let mut stdout = server.stdout.take().unwrap();
        let mut byte = [0u8; 1];
        while stdout.read(&mut byte).unwrap_or(0) == 1 && byte[0] != b'\n' {
            number.push(byte[0] as char);
        }
        assert!(!number.is_empty(), "Xvfb did not report a display number");
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
