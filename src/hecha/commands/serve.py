"""`hecha serve`: the web application and the API."""

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="启动网页与 API 服务")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    _start_hourly_sweep()

    print(f"核查系统已启动：http://{args.host}:{args.port}/  （Ctrl+C 停止）")
    call_command("runserver", f"{args.host}:{args.port}", use_reloader=False, insecure_serving=True)
    return 0


def _start_hourly_sweep() -> None:
    """The scheduled task: sweep at start and every hour while the server runs (the sweep is
    idempotent). Deployments with several workers run `hecha sweep` from cron instead."""
    import logging
    import threading

    from django.db import connection

    log = logging.getLogger("hecha.sweep")

    def loop() -> None:
        from hecha.cases.services import sweep

        while True:
            try:
                result = sweep()
                log.info("sweep: %s", result)
            except Exception:
                log.exception("sweep failed")
            finally:
                connection.close()
            stop.wait(3600)

    stop = threading.Event()
    threading.Thread(target=loop, name="hecha-sweep", daemon=True).start()
