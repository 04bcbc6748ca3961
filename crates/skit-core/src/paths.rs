//! Where skit keeps things on disk, following the XDG base directory spec.
//!
//! One `Paths` value is computed at start-up from the environment (and the
//! `--scripts-dir` flag) and handed to everything that touches the disk, so tests can
//! point a whole skit at a temporary HOME without any global state.

use std::path::{Path, PathBuf};

/// The folders and files skit reads and writes.
#[derive(Clone, Debug)]
pub struct Paths {
    /// `$XDG_CONFIG_HOME/skit`: `config.json`, theme overrides, the SDK.
    pub config_dir: PathBuf,
    /// The user's scripts (`config_dir/scripts` unless overridden).
    pub scripts_dir: PathBuf,
    /// `$XDG_STATE_HOME/skit`: frecency and other state skit may rewrite at will.
    pub state_dir: PathBuf,
    /// The control socket of the running launcher.
    pub socket: PathBuf,
}

impl Paths {
    /// Resolves every location from the environment. `scripts_dir` (the
    /// `--scripts-dir` flag) wins over `SKIT_SCRIPTS_DIR`, which wins over the default.
    pub fn from_env(scripts_dir: Option<PathBuf>) -> Paths {
        let home = dirs::home_dir().unwrap_or_else(|| PathBuf::from("/tmp"));
        let config_dir = dirs::config_dir()
            .unwrap_or_else(|| home.join(".config"))
            .join("skit");
        let state_dir = dirs::state_dir()
            .unwrap_or_else(|| home.join(".local/state"))
            .join("skit");
        let scripts_dir = scripts_dir
            .or_else(|| std::env::var_os("SKIT_SCRIPTS_DIR").map(PathBuf::from))
            .unwrap_or_else(|| config_dir.join("scripts"));
        let socket = match dirs::runtime_dir() {
            Some(dir) => dir.join("skit.sock"),
            // Without XDG_RUNTIME_DIR, a per-user name in /tmp; the socket is created
            // with mode 0600 either way.
            None => std::env::temp_dir().join(format!("skit-{}.sock", current_uid())),
        };
        Paths {
            config_dir,
            scripts_dir: absolute(&scripts_dir),
            state_dir,
            socket,
        }
    }

    /// `config.json` in the config folder.
    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.json")
    }

    /// `keymap.json` in the config folder: the user's key bindings over the defaults.
    pub fn keymap_file(&self) -> PathBuf {
        self.config_dir.join("keymap.json")
    }

    /// The env file: variables every script gets, and what `env` prompts stored.
    pub fn env_file(&self) -> PathBuf {
        self.config_dir.join("env")
    }

    /// The folder holding the SDK helpers (`SKIT_SDK`), next to the scripts folder.
    pub fn sdk_dir(&self) -> PathBuf {
        self.config_dir.join("sdk")
    }

    /// Where deleted scripts go (restorable by hand).
    pub fn trash_dir(&self) -> PathBuf {
        self.state_dir.join("trash")
    }

    /// The clipboard history (SQLite, private to the user).
    pub fn clipboard_file(&self) -> PathBuf {
        self.state_dir.join("clipboard.sqlite3")
    }

    /// Where triggered runs are logged, one file per script.
    pub fn logs_dir(&self) -> PathBuf {
        self.state_dir.join("logs")
    }

    /// The frecency store.
    /// How often `skit dmenu` lines were chosen, by their text (for skit's own
    /// ranking in dmenu mode).
    pub fn dmenu_frecency_file(&self) -> PathBuf {
        self.frecency_file().with_extension("dmenu.json")
    }

    pub fn frecency_file(&self) -> PathBuf {
        self.state_dir.join("frecency.json")
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

fn current_uid() -> u32 {
    rustix::process::getuid().as_raw()
}
