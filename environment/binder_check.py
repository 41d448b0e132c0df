#!/usr/bin/python3
"""Binder, simulated: postBuild in a clean HOME, then every notebook under a memory cap.

repo2docker builds the committed tree in a fresh home and Binder runs the pod (Jupyter server, one kernel JVM,
libtorch's native memory) in about 2 GB. This check does the same on this machine:
  1. exports HEAD of this repository into a scratch folder (what repo2docker sees), with a fresh HOME;
  2. runs binder/postBuild there (Maven build, kernel install with its 1 GB heap, DJL natives, ~/.m2 removed);
     Maven's downloads are seeded with hard links to this machine's ~/.m2/repository, so no network is needed
     and removing the image's copy leaves this machine's intact;
  3. executes every notebook through binder/start (GERE_SCALE=ci) with environment/run_notebooks.py, while a
     watchdog sums the resident memory (VmRSS) of the whole process tree every 0.2 s, kills the tree when it
     passes the cap, and prints the peak.
Exit status 0 when every notebook passed under the cap. Usage (the system Python, which has nbclient):
/usr/bin/python3 environment/binder_check.py [--cap-mb 2048] [--keep] [notebooks...]
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def tree_rss_mb(pid):
    """Resident memory of pid and all its descendants, in MiB (processes that vanish mid-scan count 0)."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    total_kb, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total_kb += int(line.split()[1])
        except OSError:
            pass
    return total_kb / 1024


def run_capped(cmd, env, cwd, cap_mb):
    """Runs cmd with its output passed through; returns (exit status, peak MiB, killed over the cap)."""
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, start_new_session=True)
    peak, killed = 0.0, threading.Event()

    def watch():
        nonlocal peak
        while proc.poll() is None:
            rss = tree_rss_mb(proc.pid)
            peak = max(peak, rss)
            if rss > cap_mb:
                killed.set()
                print(f"binder-check: {rss:.0f} MiB > cap {cap_mb} MiB, killing the notebooks", flush=True)
                os.killpg(proc.pid, 9)
                return
            time.sleep(0.2)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    status = proc.wait()
    watcher.join()
    return status, peak, killed.is_set()


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cap-mb", type=int, default=2048, help="memory cap of the pod in MiB (default 2048)")
    p.add_argument("--keep", action="store_true", help="keep the scratch folder")
    p.add_argument("notebooks", nargs="*", help="notebooks to run (default: all)")
    args = p.parse_args(argv)

    scratch = tempfile.mkdtemp(prefix="gere-binder-")
    repo, home = os.path.join(scratch, "repo"), os.path.join(scratch, "home")
    os.makedirs(repo)
    os.makedirs(os.path.join(home, ".m2"))
    archive = subprocess.run(["git", "-C", ROOT, "archive", "HEAD"], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", repo], input=archive, check=True)
    local_m2 = os.path.expanduser("~/.m2/repository")
    if os.path.isdir(local_m2):
        subprocess.run(["cp", "-al", local_m2, os.path.join(home, ".m2", "repository")], check=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GERE_", "DJL_", "JUPYTER_"))}
    env["HOME"] = home
    print(f"binder-check: HEAD exported to {repo}, HOME={home}", flush=True)

    t0 = time.time()
    build = subprocess.run(["bash", "binder/postBuild"], cwd=repo, env=env)
    print(f"binder-check: postBuild exit {build.returncode} in {time.time() - t0:.0f} s", flush=True)
    if build.returncode != 0:
        return 1

    notebooks = args.notebooks or sorted(
        os.path.join("notebooks", n) for n in os.listdir(os.path.join(repo, "notebooks")) if n.endswith(".ipynb"))
    env["OMP_NUM_THREADS"] = env.get("OMP_NUM_THREADS", "2")  # Binder pods get about two CPUs
    cmd = ["bash", "binder/start", sys.executable, "environment/run_notebooks.py", *notebooks]
    t0 = time.time()
    status, peak, killed = run_capped(cmd, env, repo, args.cap_mb)
    verdict = "KILLED over the cap" if killed else ("passed" if status == 0 else f"failed (exit {status})")
    print(f"binder-check: notebooks {verdict} in {time.time() - t0:.0f} s; peak resident memory of the tree "
          f"{peak:.0f} MiB (cap {args.cap_mb} MiB)", flush=True)
    if args.keep:
        print(f"binder-check: kept {scratch}")
    else:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0 if status == 0 and not killed else 1


if __name__ == "__main__":
    sys.exit(main())
