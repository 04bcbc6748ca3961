use super::*;
use crate::clipboard::store::CopiedFiles;
use crate::clipboard::store::tests::png;
use crate::clipboard::test_x::{
    Fixture, FixtureEvent, TestDisplay, TestOwner, xclip_get, xclip_set,
};

fn paste(display: &TestDisplay) -> Paste {
    Paste::start(PasteOptions {
        display: Some(display.name().to_string()),
        ..PasteOptions::default()
    })
    .unwrap()
}

fn terminals() -> Vec<String> {
    skit_core::config::DEFAULT_TERMINAL_CLASSES
        .iter()
        .map(|s| s.to_string())
        .collect()
}

#[test]
fn paste_reaches_the_window_and_the_previous_clipboard_comes_back() {
    let display = TestDisplay::start();
    let fixture = Fixture::start(display.name(), "editor", "Editor");
    xclip_set(display.name(), "clipboard", b"what the user copied", None);
    let paste = paste(&display);
    let report = paste
        .run(
            fixture.window,
            Content::Text("hello from skit ✓".into()),
            false,
            &terminals(),
        )
        .unwrap();
    assert_eq!(
        fixture.next(),
        FixtureEvent::Pasted {
            text: "hello from skit ✓".into(),
            shift: false
        }
    );
    assert_eq!(
        report,
        PasteReport {
            terminal: false,
            target_read: true,
            restored: Restored::Content
        }
    );
    // xclip quit when skit took the clipboard; skit serves its content now.
    assert_eq!(
        xclip_get(display.name(), "clipboard", None).unwrap(),
        b"what the user copied"
    );
    // And keeps doing so for later readers, large content included.
    let big: Vec<u8> = (0..1_500_000u32).map(|i| b'a' + (i % 26) as u8).collect();
    xclip_set(display.name(), "clipboard", &big, None);
    paste
        .run(
            fixture.window,
            Content::Text("second".into()),
            false,
            &terminals(),
        )
        .unwrap();
    assert!(matches!(fixture.next(), FixtureEvent::Pasted { text, .. } if text == "second"));
    assert_eq!(xclip_get(display.name(), "clipboard", None).unwrap(), big);
    assert_eq!(xclip_get(display.name(), "clipboard", None).unwrap(), big);
}

#[test]
fn terminals_get_ctrl_shift_v_and_images_are_restored() {
    let display = TestDisplay::start();
    let fixture = Fixture::start(display.name(), "kitty", "kitty");
    let image = png(4, 4, 9);
    xclip_set(display.name(), "clipboard", &image, Some("image/png"));
    let paste = paste(&display);
    let report = paste
        .run(
            fixture.window,
            Content::Text("ls -l".into()),
            false,
            &terminals(),
        )
        .unwrap();
    assert_eq!(
        fixture.next(),
        FixtureEvent::Pasted {
            text: "ls -l".into(),
            shift: true
        }
    );
    assert!(report.terminal);
    assert_eq!(
        xclip_get(display.name(), "clipboard", Some("image/png")).unwrap(),
        image
    );
}

#[test]
fn an_empty_clipboard_is_empty_again_and_secrets_are_flagged() {
    let display = TestDisplay::start();
    let fixture = Fixture::start(display.name(), "editor", "Editor");
    let paste = paste(&display);
    let report = paste
        .run(
            fixture.window,
            Content::Text("pa55word".into()),
            true,
            &terminals(),
        )
        .unwrap();
    assert!(matches!(fixture.next(), FixtureEvent::Pasted { text, .. } if text == "pa55word"));
    assert_eq!(report.restored, Restored::Empty);
    let x = x11_selection::connect(Some(display.name()), "test").unwrap();
    let owner = x
        .conn
        .get_selection_owner(x.atoms.CLIPBOARD)
        .unwrap()
        .reply()
        .unwrap()
        .owner;
    assert_eq!(owner, x11rb::NONE);

    // While skit serves a secret, it says so to anyone who asks.
    paste.copy(Content::Text("pa55word".into()), true).unwrap();
    assert_eq!(
        xclip_get(
            display.name(),
            "clipboard",
            Some("x-kde-passwordManagerHint")
        )
        .unwrap(),
        b"secret"
    );
    let targets = xclip_get(display.name(), "clipboard", Some("TARGETS")).unwrap();
    let targets = String::from_utf8(targets).unwrap();
    assert!(targets.contains("x-kde-passwordManagerHint"), "{targets}");
    assert!(targets.contains("UTF8_STRING"), "{targets}");
}

