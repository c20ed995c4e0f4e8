"""A server process's checks run one at a time, in the order they arrived."""

from __future__ import annotations

import threading
import time

from councilguard.web.checks.turns import InTurn


def test_checks_take_their_turn_in_the_order_they_asked():
    turns = InTurn()
    order: list[int] = []
    inside = threading.Event()
    release = threading.Event()

    def first() -> None:
        with turns.turn():
            inside.set()
            release.wait(10)
            order.append(0)

    def later(n: int) -> None:
        with turns.turn():
            order.append(n)

    holder = threading.Thread(target=first)
    holder.start()
    inside.wait(10)
    waiting = []
    for n in range(1, 9):
        thread = threading.Thread(target=later, args=(n,))
        thread.start()
        waiting.append(thread)
        # each asks only once the one before is waiting for its turn
        deadline = time.monotonic() + 10
        while turns._next_ticket != n + 1 and time.monotonic() < deadline:
            time.sleep(0.001)
    release.set()
    for thread in [holder, *waiting]:
        thread.join(10)
    assert order == list(range(9))


def test_a_check_that_fails_still_hands_on_its_turn():
    turns = InTurn()
    try:
        with turns.turn():
            raise ValueError("the check failed")
    except ValueError:
        pass
    finished = threading.Event()

    def next_check() -> None:
        with turns.turn():
            finished.set()

    threading.Thread(target=next_check).start()
    assert finished.wait(5)
