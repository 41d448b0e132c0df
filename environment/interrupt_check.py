#!/usr/bin/python3
"""Interrupt a long cell in the installed Java kernel and check that the kernel stays usable.

    /usr/bin/python3 environment/interrupt_check.py [--kernel gere-java]

For two long cells, one that never looks at its thread's interrupt flag (like a plain training loop) and
one that does: run it, interrupt it after 3 s (an interrupt_request, as JupyterLab's stop button sends),
check the cell ends, that a following cell runs and prints, and whether the interrupted code still burns CPU
(the kernel's CPU use over the next 3 s). Exit status 1 when the kernel did not stay usable.
"""
import argparse
import os
import queue
import subprocess
import sys
import time

CELLS = {
    "ignores interrupts": "long spins = 0; while (true) { spins++; }",
    "checks Thread.interrupted()": "long spins = 0; while (!Thread.currentThread().isInterrupted()) { spins++; }",
}


def reply(kc, msg_id, timeout):
    """The execute_reply to msg_id, or None after timeout seconds."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            msg = kc.get_shell_msg(timeout=max(0.1, deadline - time.time()))
        except queue.Empty:
            continue
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg["content"]
    return None


def printed(kc, msg_id, timeout):
    """What the cell msg_id printed, once the kernel is idle again; None after timeout seconds."""
    text, deadline = "", time.time() + timeout
    while time.time() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
        except queue.Empty:
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            text += msg["content"]["text"]
        elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return text
    return None


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--kernel", default=os.environ.get("GERE_NB_KERNEL", "gere-java"))
    args = p.parse_args(sys.argv[1:] if argv is None else argv)
    from jupyter_client.manager import KernelManager

    ok = True
    for name, code in CELLS.items():
        km = KernelManager(kernel_name=args.kernel)
        km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=60)
            pid = km.provisioner.process.pid
            long_id = kc.execute(code)
            time.sleep(3)
            t0 = time.time()
            km.interrupt_kernel()
            ended = reply(kc, long_id, 30)
            took = time.time() - t0
            # rapaio's own interrupt leaves a kernel whose later cells run but show nothing: check output
            after = printed(kc, kc.execute("System.out.println(6 * 7);"), 30)
            c0 = cpu_seconds(pid)
            time.sleep(3)
            busy = (cpu_seconds(pid) - c0) / 3
            usable = ended is not None and after is not None and "42" in after
            ok &= usable
            print(f"cell that {name}: "
                  f"{'ended ' + repr(ended.get('status')) + f' {took:.1f} s after the interrupt' if ended else 'did NOT end'}; "
                  f"next cell {'printed its output' if usable else 'did NOT print its output'}; kernel CPU afterwards {busy:.2f} cores"
                  f"{' (the interrupted code still runs)' if busy > 0.5 else ''}", flush=True)
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