#[test]
fn a_secret_previous_clipboard_is_restored_still_marked_secret() {
    let display = TestDisplay::start();
    let fixture = Fixture::start(display.name(), "editor", "Editor");
    let owner = TestOwner::start(
        display.name(),
        "CLIPBOARD",
        "KeePassXC",
        vec![
            ("UTF8_STRING", b"s3cret".to_vec()),
            ("x-kde-passwordManagerHint", b"secret".to_vec()),
        ],
    );
    let paste = paste(&display);
    paste
        .run(
            fixture.window,
            Content::Text("emoji 🎉".into()),
            false,
            &terminals(),
        )
        .unwrap();
    assert!(matches!(fixture.next(), FixtureEvent::Pasted { text, .. } if text == "emoji 🎉"));
    drop(owner);
    assert_eq!(
        xclip_get(display.name(), "clipboard", None).unwrap(),
        b"s3cret"
    );
    assert_eq!(
        xclip_get(
            display.name(),
            "clipboard",
            Some("x-kde-passwordManagerHint")
        )
        .unwrap(),
        b"secret"
    );
}

#[test]
fn a_closed_target_is_an_error_that_leaves_the_text_on_the_clipboard() {
    let display = TestDisplay::start();
    let paste = paste(&display);
    let error = paste
        .run(
            0x7fff_fff0,
            Content::Text("text".into()),
            false,
            &terminals(),
        )
        .unwrap_err();
    assert!(error.contains("gone"), "{error}");
    assert!(error.contains("It is on the clipboard"), "{error}");
    assert_eq!(
        xclip_get(display.name(), "clipboard", None).unwrap(),
        b"text"
    );
}

#[test]
fn primary_text_reads_the_selection_or_none() {
    let display = TestDisplay::start();
    let paste = paste(&display);
    assert_eq!(paste.primary_text(), None);
    xclip_set(display.name(), "primary", "selected wörds".as_bytes(), None);
    assert_eq!(paste.primary_text().as_deref(), Some("selected wörds"));
}

#[test]
fn copy_serves_until_another_program_takes_the_clipboard() {
    let display = TestDisplay::start();
    let paste = paste(&display);
    paste.copy(Content::Text("copied".into()), false).unwrap();
    assert_eq!(
        xclip_get(display.name(), "clipboard", None).unwrap(),
        b"copied"
    );
    assert_eq!(
        xclip_get(display.name(), "clipboard", None).unwrap(),
        b"copied"
    );
    xclip_set(display.name(), "clipboard", b"someone else", None);
    assert_eq!(
        xclip_get(display.name(), "clipboard", None).unwrap(),
        b"someone else"
    );
}

#[test]
fn copied_files_are_served_as_file_managers_read_them_and_as_paths() {
    let display = TestDisplay::start();
    let paste = paste(&display);
    let files = [
        std::path::PathBuf::from("/home/ann/Documents/q3 report.txt"),
        std::path::PathBuf::from("/home/ann/é.png"),
    ];
    paste
        .copy(Content::Files(CopiedFiles::new(&files)), false)
        .unwrap();
    let read = |target| {
        String::from_utf8(xclip_get(display.name(), "clipboard", Some(target)).unwrap()).unwrap()
    };
    assert_eq!(
        read("text/uri-list"),
        "file:///home/ann/Documents/q3%20report.txt\r\nfile:///home/ann/%C3%A9.png\r\n"
    );
    assert_eq!(
        read("x-special/gnome-copied-files"),
        "copy\nfile:///home/ann/Documents/q3%20report.txt\nfile:///home/ann/%C3%A9.png"
    );
    assert_eq!(
        read("UTF8_STRING"),
        "/home/ann/Documents/q3 report.txt\n/home/ann/é.png"
    );
    let targets = read("TARGETS");
    assert!(
        targets.contains("text/uri-list") && targets.contains("UTF8_STRING"),
        "{targets}"
    );
}

#[test]
fn type_text_types_every_character_borrowing_keys_for_missing_ones() {
    let display = TestDisplay::start();
    let fixture = Fixture::start(display.name(), "editor", "Editor");
    let paste = paste(&display);
    let text = "Hi, 5 €→ é\tok\n";
    paste.type_text(fixture.window, text).unwrap();
    let typed: String = text
        .chars()
        .map(|_| match fixture.next() {
            FixtureEvent::Typed(c) => c,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(typed, text);
    // The next call gives the borrowed keys back first.
    paste.type_text(fixture.window, "→").unwrap();
    assert_eq!(fixture.next(), FixtureEvent::Typed('→'));
}
