#!/usr/bin/python3
"""Run GeRe-NB notebooks headless with the gere-java kernel (nbclient).

    /usr/bin/python3 environment/run_notebooks.py                    # every notebooks/*.ipynb
    /usr/bin/python3 environment/run_notebooks.py notebooks/01-*.ipynb --scale ci --inplace

Each notebook runs in a fresh kernel whose working directory is the notebook's folder. A notebook fails
when its kernel does not answer kernel_info within --startup-timeout seconds (never retried, so that a
start-up hang shows), a cell raises, a cell runs longer than --timeout seconds, or the kernel dies. The last line printed is always
"notebooks: N passed, M failed"; the exit status is 1 when any notebook failed.

The process environment is passed to the kernel (the kernelspec's own env entries take precedence), so
knobs such as GERE_SCALE=ci work either as environment variables or as --env/--scale options.
"""
import argparse
import atexit
import glob
import os
import re
import sys
import tempfile
import time

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def parse_args(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="*", help="notebooks or folders (default: notebooks/*.ipynb)")
    p.add_argument("--kernel", default=os.environ.get("GERE_NB_KERNEL", "gere-java"),
                   help="kernelspec name, overriding the notebooks' metadata (default gere-java)")
    p.add_argument("--timeout", type=int, default=int(os.environ.get("GERE_NB_TIMEOUT", "600")),
                   help="per-cell timeout in seconds (default 600; -1 for none)")
    p.add_argument("--startup-timeout", type=int, default=30,
                   help="seconds to wait for kernel_info after a start (default 30)")
    p.add_argument("--env", action="append", default=[], metavar="KEY=VALUE",
                   help="extra environment for the kernel (repeatable)")
    p.add_argument("--scale", help="shorthand for --env GERE_SCALE=VALUE (e.g. ci)")
    p.add_argument("--inplace", action="store_true",
                   help="write each PASSING notebook back with its outputs")
    p.add_argument("--output-dir", help="write every executed notebook (failed ones too) into this folder")
    p.add_argument("--kernel-log", help="append the kernels' stdout/stderr to this file "
                                        "(default: a temporary file, tail shown on failure)")
    p.add_argument("-v", "--verbose", action="store_true", help="print each cell as it starts")
    p.add_argument("--root", default=root, help=argparse.SUPPRESS)
    return p.parse_args(argv)


def find_notebooks(args):
    paths = args.paths or [os.path.join(args.root, "notebooks")]
    out = []
    for p in paths:
        if os.path.isdir(p):
            out += sorted(f for f in glob.glob(os.path.join(p, "*.ipynb")))
        else:
            out.append(p)  # a missing file is reported as a failure
    return [f for f in out if ".ipynb_checkpoints" not in f]


def first_line(src, n=100):
    lines = [l for l in src.splitlines() if l.strip()]
    s = lines[0] if lines else ""
    return s if len(s) <= n else s[: n - 3] + "..."


def tail(path, n=30):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-n:])
    except OSError:
        return ""


