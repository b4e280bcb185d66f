"""`fixloop bench load`: reading locust's CSV output into the per-endpoint table."""

from fixloop.ops.loadbench import _failures, _read

HEADER = (
    "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,"
    "Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
    "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%\n"
)


def test_read_keeps_endpoints_and_totals_and_leaves_setup_out(tmp_path):
    stats = tmp_path / "load_stats.csv"
    stats.write_text(
        HEADER
        + "GET,portal: my orders,85,1,20,25,5,90,1000,1.45,0.01,20,22,24,25,30,40,60,70,90,90,90\n"
        + "GET,API order list (setup),6,0,600,600,500,700,1000,0.1,0,600,600,600,600,600,600,600,600,600,600,600\n"
        + "POST,sign in,6,0,600,600,500,700,1000,0.1,0,600,600,600,600,600,600,600,600,600,600,600\n"
        + ",Aggregated,97,1,30,40,5,700,1000,1.6,0.01,30,30,30,30,30,600,600,600,700,700,700\n"
    )
    rows, total = _read(stats)
    assert rows == [["portal: my orders", 85, 1.45, 20.0, 40.0, 70.0, 1]]
    assert total == (97, 1)


def test_failures_are_listed_one_line_each(tmp_path):
    assert _failures(tmp_path / "absent.csv") == []
    failures = tmp_path / "load_failures.csv"
    failures.write_text(
        "Method,Name,Error,Occurrences\nPOST,API: transition,HTTPError('409 Client Error'),2\n"
    )
    assert _failures(failures) == ["error: POST API: transition: HTTPError('409 Client Error') ×2"]
