"""`hecha worker`: the job queue's consumer (imports and comparisons started from pages, the
minutely reaper, the hourly sweep). `hecha serve` starts one itself on the embedded default;
with HECHA_REDIS_URL, run it beside the web servers (one or more, on any machine).

SIGINT stops it after the running jobs finish; SIGHUP restarts it the same way."""

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("worker", help="运行后台任务进程（导入、比对、每小时的日历推进）")
    p.add_argument("--threads", type=int, default=2, help="同时执行的任务数（默认 2）")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import logging

    from hecha.jobs import tasks

    logging.getLogger("huey").setLevel(logging.INFO)
    consumer = tasks.HUEY.create_consumer(workers=max(1, args.threads), worker_type="thread")
    print(f"后台任务进程已启动（{max(1, args.threads)} 个线程）", flush=True)
    consumer.run()
    return 0