def run_one(path, args, env, log_path):
    """Returns (ok, message, executed notebook or None)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as e:  # missing or unreadable
        return False, f"cannot read notebook: {e}", None

    nb_dir = os.path.dirname(os.path.abspath(path))
    state = {"started": False, "cell": None}

    def on_start(**kw):
        state["started"] = True

    def on_cell(cell=None, cell_index=None, **kw):
        state["cell"] = cell_index
        if args.verbose:
            print(f"    [{time.strftime('%H:%M:%S')}] cell {cell_index}: {first_line(cell.source, 70)}",
                  flush=True)

    client = NotebookClient(
        nb, kernel_name=args.kernel, timeout=None if args.timeout < 0 else args.timeout,
        startup_timeout=args.startup_timeout, allow_errors=False, record_timing=True,
        resources={"metadata": {"path": nb_dir}},
        on_notebook_start=on_start, on_cell_start=on_cell)
    with open(log_path, "a") as log:
        log.write(f"\n===== {path} {time.ctime()} =====\n")
        log.flush()
        try:
            client.execute(env=env, stdout=log, stderr=log)
            return True, "", nb
        except CellTimeoutError:
            return False, describe(nb, state["cell"], f"cell timed out after {args.timeout} s"), nb
        except CellExecutionError as e:
            return False, describe(nb, state["cell"], cell_error(nb, state["cell"], e)), nb
        except DeadKernelError as e:
            return False, describe(nb, state["cell"], f"kernel died: {e}") + "\n" + indent(tail(log_path)), nb
        except Exception as e:  # start-up failure (no kernel_info reply) or client error
            error = f"{type(e).__name__}: {e}"
            if state["started"]:
                return False, describe(nb, state["cell"], error), nb
            return False, (f"kernel did not start (--startup-timeout {args.startup_timeout} s): {error.strip()}; "
                           f"environment/kernel_reliability.py measures start-ups\n" + indent(tail(log_path))), None
        finally:
            kill_leftover(client)
            atexit.unregister(client._cleanup_kernel)  # nbclient leaves it registered on start-up failure


def last_piece(line):
    pieces = [piece for piece in line.split("\r") if piece]
    return pieces[-1] if pieces else ""


def coalesce_streams(nb):
    """Merge each run of stdout (or stderr) outputs into one, as JupyterLab shows them: nbclient stores every
    message of a cell as its own output, so a training cell would be saved as a hundred fragments."""
    for cell in nb.cells:
        merged = []
        for out in cell.get("outputs", []):
            last = merged[-1] if merged else None
            if (out.output_type == "stream" and last is not None and last.output_type == "stream"
                    and last.name == out.name):
                last.text += out.text
            else:
                merged.append(out)
        for out in merged:
            if out.output_type == "stream":
                # a terminal-style redraw keeps what follows the last carriage return of each line (its last
                # non-empty piece, so that CRLF line ends and text followed by a lone carriage return survive)
                out.text = "\n".join(last_piece(line) for line in out.text.split("\n"))
        if "outputs" in cell:
            cell.outputs = merged
    return nb


def kill_leftover(client):
    km = getattr(client, "km", None)
    try:
        if km is not None and km.has_kernel:
            km.shutdown_kernel(now=True)
    except Exception:
        pass


def cell_error(nb, index, exc):
    """The error outputs of the failing cell, as plain text."""
    if index is not None and 0 <= index < len(nb.cells):
        errs = [o for o in nb.cells[index].get("outputs", []) if o.get("output_type") == "error"]
        if errs:
            e = errs[-1]
            tb = "\n".join(ANSI.sub("", t) for t in e.get("traceback", []))
            head = f"{e.get('ename', '')}: {ANSI.sub('', e.get('evalue', ''))}".strip(": ")
            if tb and head and head not in tb:
                return head + "\n" + tb
            return tb or head
    return ANSI.sub("", str(exc))


def describe(nb, index, msg):
    where = ""
    if index is not None and 0 <= index < len(nb.cells):
        where = f"cell {index} ({first_line(nb.cells[index].source)}): "
    return where + "\n" + indent(msg.strip()) if "\n" in msg.strip() else where + msg.strip()


def indent(text, prefix="      "):
    lines = text.rstrip().splitlines()
    if len(lines) > 60:
        lines = lines[:25] + [f"... ({len(lines) - 50} lines) ..."] + lines[-25:]
    return "\n".join(prefix + l for l in lines)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        import nbformat  # noqa: F401
        import nbclient  # noqa: F401
    except ImportError as e:
        print(f"run_notebooks: {e}; run environment/setup.sh (and use /usr/bin/python3)", file=sys.stderr)
        print("notebooks: 0 passed, 0 failed")
        return 2

    import logging
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)  # nbclient leaves tasks pending after timeouts
    env = dict(os.environ)
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    if args.scale:
        env["GERE_SCALE"] = args.scale
    for kv in args.env:
        if "=" not in kv:
            print(f"run_notebooks: --env wants KEY=VALUE, got {kv!r}", file=sys.stderr)
            return 2
        k, v = kv.split("=", 1)
        env[k] = v

    notebooks = find_notebooks(args)
    if not notebooks:
        print("run_notebooks: no notebooks found", file=sys.stderr)
    if args.output_dir:
        os.makedirs(args.output_dir, exist_ok=True)
    log_path = args.kernel_log or tempfile.mkstemp(prefix="gere-kernels-", suffix=".log")[1]

    import nbformat
    passed = failed = 0
    for path in notebooks:
        name = os.path.relpath(path)
        print(f"RUN  {name}", flush=True)
        t0 = time.time()
        ok, msg, nb = run_one(path, args, env, log_path)
        dt = time.time() - t0
        if ok:
            passed += 1
            print(f"PASS {name} ({dt:.1f} s)", flush=True)
            if args.inplace:
                nbformat.write(coalesce_streams(nb), path)
        else:
            failed += 1
            print(f"FAIL {name} ({dt:.1f} s): {msg}", flush=True)
        if nb is not None and args.output_dir:
            nbformat.write(coalesce_streams(nb), os.path.join(args.output_dir, os.path.basename(path)))
    if not args.kernel_log and failed == 0:
        try:
            os.unlink(log_path)
        except OSError:
            pass
    elif failed:
        print(f"kernel output: {log_path}")
    print(f"notebooks: {passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
