//! Tests of `entries`, apart so the module reads in one sitting.
use super::*;

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn entry(name: &str, extra: &str) -> String {
    format!("[Desktop Entry]\nType=Application\nName={name}\nExec=/bin/true\n{extra}\n")
}

struct Fixture {
    _dir: tempfile::TempDir,
    user: PathBuf,
    local: PathBuf,
    system: PathBuf,
    bin: PathBuf,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let bin = root.join("bin");
        fs::create_dir_all(&bin).unwrap();
        Fixture {
            user: root.join("home/.local/share/applications"),
            local: root.join("usr/local/share/applications"),
            system: root.join("usr/share/applications"),
            bin,
            _dir: dir,
        }
    }

    fn dirs(&self) -> AppDirs {
        AppDirs::new(vec![
            self.user.clone(),
            self.local.clone(),
            self.system.clone(),
        ])
    }

    fn load(&self, desktop: &[&str], locales: &[String]) -> (Vec<App>, Vec<String>) {
        let desktop: Vec<String> = desktop.iter().map(|s| s.to_string()).collect();
        load_apps_with(
            &self.dirs(),
            &desktop,
            locales,
            std::slice::from_ref(&self.bin),
        )
    }

    fn ids(&self, desktop: &[&str]) -> Vec<String> {
        let (apps, warnings) = self.load(desktop, &[]);
        assert!(warnings.is_empty(), "{warnings:?}");
        let mut ids: Vec<String> = apps.into_iter().map(|a| a.id).collect();
        ids.sort();
        ids
    }
}

#[test]
fn dirs_follow_the_xdg_variables_and_their_defaults() {
    let home = Some(PathBuf::from("/home/me"));
    let dirs = AppDirs::from_vars(|_| None, home.clone());
    assert_eq!(
        dirs.dirs(),
        [
            PathBuf::from("/home/me/.local/share/applications"),
            "/usr/local/share/applications".into(),
            "/usr/share/applications".into()
        ]
    );
    let vars = |name: &str| match name {
        "XDG_DATA_HOME" => Some("/data".to_string()),
        "XDG_DATA_DIRS" => Some("/a:relative/b::/usr/share:/a".to_string()),
        _ => None,
    };
    assert_eq!(
        AppDirs::from_vars(vars, home.clone()).dirs(),
        [
            PathBuf::from("/data/applications"),
            "/a/applications".into(),
            "/usr/share/applications".into()
        ]
    );
    let relative_home = |name: &str| (name == "XDG_DATA_HOME").then(|| "rel".to_string());
    assert_eq!(
        AppDirs::from_vars(relative_home, home).dirs()[0],
        PathBuf::from("/home/me/.local/share/applications")
    );
}

#[test]
fn subfolders_give_dashed_ids_and_user_entries_shadow_system_ones() {
    let f = Fixture::new();
    write(&f.system.join("kde/dolphin.desktop"), &entry("Dolphin", ""));
    write(
        &f.system.join("org.x.Edit.desktop"),
        &entry("System Edit", ""),
    );
    write(
        &f.local.join("org.x.Edit.desktop"),
        &entry("Local Edit", ""),
    );
    write(&f.user.join("org.x.Edit.desktop"), &entry("My Edit", ""));
    write(&f.system.join("notes.txt"), "not an entry");
    let (apps, warnings) = f.load(&[], &[]);
    assert!(warnings.is_empty(), "{warnings:?}");
    let found: Vec<(&str, &str)> = apps
        .iter()
        .map(|a| (a.id.as_str(), a.name.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("kde-dolphin.desktop", "Dolphin"),
            ("org.x.Edit.desktop", "My Edit")
        ]
    );
    assert_eq!(apps[1].path, f.user.join("org.x.Edit.desktop"));
    assert_eq!(apps[1].app_id(), "org.x.Edit");
}

#[test]
fn hidden_in_the_user_folder_removes_the_system_app() {
    let f = Fixture::new();
    write(&f.system.join("a.desktop"), &entry("A", ""));
    write(&f.system.join("b.desktop"), &entry("B", ""));
    write(&f.user.join("a.desktop"), &entry("A", "Hidden=true"));
    assert_eq!(f.ids(&[]), ["b.desktop"]);
}

