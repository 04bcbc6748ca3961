//! Fuzzy ranking speed: 1k / 10k / 100k synthetic script names, queries of 1, 3
//! and 8 characters, one full ranking per iteration (match, score, sort); and
//! Search Files' ranking of 500,000 files, a query typed a character at a time.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use skit::search::{Matches, Ranker, SearchText, SharedText};

const WORDS: &[&str] = &[
    "open",
    "git",
    "hub",
    "clip",
    "board",
    "note",
    "timer",
    "search",
    "web",
    "emoji",
    "project",
    "docker",
    "kill",
    "port",
    "upload",
    "screenshot",
    "translate",
    "weather",
    "focus",
    "mode",
];

/// Deterministic names like "Clip Board Weather 4821".
fn names(count: usize) -> Vec<SearchText> {
    let mut state = 0x2545_f491u64;
    (0..count)
        .map(|i| {
            let mut words = Vec::new();
            for _ in 0..3 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let word = WORDS[(state % WORDS.len() as u64) as usize];
                let mut chars = word.chars();
                let first = chars.next().unwrap().to_ascii_uppercase();
                words.push(format!("{first}{}", chars.as_str()));
            }
            let name = format!("{} {i}", words.join(" "));
            let file = format!("{}.sh", name.to_lowercase().replace(' ', "-"));
            SearchText::new(&name, None, Some(&file), Some("A generated script"))
        })
        .collect()
}

fn ranking(c: &mut Criterion) {
    let mut group = c.benchmark_group("rank");
    group.sample_size(20);
    for count in [1_000, 10_000, 100_000] {
        let items = names(count);
        for query in ["g", "gih", "clipweat"] {
            let mut ranker = Ranker::default();
            group.bench_with_input(
                BenchmarkId::new(format!("{count}"), format!("{}-char", query.len())),
                &query,
                |b, query| b.iter(|| ranker.rank(&items, query, |_| 0.0)),
            );
        }
    }
    group.finish();
}

const TOPS: &[&str] = &[
    "Documents",
    "Projects",
    "Pictures",
    "Music",
    "Downloads",
    "Work",
    "Videos",
    "Notes",
];
const EXTS: &[&str] = &[
    "txt", "md", "pdf", "png", "jpg", "py", "rs", "json", "csv", "odt",
];

/// (name, folder from `~`) of `folders` × `per_folder` files laid out as the
/// desktop benchmark's home: `~/TOP/GROUP/FOLDER/WORD-WORD-N.EXT`.
fn files(folders: usize, per_folder: usize) -> Vec<(String, String)> {
    let word = |n: usize| WORDS[n % WORDS.len()];
    let mut out = Vec::with_capacity(folders * per_folder);
    for k in 0..folders {
        let (top, j) = (TOPS[k % TOPS.len()], k / TOPS.len());
        let folder = format!(
            "~/{top}/{}-{}/{}-{}-{k}",
            word(j / 25),
            j / 25,
            word(k * 7),
            word(k * 3)
        );
        for i in 0..per_folder {
            let name = format!(
                "{}-{}-{i}.{}",
                word(k + i),
                word(k * 11 + i * 3),
                EXTS[i % EXTS.len()]
            );
            out.push((name, folder.clone()));
        }
    }
    out
}

fn search_files(c: &mut Criterion) {
    let mut group = c.benchmark_group("files");
    group.sample_size(10);
    let mut folder = (String::new(), SharedText::new(""));
    let texts: Vec<SearchText> = files(5_000, 100)
        .iter()
        .map(|(name, in_folder)| {
            if *in_folder != folder.0 {
                folder = (in_folder.clone(), SharedText::new(in_folder));
            }
            SearchText::with_shared(name, &folder.1)
        })
        .collect();
    for query in ["c", "clipwe", "notepdf"] {
        // Each prefix ranked in turn, as typed: the first looks at every file,
        // each next one narrows the last one's matches.
        group.bench_with_input(BenchmarkId::new("500000", query), &query, |b, query| {
            let mut ranker = Ranker::default();
            b.iter(|| {
                let mut matches = Matches::default();
                for end in 1..=query.len() {
                    matches.update(&mut ranker, &texts, &query[..end], |_| 0.0);
                }
                matches.len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, ranking, search_files);
criterion_main!(benches);
