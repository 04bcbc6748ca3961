//! SIGTERM and SIGINT as a `quit` command, so the app shuts down the same way as
//! after `skit quit`: runs cancelled, state saved, socket removed.
//!
//! The signals are blocked in every thread (call [`block`] before any thread
//! starts) and one thread waits for them with `sigwait`. Child processes get a
//! clean signal mask from std's process spawning.

use async_channel::Sender;

use super::control::{Command, Request};

fn set() -> libc::sigset_t {
    // SAFETY: sigemptyset/sigaddset initialise the set we own.
    unsafe {
        let mut set = std::mem::zeroed::<libc::sigset_t>();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGTERM);
        libc::sigaddset(&mut set, libc::SIGINT);
        set
    }
}

/// Blocks SIGTERM and SIGINT in this thread and the threads it starts later.
pub fn block() {
    let set = set();
    // SAFETY: a valid set; the old mask is not needed.
    unsafe { libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) };
}

/// Starts the thread that turns the signals into a quit request.
pub fn forward_to(requests: Sender<Request>) {
    let spawned = std::thread::Builder::new()
        .name("skit-signals".into())
        .spawn(move || {
            let set = set();
            let mut signal = 0;
            // SAFETY: waits on a valid set of signals that are blocked.
            unsafe { libc::sigwait(&set, &mut signal) };
            tracing::info!("signal {signal}: quitting");
            let (reply, _replies) = async_channel::bounded(1);
            let _ = requests.send_blocking(Request {
                command: Command::Quit,
                reply,
                rows: None,
                activation_token: None,
            });
        });
    if let Err(e) = spawned {
        tracing::error!("cannot watch for SIGTERM: {e}");
    }
}
