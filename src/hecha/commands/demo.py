"""`hecha demo` — placeholder until written."""

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo")
    p.set_defaults(handler=lambda args: 2)
