use super::*;

/// A minimal valid PNG header of `width` × `height` (the header is all that the
/// store reads).
pub(crate) fn png(width: u32, height: u32, filler: u8) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend_from_slice(&width.to_be_bytes());
    png.extend_from_slice(&height.to_be_bytes());
    png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0, filler]);
    png
}

fn text(text: &str, at: i64) -> NewEntry {
    NewEntry {
        content: Content::Text(text.to_string()),
        source_app: Some("gedit".into()),
        copied_at_ms: at,
    }
}

fn open(dir: &tempfile::TempDir) -> Store {
    let (store, notice) = Store::open(&dir.path().join("clipboard.sqlite3")).unwrap();
    assert_eq!(notice, None);
    store
}

fn previews(store: &Store) -> Vec<String> {
    store
        .list(usize::MAX >> 1)
        .unwrap()
        .into_iter()
        .map(|e| e.preview)
        .collect()
}

#[test]
fn lists_newest_first_and_reads_content_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir);
    let limits = Limits::default();
    for (i, t) in ["one", "two", "three"].iter().enumerate() {
        let outcome = store.add(text(t, 1000 + i as i64), &limits).unwrap();
        assert!(matches!(outcome, AddOutcome::Added { pruned: 0, .. }));
    }
    assert_eq!(previews(&store), ["three", "two", "one"]);
    let top = &store.list(1).unwrap()[0];
    assert_eq!(top.kind, Kind::Text);
    assert_eq!(top.size, 5);
    assert_eq!(top.source_app.as_deref(), Some("gedit"));
    assert_eq!(top.last_copied_ms, 1002);
    assert_eq!(
        store.content(top.id).unwrap(),
        Some(Content::Text("three".into()))
    );
    assert_eq!(store.content(9999).unwrap(), None);
}

#[test]
fn identical_content_moves_to_the_top_instead_of_duplicating() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir);
    let limits = Limits::default();
    let first = store.add(text("alpha", 1), &limits).unwrap();
    store.add(text("beta", 2), &limits).unwrap();
    let mut again = text("alpha", 3);
    again.source_app = Some("kate".into());
    let outcome = store.add(again, &limits).unwrap();
    let AddOutcome::Added { id, .. } = first else {
        panic!("{first:?}")
    };
    assert_eq!(outcome, AddOutcome::MovedToTop { id });
    let list = store.list(10).unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].preview, "alpha");
    assert_eq!(list[0].first_copied_ms, 1);
    assert_eq!(list[0].last_copied_ms, 3);
    assert_eq!(list[0].source_app.as_deref(), Some("kate"));
    // Same bytes as an image are a different entry.
    let img = png(1, 1, 0);
    store
        .add(
            NewEntry {
                content: Content::Png(img.clone()),
                source_app: None,
                copied_at_ms: 4,
            },
            &limits,
        )
        .unwrap();
    let again = store
        .add(
            NewEntry {
                content: Content::Png(img),
                source_app: None,
                copied_at_ms: 5,
            },
            &limits,
        )
        .unwrap();
    assert!(matches!(again, AddOutcome::MovedToTop { .. }));
    assert_eq!(store.list(10).unwrap().len(), 3);
}

#[test]
fn prunes_the_oldest_unpinned_entries_beyond_the_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir);
    let limits = Limits {
        max_entries: 3,
        ..Limits::default()
    };
    store.add(text("pinned", 0), &limits).unwrap();
    let pinned_id = store.list(1).unwrap()[0].id;
    assert!(store.pin(pinned_id, true).unwrap());
    let mut pruned_total = 0;
    for i in 1..=5 {
        if let AddOutcome::Added { pruned, .. } =
            store.add(text(&format!("t{i}"), i), &limits).unwrap()
        {
            pruned_total += pruned;
        }
    }
    assert_eq!(pruned_total, 2);
    // The pinned entry is oldest but neither pruned nor counted.
    assert_eq!(previews(&store), ["pinned", "t5", "t4", "t3"]);
}

#[test]
fn refuses_entries_over_the_size_limit_per_kind() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir);
    let limits = Limits {
        max_text_bytes: 10,
        max_image_bytes: 40,
        ..Limits::default()
    };
    assert!(matches!(
        store.add(text("0123456789", 1), &limits).unwrap(),
        AddOutcome::Added { .. }
    ));
    assert_eq!(
        store.add(text("0123456789a", 2), &limits).unwrap(),
        AddOutcome::TooLarge { size: 11, max: 10 }
    );
    let image = |bytes: Vec<u8>| NewEntry {
        content: Content::Png(bytes),
        source_app: None,
        copied_at_ms: 3,
    };
    let mut big = png(2, 3, 1);
    big.resize(41, 0);
    assert_eq!(
        store.add(image(big), &limits).unwrap(),
        AddOutcome::TooLarge { size: 41, max: 40 }
    );
    assert!(matches!(
        store.add(image(png(2, 3, 1)), &limits).unwrap(),
        AddOutcome::Added { .. }
    ));
    assert_eq!(
        store
            .add(image(b"GIF89a not a png".to_vec()), &limits)
            .unwrap(),
        AddOutcome::Unusable
    );
    assert_eq!(
        store.add(text("", 4), &limits).unwrap(),
        AddOutcome::Unusable
    );
    let list = store.list(10).unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].kind, Kind::Png);
    assert_eq!(list[0].dimensions, Some((2, 3)));
    assert_eq!(list[0].preview, "PNG image, 2 × 3, 34 B");
}

