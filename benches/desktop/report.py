#!/usr/bin/python3
"""Turns the desktop benchmark results (results.json) and criterion's estimates
into BENCHMARKS.md and a chart (PNG, drawn by gnuplot).

    benches/desktop/report.py RESULTS_JSON CRITERION_DIR OUT_MD OUT_PNG
"""

import json
import os
import statistics
import subprocess
import sys


def pct(values, p):
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def stats(values):
    return min(values), statistics.median(values), pct(values, 95)


def fmt(v, unit="ms"):
    if v != v:  # NaN
        return "–"
    if unit == "ms":
        return f"{v:.1f} ms" if v < 100 else f"{v:.0f} ms"
    return f"{v:,.0f} {unit}"


def row(name, values, peer=None):
    lo, med, p95 = stats(values)
    ratio = f"{med / peer:.2f}×" if peer else ""
    return f"| {name} | {fmt(lo)} | {fmt(med)} | {fmt(p95)} | {ratio} |"


def criterion(directory):
    """{benchmark id: median ns} from criterion's estimates.json files."""
    found = {}
    for root, _, files in os.walk(directory):
        if "estimates.json" in files and os.path.basename(root) == "new":
            bench = os.path.relpath(os.path.dirname(root), directory)
            with open(os.path.join(root, "estimates.json")) as f:
                found[bench] = json.load(f)["median"]["point_estimate"]
    return found


