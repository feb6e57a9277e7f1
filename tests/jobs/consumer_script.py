"""Driven by test_consumer.py in a separate process against its own HECHA_HOME:
`setup SECONDS` starts a job (prints its token), `state TOKEN` prints the job's row,
`reap` reaps dead jobs."""

import json
import sys
import time

import django


def sleep_work(*, user, progress, seconds: float) -> dict:
    progress("等待", 0, 1)
    time.sleep(seconds)
    return {"slept": seconds}


def main(command: str, arg: str = "") -> None:
    django.setup()
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    from hecha.accounts.models import User
    from hecha.jobs import files, services
    from hecha.jobs.models import Job

    if command == "setup":
        call_command("migrate", verbosity=0)
        user = User.objects.get_or_create(
            username="worker_test", defaults={"role": "city_reviewer"}
        )[0]
        folder = f"uploads/imports/{time.monotonic_ns()}"
        files.save(f"{folder}/00.csv", ContentFile(b"x" * 1000))
        print(services.start_job(user=user, kind="test", work="tests.jobs.consumer_script.sleep_work",
                                 params={"seconds": float(arg)}, upload=folder))  # fmt: skip
    elif command == "state":
        job = Job.objects.get(token=arg)
        print(json.dumps({"state": job.state, "reason": job.reason, "upload": job.upload,
                          "exists": bool(files.default_storage.exists(f"{job.upload}/00.csv"))}))  # fmt: skip
    elif command == "reap":
        print(json.dumps(services.reap()))


if __name__ == "__main__":
    main(*sys.argv[1:])
