#!/usr/bin/python3
"""Start the installed Java kernel many times and count the starts that fail.

Each round: start the kernelspec with jupyter_client, wait for its kernel_info reply, run one cell that
calls the library and publishes a table (text/html) and a chart (image/png), check both arrived, shut
the kernel down. Prints one line per failure, then starts, failures and the start-time percentiles
(start = launch until kernel_info answered), with the load average before and after.

    /usr/bin/python3 environment/kernel_reliability.py [-n 100] [--kernel gere-java]
        [--startup-timeout 30] [--cell-timeout 120] [--diagnose DIR] [-v]

--diagnose DIR keeps, for every failed start, the kernel's own log and a thread dump (jstack) taken
before it is killed. Exit status 1 when any round failed.
"""
import argparse
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import time

CELL = """\
import org.gerenb.report.Show;
import tech.tablesaw.api.*;
import org.knowm.xchart.*;
Table t = Table.create("losses", IntColumn.create("step", 1, 2, 3), DoubleColumn.create("loss", 2.5, 1.7, 1.2));
XYChart c = new XYChartBuilder().width(300).height(200).title("loss").build();
c.addSeries("loss", new double[]{1, 2, 3}, new double[]{2.5, 1.7, 1.2});
Show.now(Show.table(t));
Show.now(Show.chart(c));
Show.kernel()
"""


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-n", "--starts", type=int, default=100, help="kernel starts (default 100)")
    p.add_argument("--kernel", default=os.environ.get("GERE_NB_KERNEL", "gere-java"),
                   help="kernelspec name (default gere-java, env GERE_NB_KERNEL)")
    p.add_argument("--startup-timeout", type=float, default=30,
                   help="seconds to wait for kernel_info (default 30)")
    p.add_argument("--cell-timeout", type=float, default=120, help="seconds for the test cell (default 120)")
    p.add_argument("--diagnose", metavar="DIR", help="keep kernel logs and thread dumps of failed starts here")
    p.add_argument("-v", "--verbose", action="store_true", help="print every round")
    return p.parse_args(argv)


def run_cell(kc, timeout):
    """Executes CELL; returns (set of MIME types published, error text or None)."""
    msg_id = kc.execute(CELL)
    mimes, error = set(), None
    deadline = time.time() + timeout
    while True:
        left = deadline - time.time()
        if left <= 0:
            return mimes, f"cell did not finish in {timeout:.0f} s"
        try:
            msg = kc.get_iopub_msg(timeout=left)
        except queue.Empty:
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind in ("display_data", "execute_result"):
            mimes.update(content["data"])
        elif kind == "error":
            error = f"{content['ename']}: {content['evalue']}"
        elif kind == "status" and content["execution_state"] == "idle":
            return mimes, error


def thread_dump(pid):
    jstack = shutil.which("jstack")
    if not jstack:
        return "(no jstack on PATH)"
    r = subprocess.run([jstack, str(pid)], capture_output=True, text=True, timeout=60)
    return r.stdout + r.stderr


def one_round(i, args, log_path):
    """Returns (start seconds or None, failure text or None)."""
    from jupyter_client.manager import KernelManager
    km = KernelManager(kernel_name=args.kernel)
    kc = None
    with open(log_path, "w") as log:
        t0 = time.monotonic()
        try:
            km.start_kernel(stdout=log, stderr=log)
            kc = km.client()
            kc.start_channels()
            try:
                kc.wait_for_ready(timeout=args.startup_timeout)
            except RuntimeError as e:
                if args.diagnose and km.has_kernel:
                    keep(args.diagnose, i, log_path, thread_dump(km.provisioner.process.pid))
                return None, f"start: {e}"
            started = time.monotonic() - t0
            mimes, error = run_cell(kc, args.cell_timeout)
            missing = {"text/html", "image/png"} - mimes
            if error or missing:
                return started, f"cell: {error or 'no ' + ', '.join(sorted(missing))}"
            return started, None
        finally:
            if kc is not None:
                kc.stop_channels()
            if km.has_kernel:
                km.shutdown_kernel(now=False)


def keep(folder, i, log_path, dump):
    os.makedirs(folder, exist_ok=True)
    shutil.copy(log_path, os.path.join(folder, f"start-{i:03d}.log"))
    with open(os.path.join(folder, f"start-{i:03d}.jstack"), "w") as f:
        f.write(dump)


def percentile(sorted_values, q):
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, round(q / 100 * (len(sorted_values) - 1))))
    return sorted_values[k]


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        import jupyter_client  # noqa: F401
    except ImportError as e:
        print(f"kernel_reliability: {e}; run environment/setup.sh and use /usr/bin/python3", file=sys.stderr)
        return 2
    load_before = os.getloadavg()
    print(f"kernel {args.kernel}: {args.starts} starts, start-up timeout {args.startup_timeout:.0f} s, "
          f"load average {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, "
          f"{os.cpu_count()} CPUs", flush=True)
    log_path = tempfile.mkstemp(prefix="gere-kernel-", suffix=".log")[1]
    times, failures = [], []
    t_all = time.monotonic()
    try:
        for i in range(1, args.starts + 1):
            started, failure = one_round(i, args, log_path)
            if started is not None:
                times.append(started)
            if failure:
                failures.append(failure)
                print(f"  start {i}: FAILED {failure}", flush=True)
            elif args.verbose:
                print(f"  start {i}: ready in {started:.2f} s", flush=True)
    finally:
        os.unlink(log_path)
    load_after = os.getloadavg()
    times.sort()
    over10 = sum(t > 10 for t in times)
    print(f"starts: {args.starts}, failures: {len(failures)} "
          f"({sum(f.startswith('start') for f in failures)} never answered kernel_info), "
          f"ready > 10 s: {over10}")
    if times:
        print("start time s: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f" %
              (tuple(percentile(times, q) for q in (50, 90, 99)) + (times[-1],)))
    print(f"load average after: {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}; "
          f"total {time.monotonic() - t_all:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
