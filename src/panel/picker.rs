//! Choosing photo folders: the platform's own dialog (rfd: the XDG portal on Linux), run on a
//! thread of its own so the render loop never waits for the user; a trait, so tests never
//! open a dialog.

use std::path::PathBuf;

use crossbeam_channel::{Receiver, TryRecvError};

pub trait FolderPicker {
    /// Opens the dialog (if one is not open already); returns at once.
    fn open(&mut self);
    /// The folders chosen, once, when the dialog has closed with some.
    fn poll(&mut self) -> Option<Vec<PathBuf>>;
    /// A dialog is open.
    fn is_open(&self) -> bool;
}

/// The system's folder dialog.
#[derive(Debug, Default)]
pub struct SystemFolderPicker {
    answer: Option<Receiver<Vec<PathBuf>>>,
}

impl FolderPicker for SystemFolderPicker {
    fn open(&mut self) {
        if self.answer.is_some() {
            return;
        }
        let (tx, rx) = crossbeam_channel::bounded(1);
        let spawned = std::thread::Builder::new()
            .name("folder-dialog".into())
            .spawn(move || {
                let folders = rfd::FileDialog::new()
                    .set_title("Add photo folders")
                    .pick_folders()
                    .unwrap_or_default();
                let _ = tx.send(folders);
            });
        match spawned {
            Ok(_) => self.answer = Some(rx),
            Err(e) => tracing::warn!("cannot open the folder dialog: {e}"),
        }
    }

    fn poll(&mut self) -> Option<Vec<PathBuf>> {
        let answer = self.answer.as_ref()?;
        match answer.try_recv() {
            Ok(folders) => {
                self.answer = None;
                Some(folders).filter(|folders| !folders.is_empty())
            }
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                self.answer = None;
                None
            }
        }
    }

    fn is_open(&self) -> bool {
        self.answer.is_some()
    }
}
