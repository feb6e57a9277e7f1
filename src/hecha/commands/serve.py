"""`hecha serve`: the web application and the API.

Without `--workers`, Django's own server in one process (fine for a district office or a
demonstration). With `--workers N`, gunicorn with N worker processes, as a bureau's server
runs it; static files are served by whitenoise either way.
"""

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="启动网页与 API 服务")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=0, help="以 gunicorn 多进程运行（生产环境）")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    print(f"核查系统已启动：http://{args.host}:{args.port}/  （Ctrl+C 停止）", flush=True)
    if args.workers > 0:
        return _gunicorn(args)
    _start_hourly_sweep()
    call_command("runserver", f"{args.host}:{args.port}", use_reloader=False, insecure_serving=True)
    return 0


def _gunicorn(args: argparse.Namespace) -> int:
    from gunicorn.app.base import BaseApplication

    class Hecha(BaseApplication):
        """gunicorn's documented custom application: options from here, not from argv."""

        def load_config(self) -> None:
            options = {"bind": f"{args.host}:{args.port}", "workers": args.workers, "threads": 4,
                       "timeout": 300, "post_worker_init": _post_worker_init}  # fmt: skip
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            from hecha.wsgi import application

            return application

    Hecha().run()
    return 0


def _post_worker_init(worker) -> None:
    if worker.age == 1:  # one sweeping worker is enough; the sweep is idempotent anyway
        _start_hourly_sweep()


def _start_hourly_sweep() -> None:
    """The scheduled task: sweep at start and every hour while the server runs (the sweep is
    idempotent). Deployments with several servers run `hecha sweep` from cron instead."""
    import logging
    import threading

    from django.db import connection

    log = logging.getLogger("hecha.sweep")

    def loop() -> None:
        from hecha.commands.sweep import scheduled

        while True:
            try:
                result = scheduled()
                log.info("sweep: %s", result)
            except Exception:
                log.exception("sweep failed")
            finally:
                connection.close()
            stop.wait(3600)

    stop = threading.Event()
    threading.Thread(target=loop, name="hecha-sweep", daemon=True).start()