def main():
    results_file, criterion_dir, out_md, out_png = sys.argv[1:5]
    r = json.load(open(results_file))
    v = r["versions"]
    cold, rofi = r["cold_start"], r["rofi_cold_start"]
    hot = r["hotkey"]
    typing, fzf = r["typing"], r["fzf"]
    idle, proto = r["idle"], r["protocol"]
    rofi_med = statistics.median(rofi)
    fzf_meds = {q: statistics.median(t) for q, t in fzf.items()}
    fzf_med = statistics.median(fzf_meds.values())
    hot_med = statistics.median(hot["pixel"])
    type_med = statistics.median(typing)
    wakeups = idle["hidden_context_switches"] / idle["hidden_seconds"]
    crit = criterion(criterion_dir)

    goals = [
        ("Hotkey → visible, p50 under 50 ms", f"{hot_med:.0f} ms", hot_med < 50),
        ("Hotkey → visible at most ¼ of rofi's cold start", f"{hot_med:.0f} vs {rofi_med / 4:.0f} ms", hot_med <= rofi_med / 4),
        ("Cold start no slower than rofi", f"{statistics.median(cold['skit_pixel']):.0f} vs {rofi_med:.0f} ms",
         statistics.median(cold["skit_pixel"]) <= rofi_med),
        ("Keystroke p50 under 16 ms at 100,000 choices", f"{type_med:.0f} ms", type_med < 16),
        ("Keystroke faster than `fzf --filter` per query", f"{type_med:.0f} vs {fzf_med:.0f} ms", type_med < fzf_med),
        *([("2,000 desktop entries read in under 100 ms", f"{statistics.median(r['apps']['loaded_ms']):.0f} ms",
            statistics.median(r["apps"]["loaded_ms"]) < 100)] if "apps" in r else []),
        *([("Script-filtered keystroke within one frame (16.7 ms) of the skit-filtered one",
            f"{statistics.median(r['script_typing']):.0f} vs {type_med:.0f} ms",
            statistics.median(r["script_typing"]) <= type_med + 16.7)] if "script_typing" in r else []),
        ("Hidden (clipboard history on): 0 % CPU", f"{idle['hidden_cpu_ticks']} ticks in {idle['hidden_seconds']} s",
         idle["hidden_cpu_ticks"] == 0),
        *([("1,000 clipboard entries open in one frame",
            f"first frame: {min(r['clipboard']['first_frame_rows'])} rows",
            all(n == r["clipboard"]["entries"] for n in r["clipboard"]["first_frame_rows"]))]
          if "clipboard" in r else []),
        ("Hidden: no periodic wake-ups", f"{wakeups:.1f} context switches/s", wakeups == 0),
    ]

    lines = [
        "# Benchmarks",
        "",
        f"Measured {r['date']} by `make bench`{' (quick mode: fewer runs)' if r.get('quick') else ''}.",
        "",
        f"- Machine: {v['cpu']}, {v['cores']} cores, Linux {v['kernel']}; Xvfb 1280×800×24 without Composite, "
        f"openbox, Vulkan through lavapipe (Mesa {v['mesa']}): the desktop-test setup, all software rendered.",
        f"- Versions: {v['skit']}; {v['rofi']}; fzf {v['fzf']}.",
        "- skit runs with its launcher window; rofi and fzf are the tools a Linux user would otherwise pick.",
        "  Keys go through XTEST; \"drawn\" is when the screen pixels change (read with XGetImage), for skit and",
        "  rofi alike; skit also reports its own presentation moments (`skit::timing` events).",
        "",
        "![chart: medians of skit and its peers](docs/benchmarks.png)",
        "",
        "## Goals",
        "",
        "| goal | measured | |",
        "|---|---|---|",
    ]
    lines += [f"| {g} | {m} | {'pass' if ok else '**miss**'} |" for g, m, ok in goals]
    lines += [
        "",
        "## Figures",
        "",
        "| figure | min | median | p95 | skit/peer |",
        "|---|---|---|---|---|",
        row("Cold start, skit (exec → window drawn)", cold["skit_pixel"], rofi_med),
        row("Cold start, skit's own first-frame event", cold["skit_own"]),
        row("Cold start, `rofi -show run`", rofi),
        row("Hotkey → visible and drawn, skit", hot["pixel"], rofi_med),
        row("… hotkey reaches skit", hot["handled"]),
        row("… X server maps the window", hot["mapped"]),
        row("… first frame presented (skit's event)", hot["own"]),
        row("Keystroke → list updated and drawn, 100,000 choices", typing, fzf_med),
        *([row("Keystroke → script-filtered list drawn (script answers at once)", r["script_typing"])]
          if "script_typing" in r else []),
        *([row("Start → 2,000 desktop entries read (off the UI thread)", r["apps"]["loaded_ms"]),
           row("Keystroke → list drawn, 1,000 scripts + 2,000 applications", r["apps"]["typing"])]
          if "apps" in r else []),
        row("`fzf --filter` per query, 100,000 lines", [t for ts in fzf.values() for t in ts]),
        *([row("Clipboard hotkey → history of 1,000 entries drawn", r["clipboard"]["pixel"], rofi_med),
           row("… first frame presented (skit's event)", r["clipboard"]["own"])]
          if "clipboard" in r else []),
        row("Script `arg` → prompt drawn", proto["arg_to_frame_ms"]),
        row("Enter → the script has the answer", proto["enter_to_script_ms"]),
        "",
        "| per query | " + " | ".join(f"`{q}`" for q in fzf_meds) + " |",
        "|---|" + "---|" * len(fzf_meds),
        "| fzf --filter (median) | " + " | ".join(fmt(m) for m in fzf_meds.values()) + " |",
        "",
        "**Idle.**",
        f"Resident memory with 1,000 scripts: skit {idle['skit_rss_visible_kib'] / 1024:.0f} MiB "
        f"({idle['skit_rss_hidden_kib'] / 1024:.0f} MiB hidden), rofi with 1,000 entries "
        f"{idle['rofi_rss_kib'] / 1024:.0f} MiB "
        f"({idle['skit_rss_visible_kib'] / idle['rofi_rss_kib']:.1f}×). skit's largest parts: "
        + ", ".join(f"{name} {kib / 1024:.1f} MiB" for name, kib in idle["skit_rss_breakdown_kib"][:6]) + ".",
        f"A hidden skit used {idle['hidden_cpu_ticks']} CPU ticks (of 10 ms) in {idle['hidden_seconds']} s "
        f"and was switched in {idle['hidden_context_switches']} times ({wakeups:.1f}/s).",
        "",
        "**Protocol into a visible window.** "
        f"{proto['flood_messages']:,} output lines written as fast as a Python script can: all shown "
        f"{proto['flood_ms']:.0f} ms after the first was written "
        f"({proto['flood_messages'] / proto['flood_ms'] * 1000:,.0f} messages/s), the last frame "
        f"{proto['flood_lag_after_last_write_ms']:.0f} ms after the last write.",
    ]
    if crit:
        lines += ["", "## Criterion (headless, release build)", "", "| benchmark | median |", "|---|---|"]
        for bench, ns in sorted(crit.items()):
            lines.append(f"| {bench} | {ns / 1e6:.3f} ms |" if ns > 1e5 else f"| {bench} | {ns / 1e3:.1f} µs |")
    explain = os.path.join(os.path.dirname(os.path.abspath(__file__)), "analysis.md")
    if os.path.exists(explain):
        lines += ["", open(explain).read().strip()]
    with open(out_md, "w") as f:
        f.write("\n".join(lines) + "\n")

    data = os.path.join(os.path.dirname(os.path.abspath(out_png)), ".benchmarks.dat")
    with open(data, "w") as f:
        f.write(f'"Cold start" {statistics.median(cold["skit_pixel"]):.1f} {rofi_med:.1f}\n')
        f.write(f'"Hotkey → visible" {hot_med:.1f} {rofi_med:.1f}\n')
        f.write(f'"Keystroke (100k)" {type_med:.1f} {fzf_med:.1f}\n')
    script = f"""
set terminal pngcairo size 900,420 font "Inter,11"
set output "{out_png}"
set title "skit vs rofi / fzf (median, ms; lower is better)"
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.9 border -1
set boxwidth 0.9
set ylabel "ms"
set yrange [0:*]
set grid ytics
set key top right
plot "{data}" using 2:xtic(1) title "skit" lc rgb "#5854D6", \\
     "" using 3 title "rofi (cold start) / fzf --filter" lc rgb "#9AA1AC"
"""
    subprocess.run(["gnuplot"], input=script, text=True, check=True)
    os.remove(data)
    print(f"wrote {out_md} and {out_png}")


if __name__ == "__main__":
    main()
