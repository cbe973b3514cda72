"""Run `kaifm-kg ARGS`, or `--script FILE ARGS`, with some steps slowed and announced, for SIGKILL tests.

Each function named in $KAIFM_TEST_SLOW_STEPS (rename, replace, fsync, rmtree: os.rename, os.replace,
os.fsync, shutil.rmtree; exchange: kaifm_kg.files' atomic folder exchange) sleeps $KAIFM_TEST_SLOW seconds
before and after it runs, and writes "before NAME ARG" and "after NAME ARG" (ARG its last argument) on
stderr, so that tests/test_crash_safety.py can kill the process at a chosen step or a random moment.
$KAIFM_TEST_NO_EXCHANGE makes the folder swap take the two-rename path it takes where the system has no
atomic exchange. The code under test knows nothing of this: the functions are replaced from outside.
"""

import os
import runpy
import shutil
import sys
import time

SLOW = float(os.environ.get("KAIFM_TEST_SLOW", "0"))
STEPS = set(filter(None, os.environ.get("KAIFM_TEST_SLOW_STEPS", "").split(",")))


def slowed(name, function):
    def step(*args, **kwargs):
        where = args[-1] if args else ""
        print(f"before {name} {where}", file=sys.stderr, flush=True)
        time.sleep(SLOW)
        result = function(*args, **kwargs)
        print(f"after {name} {where}", file=sys.stderr, flush=True)
        time.sleep(SLOW)
        return result
    return step


for module, name, step in ((os, "rename", "rename"), (os, "replace", "replace"), (os, "fsync", "fsync"),
                           (shutil, "rmtree", "rmtree")):
    if step in STEPS:
        setattr(module, name, slowed(step, getattr(module, name)))
try:
    from kaifm_kg import files
except ImportError:  # the code from before kaifm_kg/files.py: nothing more to slow
    files = None
if files is not None and hasattr(files, "_exchange"):
    if os.environ.get("KAIFM_TEST_NO_EXCHANGE"):
        files._exchange = lambda a, b: False
    elif "exchange" in STEPS:
        files._exchange = slowed("exchange", files._exchange)

if sys.argv[1:2] == ["--script"]:
    sys.argv = sys.argv[2:]
    runpy.run_path(sys.argv[0], run_name="__main__")
else:
    from kaifm_kg.cli import main

    sys.argv = ["kaifm-kg", *sys.argv[1:]]
    main()
