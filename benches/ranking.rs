//! Fuzzy ranking speed: 1k / 10k / 100k synthetic script names, queries of 1, 3
//! and 8 characters. One full ranking per iteration (match, score, sort).

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use skit::search::{Ranker, SearchText};

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

criterion_group!(benches, ranking);
criterion_main!(benches);
