"""`hecha serve`: the web application and the API, as production runs it.

gunicorn with worker processes counted from the cores (`--workers` overrides); static files
by whitenoise. On the embedded default (no `HECHA_REDIS_URL`) it also starts the job queue's
consumer (`hecha worker`) as a child process, so one command runs everything. `--dev` runs
Django's development server in one process instead (auto-reload off), for working on Hecha.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys

MAX_WORKERS = 8  # beyond this a 2-core or 4-core machine only queues on the database


def default_workers(cores: int | None = None) -> int:
    """gunicorn's rule of thumb, 2 × cores + 1, capped."""
    cores = cores or os.cpu_count() or 1
    return min(2 * cores + 1, MAX_WORKERS)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="启动网页与 API 服务（gunicorn；--dev 为开发服务器）")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument(
        "--workers",
        type=int,
        default=0,
        help="gunicorn 工作进程数（默认按 CPU 核数：2×核数+1，至多 8）",
    )
    p.add_argument("--dev", action="store_true", help="以 Django 开发服务器运行（仅供开发）")
    queue = p.add_mutually_exclusive_group()
    queue.add_argument(
        "--with-worker", dest="worker", action="store_const", const=True, default=None,
        help="同时启动后台任务进程（未设置 HECHA_REDIS_URL 时默认启动）",
    )  # fmt: skip
    queue.add_argument(
        "--no-worker", dest="worker", action="store_const", const=False,
        help="不启动后台任务进程（由 hecha worker 另行运行）",
    )  # fmt: skip
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    workers = args.workers if args.workers > 0 else default_workers()
    with_worker = args.worker if args.worker is not None else not settings.HECHA_REDIS_URL
    consumer = _start_consumer() if with_worker else None
    mode = "开发服务器" if args.dev else f"gunicorn，{workers} 个工作进程"
    print(f"核查系统已启动：http://{args.host}:{args.port}/  （{mode}；Ctrl+C 停止）", flush=True)
    try:
        if args.dev:
            call_command(
                "runserver", f"{args.host}:{args.port}", use_reloader=False, insecure_serving=True
            )
        else:
            _gunicorn(args.host, args.port, workers)
    finally:
        if consumer is not None:
            _stop_consumer(consumer)
    return 0


def _start_consumer() -> subprocess.Popen:
    """`hecha worker` as a child that ends with this process, even one killed with SIGKILL."""
    return subprocess.Popen(
        [sys.executable, "-m", "hecha.cli", "worker"], preexec_fn=_die_with_parent
    )


def _die_with_parent() -> None:
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:  # not Linux: the child outlives a killed parent
        pass


def _stop_consumer(consumer: subprocess.Popen) -> None:
    """SIGINT: huey's graceful stop, the running jobs finish first (up to a minute)."""
    if consumer.poll() is None:
        consumer.send_signal(signal.SIGINT)
        try:
            consumer.wait(timeout=60)
        except subprocess.TimeoutExpired:
            consumer.kill()


def _gunicorn(host: str, port: int, workers: int) -> None:
    from gunicorn.app.base import BaseApplication

    class Hecha(BaseApplication):
        """gunicorn's documented custom application: options from here, not from argv."""

        def load_config(self) -> None:
            options = {"bind": f"{host}:{port}", "workers": workers, "threads": 4,
                       "timeout": 300, "graceful_timeout": 60}  # fmt: skip
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            from hecha.wsgi import application

            return application

    Hecha().run()