#[test]
fn only_applications_that_want_to_be_displayed_show() {
    let f = Fixture::new();
    write(&f.system.join("app.desktop"), &entry("App", ""));
    write(
        &f.system.join("nodisplay.desktop"),
        &entry("N", "NoDisplay=true"),
    );
    write(
        &f.system.join("shown.desktop"),
        &entry("S", "NoDisplay=false"),
    );
    write(
        &f.system.join("link.desktop"),
        "[Desktop Entry]\nType=Link\nName=L\nURL=https://x\n",
    );
    assert_eq!(f.ids(&[]), ["app.desktop", "shown.desktop"]);
}

#[test]
fn only_show_in_and_not_show_in_follow_the_current_desktops() {
    let f = Fixture::new();
    write(
        &f.system.join("gnome.desktop"),
        &entry("G", "OnlyShowIn=GNOME;"),
    );
    write(
        &f.system.join("not-kde.desktop"),
        &entry("NK", "NotShowIn=KDE;"),
    );
    write(
        &f.system.join("both.desktop"),
        &entry("B", "OnlyShowIn=XFCE;\nNotShowIn=ubuntu;"),
    );
    write(&f.system.join("any.desktop"), &entry("A", ""));
    assert_eq!(f.ids(&[]), ["any.desktop", "not-kde.desktop"]);
    assert_eq!(
        f.ids(&["ubuntu", "GNOME"]),
        ["any.desktop", "gnome.desktop", "not-kde.desktop"]
    );
    assert_eq!(f.ids(&["KDE"]), ["any.desktop"]);
    // The first current desktop named in either list decides.
    assert_eq!(
        f.ids(&["XFCE", "ubuntu"]),
        ["any.desktop", "both.desktop", "not-kde.desktop"]
    );
    assert_eq!(
        f.ids(&["ubuntu", "XFCE"]),
        ["any.desktop", "not-kde.desktop"]
    );
    assert_eq!(
        f.ids(&["gnome"]),
        ["any.desktop", "gnome.desktop", "not-kde.desktop"]
    );
}

#[test]
fn try_exec_needs_an_installed_program() {
    let f = Fixture::new();
    let tool = f.bin.join("my-tool");
    write(&tool, "#!/bin/sh\n");
    fs::set_permissions(&tool, fs::Permissions::from_mode(0o755)).unwrap();
    write(&f.bin.join("not-executable"), "#!/bin/sh\n");
    let abs = format!("TryExec={}", tool.display());
    write(&f.system.join("abs.desktop"), &entry("Abs", &abs));
    write(
        &f.system.join("on-path.desktop"),
        &entry("P", "TryExec=my-tool"),
    );
    write(
        &f.system.join("missing.desktop"),
        &entry("M", "TryExec=no-such-tool"),
    );
    write(
        &f.system.join("noexec.desktop"),
        &entry("X", "TryExec=not-executable"),
    );
    write(
        &f.system.join("gone.desktop"),
        &entry("G", "TryExec=/nowhere/tool"),
    );
    assert_eq!(f.ids(&[]), ["abs.desktop", "on-path.desktop"]);
}

#[test]
fn translations_follow_the_spec_fallback_order() {
    assert_eq!(
        locale_candidates("sr_RS.UTF-8@latin"),
        ["sr_RS@latin", "sr_RS", "sr@latin", "sr"]
    );
    assert_eq!(locale_candidates("de_DE.UTF-8"), ["de_DE", "de"]);
    assert_eq!(locale_candidates("fr"), ["fr"]);
    assert!(locale_candidates("C.UTF-8").is_empty());
    assert!(locale_candidates("POSIX").is_empty());
    assert!(locale_candidates("").is_empty());

    let f = Fixture::new();
    write(
        &f.system.join("t.desktop"),
        "[Desktop Entry]\nType=Application\nExec=t\nName=Name\nName[sr]=Sr\n\
         Name[sr_RS]=SrRS\nName[sr@latin]=SrLatin\nGenericName=Editor\n\
         GenericName[sr@latin]=Uređivač\nComment=Edit\nComment[de]=Bearbeiten\n\
         Keywords=text;edit;\nKeywords[sr]=tekst;uredi;\n",
    );
    let name_for = |locale: &str| {
        let candidates = locale_candidates(locale);
        let (apps, warnings) = load_apps_with(&f.dirs(), &[], &candidates, &[]);
        assert!(warnings.is_empty(), "{warnings:?}");
        apps.into_iter().next().unwrap()
    };
    let app = name_for("sr_RS.UTF-8@latin");
    assert_eq!(app.name, "SrRS");
    assert_eq!(app.generic_name.as_deref(), Some("Uređivač"));
    assert_eq!(app.comment.as_deref(), Some("Edit"));
    assert_eq!(app.keywords, ["tekst", "uredi"]);
    assert_eq!(name_for("sr_ME@latin").name, "SrLatin");
    assert_eq!(name_for("sr_ME").name, "Sr");
    let german = name_for("de_AT.UTF-8");
    assert_eq!(
        (german.name.as_str(), german.comment.as_deref()),
        ("Name", Some("Bearbeiten"))
    );
    assert_eq!(name_for("C").keywords, ["text", "edit"]);
}

