use std::fs;

use super::*;

/// A MIME database of three types, written as shared-mime-info lays it out.
fn database(dir: &Path) -> SharedMimeInfo {
    let mime = dir.join("share/mime");
    fs::create_dir_all(&mime).unwrap();
    fs::write(
        mime.join("globs2"),
        "50:text/x-python:*.py\n50:image/png:*.png\n50:text/markdown:*.md\n",
    )
    .unwrap();
    fs::write(
        mime.join("subclasses"),
        "text/x-python application/x-executable\ntext/x-python text/plain\n",
    )
    .unwrap();
    // Magic for PNG, searched in the first 256 bytes: what is read of a file.
    let mut magic = b"MIME-Magic\0\n[50:image/png]\n>0=".to_vec();
    magic.extend_from_slice(b"\x00\x04\x89PNG+256\n");
    fs::write(mime.join("magic"), magic).unwrap();
    SharedMimeInfo::new_for_directory(dir.join("share"))
}

fn app(id: &str, types: &[&str]) -> App {
    App {
        id: format!("{id}.desktop"),
        name: id.into(),
        mime_types: types.iter().map(|t| t.to_string()).collect(),
        ..App::default()
    }
}

fn apps() -> Vec<App> {
    vec![
        app("viewer", &["image/png"]),
        app("editor", &["text/plain"]),
        app("ide", &["text/x-python"]),
        app("pager", &["text/plain"]),
        app("files", &["inode/directory"]),
    ]
}

fn ids(handlers: &Handlers) -> Vec<&str> {
    handlers
        .apps
        .iter()
        .map(|a| a.id.trim_end_matches(".desktop"))
        .collect()
}

#[test]
fn a_file_opens_with_what_lists_its_type_then_what_it_is_a_kind_of() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let script = dir.path().join("tool.py");
    fs::write(&script, "print('hi')\n").unwrap();
    let found = handlers(&script, apps(), &db, &Associations::default());
    assert_eq!(found.mime_type, "text/x-python");
    assert_eq!(ids(&found), ["ide", "editor", "pager"]);
}

#[test]
fn the_users_default_comes_first_and_a_removed_association_goes() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let script = dir.path().join("tool.py");
    fs::write(&script, "print('hi')\n").unwrap();
    let mut choices = Associations::default();
    choices.add(
        "[Default Applications]\ntext/x-python=pager.desktop;\n\
         [Removed Associations]\ntext/plain=editor.desktop;\n",
    );
    // A later (less important) file adds after the earlier choice.
    choices.add("[Default Applications]\ntext/x-python=editor.desktop\n");
    let found = handlers(&script, apps(), &db, &choices);
    assert_eq!(ids(&found), ["pager", "editor", "ide"]);
    let mut only_removed = Associations::default();
    only_removed.add("[Removed Associations]\ntext/plain=editor.desktop;pager.desktop\n");
    assert_eq!(ids(&handlers(&script, apps(), &db, &only_removed)), ["ide"]);
}

#[test]
fn text_without_a_known_name_an_empty_file_and_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let readme = dir.path().join("README");
    fs::write(&readme, "Read me first.\n").unwrap();
    let found = handlers(&readme, apps(), &db, &Associations::default());
    assert_eq!(
        (found.mime_type.as_str(), ids(&found)),
        ("text/plain", vec!["editor", "pager"])
    );
    let empty = dir.path().join("empty.txt");
    fs::write(&empty, "").unwrap();
    assert_eq!(
        ids(&handlers(&empty, apps(), &db, &Associations::default())),
        ["editor", "pager"]
    );
    let markdown = dir.path().join("notes.md");
    fs::write(&markdown, "# Notes\n").unwrap();
    assert_eq!(
        ids(&handlers(&markdown, apps(), &db, &Associations::default())),
        ["editor", "pager"]
    );
    let folder = handlers(dir.path(), apps(), &db, &Associations::default());
    assert_eq!(
        (folder.mime_type.as_str(), ids(&folder)),
        ("inode/directory", vec!["files"])
    );
}

#[test]
fn a_file_nothing_opens_has_no_handlers() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let binary = dir.path().join("blob");
    fs::write(&binary, [0u8, 1, 2, 3, 0xff]).unwrap();
    let found = handlers(&binary, apps(), &db, &Associations::default());
    assert_eq!(found.mime_type, "application/octet-stream");
    assert!(found.apps.is_empty());
}

#[test]
fn mimeapps_files_are_read_config_first_each_desktop_before_the_common_one() {
    let found = files(&["GNOME".to_string()]);
    let names: Vec<String> = found
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names[..2], ["gnome-mimeapps.list", "mimeapps.list"]);
    assert!(found.iter().all(|p| p.is_absolute()));
    let applications = found
        .iter()
        .position(|p| p.ends_with("applications/mimeapps.list"));
    let etc = found
        .iter()
        .position(|p| p.starts_with("/etc/xdg") || p.parent() == found[0].parent());
    assert!(etc < applications, "{found:?}");
}
