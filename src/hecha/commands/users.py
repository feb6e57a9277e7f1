"""`hecha users` — placeholder until written."""

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("users")
    p.set_defaults(handler=lambda args: 2)
