//! The example scripts and SDK helpers embedded in the binary by `build.rs`, and
//! installing them for a user.
//!
//! Examples are installed once, when the scripts folder does not exist yet; after
//! that the folder is the user's and skit never writes into it uninvited. The SDK
//! is skit's own code and is kept current on every start; a copy the user changed
//! is moved aside (`*.bak`) before it is replaced.

use std::fs;
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::files;

/// One embedded file.
pub struct BundledFile {
    /// Path relative to its folder (`scripts/examples` or `scripts/sdk`).
    pub(crate) path: &'static str,
    pub(crate) contents: &'static [u8],
    pub(crate) executable: bool,
}

include!(concat!(env!("OUT_DIR"), "/bundled_files.rs"));

/// Creates `scripts_dir` filled with the examples, if it does not exist. Returns
/// whether it did.
pub fn install_examples_if_missing(scripts_dir: &Path) -> io::Result<bool> {
    if scripts_dir.exists() {
        return Ok(false);
    }
    fs::create_dir_all(scripts_dir)?;
    for file in EXAMPLES {
        let path = scripts_dir.join(file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        // create_new: even in a folder we just made, never replace anything.
        let mut out = match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(out) => out,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        };
        io::Write::write_all(&mut out, file.contents)?;
        if file.executable {
            fs::set_permissions(&path, fs::Permissions::from_mode(0o755))?;
        }
    }
    tracing::info!("installed the example scripts in {}", scripts_dir.display());
    Ok(true)
}

/// Makes `sdk_dir` hold exactly this version's SDK files.
pub fn install_sdk(sdk_dir: &Path) -> io::Result<()> {
    fs::create_dir_all(sdk_dir)?;
    for file in SDK {
        let path = sdk_dir.join(file.path);
        match fs::read(&path) {
            Ok(existing) if existing == file.contents => continue,
            Ok(_) => {
                let kept = files::move_aside(&path, ".bak")?;
                tracing::info!(
                    "updating {}; the previous copy is kept as {}",
                    path.display(),
                    kept.display()
                );
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        files::write_atomic(&path, file.contents)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_install_once_and_never_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let scripts = dir.path().join("scripts");
        assert!(install_examples_if_missing(&scripts).unwrap());
        let first = EXAMPLES.first().expect("there are bundled examples");
        let path = scripts.join(first.path);
        assert_eq!(fs::read(&path).unwrap(), first.contents);
        fs::write(&path, "mine").unwrap();
        assert!(!install_examples_if_missing(&scripts).unwrap());
        assert_eq!(fs::read_to_string(&path).unwrap(), "mine");
    }

    #[test]
    fn sdk_is_refreshed_and_a_changed_copy_kept() {
        let dir = tempfile::tempdir().unwrap();
        install_sdk(dir.path()).unwrap();
        let first = SDK.first().expect("there is a bundled SDK");
        let path = dir.path().join(first.path);
        fs::write(&path, "edited").unwrap();
        install_sdk(dir.path()).unwrap();
        assert_eq!(fs::read(&path).unwrap(), first.contents);
        let backup = dir.path().join(format!("{}.bak", first.path));
        assert_eq!(fs::read_to_string(backup).unwrap(), "edited");
    }
}
