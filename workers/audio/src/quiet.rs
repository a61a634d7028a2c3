//! ALSA writes its errors (no card 0, no such device) to stderr as well as failing; the worker
//! reports failures itself, so on threads that open devices those lines go to a buffer instead.

/// From now on, ALSA's messages on this thread go to a fresh buffer (the one before, and what
/// it held, is freed): call before each round of opening devices.
pub fn quiet_alsa_on_this_thread() {
    #[cfg(target_os = "linux")]
    {
        // alsa-rs keeps the buffer in a thread-local; nothing to hold here. Failing to make
        // one only leaves the messages on stderr.
        let _ = alsa::Output::local_error_handler();
    }
}
