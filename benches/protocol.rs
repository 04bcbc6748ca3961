//! Script protocol speed through the real runner and a real Python process:
//! - round trip: the script sends `arg`, the host answers, the script receives it
//!   and sends the next `arg`;
//! - throughput: `notify` messages per second from a script writing as fast as it can.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde_json::json;
use skit::launch::Interpreters;
use skit::run::{self, RunContext, RunEvent};

fn script(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn context(dir: &tempfile::TempDir) -> RunContext {
    RunContext {
        interpreters: Interpreters::default(),
        sdk_dir: dir.path().to_path_buf(),
        env_file: dir.path().join("env"),
    }
}

fn round_trip(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = script(
        &dir,
        "echo.py",
        "import sys\nn = 0\nwhile True:\n    n += 1\n    print('{\"type\":\"arg\",\"id\":\"%d\"}' % n, flush=True)\n    if not sys.stdin.readline():\n        break\n",
    );
    let run = run::start(&path, &context(&dir)).unwrap();
    let next_prompt = || match run.events.recv_blocking().unwrap() {
        RunEvent::Message { message, .. } => message,
        other => panic!("{other:?}"),
    };
    let mut prompt = next_prompt();
    c.bench_function("protocol/round trip (arg → submit → next arg)", |b| {
        b.iter(|| {
            run.handle
                .submit(prompt.prompt_id().unwrap(), json!("answer"));
            prompt = next_prompt();
        })
    });
    run.handle.cancel();
}

fn throughput(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    const MESSAGES: u64 = 100_000;
    let path = script(
        &dir,
        "flood.py",
        &format!(
            "import sys\nline = '{{\"type\":\"notify\",\"text\":\"progress\"}}\\n'\nsys.stdout.write(line * {MESSAGES})\n"
        ),
    );
    let context = context(&dir);
    let mut group = c.benchmark_group("protocol");
    group.throughput(Throughput::Elements(MESSAGES));
    group.sample_size(10);
    group.bench_function("messages (100k notify)", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                let start = Instant::now();
                let run = run::start(&path, &context).unwrap();
                let mut messages = 0;
                while let Ok(event) = run.events.recv_blocking() {
                    match event {
                        RunEvent::Message { .. } => messages += 1,
                        RunEvent::Exit(_) => break,
                        other => panic!("{other:?}"),
                    }
                }
                assert_eq!(messages, MESSAGES);
                total += start.elapsed();
            }
            total
        })
    });
    group.finish();
}

criterion_group!(benches, round_trip, throughput);
criterion_main!(benches);
