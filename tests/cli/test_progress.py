"""The plain progress lines printed when results are computed without a terminal."""

from __future__ import annotations

from openpeel.cli import progress


def test_no_time_left_is_guessed_from_the_first_indicators(monkeypatch, capsys):
    clock = iter([0.0, 18.0, 29.0, 45.0])  # started, then three calls, as in a demo build
    monkeypatch.setattr(progress.time, "monotonic", lambda: next(clock))
    log = progress._log_results()
    log(1, 173, None)  # 1 of 173 after 18 s: the set-up is in it, so no estimate
    log(110, 173, None)  # 63 left at 29/110 s each: 16.6 s
    log(173, 173, None)
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "results: 1/173 indicators computed, 18 s, time left not known yet",
        "results: 110/173 indicators computed, 29 s, about 17 s left",
        "results: 173/173 indicators computed, 45 s, about 0 s left",
    ]


def test_a_tenth_done_is_enough_for_an_estimate():
    assert progress._time_left(17, 173, 10.0) == "time left not known yet"
    assert progress._time_left(18, 173, 9.0) == "about 78 s left"  # 155 left at 0.5 s each (77.5, rounded half to even)
    assert progress._time_left(1, 1, 3.0) == "about 0 s left"