#[test]
fn every_field_and_the_actions_are_read() {
    let f = Fixture::new();
    write(
        &f.system.join("org.x.Browser.desktop"),
        "[Desktop Entry]\nType=Application\nName=Browser\nName[fr]=Navigateur\n\
         GenericName=Web Browser\nComment=Browse\nExec=browser %U\nPath=/srv/www\n\
         Terminal=false\nDBusActivatable=true\nIcon=browser\nStartupWMClass=BrowserWM\n\
         MimeType=text/html; x-scheme-handler/https;\nActions=new-window;private;broken;\n\n\
         [Desktop Action new-window]\nName=New Window\nName[fr]=Nouvelle fenêtre\n\
         Exec=browser --new-window\nIcon=window-new\n\n\
         [Desktop Action private]\nName=Private\n\n\
         [Desktop Action unlisted]\nName=Unlisted\nExec=browser --x\n",
    );
    write(
        &f.system.join("term.desktop"),
        &entry("Htop", "Terminal=true\nKeywords=top;process;"),
    );
    let (apps, warnings) = f.load(&[], &locale_candidates("fr_FR.UTF-8"));
    assert!(warnings.is_empty(), "{warnings:?}");
    let by_id = |id: &str| apps.iter().find(|a| a.id == id).unwrap();
    assert_eq!(
        by_id("org.x.Browser.desktop"),
        &App {
            id: "org.x.Browser.desktop".into(),
            path: f.system.join("org.x.Browser.desktop"),
            name: "Navigateur".into(),
            generic_name: Some("Web Browser".into()),
            comment: Some("Browse".into()),
            keywords: vec![],
            exec: Some("browser %U".into()),
            working_dir: Some("/srv/www".into()),
            terminal: false,
            dbus_activatable: true,
            icon: Some("browser".into()),
            startup_wm_class: Some("BrowserWM".into()),
            actions: vec![
                AppAction {
                    id: "new-window".into(),
                    name: "Nouvelle fenêtre".into(),
                    exec: Some("browser --new-window".into()),
                    icon: Some("window-new".into()),
                },
                AppAction {
                    id: "private".into(),
                    name: "Private".into(),
                    exec: None,
                    icon: None,
                },
            ],
            mime_types: vec!["text/html".into(), "x-scheme-handler/https".into()],
        }
    );
    let htop = by_id("term.desktop");
    assert!(htop.terminal && !htop.dbus_activatable);
    assert_eq!(htop.keywords, ["top", "process"]);
    assert_eq!(
        (htop.icon.as_ref(), htop.working_dir.as_ref()),
        (None, None)
    );
}

#[test]
fn an_action_without_exec_is_dropped_unless_the_app_is_dbus_activatable() {
    let f = Fixture::new();
    write(
        &f.system.join("a.desktop"),
        &entry(
            "A",
            "Actions=ok;no-exec;\n[Desktop Action ok]\nName=Ok\nExec=a --ok\n\
                     [Desktop Action no-exec]\nName=No",
        ),
    );
    let (apps, _) = f.load(&[], &[]);
    let ids: Vec<&str> = apps[0].actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["ok"]);
}

#[test]
fn broken_files_are_warnings_and_the_rest_load() {
    let f = Fixture::new();
    write(&f.system.join("good.desktop"), &entry("Good", ""));
    write(
        &f.system.join("garbage.desktop"),
        "this is not an ini file\n",
    );
    write(
        &f.system.join("no-name.desktop"),
        "[Desktop Entry]\nType=Application\nExec=x\n",
    );
    write(
        &f.system.join("no-type.desktop"),
        "[Desktop Entry]\nName=T\nExec=x\n",
    );
    write(
        &f.system.join("no-exec.desktop"),
        "[Desktop Entry]\nType=Application\nName=E\n",
    );
    // Latin-1 in a comment: lossy text, not a lost app.
    let mut latin1 = entry("Cafe", "").into_bytes();
    latin1.extend_from_slice(b"Comment=caf\xe9\n");
    fs::write(f.system.join("latin1.desktop"), latin1).unwrap();
    std::os::unix::fs::symlink("missing.desktop", f.system.join("dangling.desktop")).unwrap();
    // A broken user file does not hide the system app.
    write(&f.user.join("good.desktop"), "[Desktop Entry\n");
    let (apps, warnings) = f.load(&[], &[]);
    let names: Vec<&str> = apps.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Cafe", "Good"]);
    let text = warnings.join("\n");
    assert_eq!(warnings.len(), 6, "{text}");
    for file in ["garbage", "no-name", "no-type", "no-exec", "dangling"] {
        assert!(text.contains(&format!("{file}.desktop")), "{file}: {text}");
    }
    assert!(
        text.contains(&f.user.join("good.desktop").display().to_string()),
        "{text}"
    );
    assert!(text.contains("has no Name"), "{text}");
    assert!(text.contains("broken link"), "{text}");
}