#[test]
fn pinned_entries_stay_on_top_and_survive_clear() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir);
    let limits = Limits::default();
    for (i, t) in ["a", "b", "c"].iter().enumerate() {
        store.add(text(t, i as i64), &limits).unwrap();
    }
    let a = store.list(10).unwrap()[2].id;
    assert!(store.pin(a, true).unwrap());
    assert!(!store.pin(12345, true).unwrap());
    assert_eq!(previews(&store), ["a", "c", "b"]);
    assert!(store.list(10).unwrap()[0].pinned);
    assert_eq!(store.clear().unwrap(), 2);
    assert_eq!(previews(&store), ["a"]);
    assert!(store.pin(a, false).unwrap());
    assert!(store.delete(a).unwrap());
    assert!(!store.delete(a).unwrap());
    assert!(previews(&store).is_empty());
}

#[test]
fn previews_are_one_line_and_bounded() {
    assert_eq!(text_preview("  \n first\n\n\tsecond  "), "first second");
    let long: String = "é".repeat(500);
    assert_eq!(text_preview(&long).chars().count(), PREVIEW_CHARS);
}

#[test]
fn file_is_private_from_creation_and_narrowed_when_wider() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state/skit/clipboard.sqlite3");
    // Created private, not narrowed afterwards.
    assert!(!create_private(&path).unwrap());
    let (store, _) = Store::open(&path).unwrap();
    drop(store);
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    assert!(create_private(&path).unwrap());
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    let (store, notice) = Store::open(&path).unwrap();
    assert_eq!(notice, None);
    drop(store);
    assert_eq!(mode(&path), 0o600);
}

#[test]
fn garbage_file_is_moved_aside_never_overwriting_an_earlier_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clipboard.sqlite3");
    fs::write(&path, vec![b'x'; 4096]).unwrap();
    let (mut store, notice) = Store::open(&path).unwrap();
    let notice = notice.expect("a notice for the window");
    assert!(notice.contains("clipboard.sqlite3.corrupt"), "{notice}");
    assert_eq!(
        fs::read(dir.path().join("clipboard.sqlite3.corrupt")).unwrap(),
        vec![b'x'; 4096]
    );
    store.add(text("fresh", 1), &Limits::default()).unwrap();
    assert_eq!(previews(&store), ["fresh"]);
    drop(store);

    fs::write(&path, b"second garbage, also not SQLite........").unwrap();
    let (store, notice) = Store::open(&path).unwrap();
    assert!(notice.unwrap().contains("clipboard.sqlite3.corrupt.1"));
    assert!(previews(&store).is_empty());
    assert_eq!(
        fs::read(dir.path().join("clipboard.sqlite3.corrupt")).unwrap(),
        vec![b'x'; 4096]
    );
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn damaged_pages_fail_the_integrity_check_and_are_moved_aside() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clipboard.sqlite3");
    let (mut store, _) = Store::open(&path).unwrap();
    for i in 0..200 {
        store
            .add(
                text(&format!("entry {i} {}", "x".repeat(300)), i),
                &Limits::default(),
            )
            .unwrap();
    }
    drop(store);
    // Overwrite the middle of the file (table and index pages), keeping the
    // header intact so SQLite still opens it as a database.
    let mut bytes = fs::read(&path).unwrap();
    let page = 4096;
    assert!(bytes.len() > 6 * page, "{}", bytes.len());
    for b in &mut bytes[2 * page..5 * page] {
        *b = 0xA5;
    }
    fs::write(&path, &bytes).unwrap();
    let (store, notice) = Store::open(&path).unwrap();
    assert!(notice.is_some());
    assert!(previews(&store).is_empty());
    assert!(dir.path().join("clipboard.sqlite3.corrupt").exists());
}

#[test]
fn a_thousand_entries_list_quickly_without_reading_content() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir);
    let limits = Limits::default();
    let big = "y".repeat(16 * 1024);
    for i in 0..1000 {
        store.add(text(&format!("{i} {big}"), i), &limits).unwrap();
    }
    let list = store.list(5000).unwrap();
    assert_eq!(list.len(), 1000);
    assert!(
        list.iter()
            .all(|e| e.preview.chars().count() <= PREVIEW_CHARS)
    );
    assert!(list[0].preview.starts_with("999 "));
}

#[test]
fn png_dimensions_reads_the_header_only_from_pngs() {
    assert_eq!(png_dimensions(&png(640, 480, 0)), Some((640, 480)));
    assert_eq!(png_dimensions(b"\x89PNG"), None);
    assert_eq!(png_dimensions(&[0; 40]), None);
}
