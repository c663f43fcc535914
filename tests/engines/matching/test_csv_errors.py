"""Bad CSV rows give an error naming the file, line and column, and exit code 2."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from phalang.engines.matching import validate_requests, validate_volunteers
from phalang.engines.matching.cli import main

REQUESTS = (
    "id,lat,lon,urgency,need,people,waiting_hours,skills_required,vehicle_required\n"
    "r1,13.75,100.50,3,food,4,2.5,first_aid|boat,car\n"
    "r2,13.76,100.51,1,น้ำดื่ม,1,0,,none\n"
)
VOLUNTEERS = (
    "id,lat,lon,radius_km,capacity,skills,vehicle\nv1,13.75,100.52,10,2,first_aid|boat,pickup\n"
)


def _run(tmp_path: Path, requests: str, volunteers: str = VOLUNTEERS) -> tuple[int, str]:
    (tmp_path / "requests.csv").write_text(requests, encoding="utf-8")
    (tmp_path / "volunteers.csv").write_text(volunteers, encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(
            [
                "match",
                "--requests",
                str(tmp_path / "requests.csv"),
                "--volunteers",
                str(tmp_path / "volunteers.csv"),
                "--json",
            ]
        )
    return code, err.getvalue()


def test_good_files_pass(tmp_path: Path) -> None:
    assert _run(tmp_path, REQUESTS)[0] == 0


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        ("r3,north,100.5,2,food,1,0,,none", "lat", "not a number"),
        ("r3,13.7,100.5,5,food,1,0,,none", "urgency", "outside 1..4"),
        ("r3,13.7,100.5,2,food,1,0,,tractor", "vehicle_required", "unknown vehicle"),
        ("r3,95,100.5,2,food,1,0,,none", "lat", "outside -90..90"),
        ("r3,13.7,100.5,2,food,0,0,,none", "people", "at least 1"),
        ("r3,13.7,100.5,2,food,1,-3,,none", "waiting_hours", "negative"),
        ("r1,13.7,100.5,2,food,1,0,,none", "id", "duplicate id"),
        (",13.7,100.5,2,food,1,0,,none", "id", "is empty"),
    ],
)
def test_bad_request_row_names_file_line_and_column(
    tmp_path: Path, row: str, column: str, words: str
) -> None:
    code, err = _run(tmp_path, REQUESTS + row + "\n")
    assert code == 2
    assert "requests.csv, line 4, column " + repr(column) in err
    assert words in err


def test_bad_volunteer_row(tmp_path: Path) -> None:
    code, err = _run(tmp_path, REQUESTS, VOLUNTEERS + "v2,13.7,100.5,-4,1,,car\n")
    assert code == 2
    assert "volunteers.csv, line 3, column 'radius_km'" in err


def test_missing_column_is_reported_on_the_header_line(tmp_path: Path) -> None:
    code, err = _run(tmp_path, "id,lat,lon\nr1,13.7,100.5\n")
    assert code == 2
    assert "requests.csv, line 1, column 'urgency': missing column" in err


def test_missing_file_exits_2(tmp_path: Path) -> None:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(
            [
                "match",
                "--requests",
                str(tmp_path / "nope.csv"),
                "--volunteers",
                str(tmp_path / "nope2.csv"),
            ]
        )
    assert code == 2
    assert "cannot read" in err.getvalue()


def test_validation_reports_every_bad_row_and_keeps_the_good_ones() -> None:
    text = REQUESTS + "r3,x,100.5,2,,1,0,,\nr4,13.7,100.5,9,,1,0,,\nr5,13.7,100.5,2,,1,0,,van\n"
    good, errors = validate_requests(io.StringIO(text), name="upload.csv")
    assert [r.id for r in good] == ["r1", "r2", "r5"]
    assert [(e.line, e.column) for e in errors] == [(4, "lat"), (5, "urgency")]
    assert str(errors[0]).startswith("upload.csv, line 4, column 'lat'")
    assert good[0].skills_required == frozenset({"first_aid", "boat"})
    assert good[1].need == "น้ำดื่ม"
    volunteers, errors = validate_volunteers(io.StringIO(VOLUNTEERS), name="v.csv")
    assert errors == [] and volunteers[0].capacity == 2


def test_bad_stop_window(tmp_path: Path) -> None:
    (tmp_path / "stops.csv").write_text(
        "id,lat,lon,demand,urgency,window_start,window_end,service_minutes\n"
        "s1,16.4,102.8,3,2,10:00,09:00,5\n",
        encoding="utf-8",
    )
    (tmp_path / "vehicles.csv").write_text(
        "id,capacity,hub_lat,hub_lon\nt1,20,16.43,102.82\n", encoding="utf-8"
    )
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(
            [
                "route",
                "--stops",
                str(tmp_path / "stops.csv"),
                "--vehicles",
                str(tmp_path / "vehicles.csv"),
            ]
        )
    assert code == 2
    assert "stops.csv, line 2, column 'window_end'" in err.getvalue()
