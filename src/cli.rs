//! The command line of `skit`, as clap definitions only: `main.rs` acts on them,
//! and `build.rs` includes this file to generate the man page and the shell
//! completions from the same definitions, so they never drift from `skit --help`.
//! Keep it free of anything but `std` and `clap`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// `0.1.0 (abc1234)`: the package version and the git commit it was built from
/// (`unknown` outside git), stamped by build.rs. build.rs itself, compiling this
/// file before it runs, sees only the package version.
pub const VERSION: &str = match option_env!("SKIT_BUILD_VERSION") {
    Some(version) => version,
    None => env!("CARGO_PKG_VERSION"),
};

/// A keyboard-first script launcher: press the hotkey, fuzzy-find one of your
/// scripts, run it, and answer the prompts it shows.
#[derive(Parser)]
#[command(name = "skit", version = VERSION, about, long_about = None)]
pub struct Cli {
    /// Use this scripts folder instead of ~/.config/skit/scripts (also SKIT_SCRIPTS_DIR).
    #[arg(long, global = true, value_name = "DIR")]
    pub scripts_dir: Option<PathBuf>,

    /// Start with the launcher window visible (otherwise it waits for the hotkey).
    #[arg(long)]
    pub show: bool,

    /// Also read control commands as JSON lines from stdin, e.g. {"command":"toggle"}.
    #[arg(long)]
    pub stdin_commands: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Print the scripts ranked for QUERY (all of them, most used first, without one).
    List {
        /// Fuzzy query, as typed in the launcher.
        query: Option<String>,
        /// Print a JSON array with name, description, path, group, shortcut, keyword,
        /// nextRun (for scheduled scripts) and the matched character positions of
        /// each script.
        #[arg(long)]
        json: bool,
    },
    /// Run a script by path or name: in the running launcher, or with --headless here.
    Run {
        /// A path, or the name, alias or file name of a script in the catalog.
        script: String,
        /// Run without a window: prompts are printed as JSON lines on stdout and
        /// answers are read as JSON lines from stdin (see docs/protocol.md).
        #[arg(long)]
        headless: bool,
        /// Arguments for the script (its argv[1], argv[2]...), after `--`.
        #[arg(last = true, value_name = "ARGS")]
        args: Vec<String>,
    },
    /// Show the running launcher, or hide it if it is visible (bind this on Wayland).
    Toggle,
    /// Show the running launcher.
    Show,
    /// Hide the running launcher.
    Hide,
    /// Quit the running launcher (running scripts are stopped).
    Quit,
    /// Print the running launcher's state as JSON: visible, query, selected, prompt.
    State,
    /// Choose one of the lines on stdin, as `rofi -dmenu` does, in the running
    /// launcher (or a window of its own): rofi's flags work (-p PROMPT, -i, -format,
    /// -multi-select, -password, -no-custom, -l LINES, -mesg TEXT, -selected-row N,
    /// `skit dmenu -help` lists them). The choice is printed on stdout; exit 0 on a
    /// choice, 1 on Escape. A symlink to skit named `dmenu` behaves the same.
    Dmenu {
        /// rofi's flags, e.g. `-p Run -l 10`.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, num_args = 0..)]
        args: Vec<String>,
    },
    /// Start skit hidden at login: writes ~/.config/autostart/skit.desktop.
    InstallAutostart,
    /// Start skit with the graphical session through systemd: writes
    /// ~/.config/systemd/user/skit.service and enables it (`systemctl --user`).
    InstallService,
    /// Make the launcher hotkey run `skit toggle` through the desktop's own
    /// keyboard settings (GNOME, KDE Plasma, XFCE), or print the line to add to the
    /// config of sway, i3, Hyprland or niri: for Wayland sessions without a
    /// shortcuts portal.
    InstallKeybinding {
        /// Only print what would be done.
        #[arg(long)]
        dry_run: bool,
    },
    /// Explain how skit fits this desktop: session, window backend, which way the
    /// hotkey works and why, portal, notifications, config and keymap files, where logs go.
    Doctor,
    /// Create a script from a template, open it in your editor, print its path.
    New {
        /// The script's name ("Open GitHub" becomes open-github.sh).
        name: String,
        /// bash, python or node (default: newScriptLanguage in config.json).
        #[arg(long)]
        lang: Option<String>,
        /// Only create it; do not open the editor.
        #[arg(long)]
        no_edit: bool,
    },
}
