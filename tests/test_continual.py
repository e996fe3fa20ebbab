"""Continual assessment: new files load as they arrive, bad ones are set aside, figures move."""

import shutil

from conftest import POLICE_UK, write

from openpeel.continual import Watcher


def test_files_arriving_move_the_figures(store, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    watcher = Watcher(inbox, store, force_id="city-of-london")
    assert not watcher.cycle().loaded  # nothing yet
    for month in ("01", "02"):
        shutil.copy(POLICE_UK / f"2016-{month}-city-of-london-stop-and-search.csv", inbox)
    first = watcher.cycle()
    assert sorted(o.rows for o in first.loaded) == [102, 150]
    searches = {m.indicator_id: m for m in first.moved}["stop_search.searches"]
    assert (searches.before, searches.after) == (None, 150 + 102)  # the (partial) year ending February
    assert not watcher.cycle().loaded  # nothing new: nothing read, nothing moved

    write(inbox / "2016-03-city-of-london-stop-and-search.csv", "Type,Date\nnonsense\n")
    shutil.copy(POLICE_UK / "2016-04-city-of-london-stop-and-search.csv", inbox)
    third = watcher.cycle()
    assert [p.name for p in third.refused] == ["2016-03-city-of-london-stop-and-search.csv"]
    assert [o.rows for o in third.loaded] == [108]  # the good file still loads
    assert not watcher.cycle().refused  # a refused file is reported once, until it changes


def test_watch_rewrites_the_report_when_data_arrives(cli, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(POLICE_UK / "2016-05-city-of-london-stop-and-search.csv", inbox)
    out = tmp_path / "report"
    result = cli(
        "watch", str(inbox), "--force", "city-of-london", "--cycles", "1", "--interval", "0", "--report", str(out)
    )
    assert result.exit_code == 0, result.output
    assert "loaded 99 rows into stop_search" in result.output and "report rewritten" in result.output
    assert "99" in (out / "report.html").read_text(encoding="utf-8")
    assert cli("watch", str(inbox), "--report", str(out), "--cycles", "1").exit_code == 2  # --report needs --force


def test_a_file_with_a_repeated_record_is_set_aside(store, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write(
        inbox / "stop_search_records.csv",
        "search_ref,searched_at,search_type,object_of_search,reasonable_grounds_recorded,supervisor_reviewed,"
        "officer_ref\nS1,2025-03-01T10:00:00,person,drugs,true,true,PC1\nS1,2025-03-02T10:00:00,person,drugs,true,true,PC1\n",
    )
    cycle = Watcher(inbox, store, ingest_force="northamptonshire-demo").cycle()
    (problem,) = cycle.refused.values()
    assert "appears again in row 3" in str(problem) and not cycle.loaded
