"""The renderer's settings (src/app/renderer.rs): how lavapipe draws, and that
scripts do not inherit what skit set for it."""

import glob

from user import eventually, read, until


def test_lavapipe_draws_with_at_least_4_rasterizer_threads(launcher):
    launcher.show()
    until(launcher.looks_light, "the window is drawn")
    pid = launcher.state()["pid"]
    names = []
    for comm in glob.glob(f"/proc/{pid}/task/*/comm"):
        names.append((read(comm) or "").strip())
    assert sum(name.startswith("llvmpipe-") for name in names) >= 4, names


def test_a_script_does_not_see_the_renderers_lp_num_threads(launcher, user):
    # What skit set for lavapipe is gone before anything starts: scripts get the
    # environment skit was started with.
    user.script("environment-probe.sh", f"""\
# Name: Environment Probe
printf '%s' "${{LP_NUM_THREADS-unset}}" > "{user.results}/lp-threads.txt"
""")
    # Run once the launcher has read it (skit run fails until then).
    until(lambda: launcher.command("run", "Environment Probe").returncode == 0, "skit run finds the probe",
          timeout=10)
    assert eventually(lambda: user.result("lp-threads.txt"), timeout=10) == "unset"
