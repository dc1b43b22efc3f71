"""Writes handed in by several threads at once are made in one batch, each thread answered with
its own result only once its batch is written."""

from __future__ import annotations

import threading
import time

import pytest

from vidmock.workers.group_commit import GroupCommit


def wait_for(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.001)


class HeldWrites:
    """A `write` whose first batch waits until `release`; it answers each item doubled."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.writing = threading.Event()
        self.release = threading.Event()

    def __call__(self, items: list[int]) -> list[int]:
        if not self.batches:
            self.writing.set()
            assert self.release.wait(10)
        self.batches.append(list(items))
        return [2 * item for item in items]


def submit_in_thread(group: GroupCommit, item: int, answers: dict) -> threading.Thread:
    def run() -> None:
        try:
            answers[item] = group.submit(item)
        except Exception as exc:  # handed back to the test to assert on
            answers[item] = exc

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_writes_handed_in_while_one_is_written_go_in_the_next_batch_together():
    writes = HeldWrites()
    group = GroupCommit(writes)
    answers: dict[int, int] = {}
    threads = [submit_in_thread(group, 1, answers)]
    assert writes.writing.wait(10)
    threads += [submit_in_thread(group, item, answers) for item in (2, 3, 4, 5)]
    # All four wait behind the first write before it is let go.
    wait_for(lambda: len(group._waiting) == 4)
    assert answers == {}
    writes.release.set()
    for thread in threads:
        thread.join(10)
    assert writes.batches[0] == [1]
    assert sorted(writes.batches[1]) == [2, 3, 4, 5] and len(writes.batches) == 2
    assert answers == {1: 2, 2: 4, 3: 6, 4: 8, 5: 10}


def test_a_failed_batch_fails_every_write_in_it_and_the_next_batch_is_written():
    writes = HeldWrites()
    failing = {"on": True}

    def write(items: list[int]) -> list[int]:
        answered = writes(items)
        if failing["on"] and len(items) > 1:
            raise RuntimeError("the store is gone")
        return answered

    group = GroupCommit(write)
    answers: dict[int, object] = {}
    threads = [submit_in_thread(group, 1, answers)]
    assert writes.writing.wait(10)
    threads += [submit_in_thread(group, item, answers) for item in (2, 3)]
    wait_for(lambda: len(group._waiting) == 2)
    writes.release.set()
    for thread in threads:
        thread.join(10)
    assert answers[1] == 2
    assert [str(answers[item]) for item in (2, 3)] == ["the store is gone"] * 2
    failing["on"] = False
    assert group.submit(7) == 14


def test_a_write_alone_is_written_at_once():
    batches: list[list[str]] = []

    def write(items: list[str]) -> list[str]:
        batches.append(items)
        return [item.upper() for item in items]

    group = GroupCommit(write)
    assert [group.submit("a"), group.submit("b")] == ["A", "B"]
    assert batches == [["a"], ["b"]]


def test_a_write_that_answers_too_few_results_is_an_error_for_its_batch():
    group = GroupCommit(lambda items: [])
    with pytest.raises(ValueError):
        group.submit(1)