#[test]
fn file_level_escapes_are_undone_before_exec_quoting() {
    let f = Fixture::new();
    write(
        &f.system.join("esc.desktop"),
        &entry("Esc", "Comment=line\\none\\stwo")
            .replace("Exec=/bin/true", r#"Exec=printf "%%s\\\\n" "a\\\\b""#),
    );
    let (apps, warnings) = f.load(&[], &[]);
    assert!(warnings.is_empty(), "{warnings:?}");
    let app = &apps[0];
    assert_eq!(app.comment.as_deref(), Some("line\none two"));
    let exec = app.exec.as_deref().unwrap();
    assert_eq!(exec, r#"printf "%%s\\n" "a\\b""#);
    let argv = super::super::exec::expand(exec, &Default::default()).unwrap();
    assert_eq!(argv, ["printf", r"%s\n", r"a\b"]);
}

#[test]
fn a_folder_loop_is_walked_once() {
    let f = Fixture::new();
    write(&f.system.join("a.desktop"), &entry("A", ""));
    std::os::unix::fs::symlink(&f.system, f.system.join("loop")).unwrap();
    assert_eq!(f.ids(&[]), ["a.desktop"]);
}

#[test]
fn desktops_split_on_colons() {
    assert_eq!(desktops_from(Some("ubuntu:GNOME")), ["ubuntu", "GNOME"]);
    assert!(desktops_from(Some("")).is_empty());
    assert!(desktops_from(None).is_empty());
}

/// `cargo test --release -- --ignored --nocapture two_thousand` prints how long
/// 2,000 generated entries take to load (timing is reported, never asserted).
#[test]
#[ignore]
fn two_thousand_entries_load_quickly() {
    let f = Fixture::new();
    let tool = f.bin.join("tool");
    write(&tool, "#!/bin/sh\n");
    fs::set_permissions(&tool, fs::Permissions::from_mode(0o755)).unwrap();
    let langs = [
        "de", "fr", "es", "it", "pt_BR", "ru", "ja", "zh_CN", "pl", "nl",
    ];
    for i in 0..2000 {
        let mut text = format!(
            "[Desktop Entry]\nType=Application\nName=Application {i}\n\
             GenericName=Generic thing {i}\nComment=Does thing number {i} very well\n\
             Exec=tool --number {i} %U\nIcon=app-{i}\nTerminal=false\n\
             Categories=Utility;Development;\nKeywords=thing;number;{i};\n\
             MimeType=text/plain;text/x-c;\nActions=new;\n"
        );
        if i % 2 == 0 {
            text.push_str("TryExec=tool\n");
        }
        for lang in langs {
            text.push_str(&format!(
                "Name[{lang}]=App {lang} {i}\nComment[{lang}]=Comment {lang} {i}\n\
                 Keywords[{lang}]=a;b;c;\n"
            ));
        }
        text.push_str("\n[Desktop Action new]\nName=New Window\nExec=tool --new\n");
        let dir = if i % 4 == 0 { &f.user } else { &f.system };
        write(&dir.join(format!("org.example.App{i}.desktop")), &text);
    }
    let locales = locale_candidates("de_DE.UTF-8");
    for _ in 0..5 {
        let start = std::time::Instant::now();
        let (apps, warnings) =
            load_apps_with(&f.dirs(), &[], &locales, std::slice::from_ref(&f.bin));
        let elapsed = start.elapsed();
        assert_eq!((apps.len(), warnings.len()), (2000, 0), "{warnings:?}");
        println!(
            "loaded 2,000 desktop entries in {:.1} ms",
            elapsed.as_secs_f64() * 1e3
        );
    }
}
