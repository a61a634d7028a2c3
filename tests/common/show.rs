//! The real slideshow started under a virtual display, with its log collected as a user would
//! read it (terminal colour codes taken out).

use std::io::Read as _;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::display::VirtualDisplay;

pub struct Show {
    pub ui: Child,
    log: Arc<Mutex<String>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Show {
    /// `framewave` with `args` and the environment `env` on `display`, logging at INFO.
    pub fn start(display: &VirtualDisplay, args: &[&str], env: &[(&str, &str)]) -> Self {
        let mut ui = super::command()
            .args(args)
            .envs(env.iter().copied())
            .env("DISPLAY", &display.name)
            .env_remove("WAYLAND_DISPLAY")
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starting framewave");
        let log = Arc::new(Mutex::new(String::new()));
        let mut stderr = ui.stderr.take().unwrap();
        let sink = Arc::clone(&log);
        let reader = std::thread::Builder::new()
            .name("show-log".into())
            .spawn(move || {
                let mut chunk = [0u8; 4096];
                while let Ok(n @ 1..) = stderr.read(&mut chunk) {
                    sink.lock()
                        .unwrap()
                        .push_str(&String::from_utf8_lossy(&chunk[..n]));
                }
            })
            .unwrap();
        Self {
            ui,
            log,
            reader: Some(reader),
        }
    }

    /// Waits for the show to end; its exit status and its whole log.
    pub fn finish(mut self) -> (std::process::ExitStatus, String) {
        let status = self.ui.wait().unwrap();
        if let Some(reader) = self.reader.take() {
            reader.join().unwrap();
        }
        (status, self.log())
    }

    /// The log so far.
    pub fn log(&self) -> String {
        without_colours(&self.log.lock().unwrap())
    }

    pub fn wait_for_log(&self, what: &str, limit: Duration) {
        super::wait_for_or(
            what,
            limit,
            || self.log().contains(what).then_some(()),
            || self.log(),
        );
    }

    /// SIGTERM: the same path as the window's close button.
    pub fn terminate(&self) {
        rustix::process::kill_process(
            rustix::process::Pid::from_raw(self.ui.id() as i32).unwrap(),
            rustix::process::Signal::TERM,
        )
        .unwrap();
    }
}

impl Drop for Show {
    fn drop(&mut self) {
        let _ = self.ui.kill();
        let _ = self.ui.wait();
    }
}

/// `log` without terminal colour codes (ESC [ ... m).
fn without_colours(log: &str) -> String {
    let mut out = String::with_capacity(log.len());
    let mut chars = log.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}
